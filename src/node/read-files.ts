// Node only (node:fs): the CLI's readers. The parsers they call work anywhere.
import { readFileSync, statSync } from "node:fs";
import { FileReadError, InvalidArgumentError } from "../errors.js";
import type { Dataset } from "../dataset/dataset.js";
import { datasetFromNpy } from "../dataset/parse-npy.js";
import { parseCsvDataset } from "../dataset/parse-csv.js";
import { parseJsonDataset } from "../dataset/parse-json.js";

/** Largest input file read (1 GiB): beyond that, the data could not fit in wasm memory as f64 anyway. */
export const MAX_INPUT_BYTES = 2 ** 30;

/**
 * The bytes of an input file, or a FileReadError (exit 2) saying what is
 * wrong with the path in words (missing, a directory, no permission, too large).
 * `what` names the file's role in messages, e.g. "--data file".
 */
export function readInputFile(path: string, what = "input file"): Buffer {
  if (path.trim() === "") throw new FileReadError(path, `${what}: the path is empty; give a file name`);
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new FileReadError(path, `${what} ${path} is a directory, not a file; give the path of a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw fileError(path, what, e);
  }
  if (size > MAX_INPUT_BYTES) throw new FileReadError(path, `${what} ${path} is ${size} bytes, over the ${MAX_INPUT_BYTES}-byte limit; use a smaller data set`);
  try {
    return readFileSync(path);
  } catch (e) {
    throw fileError(path, what, e);
  }
}

function fileError(path: string, what: string, e: unknown): FileReadError {
  const code = (e as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOENT: "does not exist; check the path",
    ENOTDIR: "does not exist (a parent in the path is not a directory); check the path",
    EISDIR: "is a directory, not a file; give the path of a file",
    EACCES: "cannot be read (permission denied); check its permissions",
    EPERM: "cannot be read (operation not permitted); check its permissions",
    ENAMETOOLONG: "has a name that is too long; check the path",
    ELOOP: "is a symbolic link loop; check the path",
  };
  const msg = code && why[code] ? why[code] : `cannot be read (${code ?? (e as Error).message}); check the path`;
  return new FileReadError(path, `${what} ${path} ${msg}`, { cause: e });
}

function read(path: string, what: string): Buffer {
  return readInputFile(path, what);
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
    const text = read(p, "--data file").toString("utf8");
    if (/\.json$/i.test(p) || (!/\.csv$/i.test(p) && text.trimStart().startsWith("{"))) return parseJsonDataset(text, p);
    return parseCsvDataset(text, p);
  }
  if (opts.X !== undefined && opts.y !== undefined) {
    const xb = read(opts.X, "--X file"), yb = read(opts.y, "--y file");
    return datasetFromNpy(new Uint8Array(xb.buffer, xb.byteOffset, xb.byteLength), new Uint8Array(yb.buffer, yb.byteOffset, yb.byteLength), opts.X, opts.y);
  }
  if (opts.X !== undefined || opts.y !== undefined) throw new InvalidArgumentError("--X and --y go together (both .npy files)");
  throw new InvalidArgumentError("no data: give --data file.json|file.csv or --X x.npy --y y.npy");
}
