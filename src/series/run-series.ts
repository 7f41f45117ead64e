// Shapes shared by every trajectory runner (wasm built-ins and the JS path).

/** Which steps to record. Step 0 (the start) and the last step run are always recorded. */
export type RecordPlan =
  | { every: number }
  | { logPoints: number } // about this many steps, geometrically spaced from 1 to N
  | { steps: ArrayLike<number> }; // exactly these steps (sorted, increasing)

/** Per-recorded-step coordinates (docs/design.md §1, "Coordinates near M"). All arrays have one entry per record. */
export interface RunSeries {
  /** Step index t (θ_t is the state after t updates). */
  step: Float64Array;
  /** ℓ(θ_t) = ½(f(θ_t) − y)². */
  loss: Float64Array;
  /** θ⊥: signed distance along n(θ∥) = ∇f(θ∥)/‖∇f(θ∥)‖. */
  thetaPerp: Float64Array;
  /** ‖θ∥_t − θ∥*‖, to the flattest minimum. */
  distPar: Float64Array;
  /** λ(θ∥_t) = ‖∇f(θ∥_t)‖², sharpness on M at the projection. */
  lambdaPar: Float64Array;
  /** λ(θ_t): top eigenvalue of the full Hessian ∇²ℓ(θ_t) at the iterate itself. */
  lambdaAt: Float64Array;
  /** θ_t at each record, row-major (records × p); only when the run was asked to record θ (RunOptions.recordTheta). */
  theta?: Float64Array;
  /** θ∥_t at each record, row-major (records × p); only with RunOptions.recordTheta. */
  thetaPar?: Float64Array;
}

/** The state at one step, with its coordinates. */
export interface RunPoint {
  step: number;
  loss: number;
  thetaPerp: number;
  distPar: number;
  lambdaPar: number;
  lambdaAt: number;
  theta: Float64Array;
  thetaPar: Float64Array;
}

export interface RunSummary {
  /** Steps actually run (fewer than asked when the run went non-finite). */
  stepsRun: number;
  /** First step whose state or loss was non-finite, or null. The run stops there. */
  firstNonFiniteStep: number | null;
  minLoss: number;
  maxLoss: number;
}

export interface RunResult {
  model: string;
  eta: number;
  series: RunSeries;
  /** The last finite state. */
  final: RunPoint;
  summary: RunSummary;
  /** θ∥*, the flattest minimum that distPar is measured to, and λ* = λ(θ∥*). */
  thetaStar: Float64Array;
  lambdaStar: number;
}
