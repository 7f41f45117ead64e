import type { Command } from "commander";
import cliProgress from "cli-progress";
import { InvalidArgumentError } from "../../errors.js";
import { init } from "../../init.js";
import { assembleSweep } from "../../experiments/sweep-assemble.js";
import { formatIndexRanges, parseShard, shardIndices, type Shard } from "../../experiments/sweep-grid.js";
import { SweepStore } from "../../node/jsonl-store.js";
import type { SweepRecord } from "../../experiments/sweep-point.js";
import { runSweepPoints } from "../../node/sweep-pool.js";
import { fingerprinted, sweepFingerprint, type SweepSettings } from "../../experiments/sweep-settings.js";
import { stringifySafe } from "../../series/json-safe.js";
import { info, isQuiet } from "../log.js";
import { intFlag, numberFlag } from "../parse-numbers.js";
import type { CommandRegistrar } from "../program.js";
import { backendFlag, backendOption } from "../options/backend.js";
import { formatSweep, writeSweepFigures } from "../reports/sweep-report.js";
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

const BAR_FORMAT = "sweep [{bar}] {value}/{total} points | {percentage}% | ETA {eta_formatted} | elapsed {duration_formatted}";

/** `eoslab sweep`: bifurcation diagram over η. */
export const registerSweep: CommandRegistrar = (program: Command) => {
  program
    .command("sweep")
    .description("bifurcation diagram over η on deep scalar factorisation: the attractor of θ⊥ (last K values) and its label, as SVG + JSON; in parallel, resumable (--jsonl) and shardable (--shard)")
    .option("--depth <p>", "number of factors", "5")
    .option("--target <y>", "target y ≠ 0", "1")
    .option("--from <η>", "smallest η", "0.35")
    .option("--to <η>", "largest η", "0.5")
    .option("--count <n>", "number of η values", "151")
    .option("--steps <N>", "GD steps per η", "100000")
    .option("--tail <K>", "attractor size (last K values of θ⊥)", "64")
    .option("--out <dir>", "directory for bifurcation.svg and bifurcation.json", "out")
    .addOption(backendOption())
    .option("--workers <n>", "worker threads, one grid point per task (1: in this thread, no pool)", "1")
    .option("--jsonl <file>", "append each finished grid point to this JSONL file as it finishes; rerunning the same command skips the points already there")
    .option("--shard <i/n>", "run only shard i of n (1-based): the grid indices k (0-based) with k mod n = i − 1; needs --jsonl; join the shards with eoslab merge")
    .option("--json", "print the JSON on stdout too")
    .action(async (f: Record<string, string | boolean | undefined>) => {
      const s: SweepSettings = {
        depth: intFlag("--depth", String(f.depth), 2, 4096),
        target: numberFlag("--target", String(f.target), (x) => x !== 0, "a finite non-zero number"),
        from: numberFlag("--from", String(f.from), (x) => x > 0, "a finite number > 0"),
        to: numberFlag("--to", String(f.to), (x) => x > 0, "a finite number > 0"),
        count: intFlag("--count", String(f.count), 1, 100000),
        steps: intFlag("--steps", String(f.steps), 4, 1e10),
        tail: intFlag("--tail", String(f.tail), 2, 1e5),
      };
      if (s.to < s.from) throw new InvalidArgumentError(`--to ${s.to} is below --from ${s.from}; swap them`);
      if (s.steps < 2 * s.tail) throw new InvalidArgumentError(`--steps must be at least 2·--tail = ${2 * s.tail}`);
      const backend = backendFlag(f.backend === undefined ? undefined : String(f.backend));
      const workers = intFlag("--workers", String(f.workers), 1, 256);
      const shard: Shard | undefined = f.shard === undefined ? undefined : parseShard(String(f.shard));
      const jsonl = f.jsonl === undefined ? null : String(f.jsonl);
      if (shard && jsonl === null) throw new InvalidArgumentError(`--shard ${f.shard} needs --jsonl <file>: a shard's points are only kept there (join the files with eoslab merge)`);
      const settings = fingerprinted(s);
      const fingerprint = sweepFingerprint(settings);
      // Before any work: this command's outputs are distinct regular files (or missing), never each other.
      const out = String(f.out);
      const figurePaths = ["bifurcation.svg", "bifurcation.json"].map((n) => ({ what: `--out ${join(out, n)}`, path: join(out, n) }));
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

        const store = jsonl === null ? undefined : new SweepStore(jsonl, settings);
        if (store?.repaired.truncatedLine) info(`sweep: ${jsonl} ended in a partial line (an interrupted write); it was dropped`);
        const indices = shardIndices(s.count, shard);
        const todo = indices.filter((k) => !store?.done.has(k));
        const results = new Map<number, SweepRecord>(store?.done ?? []);
        const run: SweepRunInfo = {
          fingerprint, workers, shard: shard ? `${shard.index}/${shard.total}` : null, jsonl,
          points: indices.length, computed: 0, skipped: indices.length - todo.length, complete: false,
        };
        const where = jsonl === null ? "" : ` (${run.skipped} already in ${jsonl})`;
        info(`sweep: ${todo.length} of ${indices.length} grid points to compute${where}, ${workers === 1 ? "on 1 worker thread" : `on ${workers} worker threads`}`);

        const bar = process.stderr.isTTY && !isQuiet() && todo.length > 0
          ? new cliProgress.SingleBar({ stream: process.stderr, format: BAR_FORMAT, hideCursor: true, etaBuffer: 20 }, cliProgress.Presets.shades_classic)
          : undefined;
        bar?.start(todo.length, 0);
        // Ctrl-C (SIGINT) or a batch scheduler's SIGTERM: stop handing out points, end the workers, keep the file
        // whole (one complete line per write). The points run in worker threads, so this thread handles the signal
        // at once, whatever point is running (the last one, and --workers 1, included).
        interrupted = (sig: string): string => jsonl === null
          ? `eoslab sweep: interrupted (${sig}) after ${run.computed} of ${indices.length} grid points; nothing was saved (give --jsonl <file> to make a sweep resumable)`
          : `eoslab sweep: interrupted (${sig}); ${indices.filter((k) => results.has(k)).length} of ${indices.length} grid points are saved in ${jsonl}; rerun the same command to resume`;
        let outcome: { computed: number; aborted: boolean };
        try {
          outcome = await runSweepPoints({
            engine, settings, indices: todo, workers, signal: signals.signal,
            onPoint: (r) => {
              store?.append(r);
              results.set(r.index, r);
              run.computed++;
              bar?.increment();
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
        {
          await stopIfSignalled();
          run.complete = results.size === s.count;
          if (!run.complete) {
            if (f.json) process.stdout.write(stringifySafe({ sweep: run, done: [...results.keys()].length, count: s.count, missing: formatIndexRanges(missingIndices(results, s.count)) }) + "\n");
            else process.stdout.write(formatShard(run, s.count) + "\n");
            return;
          }
          const result = assembleSweep(results.values());
          const { files } = writeSweepFigures(result, out);
          info(`sweep: wrote ${files.join(", ")}`);
          // A signal during the (synchronous) figure writing is honoured too: the files are whole (renamed into place).
          await stopIfSignalled();
          if (f.json) process.stdout.write(stringifySafe({ ...result, sweep: run }) + "\n");
          else process.stdout.write(formatSweep(result) + `\n\n${run.computed} grid points computed now${jsonl === null ? "" : `, ${run.skipped} taken from ${jsonl}`}; fingerprint ${fingerprint}\n`);
        }
      }
    });
};

function missingIndices(have: Map<number, unknown>, count: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < count; k++) if (!have.has(k)) out.push(k);
  return out;
}
