// The explorer's configuration: what a run is, and how it is written into a
// URL so that a view can be shared. Pure functions, no DOM: the vitest suite
// checks them in Node (test/explorer-config.test.ts).

/** The four plots and the bifurcation view an explorer can show. */
export type PlotName = "loss" | "thetaPerp" | "distPar" | "lambdaPar" | "bifurcation";
export const ALL_PLOTS: readonly PlotName[] = ["loss", "thetaPerp", "distPar", "lambdaPar", "bifurcation"];

export interface ExplorerConfig {
  /** p: 2 is the scalar factorisation f = ab, p ≥ 3 the deep scalar f = θ₁⋯θ_p. */
  depth: number;
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

/** λ* = p·y^{2−2/p} and θ∥* = y^{1/p}·1 (DESIGN §1), for y > 0. */
export function flattest(depth: number, target: number): { lambdaStar: number; etaCritical: number; rootY: number } {
  const lambdaStar = depth * Math.pow(target, 2 - 2 / depth);
  return { lambdaStar, etaCritical: 2 / lambdaStar, rootY: Math.pow(target, 1 / depth) };
}

export type PresetName = "subcritical" | "critical" | "supercritical" | "beyond";
export const PRESETS: readonly PresetName[] = ["subcritical", "critical", "supercritical", "beyond"];

/** η/η_c of each preset: 0.39, 0.4, 0.408 and 0.512 at the paper's depth 5. */
const PRESET_FRACTION: Record<PresetName, number> = {
  subcritical: 0.975,
  critical: 1,
  supercritical: 1.02,
  beyond: 1.28,
};

/**
 * The documented start of the presets. p = 2: DESIGN §1's check point
 * (a, b) = (1.8, 1/1.8 + 0.02). p ≥ 3: θᵢ = y^{1/p}(1 + 0.3·wᵢ), wᵢ evenly
 * spaced in [−1, 1]: unbalanced, so λ(θ∥₀) is above 2/η for the subcritical
 * preset, and off M (f(θ₀) ≠ y), as DESIGN §4 asks of a start.
 */
export function defaultStart(depth: number, target: number): number[] {
  if (depth === 2) {
    const s = Math.sqrt(target);
    return [1.8 * s, s / 1.8 + 0.02 * s];
  }
  const r = flattest(depth, target).rootY;
  const out: number[] = [];
  for (let i = 0; i < depth; i++) out.push(roundTo(r * (1 + 0.3 * (-1 + (2 * i) / (depth - 1))), 12));
  return out;
}

/** η for a fraction of η_c, rounded to 6 significant digits so URLs stay readable (1 → η_c exactly). */
export function etaFromFraction(frac: number, depth: number, target: number): number {
  const ec = flattest(depth, target).etaCritical;
  if (frac === 1) return ec;
  return roundTo(frac * ec, 6);
}

export function presetConfig(name: PresetName, base: ExplorerConfig): ExplorerConfig {
  const frac = PRESET_FRACTION[name];
  return {
    ...base,
    eta: etaFromFraction(frac, base.depth, base.target),
    theta0: defaultStart(base.depth, base.target),
  };
}

export function defaultConfig(depth = 5, target = 1): ExplorerConfig {
  return {
    depth,
    target,
    eta: flattest(depth, target).etaCritical,
    theta0: defaultStart(depth, target),
    steps: 100_000,
    points: 1500,
    xlog: true,
    bifFrom: 0.875,
    bifTo: 1.4,
    bifCount: 240,
  };
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
  return cfg;
}

/** The URL search string for a configuration (inverse of parseConfig). */
export function serializeConfig(cfg: ExplorerConfig): string {
  const p = new URLSearchParams();
  p.set("model", cfg.depth === 2 ? "scalar" : "deep");
  if (cfg.depth !== 2) p.set("depth", String(cfg.depth));
  if (cfg.target !== 1) p.set("target", String(cfg.target));
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

/** Every step of the last TAIL_STEPS of a run is recorded, for period detection (observeRun's tail). */
export const TAIL_STEPS = 64;

/**
 * The recorded steps of a run of n steps: every step up to 100, then about
 * `points` steps spaced geometrically, odd and even in turn, then every step
 * of the last TAIL_STEPS, ending at n. Shared by the explorer's worker and
 * (through the page) the Node side of the browser test, so both record
 * exactly the same steps.
 */
export function recordSteps(n: number, points: number): Float64Array {
  const out: number[] = [];
  const dense = Math.min(n, 100);
  for (let t = 0; t <= dense; t++) out.push(t);
  if (n > dense) {
    const m = Math.max(2, points - dense);
    const ratio = Math.log(n / dense) / m;
    let last = dense;
    for (let i = 1; i <= m; i++) {
      let t = Math.round(dense * Math.exp(ratio * i));
      // Alternate the parity of recorded steps: a period-2 oscillation
      // sampled at two even (or two odd) steps in a row would draw as a
      // gap in the band between its branches.
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
