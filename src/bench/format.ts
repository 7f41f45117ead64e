import type { BenchReport } from "./types.js";

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toPrecision(3);
}

/**
 * The report as a plain-text table, plus, for each case and size, the
 * speed-up of each backend over "js" (medians measured in the same process).
 */
export function formatBenchTable(report: BenchReport): string {
  const head = ["name", "size", "backend", "steps/s (median)", "min", "max", "GFLOP/s", "× js"];
  const body = report.rows.map((r) => {
    const js = report.rows.find((q) => q.name === r.name && q.size === r.size && q.backend === "js");
    return [
      r.name, r.size, r.backend, fmt(r.stepsPerSec), fmt(r.minStepsPerSec), fmt(r.maxStepsPerSec),
      // A case with no flop count (the paper run: mostly projections and fits) reports 0; show "-", not a measured 0.00.
      r.gflops > 0 ? r.gflops.toFixed(2) : "-", js ? (r.stepsPerSec / js.stepsPerSec).toFixed(2) : "",
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}
