#!/usr/bin/env node
// `npm run bench`: runs the registered benchmark cases (src/bench/, compiled
// to dist/bench/) in this one process and prints the table. Build first
// (`npm run build`, done by `npm ci`). Arguments: --runs N, --only a,b, --large, --cpu-time, --json.
import { cpus } from "node:os";
import { formatBenchTable, runBench } from "../dist/bench/index.js";

const args = process.argv.slice(2);
const arg = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const report = runBench({
  runs: arg("--runs") ? Number(arg("--runs")) : undefined,
  only: arg("--only") ? arg("--only").split(",") : undefined,
  large: args.includes("--large"),
  cpuTime: args.includes("--cpu-time"),
  onProgress: (m) => process.stderr.write(m + "\n"),
});
const machine = { date: new Date().toISOString(), cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, node: process.version };
if (args.includes("--json")) {
  process.stdout.write(JSON.stringify({ rows: report.rows, machine }) + "\n");
} else {
  console.log(`${machine.date}  ${machine.cpu} (${machine.cores} cores)  Node ${machine.node}`);
  console.log(formatBenchTable(report));
  console.log(`(checksum ${report.checksum.toPrecision(6)}: every run's result is consumed)`);
}
