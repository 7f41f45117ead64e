// `npm run test:slurm`: `eoslab slurm` against a real single-node Slurm (Debian's slurm-wlm and munge).
//
// It starts munged, slurmctld and slurmd on this machine with a minimal configuration (proctrack/linuxproc, no
// cgroups, select/cons_tres; keys, state, spool, logs and sockets in a private temporary directory; ports that
// were free a moment before), then:
//   1. submits a sweep (a spec file: a two-axis grid of 40 points) as an array of 4 tasks plus the dependent merge
//      job (eoslab slurm --spec … --submit);
//   2. waits until one task is running and has written some but not all of its points, and scancels that task;
//   3. waits until every job of the first submission has ended (the merge job is cancelled by Slurm: its
//      afterok dependency can no longer be met), then reruns the same eoslab slurm command, which must submit
//      only the cancelled shard and a new merge job;
//   4. checks that the merged sweep.jsonl is byte-identical to a one-process `eoslab sweep` of the same sweep
//      (written through `eoslab merge`, which orders points by grid index), with every grid point exactly once
//      in the shard files.
// Every wait polls squeue (or the shard files) with a deadline; nothing sleeps blindly. Every daemon it started
// is stopped however it ends (success, failure, Ctrl-C, SIGTERM), after its jobs are cancelled.
// Needs the built CLI (dist/cli.js) and root (slurmd runs the jobs as the submitting user; munged and slurmd
// want their own files). Prints a table line for docs/cluster.md; --json prints the measurements as JSON too.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const CLI = join(root, "dist", "cli.js");
const TASKS = 4;
// A two-axis grid (depth 4 and 5 × 20 values of η/η_c) of 3·10⁷ steps each: about 0.35 s of GD per point on one
// core here, so each shard (10 points) runs for a few seconds, long enough to be caught mid-run, and the whole
// test takes about a minute.
const SPEC = { model: "deep-scalar", fixed: { target: 1 }, axes: { depth: [4, 5], etaFrac: { from: 0.9, to: 1.1, count: 20 } }, steps: 30_000_000, tail: 64 };
const COUNT = 40;
const DEADLINE_MS = 8 * 60_000; // for the whole test, daemons included
const t0 = Date.now();
const json = process.argv.includes("--json");
const keep = process.env.EOSLAB_SLURM_KEEP === "1";

const log = (s) => console.log(`test:slurm: ${s}`);
function fail(msg) {
  const e = new Error(msg);
  e.testFailure = true;
  throw e;
}

// ---- what this test started, for the cleanup -------------------------------------------------------------------
const daemons = []; // { name, child }
const jobIds = new Set();
let dir = null;
let env = process.env;

/** Whether a process is running: exists and is not a zombie (an ended child not yet reaped still answers kill 0). */
function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}
/** Synchronous wait (no event loop needed: also used from the exit handler). */
function pause(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

let cleaned = false;
/** Cancels this test's jobs, stops its daemons (SIGTERM, then SIGKILL after 5 s), removes the temp dir. Idempotent, synchronous. */
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  const ctld = daemons.find((d) => d.name === "slurmctld");
  if (ctld && alive(ctld.child.pid)) {
    // Every job of this private cluster (only this test submits to it), so that no job step outlives slurmd.
    const q = spawnSync("squeue", ["-h", "-o", "%A"], { env, encoding: "utf8", timeout: 5000 });
    for (const id of (q.stdout ?? "").split(/\s+/).filter(Boolean)) jobIds.add(id);
    if (jobIds.size) spawnSync("scancel", [...jobIds], { env, timeout: 5000, stdio: "ignore" });
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      const r = spawnSync("squeue", ["-h", "-t", "running,completing,pending", "-o", "%A"], { env, encoding: "utf8", timeout: 5000 });
      if (r.status !== 0 || (r.stdout ?? "").trim() === "") break;
      pause(200);
    }
  }
  // slurmd first (it owns the job steps), then slurmctld, then munged, which both use.
  for (const name of ["slurmd", "slurmctld", "munged"]) {
    const d = daemons.find((x) => x.name === name);
    if (!d || !alive(d.child.pid)) continue;
    try { process.kill(-d.child.pid, "SIGTERM"); } catch { try { d.child.kill("SIGTERM"); } catch { /* gone */ } }
    const until = Date.now() + 5000;
    while (alive(d.child.pid) && Date.now() < until) pause(100);
    if (alive(d.child.pid)) try { process.kill(-d.child.pid, "SIGKILL"); } catch { /* gone */ }
  }
  if (dir && !keep) rmSync(dir, { recursive: true, force: true });
  else if (dir) log(`kept ${dir} (EOSLAB_SLURM_KEEP=1)`);
}
process.on("exit", cleanup);
for (const [sig, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]]) {
  process.on(sig, () => {
    log(`${sig}: stopping the daemons`);
    cleanup();
    process.exit(code);
  });
}

// ---- helpers ------------------------------------------------------------------------------------------------------
function need(cmd) {
  const r = spawnSync("sh", ["-c", 'command -v "$1"', "sh", cmd], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Polls `check` (which returns a value when the awaited event has happened) every 200 ms until `ms` have passed. */
async function waitFor(what, ms, check) {
  const until = Math.min(Date.now() + ms, t0 + DEADLINE_MS);
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > until) fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { env, encoding: "utf8", timeout: 5 * 60_000, ...opts });
  if (r.error) fail(`${cmd} ${args.join(" ")}: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} ${args.join(" ")} exited ${r.status ?? r.signal}: ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" | ")}`);
  return r.stdout;
}

function startDaemon(name, cmd, args, logFile) {
  const out = openSync(logFile, "a");
  // Its own process group, so the cleanup reaches whatever it forks.
  const child = spawn(cmd, args, { env, detached: true, stdio: ["ignore", out, out] });
  daemons.push({ name, child });
  child.once("exit", (code, sig) => {
    if (!cleaned) log(`${name} exited (${code ?? sig}); its log: ${logFile}`);
  });
  return child;
}

/**
 * State of each job element: "12_3" → "RUNNING", "13" → "PENDING" (squeue -r: one line per array task). An squeue
 * that fails (slurmctld briefly too busy to answer on a loaded machine) gives an empty map: the caller polls again.
 */
function jobStates(ids) {
  const r = spawnSync("squeue", ["-h", "-r", "-t", "all", "-j", ids.join(","), "-o", "%i|%T"], { env, encoding: "utf8", timeout: 30_000 });
  const m = new Map();
  if (r.status !== 0) return m;
  for (const line of r.stdout.split("\n").filter(Boolean)) {
    const [id, state] = line.trim().split("|");
    m.set(id, state);
  }
  return m;
}
const ENDED = new Set(["COMPLETED", "CANCELLED", "FAILED", "TIMEOUT", "NODE_FAIL", "PREEMPTED", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE"]);

/** Grid points (lines with an "index") in a JSONL file, complete lines only. */
function pointLines(path) {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8");
  const lines = text.split("\n");
  lines.pop(); // after the last "\n": empty, or a partial line being written
  return lines.filter((l) => l.trim() !== "").map((l) => JSON.parse(l)).filter((o) => Number.isInteger(o.index));
}

// ---- the test -----------------------------------------------------------------------------------------------------
async function main() {
  const missing = ["munged", "munge", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "sinfo"].filter((c) => !need(c));
  if (missing.length) fail(`${missing.join(", ")} not found: install Debian's slurm-wlm and munge (apt-get install -y slurm-wlm munge)`);
  if (!existsSync(CLI)) fail(`${CLI} is missing: build eoslab first (npm run build)`);
  if (process.getuid && process.getuid() !== 0) fail("needs root: munged, slurmctld and slurmd run here as this user, and slurmd must be able to start jobs");

  dir = mkdtempSync(join(tmpdir(), "eoslab-slurm-"));
  chmodSync(dir, 0o700);
  for (const d of ["munge", "state", "spool", "log"]) mkdirSync(join(dir, d));
  const node = hostname().split(".")[0];
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  log(`private cluster in ${dir}: node ${node}, slurmctld port ${ctldPort}, slurmd port ${slurmdPort}`);

  // munge: a fresh key; its socket is handed to Slurm through AuthInfo.
  const key = join(dir, "munge", "munge.key");
  writeFileSync(key, randomBytes(1024), { mode: 0o600 });
  const sock = join(dir, "munge", "munge.socket");
  startDaemon("munged", "munged", ["--foreground", "--force", `--key-file=${key}`, `--socket=${sock}`, `--pid-file=${join(dir, "munge", "munged.pid")}`,
    `--log-file=${join(dir, "log", "munged.log")}`, `--seed-file=${join(dir, "munge", "seed")}`], join(dir, "log", "munged.out"));
  await waitFor("munged's socket", 20_000, () => existsSync(sock) && spawnSync("munge", ["-n", "-S", sock], { stdio: "ignore" }).status === 0);

  const conf = join(dir, "slurm.conf");
  writeFileSync(conf, [
    "ClusterName=eoslabtest",
    `SlurmctldHost=${node}(127.0.0.1)`,
    `SlurmctldPort=${ctldPort}`,
    `SlurmdPort=${slurmdPort}`,
    "SlurmUser=root",
    "SlurmdUser=root",
    "AuthType=auth/munge",
    "CredType=cred/munge",
    `AuthInfo=socket=${sock}`,
    `StateSaveLocation=${join(dir, "state")}`,
    `SlurmdSpoolDir=${join(dir, "spool")}`,
    `SlurmctldPidFile=${join(dir, "slurmctld.pid")}`,
    `SlurmdPidFile=${join(dir, "slurmd.pid")}`,
    `SlurmctldLogFile=${join(dir, "log", "slurmctld.log")}`,
    `SlurmdLogFile=${join(dir, "log", "slurmd.log")}`,
    "ProctrackType=proctrack/linuxproc",
    "TaskPlugin=task/none",
    "SelectType=select/cons_tres",
    "SelectTypeParameters=CR_Core",
    "JobAcctGatherType=jobacct_gather/none",
    "AccountingStorageType=accounting_storage/none",
    "JobCompType=jobcomp/none",
    "SchedulerType=sched/backfill",
    "MpiDefault=none",
    "ReturnToService=2",
    // Ended jobs stay visible to squeue for 10 minutes: the test reads their final states.
    "MinJobAge=600",
    `NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpus().length} State=UNKNOWN`,
    `PartitionName=test Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
    "",
  ].join("\n"));
  env = { ...process.env, SLURM_CONF: conf };
  startDaemon("slurmctld", "slurmctld", ["-D", "-f", conf], join(dir, "log", "slurmctld.out"));
  // -N: this node's name in slurm.conf, whatever the host name resolves to.
  startDaemon("slurmd", "slurmd", ["-D", "-N", node, "-f", conf], join(dir, "log", "slurmd.out"));
  await waitFor("the node to be idle", 60_000, () => {
    for (const d of daemons) if (d.child.exitCode !== null || d.child.signalCode !== null) {
      const logName = d.name === "munged" ? "munged.log" : `${d.name}.log`;
      const tail = existsSync(join(dir, "log", logName)) ? readFileSync(join(dir, "log", logName), "utf8").trim().split("\n").slice(-3).join(" | ") : "";
      fail(`${d.name} stopped while starting: ${tail}`);
    }
    const r = spawnSync("sinfo", ["-h", "-o", "%T"], { env, encoding: "utf8", timeout: 5000 });
    return r.status === 0 && r.stdout.trim() === "idle";
  });
  log(`slurmctld and slurmd up after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // 1. The array of 4 tasks and the merge job, submitted by eoslab itself (the default --eoslab: this node and dist/cli.js).
  const work = join(dir, "work");
  mkdirSync(work);
  const jobDir = join(work, "job");
  const specFile = join(work, "sweep.json");
  writeFileSync(specFile, JSON.stringify(SPEC, null, 2) + "\n");
  const SWEEP = ["--spec", specFile];
  const slurmCmd = [CLI, "slurm", "--spec", specFile, "--tasks", String(TASKS), "--out", jobDir, "--submit", "--json", "--quiet"];
  const tSubmit = Date.now();
  const first = JSON.parse(run(process.execPath, slurmCmd, { cwd: work }));
  if (first.rerun !== false || first.submit.length !== TASKS || !first.submitted?.array || !first.submitted?.merge) fail(`first submission: ${JSON.stringify(first)}`);
  const a1 = first.submitted.array, m1 = first.submitted.merge;
  jobIds.add(a1); jobIds.add(m1);
  const script = readFileSync(join(jobDir, "sweep.sbatch"), "utf8");
  if (!script.includes(`#SBATCH --array=0-${TASKS - 1}`) || !script.includes(`exec ${process.execPath} ${CLI} sweep`)) fail(`sweep.sbatch is not the expected array script:\n${script}`);
  log(`submitted array job ${a1} (tasks 0-${TASKS - 1}) and merge job ${m1}`);

  // 2. One task caught mid-run: running, with some of its points written and not all.
  const perShard = (task) => Math.ceil((COUNT - task) / TASKS);
  const victim = await waitFor("a running task with some of its points written", 120_000, () => {
    const st = jobStates([a1]);
    for (let t = 0; t < TASKS; t++) {
      const n = pointLines(join(jobDir, `shard-${t}.jsonl`)).length;
      if (st.get(`${a1}_${t}`) === "RUNNING" && n >= 1 && n <= perShard(t) - 3) return { task: t, points: n };
    }
    return null;
  });
  run("scancel", [`${a1}_${victim.task}`]);
  const tKill = Date.now();
  log(`scancel ${a1}_${victim.task} with ${victim.points} of its ${perShard(victim.task)} points written`);

  // 3. Wait for every job of the first submission to end; then the same command again.
  const states1 = await waitFor("the first submission's jobs to end", 180_000, () => {
    const st = jobStates([a1, m1]);
    const ids = [...Array(TASKS).keys()].map((t) => `${a1}_${t}`).concat([m1]);
    return ids.every((id) => ENDED.has(st.get(id))) ? st : null;
  });
  const tEnd1 = Date.now();
  for (let t = 0; t < TASKS; t++) {
    const want = t === victim.task ? "CANCELLED" : "COMPLETED";
    if (states1.get(`${a1}_${t}`) !== want) fail(`task ${t} ended ${states1.get(`${a1}_${t}`)}, expected ${want}`);
  }
  if (states1.get(m1) === "COMPLETED") fail("the merge job ran although a task was cancelled");
  const left = pointLines(join(jobDir, `shard-${victim.task}.jsonl`)).length;
  if (left >= perShard(victim.task)) fail(`the cancelled shard holds all its points (${left}); it was not stopped mid-run`);
  log(`first submission ended: tasks ${[...Array(TASKS).keys()].map((t) => states1.get(`${a1}_${t}`)).join(", ")}; merge job ${states1.get(m1)}; the cancelled shard kept ${left} points`);

  const tRerun = Date.now();
  const second = JSON.parse(run(process.execPath, slurmCmd, { cwd: work }));
  if (second.rerun !== true || JSON.stringify(second.submit) !== JSON.stringify([victim.task])) fail(`the rerun should submit only task ${victim.task}: ${JSON.stringify({ rerun: second.rerun, submit: second.submit, shards: second.shards })}`);
  if (!second.sbatch.array.includes(`--array=${victim.task}`)) fail(`the rerun's sbatch line lacks --array=${victim.task}: ${second.sbatch.array.join(" ")}`);
  const a2 = second.submitted.array, m2 = second.submitted.merge;
  jobIds.add(a2); jobIds.add(m2);
  log(`rerun submitted array job ${a2} (task ${victim.task} only) and merge job ${m2}`);
  const states2 = await waitFor("the rerun's jobs to end", 180_000, () => {
    const st = jobStates([a2, m2]);
    const ids = [`${a2}_${victim.task}`, m2];
    return ids.every((id) => ENDED.has(st.get(id))) ? st : null;
  });
  const tEnd2 = Date.now();
  // The --array override on the sbatch line took precedence over the script's #SBATCH --array=0-3: one element only.
  const elements = await waitFor("squeue to list the rerun's array job", 30_000, () => {
    const k = [...jobStates([a2]).keys()];
    return k.length ? k : null;
  });
  if (elements.length !== 1 || elements[0] !== `${a2}_${victim.task}`) fail(`the rerun's array job has elements ${elements.join(", ")}, expected only ${a2}_${victim.task}`);
  if (states2.get(`${a2}_${victim.task}`) !== "COMPLETED" || states2.get(m2) !== "COMPLETED") {
    fail(`rerun: task ${states2.get(`${a2}_${victim.task}`)}, merge ${states2.get(m2)}; see ${join(jobDir, "logs")}`);
  }

  // 4. The same sweep in one process, through eoslab merge like the cluster's (merge orders points by grid index).
  const tOne = Date.now();
  run(process.execPath, [CLI, "sweep", ...SWEEP, "--jsonl", join(work, "one.jsonl"), "--out", join(work, "one-figures"), "--quiet"], { cwd: work });
  const oneSeconds = (Date.now() - tOne) / 1000;
  run(process.execPath, [CLI, "merge", join(work, "one.jsonl"), "--out", join(work, "one-merged.jsonl"), "--quiet"], { cwd: work });
  const merged = readFileSync(join(jobDir, "sweep.jsonl"));
  const reference = readFileSync(join(work, "one-merged.jsonl"));
  if (!merged.equals(reference)) fail(`${join(jobDir, "sweep.jsonl")} differs from the one-process sweep (${merged.length} bytes vs ${reference.length})`);
  const mergedIdx = pointLines(join(jobDir, "sweep.jsonl")).map((o) => o.index);
  if (mergedIdx.length !== COUNT || new Set(mergedIdx).size !== COUNT) fail(`merged file: ${mergedIdx.length} points, ${new Set(mergedIdx).size} distinct; expected ${COUNT}`);
  const shardIdx = readdirSync(jobDir).filter((n) => /^shard-\d+\.jsonl$/.test(n)).flatMap((n) => pointLines(join(jobDir, n)).map((o) => o.index));
  if (shardIdx.length !== COUNT || new Set(shardIdx).size !== COUNT) fail(`shard files: ${shardIdx.length} point lines, ${new Set(shardIdx).size} distinct; expected each of the ${COUNT} grid points once`);

  const m = {
    tasks: TASKS, points: COUNT, spec: SPEC, cancelledTask: victim.task, pointsKeptByCancelledShard: left,
    firstSubmissionSeconds: +((tEnd1 - tSubmit) / 1000).toFixed(1), killAfterSeconds: +((tKill - tSubmit) / 1000).toFixed(1),
    rerunSeconds: +((tEnd2 - tRerun) / 1000).toFixed(1), oneProcessSeconds: +oneSeconds.toFixed(1),
    totalTestSeconds: +((Date.now() - t0) / 1000).toFixed(1), cpus: cpus().length,
  };
  log(`merged sweep.jsonl is byte-identical to the one-process sweep (${merged.length} bytes, ${COUNT} points, each once)`);
  // One row of the table in docs/cluster.md: tasks | points | kill at | first submission | rerun | one process | whole test.
  console.log(`| ${m.tasks} | ${m.points} | ${m.killAfterSeconds} s | ${m.firstSubmissionSeconds} s | ${m.rerunSeconds} s | ${m.oneProcessSeconds} s | ${m.totalTestSeconds} s |`);
  if (json) console.log(JSON.stringify(m));
  console.log("slurm: 1 passed, 0 failed");
}

/** After cleanup(): lets Node collect the stopped daemons' exit statuses (at most 5 s), so none is left a zombie. */
async function reap() {
  const until = Date.now() + 5000;
  while (daemons.some((d) => d.child.exitCode === null && d.child.signalCode === null) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}

main().then(
  async () => {
    cleanup();
    await reap();
    process.exit(0);
  },
  async (e) => {
    console.error(`test:slurm: FAILED: ${e.testFailure ? e.message : e.stack}`);
    if (dir) keepLogs();
    cleanup();
    await reap();
    console.log("slurm: 0 passed, 1 failed");
    process.exit(1);
  },
);

/** On failure: the daemons' log tails, which say why a job did not run. */
function keepLogs() {
  for (const f of ["slurmctld.log", "slurmd.log"]) {
    const p = join(dir, "log", f);
    if (existsSync(p)) console.error(`--- ${f} (last 15 lines)\n${readFileSync(p, "utf8").trim().split("\n").slice(-15).join("\n")}`);
  }
  const logs = join(dir, "work", "job", "logs");
  if (existsSync(logs)) for (const f of readdirSync(logs)) console.error(`--- job log ${f}\n${readFileSync(join(logs, f), "utf8").trim().split("\n").slice(-5).join("\n")}`);
}
