// `eoslab slurm`'s Node side: the job directory (scripts + manifest, never overwriting another sweep's), which shard
// files are complete, and submitting through sbatch (spawned with an argument list: no shell sees a path).
// The scripts' text comes from src/cluster/slurm-script.ts; docs/cluster.md describes the whole procedure.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { EoslabError, InvalidArgumentError } from "../errors.js";
import { mergeScript, slurmFiles, sweepScript, type SlurmJob } from "../cluster/slurm-script.js";
import { shardIndices } from "../experiments/sweep-grid.js";
import { lockOwner } from "./file-lock.js";
import { openJsonl, scanSweepFile } from "./jsonl-store.js";
import { makeDir } from "./make-dir.js";
import { readInputFile } from "./read-files.js";
import { pathKind, writeFileAtomic } from "./safe-write.js";

/** What slurm.json holds: what makes two `eoslab slurm` calls the same job (a rerun), and what they ran. */
export interface SlurmManifest {
  writtenBy: "eoslab slurm";
  /** sha256 over the number of tasks, the sweep's options and the spec file's bytes. */
  fingerprint: string;
  tasks: number;
  sweepArgs: string[];
  spec: { path: string; sha256: string } | null;
}

const sha256 = (b: string | Buffer): string => createHash("sha256").update(b).digest("hex");

/** The manifest of a job: `specBytes` is the spec file's content (null for a sweep given by flags). */
export function slurmManifest(job: SlurmJob, spec: { path: string; bytes: Buffer } | null): SlurmManifest {
  const specHash = spec === null ? null : { path: spec.path, sha256: sha256(spec.bytes) };
  const fingerprint = "sha256:" + sha256(JSON.stringify([job.tasks, job.sweepArgs, specHash?.sha256 ?? null]));
  return { writtenBy: "eoslab slurm", fingerprint, tasks: job.tasks, sweepArgs: job.sweepArgs, spec: specHash };
}

/** How far one shard file is. */
export interface ShardState {
  /** Array task id (0-based); the file is shard task+1 of N. */
  task: number;
  path: string;
  /** missing: no file; partial: some of its grid points (or none) are there; complete: all of them. */
  state: "missing" | "partial" | "complete";
  /** Its grid points found in the file. */
  points: number;
  /** Its grid points in all (null while the file holds no record, so the grid size is unknown). */
  expected: number | null;
}

/** What a shard file holds: its sweep's fingerprint and grid size (from its header line), and which points are there. */
interface ShardScan {
  fingerprint: string | null;
  count: number | null;
  /** done[k] = 1 when grid point k has a line (one byte per grid point of the sweep). */
  done: Uint8Array;
}

/**
 * Reads a shard file with the sweep's own reader (scanSweepFile, streaming): a malformed line is the same one-line
 * error `eoslab sweep` would give, and a last line without its "\n" (a write cut short by a killed task) does not
 * count, just as the sweep drops it when it resumes.
 */
function scanShard(path: string): ShardScan {
  const fd = openJsonl(path, "shard file");
  try {
    let done = new Uint8Array(0);
    const scan = scanSweepFile(fd, path, (p) => {
      const k = p.index as number;
      if (k < done.length) done[k] = 1;
    }, undefined, (h) => {
      if (done.length === 0) done = new Uint8Array(h.count);
    });
    return { fingerprint: scan.header?.fingerprint ?? null, count: scan.header?.count ?? null, done };
  } finally {
    closeSync(fd);
  }
}

/**
 * The state of every shard file under `dir`. A shard is complete when every grid index of its round-robin share
 * (shardIndices: k mod N = task) is present. All shard files must be of one sweep. A file another eoslab process
 * is writing is refused: its task is still running, and a second one would be refused the file's lock.
 */
export function shardStates(dir: string, tasks: number): ShardState[] {
  const out: ShardState[] = [];
  let first: { path: string; fingerprint: string } | undefined;
  for (let task = 0; task < tasks; task++) {
    const path = join(dir, slurmFiles.shard(task));
    if (pathKind(path) === "missing") {
      out.push({ task, path, state: "missing", points: 0, expected: null });
      continue;
    }
    const owner = lockOwner(path);
    if (owner !== null) throw new InvalidArgumentError(`${path} is being written by process ${owner} (an array task still running?); wait until the array job has ended, then rerun`);
    const scan = scanShard(path);
    if (scan.fingerprint !== null) {
      if (!first) first = { path, fingerprint: scan.fingerprint };
      else if (scan.fingerprint !== first.fingerprint) {
        throw new InvalidArgumentError(`${path} holds another sweep than ${first.path} (fingerprint ${scan.fingerprint}, not ${first.fingerprint}); give another --out directory`);
      }
    }
    if (scan.count === null) {
      out.push({ task, path, state: "partial", points: 0, expected: null });
      continue;
    }
    const want = shardIndices(scan.count, { index: task + 1, total: tasks });
    const points = want.filter((k) => scan.done[k] === 1).length;
    out.push({ task, path, state: points === want.length ? "complete" : "partial", points, expected: want.length });
  }
  return out;
}

/** What preparing the directory found and wrote. */
export interface PreparedJob {
  /** True when the directory already held this same job (a rerun): only unfinished shards are submitted. */
  rerun: boolean;
  files: { sweep: string; merge: string; manifest: string };
  shards: ShardState[];
}

/**
 * Writes the scripts and the manifest into `job.dir`. A directory that already holds a job is only written again
 * when its manifest has the same fingerprint (the same sweep, tasks and spec bytes: a rerun); anything else there
 * that looks like a job's file is refused, so two sweeps never overwrite each other's scripts or shards.
 */
export function prepareSlurmDir(job: SlurmJob, manifest: SlurmManifest): PreparedJob {
  const dir = job.dir;
  const kind = pathKind(dir);
  if (kind !== "missing" && kind !== "a directory") throw new InvalidArgumentError(`--out ${dir} is ${kind === "file" ? "a file" : kind}, not a directory; give a directory for the job's scripts and shard files`);
  const files = { sweep: join(dir, slurmFiles.sweepScript), merge: join(dir, slurmFiles.mergeScript), manifest: join(dir, slurmFiles.manifest) };
  let rerun = false;
  if (kind === "a directory") {
    if (existsSync(files.manifest)) {
      const old = readManifest(files.manifest);
      if (old.fingerprint !== manifest.fingerprint) {
        const why = old.tasks !== manifest.tasks ? `--tasks ${old.tasks} there, ${manifest.tasks} here`
          : JSON.stringify(old.sweepArgs) !== JSON.stringify(manifest.sweepArgs) ? `sweep options ${old.sweepArgs.join(" ") || "(defaults)"} there, ${manifest.sweepArgs.join(" ") || "(defaults)"} here`
            : `the spec file ${manifest.spec?.path ?? ""} has changed since`;
        throw new InvalidArgumentError(`--out ${dir} holds the scripts of another sweep (${why}); give another --out directory, or delete that one`);
      }
      rerun = true;
    } else {
      const taken = readdirSync(dir).filter((n) => n === slurmFiles.sweepScript || n === slurmFiles.mergeScript || n === slurmFiles.merged || /^shard-\d+\.jsonl$/.test(n));
      if (taken.length) throw new InvalidArgumentError(`--out ${dir} already holds ${taken.slice(0, 3).join(", ")} but no ${slurmFiles.manifest}, so it is not this job's; give another --out directory`);
    }
  }
  const shards = rerun ? shardStates(dir, job.tasks) : Array.from({ length: job.tasks }, (_, task) => ({ task, path: join(dir, slurmFiles.shard(task)), state: "missing" as const, points: 0, expected: null }));
  makeDir(join(dir, slurmFiles.logs));
  writeFileAtomic(files.sweep, sweepScript(job), "--out");
  writeFileAtomic(files.merge, mergeScript(job), "--out");
  writeFileAtomic(files.manifest, JSON.stringify(manifest, null, 2) + "\n", "--out");
  return { rerun, files, shards };
}

function readManifest(path: string): SlurmManifest {
  // Through the CLI's reader: a directory, pipe or huge file there is a one-line FileReadError, never a hang.
  const text = readInputFile(path, "--out manifest").toString("utf8");
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError(`${path} is not the JSON that eoslab slurm writes; delete the directory or give another --out`);
  }
  const o = m as Partial<SlurmManifest> | null;
  if (!o || typeof o !== "object" || o.writtenBy !== "eoslab slurm" || typeof o.fingerprint !== "string" || !Number.isInteger(o.tasks) || !Array.isArray(o.sweepArgs)) {
    throw new InvalidArgumentError(`${path} is not a manifest written by eoslab slurm; delete the directory or give another --out`);
  }
  return o as SlurmManifest;
}

/**
 * Runs `sbatch args…` (no shell) and returns the job id it prints with --parsable ("id" or "id;cluster").
 * Failure to start it or a non-zero exit is a one-line EoslabError with sbatch's own first error line.
 */
export function runSbatch(sbatch: string, args: string[]): string {
  const r = spawnSync(sbatch, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new EoslabError(`cannot run ${sbatch} (${code ?? r.error.message}); is Slurm installed here? Give --sbatch <path>, or submit the printed commands on a login node`);
  }
  const firstErr = (r.stderr ?? "").split("\n").map((l) => l.trim()).find((l) => l !== "") ?? "";
  if (r.status !== 0) throw new EoslabError(`${sbatch} ${args.join(" ")} failed (${r.status === null ? `signal ${r.signal}` : `exit ${r.status}`})${firstErr ? `: ${firstErr}` : ""}`);
  const m = /^(\d+)(;\S*)?$/.exec((r.stdout ?? "").trim());
  if (!m) throw new EoslabError(`${sbatch} printed "${(r.stdout ?? "").trim().slice(0, 60)}", not a job id; was --parsable dropped by a wrapper?`);
  return m[1];
}
