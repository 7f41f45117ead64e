// Documented starting points near M for deep scalar factorisation (docs/design.md §1, §3 "Start off M").
import { argArray, argInt, argNumber } from "../check-args.js";
import { portableExp, portableHypot, portablePow } from "../linalg/portable-math.js";

/**
 * The five directions of the paper reproduction's starts: zero-sum vectors
 * u (so x = |y|^{1/p}·exp(u) lies on M: Πx = |y|), of lengths 0.30, 0.35,
 * 0.40, 0.45, 0.50. On M near the balanced point λ ≈ p|y|^{2−2/p}(1 + 2‖u‖²/p…),
 * so for p = 5, y = 1 these give λ(x) ≈ 5.2 to 5.6: above 2/0.39 ≈ 5.128, as
 * the subcritical figure needs (ηλ(θ∥₀) > 2).
 */
export const PAPER_START_DIRECTIONS: readonly (readonly number[])[] = [
  [1, -1, 0, 0, 0],
  [2, -1, -1, 0, 0],
  [1, 1, -1, -1, 0],
  [3, -1, -1, -1, 0],
  [1, 2, -3, 1, -1],
];
export const PAPER_START_LENGTHS = [0.3, 0.35, 0.4, 0.45, 0.5] as const;
/** Distance off M along the normal n(x) = ∇f/‖∇f‖: a run started exactly on M can sit still in floating point (docs/design.md §3). */
export const START_OFFSET = 0.01;

/**
 * A point near M for f = Πθᵢ = y: x = |y|^{1/p}·exp(u) (first coordinate's
 * sign flipped when y < 0, so Πx = y), moved by `offset` along n(x).
 * @example
 * startNearM([0.2, -0.1, 0, -0.05, -0.05], 1); // Σu = 0 puts exp(u) on M; then 0.01 off it along n
 * @category Experiments
 */
export function startNearM(u: ArrayLike<number>, y: number, offset = START_OFFSET): Float64Array {
  argArray("startNearM", "u", u); argNumber("startNearM", "y", y); argNumber("startNearM", "offset", offset);
  const p = u.length;
  // Portable pow and exp: a start is a trajectory input, the same bits in Node and the browser.
  const c = portablePow(Math.abs(y), 1 / p);
  const x = Float64Array.from(u, (ui) => c * portableExp(ui));
  if (y < 0) x[0] = -x[0];
  const g = new Float64Array(p);
  let gn = 0;
  for (let i = 0; i < p; i++) { let s = 1; for (let j = 0; j < p; j++) if (j !== i) s *= x[j]; g[i] = s; gn += s * s; }
  gn = Math.sqrt(gn);
  for (let i = 0; i < p; i++) x[i] += offset * g[i] / gn;
  return x;
}

/**
 * The five paper starts for p = 5 (docs/design.md §1), y given (1 in the paper).
 * @example
 * paperStarts(); // the paper's starting points for depth 5, y = 1
 * @category Experiments
 */
export function paperStarts(y = 1): Float64Array[] {
  argNumber("paperStarts", "y", y);
  return PAPER_START_DIRECTIONS.map((w, k) => {
    const n = portableHypot(w);
    return startNearM(w.map((wi) => (wi / n) * PAPER_START_LENGTHS[k]), y);
  });
}

/**
 * Default start of `eoslab run` when no --init is given. Depth 2 with y = 1:
 * docs/design.md §1's check point (1.8, 1/1.8 + 0.02). Otherwise a point near M:
 * u = 0.35·(1, −1, 0, …)/√2 (unbalanced, so λ(θ∥₀) > λ*), 0.01 off M along
 * the normal.
 * @example
 * defaultStart(5, 1); // a start near M for deepScalar({ depth: 5 })
 * @category Experiments
 */
export function defaultStart(depth: number, y: number): Float64Array {
  argInt("defaultStart", "depth", depth); argNumber("defaultStart", "y", y);
  if (depth === 2 && y === 1) return Float64Array.from([1.8, 1 / 1.8 + 0.02]);
  const u = new Array(depth).fill(0);
  u[0] = 0.35 / Math.SQRT2;
  u[1] = -0.35 / Math.SQRT2;
  return startNearM(u, y);
}
