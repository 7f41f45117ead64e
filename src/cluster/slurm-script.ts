// The text of the two Slurm batch scripts that run a sweep as an array job (one task per shard) and then merge the
// shards, and the sbatch command lines that submit them. Pure string building, browser-safe: the CLI writes the
// files and spawns sbatch (src/node/slurm-job.ts). docs/cluster.md shows the scripts and how to rerun them.
import { InvalidArgumentError } from "../errors.js";

/** What the two scripts run. Paths are absolute (a batch job starts in whatever directory sbatch was called from). */
export interface SlurmJob {
  /** Number of array tasks = shards; task i (0-based) runs shard i+1 of `tasks`. */
  tasks: number;
  /** Absolute directory holding the scripts, the shard files, the merged file, figures/ and logs/. */
  dir: string;
  /** The eoslab command as words, e.g. ["/usr/bin/node", "/opt/eoslab/dist/cli.js"] or ["eoslab"]. */
  eoslab: string[];
  /** What `eoslab sweep` gets besides --shard/--jsonl/--out, e.g. ["--spec", "/home/me/sweep.json"]. */
  sweepArgs: string[];
  /** Absolute directory the tasks start in (where `eoslab slurm` ran), so relative paths mean what they meant there. */
  workdir: string;
  partition?: string;
  /** Slurm's --time, e.g. "30", "1:00:00", "2-00:00:00". */
  time?: string;
  cpusPerTask?: number;
  /** Extra sbatch options, one word each (e.g. "--account=lab"); each becomes a #SBATCH line of both scripts. */
  sbatchArgs?: string[];
}

/** The files under the job's directory. */
export const slurmFiles = {
  sweepScript: "sweep.sbatch",
  mergeScript: "merge.sbatch",
  manifest: "slurm.json",
  merged: "sweep.jsonl",
  figures: "figures",
  logs: "logs",
  shard: (task: number): string => `shard-${task}.jsonl`,
} as const;

/** Joins a directory and a name with "/" (no node:path here: this module is browser-safe). */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

/**
 * One word for a POSIX shell: unchanged when it holds only characters no shell treats specially, else in single
 * quotes (a ' inside becomes '\''). So a path with spaces, $, ` or quotes reaches the program as it was.
 */
export function shellQuote(word: string): string {
  if (typeof word !== "string") throw new InvalidArgumentError(`shellQuote: expected a string, got ${typeof word}`);
  if (word !== "" && /^[A-Za-z0-9_\/.,:=+@%^-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Array task ids as Slurm's --array list: ascending, runs of consecutive ids as a-b ([0,1,2,5,7,8] → "0-2,5,7-8"). */
export function formatArrayList(ids: number[]): string {
  const s = [...new Set(ids)].sort((a, b) => a - b);
  if (s.length === 0 || s.some((k) => !Number.isSafeInteger(k) || k < 0)) throw new InvalidArgumentError(`an array list needs task ids ≥ 0, got [${ids.join(", ")}]`);
  const parts: string[] = [];
  for (let i = 0; i < s.length;) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    parts.push(i === j ? `${s[i]}` : `${s[i]}-${s[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

// #SBATCH lines are split into words by sbatch itself, not by a shell, and --output takes %-patterns: a path there
// must be one plain word. Shell lines quote instead, so only paths that go on #SBATCH lines are restricted.
const SBATCH_WORD = /^[^\s'"\\%#$`]+$/;

/** Checks a job; a one-line InvalidArgumentError naming the option for each kind of junk. */
export function checkSlurmJob(job: SlurmJob): void {
  if (job === null || typeof job !== "object") throw new InvalidArgumentError("slurm job: expected an object");
  if (!Number.isSafeInteger(job.tasks) || job.tasks < 1) throw new InvalidArgumentError(`--tasks must be an integer ≥ 1, got ${job.tasks}`);
  if (typeof job.dir !== "string" || !job.dir.startsWith("/")) throw new InvalidArgumentError(`the job directory must be an absolute path, got "${job.dir}"`);
  if (!SBATCH_WORD.test(job.dir)) throw new InvalidArgumentError(`--out ${job.dir}: the directory's path goes on #SBATCH lines, so it must not contain spaces, quotes, backslashes or any of % # $ \`; give a plainer path`);
  if (typeof job.workdir !== "string" || !job.workdir.startsWith("/") || /[\n\r\0]/.test(job.workdir)) throw new InvalidArgumentError(`the working directory must be an absolute path, got "${job.workdir}"`);
  if (!Array.isArray(job.eoslab) || job.eoslab.length === 0 || job.eoslab.some((w) => typeof w !== "string" || w === "" || /[\n\r\0]/.test(w))) {
    throw new InvalidArgumentError(`--eoslab must be a command (one or more words without newlines), e.g. "eoslab" or "node /abs/path/dist/cli.js"`);
  }
  if (!Array.isArray(job.sweepArgs) || job.sweepArgs.some((w) => typeof w !== "string" || /[\n\r\0]/.test(w))) throw new InvalidArgumentError("the sweep's options must be words without newlines");
  for (const own of ["--shard", "--jsonl", "--out"]) {
    if (job.sweepArgs.some((w) => w === own || w.startsWith(`${own}=`))) throw new InvalidArgumentError(`${own} is set by eoslab slurm for each array task; leave it out of the sweep's options`);
  }
  if (job.partition !== undefined && !/^[A-Za-z0-9_.,-]+$/.test(job.partition)) throw new InvalidArgumentError(`--partition must be a partition name (letters, digits, _ . , -), got "${job.partition}"`);
  if (job.time !== undefined && !/^(\d+-)?\d+(:\d+){0,2}$/.test(job.time)) throw new InvalidArgumentError(`--time must be a Slurm time limit (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS), got "${job.time}"`);
  if (job.cpusPerTask !== undefined && (!Number.isSafeInteger(job.cpusPerTask) || job.cpusPerTask < 1 || job.cpusPerTask > 4096)) throw new InvalidArgumentError(`--cpus must be an integer in [1, 4096], got ${job.cpusPerTask}`);
  for (const a of job.sbatchArgs ?? []) {
    if (typeof a !== "string" || !/^--?[A-Za-z]/.test(a) || !SBATCH_WORD.test(a.replace(/%/g, ""))) {
      throw new InvalidArgumentError(`--sbatch-arg "${a}" must be one sbatch option word like --account=lab or --mem=4G (no spaces, quotes or newlines)`);
    }
    if (/^--(array|dependency|output|job-name)\b/.test(a)) throw new InvalidArgumentError(`--sbatch-arg ${a}: eoslab slurm sets ${a.split("=")[0]} itself`);
  }
}

/** The #SBATCH lines both scripts share (partition, time, extra options). */
function commonDirectives(job: SlurmJob): string[] {
  const out: string[] = [];
  if (job.partition !== undefined) out.push(`#SBATCH --partition=${job.partition}`);
  if (job.time !== undefined) out.push(`#SBATCH --time=${job.time}`);
  for (const a of job.sbatchArgs ?? []) out.push(`#SBATCH ${a}`);
  return out;
}

/** The array job's script: task i runs shard i+1 of N into shard-i.jsonl (resuming whatever that file holds). */
export function sweepScript(job: SlurmJob): string {
  checkSlurmJob(job);
  const n = job.tasks;
  const cpus = job.cpusPerTask ?? 1;
  const hasWorkers = job.sweepArgs.some((w) => w === "--workers" || w.startsWith("--workers="));
  const sweep = [...job.eoslab.map(shellQuote), "sweep", ...job.sweepArgs.map(shellQuote),
    `--shard "$((SLURM_ARRAY_TASK_ID + 1))/${n}"`, `--jsonl "$dir/shard-$SLURM_ARRAY_TASK_ID.jsonl"`, `--out "$dir/${slurmFiles.figures}"`,
    ...(hasWorkers ? [] : [`--workers ${cpus}`])];
  return [
    "#!/bin/bash",
    `# Written by eoslab slurm (docs/cluster.md): array task i runs shard i+1 of ${n} of one sweep into shard-i.jsonl.`,
    "# A task that is stopped (scancel, time limit) leaves only whole lines there; running it again resumes it.",
    `# A rerun of the same eoslab slurm command submits only the unfinished shards, as --array=i,j,… on the sbatch line.`,
    "#SBATCH --job-name=eoslab-sweep",
    `#SBATCH --array=0-${n - 1}`,
    `#SBATCH --output=${joinPath(joinPath(job.dir, slurmFiles.logs), "shard-%a.out")}`,
    `#SBATCH --cpus-per-task=${cpus}`,
    ...commonDirectives(job),
    "set -eu",
    `dir=${shellQuote(job.dir)}`,
    `cd ${shellQuote(job.workdir)}`,
    `: "\${SLURM_ARRAY_TASK_ID:?this script is a Slurm array job: submit it with sbatch}"`,
    `exec ${sweep.join(" ")}`,
    "",
  ].join("\n");
}

/** The merge job's script: joins every shard file into sweep.jsonl (grid order) and draws the figures. */
export function mergeScript(job: SlurmJob): string {
  checkSlurmJob(job);
  const shards = Array.from({ length: job.tasks }, (_, i) => `"$dir/${slurmFiles.shard(i)}"`);
  const merge = [...job.eoslab.map(shellQuote), "merge", ...shards, `--out "$dir/${slurmFiles.merged}"`, `--figures "$dir/${slurmFiles.figures}"`];
  return [
    "#!/bin/bash",
    `# Written by eoslab slurm (docs/cluster.md): joins the ${job.tasks} shard files of the array job into ${slurmFiles.merged}.`,
    "# Submitted with --dependency=afterok:<array job id>: it starts once every array task has ended well,",
    "# and Slurm cancels it (--kill-on-invalid-dep) when one has not.",
    "#SBATCH --job-name=eoslab-merge",
    `#SBATCH --output=${joinPath(joinPath(job.dir, slurmFiles.logs), "merge.out")}`,
    "#SBATCH --kill-on-invalid-dep=yes",
    ...commonDirectives(job),
    "set -eu",
    `dir=${shellQuote(job.dir)}`,
    `cd ${shellQuote(job.workdir)}`,
    `exec ${merge.join(" ")}`,
    "",
  ].join("\n");
}

/** How to submit: the array's sbatch argv (null when every shard is complete) and the merge job's argv. */
export interface SlurmSubmission {
  /** Array task ids to run (all, or the unfinished ones on a rerun). */
  shards: number[];
  /** sbatch arguments for the array job (without the program name), or null when no shard is left. */
  array: string[] | null;
  /** sbatch arguments for the merge job; the word "{array}" stands for the array job's id. */
  merge: string[];
  /** The same, as one line to paste into a shell. */
  shell: string;
}

/**
 * The sbatch calls that run `shards` (0-based task ids) and then the merge. All shards: the script's own --array;
 * some: an --array=i,j,… override on the sbatch line (it takes precedence over the #SBATCH line). None: only the merge.
 */
export function slurmSubmission(job: SlurmJob, shards: number[]): SlurmSubmission {
  checkSlurmJob(job);
  if (!Array.isArray(shards) || shards.some((k) => !Number.isSafeInteger(k) || k < 0 || k >= job.tasks)) {
    throw new InvalidArgumentError(`shards must be task ids in 0..${job.tasks - 1}, got [${String(shards)}]`);
  }
  const ids = [...new Set(shards)].sort((a, b) => a - b);
  const sweepPath = joinPath(job.dir, slurmFiles.sweepScript), mergePath = joinPath(job.dir, slurmFiles.mergeScript);
  if (ids.length === 0) return { shards: ids, array: null, merge: ["--parsable", mergePath], shell: `sbatch --parsable ${shellQuote(mergePath)}` };
  const all = ids.length === job.tasks;
  const array = ["--parsable", ...(all ? [] : [`--array=${formatArrayList(ids)}`]), sweepPath];
  // --parsable prints "id" or "id;cluster": the id is what precedes any ";".
  const shell = `jobid=$(sbatch ${array.map(shellQuote).join(" ")}) && sbatch --parsable --dependency=afterok:\${jobid%%;*} ${shellQuote(mergePath)}`;
  return { shards: ids, array, merge: ["--parsable", "--dependency=afterok:{array}", mergePath], shell };
}
