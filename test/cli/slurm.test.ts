// `eoslab slurm` through the real parser, in-process, without Slurm: the job directory it writes, a rerun that
// lists only the shards whose files are not complete (files written by `eoslab sweep --shard` itself), submission
// through a stand-in sbatch that records its arguments, refusals to overwrite another sweep's job, and bad input.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, truncateSync, writeFileSync, existsSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCliOutcome } from "./bad-input-harness.js";

const tmp = mkdtempSync(join(tmpdir(), "eoslab-slurm-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// 8 η values in 4 shards: shard k (task k-1) holds grid indices k-1 and k+3. Tiny runs (400 steps).
const SWEEP = ["--count", "8", "--steps", "400", "--tail", "8"];
const EOSLAB = ["--eoslab", "eoslab"];

async function slurm(args: string[]): Promise<Record<string, any>> {
  const r = await runCliOutcome(["slurm", ...args, "--json", "--quiet"]);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

async function sweepShard(dir: string, task: number, tasks = 4): Promise<void> {
  const r = await runCliOutcome(["sweep", ...SWEEP, "--shard", `${task + 1}/${tasks}`, "--jsonl", join(dir, `shard-${task}.jsonl`), "--out", join(tmp, "unused-figures"), "--quiet"]);
  expect(r.exitCode, r.stderr).toBe(0);
}

/** Point lines (with an integer index) in a JSONL file, by a plain reading independent of eoslab's readers. */
function pointIndices(path: string): number[] {
  const lines = readFileSync(path, "utf8").split("\n");
  lines.pop();
  return lines.filter((l) => l.trim()).map((l) => JSON.parse(l)).filter((o) => Number.isInteger(o.index)).map((o) => o.index);
}

describe("eoslab slurm: the job directory and reruns", () => {
  const dir = join(tmp, "job");

  it("first run: the scripts, the manifest, every shard to run, and the sbatch line", async () => {
    const j = await slurm(["--tasks", "4", "--out", dir, ...SWEEP, ...EOSLAB, "--time", "30"]);
    expect(j.rerun).toBe(false);
    expect(j.submit).toEqual([0, 1, 2, 3]);
    expect(j.points).toBe(8);
    expect(j.sbatch.array).toEqual(["--parsable", join(dir, "sweep.sbatch")]);
    expect(j.submitted).toBeNull();
    const script = readFileSync(join(dir, "sweep.sbatch"), "utf8");
    expect(script).toContain("#SBATCH --array=0-3\n");
    expect(script).toContain("#SBATCH --time=30\n");
    expect(script).toContain(`exec eoslab sweep --count 8 --steps 400 --tail 8 --shard "$((SLURM_ARRAY_TASK_ID + 1))/4" --jsonl "$dir/shard-$SLURM_ARRAY_TASK_ID.jsonl"`);
    expect(readFileSync(join(dir, "merge.sbatch"), "utf8")).toContain(`merge "$dir/shard-0.jsonl" "$dir/shard-1.jsonl" "$dir/shard-2.jsonl" "$dir/shard-3.jsonl" --out "$dir/sweep.jsonl"`);
    expect(JSON.parse(readFileSync(join(dir, "slurm.json"), "utf8")).tasks).toBe(4);
    expect(existsSync(join(dir, "logs"))).toBe(true);
  });

  it("the table output prints the sbatch line to paste", async () => {
    const r = await runCliOutcome(["slurm", "--tasks", "4", "--out", dir, ...SWEEP, ...EOSLAB, "--time", "30"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`  jobid=$(sbatch --parsable ${join(dir, "sweep.sbatch")}) && sbatch --parsable --dependency=afterok:\${jobid%%;*} ${join(dir, "merge.sbatch")}\n`);
  });

  it("rerun with shards 0 and 2 complete, 1 cut short mid-write, 3 never started: only 1 and 3 are submitted", { timeout: 60_000 }, async () => {
    for (const t of [0, 1, 2]) await sweepShard(dir, t);
    // Shard 1 (task 1, grid indices 1 and 5) as a killed task leaves it: its last point gone, half a line instead.
    const f1 = join(dir, "shard-1.jsonl");
    const text = readFileSync(f1, "utf8");
    const lastStart = text.lastIndexOf("\n", text.length - 2) + 1;
    truncateSync(f1, Buffer.byteLength(text.slice(0, lastStart)));
    appendFileSync(f1, text.slice(lastStart, lastStart + 20));
    expect(pointIndices(f1)).toEqual([1]);
    expect(pointIndices(join(dir, "shard-2.jsonl")).sort()).toEqual([2, 6]);

    const j = await slurm(["--tasks", "4", "--out", dir, ...SWEEP, ...EOSLAB, "--time", "30"]);
    expect(j.rerun).toBe(true);
    expect(j.submit).toEqual([1, 3]);
    expect(j.shards).toEqual([
      { task: 0, state: "complete", points: 2, expected: 2 },
      { task: 1, state: "partial", points: 1, expected: 2 },
      { task: 2, state: "complete", points: 2, expected: 2 },
      { task: 3, state: "missing", points: 0, expected: null },
    ]);
    expect(j.sbatch.array).toEqual(["--parsable", "--array=1,3", join(dir, "sweep.sbatch")]);
    // The partial shard was left as it was: resuming it is the sweep's job.
    expect(pointIndices(f1)).toEqual([1]);
  });

  it("once every shard is complete: only the merge job, without a dependency", { timeout: 60_000 }, async () => {
    await sweepShard(dir, 1); // resumes the cut file
    await sweepShard(dir, 3);
    expect(pointIndices(join(dir, "shard-1.jsonl")).sort()).toEqual([1, 5]);
    const j = await slurm(["--tasks", "4", "--out", dir, ...SWEEP, ...EOSLAB]);
    expect(j.submit).toEqual([]);
    expect(j.sbatch.array).toBeNull();
    expect(j.sbatch.merge).toEqual(["--parsable", join(dir, "merge.sbatch")]);
  });

  it("a two-axis spec: the tasks run --spec <absolute path>; shards written by eoslab sweep --spec count as complete", { timeout: 60_000 }, async () => {
    const specDir = join(tmp, "spec-grid");
    mkdirSync(specDir);
    const spec = join(specDir, "grid.json");
    writeFileSync(spec, JSON.stringify({ model: "deep-scalar", fixed: { target: 1 }, axes: { depth: [2, 3], etaFrac: { from: 0.9, to: 1.1, count: 3 } }, steps: 400, tail: 8 }));
    const job = join(specDir, "job");
    const first = await slurm(["--spec", spec, "--tasks", "4", "--out", job, ...EOSLAB]);
    expect(first.points).toBe(6);
    expect(readFileSync(join(job, "sweep.sbatch"), "utf8")).toContain(`exec eoslab sweep --spec ${spec} --shard "$((SLURM_ARRAY_TASK_ID + 1))/4"`);
    for (const t of [0, 2]) {
      const r = await runCliOutcome(["sweep", "--spec", spec, "--shard", `${t + 1}/4`, "--jsonl", join(job, `shard-${t}.jsonl`), "--out", join(tmp, "unused-figures"), "--quiet"]);
      expect(r.exitCode, r.stderr).toBe(0);
    }
    // Shard 1 of 4 of 6 points holds indices 0 and 4; shard 3 holds 2 only (k mod 4 = t).
    expect(pointIndices(join(job, "shard-0.jsonl")).sort()).toEqual([0, 4]);
    expect(pointIndices(join(job, "shard-2.jsonl"))).toEqual([2]);
    const again = await slurm(["--spec", spec, "--tasks", "4", "--out", job, ...EOSLAB]);
    expect(again.submit).toEqual([1, 3]);
    expect(again.shards.map((s: { state: string; expected: number | null }) => [s.state, s.expected])).toEqual([["complete", 2], ["missing", null], ["complete", 1], ["missing", null]]);
  });

  it("a shard file of another sweep in the directory is refused", { timeout: 60_000 }, async () => {
    const other = join(tmp, "mixed");
    await slurm(["--tasks", "4", "--out", other, ...SWEEP, ...EOSLAB]);
    await sweepShard(other, 0);
    const r0 = await runCliOutcome(["sweep", "--count", "8", "--steps", "500", "--tail", "8", "--shard", "2/4", "--jsonl", join(other, "shard-1.jsonl"), "--out", join(tmp, "unused-figures"), "--quiet"]);
    expect(r0.exitCode, r0.stderr).toBe(0);
    const r = await runCliOutcome(["slurm", "--tasks", "4", "--out", other, ...SWEEP, ...EOSLAB]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^eoslab: \S*shard-1\.jsonl holds another sweep than \S*shard-0\.jsonl[^\n]*\n$/);
  });
});

describe("eoslab slurm --submit, with a stand-in sbatch", () => {
  // In a directory whose name has a space: the program is spawned with an argument list, never through a shell.
  const bin = join(tmp, "bin dir");
  mkdirSync(bin);
  const sbatch = join(bin, "sbatch");
  const calls = join(bin, "calls.jsonl");
  writeFileSync(sbatch, [
    `#!${process.execPath}`,
    `const fs = require("fs");`,
    `const log = ${JSON.stringify(calls)};`,
    `const n = fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\\n").filter(Boolean).length : 0;`,
    `fs.appendFileSync(log, JSON.stringify(process.argv.slice(2)) + "\\n");`,
    `if (process.env.FAKE_SBATCH_FAIL) { console.error("sbatch: error: Batch job submission failed: Invalid partition name specified"); process.exit(1); }`,
    `console.log(n === 0 ? "101;cluster1" : String(101 + n));`,
    "",
  ].join("\n"));
  chmodSync(sbatch, 0o755);

  it("submits the array, then the merge with --dependency=afterok:<array id>", async () => {
    const dir = join(tmp, "submitted");
    const r = await runCliOutcome(["slurm", "--tasks", "2", "--out", dir, ...SWEEP, ...EOSLAB, "--submit", "--sbatch", sbatch]);
    expect(r.exitCode, r.stderr).toBe(0);
    const argv = readFileSync(calls, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(argv).toEqual([
      ["--parsable", join(dir, "sweep.sbatch")],
      ["--parsable", "--dependency=afterok:101", join(dir, "merge.sbatch")],
    ]);
    expect(r.stdout).toContain("submitted: array job 101 (tasks 0-1), merge job 102");
  });

  it("an sbatch that fails: exit 1, one line with sbatch's own reason", async () => {
    process.env.FAKE_SBATCH_FAIL = "1";
    try {
      const r = await runCliOutcome(["slurm", "--tasks", "2", "--out", join(tmp, "failing"), ...SWEEP, ...EOSLAB, "--submit", "--sbatch", sbatch, "--quiet"]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/^eoslab: [^\n]*sbatch --parsable [^\n]* failed \(exit 1\): sbatch: error: Batch job submission failed: Invalid partition name specified\n$/);
    } finally {
      delete process.env.FAKE_SBATCH_FAIL;
    }
  });

  it("no sbatch program: exit 1, one line that says so", async () => {
    const r = await runCliOutcome(["slurm", "--tasks", "2", "--out", join(tmp, "nosbatch"), ...SWEEP, ...EOSLAB, "--submit", "--sbatch", join(tmp, "no-such-sbatch"), "--quiet"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^eoslab: cannot run \S*no-such-sbatch \(ENOENT\); is Slurm installed here\?[^\n]*\n$/);
  });
});

describe("the eoslab the tasks run, by default", () => {
  // The built CLI as `node dist/cli/index.js`: the scripts call this very node and file by absolute path.
  const built = join(process.cwd(), "dist", "cli", "index.js");
  it.skipIf(!existsSync(built))("node dist/cli/index.js slurm: the scripts run <node> <abs path of dist/cli/index.js> sweep", () => {
    const dir = join(tmp, "default-eoslab");
    const r = spawnSync(process.execPath, [built, "slurm", "--tasks", "2", ...SWEEP, "--out", dir, "--json", "--quiet"], { cwd: tmp, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).eoslab).toEqual([process.execPath, realpathSync(built)]);
    expect(readFileSync(join(dir, "sweep.sbatch"), "utf8")).toContain(`\nexec ${process.execPath} ${realpathSync(built)} sweep --count 8 `);
  });
});

describe("eoslab slurm never overwrites another job", () => {
  const dir = join(tmp, "taken");

  it("other sweep options, other --tasks, or a changed spec file: refused, the scripts untouched", async () => {
    await slurm(["--tasks", "2", "--out", dir, ...SWEEP, ...EOSLAB]);
    const before = readFileSync(join(dir, "sweep.sbatch"), "utf8");
    const a = await runCliOutcome(["slurm", "--tasks", "2", "--out", dir, "--count", "9", "--steps", "400", "--tail", "8", ...EOSLAB]);
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toMatch(/^eoslab: --out \S+ holds the scripts of another sweep \(sweep options --count 8 --steps 400 --tail 8 there, --count 9 --steps 400 --tail 8 here\); give another --out directory, or delete that one\n$/);
    const b = await runCliOutcome(["slurm", "--tasks", "4", "--out", dir, ...SWEEP, ...EOSLAB]);
    expect(b.stderr).toMatch(/another sweep \(--tasks 2 there, 4 here\)/);
    expect(readFileSync(join(dir, "sweep.sbatch"), "utf8")).toBe(before);

    const spec = join(tmp, "spec.json");
    writeFileSync(spec, JSON.stringify({ model: "deep-scalar", axes: { eta: [0.3, 0.4] }, steps: 400, tail: 8 }));
    await slurm(["--tasks", "2", "--out", join(tmp, "spec-job"), "--spec", spec, ...EOSLAB]);
    writeFileSync(spec, JSON.stringify({ model: "deep-scalar", axes: { eta: [0.3, 0.41] }, steps: 400, tail: 8 }));
    const c = await runCliOutcome(["slurm", "--tasks", "2", "--out", join(tmp, "spec-job"), "--spec", spec, ...EOSLAB]);
    expect(c.exitCode).toBe(2);
    expect(c.stderr).toMatch(/another sweep \(the spec file \S+spec\.json has changed since\)/);
  });

  it("a directory with a sweep.sbatch but no slurm.json is not ours", async () => {
    const d = join(tmp, "foreign");
    mkdirSync(d);
    writeFileSync(join(d, "sweep.sbatch"), "#!/bin/bash\n");
    const r = await runCliOutcome(["slurm", "--tasks", "2", "--out", d, ...SWEEP, ...EOSLAB]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/already holds sweep\.sbatch but no slurm\.json/);
    expect(readFileSync(join(d, "sweep.sbatch"), "utf8")).toBe("#!/bin/bash\n");
  });

  it("a slurm.json that is a named pipe is refused in one line, not read (which would wait for a writer)", async () => {
    const d = join(tmp, "fifo-manifest");
    mkdirSync(d);
    const made = spawnSync("mkfifo", [join(d, "slurm.json")]);
    if (made.status !== 0) return; // no mkfifo on this system
    const r = await runCliOutcome(["slurm", "--tasks", "2", "--out", d, ...SWEEP, ...EOSLAB]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^eoslab: --out manifest \S+slurm\.json is a named pipe \(FIFO\); it must be a regular file/);
    expect(r.exitCode).toBe(2);
  }, 60_000);
});

describe("bad input: eoslab slurm", () => {
  const aFile = join(tmp, "a-file");
  writeFileSync(aFile, "x");
  const notJson = join(tmp, "not.json");
  writeFileSync(notJson, "{ model: deep-scalar");
  const arrayJson = join(tmp, "array.json");
  writeFileSync(arrayJson, "[1, 2]");
  const noSteps = join(tmp, "no-steps.json");
  writeFileSync(noSteps, JSON.stringify({ model: "deep-scalar", axes: { eta: [0.3, 0.4] } }));
  const twoPoints = join(tmp, "two-points.json");
  writeFileSync(twoPoints, JSON.stringify({ model: "deep-scalar", axes: { eta: [0.3, 0.4] }, steps: 400, tail: 8 }));
  const out = (n: string): string[] => ["--out", join(tmp, "bad", n)];
  const rows: [string, string[], RegExp, number?][] = [
    ["no --tasks", [...out("a")], /required option '--tasks <N>' not specified/],
    ["--tasks 0", ["--tasks", "0", ...out("b")], /--tasks must be an integer in \[1, 1000000\], got "0"/],
    ["--tasks abc", ["--tasks", "abc", ...out("c")], /--tasks must be an integer/],
    ["more tasks than grid points", ["--tasks", "9", ...SWEEP, ...out("d")], /--tasks 9 is more than the sweep's 8 grid points; give at most 8 tasks/],
    ["--spec and --count", ["--tasks", "2", "--spec", arrayJson, "--count", "4", ...out("e")], /--spec and --count both describe the sweep/],
    ["--spec missing", ["--tasks", "2", "--spec", join(tmp, "nope.json"), ...out("f")], /nope\.json/],
    ["--spec not JSON", ["--tasks", "2", "--spec", notJson, ...out("g")], /not\.json: not valid JSON .*expected a sweep spec/],
    ["--spec a JSON array", ["--tasks", "2", "--spec", arrayJson, ...out("h")], /sweep spec: must be a JSON object/],
    ["--spec without steps", ["--tasks", "2", "--spec", noSteps, ...out("h2")], /sweep spec: steps is missing/],
    ["more tasks than the spec's grid points", ["--tasks", "3", "--spec", twoPoints, ...out("h3")], /--tasks 3 is more than the sweep's 2 grid points/],
    ["--count 0", ["--tasks", "1", "--count", "0", ...out("i")], /--count must be an integer in \[1, 100000\]/],
    ["--to below --from", ["--tasks", "1", "--from", "0.5", "--to", "0.4", ...out("j")], /--to 0\.4 is below --from 0\.5/],
    ["--steps below 2·--tail", ["--tasks", "1", "--steps", "10", "--tail", "8", ...out("k")], /--steps must be at least 2·--tail = 16/],
    ["--workers 0", ["--tasks", "1", "--workers", "0", ...out("m")], /--workers must be an integer in \[1, 256\]/],
    ["--cpus 0", ["--tasks", "1", "--cpus", "0", ...out("n")], /--cpus must be an integer in \[1, 4096\]/],
    ["--time 1h", ["--tasks", "1", "--time", "1h", ...out("o")], /--time must be a Slurm time limit/],
    ["--partition with a space", ["--tasks", "1", "--partition", "a b", ...out("p")], /--partition must be a partition name/],
    ["--sbatch-arg --array", ["--tasks", "1", "--sbatch-arg=--array=0-3", ...out("q")], /eoslab slurm sets --array itself/],
    ["--sbatch-arg without a dash", ["--tasks", "1", "--sbatch-arg", "mem=2G", ...out("r")], /--sbatch-arg "mem=2G" must be one sbatch option/],
    ["--eoslab blank", ["--tasks", "1", "--eoslab", "  ", ...out("s")], /--eoslab must be a command/],
    ["--out with a space", ["--tasks", "1", "--out", join(tmp, "a b")], /must not contain spaces/],
    ["--out a file", ["--tasks", "1", "--out", aFile], /--out \S+a-file is a file, not a directory/],
    ["--out empty", ["--tasks", "1", "--out", ""], /--out must be a directory path/],
  ];
  it.each(rows)("%s", async (_name, args, want) => {
    const r = await runCliOutcome(["slurm", ...EOSLAB, ...args]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^eoslab: [^\n]+\n$/);
    expect(r.stderr).not.toContain("internal error");
    expect(r.stderr).toMatch(want);
    expect(r.exitCode).toBe(2);
    expect(existsSync(join(tmp, "bad"))).toBe(false);
  });
});
