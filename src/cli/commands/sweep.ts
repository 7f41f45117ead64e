import { Option, type Command } from "commander";
import cliProgress from "cli-progress";
import { InvalidArgumentError } from "../../errors.js";
import { init } from "../../init.js";
import { formatIndexRanges, parseShard, shardIndices, type Shard } from "../../experiments/sweep-grid.js";
import { readSweepPoints, sweepHeader, SweepStore } from "../../node/jsonl-store.js";
import type { GridRecord } from "../../experiments/sweep-spec-point.js";
import { runSweepPoints } from "../../node/sweep-pool.js";
import { etaSpec, type SweepSpec } from "../../experiments/sweep-spec.js";
import { bifurcationFromRows, figureFiles, MAX_FIGURE_POINTS, sweepFigures, specTitle } from "../../experiments/sweep-figures.js";
import { readSpecFile, sweepRuntime } from "../../node/sweep-spec-file.js";
import { writeOut } from "../../node/write-out.js";
import { stringifySafe } from "../../series/json-safe.js";
import { info, isQuiet } from "../log.js";
import type { CommandRegistrar } from "../program.js";
import { backendFlag, backendOption } from "../options/backend.js";
import { ETA_SWEEP_FLAGS, etaSweepDefault, etaSweepSettings, workersFlag } from "../options/sweep-flags.js";
import { formatSweep } from "../reports/sweep-report.js";
import { checkDistinctOutputs, checkReplaceable } from "../../node/safe-write.js";
import { exitOnSignal, watchSignals } from "../signals.js";
import { join } from "node:path";

/** What a (possibly resumed, sharded or parallel) sweep did. */
export interface SweepRunInfo {
  fingerprint: string;
  workers: number;
  /** "i/n" (1-based; grid indices k with k mod n = i − 1), or null for the whole grid. */
  shard: string | null;
  jsonl: string | null;
  /** Grid points this invocation is responsible for (the shard's, or all). */
  points: number;
  /** Points computed now. */
  computed: number;
  /** Points of this invocation found already done in the JSONL file and not recomputed. */
  skipped: number;
  /** Whether every grid point of the whole sweep is now known (then the SVG/JSON are written). */
  complete: boolean;
}

/** Plain-text lines for a run that leaves grid points to other shards (the diagram is drawn after merge). */
function formatShard(run: SweepRunInfo, count: number): string {
  const [i, n] = (run.shard ?? "1/1").split("/").map(Number);
  return [
    `Sweep shard ${run.shard ?? "1/1"}: ${run.points} of ${count} grid points (indices k with k mod ${n} = ${i - 1}), ${run.computed} computed now, ${run.skipped} already in ${run.jsonl}`,
    `fingerprint ${run.fingerprint}; when every shard is done: eoslab merge <shard files…> --out sweep.jsonl --figures out`,
  ].join("\n");
}

/**
 * The progress bar: done/total points and an ETA from the measured steps/s of the points finished so far (every point
 * of a spec runs the same number of steps, so the steps still to run over that rate is the time left). On stderr,
 * only on a terminal, never under --quiet or --json.
 */
class SweepProgress {
  private bar: cliProgress.SingleBar;
  private t0 = performance.now();
  private done = 0;
  constructor(private total: number, private steps: number) {
    this.bar = new cliProgress.SingleBar({
      stream: process.stderr, hideCursor: true,
      format: "sweep [{bar}] {value}/{total} points | {percentage}% | {rate} | ETA {eta_measured} | elapsed {duration_formatted}",
    }, cliProgress.Presets.shades_classic);
    this.bar.start(total, 0, { rate: "… steps/s", eta_measured: "…" });
  }
  tick(): void {
    this.done++;
    const seconds = (performance.now() - this.t0) / 1000;
    const rate = (this.done * this.steps) / Math.max(seconds, 1e-9);
    const left = ((this.total - this.done) * this.steps) / rate;
    this.bar.increment(1, { rate: `${rate.toExponential(2)} steps/s`, eta_measured: formatSeconds(left) });
  }
  stop(): void {
    this.bar.stop();
  }
}

/** 75 → "1m15s"; 3700 → "1h01m". */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "…";
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.round(s - 60 * m)).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/** Label counts in the canonical order of first appearance by grid index. */
function labelCounts(rows: { observed: string }[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const r of rows) c[r.observed] = (c[r.observed] ?? 0) + 1;
  return c;
}

/** The readable summary of a complete multi-axis (or non-η) sweep. */
function formatGrid(spec: SweepSpec, rows: { observed: string }[], figures: string[]): string {
  const axes = spec.axes.map((a) => `${a.name} (${a.values.length})`).join(" × ");
  const counts = Object.entries(labelCounts(rows)).map(([l, n]) => `${l} ${n}`).join(", ");
  return [`Sweep: ${specTitle(spec)}, ${rows.length} grid points over ${axes}, ${spec.steps} steps each`, `observed: ${counts}`, figures.length ? `figures: ${figures.join(", ")}` : "figures: none (a figure is drawn for one or two axes)"].join("\n");
}

/** `eoslab sweep`: a grid of runs of any model (--spec), or the bifurcation diagram over η (the shorthand flags). */
export const registerSweep: CommandRegistrar = (program: Command) => {
  const cmd = program
    .command("sweep")
    .description("a grid of GD runs: --spec sweep.json (any model of eoslab run, several axes: eta or etaFrac, depth, target, widths, width, layers, initSeed, initScale, data); or, with the flags below, the bifurcation diagram over η on deep scalar factorisation; every point one JSONL line; in parallel, resumable (--jsonl) and shardable (--shard)")
    .option("--spec <file>", "the sweep as a JSON spec: model, fixed settings, axes (lists or {from, to, count[, log]}), steps, tail, record (docs/sweeps.md); not with the η flags")
    .option("--depth <p>", "number of factors (without --spec)", etaSweepDefault("depth"))
    .option("--target <y>", "target y ≠ 0 (without --spec)", etaSweepDefault("target"))
    .option("--from <η>", "smallest η (without --spec)", etaSweepDefault("from"))
    .option("--to <η>", "largest η (without --spec)", etaSweepDefault("to"))
    .option("--count <n>", "number of η values (without --spec)", etaSweepDefault("count"))
    .option("--steps <N>", "GD steps per η (without --spec)", etaSweepDefault("steps"))
    .option("--tail <K>", "attractor size (last K values of θ⊥) (without --spec)", etaSweepDefault("tail"))
    .option("--out <dir>", "directory for the figures: bifurcation.svg/.json (one axis) or regime-map.svg/.json (two axes)", "out")
    .addOption(backendOption())
    .option("--workers <n>", "worker threads, one grid point per task (1: in this thread, no pool)", "1")
    .option("--jsonl <file>", "append each finished grid point to this JSONL file as it finishes; rerunning the same command skips the points already there")
    .option("--shard <i/n>", "run only shard i of n (1-based): the grid indices k (0-based) with k mod n = i − 1; needs --jsonl; join the shards with eoslab merge")
    .option("--json", "print the JSON on stdout too")
    // Hidden: deep scalar points run together in lanes (the same bits); this runs them one at a time, for comparison.
    .addOption(new Option("--no-lanes", "run deep scalar points one at a time, not together in lanes (the output is the same)").hideHelp());
  cmd.action(async (f: Record<string, string | boolean | undefined>) => {
    const given = (k: string): boolean => cmd.getOptionValueSource(k) === "cli";
    const backend = backendFlag(f.backend === undefined ? undefined : String(f.backend));
    let spec: SweepSpec, baseDir = process.cwd();
    if (f.spec !== undefined) {
      // The shorthand's flags describe the η-only grid: refused together with --spec.
      const extra = ETA_SWEEP_FLAGS.map((e) => e.key).find(given);
      if (extra) throw new InvalidArgumentError(`--${extra} cannot be used with --spec: the spec file gives the grid and the steps; put it in the spec`);
      ({ spec, baseDir } = readSpecFile(String(f.spec)));
    } else {
      // One path: the shorthand is the spec of η alone, from the sweep's start (sweepTheta0).
      spec = etaSpec(etaSweepSettings(f));
    }
    const workers = workersFlag(String(f.workers));
    const shard: Shard | undefined = f.shard === undefined ? undefined : parseShard(String(f.shard));
    const jsonl = f.jsonl === undefined ? null : String(f.jsonl);
    if (shard && jsonl === null) throw new InvalidArgumentError(`--shard ${f.shard} needs --jsonl <file>: a shard's points are only kept there (join the files with eoslab merge)`);
    // Before any work: this command's outputs are distinct regular files (or missing), never each other.
    const out = String(f.out);
    const figurePaths = figureFiles(spec).map((n) => ({ what: `--out ${join(out, n)}`, path: join(out, n) }));
    for (const p of figurePaths) checkReplaceable(p.path, "--out");
    checkDistinctOutputs([...(jsonl === null ? [] : [{ what: `--jsonl ${jsonl}`, path: jsonl }]), ...figurePaths]);
    // Listening from here on, before the file is opened and locked: a signal at any later moment ends the sweep
    // through exitOnSignal (the lock released), never by Node's default handler (which would leave the lock).
    let interrupted = (sig: string): string => `eoslab sweep: interrupted (${sig}) before any grid point was computed`;
    const signals = watchSignals({ graceMessage: (sig) => interrupted(sig) });
    try {
      await sweepAfterSignals();
    } finally {
      signals.dispose();
    }

    async function sweepAfterSignals(): Promise<void> {
      const engine = await init({ backend });
      // The fingerprint covers the spec, this eoslab's version, the backend and the data files' bytes.
      const header = sweepHeader(spec, sweepRuntime(spec, baseDir, program.version() ?? "unknown", engine.kind));
      const count = header.count;
      const store = jsonl === null ? undefined : new SweepStore(jsonl, header);
      if (store?.repaired.truncatedLine) info(`sweep: ${jsonl} ended in a partial line (an interrupted write); it was dropped`);
      const indices = shardIndices(count, shard);
      const todo = indices.filter((k) => !store?.done[k]);
      // Without a file, the points are kept here for the figures; with one, the file is read back once complete.
      const results = jsonl === null ? new Map<number, GridRecord>() : undefined;
      const run: SweepRunInfo = {
        fingerprint: header.fingerprint, workers, shard: shard ? `${shard.index}/${shard.total}` : null, jsonl,
        points: indices.length, computed: 0, skipped: indices.length - todo.length, complete: false,
      };
      const where = jsonl === null ? "" : ` (${run.skipped} already in ${jsonl})`;
      info(`sweep: ${todo.length} of ${indices.length} grid points to compute${where}, ${workers === 1 ? "on 1 worker thread" : `on ${workers} worker threads`}`);

      const bar = process.stderr.isTTY && !isQuiet() && !f.json && todo.length > 0 ? new SweepProgress(todo.length, spec.steps) : undefined;
      // Ctrl-C (SIGINT) or a batch scheduler's SIGTERM: stop handing out points, end the workers, keep the file
      // whole (one complete line per write). The points run in worker threads, so this thread handles the signal
      // at once, whatever point is running (the last one, and --workers 1, included).
      interrupted = (sig: string): string => jsonl === null
        ? `eoslab sweep: interrupted (${sig}) after ${run.computed} of ${indices.length} grid points; nothing was saved (give --jsonl <file> to make a sweep resumable)`
        : `eoslab sweep: interrupted (${sig}); ${indices.filter((k) => store?.done[k]).length} of ${indices.length} grid points are saved in ${jsonl}; rerun the same command to resume`;
      let outcome: { computed: number; aborted: boolean };
      try {
        outcome = await runSweepPoints({
          engine, spec, baseDir, indices: todo, workers, signal: signals.signal, lanes: f.lanes !== false,
          onPoint: (r) => {
            store?.append(r);
            results?.set(r.index, r);
            run.computed++;
            bar?.tick();
          },
        });
      } finally {
        bar?.stop();
        store?.close();
      }
      run.computed = outcome.computed;
      // Not through info(): like an error, the interruption line shows even under --quiet. settle() also catches a
      // signal that arrived while the last point's result was being handled.
      const stopIfSignalled = async (): Promise<void> => {
        const sig = signals.stoppedBy ?? (await signals.settle());
        if (sig) exitOnSignal(sig, interrupted(sig));
      };
      await stopIfSignalled();
      const doneCount = store ? store.doneCount : results!.size;
      run.complete = doneCount === count;
      if (!run.complete) {
        const have = (k: number): boolean => (store ? store.done[k] === 1 : results!.has(k));
        const missing: number[] = [];
        for (let k = 0; k < count && missing.length < 10000; k++) if (!have(k)) missing.push(k);
        if (f.json) process.stdout.write(stringifySafe({ sweep: run, done: doneCount, count, missing: formatIndexRanges(missing) }) + "\n");
        else process.stdout.write(formatShard(run, count) + "\n");
        return;
      }
      if (jsonl !== null && count > MAX_FIGURE_POINTS) {
        // An atlas: its points stay in the file (read as a stream by merge and resume), never all in memory here.
        const msg = `Sweep complete: ${count} grid points in ${jsonl}; figures are drawn for grids of at most ${MAX_FIGURE_POINTS} points`;
        if (f.json) process.stdout.write(stringifySafe({ spec, fingerprint: header.fingerprint, count, figures: [], sweep: run }) + "\n");
        else process.stdout.write(`${msg}\n${run.computed} grid points computed now, ${run.skipped} taken from ${jsonl}; fingerprint ${header.fingerprint}\n`);
        return;
      }
      const rows = (jsonl === null ? [...results!.values()].sort((a, b) => a.index - b.index) : readSweepPoints(jsonl).points) as unknown as Parameters<typeof sweepFigures>[1];
      const files = sweepFigures(spec, rows).map((x) => writeOut(out, x.file, x.text));
      if (files.length) info(`sweep: wrote ${files.join(", ")}`);
      // A signal during the (synchronous) figure writing is honoured too: the files are whole (renamed into place).
      await stopIfSignalled();
      const etaOnly = spec.axes.length === 1 && (spec.axes[0].name === "eta" || spec.axes[0].name === "etaFrac");
      if (etaOnly) {
        const result = bifurcationFromRows(spec, rows);
        if (f.json) process.stdout.write(stringifySafe({ ...result, sweep: run }) + "\n");
        else process.stdout.write(formatSweep(result) + `\n\n${run.computed} grid points computed now${jsonl === null ? "" : `, ${run.skipped} taken from ${jsonl}`}; fingerprint ${header.fingerprint}\n`);
      } else if (f.json) {
        process.stdout.write(stringifySafe({ spec, fingerprint: header.fingerprint, count, observed: labelCounts(rows), figures: files, sweep: run }) + "\n");
      } else process.stdout.write(formatGrid(spec, rows, files) + `\n${run.computed} grid points computed now${jsonl === null ? "" : `, ${run.skipped} taken from ${jsonl}`}; fingerprint ${header.fingerprint}\n`);
    }
  });
};
