// A sweep spec from a file, and what its fingerprint needs from the machine: the data files' hashes. Node-only.
import { createHash } from "node:crypto";
import { dirname, isAbsolute, resolve } from "node:path";
import { readInputFile } from "./read-files.js";
import { parseJsonText } from "../dataset/parse-json.js";
import { parseSweepSpec, specDataFiles, type SweepRuntime, type SweepSpec } from "../experiments/sweep-spec.js";

/** A data path of a spec, resolved against the spec file's directory (relative paths), so a spec runs from any cwd. */
export function resolveDataPath(baseDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/**
 * Reads and validates a spec file (JSON): FileReadError / DataFormatError / InvalidArgumentError, each one line.
 * Also returns the bytes read, so a caller that hashes the file (eoslab slurm) hashes exactly what was validated.
 */
export function readSpecFile(path: string): { spec: SweepSpec; baseDir: string; bytes: Buffer } {
  const bytes = readInputFile(path, "--spec file");
  const raw = parseJsonText(bytes.toString("utf8"), path, "a sweep spec {\"model\", \"fixed\", \"axes\", \"steps\", \"tail\", \"record\"}");
  return { spec: parseSweepSpec(raw), baseDir: dirname(resolve(path)), bytes };
}

/** The runtime half of a fingerprint: version, backend, and sha256 (first 16 hex digits) of each data file's bytes. */
export function sweepRuntime(spec: SweepSpec, baseDir: string, version: string, backend: string): SweepRuntime {
  const data: Record<string, string> = {};
  for (const p of specDataFiles(spec)) data[p] = "sha256:" + createHash("sha256").update(readInputFile(resolveDataPath(baseDir, p), "data file")).digest("hex").slice(0, 16);
  return { version, backend, data };
}
