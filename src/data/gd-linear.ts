import type { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import { engineOr } from "../init.js";
import { checkFiniteArray, checkIntIn, checkMatrix, checkPositive } from "../linalg/validate-matrix.js";
import { sizesOk } from "../linalg/workspace-size.js";
import { argArray, argInt, argObject, argString } from "../check-args.js";
import { runGdLinearThreads, threadsUnavailable, type GdThreadsJob, type GdThreadsOutcome } from "./gd-linear-threads.js";

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
  /**
   * Where the loop runs (docs/engine.md, "Linear GD in residual space"). "parameter": θ ← θ − η·Xᵀ(Xθ − y), 4nd
   * flops a step, bit-identical on every backend to the plain loop's order. "residual": r ← r − η·K·r with
   * K = XXᵀ built once (n²d flops), 2n² flops a step, θ rebuilt from the sum of the residuals at the end; it agrees
   * with the parameter loop to a documented tolerance, not bit for bit. "auto" (default): "residual" when n < d, K
   * fits in memory and the steps save more than K costs; else "parameter".
   */
  space?: "auto" | "parameter" | "residual";
  /**
   * Threads (docs/engine.md, "Two threads for one large trajectory"): 2 runs the trajectory on two workers sharing
   * one wasm memory, bit-identical to one thread: in the parameter loop rows split for r = Xθ − y and columns for the
   * update; in the residual loop rows of K = XXᵀ (K is built first, on the calling thread). 1 never does; "auto"
   * (default) takes 2 when the run is large enough to gain (the matrix read each step, X or K, has at least
   * {@link GD_THREADS_MIN_ELEMENTS} entries, and entries × N is at least {@link GD_THREADS_MIN_WORK} for X, 10⁹ for
   * K) and the engine is the SIMD one. With `space: "auto"`, `threads: 2` takes the parameter loop. Where shared memory or workers are
   * unavailable (a browser page without cross-origin isolation; any browser thread for the synchronous gdLinear,
   * which {@link gdLinearAsync} runs on two threads) the run falls back to one thread and `result.threadsNote` says
   * why.
   */
  threads?: "auto" | 1 | 2;
  engine?: Engine;
}

/**
 * The smallest n·d that "auto" runs on two threads: below it the two barriers per step (tens of µs each, far more
 * when the machine is busy) cost more than half a step saves. Measured on a quiet machine (docs/benchmark.md, "Two
 * threads", round 6): ×1.07 (0.90–1.10) at 200×1000, ×1.21 at 500×2000 (10⁶), ×1.31–1.52 at 1000×4000, ×1.19 at
 * 1400×5600, ×1.34 at 2000×8000. On a machine whose other core is busy two threads lose at every size.
 *
 * @category Data-model runs
 */
export const GD_THREADS_MIN_ELEMENTS = 1_000_000;

/**
 * The smallest n·d·N that "auto" runs on two threads: starting two workers and copying X into shared memory costs
 * about 0.1 s (more for a large X), which N steps must win back. Measured in docs/benchmark.md ("Two threads"):
 * 30 steps at 1000×4000 (n·d·N = 1.2·10⁸) lose (×0.57–0.99), 100 steps (4·10⁸) gain.
 *
 * @category Data-model runs
 */
export const GD_THREADS_MIN_WORK = 4e8;

/**
 * What {@link gdLinear} returns: the recorded losses, the final θ and a summary.
 *
 * @category Data-model runs
 */
export interface GdLinearResult {
  /** Final θ: θ_N, or the last finite state if the run went non-finite. */
  theta: Float64Array;
  /** The loop that ran: "parameter" or "residual" (see {@link GdLinearOptions.space}). */
  space: "parameter" | "residual";
  /** How many threads ran the trajectory: 2 (two workers on shared memory) or 1 (see {@link GdLinearOptions.threads}). */
  threads: 1 | 2;
  /** Why the run fell back to one thread when two were asked for or chosen, else absent. */
  threadsNote?: string;
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
 * The residual-space loop's f64 workspace: X, y, θ, K = XXᵀ (n²), its 4n work vector, the records and the summary.
 */
function gdLinearResidualWorkspaceCount(n: number, d: number, steps: number, recordEvery: number): number {
  if (!sizesOk(n, d, steps) || !Number.isSafeInteger(recordEvery) || recordEvery < 1) return NaN;
  return n * d + n * n + 5 * n + d + 2 * gdLinearRecordCapacity(steps, recordEvery) + 8;
}

/**
 * Whether the residual-space loop does less arithmetic than the parameter loop: building K (n²d multiply–adds by
 * symmetry) and rebuilding θ (2nd) must cost less than the 4nd − 2n² flops saved at each of the N steps.
 */
function residualPays(n: number, d: number, steps: number): boolean {
  return n > 0 && n < d && steps * (4 * n * d - 2 * n * n) > 2 * n * n * d + 4 * n * d;
}

/** Whether "auto" takes two threads for an n×d problem and N steps (the SIMD engine and availability aside). */
export function threadsPay(n: number, d: number, steps: number): boolean {
  const e = n * d;
  return e >= GD_THREADS_MIN_ELEMENTS && e * steps >= GD_THREADS_MIN_WORK;
}

/**
 * The smallest n²·N at which "auto" runs the residual loop on two threads. Its workers start after K = XXᵀ is built
 * and copied into shared memory, about 20–25 ms more than one thread's set-up at n = 700–1400, which the steps must
 * win back: per step two threads measured ×1.31 at n = 700, ×1.46–1.62 at n = 1000 and ×2.2 at n = 1400 and 2000
 * (docs/engine.md, "Two threads for one large trajectory"), so 1000 steps at n = 1000 gain about 50 ms.
 */
export const GD_RESIDUAL_THREADS_MIN_WORK = 1e9;

/** The same for the residual loop, whose step reads the n×n matrix K = XXᵀ. */
function residualThreadsPay(n: number, steps: number): boolean {
  const e = n * n;
  return e >= GD_THREADS_MIN_ELEMENTS && e * steps >= GD_RESIDUAL_THREADS_MIN_WORK;
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
  const plan = planGdLinear("gdLinear", X, y, n, d, opts);
  let threadsNote: string | undefined;
  if (plan.wantTwo) {
    threadsNote = threadsUnavailable();
    if (threadsNote === undefined) return gdLinearThreadsResult(runGdLinearThreads(plan.job), plan.space);
    threadsNote = `ran on one thread: ${threadsNote}`;
  }
  return gdLinearOneThread(plan, threadsNote);
}

/** A checked gdLinear call: the engine, the loop, the record plan and whether two threads are wanted. */
export interface GdLinearPlan {
  engine: Engine;
  space: "parameter" | "residual";
  /** Whether threads: 2 was asked for, or "auto" chose it (availability aside). */
  wantTwo: boolean;
  job: GdThreadsJob;
}

/**
 * Checks gdLinear's arguments (named after `fn`, the public entry point: gdLinear or gdLinearAsync) and plans the
 * run; every entry point goes through here, so they accept and refuse the same calls.
 */
export function planGdLinear(fn: string, X: Float64Array, y: Float64Array, n: number, d: number, opts: GdLinearOptions): GdLinearPlan {
  argArray(fn, "X", X); argArray(fn, "y", y); argInt(fn, "n", n); argInt(fn, "d", d); argObject(fn, "opts", opts);
  // Scalar options first, so a bad η/steps/recordEvery is named as such and not as a memory shortfall.
  checkPositive("eta", opts.eta);
  checkIntIn("steps", opts.steps, 0, MAX_GD_STEPS);
  if (opts.recordEvery !== undefined) checkIntIn("recordEvery", opts.recordEvery, 1, MAX_GD_STEPS);
  argString(fn, "opts.space", opts.space, true);
  const want = opts.space ?? "auto";
  const threadsOpt = opts.threads === undefined ? "auto" : opts.threads;
  if (threadsOpt !== "auto" && threadsOpt !== 1 && threadsOpt !== 2) {
    throw new InvalidArgumentError(`${fn}: threads must be "auto", 1 or 2, got ${JSON.stringify(opts.threads)}`);
  }
  if (want !== "auto" && want !== "parameter" && want !== "residual") {
    throw new InvalidArgumentError(`${fn}: space must be "auto", "parameter" or "residual", got ${JSON.stringify(opts.space)}`);
  }
  // A problem wasm32 cannot hold fails here, before anything is validated at length or allocated (docs/design.md §3).
  // "auto" takes the residual loop only where its n×n K fits as well.
  const steps = opts.steps;
  const every = opts.recordEvery ?? (steps <= 10000 ? 1 : Math.ceil(steps / 10000));
  const space: "parameter" | "residual" = want === "residual" || (want === "auto" && threadsOpt !== 2 && residualPays(n, d, steps)
    && engineOr(opts.engine).fitsF64(gdLinearResidualWorkspaceCount(n, d, steps, every))) ? "residual" : "parameter";
  const ws = space === "residual" ? gdLinearResidualWorkspaceCount(n, d, steps, every) : gdLinearWorkspaceCount(n, d, steps, every);
  engineOr(opts.engine).requireF64(ws, `${fn} on ${n}×${d}${space === "residual" ? " in residual space" : ""}`, "use a smaller problem, or record less often (recordEvery)");
  checkMatrix("X", X, n, d);
  checkFiniteArray("y", y, n);
  if (opts.theta0 !== undefined) checkFiniteArray("theta0", opts.theta0, d);
  const engine = engineOr(opts.engine);
  const cap = gdLinearRecordCapacity(steps, every);
  const pays = space === "parameter" ? threadsPay(n, d, steps) : residualThreadsPay(n, steps);
  const wantTwo = threadsOpt === 2 || (threadsOpt === "auto" && engine.kind === "simd" && pays);
  return { engine, space, wantTwo, job: { X, y, n, d, eta: opts.eta, steps, every, cap, theta0: opts.theta0, space } };
}

/** The result of a run on two threads. */
export function gdLinearThreadsResult(out: GdThreadsOutcome, space: "parameter" | "residual"): GdLinearResult {
  return resultFrom(space, 2, undefined, out.theta, out.steps, out.loss, out.summary);
}

/** A planned run on the calling thread, in the engine (`threadsNote`: why two threads were wanted but not used). */
export function gdLinearOneThread(plan: GdLinearPlan, threadsNote: string | undefined): GdLinearResult {
  const { engine, space, job: { X, y, n, d, eta, steps, every, cap, theta0 } } = plan;
  return engine.scoped(() => {
    // What both loops read and write: X, y, θ₀ (zeros when not given), the records and the summary.
    const px = engine.copyIn(X);
    const py = engine.copyIn(y);
    const pTheta = engine.allocF64(d);
    const pRecStep = engine.allocF64(cap);
    const pRecLoss = engine.allocF64(cap);
    const pSummary = engine.allocF64(8);
    const h = engine.f64();
    if (theta0 !== undefined) h.set(theta0, pTheta >>> 3);
    else h.fill(0, pTheta >>> 3, (pTheta >>> 3) + d);
    const ex = engine.exports;
    let recs: number;
    if (space === "residual") {
      // Residual space (docs/design.md §4, §5): K = XXᵀ built once by the blocked symmetric routine (the same bits as
      // n gemv calls), then r_{t+1} = r_t − η·K·r_t with the loss ½‖r_t‖² recorded from r_t itself. θ is returned
      // only at the end, so the core rebuilds it once there, θ_N = θ₀ − η·Xᵀ·Σ_{s<N} r_s (θ_{t−1} after a
      // non-finite loss).
      const pGram = engine.allocF64(n * n);
      const pWork = engine.allocF64(4 * n);
      ex.gramXXt(n, d, px, pGram, 0);
      recs = ex.linearResidualRun(n, d, eta, px, py, pGram, pTheta, pWork, steps, every, pRecStep, pRecLoss, pSummary);
    } else {
      // The one-pass loop keeps θ_{t−1}, θ_t and θ_{t+1}: three θ buffers.
      const pSpare = engine.allocF64(d);
      const pSpare2 = engine.allocF64(d);
      const pR = engine.allocF64(n);
      recs = ex.gdLinearRun(n, d, eta, px, py, pTheta, pSpare, pR, steps, every, pRecStep, pRecLoss, pSummary, pSpare2, 0);
    }
    return readResult(engine, space, pTheta, d, pRecStep, pRecLoss, recs, pSummary, threadsNote);
  });
}

/** The result of one whole-trajectory call, read back from the engine (both loops share the record layout). */
function readResult(
  engine: Engine, space: "parameter" | "residual", pTheta: number, d: number, pRecStep: number, pRecLoss: number, recs: number, pSummary: number,
  threadsNote?: string,
): GdLinearResult {
  return resultFrom(space, 1, threadsNote, engine.read(pTheta, d), engine.read(pRecStep, recs), engine.read(pRecLoss, recs), engine.read(pSummary, 7));
}

/** The result from the arrays a run leaves (the summary's 7 slots: assembly/trajectory/loss-recorder.ts). */
function resultFrom(
  space: "parameter" | "residual", threads: 1 | 2, threadsNote: string | undefined, theta: Float64Array, steps: Float64Array,
  loss: Float64Array, s: Float64Array,
): GdLinearResult {
  if (s[4] === 0) {
    throw new InvalidArgumentError("the loss at θ₀ is not finite (entries of X, y or theta0 too large); rescale the problem");
  }
  return {
    theta,
    space,
    threads,
    ...(threadsNote === undefined ? {} : { threadsNote }),
    steps,
    loss,
    summary: {
      minLoss: s[0],
      maxLoss: s[1],
      lastLoss: s[2],
      prevLoss: s[3],
      firstNonFiniteStep: s[4] < 0 ? null : s[4],
      stepsRun: s[5],
    },
  };
}

/**
 * gdLinearWorkspace, checked (docs/design.md §3): the same f64 count, but sizes that are not non-negative integers are an
 * InvalidArgumentError rather than NaN. (eoslab's own entry points use the unchecked count, whose NaN defers the
 * report to their own validation.) `space` as in gdLinear's options: "residual" adds K = XXᵀ (n²); "auto" (default)
 * counts the loop gdLinear would pick when the memory allows it.
 * @example
 * gdLinearWorkspace(50, 200, 10_000, 100) * 8; // bytes of wasm memory gdLinear will use
 * @category Memory
 */
export function gdLinearWorkspace(n: number, d: number, steps: number, recordEvery: number, space: "auto" | "parameter" | "residual" = "auto"): number {
  argInt("gdLinearWorkspace", "n", n); argInt("gdLinearWorkspace", "d", d); argInt("gdLinearWorkspace", "steps", steps); argInt("gdLinearWorkspace", "recordEvery", recordEvery);
  argString("gdLinearWorkspace", "space", space);
  if (space !== "auto" && space !== "parameter" && space !== "residual") {
    throw new InvalidArgumentError(`gdLinearWorkspace: space must be "auto", "parameter" or "residual", got ${JSON.stringify(space)}`);
  }
  const residual = space === "residual" || (space === "auto" && residualPays(n, d, steps));
  const count = residual ? gdLinearResidualWorkspaceCount(n, d, steps, recordEvery) : gdLinearWorkspaceCount(n, d, steps, recordEvery);
  if (!Number.isFinite(count)) throw new InvalidArgumentError(`gdLinearWorkspace: the sizes must be non-negative integers (and the options valid), got ${JSON.stringify([n, d, steps, recordEvery])}`);
  return count;
}
