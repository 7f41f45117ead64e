import { readInputFile, readNpyVector } from "../../node/read-files.js";
import { DataFormatError, InvalidArgumentError } from "../../errors.js";
import type { DataModelKind, DataModelSpec } from "../../models/data-model.js";
import type { Dataset } from "../../dataset/dataset.js";
import { describeJson } from "../../dataset/excerpt.js";
import { parseJsonText } from "../../dataset/parse-json.js";
import { DATA_MODELS } from "./model-options.js";

/** Options shared by `sharpness` and the data runs of `run`: which model, and where the data are. */
export interface DataCliOptions {
  model: string;
  data?: string;
  X?: string;
  y?: string;
  hidden?: string;
  layers?: string;
  widths?: string;
  /** --header (true) / --no-header (false): how a CSV file's first line is read; undefined: by rule. */
  header?: boolean;
}

/**
 * `--widths d0,d1,…,1`: layer widths, integers in [1, 4096], at least one hidden width, ending with 1 (the scalar
 * output). With `d`, the first must be d (the data's input dimension); without, d0 is free (the one-input deep
 * linear network, whose d0 is the input's size).
 */
export function widthsFlag(raw: string, d?: number): number[] {
  const widths = raw.split(",").map((s) => Number(s.trim()));
  if (widths.some((w) => !Number.isSafeInteger(w) || w < 1 || w > 4096)) throw new InvalidArgumentError(`--widths must list integers in [1, 4096], got "${raw}"`);
  if (widths.length < 3) throw new InvalidArgumentError(`--widths needs ${d === undefined ? "d0" : "d"}, at least one hidden width and the output 1 (L ≥ 2 layers), got "${raw}"`);
  if (d !== undefined && widths[0] !== d) throw new InvalidArgumentError(`--widths must start with d = ${d}, the data's input dimension, got "${raw}"`);
  if (widths[widths.length - 1] !== 1) throw new InvalidArgumentError(`--widths must end with 1 (the scalar output), got "${raw}"`);
  return widths;
}

/** The data model the flags describe, for data of `ds.n` samples in `ds.d` dimensions; one-line errors for junk. */
export function modelSpec(o: Pick<DataCliOptions, "model" | "hidden" | "layers" | "widths">, ds: Pick<Dataset, "n" | "d">): DataModelSpec {
  if (!(DATA_MODELS as readonly string[]).includes(o.model)) throw new InvalidArgumentError(`unknown --model "${o.model}"; use ${DATA_MODELS.join(", ")}`);
  const kind = o.model as DataModelKind;
  let h: number | undefined;
  if (kind === "two-layer") {
    h = Number(o.hidden ?? "NaN");
    if (!Number.isSafeInteger(h) || h < 1) throw new InvalidArgumentError(`two-layer needs --hidden h, an integer ≥ 1 (got "${o.hidden ?? ""}")`);
  }
  if (kind === "tanh-mlp") {
    h = Number(o.hidden ?? "NaN");
    if (!Number.isSafeInteger(h) || h < 1 || h > 4096) throw new InvalidArgumentError(`tanh-mlp needs --hidden h, an integer in [1, 4096] (got "${o.hidden ?? ""}")`);
    const layers = o.layers === undefined ? 1 : Number(o.layers);
    if (layers !== 1 && layers !== 2) throw new InvalidArgumentError(`--layers must be 1 or 2 (hidden layers of the tanh MLP), got "${o.layers}"`);
    return { kind, n: ds.n, d: ds.d, h, layers };
  }
  if (kind === "deep-linear-data") {
    if (o.widths === undefined) throw new InvalidArgumentError(`deep-linear-data needs --widths d,d1,…,1 with d = ${ds.d}, the data's input dimension (e.g. --widths ${ds.d},8,8,1)`);
    return { kind, n: ds.n, d: ds.d, widths: widthsFlag(o.widths, ds.d) };
  }
  return { kind, n: ds.n, d: ds.d, h };
}

/**
 * A point θ from a file: JSON {"theta": [...]}, or a .npy file holding a 1-D '<f8' array (numpy.save). FileReadError
 * if unreadable, DataFormatError if malformed or of the wrong length. `what` names the flag in messages.
 */
export function readPoint(path: string, p: number, what = "point file"): Float64Array {
  if (/\.npy$/i.test(path)) return readNpyVector(path, what, p);
  const doc = parseJsonText(readInputFile(path, what).toString("utf8"), path, '{"theta": [...]} with finite numbers');
  const t = (doc as { theta?: unknown })?.theta;
  if (!Array.isArray(t)) throw new DataFormatError(`${path}: expected {"theta": [...]}`);
  if (t.length !== p) throw new DataFormatError(`${path}: theta has ${t.length} entries; this model needs p = ${p}`);
  return Float64Array.from(t, (v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new DataFormatError(`${path}: theta[${i}] is ${describeJson(v)}, not a finite number`);
    return v;
  });
}

/** JSON-safe number: finite or null. */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
