// Joining sweep JSONL files (shards, or pieces of interrupted runs) into one. Node-only (reads files).
import { InvalidArgumentError } from "../errors.js";
import { readSweepFile } from "./jsonl-store.js";
import type { SweepRecord } from "../experiments/sweep-point.js";
import { settingsDiff, type FingerprintedSettings } from "../experiments/sweep-settings.js";

/** What merging found. */
export interface SweepMerge {
  fingerprint: string;
  settings: FingerprintedSettings;
  files: { path: string; lines: number; truncatedLine: boolean }[];
  /** One record per grid index present, in grid order (the first line seen for an index wins). */
  records: SweepRecord[];
  count: number;
  /** Grid indices no file has. */
  missing: number[];
  /** Lines beyond the first for an index (identical repeats or not). */
  duplicates: number;
  /** Indices whose repeated lines disagree (the first is kept): a sign the files were not made by one sweep's code. */
  conflicting: number[];
  complete: boolean;
}

/** Comparable text of a record's result (not its settings, which the fingerprint covers). */
const resultKey = (r: SweepRecord): string => JSON.stringify([r.eta, r.lambdaStar, r.point]);

/**
 * Reads and joins sweep JSONL files. All lines must share one fingerprint (else an InvalidArgumentError naming the
 * file, the line and the settings that differ). A partial last line (interrupted write) in a file is ignored.
 */
export function mergeSweepFiles(paths: string[]): SweepMerge {
  if (paths.length === 0) throw new InvalidArgumentError("merge needs at least one JSONL file");
  let first: { path: string; record: SweepRecord } | undefined;
  const byIndex = new Map<number, SweepRecord>();
  const files: SweepMerge["files"] = [];
  let duplicates = 0;
  const conflicting = new Set<number>();
  for (const path of paths) {
    const f = readSweepFile(path);
    files.push({ path, lines: f.records.length, truncatedLine: f.truncatedLine });
    f.records.forEach((r, line) => {
      if (!first) first = { path, record: r };
      else if (r.fingerprint !== first.record.fingerprint) {
        const diff = settingsDiff(r.settings, first.record.settings, `in ${path}`, `in ${first.path}`);
        throw new InvalidArgumentError(`${path} (record ${line + 1}) is from a sweep with other settings than ${first.path} (${diff.join("; ")}); merge only the shards of one sweep`);
      }
      const had = byIndex.get(r.index);
      if (!had) byIndex.set(r.index, r);
      else {
        duplicates++;
        if (resultKey(had) !== resultKey(r)) conflicting.add(r.index);
      }
    });
  }
  if (!first) throw new InvalidArgumentError(`no sweep records in ${paths.join(", ")}; give the JSONL files written by eoslab sweep --jsonl`);
  const settings = first.record.settings;
  const missing: number[] = [];
  for (let k = 0; k < settings.count; k++) if (!byIndex.has(k)) missing.push(k);
  const records = [...byIndex.values()].sort((a, b) => a.index - b.index);
  return {
    fingerprint: first.record.fingerprint, settings, files, records, count: settings.count, missing, duplicates,
    conflicting: [...conflicting].sort((a, b) => a - b), complete: missing.length === 0,
  };
}
