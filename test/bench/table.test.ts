// The README's benchmark table (bench/table.mjs) without timing anything and without Python: the markdown from
// fabricated runs (expected tables written out by hand), the numpy --json reader, and the marker replacement.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DataFormatError } from "../../src/errors.js";
import {
  TABLE_BEGIN, TABLE_END, benchTableMarkdown, markerProblem, parseNumpyJsonLines, poolNumpyRounds, replaceBetweenMarkers, spread,
  type NumpyOutput, type TableInput, type TableRun,
} from "../../src/bench/table.js";

const run = (name: string, backend: string, rates: number[], flopsPerStep: number): TableRun[] =>
  rates.map((stepsPerSec) => ({ name, size: "50x200", backend, stepsPerSec, flopsPerStep }));

const meta: TableInput["meta"] = {
  date: "2026-01-02T03:04:05.678Z", cpu: "Test CPU", cores: 2, node: "v20.0.0", loadBefore: 1.5, loadAfter: 2.25,
  command: "node bench/table.mjs --write", rounds: 2, runsPerRound: 2, large: false,
};
const runs: TableRun[] = [
  ...run("gd-linear", "simd", [300, 100, 200, 400], 4e7), // median 250 → 10.00 GFLOP/s
  ...run("gd-linear", "js", [50, 50, 100, 100], 4e7), // median 75 → simd × js 3.33
  ...run("gd-linear", "threads", [500, 300, 400, 600], 4e7), // median 450 → 18.00 GFLOP/s
  ...run("gd-linear-residual", "simd", [12, 13, 12.5, 12.5], 5000), // median 12.5
  ...run("gd-linear-residual", "js", [5, 5, 5, 5], 5000),
];
const numpy = {
  header: { numpy: "2.0.0", openblasCore: "Haswell", openblasThreads: "1", openblasCoretype: "unset" },
  rows: [
    { name: "gd-linear", size: "50x200", rates: [500, 125, 1000], flopsPerStep: 4e7 }, // median 500 → 0.50
    { name: "gd-linear-residual", size: "50x200", rates: [25, 50], flopsPerStep: 5000 }, // median 37.5 → 0.33
  ],
};

const HEAD_COLUMNS = [
  "| case | size | simd steps/s (min–max) | simd GFLOP/s | simd × js | numpy-1t steps/s (min–max) | simd / numpy-1t |",
  "|---|---|---|---:|---:|---|---:|",
];

describe("benchTableMarkdown", () => {
  it("gives medians with min–max over all runs, the ratios of medians, and the 2-thread row only when asked", () => {
    const head =
      "Measured by `node bench/table.mjs --write`, 2026-01-02 03:04 UTC: Test CPU (2 cores), Node v20.0.0, numpy 2.0.0 with OpenBLAS core Haswell on one thread; " +
      "load average 1.50 before, 2.25 after. CPU time; steps/s is the median of 4 timed runs (2 rounds of 2, eoslab then numpy in each round) " +
      "and min–max spans those same 4 runs. Sizes up to 1000x4000 (2000x8000 needs --large).";
    const linear = "| gd-linear | 50x200 | 250 (100–400) | 10.00 | 3.33 | 500 (125–1000) | 0.50 |";
    const threads = "| gd-linear, 2 threads | 50x200 | 450 (300–600) | 18.00 | – | – | – |";
    const residual = "| gd-linear-residual | 50x200 | 12.5 (12.0–13.0) | 0.00 | 2.50 | 37.5 (25.0–50.0) | 0.33 |";
    const foot = "The 2-thread rows are the same loop on two workers (`gdLinear(…, { threads: 2 })`; in residual space given K built outside the timing, as in its one-thread rows), timed in wall time (CPU time would add both workers), so they get no ratio columns.";
    const input: TableInput = { meta, runs, numpy };
    expect(benchTableMarkdown(input, { threadsRows: false })).toBe([head, "", ...HEAD_COLUMNS, linear, residual].join("\n"));
    expect(benchTableMarkdown(input, { threadsRows: true })).toBe([head, "", ...HEAD_COLUMNS, linear, threads, residual, "", foot].join("\n"));
  });

  it("says why numpy was not measured, in the header and in the numpy column, and gives no ratio to it", () => {
    const input: TableInput = { meta: { ...meta, rounds: 1, runsPerRound: 4, large: true }, runs, numpy: { notMeasured: "python3 with numpy not found" } };
    const text = benchTableMarkdown(input, { threadsRows: false });
    const head =
      "Measured by `node bench/table.mjs --write`, 2026-01-02 03:04 UTC: Test CPU (2 cores), Node v20.0.0, numpy not measured (python3 with numpy not found); " +
      "load average 1.50 before, 2.25 after. CPU time; steps/s is the median of 4 timed runs (1 round of 4) " +
      "and min–max spans those same 4 runs. Sizes up to 2000x8000 (--large).";
    expect(text).toBe([
      head, "", ...HEAD_COLUMNS,
      "| gd-linear | 50x200 | 250 (100–400) | 10.00 | 3.33 | not measured (python3 with numpy not found) | – |",
      "| gd-linear-residual | 50x200 | 12.5 (12.0–13.0) | 0.00 | 2.50 | not measured (python3 with numpy not found) | – |",
    ].join("\n"));
  });
});

describe("spread", () => {
  it("agrees with a sort written here, for odd and even counts", () => {
    for (const xs of [[3], [5, 1, 4], [2, 8, 6, 4], [9, 1, 1, 7, 3, 3]]) {
      const s = [...xs].sort((a, b) => a - b);
      const n = s.length;
      const median = n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
      expect(spread(xs)).toEqual({ median, min: s[0], max: s[n - 1], count: n });
    }
  });
});

describe("parseNumpyJsonLines", () => {
  const header = '{"kind": "header", "numpy": "2.4.6", "openblasCore": "SkylakeX", "openblasThreads": "1", "openblasCoretype": "unset"}';
  const row = '{"kind": "row", "name": "gd-linear", "size": "50x200", "rates": [1.5, 2.5], "flopsPerStep": 40000}';
  const end = '{"kind": "end", "checksum": 1.0}';

  it("reads a header, the rows and the end line", () => {
    expect(parseNumpyJsonLines([header, row, end, ""].join("\n"))).toEqual({
      header: { numpy: "2.4.6", openblasCore: "SkylakeX", openblasThreads: "1", openblasCoretype: "unset" },
      rows: [{ name: "gd-linear", size: "50x200", rates: [1.5, 2.5], flopsPerStep: 40000 }],
    });
  });

  const bad: [string, string[], RegExp][] = [
    ["a line that is not JSON", [header, "median 3 steps/s", end], /line 2: not JSON: median 3 steps\/s/],
    ["a JSON array", [header, "[1, 2]", end], /line 2: not a JSON object/],
    ["a row before the header", [row, header, end], /line 1: a row before the header line/],
    ["no end line (the run stopped)", [header, row], /no end line/],
    ["empty output", [""], /no header line/],
    ["a NaN rate", [header, row.replace("[1.5, 2.5]", "[1.5, NaN]"), end], /line 2: not JSON/],
    ["a negative rate", [header, row.replace("[1.5, 2.5]", "[1.5, -2]"), end], /line 2: row field "rates"/],
    ["no rates", [header, row.replace("[1.5, 2.5]", "[]"), end], /line 2: row field "rates"/],
    ["a rate given as a string", [header, row.replace("[1.5, 2.5]", '["1.5"]'), end], /line 2: row field "rates"/],
    ["a size not NxD", [header, row.replace('"50x200"', '"big"'), end], /line 2: row field "size"/],
    ["a missing name", [header, row.replace('"name": "gd-linear", ', ""), end], /line 2: row field "name"/],
    ["a header without the core", [header.replace('"openblasCore": "SkylakeX", ', ""), end], /line 1: header field "openblasCore"/],
    ["an unknown kind", [header, '{"kind": "rows"}', end], /line 2: unknown "kind" "rows"/],
    ["the same row twice", [header, row, row, end], /line 3: a second row for gd-linear 50x200/],
    ["a line after the end", [header, end, row], /line 3: a line after the end line/],
  ];
  it.each(bad)("rejects %s with a DataFormatError naming the line", (_, lines, message) => {
    const text = lines.join("\n");
    expect(() => parseNumpyJsonLines(text)).toThrow(DataFormatError);
    expect(() => parseNumpyJsonLines(text)).toThrow(message);
  });
});

describe("poolNumpyRounds", () => {
  it("puts the rates of every round under one row per case and size, in the first round's order", () => {
    const h = { numpy: "x", openblasCore: "c", openblasThreads: "1", openblasCoretype: "unset" };
    const r1: NumpyOutput = { header: h, rows: [{ name: "a", size: "1x2", rates: [1, 2], flopsPerStep: 8 }, { name: "b", size: "1x2", rates: [3], flopsPerStep: 2 }] };
    const r2: NumpyOutput = { header: h, rows: [{ name: "b", size: "1x2", rates: [4], flopsPerStep: 2 }, { name: "a", size: "1x2", rates: [5], flopsPerStep: 8 }] };
    expect(poolNumpyRounds([r1, r2])).toEqual([
      { name: "a", size: "1x2", rates: [1, 2, 5], flopsPerStep: 8 },
      { name: "b", size: "1x2", rates: [3, 4], flopsPerStep: 2 },
    ]);
    expect(r1.rows[0].rates).toEqual([1, 2]); // the inputs are not changed
  });
});

describe("replaceBetweenMarkers", () => {
  const doc = ["# T", "", "before", TABLE_BEGIN, "old line 1", "old line 2", TABLE_END, "after", ""].join("\n");

  it("replaces only the text between the markers, and again gives the same file", () => {
    const once = replaceBetweenMarkers(doc, "new 1\nnew 2\n", "doc.md");
    expect(once).toBe(["# T", "", "before", TABLE_BEGIN, "new 1", "new 2", TABLE_END, "after", ""].join("\n"));
    expect(replaceBetweenMarkers(once, "new 1\nnew 2", "doc.md")).toBe(once);
  });

  it("refuses a file without the markers once each, in order, on lines of their own", () => {
    expect(() => replaceBetweenMarkers("no markers", "x", "doc.md")).toThrow(/doc\.md: expected .* once each, found 0 and 0/);
    expect(() => replaceBetweenMarkers(doc + doc, "x", "doc.md")).toThrow(/found 2 and 2/);
    expect(() => replaceBetweenMarkers(`${TABLE_END}\n${TABLE_BEGIN}\n`, "x", "doc.md")).toThrow(/comes before/);
    expect(() => replaceBetweenMarkers(`a ${TABLE_BEGIN}\n${TABLE_END}\n`, "x", "doc.md")).toThrow(/a line of its own/);
    expect(() => replaceBetweenMarkers("no markers", "x", "doc.md")).toThrow(DataFormatError);
  });
});

describe("the READMEs", () => {
  it.each(["README.md", "bench/README.md"])("%s holds the table's markers once each, in order, each on its own line", (file) => {
    const text = readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
    expect(text.split(TABLE_BEGIN).length - 1).toBe(1);
    expect(text.split(TABLE_END).length - 1).toBe(1);
    expect(markerProblem(text)).toBeUndefined();
  });
});
