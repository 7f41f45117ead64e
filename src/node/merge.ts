// Joining sweep JSONL files (shards, or pieces of interrupted runs) into one file in grid order, streaming: memory is
// bounded by one bucket of lines (about BUCKET_POINTS points) and a 4 M-character write buffer, whatever the files' size
// (docs/sweeps.md, "Scale"). Pass 1 streams every input line into bucket files by grid index (index·B/count);
// pass 2 sorts each bucket in memory and appends it to the output. Node-only.
import { appendFileSync, closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { FileWriteError, InvalidArgumentError } from "../errors.js";
import { headerLine, mismatchError, openJsonl, scanSweepFile, type SweepHeader } from "./jsonl-store.js";
import { checkReplaceable, realTarget } from "./safe-write.js";
import { lockFile, lockOwner } from "./file-lock.js";
import { makeDir } from "./make-dir.js";

/** What merging found. */
export interface SweepMerge {
  header: SweepHeader;
  files: { path: string; lines: number; truncatedLine: boolean }[];
  count: number;
  /** Grid points present in the output. */
  present: number;
  /** Grid indices no file has (the first 1000; missingCount has them all). */
  missing: number[];
  missingCount: number;
  /** Lines beyond the first for an index (identical repeats or not). */
  duplicates: number;
  /** Indices whose repeated lines disagree (the first is kept): a sign the files were not made by one sweep's code. */
  conflicting: number[];
  complete: boolean;
  /** Sum of the points' `seconds` (compute time, not wall time), over the lines kept. */
  computeSeconds: number;
}

/** Points per bucket: a bucket is sorted in memory (about 0.5 kB a point). */
export const BUCKET_POINTS = 20000;

/** A point line without its run-to-run varying field (`seconds`): what the merged file stores and compares. */
function canonicalPoint(p: Record<string, unknown>): string {
  const { seconds: _s, ...rest } = p;
  return JSON.stringify(rest);
}

/**
 * Buffered appends to a set of bucket files. At most BUFFER_BYTES are held in all (then every bucket is flushed), and
 * no file stays open between flushes, so a grid of 10⁸ points (5000 buckets) needs neither 5000 descriptors nor
 * 5000 full buffers.
 */
class Buckets {
  private bufs: string[][];
  private held = 0;
  constructor(readonly dir: string, readonly n: number) {
    this.bufs = Array.from({ length: n }, () => []);
  }
  path(b: number): string {
    return join(this.dir, `b${b}.jsonl`);
  }
  add(b: number, line: string): void {
    this.bufs[b].push(line);
    this.held += line.length;
    if (this.held > BUFFER_BYTES) this.flush();
  }
  flush(): void {
    for (let b = 0; b < this.n; b++) {
      if (!this.bufs[b].length) continue;
      appendFileSync(this.path(b), this.bufs[b].join(""));
      this.bufs[b] = [];
    }
    this.held = 0;
  }
}

/** Characters of lines held in memory by pass 1 before they are written to their buckets. */
const BUFFER_BYTES = 4 << 20;

/**
 * Reads sweep JSONL files and writes the merged file `out`: the header, then one line per grid index present, in
 * grid order, each without `seconds` (so the merged file of a spec is byte-identical however it was sharded or
 * resumed). All files must hold one sweep (else an InvalidArgumentError naming the file and the settings that
 * differ). A partial last line (an interrupted write) is ignored; the first line for an index wins.
 * `out` may be one of the inputs: it is written under a temporary name and renamed at the end.
 */
export function mergeSweepFiles(paths: string[], out: string): SweepMerge {
  if (paths.length === 0) throw new InvalidArgumentError("merge needs at least one JSONL file");
  checkReplaceable(out, "--out");
  const owner = lockOwner(out);
  if (owner !== null) throw new FileWriteError(`--out file ${out} is in use by another eoslab process (pid ${owner}, e.g. a sweep appending to it); wait for it to finish, or give another --out path`);
  const target = realTarget(out);
  try {
    makeDir(dirname(target));
  } catch (e) {
    throw new FileWriteError(`cannot create the directory of ${out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a writable --out path`, { cause: e });
  }
  const lock = lockFile(out, "--out file");
  let tmpDir: string | undefined;
  let tmpOut: string | undefined;
  try {
    tmpDir = mkdtempSync(join(dirname(target), `.${basename(target)}.merge-`));
    let first: { path: string; header: SweepHeader } | undefined;
    let buckets: Buckets | undefined;
    let count = 0;
    const files: SweepMerge["files"] = [];
    for (const path of paths) {
      const fd = openJsonl(path);
      try {
        // The header is the first line: the buckets exist once the first file's header is read.
        const scan = scanSweepFile(fd, path, (p) => {
          const k = p.index as number;
          buckets!.add(Math.floor((k * buckets!.n) / count), `${k}\t${typeof p.seconds === "number" ? p.seconds : 0}\t${canonicalPoint(p)}\n`);
        }, undefined, (h) => {
          if (!first) {
            first = { path, header: h };
            count = h.count;
            buckets = new Buckets(tmpDir!, Math.max(1, Math.ceil(count / BUCKET_POINTS)));
          } else if (h.fingerprint !== first.header.fingerprint) {
            throw mismatchError(path, h, first.header, "merge only the shards of one sweep", [`in ${path}`, `in ${first.path}`]);
          }
        });
        files.push({ path, lines: scan.lines, truncatedLine: scan.truncatedLine });
      } finally {
        closeSync(fd);
      }
    }
    if (!first || !buckets) throw new InvalidArgumentError(`no sweep header in ${paths.join(", ")}; give the JSONL files written by eoslab sweep --jsonl`);
    buckets.flush();
    // Pass 2: each bucket sorted by index (stable: the first line read for an index comes first), then appended.
    tmpOut = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
    const ofd = openSync(tmpOut, "wx", 0o644);
    let present = 0, duplicates = 0, computeSeconds = 0, missingCount = 0;
    const missing: number[] = [], conflicting: number[] = [];
    let next = 0;
    const noteMissingUpTo = (k: number): void => {
      for (; next < k; next++) {
        missingCount++;
        if (missing.length < 1000) missing.push(next);
      }
    };
    try {
      writeSync(ofd, headerLine(first.header));
      for (let b = 0; b < buckets.n; b++) {
        let text: string;
        try {
          text = readFileSync(buckets.path(b), "utf8");
        } catch {
          continue; // no line fell in this bucket
        }
        const rows = text.split("\n");
        rows.pop();
        const parsed = rows.map((r, order) => {
          const t1 = r.indexOf("\t"), t2 = r.indexOf("\t", t1 + 1);
          return { k: Number(r.slice(0, t1)), seconds: Number(r.slice(t1 + 1, t2)), line: r.slice(t2 + 1), order };
        });
        parsed.sort((a, c) => a.k - c.k || a.order - c.order);
        const outLines: string[] = [];
        for (let i = 0; i < parsed.length; i++) {
          const r = parsed[i];
          if (i > 0 && parsed[i - 1].k === r.k) {
            duplicates++;
            let j = i - 1;
            while (j > 0 && parsed[j - 1].k === r.k) j--;
            if (parsed[j].line !== r.line && conflicting[conflicting.length - 1] !== r.k) conflicting.push(r.k);
            continue;
          }
          noteMissingUpTo(r.k);
          next = r.k + 1;
          present++;
          computeSeconds += r.seconds;
          outLines.push(r.line + "\n");
        }
        if (outLines.length) writeSync(ofd, outLines.join(""));
        unlinkSync(buckets.path(b));
      }
      noteMissingUpTo(count);
      fsyncSync(ofd);
    } finally {
      closeSync(ofd);
    }
    checkReplaceable(target, "--out");
    renameSync(tmpOut, target);
    tmpOut = undefined;
    return {
      header: first.header, files, count, present, missing, missingCount, duplicates, conflicting,
      complete: missingCount === 0, computeSeconds: Math.round(computeSeconds * 1e6) / 1e6,
    };
  } finally {
    if (tmpOut) try { unlinkSync(tmpOut); } catch { /* not created */ }
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
    lock.release();
  }
}
