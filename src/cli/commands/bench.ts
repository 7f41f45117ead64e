import { cpus } from "node:os";
import type { Command } from "commander";
import { benchCases, formatBenchTable, runBench } from "../../bench/index.js";
import type { CommandRegistrar } from "../program.js";
import { stringifySafe } from "../../series/json-safe.js";
import { intFlag } from "../parse-numbers.js";
import { info } from "../log.js";
import { backendName } from "../options/backend.js";

function list(v: string): string[] {
  return v.split(",").map((s) => s.trim()).filter(Boolean);
}

/** Where and when the numbers were taken. */
export function benchMachine(): { date: string; cpu: string; cores: number; node: string; v8: string } {
  const c = cpus();
  return { date: new Date().toISOString(), cpu: c[0]?.model ?? "unknown", cores: c.length, node: process.version, v8: process.versions.v8 };
}

/** `eoslab bench`: the benchmark (src/bench/), all three backends in this process. */
export const registerBench: CommandRegistrar = (program: Command) => {
  program
    .command("bench")
    .description("benchmark the kernels: WASM SIMD vs scalar WASM vs pure JS, in one process (medians of ≥ 5 runs after a warm-up)")
    .option("--json", "print one JSON object {rows:[{name,size,backend,stepsPerSec,gflops,...}]} on stdout")
    .option("--runs <n>", "timed runs per row (at least 5)", "7")
    .option("--only <cases>", "comma-separated case names (default: all)")
    .option("--backends <kinds>", "comma-separated subset of simd,wasm,js (default: all)")
    .option("--quick", "only the smallest size of each case, one warm-up run: a smoke test, not numbers to quote")
    .option("--large", "also the large sizes (gd-linear and gd-linear-residual at 2000x8000: 128 MB per backend, about a minute)")
    .option("--cpu-time", "time each run in this process's CPU time, not wall time (for a machine busy with other work)")
    .action((opts: { json?: boolean; runs: string; only?: string; backends?: string; quick?: boolean; large?: boolean; cpuTime?: boolean }) => {
      const runs = intFlag("--runs", opts.runs, 5, 1000);
      const backends = opts.backends ? list(opts.backends).map((b) => backendName(b, "--backends")) : undefined;
      const report = runBench({
        runs,
        ...(opts.quick ? { warmup: 1, cases: benchCases.map((c) => ({ ...c, sizes: c.sizes.slice(0, 1) })) } : {}),
        only: opts.only ? list(opts.only) : undefined,
        large: Boolean(opts.large) && !opts.quick,
        cpuTime: Boolean(opts.cpuTime),
        backends,
        onProgress: info,
      });
      const machine = benchMachine();
      if (opts.json) {
        process.stdout.write(stringifySafe({ rows: report.rows, machine, checksum: report.checksum, quick: Boolean(opts.quick), clock: opts.cpuTime ? "cpu" : "wall" }) + "\n");
      } else {
        process.stdout.write(`${machine.date}  ${machine.cpu} (${machine.cores} cores)  Node ${machine.node}${opts.cpuTime ? "  (CPU time)" : ""}\n`);
        process.stdout.write(formatBenchTable(report) + "\n");
        if (opts.quick) process.stdout.write("--quick: smallest sizes, one warm-up run; a smoke test, not numbers to quote.\n");
      }
    });
};
