// The benchmark table: GFLOP/s only where the case counts flops, and the × js column from the same process.
import { describe, expect, it } from "vitest";
import { formatBenchTable } from "../../src/bench/format.js";
import type { BenchRow } from "../../src/bench/types.js";

const row = (name: string, backend: BenchRow["backend"], stepsPerSec: number, gflops: number): BenchRow => ({
  name, size: "s", backend, stepsPerSec, gflops, minStepsPerSec: stepsPerSec, maxStepsPerSec: stepsPerSec, runs: 3, stepsPerRun: 1,
});

describe("formatBenchTable", () => {
  it("shows '-' for a case without a flop count and the measured GFLOP/s otherwise", () => {
    const text = formatBenchTable({ rows: [row("paper", "simd", 10, 0), row("gd", "simd", 200, 1.5), row("gd", "js", 50, 0.375)], checksum: 0 });
    const lines = text.split("\n");
    expect(lines[2]).toMatch(/ -  /);
    expect(lines[2]).not.toContain("0.00");
    expect(lines[3]).toContain("1.50");
    expect(lines[3].trim().endsWith("4.00")).toBe(true); // 200 / 50
  });
});
