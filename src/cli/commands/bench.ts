import { cpus } from "node:os";
import type { Command } from "commander";
import { formatBenchTable, runBench } from "../../bench/index.js";
import { InvalidArgumentError } from "../../errors.js";
import type { BackendKind } from "../../wasm/exports.js";
import type { CommandRegistrar } from "../program.js";

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
    .action((opts: { json?: boolean; runs: string; only?: string; backends?: string }) => {
      const runs = Number(opts.runs);
      if (!Number.isInteger(runs) || runs < 5) throw new InvalidArgumentError(`--runs must be an integer ≥ 5, got "${opts.runs}"`);
      const backends = opts.backends ? list(opts.backends) : undefined;
      for (const b of backends ?? []) {
        if (b !== "simd" && b !== "wasm" && b !== "js") throw new InvalidArgumentError(`unknown backend "${b}" in --backends; use simd, wasm or js`);
      }
      const report = runBench({
        runs,
        only: opts.only ? list(opts.only) : undefined,
        backends: backends as BackendKind[] | undefined,
        onProgress: (m) => process.stderr.write(m + "\n"),
      });
      const machine = benchMachine();
      if (opts.json) {
        process.stdout.write(JSON.stringify({ rows: report.rows, machine, checksum: Number.isFinite(report.checksum) ? report.checksum : null }) + "\n");
      } else {
        process.stdout.write(`${machine.date}  ${machine.cpu} (${machine.cores} cores)  Node ${machine.node}\n`);
        process.stdout.write(formatBenchTable(report) + "\n");
      }
    });
};
