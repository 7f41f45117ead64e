// Sweep results as JSONL (docs/sweeps.md): a header line (the spec, eoslab version, backend, data hashes and their
// fingerprint), then one line per finished grid point, appended and flushed as each point finishes, so a crash or
// Ctrl-C loses at most the points still running. Files are read as streams of lines: never whole into memory.
// Node-only.
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { DataFormatError, FileReadError, FileWriteError, InvalidArgumentError } from "../errors.js";
import { toJsonSafe } from "../series/json-safe.js";
import { makeDir } from "./make-dir.js";
import { pathKind } from "./safe-write.js";
import { lockFile, type FileLock } from "./file-lock.js";
import type { GridRecord } from "../experiments/sweep-spec-point.js";
import { canonicalSpec, gridCoordinates, gridSize, parseSweepSpec, specDiff, specToJson, type SweepRuntime, type SweepSpec } from "../experiments/sweep-spec.js";
import { fnv1a64 } from "../experiments/sweep-settings.js";
import { isRegime } from "../theory/regime.js";

/** The first line of every sweep JSONL file. */
export interface SweepHeader {
  /** Format version of the file. */
  eoslabSweep: 2;
  fingerprint: string;
  spec: SweepSpec;
  runtime: SweepRuntime;
  /** Grid points of the whole sweep. */
  count: number;
}

/**
 * The fingerprint of a sweep: "fnv1a64:" + 16 hex digits of FNV-1a (64-bit) over the canonical spec, eoslab
 * version, backend and data hashes. Not cryptographic; it tells sweeps apart, and the header also holds them in full.
 */
export function specFingerprint(spec: SweepSpec, runtime: SweepRuntime): string {
  return "fnv1a64:" + fnv1a64(canonicalSpec(spec, runtime));
}

/** The header for a spec run under a runtime. */
export function sweepHeader(spec: SweepSpec, runtime: SweepRuntime): SweepHeader {
  return { eoslabSweep: 2, fingerprint: specFingerprint(spec, runtime), spec, runtime, count: gridSize(spec) };
}

/** The header as one line. */
export function headerLine(h: SweepHeader): string {
  return JSON.stringify({ ...h, spec: specToJson(h.spec) }) + "\n";
}

/** One JSON line (ending in "\n") for a point; never NaN/Infinity (null, plus a "nonFinite" list of the paths). */
export function recordLine(r: GridRecord): string {
  const { json, nonFinite } = toJsonSafe(r);
  const o = json as Record<string, unknown>;
  if (nonFinite.length) o.nonFinite = nonFinite;
  return JSON.stringify(o) + "\n";
}

/** One line of a file, as read: its text (no "\n"), whether it ended in "\n", its number and where it ends. */
export interface FileLine {
  text: string;
  complete: boolean;
  lineNo: number;
  /** Byte offset just past the line (and its "\n"). */
  end: number;
}

const CHUNK = 1 << 20;

/** The lines of an open file, read in 1 MiB chunks from `start`: memory stays bounded by the longest line. */
export function* readLines(fd: number, start = 0): Generator<FileLine> {
  let carry: Buffer = Buffer.alloc(0);
  let pos = start, lineNo = 0, carryStart = start;
  const buf = Buffer.allocUnsafe(CHUNK);
  for (;;) {
    const n = readSync(fd, buf, 0, CHUNK, pos);
    if (n === 0) break;
    pos += n;
    const data = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
    let from = 0;
    for (;;) {
      const nl = data.indexOf(0x0a, from);
      if (nl < 0) break;
      lineNo++;
      yield { text: data.toString("utf8", from, nl), complete: true, lineNo, end: carryStart + nl + 1 };
      from = nl + 1;
    }
    carry = Buffer.from(data.subarray(from));
    carryStart += from;
  }
  if (carry.length) yield { text: carry.toString("utf8"), complete: false, lineNo: lineNo + 1, end: carryStart + carry.length };
}

/** Opens an input JSONL file for reading, or a one-line FileReadError. */
export function openJsonl(path: string, what = "JSONL file"): number {
  const kind = pathKind(path);
  if (kind === "missing") throw new FileReadError(path, `${what} ${path} does not exist; give a file written by eoslab sweep --jsonl`);
  if (kind !== "file") throw new FileReadError(path, `${what} ${path} is ${kind}; it must be a regular file (copy the data to a file first)`);
  try {
    return openSync(path, "r");
  } catch (e) {
    throw new FileReadError(path, `cannot read ${what} ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e });
  }
}

const isObj = (o: unknown): o is Record<string, unknown> => o !== null && typeof o === "object" && !Array.isArray(o);

/** A header line checked (its spec re-validated, its fingerprint recomputed), or a one-line reason. */
export function asHeader(o: unknown): SweepHeader | string {
  if (!isObj(o) || o.eoslabSweep === undefined) return "not a sweep header";
  if (o.eoslabSweep !== 2) return `a sweep file of format ${JSON.stringify(o.eoslabSweep)}, not 2 (written by another eoslab version: rerun that sweep)`;
  let spec: SweepSpec;
  try {
    spec = parseSweepSpec(o.spec);
  } catch (e) {
    return `its spec is not valid (${(e as Error).message})`;
  }
  const rt = o.runtime as Record<string, unknown> | undefined;
  if (!isObj(rt) || typeof rt.version !== "string" || typeof rt.backend !== "string" || !isObj(rt.data)) return "its runtime (version, backend, data) is missing";
  const runtime: SweepRuntime = { version: rt.version, backend: rt.backend, data: rt.data as Record<string, string> };
  const fp = specFingerprint(spec, runtime);
  if (o.fingerprint !== fp) return `fingerprint ${JSON.stringify(o.fingerprint)} does not match its spec`;
  return { eoslabSweep: 2, fingerprint: fp, spec, runtime, count: gridSize(spec) };
}

/**
 * A point line checked against its sweep's header: a grid index with the coordinates of that index, an observed
 * label, η. Returns the parsed object (as stored), or a one-line reason.
 */
export function asPoint(o: unknown, h: SweepHeader): Record<string, unknown> | string {
  if (!isObj(o)) return "not a JSON object";
  if (!Number.isInteger(o.index) || (o.index as number) < 0 || (o.index as number) >= h.count) return `index ${JSON.stringify(o.index)} is not a grid index in 0..${h.count - 1}`;
  if (JSON.stringify(o.coords) !== JSON.stringify(gridCoordinates(h.spec, o.index as number))) return `coords ${JSON.stringify(o.coords)?.slice(0, 60)} are not grid point ${o.index as number}'s`;
  if (!isRegime(o.observed)) return `observed ${JSON.stringify(o.observed)?.slice(0, 40)} is not a regime label`;
  if (typeof o.eta !== "number") return "no eta";
  if (o.attractor !== undefined && !(Array.isArray(o.attractor) && o.attractor.every((x) => typeof x === "number"))) return "attractor is not a list of numbers";
  return o;
}

/** A parse of one line: a header, a point, or a reason it is neither. */
function parseLine(text: string, h: SweepHeader | undefined): { header: SweepHeader } | { point: Record<string, unknown> } | { bad: string } {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return { bad: "not valid JSON" };
  }
  if (isObj(o) && "eoslabSweep" in o) {
    const hh = asHeader(o);
    return typeof hh === "string" ? { bad: hh } : { header: hh };
  }
  if (!h) return { bad: "the file does not start with a sweep header line" };
  const p = asPoint(o, h);
  return typeof p === "string" ? { bad: p } : { point: p };
}

/** The error for a file written by a sweep with other settings: names the settings that differ. */
export function mismatchError(path: string, there: SweepHeader, here: SweepHeader, hint: string, names: [string, string] = ["there", "here"]): InvalidArgumentError {
  return new InvalidArgumentError(`${path} holds a sweep with other settings (${specDiff(there, here, names[0], names[1]).join("; ")}); ${hint}`);
}

/** What a scan of a sweep file found. */
export interface SweepScan {
  header: SweepHeader | undefined;
  /** Point lines read (complete, valid). */
  lines: number;
  /** The byte length of the valid part (complete lines); what is past it is a partial last line. */
  validBytes: number;
  truncatedLine: boolean;
  /** The last line was complete JSON without its "\n" (kept). */
  missingNewline: boolean;
}

/**
 * Streams a sweep file: the header (the first line), then each point to `onPoint`. A complete line that is neither
 * is a DataFormatError naming the line; a last line without "\n" that does not parse is a crash mid-write: skipped
 * (truncatedLine). A second header line (files joined with cat) must be the same sweep's.
 */
export function scanSweepFile(fd: number, path: string, onPoint: (p: Record<string, unknown>, text: string) => void, expect?: SweepHeader, onHeader?: (h: SweepHeader) => void): SweepScan {
  let header: SweepHeader | undefined;
  let lines = 0, validBytes = 0, truncatedLine = false, missingNewline = false;
  for (const l of readLines(fd)) {
    if (l.text.trim() === "") { if (l.complete) validBytes = l.end; continue; }
    const r = parseLine(l.text, header);
    if ("bad" in r) {
      if (!l.complete) { truncatedLine = true; break; }
      throw new DataFormatError(`${path} line ${l.lineNo} is not a sweep record (${r.bad}); remove that line or use another file`);
    }
    if ("header" in r) {
      if (expect && r.header.fingerprint !== expect.fingerprint) throw mismatchError(path, r.header, expect, "rerun with the same spec to resume it, or give another --jsonl file");
      if (header && r.header.fingerprint !== header.fingerprint) throw new DataFormatError(`${path} line ${l.lineNo} starts another sweep (fingerprint ${r.header.fingerprint}, the file's is ${header.fingerprint}); split the file`);
      if (!header) onHeader?.(r.header);
      header ??= r.header;
    } else {
      lines++;
      onPoint(r.point, l.text);
    }
    validBytes = l.end;
    if (!l.complete) missingNewline = true;
  }
  return { header, lines, validBytes, truncatedLine, missingNewline };
}

/**
 * An append-only sweep file for one sweep. Opening it takes the file's lock (a second writer is refused:
 * docs/design.md §6), streams the points already there (checking the header is this sweep's), cuts off a partial
 * last line, and writes the header into an empty file; each append() writes one complete line with one write.
 * Memory: one bit per grid point for the set of points done.
 */
export class SweepStore {
  readonly path: string;
  /** done[k] = 1 when grid point k is in the file. */
  readonly done: Uint8Array;
  /** Points in the file (distinct indices). */
  doneCount = 0;
  readonly repaired: { truncatedLine: boolean; missingNewline: boolean };
  private fd = -1;
  private lock: FileLock | undefined;

  constructor(path: string, header: SweepHeader) {
    this.path = path;
    this.done = new Uint8Array(header.count);
    const kind = pathKind(path);
    if (kind !== "missing" && kind !== "file") throw new InvalidArgumentError(`--jsonl ${path} is ${kind}, not a regular file; give a file path`);
    try {
      makeDir(dirname(path));
    } catch (e) {
      throw new FileWriteError(`cannot create the directory of ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a writable --jsonl path`, { cause: e });
    }
    this.lock = lockFile(path, "--jsonl file");
    try {
      try {
        this.fd = openSync(path, "a+");
      } catch (e) {
        throw new FileWriteError(`cannot open ${path} for appending (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a writable --jsonl path`, { cause: e });
      }
      const scan = scanSweepFile(this.fd, path, (p) => {
        const k = p.index as number;
        if (!this.done[k]) { this.done[k] = 1; this.doneCount++; }
      }, header);
      this.repaired = { truncatedLine: scan.truncatedLine, missingNewline: scan.missingNewline };
      // Only a partial last line is cut, and only bytes this scan saw: the lock keeps other eoslab writers out.
      if (scan.truncatedLine) ftruncateSync(this.fd, scan.validBytes);
      if (scan.missingNewline) writeSync(this.fd, "\n");
      if (!scan.header) {
        if (scan.lines > 0) throw new DataFormatError(`${path} has points but no header line; give another --jsonl file`);
        // Empty (or only a partial header from a crash, cut above): start the file with this sweep's header.
        if (fstatSync(this.fd).size !== 0) ftruncateSync(this.fd, 0);
        writeSync(this.fd, headerLine(header));
      }
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** Appends one finished point as one line (one write call, so the file only ever holds complete lines). */
  append(r: GridRecord): void {
    writeSync(this.fd, recordLine(r));
    if (!this.done[r.index]) { this.done[r.index] = 1; this.doneCount++; }
  }

  /** Closes the file and releases its lock (idempotent). */
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.lock?.release();
    this.lock = undefined;
  }
}

/** Every point of a sweep file (first line per index), for the figures: read once the sweep is complete. */
export function readSweepPoints(path: string): { header: SweepHeader; points: Record<string, unknown>[] } {
  const fd = openJsonl(path);
  try {
    const byIndex = new Map<number, Record<string, unknown>>();
    const scan = scanSweepFile(fd, path, (p) => {
      if (!byIndex.has(p.index as number)) byIndex.set(p.index as number, p);
    });
    if (!scan.header) throw new DataFormatError(`${path} has no sweep header line; give a file written by eoslab sweep --jsonl`);
    return { header: scan.header, points: [...byIndex.values()].sort((a, b) => (a.index as number) - (b.index as number)) };
  } finally {
    closeSync(fd);
  }
}

/** One stored point, as readSweepFile lists it: its index, and the sweep's fingerprint and grid size. */
export interface StoredPoint {
  fingerprint: string;
  index: number;
  settings: { count: number };
  /** The line as stored (parsed). */
  point: Record<string, unknown>;
}

/**
 * Reads a whole sweep JSONL file (for small files: shard bookkeeping, tests): its header and its points in file
 * order, each with the sweep's fingerprint and grid size. A partial last line is ignored (truncatedLine).
 */
export function readSweepFile(path: string): { header: SweepHeader | undefined; records: StoredPoint[]; truncatedLine: boolean } {
  const fd = openJsonl(path);
  try {
    const points: Record<string, unknown>[] = [];
    const scan = scanSweepFile(fd, path, (p) => points.push(p));
    const h = scan.header;
    const records = h ? points.map((p) => ({ fingerprint: h.fingerprint, index: p.index as number, settings: { count: h.count }, point: p })) : [];
    return { header: h, records, truncatedLine: scan.truncatedLine };
  } finally {
    closeSync(fd);
  }
}
