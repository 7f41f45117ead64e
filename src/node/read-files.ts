// Node only (node:fs): the CLI's readers. The parsers they call work anywhere.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { DataFormatError, FileReadError, InvalidArgumentError } from "../errors.js";
import type { Dataset } from "../dataset/dataset.js";
import { datasetFromNpy, parseNpy } from "../dataset/parse-npy.js";
import { CsvDatasetParser, type CsvOptions } from "../dataset/parse-csv.js";
import { parseJsonDataset } from "../dataset/parse-json.js";

/** Largest input file read (1 GiB): beyond that, the data could not fit in wasm memory as f64 anyway. */
export const MAX_INPUT_BYTES = 2 ** 30;

/** What a non-regular file is, in words. */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return "a named pipe (FIFO)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

function checkStat(st: Stats, path: string, what: string, limit: number): void {
  if (st.isDirectory()) throw new FileReadError(path, `${what} ${path} is a directory, not a file; give the path of a file`);
  // A pipe or a device has no size to check against the limit, and may never end (/dev/zero): refused, not read.
  if (!st.isFile()) throw new FileReadError(path, `${what} ${path} is ${kindOf(st)}; it must be a regular file (copy the data to a file first)`);
  if (st.size > limit) throw new FileReadError(path, `${what} ${path} is ${st.size} bytes, over the ${limit}-byte limit; use a smaller data set`);
}

/**
 * Opens an input file for reading after checking, by stat on the path and again by fstat on the open descriptor
 * (the path may be swapped in between), that it is a regular file within MAX_INPUT_BYTES. O_NONBLOCK keeps
 * open() from waiting for a writer if the path is a FIFO after all. Returns the descriptor and the size seen.
 */
function openInput(path: string, what: string, limit: number): { fd: number; size: number } {
  if (typeof path !== "string" || path.trim() === "") throw new FileReadError(String(path), `${what}: the path is empty; give a file name`);
  try {
    checkStat(statSync(path), path, what, limit);
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw fileError(path, what, e);
  }
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw fileError(path, what, e);
  }
  try {
    const st = fstatSync(fd);
    checkStat(st, path, what, limit);
    return { fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    if (e instanceof FileReadError) throw e;
    throw fileError(path, what, e);
  }
}

function tooLong(path: string, what: string, read: number, limit: number): FileReadError {
  return new FileReadError(path, `${what} ${path} grew past the ${limit}-byte limit while it was read (${read} bytes so far); use a smaller data set`);
}

function readInto(fd: number, buf: Uint8Array, path: string, what: string): number {
  try {
    return readSync(fd, buf, 0, buf.length, null);
  } catch (e) {
    throw fileError(path, what, e);
  }
}

/**
 * The bytes of an input file, or a FileReadError (exit 2) saying what is wrong with the path in words (missing,
 * a directory, not a regular file, no permission, too large). The size limit is checked on the size stat reports
 * and again on the bytes actually read, so a file that grows while it is read stops at MAX_INPUT_BYTES.
 * `what` names the file's role in messages, e.g. "--data file"; `limit` is for tests.
 */
export function readInputFile(path: string, what = "input file", limit = MAX_INPUT_BYTES): Buffer {
  const { fd, size } = openInput(path, what, limit);
  try {
    const buf = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const k = readInto(fd, buf.subarray(got), path, what);
      if (k === 0) return buf.subarray(0, got); // shrank since fstat
      got += k;
    }
    // Anything past the size fstat gave (a file still being written, or one whose stat size is 0 as in /proc).
    const more: Buffer[] = [];
    let total = got;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 16);
      const k = readInto(fd, chunk, path, what);
      if (k === 0) break;
      total += k;
      if (total > limit) throw tooLong(path, what, total, limit);
      more.push(chunk.subarray(0, k));
    }
    return more.length === 0 ? buf : Buffer.concat([buf, ...more], total);
  } finally {
    closeSync(fd);
  }
}

/** Bytes read per step when a CSV file is streamed. */
const CSV_CHUNK = 1 << 20;

/**
 * Reads a CSV data file as a stream of 1 MiB pieces through CsvDatasetParser, so the text is never held whole:
 * memory stays within about twice the size of the data as float64. Same file checks and byte limit as
 * readInputFile.
 */
export function readCsvFile(path: string, what = "--data file", options: CsvOptions = {}, limit = MAX_INPUT_BYTES): Dataset {
  const { fd } = openInput(path, what, limit);
  try {
    const parser = new CsvDatasetParser(path, options);
    const decoder = new TextDecoder("utf-8");
    const buf = Buffer.allocUnsafe(CSV_CHUNK);
    let total = 0;
    for (;;) {
      const k = readInto(fd, buf, path, what);
      if (k === 0) break;
      total += k;
      if (total > limit) throw tooLong(path, what, total, limit);
      parser.push(decoder.decode(buf.subarray(0, k), { stream: true }));
    }
    parser.push(decoder.decode());
    return parser.end();
  } finally {
    closeSync(fd);
  }
}

/** The first bytes of an input file as text (to tell JSON from CSV), with the same checks. */
function peekText(path: string, what: string, bytes = 4096): string {
  const { fd } = openInput(path, what, MAX_INPUT_BYTES);
  try {
    const buf = Buffer.allocUnsafe(bytes);
    return buf.subarray(0, readInto(fd, buf, path, what)).toString("utf8");
  } finally {
    closeSync(fd);
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
 * sniffed: '{' means JSON) or `--X x.npy --y y.npy`. `header` (--header / --no-header) overrides the CSV
 * header rule (src/dataset/parse-csv.ts) and is refused for JSON and .npy data.
 */
export function loadDataset(opts: { data?: string; X?: string; y?: string; header?: boolean }): Dataset {
  const headerFlag = opts.header === undefined ? undefined : opts.header ? "--header" : "--no-header";
  if (opts.data !== undefined) {
    if (opts.X !== undefined || opts.y !== undefined) throw new InvalidArgumentError("give either --data file or --X x.npy --y y.npy, not both");
    const p = opts.data;
    if (/\.npy$/i.test(p)) throw new InvalidArgumentError(`${p}: .npy data go in two files: --X x.npy --y y.npy`);
    const json = /\.json$/i.test(p) || (!/\.csv$/i.test(p) && peekText(p, "--data file").trimStart().startsWith("{"));
    if (json) {
      if (headerFlag) throw new InvalidArgumentError(`${headerFlag} applies to CSV data only; ${p} is read as JSON`);
      return parseJsonDataset(read(p, "--data file").toString("utf8"), p);
    }
    return readCsvFile(p, "--data file", { header: opts.header });
  }
  if (opts.X !== undefined && opts.y !== undefined) {
    if (headerFlag) throw new InvalidArgumentError(`${headerFlag} applies to CSV data (--data file.csv) only, not to --X/--y .npy files`);
    const xb = read(opts.X, "--X file"), yb = read(opts.y, "--y file");
    // A text X or y (numpy.savetxt) is not a .npy file: say how to give text data, not only "bad magic".
    for (const [flag, f, b] of [["--X", opts.X, xb], ["--y", opts.y, yb]] as const) {
      if (b[0] !== 0x93 && /\.(txt|csv|tsv|dat)$/i.test(f)) {
        throw new DataFormatError(`${f}: not a .npy file: ${flag} and the other of --X/--y take .npy files (numpy.save); for text, put X and y in one file, y last, and pass --data: numpy.savetxt("data.txt", numpy.column_stack([X, y])) then --data data.txt`);
      }
    }
    return datasetFromNpy(new Uint8Array(xb.buffer, xb.byteOffset, xb.byteLength), new Uint8Array(yb.buffer, yb.byteOffset, yb.byteLength), opts.X, opts.y);
  }
  if (opts.X !== undefined || opts.y !== undefined) throw new InvalidArgumentError("--X and --y go together (both .npy files)");
  throw new InvalidArgumentError("no data: give --data file.json|file.csv or --X x.npy --y y.npy");
}

/**
 * A 1-D float64 vector from a .npy file (numpy.save of a '<f8' array of shape (p,)), read with the same file checks
 * and size limit as every input: for `--point` and `--theta0`. `length`, when given, is the length the model needs.
 * DataFormatError names the file and what to change (shape, dtype, non-finite entries).
 */
export function readNpyVector(path: string, what: string, length?: number): Float64Array {
  const b = readInputFile(path, what);
  const a = parseNpy(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), path);
  if (a.shape.length !== 1) {
    throw new DataFormatError(`${path}: ${what} must be a 1-D array of shape (p,), got shape (${a.shape.join(", ")}); save numpy.ravel(theta)`);
  }
  if (length !== undefined && a.data.length !== length) throw new DataFormatError(`${path}: theta has ${a.data.length} entries; this model needs p = ${length}`);
  const bad = a.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new DataFormatError(`${path}: theta[${bad}] is ${a.data[bad]}, not a finite number`);
  return a.data;
}
