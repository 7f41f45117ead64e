// The explorer's configuration: what a run is, and how it is written into a
// URL so that a view can be shared. Pure functions, no DOM: the vitest suite
// checks them in Node (test/browser/config.test.ts). The model's numbers (λ*,
// the starts, the paper's step sizes) come from the library; only what is
// the explorer's own (presets as fractions of η_c, the plot's record plan,
// the URL format) is written here.
import { PAPER_DEPTH, PAPER_FIGURES, PAPER_TARGET } from "../experiments/paper.js";
import { defaultStart, startNearM } from "../experiments/starts.js";
import { deepScalar, deepScalarFlattest } from "../models/deep-scalar.js";
import { deepLinear, deepLinearFlattest, deepLinearInit } from "../models/deep-linear.js";
import { tanhChain, tanhChainStart } from "../models/tanh-chain.js";
import { flattestMinimum } from "../codim1/flattest-minimum.js";
import { DEFAULT_TAIL_STEPS } from "../codim1/analyse-run.js";
import { DIAGONAL_PRESET, DIAGONAL_STEPS, diagonalFlattest } from "./diagonal.js";
import { portableExp, portableLog } from "../linalg/portable-math.js";

/** The four plots and the bifurcation view an explorer can show. */
export type PlotName = "loss" | "thetaPerp" | "distPar" | "lambdaPar" | "phase" | "bifurcation";
export const ALL_PLOTS: readonly PlotName[] = ["loss", "thetaPerp", "distPar", "lambdaPar", "phase", "bifurcation"];

/**
 * The explorer's model families (docs/design.md §1): the deep scalar
 * factorisation f = θ₁⋯θ_p (p = 2: f = ab), the deep linear network with one
 * input f = w_L W_{L−1}⋯W₁x, and the tanh chain f = θ_p·tanh(⋯tanh(θ₁x));
 * and one model with several outputs (docs/design.md §4), the diagonal linear
 * network F(θ) = X(u⊙v) on the explorer's built-in data set (diagonal.ts).
 */
export type ModelKind = "deep" | "deep-linear" | "tanh-chain" | "diagonal";
export const MODEL_KINDS: readonly ModelKind[] = ["deep", "deep-linear", "tanh-chain", "diagonal"];

export interface ExplorerConfig {
  /** Which model family; "deep" with depth 2 is the scalar factorisation. */
  model: ModelKind;
  /** The number of parameters: p for deep scalar (2: f = ab) and the tanh chain; Σ d_k·d_{k−1} for the deep linear network (from widths). */
  depth: number;
  /** Deep linear network: d₀, d₁, …, 1 (ignored by the other models). */
  widths: number[];
  /** The input x: d₀ numbers for the deep linear network, one for the tanh chain (ignored by deep scalar). */
  input: number[];
  /** y, the target (> 0 in the explorer). */
  target: number;
  /** η, the step size. */
  eta: number;
  /** θ₀, exactly as given; its length is `depth`. */
  theta0: number[];
  /** Number of GD steps. */
  steps: number;
  /** About this many recorded steps, log-spaced (the plots' resolution). */
  points: number;
  /** Log-scaled step axis. */
  xlog: boolean;
  /** Bifurcation view: η/η_c from `bifFrom` to `bifTo` in `bifCount` runs. */
  bifFrom: number;
  bifTo: number;
  bifCount: number;
}

export const MIN_DEPTH = 2;
export const MAX_DEPTH = 12;
export const MIN_STEPS = 10;
export const MAX_STEPS = 1e8;

/**
 * λ* and η_c = 2/λ* of the explorer's model f = θ₁⋯θ_p = y: the library's
 * closed form (deepScalarFlattest, docs/design.md §1), which also refuses a
 * depth or target the model cannot have.
 */
export function edgeOfStability(depth: number, target: number): { lambdaStar: number; etaCritical: number } {
  const { lambdaStar } = deepScalarFlattest(deepScalar({ depth, target }));
  return { lambdaStar, etaCritical: 2 / lambdaStar };
}

/** The deep linear network's defaults: the report's network (widths 3,4,4,1, x = (0.5, −1, 2)) and its numpy start (seed 7, scale 0.3). */
export const DEEP_LINEAR_DEFAULTS = { widths: [3, 4, 4, 1], input: [0.5, -1, 2], seed: 7, scale: 0.3 } as const;
/** The tanh chain's defaults (docs/tanh-chain.md): depth 3, x = 1, y = 0.5. */
export const TANH_DEFAULTS = { depth: 3, input: [1], target: 0.5 } as const;
/** At most this many parameters in the explorer's deep linear networks (the general projection is dense p×p). */
export const MAX_LINEAR_PARAMS = 64;
/**
 * The deep linear network's default record count: each record measures distPar
 * to the flattest point that follows θ∥ (a projection and a closed form at
 * p = 32: ~3 ms), so 1500 records would make a 10⁵-step run take seconds.
 */
export const DEEP_LINEAR_POINTS = 300;

/** What the worker builds the model from (and the Node side of the browser test too). */
export interface ModelDescription {
  model: ModelKind;
  depth: number;
  target: number;
  widths: number[];
  input: number[];
}

const paramCount = (widths: readonly number[]): number => widths.slice(1).reduce((a, d, k) => a + d * widths[k]!, 0);

const tanhFlattest = new Map<string, { thetaStar: Float64Array; lambdaStar: number }>();
/**
 * The tanh chain's flattest minimum: it has no closed form, so it is searched
 * (flattestMinimum, docs/design.md §1) from the chain's default start,
 * tanhChainStart. One rule for the whole explorer: the worker measures distPar
 * to this θ∥* in every chunk, the page reads λ* from it, and the browser test's
 * Node side computes the same, so both runs are the same bits.
 */
export function tanhChainFlattest(depth: number, input: number, target: number): { thetaStar: Float64Array; lambdaStar: number } {
  const key = `${depth},${input},${target}`;
  let f = tanhFlattest.get(key);
  if (!f) {
    const model = tanhChain({ depth, input, target });
    const r = flattestMinimum(model, tanhChainStart(model));
    f = { thetaStar: Float64Array.from(r.point), lambdaStar: r.lambdaStar };
    tanhFlattest.set(key, f);
  }
  return f;
}

/** λ* and η_c of any of the explorer's models. */
export function edgeOf(m: ModelDescription): { lambdaStar: number; etaCritical: number } {
  let lambdaStar: number;
  if (m.model === "deep-linear") lambdaStar = deepLinearFlattest(deepLinear({ widths: m.widths, input: m.input, target: m.target })).lambdaStar;
  else if (m.model === "tanh-chain") lambdaStar = tanhChainFlattest(m.depth, m.input[0]!, m.target).lambdaStar;
  else if (m.model === "diagonal") lambdaStar = diagonalFlattest().lambdaStar;
  else return edgeOfStability(m.depth, m.target);
  return { lambdaStar, etaCritical: 2 / lambdaStar };
}

/** The start of a model: explorerStart for deep scalar, the numpy start for the deep linear network, tanhChainStart for the tanh chain. */
export function startOf(m: ModelDescription): number[] {
  if (m.model === "deep-linear") return Array.from(deepLinearInit({ widths: m.widths, seed: DEEP_LINEAR_DEFAULTS.seed, scale: DEEP_LINEAR_DEFAULTS.scale }));
  if (m.model === "tanh-chain") return Array.from(tanhChainStart(tanhChain({ depth: m.depth, input: m.input[0]!, target: m.target })));
  if (m.model === "diagonal") return [...DIAGONAL_PRESET.theta0];
  return explorerStart(m.depth, m.target);
}

/** A configuration of another model family, with its defaults, η at the same fraction of η_c as before. */
export function switchModel(cfg: ExplorerConfig, model: ModelKind): ExplorerConfig {
  const frac = cfg.eta / edgeOf(cfg).etaCritical;
  const next: ExplorerConfig =
    model === "deep-linear"
      ? { ...cfg, model, widths: [...DEEP_LINEAR_DEFAULTS.widths], input: [...DEEP_LINEAR_DEFAULTS.input], depth: paramCount(DEEP_LINEAR_DEFAULTS.widths), target: 1, points: DEEP_LINEAR_POINTS }
      : model === "tanh-chain"
        ? { ...cfg, model, depth: TANH_DEFAULTS.depth, input: [...TANH_DEFAULTS.input], widths: [], target: TANH_DEFAULTS.target }
        : model === "diagonal"
          ? { ...cfg, model, depth: DIAGONAL_PRESET.theta0.length, input: [], widths: [], target: 1, steps: DIAGONAL_STEPS }
          : { ...cfg, model, depth: cfg.model === "deep" ? cfg.depth : 5, widths: [], input: [], target: cfg.model === "deep" ? cfg.target : 1 };
  if (cfg.model === "deep-linear" && model !== "deep-linear") next.points = defaultConfig().points;
  // The diagonal run is one call (observeDataRun), not streamed: it has its own step count, left behind on the way out.
  if (cfg.model === "diagonal" && model !== "diagonal") next.steps = defaultConfig().steps;
  next.eta = etaAtFraction(frac, edgeOf(next).etaCritical);
  next.theta0 = startOf(next);
  return next;
}

export type PresetName = "subcritical" | "critical" | "supercritical" | "beyond";
export const PRESETS: readonly PresetName[] = ["subcritical", "critical", "supercritical", "beyond"];

const paperEta = (regime: string): number => PAPER_FIGURES.find((f) => f.regime === regime)!.eta;
const paperFraction = (regime: string): number => roundTo(paperEta(regime) / edgeOfStability(PAPER_DEPTH, PAPER_TARGET).etaCritical, 12);

/**
 * η/η_c of each preset. The first three are the paper's Figures 2–4
 * (PAPER_FIGURES: η = 0.39, 0.4, 0.408 at depth 5, y = 1), kept as fractions
 * of η_c so that they carry over to every depth and target; "beyond"
 * (1.28, η = 0.512 at depth 5) is the explorer's own, far above η_c.
 */
const PRESET_FRACTION: Record<PresetName, number> = {
  subcritical: paperFraction("subcritical"),
  critical: paperFraction("critical"),
  supercritical: paperFraction("supercritical"),
  beyond: 1.28,
};

/** The zero-sum direction of the explorer's starts for p ≥ 3: 0.3·w, wᵢ evenly spaced in [−1, 1]. */
export function spreadDirection(depth: number): number[] {
  return Array.from({ length: depth }, (_, i) => 0.3 * (-1 + (2 * i) / (depth - 1)));
}

/**
 * The start of the explorer's presets. p = 2: the library's defaultStart
 * (at y = 1 the check point (1.8, 1/1.8 + 0.02) of docs/design.md §1).
 * p ≥ 3: the library's startNearM (on M at |y|^{1/p}·exp(u), then 0.01 off
 * it along the normal, docs/design.md §1), but along spreadDirection rather
 * than defaultStart's u = 0.35·(1, −1, 0, …)/√2. Why: the subcritical preset
 * (η = 0.975·η_c) needs λ(θ∥₀) > 2/η = λ* ÷ 0.975, and defaultStart's
 * λ(θ∥₀) ≈ λ*(1 + 0.245/p) falls below that from p = 10, where the preset
 * would start under the edge ("stable"). Spreading u over every coordinate
 * keeps λ(θ∥₀) ≥ 1.07·λ* at every depth the explorer offers.
 */
export function explorerStart(depth: number, target: number): number[] {
  if (depth === 2) return Array.from(defaultStart(2, target));
  return Array.from(startNearM(spreadDirection(depth), target));
}

/** η for a fraction of η_c, rounded to 6 significant digits so URLs stay readable (1 → η_c exactly). Any model. */
export function etaAtFraction(frac: number, etaCritical: number): number {
  return frac === 1 ? etaCritical : roundTo(frac * etaCritical, 6);
}

/** etaAtFraction for the deep scalar network of this depth and target. */
export function etaFromFraction(frac: number, depth: number, target: number): number {
  return etaAtFraction(frac, edgeOfStability(depth, target).etaCritical);
}

export function presetConfig(name: PresetName, base: ExplorerConfig): ExplorerConfig {
  return { ...base, eta: etaAtFraction(PRESET_FRACTION[name], edgeOf(base).etaCritical), theta0: startOf(base) };
}

export function defaultConfig(depth = 5, target = 1): ExplorerConfig {
  return {
    model: "deep",
    widths: [],
    input: [],
    depth,
    target,
    eta: edgeOfStability(depth, target).etaCritical,
    theta0: explorerStart(depth, target),
    steps: 100_000,
    points: 1500,
    xlog: true,
    bifFrom: 0.875,
    bifTo: 1.4,
    bifCount: 240,
  };
}

/**
 * The configuration an explorer starts from: the URL's (or the defaults),
 * with the caller's options over it; a θ₀ that does not fit the depth is
 * replaced by the explorer's start.
 */
export function initialConfig(base: ExplorerConfig, options?: Partial<ExplorerConfig>): ExplorerConfig {
  const cfg = options ? { ...base, ...options } : { ...base };
  if (cfg.theta0.length !== cfg.depth) cfg.theta0 = startOf(cfg);
  return cfg;
}

/** A patch from the page (ExplorerHandle.set): a new depth without a θ₀ of its own gets the explorer's start. */
export function patchConfig(cfg: ExplorerConfig, patch: Partial<ExplorerConfig>): ExplorerConfig {
  // Another model family: its own defaults first (widths, input, target, start), then the rest of the patch.
  if (patch.model !== undefined && patch.model !== cfg.model) {
    const base = switchModel(cfg, patch.model);
    const out = { ...base, ...patch };
    if (!patch.theta0 || patch.theta0.length !== out.depth) out.theta0 = startOf(out);
    // η keeps its fraction of η_c, of the model as patched (a new target moves η_c).
    if (patch.eta === undefined) {
      out.eta = etaAtFraction(cfg.eta / edgeOf(cfg).etaCritical, edgeOf(out).etaCritical);
    }
    return out;
  }
  const depthChanged = patch.depth !== undefined && patch.depth !== cfg.depth;
  const out = { ...cfg, ...patch };
  if (depthChanged && !patch.theta0) out.theta0 = startOf(out);
  return out;
}

/** Another model (depth or target) from the controls: η keeps its fraction of η_c, θ₀ is the new model's start. */
export function changeModel(cfg: ExplorerConfig, depth: number, target: number): ExplorerConfig {
  const frac = cfg.eta / edgeOfStability(cfg.depth, cfg.target).etaCritical;
  return { ...cfg, depth, target, eta: etaFromFraction(frac, depth, target), theta0: explorerStart(depth, target) };
}

/** θ₀ as typed into the start field (numbers separated by commas or spaces), or null unless it is `depth` finite numbers. */
export function parseStartText(text: string, depth: number): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean).map(Number);
  return parts.length === depth && parts.every(Number.isFinite) ? parts : null;
}

/** The η values of the bifurcation view: bifCount of them, evenly spaced from bifFrom·η_c to bifTo·η_c. */
export function bifurcationEtas(cfg: ExplorerConfig): number[] {
  const { etaCritical } = edgeOf(cfg);
  const etas: number[] = [];
  for (let i = 0; i < cfg.bifCount; i++) etas.push(etaCritical * (cfg.bifFrom + ((cfg.bifTo - cfg.bifFrom) * i) / (cfg.bifCount - 1)));
  return etas;
}

function roundTo(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

function num(v: string | null | undefined): number | undefined {
  if (v === null || v === undefined || v.trim() === "") return undefined;
  const x = Number(v);
  return Number.isFinite(x) ? x : undefined;
}

function clampInt(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(x)));
}

/**
 * Reads a configuration from URL search parameters (or element attributes,
 * through the same names): `model=scalar|deep`, `depth`, `target`, `eta` or
 * `etaFrac` (η/η_c), `init=a,b,…`, `steps`, `points`, `xlog=0|1`,
 * `bif=from,to,count`. Anything missing or malformed falls back to the
 * default; a θ₀ of the wrong length is replaced by the default start.
 */
export function parseConfig(get: (name: string) => string | null | undefined): ExplorerConfig {
  const model = get("model");
  if (model === "deep-linear" || model === "tanh-chain" || model === "diagonal") return parseOtherModel(model, get);
  let depth = num(get("depth")) ?? num(get("p")) ?? (model === "scalar" ? 2 : 5);
  if (model === "scalar") depth = 2;
  depth = clampInt(depth, MIN_DEPTH, MAX_DEPTH);
  let target = num(get("target")) ?? num(get("y")) ?? 1;
  if (!(target > 0)) target = 1;
  const cfg = defaultConfig(depth, target);

  const eta = num(get("eta"));
  const frac = num(get("etaFrac"));
  if (eta !== undefined && eta > 0) cfg.eta = eta;
  else if (frac !== undefined && frac > 0) cfg.eta = etaFromFraction(frac, depth, target);

  const init = get("init");
  if (init) {
    const parts = init.split(",").map((s) => Number(s.trim()));
    if (parts.length === depth && parts.every((x) => Number.isFinite(x))) cfg.theta0 = parts;
  }
  readRunParams(cfg, get);
  return cfg;
}

/** The URL parameters every model shares (steps, points, xlog, bif), read into cfg; malformed ones are ignored. */
function readRunParams(cfg: ExplorerConfig, get: (name: string) => string | null | undefined): void {
  const steps = num(get("steps"));
  if (steps !== undefined) cfg.steps = clampInt(steps, MIN_STEPS, MAX_STEPS);
  const points = num(get("points"));
  if (points !== undefined) cfg.points = clampInt(points, 50, 20_000);
  const xlog = get("xlog");
  if (xlog === "0" || xlog === "false") cfg.xlog = false;
  const bif = get("bif");
  if (bif) {
    const [a, b, c] = bif.split(",").map(Number);
    if (a! > 0 && b! > a! && c! >= 2) {
      cfg.bifFrom = a!;
      cfg.bifTo = b!;
      cfg.bifCount = clampInt(c!, 2, 2000);
    }
  }
}

const numberList = (v: string | null | undefined): number[] | null => {
  if (!v) return null;
  const a = v.split(",").map((s) => Number(s.trim()));
  return a.length && a.every(Number.isFinite) ? a : null;
};

/**
 * `model=deep-linear&widths=3,4,4,1&input=0.5,-1,2` or
 * `model=tanh-chain&depth=3&input=1&target=0.5`, with the deep scalar's
 * other parameters (eta or etaFrac, init, steps, points, xlog, bif); a
 * malformed model part falls back to that model's defaults.
 */
function parseOtherModel(model: "deep-linear" | "tanh-chain" | "diagonal", get: (name: string) => string | null | undefined): ExplorerConfig {
  const base = defaultConfig();
  let cfg: ExplorerConfig;
  if (model === "deep-linear") {
    let widths = numberList(get("widths"));
    let input = numberList(get("input"));
    const ok =
      widths !== null && widths.length >= 3 && widths.every((d) => Number.isInteger(d) && d >= 1) && widths[widths.length - 1] === 1 && paramCount(widths) <= MAX_LINEAR_PARAMS;
    if (!ok) widths = [...DEEP_LINEAR_DEFAULTS.widths];
    if (!input || input.length !== widths![0] || input.every((x) => x === 0)) input = widths![0] === 3 ? [...DEEP_LINEAR_DEFAULTS.input] : Array.from({ length: widths![0]! }, () => 1);
    let target = num(get("target")) ?? 1;
    if (target === 0) target = 1;
    cfg = { ...base, model, widths: widths!, input, depth: paramCount(widths!), target, points: DEEP_LINEAR_POINTS };
  } else if (model === "diagonal") {
    // The data set is built in (DIAGONAL_PRESET): of the model, only the start is read from the URL.
    cfg = { ...base, model, widths: [], input: [], depth: DIAGONAL_PRESET.theta0.length, target: 1, steps: DIAGONAL_STEPS };
  } else {
    const depth = clampInt(num(get("depth")) ?? TANH_DEFAULTS.depth, 2, MAX_DEPTH);
    let x = num(get("input")) ?? TANH_DEFAULTS.input[0];
    if (x === 0) x = TANH_DEFAULTS.input[0];
    let target = num(get("target")) ?? TANH_DEFAULTS.target;
    if (target === 0) target = TANH_DEFAULTS.target;
    cfg = { ...base, model, widths: [], input: [x], depth, target };
  }
  const ec = edgeOf(cfg).etaCritical;
  cfg.eta = ec;
  const eta = num(get("eta"));
  const frac = num(get("etaFrac"));
  if (eta !== undefined && eta > 0) cfg.eta = eta;
  else if (frac !== undefined && frac > 0) cfg.eta = etaAtFraction(frac, ec);
  const init = numberList(get("init"));
  cfg.theta0 = init && init.length === cfg.depth ? init : startOf(cfg);
  readRunParams(cfg, get);
  return cfg;
}

/** The URL search string for a configuration (inverse of parseConfig). */
export function serializeConfig(cfg: ExplorerConfig): string {
  const p = new URLSearchParams();
  if (cfg.model === "diagonal") p.set("model", "diagonal");
  else if (cfg.model === "deep-linear" || cfg.model === "tanh-chain") {
    p.set("model", cfg.model);
    if (cfg.model === "deep-linear") p.set("widths", cfg.widths.join(","));
    else p.set("depth", String(cfg.depth));
    p.set("input", cfg.input.map(String).join(","));
    p.set("target", String(cfg.target));
  } else p.set("model", cfg.depth === 2 ? "scalar" : "deep");
  if (cfg.model === "deep" && cfg.depth !== 2) p.set("depth", String(cfg.depth));
  if (cfg.model === "deep" && cfg.target !== 1) p.set("target", String(cfg.target));
  p.set("eta", String(cfg.eta));
  p.set("init", cfg.theta0.map(String).join(","));
  p.set("steps", String(cfg.steps));
  const d = defaultConfig(cfg.depth, cfg.target);
  if (cfg.points !== d.points) p.set("points", String(cfg.points));
  if (!cfg.xlog) p.set("xlog", "0");
  if (cfg.bifFrom !== d.bifFrom || cfg.bifTo !== d.bifTo || cfg.bifCount !== d.bifCount) {
    p.set("bif", `${cfg.bifFrom},${cfg.bifTo},${cfg.bifCount}`);
  }
  return p.toString();
}

/**
 * Every step of the last TAIL_STEPS of a run is recorded, for period
 * detection: analyseRun's default tail, so observeRun sees the same tail in
 * the explorer as in `eoslab run`.
 */
export const TAIL_STEPS = DEFAULT_TAIL_STEPS;

/**
 * The explorer's record plan for a run of n steps, as absolute step numbers
 * (the worker hands them to runTrajectory as `record: { steps }`): every step
 * up to 100, then about `points` steps spaced geometrically, odd and even in
 * turn, then every step of the last TAIL_STEPS, ending at n.
 *
 * Not the library's recordSteps (src/series/record-plan.ts), which turns a
 * RecordPlan into steps; no RecordPlan gives this one, for two reasons the
 * plots have: a period-2 oscillation sampled at two even (or two odd) steps
 * in a row would draw as a gap in the band between its branches, so parity
 * alternates; and the dense tail is what period detection reads. Shared by
 * the explorer's worker and (through the page) the Node side of the browser
 * test, so both record exactly the same steps.
 */
export function explorerRecordSteps(n: number, points: number): Float64Array {
  const out: number[] = [];
  const dense = Math.min(n, 100);
  for (let t = 0; t <= dense; t++) out.push(t);
  if (n > dense) {
    const m = Math.max(2, points - dense);
    // Portable log/exp: Node's tests replay these exact steps (docs/determinism-and-memory.md).
    const ratio = portableLog(n / dense) / m;
    let last = dense;
    for (let i = 1; i <= m; i++) {
      let t = Math.round(dense * portableExp(ratio * i));
      if ((t - last) % 2 === 0) t += 1;
      if (t > last && t <= n - TAIL_STEPS) {
        out.push(t);
        last = t;
      }
    }
    const start = Math.max(last + 1, n - TAIL_STEPS + 1);
    if ((start - last) % 2 === 0 && last > dense) out.pop(); // keep the parity alternating into the tail
    for (let t = start; t <= n; t++) out.push(t);
  }
  return Float64Array.from(out);
}
