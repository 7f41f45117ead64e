// Does GD decrease the GFS sharpness monotonically? (Kreisler et al., ICML 2023; docs/design.md §3, "GFS
// sharpness".) Runs deep scalar GD with θ_t recorded, evaluates λ_GFS(θ_t) at every record and reports where it
// is non-increasing, where it first goes up, and the quantities the claim is stated in terms of (ηλ_GFS vs 2).
import { Engine } from "../engine.js";
import { InvalidArgumentError } from "../errors.js";
import { deepScalar, deepScalarFlattest } from "../models/deep-scalar.js";
import { runTrajectory } from "../codim1/run.js";
import { gfsPoint } from "../theory/gfs-sharpness.js";
import { PAPER_DEPTH, PAPER_FIGURES, PAPER_TARGET, type PaperFigureSpec } from "./paper.js";
import { paperStarts } from "./starts.js";
import { argArray, argInt, argNumber, argObject, argString } from "../check-args.js";
import { recordSteps } from "../series/record-plan.js";

/**
 * Options of {@link gfsRunCheck}: one deep scalar GD run and how densely to record it.
 *
 * @category Experiments
 */
export interface GfsRunOptions {
  eta: number;
  steps: number;
  /** θ₀; its length is the depth p. */
  theta0: ArrayLike<number>;
  /** Target y (default 1). */
  target?: number;
  /** Record every step up to this one (default 2000): the early steps are where GD is far from M. */
  everyUpTo?: number;
  /** Then about this many log-spaced records up to `steps` (default 1000). */
  logPoints?: number;
  /** An increase counts only when λ_GFS(t_{k+1}) > λ_GFS(t_k)·(1 + tolerance) (default 1e-12: rounding level). */
  tolerance?: number;
  /** Keep the step, λ_GFS and λ(θ∥) columns in the result (default false). */
  keepSeries?: boolean;
  label?: string;
  engine?: Engine;
}

/**
 * One run's verdict on the monotone decrease of λ_GFS(θ_t) over its recorded steps.
 *
 * @category Experiments
 */
export interface GfsRunCheck {
  label: string;
  eta: number;
  steps: number;
  records: number;
  /** λ_GFS(θ₀) and η·λ_GFS(θ₀) (the claim is about runs that start above the edge, ηλ_GFS > 2). */
  gfsStart: number;
  etaGfsStart: number;
  /** λ_GFS and λ(θ∥) at the last finite record. */
  gfsFinal: number;
  etaGfsFinal: number;
  lambdaParFinal: number;
  /** No recorded increase beyond the tolerance. */
  monotone: boolean;
  /** How many recorded pairs (t_k, t_{k+1}) went up beyond the tolerance. */
  increases: number;
  /** Largest relative increase λ_GFS(t_{k+1})/λ_GFS(t_k) − 1 over all pairs (≤ 0 when it never went up at all). */
  maxRelIncrease: number;
  /** t_{k+1} of the first increase, with η·λ_GFS(θ_{t_k}) just before it; null when monotone. */
  firstIncreaseStep: number | null;
  etaGfsBeforeFirstIncrease: number | null;
  /** The first recorded step from which λ_GFS never goes up again (0 when monotone). */
  monotoneFrom: number;
  /** The run went non-finite, or λ_GFS overflowed (only the records before are checked). */
  diverged: boolean;
  /**
   * The first recorded step whose θ_t has no gradient-flow solution: GD reached a state from which gradient flow stops
   * at a saddle (sign(Πθ) ≠ sign(y) with the smallest |θᵢ| tied), so λ_GFS is undefined there and the check stops
   * (only the records before are checked); null when every finite record has one.
   */
  saddleStep: number | null;
  series?: { step: Float64Array; gfs: Float64Array; lambdaPar: Float64Array };
}

/** Every step up to everyUpTo, then the record plan's `logPoints` geometric steps on from there (series/record-plan.ts). */
function recordPlanSteps(steps: number, everyUpTo: number, logPoints: number): number[] {
  const out: number[] = [];
  const dense = Math.min(everyUpTo, steps);
  for (let t = 0; t <= dense; t++) out.push(t);
  if (steps > dense && logPoints > 0) {
    // logPoints + 1 points from a to steps, a itself being the first: a·exp(i·log(steps/a)/logPoints), i = 0 … logPoints.
    const a = Math.max(dense, 1);
    for (const t of recordSteps({ logPoints: logPoints + 1 }, steps - a, a)) out.push(a + t);
  }
  return out;
}

/** Gradient flow from θ stops at a saddle: f must change sign (sign(Πθ) ≠ sign(y)) and the smallest |θᵢ| is tied. */
function hasNoGfs(theta: ArrayLike<number>, y: number): boolean {
  let m = Infinity, ties = 0, neg = 0, zero = false;
  for (let i = 0; i < theta.length; i++) {
    const a = Math.abs(theta[i]);
    if (a < m) { m = a; ties = 1; } else if (a === m) ties++;
    if (theta[i] < 0) neg++;
    if (theta[i] === 0) zero = true;
  }
  const sign = zero ? 0 : neg % 2 === 0 ? 1 : -1;
  return ties > 1 && sign !== Math.sign(y);
}

/**
 * The monotonicity verdict for λ_GFS values at increasing steps (the core of {@link gfsRunCheck}).
 * @example
 * gfsMonotonicity([0, 1, 2], [6, 5.5, 5.6], 0.39); // one increase, at step 2
 * @category Experiments
 */
export function gfsMonotonicity(step: ArrayLike<number>, gfs: ArrayLike<number>, eta: number, tolerance = 1e-12):
  Pick<GfsRunCheck, "monotone" | "increases" | "maxRelIncrease" | "firstIncreaseStep" | "etaGfsBeforeFirstIncrease" | "monotoneFrom"> {
  argArray("gfsMonotonicity", "step", step); argArray("gfsMonotonicity", "gfs", gfs);
  argNumber("gfsMonotonicity", "eta", eta); argNumber("gfsMonotonicity", "tolerance", tolerance);
  if (step.length !== gfs.length || step.length === 0) throw new InvalidArgumentError(`gfsMonotonicity: step and gfs must be non-empty and of one length, got ${step.length} and ${gfs.length}`);
  if (!(tolerance >= 0)) throw new InvalidArgumentError(`gfsMonotonicity: tolerance must be ≥ 0, got ${tolerance}`);
  let increases = 0, maxRel = -Infinity, first: number | null = null, before: number | null = null, from = step[0];
  for (let k = 0; k + 1 < gfs.length; k++) {
    const rel = gfs[k + 1] / gfs[k] - 1;
    if (rel > maxRel) maxRel = rel;
    if (gfs[k + 1] > gfs[k] * (1 + tolerance)) {
      increases++;
      if (first === null) { first = step[k + 1]; before = eta * gfs[k]; }
      from = step[k + 1];
    }
  }
  return {
    monotone: increases === 0, increases, maxRelIncrease: gfs.length > 1 ? maxRel : 0,
    firstIncreaseStep: first, etaGfsBeforeFirstIncrease: before, monotoneFrom: from,
  };
}

/**
 * Runs GD on deep scalar factorisation (p = θ₀'s length) with θ_t recorded, computes λ_GFS(θ_t) at every record
 * (every step up to `everyUpTo`, then log-spaced) and checks that it never goes up (docs/design.md §3, "GFS sharpness").
 * @example
 * await init();
 * const c = gfsRunCheck({ eta: 0.39, steps: 100_000, theta0: paperStarts()[0] });
 * c.monotone; c.etaGfsStart; c.etaGfsFinal;
 * @category Experiments
 */
export function gfsRunCheck(opts: GfsRunOptions): GfsRunCheck {
  argObject("gfsRunCheck", "opts", opts);
  argNumber("gfsRunCheck", "eta", opts.eta); argInt("gfsRunCheck", "steps", opts.steps); argArray("gfsRunCheck", "theta0", opts.theta0);
  argNumber("gfsRunCheck", "target", opts.target, true); argInt("gfsRunCheck", "everyUpTo", opts.everyUpTo, true);
  argInt("gfsRunCheck", "logPoints", opts.logPoints, true); argNumber("gfsRunCheck", "tolerance", opts.tolerance, true);
  argString("gfsRunCheck", "label", opts.label, true);
  if (opts.engine !== undefined && !(opts.engine instanceof Engine)) throw new InvalidArgumentError("gfsRunCheck: engine must be an Engine (from init() or initSync()), or omitted");
  const y = opts.target ?? PAPER_TARGET, p = opts.theta0.length;
  const everyUpTo = opts.everyUpTo ?? 2000, logPoints = opts.logPoints ?? 1000;
  if (everyUpTo < 0 || logPoints < 0) throw new InvalidArgumentError(`gfsRunCheck: everyUpTo and logPoints must be ≥ 0, got ${everyUpTo} and ${logPoints}`);
  const model = deepScalar({ depth: p, target: y });
  const run = runTrajectory(model, {
    eta: opts.eta, steps: opts.steps, theta0: opts.theta0, recordTheta: true, engine: opts.engine,
    record: { steps: recordPlanSteps(opts.steps, everyUpTo, logPoints) },
  });
  const s = run.series, theta = s.theta!;
  const step: number[] = [], gfs: number[] = [], lambdaPar: number[] = [];
  const row = new Float64Array(p);
  let diverged = run.summary.firstNonFiniteStep !== null, saddleStep: number | null = null;
  for (let r = 0; r < s.step.length; r++) {
    for (let i = 0; i < p; i++) row[i] = theta[r * p + i];
    if (!row.every(Number.isFinite)) { diverged = true; break; }
    let g: number;
    try { g = gfsPoint(row, y).sharpness; } catch (e) {
      if (!(e instanceof InvalidArgumentError)) throw e;
      // No GFS from here: a saddle of the flow (a finite state), or a state so large that λ_GFS overflows (a divergent
      // run). Either way the check stops there rather than fail.
      if (hasNoGfs(row, y)) saddleStep = s.step[r]; else diverged = true;
      break;
    }
    step.push(s.step[r]); gfs.push(g); lambdaPar.push(s.lambdaPar[r]);
  }
  if (gfs.length === 0) throw new InvalidArgumentError("gfsRunCheck: no finite record to check (θ₀ too large?)");
  const verdict = gfsMonotonicity(step, gfs, opts.eta, opts.tolerance ?? 1e-12);
  const last = gfs.length - 1;
  const out: GfsRunCheck = {
    label: opts.label ?? `η = ${opts.eta}`, eta: opts.eta, steps: opts.steps, records: gfs.length,
    gfsStart: gfs[0], etaGfsStart: opts.eta * gfs[0], gfsFinal: gfs[last], etaGfsFinal: opts.eta * gfs[last],
    lambdaParFinal: lambdaPar[last], ...verdict, diverged, saddleStep,
  };
  if (opts.keepSeries) out.series = { step: Float64Array.from(step), gfs: Float64Array.from(gfs), lambdaPar: Float64Array.from(lambdaPar) };
  return out;
}

/**
 * Options of {@link gfsExperiment}.
 *
 * @category Experiments
 */
export interface GfsExperimentOptions {
  /** The paper's figures to check (default PAPER_FIGURES: η = 0.39, 0.4, 0.408 with their step counts). */
  figures?: readonly PaperFigureSpec[];
  /** η values of the sweep at depth 5 (default 0.30, 0.35, …, 0.60). */
  sweepEtas?: readonly number[];
  /** Steps of each sweep run (default 100 000). */
  sweepSteps?: number;
  /** Starts far from M (default GFS_FAR_STARTS), each run at η = 2·frac/λ_GFS(θ₀) for frac in `farFracs`, sweepSteps steps. */
  farStarts?: readonly (readonly number[])[];
  /** Default GFS_FAR_FRACS: one run below the edge, two above it. */
  farFracs?: readonly number[];
  everyUpTo?: number;
  logPoints?: number;
  tolerance?: number;
  onProgress?: (msg: string) => void;
}

/**
 * What {@link gfsExperiment} returns: one check per paper run and per sweep run (five paper starts each).
 *
 * @category Experiments
 */
export interface GfsExperimentResult {
  depth: number;
  target: number;
  lambdaStar: number;
  paper: (GfsRunCheck & { figure: number; start: number })[];
  sweep: (GfsRunCheck & { start: number })[];
  far: (GfsRunCheck & { theta0: number[]; frac: number })[];
}

/**
 * The default sweep: η from 0.30 to 0.60 in steps of 0.05 at depth 5 (η_c = 0.4).
 * @category Experiments
 */
export const GFS_SWEEP_ETAS: readonly number[] = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6];
/**
 * Unbalanced depth-5 starts far from M (f(θ₀) = 0.2, 0.207, 0.45), where GD is not yet near a minimum.
 * @category Experiments
 */
export const GFS_FAR_STARTS: readonly (readonly number[])[] = [[0.2, 1, 1, 1, 1], [1.2, 1.2, 1.2, 1.2, 0.1], [3, 0.2, 1, 1, 1.5]];
/**
 * ηλ_GFS(θ₀)/2 of the far-start runs.
 * @category Experiments
 */
export const GFS_FAR_FRACS: readonly number[] = [0.9, 1.3, 2];

/**
 * Checks the monotone decrease of λ_GFS on the paper's runs (three figures × five starts) and on a sweep of η at
 * depth 5 from the same five starts (docs/design.md §3, "GFS sharpness").
 * @example
 * const engine = await init();
 * const g = gfsExperiment(engine);
 * console.log(formatGfsTable(g));
 * @category Experiments
 */
export function gfsExperiment(engine: Engine, opts: GfsExperimentOptions = {}): GfsExperimentResult {
  argObject("gfsExperiment", "engine", engine);
  if (!(engine instanceof Engine)) throw new InvalidArgumentError("gfsExperiment: engine must be an Engine (from init() or initSync())");
  argObject("gfsExperiment", "opts", opts, true);
  argArray("gfsExperiment", "figures", opts.figures, true); argArray("gfsExperiment", "sweepEtas", opts.sweepEtas, true);
  argInt("gfsExperiment", "sweepSteps", opts.sweepSteps, true);
  const starts = paperStarts(PAPER_TARGET);
  const common = { target: PAPER_TARGET, everyUpTo: opts.everyUpTo, logPoints: opts.logPoints, tolerance: opts.tolerance, engine };
  const paper: GfsExperimentResult["paper"] = [];
  for (const f of opts.figures ?? PAPER_FIGURES) {
    opts.onProgress?.(`figure ${f.figure}: η = ${f.eta}, ${f.steps} steps × ${starts.length} starts`);
    starts.forEach((theta0, k) => paper.push({
      figure: f.figure, start: k + 1,
      ...gfsRunCheck({ ...common, eta: f.eta, steps: f.steps, theta0, label: `fig ${f.figure} start ${k + 1}` }),
    }));
  }
  const sweep: GfsExperimentResult["sweep"] = [];
  const sweepSteps = opts.sweepSteps ?? 100_000;
  for (const eta of opts.sweepEtas ?? GFS_SWEEP_ETAS) {
    argNumber("gfsExperiment", "sweepEtas[i]", eta);
    opts.onProgress?.(`sweep: η = ${eta}, ${sweepSteps} steps × ${starts.length} starts`);
    starts.forEach((theta0, k) => sweep.push({
      start: k + 1, ...gfsRunCheck({ ...common, eta, steps: sweepSteps, theta0, label: `sweep η = ${eta} start ${k + 1}` }),
    }));
  }
  const far: GfsExperimentResult["far"] = [];
  for (const start of opts.farStarts ?? GFS_FAR_STARTS) {
    argArray("gfsExperiment", "farStarts[i]", start);
    const g0 = gfsPoint(start, PAPER_TARGET).sharpness;
    for (const frac of opts.farFracs ?? GFS_FAR_FRACS) {
      argNumber("gfsExperiment", "farFracs[i]", frac);
      const eta = (2 * frac) / g0;
      opts.onProgress?.(`far start (${start.join(", ")}): ηλ_GFS(θ₀)/2 = ${frac}`);
      far.push({
        theta0: Array.from(start), frac,
        ...gfsRunCheck({ ...common, eta, steps: sweepSteps, theta0: start, label: `far (${start.join(", ")}), ηλ_GFS(θ₀) = ${2 * frac}` }),
      });
    }
  }
  const lambdaStar = deepScalarFlattest(deepScalar({ depth: PAPER_DEPTH, target: PAPER_TARGET })).lambdaStar;
  return { depth: PAPER_DEPTH, target: PAPER_TARGET, lambdaStar, paper, sweep, far };
}

const num = (x: number | null, d = 6): string => (x === null ? "-" : Number.isFinite(x) ? String(+x.toPrecision(d)) : String(x));

/**
 * The result as a markdown table: one row per run.
 * @example
 * formatGfsTable(gfsExperiment(engine)); // | run | η | ηλ* | ηλ_GFS(θ₀) | … |
 * @category Experiments
 */
export function formatGfsTable(result: GfsExperimentResult): string {
  argObject("formatGfsTable", "result", result);
  argArray("formatGfsTable", "result.paper", result.paper); argArray("formatGfsTable", "result.sweep", result.sweep);
  argArray("formatGfsTable", "result.far", result.far, true);
  const head = "| run | η | ηλ* | ηλ_GFS(θ₀) | ηλ_GFS final | λ(θ∥) final | records | monotone | increases | first increase at step (ηλ_GFS before) | non-increasing from step | max rel. increase |";
  const rule = "|---|---|---|---|---|---|---|---|---|---|---|---|";
  const row = (c: GfsRunCheck) => `| ${c.label}${c.diverged ? " (diverged)" : c.saddleStep !== null ? ` (saddle from step ${c.saddleStep})` : ""} | ${num(c.eta, 6)} | ${num(c.eta * result.lambdaStar, 4)} | ${num(c.etaGfsStart)} | ${num(c.etaGfsFinal, 10)} | ${num(c.lambdaParFinal, 10)} | ${c.records} | ${c.monotone ? "yes" : "no"} | ${c.increases} | ${c.firstIncreaseStep === null ? "-" : `${c.firstIncreaseStep} (${num(c.etaGfsBeforeFirstIncrease)})`} | ${c.monotoneFrom} | ${num(c.maxRelIncrease, 3)} |`;
  return [head, rule, ...result.paper.map(row), ...result.sweep.map(row), ...(result.far ?? []).map(row)].join("\n");
}
