import type { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import { engineOr } from "../init.js";
import { checkFiniteArray, checkIntIn, checkMatrix, checkPositive } from "../linalg/validate-matrix.js";
import { sizesOk } from "../linalg/workspace-size.js";
import { argArray, argInt, argObject } from "../check-args.js";

/** The largest step count one wasm call takes (steps are i32 in the core). */
export const MAX_GD_STEPS = 2 ** 31 - 2;

/**
 * Options of {@link gdLinear}: step size, step count, recording and start.
 *
 * @category Data-model runs
 */
export interface GdLinearOptions {
  /** Learning rate η > 0. */
  eta: number;
  /** N, the number of GD updates to run. */
  steps: number;
  /** Record every k-th step (k ≥ 1). Default: 1 up to 10⁴ steps, else ⌈N/10⁴⌉ (about 10⁴ records). */
  recordEvery?: number;
  /** θ₀ (d values). Default: zeros. */
  theta0?: ArrayLike<number>;
  engine?: Engine;
}

/**
 * What {@link gdLinear} returns: the recorded losses, the final θ and a summary.
 *
 * @category Data-model runs
 */
export interface GdLinearResult {
  /** Final θ: θ_N, or the last finite state if the run went non-finite. */
  theta: Float64Array;
  /** Recorded step indices t: 0, k, 2k, …, and the last step run. */
  steps: Float64Array;
  /** ½‖Xθ_t − y‖² at those steps (θ_t = state after t updates). */
  loss: Float64Array;
  summary: {
    minLoss: number;
    maxLoss: number;
    /** Loss at step stepsRun. */
    lastLoss: number;
    /** Loss at step stepsRun − 1 (equal to lastLoss when stepsRun = 0). */
    prevLoss: number;
    /** First t with a non-finite loss (the run stops there), or null. */
    firstNonFiniteStep: number | null;
    /** The step of the returned θ: N, or firstNonFiniteStep − 1. */
    stepsRun: number;
  };
}

/** The record buffer needed for N steps recorded every k: the multiples of k, plus the last step. */
export function gdLinearRecordCapacity(steps: number, every: number): number {
  return Math.floor(steps / every) + 2;
}

/**
 * gdLinear's f64 workspace (docs/design.md §3) on an n×d X, N steps recorded
 * every k: X, y, θ, two spare θ (the one-pass loop keeps θ_{t−1}, θ_t and
 * θ_{t+1}), the residual, two record columns of ⌊N/k⌋ + 2 and an 8-value summary.
 */
function gdLinearWorkspaceCount(n: number, d: number, steps: number, recordEvery: number): number {
  if (!sizesOk(n, d, steps) || !Number.isSafeInteger(recordEvery) || recordEvery < 1) return NaN;
  return n * d + 2 * n + 3 * d + 2 * gdLinearRecordCapacity(steps, recordEvery) + 8;
}

/**
 * Runs N steps of GD on linear least squares ℓ(θ) = ½‖Xθ − y‖² (docs/design.md §5),
 * X row-major n×d, in one call into the core. Memory is O(d + n + N/k).
 * Divergence is a result: the run stops at the first non-finite loss and
 * reports it in `summary.firstNonFiniteStep`.
 *
 * @example
 * await init();
 * const r = gdLinear(X, y, 50, 200, { eta: 0.9 / lambdaMax, steps: 10000, recordEvery: 100 });
 * r.summary.lastLoss; // ½‖Xθ₁₀₀₀₀ − y‖²
 * @category Data-model runs
 */
export function gdLinear(X: Float64Array, y: Float64Array, n: number, d: number, opts: GdLinearOptions): GdLinearResult {
  argArray("gdLinear", "X", X); argArray("gdLinear", "y", y); argInt("gdLinear", "n", n); argInt("gdLinear", "d", d); argObject("gdLinear", "opts", opts);
  // Scalar options first, so a bad η/steps/recordEvery is named as such and not as a memory shortfall.
  checkPositive("eta", opts.eta);
  checkIntIn("steps", opts.steps, 0, MAX_GD_STEPS);
  if (opts.recordEvery !== undefined) checkIntIn("recordEvery", opts.recordEvery, 1, MAX_GD_STEPS);
  // A problem wasm32 cannot hold fails here, before anything is validated at length or allocated (docs/design.md §3).
  const ws = gdLinearWorkspaceCount(n, d, opts.steps, opts.recordEvery ?? (opts.steps <= 10000 ? 1 : Math.ceil(opts.steps / 10000)));
  engineOr(opts.engine).requireF64(ws, `gdLinear on ${n}×${d}`, "use a smaller problem, or record less often (recordEvery)");
  checkMatrix("X", X, n, d);
  checkFiniteArray("y", y, n);
  checkPositive("eta", opts.eta);
  checkIntIn("steps", opts.steps, 0, MAX_GD_STEPS);
  const steps = opts.steps;
  const every = opts.recordEvery ?? (steps <= 10000 ? 1 : Math.ceil(steps / 10000));
  checkIntIn("recordEvery", every, 1, MAX_GD_STEPS);
  if (opts.theta0 !== undefined) checkFiniteArray("theta0", opts.theta0, d);
  const engine = engineOr(opts.engine);
  const cap = gdLinearRecordCapacity(steps, every);
  return engine.scoped(() => {
    const px = engine.copyIn(X);
    const py = engine.copyIn(y);
    const pTheta = engine.allocF64(d);
    const pSpare = engine.allocF64(d);
    const pSpare2 = engine.allocF64(d);
    const pR = engine.allocF64(n);
    const pRecStep = engine.allocF64(cap);
    const pRecLoss = engine.allocF64(cap);
    const pSummary = engine.allocF64(8);
    const h = engine.f64();
    if (opts.theta0 !== undefined) h.set(opts.theta0, pTheta >>> 3);
    else h.fill(0, pTheta >>> 3, (pTheta >>> 3) + d);
    const recs = engine.exports.gdLinearRun(
      n, d, opts.eta, px, py, pTheta, pSpare, pR, steps, every, pRecStep, pRecLoss, pSummary, pSpare2, 0,
    );
    const s = engine.read(pSummary, 7);
    if (s[4] === 0) {
      throw new InvalidArgumentError("the loss at θ₀ is not finite (entries of X, y or theta0 too large); rescale the problem");
    }
    return {
      theta: engine.read(pTheta, d),
      steps: engine.read(pRecStep, recs),
      loss: engine.read(pRecLoss, recs),
      summary: {
        minLoss: s[0],
        maxLoss: s[1],
        lastLoss: s[2],
        prevLoss: s[3],
        firstNonFiniteStep: s[4] < 0 ? null : s[4],
        stepsRun: s[5],
      },
    };
  });
}

/**
 * gdLinearWorkspace, checked (docs/design.md §3): the same f64 count, but sizes that are not non-negative integers are an
 * InvalidArgumentError rather than NaN. (eoslab's own entry points use the unchecked count, whose NaN defers the
 * report to their own validation.)
 * @example
 * gdLinearWorkspace(50, 200, 10_000, 100) * 8; // bytes of wasm memory gdLinear will use
 * @category Memory
 */
export function gdLinearWorkspace(n: number, d: number, steps: number, recordEvery: number): number {
  argInt("gdLinearWorkspace", "n", n); argInt("gdLinearWorkspace", "d", d); argInt("gdLinearWorkspace", "steps", steps); argInt("gdLinearWorkspace", "recordEvery", recordEvery);
  const count = gdLinearWorkspaceCount(n, d, steps, recordEvery);
  if (!Number.isFinite(count)) throw new InvalidArgumentError(`gdLinearWorkspace: the sizes must be non-negative integers (and the options valid), got ${JSON.stringify([n, d, steps, recordEvery])}`);
  return count;
}
