// The Slurm scripts' text (src/cluster/slurm-script.ts) against expectations written out by hand here, the quoting
// against a real POSIX shell, and the array script run by bash with a stand-in eoslab that prints its arguments.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkSlurmJob, formatArrayList, mergeScript, shellQuote, slurmSubmission, sweepScript, type SlurmJob } from "../../src/cluster/slurm-script.js";

const tmp = mkdtempSync(join(tmpdir(), "eoslab-slurm-script-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const job: SlurmJob = {
  tasks: 4,
  dir: "/scratch/me/atlas",
  eoslab: ["/usr/bin/node", "/opt/eoslab/dist/cli.js"],
  sweepArgs: ["--spec", "/home/me/my sweeps/it's.json"],
  workdir: "/home/me/my sweeps",
  partition: "short",
  time: "1:00:00",
  cpusPerTask: 2,
  sbatchArgs: ["--account=lab", "--mem=2G"],
};

describe("the scripts for a fixed job, line by line", () => {
  it("sweep.sbatch: an array 0-3, shard $((SLURM_ARRAY_TASK_ID+1))/4 into shard-$SLURM_ARRAY_TASK_ID.jsonl", () => {
    const want = [
      "#!/bin/bash",
      "# Written by eoslab slurm (docs/cluster.md): array task i runs shard i+1 of 4 of one sweep into shard-i.jsonl.",
      "# A task that is stopped (scancel, time limit) leaves only whole lines there; running it again resumes it.",
      "# A rerun of the same eoslab slurm command submits only the unfinished shards, as --array=i,j,… on the sbatch line.",
      "#SBATCH --job-name=eoslab-sweep",
      "#SBATCH --array=0-3",
      "#SBATCH --output=/scratch/me/atlas/logs/shard-%a.out",
      "#SBATCH --cpus-per-task=2",
      "#SBATCH --partition=short",
      "#SBATCH --time=1:00:00",
      "#SBATCH --account=lab",
      "#SBATCH --mem=2G",
      "set -eu",
      "dir=/scratch/me/atlas",
      "cd '/home/me/my sweeps'",
      `: "\${SLURM_ARRAY_TASK_ID:?this script is a Slurm array job: submit it with sbatch}"`,
      `exec /usr/bin/node /opt/eoslab/dist/cli.js sweep --spec '/home/me/my sweeps/it'\\''s.json' --shard "$((SLURM_ARRAY_TASK_ID + 1))/4" --jsonl "$dir/shard-$SLURM_ARRAY_TASK_ID.jsonl" --out "$dir/figures" --workers 2`,
      "",
    ].join("\n");
    expect(sweepScript(job)).toBe(want);
  });

  it("merge.sbatch: every shard file, in task order, into sweep.jsonl", () => {
    const want = [
      "#!/bin/bash",
      "# Written by eoslab slurm (docs/cluster.md): joins the 4 shard files of the array job into sweep.jsonl.",
      "# Submitted with --dependency=afterok:<array job id>: it starts once every array task has ended well,",
      "# and Slurm cancels it (--kill-on-invalid-dep) when one has not.",
      "#SBATCH --job-name=eoslab-merge",
      "#SBATCH --output=/scratch/me/atlas/logs/merge.out",
      "#SBATCH --kill-on-invalid-dep=yes",
      "#SBATCH --partition=short",
      "#SBATCH --time=1:00:00",
      "#SBATCH --account=lab",
      "#SBATCH --mem=2G",
      "set -eu",
      "dir=/scratch/me/atlas",
      "cd '/home/me/my sweeps'",
      `exec /usr/bin/node /opt/eoslab/dist/cli.js merge "$dir/shard-0.jsonl" "$dir/shard-1.jsonl" "$dir/shard-2.jsonl" "$dir/shard-3.jsonl" --out "$dir/sweep.jsonl" --figures "$dir/figures"`,
      "",
    ].join("\n");
    expect(mergeScript(job)).toBe(want);
  });

  it("a --workers among the sweep's options is kept and not added twice; no partition, time or extras: no such lines", () => {
    const s = sweepScript({ tasks: 2, dir: "/d", eoslab: ["eoslab"], sweepArgs: ["--count", "9", "--workers", "3"], workdir: "/w" });
    expect(s.split("\n").filter((l) => l.startsWith("#SBATCH"))).toEqual([
      "#SBATCH --job-name=eoslab-sweep", "#SBATCH --array=0-1", "#SBATCH --output=/d/logs/shard-%a.out", "#SBATCH --cpus-per-task=1",
    ]);
    expect(s).toContain(`exec eoslab sweep --count 9 --workers 3 --shard "$((SLURM_ARRAY_TASK_ID + 1))/2" --jsonl "$dir/shard-$SLURM_ARRAY_TASK_ID.jsonl" --out "$dir/figures"\n`);
  });
});

describe("the array script under bash: task i gets shard i+1/N and its own file", () => {
  // A stand-in eoslab: prints its arguments as JSON, so what bash expanded is compared with what the task must run.
  const fake = join(tmp, "fake-eoslab.mjs");
  writeFileSync(fake, "console.log(JSON.stringify(process.argv.slice(2)));\n");
  const dir = join(tmp, "job");
  const script = join(tmp, "sweep.sbatch");
  writeFileSync(script, sweepScript({ ...job, dir, workdir: tmp, eoslab: [process.execPath, fake] }));

  it.each([0, 1, 3])("SLURM_ARRAY_TASK_ID=%i", (task) => {
    const r = spawnSync("bash", [script], { env: { ...process.env, SLURM_ARRAY_TASK_ID: String(task) }, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      "sweep", "--spec", "/home/me/my sweeps/it's.json", "--shard", `${task + 1}/4`, "--jsonl", `${dir}/shard-${task}.jsonl`, "--out", `${dir}/figures`, "--workers", "2",
    ]);
  });

  it("without SLURM_ARRAY_TASK_ID (run by hand): exit 1 with a message, nothing run", () => {
    const env = { ...process.env };
    delete env.SLURM_ARRAY_TASK_ID;
    const r = spawnSync("bash", [script], { env, encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("this script is a Slurm array job");
  });
});

describe("the merge script under bash: every shard file, then --out and --figures", () => {
  it("the stand-in eoslab gets the N shard paths in task order", () => {
    const fake = join(tmp, "fake-eoslab-merge.mjs");
    writeFileSync(fake, "console.log(JSON.stringify(process.argv.slice(2)));\n");
    const dir = join(tmp, "mjob");
    const script = join(tmp, "merge.sbatch");
    writeFileSync(script, mergeScript({ ...job, tasks: 3, dir, workdir: tmp, eoslab: [process.execPath, fake] }));
    const r = spawnSync("bash", [script], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(["merge", `${dir}/shard-0.jsonl`, `${dir}/shard-1.jsonl`, `${dir}/shard-2.jsonl`, "--out", `${dir}/sweep.jsonl`, "--figures", `${dir}/figures`]);
  });
});

describe("shellQuote: a real sh gets every word back as it was", () => {
  const words = ["plain", "/a/b.json", "with space", "it's", "$HOME", "`ls`", "a\"b", "back\\slash", "", "tab\there", "--x=1,2", "*?[x]", "ünï"];
  it.each(words)("%j", (w) => {
    const r = spawnSync("sh", ["-c", `printf '%s' ${shellQuote(w)}`], { encoding: "utf8" });
    expect(r.stdout).toBe(w);
  });
});

describe("formatArrayList and slurmSubmission", () => {
  it("runs of consecutive ids become a-b", () => {
    expect(formatArrayList([0, 1, 2, 5, 7, 8])).toBe("0-2,5,7-8");
    expect(formatArrayList([3])).toBe("3");
    expect(formatArrayList([9, 1, 3, 1])).toBe("1,3,9");
    expect(() => formatArrayList([])).toThrow(/task ids/);
  });

  it("all shards: the script's own --array; the merge waits for the array's id", () => {
    const s = slurmSubmission(job, [0, 1, 2, 3]);
    expect(s.array).toEqual(["--parsable", "/scratch/me/atlas/sweep.sbatch"]);
    expect(s.merge).toEqual(["--parsable", "--dependency=afterok:{array}", "/scratch/me/atlas/merge.sbatch"]);
    expect(s.shell).toBe("jobid=$(sbatch --parsable /scratch/me/atlas/sweep.sbatch) && sbatch --parsable --dependency=afterok:${jobid%%;*} /scratch/me/atlas/merge.sbatch");
  });

  it("some shards: an --array override listing only them", () => {
    const s = slurmSubmission(job, [3, 1]);
    expect(s.shards).toEqual([1, 3]);
    expect(s.array).toEqual(["--parsable", "--array=1,3", "/scratch/me/atlas/sweep.sbatch"]);
  });

  it("no shard left: only the merge, without a dependency", () => {
    const s = slurmSubmission(job, []);
    expect(s.array).toBeNull();
    expect(s.merge).toEqual(["--parsable", "/scratch/me/atlas/merge.sbatch"]);
  });

  it("a task id outside 0..N-1 is refused", () => {
    expect(() => slurmSubmission(job, [4])).toThrow(/task ids in 0\.\.3/);
  });
});

describe("checkSlurmJob: junk gives one line naming the option", () => {
  const rows: [string, Partial<SlurmJob>, RegExp][] = [
    ["tasks 0", { tasks: 0 }, /^--tasks must be an integer ≥ 1, got 0$/],
    ["tasks 1.5", { tasks: 1.5 }, /--tasks must be an integer/],
    ["relative dir", { dir: "job" }, /must be an absolute path/],
    ["dir with a space", { dir: "/a b" }, /--out \/a b: .*must not contain spaces/],
    ["dir with %", { dir: "/a%b" }, /must not contain/],
    ["no eoslab command", { eoslab: [] }, /--eoslab must be a command/],
    ["--shard among the sweep's options", { sweepArgs: ["--shard", "1/2"] }, /--shard is set by eoslab slurm/],
    ["--jsonl= among the sweep's options", { sweepArgs: ["--jsonl=x"] }, /--jsonl is set by eoslab slurm/],
    ["partition with a space", { partition: "a b" }, /--partition must be a partition name/],
    ["time junk", { time: "1h" }, /--time must be a Slurm time limit/],
    ["cpus 0", { cpusPerTask: 0 }, /--cpus must be an integer in \[1, 4096\]/],
    ["sbatch arg without a dash", { sbatchArgs: ["account=lab"] }, /--sbatch-arg "account=lab" must be one sbatch option/],
    ["sbatch arg with a space", { sbatchArgs: ["--account=a b"] }, /must be one sbatch option word/],
    ["sbatch arg --array", { sbatchArgs: ["--array=0-9"] }, /eoslab slurm sets --array itself/],
    ["sbatch arg --dependency", { sbatchArgs: ["--dependency=afterok:1"] }, /sets --dependency itself/],
  ];
  it.each(rows)("%s", (_name, change, want) => {
    expect(() => checkSlurmJob({ ...job, ...change })).toThrow(want);
    try {
      checkSlurmJob({ ...job, ...change });
    } catch (e) {
      expect((e as Error).message).not.toContain("\n");
      expect((e as Error).name).toBe("InvalidArgumentError");
    }
  });
  it("the fixed job itself is fine", () => expect(() => checkSlurmJob(job)).not.toThrow());
});
