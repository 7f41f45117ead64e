import type { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import { gramExtremes, singularValues } from "../linalg/jacobi-svd.js";
import { RandomState } from "../random/random-state.js";
import { gdLinear } from "../data/gd-linear.js";
import { analyzeConvergence, type ConvergenceOutcome } from "../fits/analyze-convergence.js";
import { edgeOfStabilityConvergenceRate } from "./convergence-rate.js";
import { identifyRegime, quadraticBehaviour, type QuadraticBehaviour, type SeedRegime } from "./identify-regime.js";
import { seedFormulas } from "./seed-formulas.js";
import { argArray, argInt, argObject } from "../check-args.js";

/**
 * The seed's η/(2/λmax) values, in its loop order.
 * @category Seed document
 */
export const SEED_ETA_FRACS = [0.3, 0.5, 0.95, 1.0, 1.5, 2.0] as const;

/**
 * What the seed's table claims for one row.
 * @category Seed document
 */
export interface SeedClaim {
  finalLoss: number;
  behaviour: string;
  behaviourOriginal: string;
  regime: string;
}

/**
 * One learning rate of the sweep: what GD really did, beside the theory and the seed's claim.
 * @category Seed document
 */
export interface LinearRegressionRow {
  /** η·λmax/2. */
  etaFrac: number;
  eta: number;
  /** seedBand: the seed's identify_regime (±5% band, its code as written); theory: docs/design.md §5 for a quadratic. */
  regime: { seedBand: SeedRegime; theory: QuadraticBehaviour };
  /** Read from the measured loss curve by analyzeConvergence (not from η). */
  outcome: ConvergenceOutcome;
  /** The seed's `losses[-1]`, 0.5·mean((Xθ − y)²) after the last update; null when the run diverged. */
  finalLoss: number | null;
  /** GD step t (θ_t = after t updates) at which the loss first was non-finite (overflow), or null. The seed's list index is t − 1. */
  divergedAtStep: number | null;
  /** Measured per-step factor of the residual norm ‖Xθ_t − y‖ (the square root of the loss factor), or null. */
  measuredRate: number | null;
  /** Measured per-step factor of the loss itself (= measuredRate²), or null. */
  measuredLossRate: number | null;
  /** Steps the rate was fitted on, its r² and the outcome's confidence. */
  fit: { fromStep: number; toStep: number; r2: number } | null;
  confidence: number;
  /** max(|1 − ηλmax|, |1 − ηλmin⁺|): the per-step factor of the residual's slowest (or, above 2/λmax, fastest-growing) mode. */
  predictedRate: number;
  /** One line on why this outcome. */
  reason: string;
  /** The seed's claim for this row, or null (η fractions it did not run, or not the seed's data). */
  seedClaim: SeedClaim | null;
  /** The seed's `losses` list (t = 1..steps), with null where numpy has inf/nan; only with includeCurves. */
  lossCurve?: (number | null)[];
}

/**
 * What {@link experimentLinearRegression} and {@link linearRegressionSweep} return: one row per η.
 *
 * @category Seed document
 */
export interface LinearRegressionExperiment {
  n: number;
  d: number;
  steps: number;
  /** λmax(XᵀX) = σ_max(X)². */
  lambdaMax: number;
  /** λ_min⁺: the smallest nonzero eigenvalue of XᵀX. */
  lambdaMinPositive: number;
  /** Jacobi SVD sweeps and final residual behind the two λ. */
  svd: { sweeps: number; residual: number };
  rateConvention: string;
  rows: LinearRegressionRow[];
}

/**
 * Options of {@link linearRegressionSweep} and {@link experimentLinearRegression}.
 *
 * @category Seed document
 */
export interface SweepOptions {
  /** η fractions of 2/λmax (default the seed's). */
  etaFracs?: readonly number[];
  /** GD updates per run (default 1000). */
  steps?: number;
  /** Attach the seed-style loss list to each row. */
  includeCurves?: boolean;
  /** Attach the seed's claimed table to rows with its η fractions (only meaningful on the seed's data). */
  seedClaims?: boolean;
  engine?: Engine;
}

const RATE_CONVENTION =
  "measuredRate and predictedRate are per-step factors of the residual norm ‖Xθ_t − y‖ (the loss factor is their square); " +
  "divergedAtStep counts GD updates (θ_t after t updates; the seed's list index is t − 1)";

/**
 * GD on ½‖Xθ − y‖² from θ = 0 at η = f·2/λmax for each f, recording the
 * seed's loss 0.5·mean((Xθ − y)²) after each update, and reading each
 * outcome off the measured curve with analyzeConvergence (docs/design.md §5, §3).
 * X is row-major n×d and must have rank n (an interpolating problem, so the
 * minimum loss is 0 and `converged` means loss → 0).
 * @example
 * await init();
 * const { X, y, n, d } = seedLinearRegressionData({ seed: 1 });
 * linearRegressionSweep(X, y, n, d, { steps: 2000 }).rows.length;
 * @category Seed document
 */
export function linearRegressionSweep(X: Float64Array, y: Float64Array, n: number, d: number, opts: SweepOptions = {}): LinearRegressionExperiment {
  argArray("linearRegressionSweep", "X", X); argArray("linearRegressionSweep", "y", y); argInt("linearRegressionSweep", "n", n); argInt("linearRegressionSweep", "d", d); argObject("linearRegressionSweep", "opts", opts, true);
  const steps = opts.steps ?? 1000;
  const etaFracs = opts.etaFracs ?? SEED_ETA_FRACS;
  const svd = singularValues(X, n, d, { engine: opts.engine });
  const { lambdaMax, lambdaMinPlus, rank } = gramExtremes(svd.values, n, d);
  if (rank < n || lambdaMinPlus === null) {
    throw new InvalidArgumentError(`X has rank ${rank} < n = ${n}: the sweep needs an interpolating problem (rank X = n, n ≤ d)`);
  }
  const rows = etaFracs.map((etaFrac) => {
    if (!(etaFrac > 0) || !Number.isFinite(etaFrac)) throw new InvalidArgumentError(`eta fractions must be finite and > 0, got ${etaFrac}`);
    // The seed's `eta_frac * (2 / lambda_max)`, in that order.
    const eta = etaFrac * (2 / lambdaMax);
    // The parameter-space loop, as the seed's numpy code runs it: its loss is ½‖Xθ − y‖² of the θ it holds, so it
    // stops at the rounding floor; the residual-space loop's recurrence would keep shrinking past it (docs/engine.md).
    const run = gdLinear(X, y, n, d, { eta, steps, recordEvery: 1, space: "parameter", engine: opts.engine });
    // The seed's losses[i] is the loss after i + 1 updates, 0.5·mean(r²) = ½‖r‖²/n.
    const series = new Float64Array(steps).fill(Infinity);
    for (let k = 0; k < run.steps.length; k++) {
      const s = run.steps[k];
      if (s >= 1) series[s - 1] = run.loss[k] / n;
    }
    const t = Float64Array.from({ length: steps }, (_, i) => i + 1);
    const a = analyzeConvergence(series, { t, bound: Infinity });
    const diverged = a.label === "diverged";
    const last = series[steps - 1];
    // docs/design.md §5; equals max(|1 − ηλmax|, |1 − ηλmin⁺|) in every branch while ηλmin⁺ < 2.
    const predictedRate = edgeOfStabilityConvergenceRate(eta, lambdaMinPlus, lambdaMax, 0).rate!;
    const claim = opts.seedClaims ? seedFormulas.claimedResults.find((c) => c.etaFrac === etaFrac) : undefined;
    const row: LinearRegressionRow = {
      etaFrac,
      eta,
      regime: { seedBand: seedFormulas.identifyRegime(eta, lambdaMax), theory: quadraticBehaviour(eta, lambdaMax) },
      outcome: a.label,
      finalLoss: !diverged && Number.isFinite(last) ? last : null,
      // The seed's "inf first at": the first non-finite loss, even when certain growth labelled the run diverged earlier.
      divergedAtStep: diverged ? firstNonFinite(series, t) : null,
      measuredRate: a.rate !== null ? Math.sqrt(a.rate) : null,
      measuredLossRate: a.rate,
      fit: a.window !== null && a.rate !== null ? { fromStep: a.window.from, toStep: a.window.to, r2: a.r2 } : null,
      confidence: a.confidence,
      predictedRate,
      reason: a.reason,
      seedClaim: claim ? { finalLoss: claim.finalLoss, behaviour: claim.behaviour, behaviourOriginal: claim.behaviourOriginal, regime: claim.regime } : null,
    };
    if (opts.includeCurves) row.lossCurve = Array.from(series, (x) => (Number.isFinite(x) ? x : null));
    return row;
  });
  return {
    n, d, steps, lambdaMax, lambdaMinPositive: lambdaMinPlus, svd: { sweeps: svd.sweeps, residual: svd.residual },
    rateConvention: RATE_CONVENTION, rows,
  };
}

/**
 * The seed's data: `np.random.seed(seed)`, X = randn(n, d), θ* = randn(d), y = Xθ* + noise·randn(n), in that order.
 * @example
 * const { X, y, n, d, thetaTrue } = seedLinearRegressionData({ seed: 0, n: 50, d: 10 });
 * @category Seed document
 */
export function seedLinearRegressionData(opts: { seed?: number; n?: number; d?: number; noise?: number } = {}) {
  argObject("seedLinearRegressionData", "opts", opts, true);
  const seed = opts.seed ?? 42, n = opts.n ?? 50, d = opts.d ?? 200, noise = opts.noise ?? 0.1;
  const rs = new RandomState(seed);
  const X = rs.randn(n * d); // C order: row i is X[i·d .. i·d + d)
  const thetaTrue = rs.randn(d);
  const eps = rs.randn(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += X[i * d + j] * thetaTrue[j];
    y[i] = s + noise * eps[i];
  }
  return { X, y, thetaTrue, n, d };
}

/**
 * The seed's `experiment_linear_regression()`, rerun exactly (docs/design.md §5,
 * §5): numpy's RandomState(42) data, λmax = σ_max(X)², η = f·2/λmax for
 * f ∈ {0.3, 0.5, 0.95, 1.0, 1.5, 2.0}, 1000 GD steps from θ = 0. Each row
 * reports what really happened beside the seed's claimed table.
 *
 * @example
 * await init();
 * const r = experimentLinearRegression();
 * r.rows.map((row) => [row.etaFrac, row.outcome, row.finalLoss]);
 * @category Seed document
 */
export function experimentLinearRegression(opts: SweepOptions & { seed?: number } = {}): LinearRegressionExperiment {
  argObject("experimentLinearRegression", "opts", opts, true);
  const { X, y, n, d } = seedLinearRegressionData({ seed: opts.seed });
  return linearRegressionSweep(X, y, n, d, { seedClaims: true, ...opts });
}

/** The t of the first non-finite value, or null. */
function firstNonFinite(v: ArrayLike<number>, t: ArrayLike<number>): number | null {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return t[i];
  return null;
}
