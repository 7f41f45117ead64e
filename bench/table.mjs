#!/usr/bin/env node
// The benchmark table of README.md and bench/README.md, measured and written by one command:
//
//   npm run build:ts && node bench/table.mjs [--large] [--rounds R] [--runs N] [--write] [--no-numpy] [--python CMD] [--timeout S]
//   npm run bench:table          # the same as node bench/table.mjs --write
//
// R rounds (default 3); each round runs the eoslab harness (src/bench/, in a fresh Node process: gd-linear and
// gd-linear-residual on the simd and js backends plus the 2-thread row where the case has one, N timed runs each,
// default 5, in CPU time as `eoslab bench --cpu-time`; the 2-thread row in wall time) and then bench/numpy_gd.py
// --json (N runs each, numpy on one OpenBLAS thread with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, so it runs
// its best kernel for this CPU), so that both see the same machine load. Each row's steps/s is the median of all
// R×N runs, with their min and max. The markdown goes to stdout; --write also puts it between the markers
// <!-- bench-table:begin --> and <!-- bench-table:end --> of README.md and bench/README.md (the same table in both),
// only once every round has finished.
//
// Python is optional: without python3 and numpy (or with --no-numpy) the numpy columns say "not measured (…)" and
// the command still succeeds. --python CMD picks the interpreter (default python3). --timeout S bounds each child
// process (default 1200 s). Nothing here is a test: speeds are reported, never asserted.
//
// Internal: `node bench/table.mjs --harness-round --runs N [--large]` is one round of the harness, printing its
// timed runs as one JSON object; the parent spawns it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const CASES = ["gd-linear", "gd-linear-residual"];

class UsageError extends Error {}

function parseArgs(argv) {
  const o = { large: false, rounds: 3, runs: 5, write: false, numpy: true, python: "python3", timeoutS: 1200, harnessRound: false };
  const int = (flag, v, lo, hi) => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < lo || n > hi) throw new UsageError(`${flag} needs an integer from ${lo} to ${hi}, got ${v ?? "nothing"}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--large") o.large = true;
    else if (a === "--write") o.write = true;
    else if (a === "--no-numpy") o.numpy = false;
    else if (a === "--harness-round") o.harnessRound = true;
    else if (a === "--rounds") o.rounds = int(a, argv[++i], 1, 100);
    else if (a === "--runs") o.runs = int(a, argv[++i], 5, 1000);
    else if (a === "--timeout") o.timeoutS = int(a, argv[++i], 10, 86400);
    else if (a === "--python") {
      o.python = argv[++i];
      if (!o.python) throw new UsageError("--python needs a command, e.g. --python python3");
    } else throw new UsageError(`unknown option ${a} (known: --large, --rounds R, --runs N, --write, --no-numpy, --python CMD, --timeout S)`);
  }
  return o;
}

async function importDist(file) {
  const path = join(ROOT, "dist", "bench", file);
  if (!existsSync(path)) throw new Error(`dist/bench/${file} is missing: run \`npm run build:ts\` first`);
  return import(new URL(`file://${path}`).href);
}

/** One round of the harness, in this (child) process: every timed run as JSON on stdout. */
async function harnessRound(o) {
  const { runBench } = await importDist("index.js");
  const runs = [];
  const report = runBench({
    only: CASES,
    backends: ["simd", "js"],
    cpuTime: true,
    runs: o.runs,
    large: o.large,
    onRun: (r) => runs.push(r),
    onProgress: (m) => process.stderr.write(`  ${m}\n`),
  });
  process.stdout.write(JSON.stringify({ runs, checksum: report.checksum }) + "\n");
}

/** The child running now (the harness round or numpy_gd.py), for the signal handlers to end. */
let running = null;

/**
 * The parent's SIGINT and SIGTERM: Ctrl-C reaches the children of a terminal's foreground job anyway, but a SIGTERM
 * sent to this process alone (kill, a scheduler, a CI timeout) would leave the running child measuring for up to
 * --timeout seconds. So end it first, then exit with 130/143. Nothing has been written then: --write writes only
 * after the last round, synchronously.
 */
function endChildOnSignals() {
  for (const [sig, code] of [["SIGINT", 130], ["SIGTERM", 143]]) {
    process.on(sig, () => {
      const pid = running?.pid;
      if (running && running.exitCode === null && running.signalCode === null) running.kill("SIGKILL");
      process.stderr.write(`bench/table.mjs: stopped by ${sig}${pid === undefined ? "" : `, ended child ${pid}`}; nothing written\n`);
      process.exit(code);
    });
  }
}

/** Runs a child to its end within timeoutS, stdout captured, stderr passed through; rejects with one line. */
function runChild(label, cmd, args, env, timeoutS) {
  return new Promise((resolve, reject) => {
    let out = "";
    let timedOut = false;
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
    running = child;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutS * 1000);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d) => (out += d));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`${label}: could not start ${cmd}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (running === child) running = null;
      if (timedOut) reject(new Error(`${label}: stopped after the --timeout of ${timeoutS} s`));
      else if (code !== 0) reject(new Error(`${label}: exited with ${signal ?? `code ${code}`} (its stderr is above)`));
      else resolve(out);
    });
  });
}

/** Why numpy will not be measured, or undefined when `python -c "import numpy"` works. */
function numpyMissing(o) {
  if (!o.numpy) return "--no-numpy";
  const r = spawnSync(o.python, ["-c", "import numpy"], { stdio: "ignore", timeout: 60_000 });
  return r.error || r.status !== 0 ? `${o.python} with numpy not found` : undefined;
}

/** The environment numpy runs in: one OpenBLAS thread, and nothing pinning an older kernel. */
function numpyEnv() {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

function parseHarness(text, round) {
  let o;
  try {
    o = JSON.parse(text);
  } catch {
    throw new Error(`round ${round}: the harness did not print one JSON object`);
  }
  if (!Array.isArray(o?.runs) || o.runs.length === 0) throw new Error(`round ${round}: the harness reported no timed runs (dist/ older than src/bench? run \`npm run build:ts\`)`);
  for (const r of o.runs) {
    // The header line says CPU time: make sure it was (the 2-thread row is wall time by design).
    if (r.backend !== "threads" && r.clock !== "cpu") throw new Error(`round ${round}: ${r.name} ${r.size} ${r.backend} was not timed in CPU time`);
  }
  return o.runs;
}

async function main() {
  const argv = process.argv.slice(2);
  const o = parseArgs(argv);
  if (o.harnessRound) return harnessRound(o);
  endChildOnSignals();
  const table = await importDist("table.js");
  const files = ["README.md", join("bench", "README.md")];
  if (o.write) {
    // Before measuring anything: a file without its markers would only fail at the end.
    for (const f of files) {
      const problem = table.markerProblem(readFileSync(join(ROOT, f), "utf8"));
      if (problem) throw new Error(`${f}: ${problem}`);
    }
  }
  const missing = numpyMissing(o);
  const log = (m) => process.stderr.write(`bench/table.mjs: ${m}\n`);
  if (missing) log(`numpy not measured (${missing})`);
  const date = new Date().toISOString();
  const loadBefore = loadavg()[0];
  const runs = [];
  const numpyRounds = [];
  for (let round = 1; round <= o.rounds; round++) {
    log(`round ${round}/${o.rounds}: eoslab (simd, js, 2 threads)`);
    const childArgs = [SELF, "--harness-round", "--runs", String(o.runs), ...(o.large ? ["--large"] : [])];
    runs.push(...parseHarness(await runChild(`round ${round}, eoslab`, process.execPath, childArgs, process.env, o.timeoutS), round));
    if (!missing) {
      log(`round ${round}/${o.rounds}: numpy (one OpenBLAS thread)`);
      const pyArgs = [join("bench", "numpy_gd.py"), "--json", "--runs", String(o.runs), ...(o.large ? ["--large"] : [])];
      const text = await runChild(`round ${round}, numpy`, o.python, pyArgs, numpyEnv(), o.timeoutS);
      const np = table.parseNumpyJsonLines(text);
      for (const r of runs) {
        if (r.backend === "simd" && !np.rows.some((q) => q.name === r.name && q.size === r.size)) {
          throw new Error(`round ${round}: numpy_gd.py gave no row for ${r.name} ${r.size}`);
        }
      }
      if (numpyRounds.length && np.header.openblasCore !== numpyRounds[0].header.openblasCore) {
        throw new Error(`round ${round}: OpenBLAS ran core ${np.header.openblasCore}, round 1 ran ${numpyRounds[0].header.openblasCore}`);
      }
      numpyRounds.push(np);
    }
  }
  const c = cpus();
  const input = {
    meta: {
      date, cpu: c[0]?.model ?? "unknown", cores: c.length, node: process.version,
      loadBefore, loadAfter: loadavg()[0], command: ["node", "bench/table.mjs", ...argv].join(" "),
      rounds: o.rounds, runsPerRound: o.runs, large: o.large,
    },
    runs,
    numpy: missing ? { notMeasured: missing } : { header: numpyRounds[0].header, rows: table.poolNumpyRounds(numpyRounds) },
  };
  const full = table.benchTableMarkdown(input, { threadsRows: true });
  process.stdout.write(full + "\n");
  if (o.write) {
    // README.md and bench/README.md get the same table: the 2-thread rows are where eoslab passes numpy-1t.
    const blocks = [full, full];
    // Every file's new text first, then the renames: a failure leaves both files as they were.
    const next = files.map((f, i) => table.replaceBetweenMarkers(readFileSync(join(ROOT, f), "utf8"), blocks[i], f));
    files.forEach((f, i) => writeFileSync(join(ROOT, `${f}.bench-table.tmp`), next[i]));
    files.forEach((f) => renameSync(join(ROOT, `${f}.bench-table.tmp`), join(ROOT, f)));
    log(`wrote the table into ${files.join(" and ")}`);
  }
}

main().catch((e) => {
  process.stderr.write(`bench/table.mjs: ${e?.message ?? e}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
