// A sweep spec: one model, its fixed settings, and the axes of a Cartesian grid (docs/sweeps.md). Parsing,
// validation (one-line InvalidArgumentError per bad field) and grid expansion. Browser-safe: no Node imports.
import { InvalidArgumentError } from "../errors.js";
import { argInt, argObject, describeArg } from "../check-args.js";
import { MAX_MODEL_DIM } from "../models/codim1.js";
import { portablePow } from "../linalg/portable-math.js"; // a log axis's values are run inputs: the same in every engine

/**
 * Every model a sweep spec takes: the ones `eoslab run` takes.
 * @category Sweeps
 */
export const SPEC_MODELS = ["deep-scalar", "scalar", "deep-linear", "tanh-chain", "diagonal", "two-layer", "linear", "deep-linear-data", "tanh-mlp"] as const;
/**
 * A model a sweep spec runs: any model `eoslab run` takes.
 * @category Sweeps
 */
export type SpecModel = (typeof SPEC_MODELS)[number];
const CODIM1: readonly SpecModel[] = ["deep-scalar", "scalar", "deep-linear", "tanh-chain"];
const DATA: readonly SpecModel[] = ["diagonal", "two-layer", "linear", "deep-linear-data", "tanh-mlp"];

/**
 * One setting's value: a number, a list of numbers (widths, init, input), a string (a data file) or a boolean (header).
 * @category Sweeps
 */
export type SettingValue = number | number[] | string | boolean;

/** The settings a spec knows: which models take each, whether it may be an axis, and how a value is checked. */
interface SettingRule {
  models: readonly SpecModel[];
  axis: boolean;
  /** A one-line complaint about v ("must be …, got …"), or null when v is good. */
  check: (v: unknown) => string | null;
}

const got = (v: unknown): string => `got ${describeArg(v)}`;
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const positive = (v: unknown): string | null => (isNum(v) && v > 0 ? null : `must be a finite number > 0, ${got(v)}`);
const nonZero = (v: unknown): string | null => (isNum(v) && v !== 0 ? null : `must be a finite non-zero number (y = 0 is not a regular value), ${got(v)}`);
const intIn = (lo: number, hi: number) => (v: unknown): string | null => (Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi ? null : `must be an integer in [${lo}, ${hi}], ${got(v)}`);
const numList = (v: unknown): string | null => (Array.isArray(v) && v.length > 0 && v.every(isNum) ? null : `must be a non-empty list of finite numbers, ${got(v)}`);

const RULES: Record<string, SettingRule> = {
  eta: { models: SPEC_MODELS, axis: true, check: positive },
  etaFrac: { models: SPEC_MODELS, axis: true, check: positive },
  depth: { models: ["deep-scalar", "tanh-chain"], axis: true, check: intIn(2, MAX_MODEL_DIM) },
  target: { models: CODIM1, axis: true, check: nonZero },
  widths: {
    models: ["deep-linear", "deep-linear-data"], axis: true,
    check: (v) => (Array.isArray(v) && v.length >= 3 && v.every((d) => Number.isInteger(d) && d >= 1 && d <= 4096) && v[v.length - 1] === 1 ? null
      : `must list integers d0, d1, …, 1 in [1, 4096] (at least one hidden width, ending with the output 1), ${got(v)}`),
  },
  width: { models: ["deep-linear", "two-layer", "deep-linear-data", "tanh-mlp"], axis: true, check: intIn(1, 4096) },
  layers: { models: ["tanh-mlp"], axis: true, check: intIn(1, 2) },
  input: {
    models: ["deep-linear", "tanh-chain"], axis: false,
    check: (v) => (isNum(v) && v !== 0) || (Array.isArray(v) && v.length > 0 && v.every(isNum) && v.some((x) => x !== 0)) ? null : `must be a number ≠ 0 (tanh-chain) or a list of numbers, not all 0 (deep-linear), ${got(v)}`,
  },
  init: { models: ["deep-scalar", "scalar", "tanh-chain"], axis: false, check: numList },
  initSeed: { models: ["deep-linear", ...DATA], axis: true, check: intIn(0, 2 ** 32 - 1) },
  initScale: { models: ["deep-linear", ...DATA], axis: true, check: positive },
  data: { models: DATA, axis: true, check: (v) => (typeof v === "string" && v.trim() !== "" ? null : `must be a file path (a non-empty string), ${got(v)}`) },
  header: { models: DATA, axis: false, check: (v) => (typeof v === "boolean" ? null : `must be true or false, ${got(v)}`) },
};

/** The names a spec's `fixed` and `axes` take. */
const SPEC_SETTINGS = Object.keys(RULES);
/** The extras a spec's `record` may ask for. */
const RECORD_FIELDS = ["attractor", "theta"] as const;

/**
 * One axis of a grid: its setting and its values, in grid order.
 * @category Sweeps
 */
export interface SweepAxis {
  name: string;
  values: SettingValue[];
  /** The range the values were made from, when the spec gave one (kept so a header stores 4 numbers, not 10⁶). */
  range?: { from: number; to: number; count: number; log?: boolean };
}

/**
 * A validated sweep spec: the model, the settings every point shares, the axes (the last varies fastest) and what
 * each point runs and records. Made by {@link parseSweepSpec}; JSON-able, so it is also what a JSONL header stores.
 * @category Sweeps
 */
export interface SweepSpec {
  model: SpecModel;
  /** The fixed settings, keys sorted. */
  fixed: Record<string, SettingValue>;
  axes: SweepAxis[];
  steps: number;
  tail: number;
  /** Extras each JSON line carries: attractor (the last `tail` θ⊥ values, default true), theta (the final θ, default false). */
  record: { attractor: boolean; theta: boolean };
}

/** The largest grid a spec may describe (a JSONL index stays exact, and a grid this size is weeks of work anyway). */
const MAX_GRID_POINTS = 1e9;
const MAX_STEPS = 1e10;
/** The largest {from,to,count} axis. */
const MAX_AXIS_COUNT = 1e7;

const fail = (where: string, msg: string): never => {
  throw new InvalidArgumentError(`sweep spec: ${where} ${msg}`);
};

/** Values of a range axis {from, to, count[, log]}: evenly spaced (the η grid's formula), or geometrically with log. */
function rangeValues(where: string, r: Record<string, unknown>): number[] {
  for (const k of Object.keys(r)) if (!["from", "to", "count", "log"].includes(k)) fail(where, `has an unknown field "${k}"; a range is {from, to, count[, log]}`);
  const { from, to, count, log } = r;
  if (!isNum(from)) fail(`${where}.from`, `must be a finite number, ${got(from)}`);
  if (!isNum(to)) fail(`${where}.to`, `must be a finite number, ${got(to)}`);
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_AXIS_COUNT) fail(`${where}.count`, `must be an integer in [1, ${MAX_AXIS_COUNT}], ${got(count)}`);
  if (log !== undefined && typeof log !== "boolean") fail(`${where}.log`, `must be true or false, ${got(log)}`);
  const a = from as number, b = to as number, n = count as number;
  if (log && !(a > 0 && b > 0)) fail(where, `is log-spaced, so from and to must be > 0, got from ${a}, to ${b}`);
  const out: number[] = [];
  // The linear formula is gridEta's (src/experiments/bifurcation.ts), so `eoslab sweep --from --to --count` and the
  // same range in a spec give bit-identical η.
  for (let i = 0; i < n; i++) out.push(n === 1 ? a : log ? a * portablePow(b / a, i / (n - 1)) : a + ((b - a) * i) / (n - 1));
  if (log && n > 1) out[n - 1] = b;
  return out;
}

/** Checks one value of a setting; the message names where it is. */
function checkValue(where: string, name: string, v: unknown): SettingValue {
  const msg = RULES[name].check(v);
  if (msg !== null) fail(where, msg);
  return Array.isArray(v) ? [...v] : (v as SettingValue);
}

/**
 * Validates a sweep spec (the parsed JSON of a spec file) field by field. Each problem is an InvalidArgumentError
 * with a one-line message naming the field ("sweep spec: axes.depth[2] must be an integer in [2, 4096], got 1.5").
 * Every setting may be fixed or, where marked, an axis (a list of values, or {from, to, count[, log]}):
 * eta | etaFrac (exactly one), depth, target, widths, width, layers, initSeed, initScale, data; input, init, header are fixed only.
 * @example
 * const spec = parseSweepSpec({ model: "deep-scalar", fixed: { target: 1 }, axes: { depth: [2, 3], etaFrac: { from: 0.9, to: 1.1, count: 5 } }, steps: 20000 });
 * @category Sweeps
 */
export function parseSweepSpec(raw: unknown): SweepSpec {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new InvalidArgumentError(`sweep spec: must be a JSON object {model, fixed, axes, steps, tail, record}, ${got(raw)}`);
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!["model", "fixed", "axes", "steps", "tail", "record"].includes(k)) fail(`field "${k}"`, "is not known; a spec has model, fixed, axes, steps, tail and record");
  if (typeof o.model !== "string" || !(SPEC_MODELS as readonly string[]).includes(o.model)) fail("model", `must be one of ${SPEC_MODELS.join(", ")}, ${got(o.model)}`);
  const model = o.model as SpecModel;
  const fixedIn = o.fixed ?? {};
  if (fixedIn === null || typeof fixedIn !== "object" || Array.isArray(fixedIn)) fail("fixed", `must be an object of settings, ${got(fixedIn)}`);
  const axesIn = o.axes;
  if (axesIn === null || typeof axesIn !== "object" || Array.isArray(axesIn)) fail("axes", `must be an object {name: [values] or {from, to, count}} with at least one axis, ${got(axesIn)}`);
  if (Object.keys(axesIn as object).length === 0) fail("axes", "is empty; give at least one axis, e.g. \"eta\": {\"from\": 0.3, \"to\": 0.5, \"count\": 21}");
  const applies = (where: string, name: string): void => {
    const rule = RULES[name];
    if (!rule) fail(where, `is not a setting; use ${SPEC_SETTINGS.join(", ")}`);
    if (!rule.models.includes(model)) fail(where, `does not apply to model ${model} (only to ${rule.models.join(", ")})`);
  };
  const fixed: Record<string, SettingValue> = {};
  for (const name of Object.keys(fixedIn as object).sort()) {
    applies(`fixed.${name}`, name);
    fixed[name] = checkValue(`fixed.${name}`, name, (fixedIn as Record<string, unknown>)[name]);
  }
  const axes: SweepAxis[] = [];
  for (const [name, a] of Object.entries(axesIn as Record<string, unknown>)) {
    const where = `axes.${name}`;
    applies(where, name);
    if (!RULES[name].axis) fail(where, "cannot be an axis; put it in fixed");
    if (name in fixed) fail(where, `is also in fixed; give ${name} in one place`);
    let values: SettingValue[];
    let range: SweepAxis["range"];
    if (Array.isArray(a)) {
      if (a.length === 0) fail(where, "is an empty list; give at least one value");
      if (a.length > MAX_AXIS_COUNT) fail(where, `has ${a.length} values, more than ${MAX_AXIS_COUNT}`);
      values = a.map((v, i) => checkValue(`${where}[${i}]`, name, v));
    } else if (a !== null && typeof a === "object") {
      if (name === "widths" || name === "data") fail(where, `must be a list of values (${name === "data" ? "file paths" : "width lists"}), not a range`);
      values = rangeValues(where, a as Record<string, unknown>);
      const r = a as { from: number; to: number; count: number; log?: boolean };
      range = { from: r.from, to: r.to, count: r.count, ...(r.log ? { log: true } : {}) };
      values.forEach((v, i) => {
        const msg = RULES[name].check(v);
        if (msg !== null) fail(`${where} (value ${i} of the range, ${v})`, `${msg.replace(/, got .*$/, "")}; give a list instead`);
      });
    } else values = fail(where, `must be a list of values or {from, to, count[, log]}, ${got(a)}`);
    const seen = new Set(values.map((v) => JSON.stringify(v)));
    if (seen.size !== values.length) fail(where, "repeats a value; each grid point would be run twice");
    axes.push(range ? { name, values, range } : { name, values });
  }
  const has = (n: string): boolean => n in fixed || axes.some((a) => a.name === n);
  // The learning rate: exactly one of η and η/η_c, as `eoslab run` takes exactly one of --eta and --eta-frac.
  if (has("eta") === has("etaFrac")) fail("learning rate:", `give exactly one of eta and etaFrac (fixed or as an axis)${has("eta") ? ", not both" : ""}`);
  if ((model === "deep-linear" || model === "deep-linear-data") && !has("widths")) fail("widths", `is missing: model ${model} needs widths [d0, …, 1] (fixed, or an axis)`);
  if (model === "deep-linear" && !("input" in fixed)) fail("fixed.input", "is missing: model deep-linear needs input [x1, …, x_d0]");
  if ((model === "deep-linear" || model === "deep-linear-data") && has("widths") && has("width") && !("widths" in fixed)) fail("axes.width", "needs fixed widths (width replaces each hidden width of widths); drop one of the two axes");
  if ((model === "two-layer" || model === "tanh-mlp") && !has("width")) fail("width", `is missing: model ${model} needs its hidden width h (fixed, or an axis)`);
  if ((DATA as readonly string[]).includes(model) && !has("data")) fail("data", `is missing: model ${model} needs a data file (JSON {"X", "y"} or CSV with y last)`);
  if (model === "tanh-chain" && typeof fixed.input === "object") fail("fixed.input", "must be one number for model tanh-chain");
  if (model === "deep-linear" && typeof fixed.input === "number") fail("fixed.input", "must be a list [x1, …, x_d0] for model deep-linear");
  if ("init" in fixed && has("depth") && !("depth" in fixed)) fail("fixed.init", "gives one start, but depth is an axis; drop init to use the default start at each depth");
  if ("init" in fixed) {
    const p = model === "scalar" ? 2 : typeof fixed.depth === "number" ? fixed.depth : model === "tanh-chain" ? 3 : 5;
    if ((fixed.init as number[]).length !== p) fail("fixed.init", `has ${(fixed.init as number[]).length} entries, depth is ${p}`);
  }
  if (model === "deep-linear" && Array.isArray(fixed.input)) {
    const d0s = "widths" in fixed ? [(fixed.widths as number[])[0]] : (axes.find((a) => a.name === "widths")?.values ?? []).map((w) => (w as number[])[0]);
    for (const d0 of d0s) if (d0 !== (fixed.input as number[]).length) fail("fixed.input", `has ${(fixed.input as number[]).length} entries, widths starts with d0 = ${d0}`);
  }
  if (o.steps === undefined) fail("steps", "is missing: give the GD steps per grid point");
  if (!Number.isInteger(o.steps) || (o.steps as number) < 4 || (o.steps as number) > MAX_STEPS) fail("steps", `must be an integer in [4, ${MAX_STEPS}], ${got(o.steps)}`);
  const tail = o.tail ?? 64;
  if (!Number.isInteger(tail) || (tail as number) < 2 || (tail as number) > 1e5) fail("tail", `must be an integer in [2, 100000], ${got(tail)}`);
  if ((o.steps as number) < 2 * (tail as number)) fail("steps", `must be at least 2·tail = ${2 * (tail as number)}, got ${o.steps}`);
  const record = { attractor: true, theta: false };
  if (o.record !== undefined) {
    if (!Array.isArray(o.record)) fail("record", `must be a list of extras to record (${RECORD_FIELDS.join(", ")}), ${got(o.record)}`);
    record.attractor = false;
    for (const [i, r] of (o.record as unknown[]).entries()) {
      if (!(RECORD_FIELDS as readonly unknown[]).includes(r)) fail(`record[${i}]`, `must be one of ${RECORD_FIELDS.join(", ")}, ${got(r)}`);
      record[r as "attractor" | "theta"] = true;
    }
  }
  const size = axes.reduce((n, a) => n * a.values.length, 1);
  if (size > MAX_GRID_POINTS) fail("axes", `make a grid of ${size} points, more than ${MAX_GRID_POINTS}`);
  return { model, fixed, axes, steps: o.steps as number, tail: tail as number, record };
}

/** The spec as JSON that parseSweepSpec reads back to an equal spec (what a JSONL header stores). */
export function specToJson(spec: SweepSpec): Record<string, unknown> {
  return {
    model: spec.model, fixed: spec.fixed, axes: Object.fromEntries(spec.axes.map((a) => [a.name, a.range ?? a.values])), steps: spec.steps, tail: spec.tail,
    record: RECORD_FIELDS.filter((r) => spec.record[r]),
  };
}

/**
 * The number of grid points: the product of the axes' lengths.
 * @example
 * gridSize(spec); // e.g. 2 depths × 5 η = 10
 * @category Sweeps
 */
export function gridSize(spec: SweepSpec): number {
  argObject("gridSize", "spec", spec);
  if (!Array.isArray(spec.axes)) throw new InvalidArgumentError(`gridSize: spec.axes must be a list of axes, ${got(spec.axes)}`);
  return spec.axes.reduce((n, a) => n * a.values.length, 1);
}

/**
 * The coordinates of grid point `index` (0-based): one value per axis. Row-major in the axes' order: the last axis
 * varies fastest, so a one-axis spec's index is that axis's position (as `eoslab sweep --count` numbers η).
 * @example
 * gridCoordinates(spec, 0); // { depth: 2, etaFrac: 0.9 }: the first value of every axis
 * @category Sweeps
 */
export function gridCoordinates(spec: SweepSpec, index: number): Record<string, SettingValue> {
  argObject("gridCoordinates", "spec", spec); argInt("gridCoordinates", "index", index);
  const n = gridSize(spec);
  if (index < 0 || index >= n) throw new InvalidArgumentError(`gridCoordinates: index must be in 0..${n - 1}, got ${index}`);
  const out: Record<string, SettingValue> = {};
  let k = index;
  for (let a = spec.axes.length - 1; a >= 0; a--) {
    const ax = spec.axes[a];
    out[ax.name] = ax.values[k % ax.values.length];
    k = Math.floor(k / ax.values.length);
  }
  // Axis order, not the reverse order they were filled in.
  return Object.fromEntries(spec.axes.map((ax) => [ax.name, out[ax.name]]));
}

/** The spec `eoslab sweep --depth --target --from --to --count --steps --tail` stands for: η alone, from a given start. */
export function etaSpec(s: { depth: number; target: number; from: number; to: number; count: number; steps: number; tail: number; theta0: number[] }): SweepSpec {
  return parseSweepSpec({
    model: "deep-scalar", fixed: { depth: s.depth, init: s.theta0, target: s.target },
    axes: { eta: { from: s.from, to: s.to, count: s.count } }, steps: s.steps, tail: s.tail,
  });
}

/** What a sweep's fingerprint covers besides the spec: the eoslab version, the backend and the data files' hashes. */
export interface SweepRuntime {
  version: string;
  backend: string;
  /** Data file path → hash of its bytes (empty for models without data). */
  data: Record<string, string>;
}

/** The canonical text the fingerprint hashes: the spec and the runtime, keys in a fixed order. */
export function canonicalSpec(spec: SweepSpec, runtime: SweepRuntime): string {
  return JSON.stringify([
    ["model", spec.model], ["fixed", Object.entries(spec.fixed).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))],
    ["axes", spec.axes.map((a) => [a.name, a.range ?? a.values])], ["steps", spec.steps], ["tail", spec.tail],
    ["record", [spec.record.attractor, spec.record.theta]],
    ["version", runtime.version], ["backend", runtime.backend], ["data", Object.entries(runtime.data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))],
  ]);
}

/** The settings that differ between two headers, as "steps 1000 there, 2000 here" phrases (empty when they agree). */
export function specDiff(there: { spec: SweepSpec; runtime: SweepRuntime }, here: { spec: SweepSpec; runtime: SweepRuntime }, thereName = "there", hereName = "here"): string[] {
  const flat = (h: { spec: SweepSpec; runtime: SweepRuntime }): Map<string, string> => {
    const m = new Map<string, string>([["model", JSON.stringify(h.spec.model)], ["steps", String(h.spec.steps)], ["tail", String(h.spec.tail)], ["record", JSON.stringify(h.spec.record)]]);
    for (const [k, v] of Object.entries(h.spec.fixed)) m.set(k, JSON.stringify(v));
    for (const a of h.spec.axes) m.set(`axis ${a.name}`, a.range ? JSON.stringify(a.range) : a.values.length > 6 ? `${a.values.length} values ${JSON.stringify(a.values[0])}…${JSON.stringify(a.values[a.values.length - 1])}` : JSON.stringify(a.values));
    m.set("axis order", h.spec.axes.map((a) => a.name).join(","));
    m.set("eoslab version", h.runtime.version); m.set("backend", h.runtime.backend);
    for (const [k, v] of Object.entries(h.runtime.data)) m.set(`data ${k}`, v);
    return m;
  };
  const a = flat(there), b = flat(here);
  const out: string[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k) ?? "none", y = b.get(k) ?? "none";
    // An axis that differs also differs in "axis order" only when the names differ: report the values first.
    if (x !== y) out.push(`${k} ${x} ${thereName}, ${y} ${hereName}`);
  }
  return out;
}

/** Whether a model runs on data (several outputs, everything empirical). */
export function isDataModel(model: SpecModel): boolean {
  return (DATA as readonly string[]).includes(model);
}

/** The data files a spec reads (fixed and axis values), in order of first mention. */
export function specDataFiles(spec: SweepSpec): string[] {
  const files = new Set<string>();
  if (typeof spec.fixed.data === "string") files.add(spec.fixed.data);
  for (const a of spec.axes) if (a.name === "data") for (const v of a.values) files.add(v as string);
  return [...files];
}
