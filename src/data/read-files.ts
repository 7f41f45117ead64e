// Node only (node:fs): the CLI's readers. The parsers they call work anywhere.
import { readFileSync } from "node:fs";
import { DataFormatError, InvalidArgumentError } from "../errors.js";
import type { Dataset } from "./dataset.js";
import { datasetFromNpy } from "./parse-npy.js";
import { parseCsvDataset } from "./parse-csv.js";
import { parseJsonDataset } from "./parse-json.js";

function read(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new InvalidArgumentError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Loads data for `--data file` (.json or .csv, by extension; other names are
 * sniffed: '{' means JSON) or `--X x.npy --y y.npy`.
 */
export function loadDataset(opts: { data?: string; X?: string; y?: string }): Dataset {
  if (opts.data !== undefined) {
    if (opts.X !== undefined || opts.y !== undefined) throw new InvalidArgumentError("give either --data file or --X x.npy --y y.npy, not both");
    const p = opts.data;
    if (/\.npy$/i.test(p)) throw new InvalidArgumentError(`${p}: .npy data go in two files: --X x.npy --y y.npy`);
    const text = read(p).toString("utf8");
    if (/\.json$/i.test(p) || (!/\.csv$/i.test(p) && text.trimStart().startsWith("{"))) return parseJsonDataset(text, p);
    return parseCsvDataset(text, p);
  }
  if (opts.X !== undefined && opts.y !== undefined) {
    const xb = read(opts.X), yb = read(opts.y);
    return datasetFromNpy(new Uint8Array(xb.buffer, xb.byteOffset, xb.byteLength), new Uint8Array(yb.buffer, yb.byteOffset, yb.byteLength), opts.X, opts.y);
  }
  if (opts.X !== undefined || opts.y !== undefined) throw new InvalidArgumentError("--X and --y go together (both .npy files)");
  throw new DataFormatError("no data: give --data file.json|file.csv or --X x.npy --y y.npy");
}
