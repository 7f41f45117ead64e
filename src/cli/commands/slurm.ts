import type { Command } from "commander";
import { realpathSync } from "node:fs";
import { basename, resolve } from "node:path";
import { EoslabError, InvalidArgumentError } from "../../errors.js";
import { checkSlurmJob, formatArrayList, slurmSubmission, type SlurmJob } from "../../cluster/slurm-script.js";
import { readSpecFile } from "../../node/sweep-spec-file.js";
import { gridSize } from "../../experiments/sweep-spec.js";
import { prepareSlurmDir, runSbatch, slurmManifest, type ShardState } from "../../node/slurm-job.js";
import { stringifySafe } from "../../series/json-safe.js";
import { info } from "../log.js";
import { intFlag } from "../parse-numbers.js";
import { ETA_SWEEP_FLAGS, etaSweepSettings, workersFlag } from "../options/sweep-flags.js";
import type { CommandRegistrar } from "../program.js";

/** The sweep flags `eoslab slurm` passes through to every array task: eoslab sweep's η-only flags and --workers. */
const PASSED_FLAGS: { flag: string; key: string }[] = [...ETA_SWEEP_FLAGS, { flag: "--workers", key: "workers" }];

/** The eoslab command the scripts call: --eoslab's words, else this very CLI file under this node, else `eoslab`. */
function eoslabCommand(raw: string | undefined): { words: string[]; how: string } {
  if (raw !== undefined) {
    const words = raw.trim().split(/\s+/).filter((w) => w !== "");
    if (words.length === 0) throw new InvalidArgumentError(`--eoslab must be a command such as "eoslab" or "node /abs/path/dist/cli.js", got "${raw}"`);
    return { words, how: "--eoslab" };
  }
  let main: string | null = null;
  try {
    main = process.argv[1] ? realpathSync(process.argv[1]) : null;
  } catch { /* not a file: fall through */ }
  // The bundle (dist/cli.js, also what the `eoslab` bin links to) or tsc's dist/cli/index.js.
  if (main !== null && (basename(main) === "cli.js" || main.endsWith("/cli/index.js"))) return { words: [process.execPath, main], how: "this node and CLI file" };
  return { words: ["eoslab"], how: "eoslab from PATH (give --eoslab to choose)" };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function formatShards(shards: ShardState[], submit: number[]): string {
  const done = shards.filter((s) => s.state === "complete").map((s) => s.task);
  const parts = [`${done.length} of ${shards.length} shards complete${done.length ? ` (tasks ${formatArrayList(done)})` : ""}`];
  parts.push(submit.length ? `${submit.length} to run (tasks ${formatArrayList(submit)})` : "none to run");
  return parts.join(", ");
}

/** `eoslab slurm`: a Slurm array job (one task per shard) and a dependent merge job for one sweep. */
export const registerSlurm: CommandRegistrar = (program: Command) => {
  program
    .command("slurm")
    .description("run a sweep on a Slurm cluster: writes an array job (task i runs eoslab sweep --shard i+1/N into shard-i.jsonl) and a merge job that waits for it; prints the sbatch line, or submits it (--submit); a rerun submits only the unfinished shards")
    .requiredOption("--tasks <N>", "number of array tasks = shards")
    .requiredOption("--out <dir>", "directory for sweep.sbatch, merge.sbatch, slurm.json, the shard files, sweep.jsonl, figures/ and logs/")
    .option("--spec <file>", "the sweep spec (JSON) every task runs; or give eoslab sweep's η flags below")
    .option("--depth <p>", "passed to eoslab sweep (η-only sweep)")
    .option("--target <y>", "passed to eoslab sweep")
    .option("--from <η>", "passed to eoslab sweep")
    .option("--to <η>", "passed to eoslab sweep")
    .option("--count <n>", "passed to eoslab sweep")
    .option("--steps <N>", "passed to eoslab sweep")
    .option("--tail <K>", "passed to eoslab sweep")
    .option("--workers <n>", "passed to eoslab sweep: worker threads per task (default: --cpus)")
    .option("--partition <name>", "Slurm partition (#SBATCH --partition)")
    .option("--time <limit>", "Slurm time limit per task, e.g. 30, 1:00:00, 2-00:00:00 (#SBATCH --time)")
    .option("--cpus <n>", "CPUs per task (#SBATCH --cpus-per-task); also the sweep's --workers unless given", "1")
    .option("--sbatch-arg <option>", "one more sbatch option for both scripts, e.g. --sbatch-arg=--account=lab (repeatable)", collect)
    .option("--eoslab <command>", "the eoslab command the tasks run (default: this node and this CLI file, by absolute path)")
    .option("--submit", "submit the jobs now (sbatch --parsable, then the merge with --dependency=afterok:<array id>)")
    .option("--sbatch <program>", "the sbatch program to call with --submit", "sbatch")
    .option("--json", "print a JSON summary on stdout")
    .action((f: Record<string, string | string[] | boolean | undefined>) => {
      const tasks = intFlag("--tasks", String(f.tasks), 1, 1_000_000);
      const outRaw = String(f.out);
      if (outRaw.trim() === "") throw new InvalidArgumentError("--out must be a directory path, got an empty string");
      const dir = resolve(outRaw);
      const cpus = intFlag("--cpus", String(f.cpus), 1, 4096);

      // The sweep: a spec file, or eoslab sweep's own flags (checked here by sweep's own checks, so a typo fails now
      // and not in N queued tasks).
      const given = PASSED_FLAGS.filter((s) => f[s.key] !== undefined);
      const sweepArgs: string[] = [];
      let spec: { path: string; bytes: Buffer } | null = null;
      let points: number;
      if (f.spec !== undefined) {
        const etaOnly = given.filter((s) => s.key !== "workers");
        if (etaOnly.length) throw new InvalidArgumentError(`--spec and ${etaOnly.map((s) => s.flag).join(", ")} both describe the sweep; put everything in the spec file`);
        const path = resolve(String(f.spec));
        // The sweep's own reader: the same one-line errors eoslab sweep --spec gives, before anything is queued.
        const read = readSpecFile(path);
        points = gridSize(read.spec);
        spec = { path, bytes: read.bytes };
        sweepArgs.push("--spec", path);
      } else points = etaSweepSettings(f).count;
      if (f.workers !== undefined) workersFlag(String(f.workers));
      for (const s of given) sweepArgs.push(s.flag, String(f[s.key]).trim());
      if (tasks > points) throw new InvalidArgumentError(`--tasks ${tasks} is more than the sweep's ${points} grid points; give at most ${points} tasks`);

      const eoslab = eoslabCommand(f.eoslab === undefined ? undefined : String(f.eoslab));
      const job: SlurmJob = {
        tasks, dir, eoslab: eoslab.words, sweepArgs, workdir: process.cwd(), cpusPerTask: cpus,
        partition: f.partition === undefined ? undefined : String(f.partition),
        time: f.time === undefined ? undefined : String(f.time),
        sbatchArgs: (f.sbatchArg as string[] | undefined) ?? [],
      };
      checkSlurmJob(job);
      const sbatch = String(f.sbatch);
      if (sbatch.trim() === "") throw new InvalidArgumentError("--sbatch must name a program, got an empty string");

      const prepared = prepareSlurmDir(job, slurmManifest(job, spec));
      const todo = prepared.shards.filter((s) => s.state !== "complete").map((s) => s.task);
      const plan = slurmSubmission(job, todo);
      info(`slurm: the tasks run ${eoslab.words.join(" ")} (${eoslab.how})`);

      let submitted: { array: string | null; merge: string } | null = null;
      if (f.submit) {
        const array = plan.array === null ? null : runSbatch(sbatch, plan.array);
        const mergeArgs = plan.merge.map((a) => a.replace("{array}", array ?? ""));
        let merge: string;
        try {
          merge = runSbatch(sbatch, mergeArgs);
        } catch (e) {
          // The array is queued already: say so, and how to submit the merge by hand, rather than lose its id.
          if (array === null || !(e instanceof EoslabError)) throw e;
          throw new EoslabError(`array job ${array} was submitted, but the merge job was not (${e.message}); submit it with: sbatch ${mergeArgs.join(" ")}`);
        }
        submitted = { array, merge };
      }

      if (f.json) {
        process.stdout.write(stringifySafe({
          dir, tasks, points, rerun: prepared.rerun, files: prepared.files, eoslab: eoslab.words, sweepArgs,
          shards: prepared.shards.map((s) => ({ task: s.task, state: s.state, points: s.points, expected: s.expected })),
          submit: plan.shards, sbatch: { array: plan.array, merge: plan.merge, shell: plan.shell }, submitted,
        }) + "\n");
        return;
      }
      const lines = [
        `Slurm job for a sweep in ${tasks} array task${tasks === 1 ? "" : "s"} (task i runs shard i+1 of ${tasks}) over ${points} grid points`,
        `  wrote ${prepared.files.sweep}, ${prepared.files.merge}, ${prepared.files.manifest}`,
        `  ${prepared.rerun ? `rerun: ${formatShards(prepared.shards, plan.shards)}` : `${tasks} shards to run`}`,
      ];
      if (submitted) {
        lines.push(submitted.array === null ? `submitted: no array job (every shard is complete); merge job ${submitted.merge}`
          : `submitted: array job ${submitted.array} (tasks ${formatArrayList(plan.shards)}), merge job ${submitted.merge} (runs when the array has ended well)`);
        lines.push(`  the merged sweep will be ${dir}/sweep.jsonl, with figures in ${dir}/figures; logs in ${dir}/logs`);
      } else {
        lines.push("submit with:", `  ${plan.shell}`, "(or rerun this command with --submit; after a failure, rerun it as it is to submit only the unfinished shards)");
      }
      process.stdout.write(lines.join("\n") + "\n");
    });
};
