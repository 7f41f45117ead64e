// runBench's onRun hook (what bench/table.mjs pools over its rounds): one call per timed run, whose rates give back
// exactly the report's median, min and max, with the clock each row was timed in. Nothing here asserts a speed.
import { describe, expect, it } from "vitest";
import { runBench, type BenchRun } from "../../src/bench/harness.js";
import type { BenchCase, BenchInstance } from "../../src/bench/types.js";

const work = (): BenchInstance => ({
  stepsPerRun: 1000,
  flopsPerStep: 3,
  run: () => {
    let s = 0;
    for (let i = 0; i < 20_000; i++) s += Math.sqrt(i);
    return s;
  },
  dispose: () => {},
});
const fake: BenchCase = {
  name: "fake", sizes: ["2x3"], backends: ["simd", "js"], setup: work, threadsSizes: ["2x3"], setupThreads: work,
};

describe("runBench onRun", () => {
  it.each([true, false])("gives every timed run, matching the report's median/min/max (cpuTime %s)", (cpuTime) => {
    const seen: BenchRun[] = [];
    const report = runBench({ cases: [fake], runs: 5, warmup: 0, cpuTime, onRun: (r) => seen.push(r) });
    expect(report.rows.map((r) => r.backend)).toEqual(["simd", "js", "threads"]);
    for (const row of report.rows) {
      const mine = seen.filter((r) => r.backend === row.backend);
      expect(mine).toHaveLength(5);
      const rates = mine.map((r) => r.stepsPerSec).sort((a, b) => a - b);
      expect(rates[2]).toBe(row.stepsPerSec); // median of 5, taken here from a sort
      expect(rates[0]).toBe(row.minStepsPerSec);
      expect(rates[4]).toBe(row.maxStepsPerSec);
      for (const r of mine) {
        expect(r).toMatchObject({ name: "fake", size: "2x3", flopsPerStep: 3 });
        expect(r.clock).toBe(row.backend === "threads" || !cpuTime ? "wall" : "cpu");
      }
    }
    // The report itself carries no per-run list (eoslab bench --json keeps its shape).
    expect(Object.keys(report.rows[0]).sort()).toEqual(["backend", "gflops", "maxStepsPerSec", "minStepsPerSec", "name", "runs", "size", "stepsPerRun", "stepsPerSec"]);
  }, 60_000);
});
