// The benchmark: harness, registered cases and the table format. Node and
// browsers alike (no Node imports); the CLI (`eoslab bench`) and
// bench/run.mjs (`npm run bench`) drive it.
export { runBench, type BenchOptions } from "./harness.js";
export { formatBenchTable } from "./format.js";
export { benchCases } from "./cases/index.js";
export type { BenchCase, BenchInstance, BenchReport, BenchRow } from "./types.js";
