// A run as JSON or CSV, for download. Numbers are written with the shortest
// representation that reads back to the same f64 (String(x)), so an export
// keeps every bit; non-finite values become null (JSON) or empty (CSV).
import { SERIES_COLUMNS as COLUMNS } from "../series/run-series.js";
import { serializeConfig } from "./config.js";
import type { ExplorerRun } from "./session.js";
import type { SeriesChunk } from "./protocol.js";

export function seriesToCsv(s: SeriesChunk, n: number): string {
  const lines = [COLUMNS.join(",")];
  for (let i = 0; i < n; i++) lines.push(COLUMNS.map((k) => (Number.isFinite(s[k][i]!) ? String(s[k][i]) : "")).join(","));
  return `${lines.join("\n")}\n`;
}

export function runToJson(run: ExplorerRun): string {
  const series: Record<string, (number | null)[]> = {};
  for (const k of COLUMNS) series[k] = Array.from(run.series[k].subarray(0, run.length), (x) => (Number.isFinite(x) ? x : null));
  return JSON.stringify(
    {
      generator: "eoslab explorer",
      config: run.config,
      query: serializeConfig(run.config),
      complete: run.done,
      report: run.report,
      series,
    },
    null,
    1,
  );
}
