// Sweep results as JSONL: one line per finished grid point, appended and flushed as each point finishes,
// so a crash or Ctrl-C loses at most the points still running. Node-only.
import { closeSync, ftruncateSync, fstatSync, openSync, readSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { DataFormatError, FileWriteError, InvalidArgumentError } from "../errors.js";
import { toJsonSafe } from "../series/json-safe.js";
import { makeDir } from "./make-dir.js";
import { readInputFile } from "./read-files.js";
import { checkReplaceable, pathKind, writeFileAtomic } from "./safe-write.js";
import { lockFile, lockOwner, type FileLock } from "./file-lock.js";
import type { SweepRecord } from "../experiments/sweep-point.js";
import { isRegime } from "../theory/regime.js";
import { FINGERPRINT_FIELDS, settingsDiff, sweepEta, sweepFingerprint, type FingerprintedSettings } from "../experiments/sweep-settings.js";

/** One JSON line (ending in "\n") for a record; never NaN/Infinity (null, plus a "nonFinite" list of the paths). */
export function recordLine(r: SweepRecord): string {
  const { json, nonFinite } = toJsonSafe(r);
  const o = json as Record<string, unknown>;
  if (nonFinite.length) o.nonFinite = nonFinite;
  return JSON.stringify(o) + "\n";
}

/** A parsed JSONL file: its records in file order, and what was wrong with its end. */
export interface SweepFile {
  path: string;
  records: SweepRecord[];
  /** Byte length of the valid part (complete lines); the file is cut back to this before appending. */
  validBytes: number;
  /** True when the file did not end in "\n" and its last (partial) line was dropped: a crash mid-write. */
  truncatedLine: boolean;
  /** True when the last line was complete JSON but lacked its "\n" (kept; the "\n" is added before appending). */
  missingNewline: boolean;
}

const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
const numOrNull = (x: unknown): number => (x === null ? NaN : (x as number));

/** Checks one parsed line and returns it as a record; a one-line reason when it is not one. */
function asRecord(o: unknown): SweepRecord | string {
  if (!o || typeof o !== "object" || Array.isArray(o)) return "not a JSON object";
  const r = o as Record<string, unknown>;
  const s = r.settings as Record<string, unknown> | undefined;
  if (typeof r.fingerprint !== "string") return "no fingerprint";
  if (!s || typeof s !== "object") return "no settings";
  for (const k of FINGERPRINT_FIELDS) if (k === "theta0" ? !(Array.isArray(s[k]) && (s[k] as unknown[]).every(isNum)) : !isNum(s[k])) return `settings.${k} missing or not a finite number`;
  const settings: FingerprintedSettings = {
    depth: s.depth as number, target: s.target as number, from: s.from as number, to: s.to as number,
    count: s.count as number, steps: s.steps as number, tail: s.tail as number, theta0: s.theta0 as number[],
  };
  if (sweepFingerprint(settings) !== r.fingerprint) return `fingerprint ${r.fingerprint} does not match its settings`;
  if (!Number.isInteger(r.index) || (r.index as number) < 0 || (r.index as number) >= settings.count) return `index ${JSON.stringify(r.index)} is not a grid index in 0..${settings.count - 1}`;
  const index = r.index as number;
  if (r.eta !== sweepEta(settings, index)) return `eta ${JSON.stringify(r.eta)} is not grid point ${index}'s η`;
  const p = r.point as Record<string, unknown> | undefined;
  if (!p || typeof p !== "object" || p.eta !== r.eta || !isRegime(p.label) || typeof p.labelReason !== "string" || typeof p.predicted !== "string"
    || !Number.isInteger(p.distinct) || !Array.isArray(p.attractor) || !p.attractor.every(isNum)) return "point is missing or malformed";
  if (!(r.lambdaStar === null || isNum(r.lambdaStar))) return "lambdaStar is not a number";
  return {
    fingerprint: r.fingerprint, index, eta: r.eta as number, settings, lambdaStar: numOrNull(r.lambdaStar),
    point: { eta: p.eta as number, label: p.label, labelReason: p.labelReason, attractor: p.attractor as number[], distinct: p.distinct as number, predicted: p.predicted },
  };
}

/**
 * Reads a sweep JSONL file. Complete lines must be records (else DataFormatError naming the line); a last line
 * without its "\n" is a write cut short by a crash: dropped if it does not parse, kept if it does.
 */
export function readSweepFile(path: string): SweepFile {
  // The shared bounded reader: refuses what is not a regular file or is too large, with a one-line FileReadError.
  return parseSweepBuffer(path, readInputFile(path, "JSONL file"));
}

/** Parses the bytes of a sweep JSONL file (see readSweepFile). */
export function parseSweepBuffer(path: string, buf: Buffer): SweepFile {
  const records: SweepRecord[] = [];
  let pos = 0, lineNo = 0, truncatedLine = false, missingNewline = false, validBytes = 0;
  while (pos < buf.length) {
    const nl = buf.indexOf(0x0a, pos);
    const end = nl < 0 ? buf.length : nl;
    const text = buf.subarray(pos, end).toString("utf8");
    lineNo++;
    if (text.trim() !== "") {
      let rec: SweepRecord | string;
      try {
        rec = asRecord(JSON.parse(text));
      } catch {
        rec = "not valid JSON";
      }
      if (typeof rec === "string") {
        if (nl < 0) { truncatedLine = true; break; }
        throw new DataFormatError(`${path} line ${lineNo} is not a sweep record (${rec}); remove that line or use another file`);
      }
      records.push(rec);
      if (nl < 0) missingNewline = true;
    }
    pos = nl < 0 ? buf.length : nl + 1;
    validBytes = nl < 0 && !truncatedLine ? buf.length : pos;
  }
  if (truncatedLine) validBytes = pos;
  return { path, records, validBytes, truncatedLine, missingNewline };
}

/** The error for a file written by a sweep with other settings: names the settings that differ. */
export function mismatchError(path: string, there: FingerprintedSettings, here: FingerprintedSettings, hint: string): InvalidArgumentError {
  return new InvalidArgumentError(`${path} holds a sweep with other settings (${settingsDiff(there, here).join("; ")}); ${hint}`);
}

/**
 * An append-only sweep file for one fingerprint. Opening it reads the points already there (checking they are
 * from the same settings), cuts off a partial last line, and each append() writes one complete line with one write.
 */
export class SweepStore {
  readonly path: string;
  /** Finished grid points by index (the first line for an index wins). */
  readonly done = new Map<number, SweepRecord>();
  /** What opening found and repaired. */
  readonly repaired: { truncatedLine: boolean; missingNewline: boolean };
  private fd = -1;
  private lock: FileLock | undefined;

  /**
   * Takes the file's lock first (a second writer is refused: docs/design.md §6), then reads it through the same
   * descriptor that appends, so what is cut off (only a partial last line) is exactly what was read.
   */
  constructor(path: string, settings: FingerprintedSettings) {
    this.path = path;
    const fingerprint = sweepFingerprint(settings);
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
      const size = fstatSync(this.fd).size;
      let file: SweepFile | undefined;
      if (size > 0) {
        const buf = Buffer.alloc(size);
        let got = 0;
        while (got < size) {
          const n = readSync(this.fd, buf, got, size - got, got);
          if (n === 0) break;
          got += n;
        }
        file = parseSweepBuffer(path, buf.subarray(0, got));
      }
      for (const r of file?.records ?? []) {
        if (r.fingerprint !== fingerprint) throw mismatchError(path, r.settings, settings, "rerun with the same settings to resume it, or give another --jsonl file");
        if (!this.done.has(r.index)) this.done.set(r.index, r);
      }
      this.repaired = { truncatedLine: file?.truncatedLine ?? false, missingNewline: file?.missingNewline ?? false };
      // Only a partial last line is cut, and only bytes this read saw: the lock keeps other eoslab writers out.
      if (file?.truncatedLine) ftruncateSync(this.fd, file.validBytes);
      if (file?.missingNewline) writeSync(this.fd, "\n");
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** Appends one finished point as one line (one write call, so the file only ever holds complete lines). */
  append(r: SweepRecord): void {
    writeSync(this.fd, recordLine(r));
    if (!this.done.has(r.index)) this.done.set(r.index, r);
  }

  /** Closes the file and releases its lock (idempotent). */
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.lock?.release();
    this.lock = undefined;
  }
}

/**
 * Writes records as a JSONL file: refused while another eoslab process holds the file's lock (a sweep appending to
 * it) or when the path is not a regular file; the file is locked while written, and written to a temporary name
 * in the same directory, then renamed, so a reader never sees half a file.
 */
export function writeSweepFile(path: string, records: SweepRecord[]): void {
  checkReplaceable(path, "--out");
  const owner = lockOwner(path);
  if (owner !== null) throw new FileWriteError(`--out file ${path} is in use by another eoslab process (pid ${owner}, e.g. a sweep appending to it); wait for it to finish, or give another --out path`);
  const lock = lockFile(path, "--out file");
  try {
    writeFileAtomic(path, records.map(recordLine).join(""), "--out");
  } finally {
    lock.release();
  }
}
