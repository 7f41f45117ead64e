import { engineOr } from "../init.js";
import type { EigenEstimate, GramEigenOptions } from "./eigen-estimate.js";
import { powerOfTwoExponent, writeScaled } from "./power-of-two-scale.js";
import { krylovStartVector } from "./start-vector.js";
import { checkIntIn, checkMatrix, checkPositive } from "./validate-matrix.js";
import { sizesOk } from "./workspace-size.js";
import { argArray, argInt, argObject } from "../check-args.js";
import { InvalidArgumentError } from "../errors.js";

export type { EigenEstimate, GramEigenOptions } from "./eigen-estimate.js";

/**
 * powerIterationGram's f64 workspace (docs/design.md §3) on an n×d X: X, three
 * vectors of length d, a temporary (n), 2 outputs.
 */
function powerIterationGramWorkspaceCount(n: number, d: number): number {
  if (!sizesOk(n, d)) return NaN;
  return n * d + 3 * d + n + 2;
}

/**
 * λ_max(XᵀX) by power iteration (docs/design.md §3, "Sharpness"), X row-major n×d,
 * the whole loop in one wasm call (assembly/linalg/power-iteration.ts). The
 * value is the Rayleigh quotient of the last iterate and the residual is
 * ‖XᵀXv − λv‖. Slower than Lanczos when the top gap is small; kept as the
 * simple cross-check. Defaults: maxIter = 10000, tol = 1e-10.
 * @example
 * await init();
 * const { value } = powerIterationGram(X, n, d); // ≈ λ_max(XᵀX)
 * @category Linear algebra
 */
export function powerIterationGram(X: Float64Array, n: number, d: number, opts: GramEigenOptions = {}): EigenEstimate {
  argArray("powerIterationGram", "X", X); argInt("powerIterationGram", "n", n); argInt("powerIterationGram", "d", d); argObject("powerIterationGram", "opts", opts, true);
  checkMatrix("X", X, n, d);
  const maxIter = opts.maxIter ?? 10000;
  checkIntIn("maxIter", maxIter, 1, 2 ** 31 - 1);
  const tol = opts.tol ?? 1e-10;
  checkPositive("tol", tol);
  if (n === 0 || d === 0) return { value: 0, iterations: 0, residual: 0, matvecs: 0 };
  const engine = engineOr(opts.engine);
  engine.requireF64(powerIterationGramWorkspaceCount(n, d), `powerIterationGram on a ${n}×${d} X`);
  return engine.scoped(() => {
    const e = powerOfTwoExponent(X); // as in lanczosTopGram: exact scaling, no overflow
    const px = engine.allocF64(n * d);
    writeScaled(engine.f64(), px >>> 3, X, e);
    const pv = engine.copyIn(krylovStartVector(d));
    const pw = engine.allocF64(d), pu = engine.allocF64(d), ptmp = engine.allocF64(n), pout = engine.allocF64(2);
    const it = engine.exports.powerGram(n, d, px, pv, pw, pu, ptmp, maxIter, tol, pout);
    const out = engine.read(pout, 2);
    const back = 2 ** (2 * e);
    return { value: out[0] * back, iterations: it, residual: out[1] * back, matvecs: it };
  });
}

/**
 * powerIterationGramWorkspace, checked (docs/design.md §3): the same f64 count, but sizes that are not non-negative integers are an
 * InvalidArgumentError rather than NaN. (eoslab's own entry points use the unchecked count, whose NaN defers the
 * report to their own validation.)
 * @example
 * powerIterationGramWorkspace(50, 200) * 8; // bytes for powerIterationGram(X, 50, 200)
 * @category Memory
 */
export function powerIterationGramWorkspace(n: number, d: number): number {
  argInt("powerIterationGramWorkspace", "n", n); argInt("powerIterationGramWorkspace", "d", d);
  const count = powerIterationGramWorkspaceCount(n, d);
  if (!Number.isFinite(count)) throw new InvalidArgumentError(`powerIterationGramWorkspace: the sizes must be non-negative integers (and the options valid), got ${JSON.stringify([n, d])}`);
  return count;
}
