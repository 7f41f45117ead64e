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
  /** --header (true) / --no-header (false): how a CSV file's first line is read; undefined: by rule. */
  header?: boolean;
}

export function modelSpec(o: DataCliOptions, ds: Dataset): DataModelSpec {
  if (!(DATA_MODELS as readonly string[]).includes(o.model)) throw new InvalidArgumentError(`unknown --model "${o.model}"; use ${DATA_MODELS.join(", ")}`);
  const kind = o.model as DataModelKind;
  let h: number | undefined;
  if (kind === "two-layer") {
    h = Number(o.hidden ?? "NaN");
    if (!Number.isSafeInteger(h) || h < 1) throw new InvalidArgumentError(`two-layer needs --hidden h, an integer ≥ 1 (got "${o.hidden ?? ""}")`);
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
