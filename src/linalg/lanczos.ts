import { engineOr } from "../init.js";
import type { EigenEstimate, GramEigenOptions } from "./eigen-estimate.js";
import { powerOfTwoExponent, writeScaled } from "./power-of-two-scale.js";
import { lanczosIterate, lanczosStartVector } from "./lanczos-driver.js";
import { checkIntIn, checkMatrix, checkPositive } from "./validate-matrix.js";
import { sizesOk } from "./workspace-size.js";
import { argArray, argInt, argObject } from "../check-args.js";
import { InvalidArgumentError } from "../errors.js";

export type { EigenEstimate, GramEigenOptions } from "./eigen-estimate.js";

/**
 * lanczosTopGram's f64 workspace (docs/design.md §3) on an n×d X with a Krylov
 * limit kmax: X, kmax + 1 basis vectors of length d, w (d), a temporary (n),
 * 2 outputs.
 */
function lanczosTopGramWorkspaceCount(n: number, d: number, kmax: number): number {
  if (!sizesOk(n, d, kmax)) return NaN;
  return n * d + (kmax + 2) * d + n + 2;
}

/**
 * λ_max(XᵀX) by Lanczos with full reorthogonalisation (docs/design.md §3,
 * "Sharpness"), X row-major n×d, touching X only through gemv and gemvT.
 * Each step is one wasm call (assembly/linalg/lanczos.ts), driven by the
 * library's one Lanczos loop (src/linalg/lanczos-driver.ts: start vector,
 * tridiagonal solve, convergence and breakdown tests shared with lanczosTop),
 * so results are bit-identical across backends. The residual is the standard bound
 * |β_k·z_k| = ‖XᵀX·u − θu‖ for the Ritz pair (θ, u). Defaults:
 * maxIter = min(n + 1, d, 300), tol = 1e-10.
 *
 * @example
 * const { value, residual } = lanczosTopGram(X, 50, 200); // ≈ σ_max(X)²
 * @category Linear algebra
 */
export function lanczosTopGram(X: Float64Array, n: number, d: number, opts: GramEigenOptions = {}): EigenEstimate {
  argArray("lanczosTopGram", "X", X); argInt("lanczosTopGram", "n", n); argInt("lanczosTopGram", "d", d); argObject("lanczosTopGram", "opts", opts, true);
  checkMatrix("X", X, n, d);
  // The Krylov space of a start vector has dimension ≤ rank(X) + 1 ≤ min(n, d) + 1 (its null-space part counts once).
  const maxIter = opts.maxIter ?? Math.max(1, Math.min(n + 1, d, 300));
  checkIntIn("maxIter", maxIter, 1, 1e6);
  const tol = opts.tol ?? 1e-10;
  checkPositive("tol", tol);
  if (n === 0 || d === 0) return { value: 0, iterations: 0, residual: 0, matvecs: 0 };
  const kmax = Math.min(maxIter, d); // no more than d orthonormal vectors
  const engine = engineOr(opts.engine);
  engine.requireF64(lanczosTopGramWorkspaceCount(n, d, kmax), `lanczosTopGram on a ${n}×${d} X with a ${kmax}-vector basis`, "use a smaller problem or a smaller maxIter");
  return engine.scoped(() => {
    // Work on X·2^−e (exact; no overflow in XᵀX products); eigenvalues scale back by 2^2e.
    const e = powerOfTwoExponent(X);
    const px = engine.allocF64(n * d);
    writeScaled(engine.f64(), px >>> 3, X, e);
    const pV = engine.allocF64((kmax + 1) * d);
    const pw = engine.allocF64(d);
    const ptmp = engine.allocF64(n);
    const pout = engine.allocF64(2);
    engine.write(pV, lanczosStartVector(d));
    // One step = one core call, which also writes v_{j+1} into the basis: extend has nothing left to do.
    const run = lanczosIterate(
      {
        step: (j) => {
          const beta = engine.exports.lanczosGramStep(n, d, px, pV, j, pw, ptmp, pout);
          return { alpha: engine.f64()[pout >>> 3], beta };
        },
        extend: () => {},
      },
      { k: 1, tol, maxIter: kmax },
    );
    const top = run.top[0];
    const value = run.ritz.values[top], residual = Math.abs(run.beta * run.ritz.lastRow[top]), iterations = run.alphas.length;
    const back = 2 ** (2 * e);
    return { value: value * back, iterations, residual: residual * back, matvecs: iterations };
  });
}

/**
 * lanczosTopGramWorkspace, checked (docs/design.md §3): the same f64 count, but sizes that are not non-negative integers are an
 * InvalidArgumentError rather than NaN. (eoslab's own entry points use the unchecked count, whose NaN defers the
 * report to their own validation.)
 * @example
 * lanczosTopGramWorkspace(50, 200, 60) * 8; // bytes for lanczosTopGram(X, 50, 200)
 * @category Memory
 */
export function lanczosTopGramWorkspace(n: number, d: number, kmax: number): number {
  argInt("lanczosTopGramWorkspace", "n", n); argInt("lanczosTopGramWorkspace", "d", d); argInt("lanczosTopGramWorkspace", "kmax", kmax);
  const count = lanczosTopGramWorkspaceCount(n, d, kmax);
  if (!Number.isFinite(count)) throw new InvalidArgumentError(`lanczosTopGramWorkspace: the sizes must be non-negative integers (and the options valid), got ${JSON.stringify([n, d, kmax])}`);
  return count;
}
