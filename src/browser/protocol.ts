// Messages between the explorer (main thread) and its module worker.
// Float64Arrays travel as transferables, so a chunk costs no copy.
import type { RunSeries, SeriesColumn } from "../series/run-series.js";
import type { PredictedRegime, Regime } from "../theory/regime.js";

export interface ModelSpec {
  /** The model family ("deep" when absent). */
  model?: "deep" | "deep-linear" | "tanh-chain" | "diagonal";
  /** The number of parameters (p ≥ 2 for deep scalar, 2 being the scalar factorisation; p for the tanh chain). */
  depth: number;
  /** y. */
  target: number;
  /** Deep linear network: d₀, …, 1. */
  widths?: number[];
  /** The input x (deep linear: d₀ values; tanh chain: one). */
  input?: number[];
}

export interface RunRequest {
  type: "run";
  id: number;
  /** The explorer on the page that asked (one worker serves them all): a newer run of the same client supersedes this one. */
  client: number;
  model: ModelSpec;
  eta: number;
  theta0: number[];
  steps: number;
  /** About this many recorded steps (see explorerRecordSteps in config.ts). */
  points: number;
  /** Also stream θ_t and θ∥_t at each record (the phase plane of f = ab). */
  recordTheta?: boolean;
}

export interface BifurcationRequest {
  type: "bifurcation";
  id: number;
  /** As RunRequest.client. */
  client: number;
  model: ModelSpec;
  theta0: number[];
  /** The η values, in order. */
  etas: number[];
  /** Steps discarded before the attractor is read; null: per η, the library's rule (bifurcationTransient: the crossover time 1/|ηλ* − 2| scaled by 10·p², 20 000 to 300 000 steps). */
  transient: number | null;
  /** How many final θ⊥ values to keep per η. */
  keep: number;
}

export interface CancelRequest {
  type: "cancel";
  id: number;
}

/** Answered by a "pong" with the same id once the worker has read every request sent before it. */
export interface PingRequest {
  type: "ping";
  id: number;
}

export type WorkerRequest = RunRequest | BifurcationRequest | CancelRequest | PingRequest;

/** The series of a run, as far as it has gone: the six RunSeries columns. */
export type SeriesChunk = Pick<RunSeries, SeriesColumn>;

export interface ReadyMessage {
  type: "ready";
  backend: string;
}

export interface ProgressMessage {
  type: "chunk";
  id: number;
  /** Records appended since the last chunk. */
  series: SeriesChunk;
  /** With recordTheta: θ_t and θ∥_t of those records, p values each. */
  theta?: Float64Array;
  thetaPar?: Float64Array;
  stepsDone: number;
  stepsTotal: number;
  elapsedMs: number;
}

/** Everything known about a run once it has finished; JSON-safe (null where a number does not apply). */
export interface RunReport {
  model: string;
  eta: number;
  etaCritical: number;
  lambdaStar: number;
  thetaStar: number[];
  stepsRun: number;
  firstNonFiniteStep: number | null;
  final: { step: number; loss: number; thetaPerp: number; distPar: number; lambdaPar: number; lambdaAt: number; theta: number[] };
  /** Predicted vs observed, as the panel shows it. */
  comparison: Comparison;
  /** The theory's prediction as the library returns it (JSON-safe), or null. */
  prediction: unknown;
  /** The observation of the recorded series as the library returns it (observeRun), or null. */
  observation: unknown;
  /** Why something is missing, if it is. */
  notes: string[];
  /**
   * Only for a model with several outputs (the diagonal network, docs/design.md §4): λ* is empirical (the library's
   * flattest-minimum search), with the certificate interval the library proves for diagonal networks, if any.
   */
  empirical?: { lambdaStarSource: "empirical"; certificate: { lower: number; upper: number; relativeGap: number } | null; topSimple: boolean };
  /** Wall time from the request to the report, the analysis included. */
  elapsedMs: number;
  /** Wall time of the steps alone (the chunks, without the analysis at the end): what steps/s is measured on. */
  runMs: number;
  backend: string;
}

/** One quantity, predicted and observed (null: does not apply, or not available). */
export interface Compared<T> {
  predicted: T | null;
  observed: T | null;
}

/** Predicted vs observed regime and rates (docs/design.md §2, §3). */
export interface Comparison {
  /** The theory's regime and observeRun's label, in the one vocabulary (Regime), so they compare with ===. */
  regime: { predicted: PredictedRegime | null; observed: Regime | null; predictedReason: string | null; observedReason: string | null };
  /** 1/|ηλ* − 2|: for about this many steps a run near η_c looks critical. */
  crossoverSteps: number | null;
  /** First recorded step with ηλ(θ∥_t) < 2; the prediction is in words (finite, 0 or never). */
  tau: { predicted: string | null; observed: number | null };
  /** Per-step linear rate, with the quantity it was measured on. */
  rate: Compared<number> & { quantity: string | null };
  /** Power-law exponents over the last two decades. */
  exponentThetaPerp: Compared<number>;
  exponentLoss: Compared<number>;
  /** θ⊥ at the two points of a period-2 orbit; whether the Newton orbit is stable (Floquet ρ(J) < 1). */
  orbit: Compared<[number, number]> & { stable: boolean | null; spectralRadius: number | null };
  /** λ(θ∥) at the end of the run; the prediction is a number or an interval. */
  lambdaEnd: { predicted: string | null; observed: number | null };
}

export interface DoneMessage {
  type: "done";
  id: number;
  report: RunReport;
}

export interface BifurcationMessage {
  type: "bifurcation";
  id: number;
  etas: Float64Array;
  /** keep values of θ⊥ per η, row-major (NaN where the run diverged). */
  values: Float64Array;
  keep: number;
  /** Per η: how the attractor was labelled, if a labeller is available. */
  labels: (Regime | null)[];
  /** Per η: the transient used, and whether the rule's cap cut it short (the column may not have settled). */
  transients: number[];
  capped: boolean[];
  elapsedMs: number;
}

export interface ErrorMessage {
  type: "error";
  id: number;
  message: string;
}

export interface PongMessage {
  type: "pong";
  id: number;
}

export type WorkerMessage = ReadyMessage | ProgressMessage | DoneMessage | BifurcationMessage | ErrorMessage | PongMessage;
