// The README's benchmark table (bench/table.mjs): pooling the timed runs of several rounds, reading the numpy
// reference's --json lines, the markdown, and the replacement between two markers. Pure functions, so that the
// table's shape is tested without timing anything and without Python. Not exported from src/index.ts: only the
// script (through dist/bench/table.js), its tests and the harness (spread, for each row's median, min and max) use it.
import { DataFormatError, InvalidArgumentError } from "../errors.js";

/** The two lines between which bench/table.mjs --write puts the table, in README.md and bench/README.md. */
export const TABLE_BEGIN = "<!-- bench-table:begin -->";
export const TABLE_END = "<!-- bench-table:end -->";

/** One timed eoslab run (BenchOptions.onRun), as the table needs it. */
export interface TableRun {
  name: string;
  size: string;
  backend: string;
  stepsPerSec: number;
  flopsPerStep: number;
}

/** The first line of `numpy_gd.py --json`: what ran. */
export interface NumpyHeader {
  numpy: string;
  openblasCore: string;
  openblasThreads: string;
  openblasCoretype: string;
}

/** One case and size of `numpy_gd.py --json`: the rate of every timed run. */
export interface NumpyRow {
  name: string;
  size: string;
  rates: number[];
  flopsPerStep: number;
}

export interface NumpyOutput {
  header: NumpyHeader;
  rows: NumpyRow[];
}

/** Median, min and max of a non-empty list, and its length. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  count: number;
}

/** The median (of the two middle values for an even count), min and max of `xs`. */
export function spread(xs: readonly number[]): Spread {
  if (xs.length === 0) throw new InvalidArgumentError("spread of an empty list");
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return { median: s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2, min: s[0], max: s[s.length - 1], count: s.length };
}

const SIZE = /^[1-9][0-9]*x[1-9][0-9]*$/;

function isRate(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x) && x > 0;
}

/**
 * Reads the output of `numpy_gd.py --json`: a header line, one line per case and size, and an end line, each one
 * JSON object. Anything else (a line that is not JSON, a missing or mistyped field, a non-finite or non-positive
 * rate, no end line because the run stopped) is a DataFormatError naming the line.
 */
export function parseNumpyJsonLines(text: string): NumpyOutput {
  const lines = text.split("\n").map((l, i) => ({ text: l.trim(), no: i + 1 })).filter((l) => l.text !== "");
  const fail = (no: number, why: string): never => {
    throw new DataFormatError(`numpy_gd.py --json output, line ${no}: ${why}`);
  };
  let header: NumpyHeader | undefined;
  const rows: NumpyRow[] = [];
  let ended = false;
  for (const { text: t, no } of lines) {
    let o: unknown;
    try {
      o = JSON.parse(t);
    } catch {
      fail(no, `not JSON: ${t.length > 60 ? t.slice(0, 60) + "…" : t}`);
    }
    if (typeof o !== "object" || o === null || Array.isArray(o)) fail(no, "not a JSON object");
    const r = o as Record<string, unknown>;
    if (ended) fail(no, "a line after the end line");
    if (r.kind === "header") {
      if (header) fail(no, "a second header line");
      for (const k of ["numpy", "openblasCore", "openblasThreads", "openblasCoretype"]) {
        if (typeof r[k] !== "string") fail(no, `header field "${k}" is not a string`);
      }
      header = { numpy: r.numpy as string, openblasCore: r.openblasCore as string, openblasThreads: r.openblasThreads as string, openblasCoretype: r.openblasCoretype as string };
    } else if (r.kind === "row") {
      if (!header) fail(no, "a row before the header line");
      if (typeof r.name !== "string" || r.name === "") fail(no, `row field "name" is not a non-empty string`);
      if (typeof r.size !== "string" || !SIZE.test(r.size)) fail(no, `row field "size" is not of the form NxD`);
      if (!Array.isArray(r.rates) || r.rates.length === 0 || !r.rates.every(isRate)) fail(no, `row field "rates" is not a non-empty list of positive finite numbers`);
      if (typeof r.flopsPerStep !== "number" || !Number.isFinite(r.flopsPerStep) || r.flopsPerStep < 0) fail(no, `row field "flopsPerStep" is not a finite number ≥ 0`);
      if (rows.some((q) => q.name === r.name && q.size === r.size)) fail(no, `a second row for ${r.name} ${r.size}`);
      rows.push({ name: r.name as string, size: r.size as string, rates: [...(r.rates as number[])], flopsPerStep: r.flopsPerStep as number });
    } else if (r.kind === "end") {
      if (!header) fail(no, "the end line before the header line");
      ended = true;
    } else {
      fail(no, `unknown "kind" ${JSON.stringify(r.kind)} (expected header, row or end)`);
    }
  }
  if (!header) throw new DataFormatError("numpy_gd.py --json output has no header line (empty output?)");
  if (!ended) throw new DataFormatError("numpy_gd.py --json output has no end line: the run stopped before it finished");
  return { header, rows };
}

/** The numpy rows of several rounds, each case and size with the rates of all rounds, in the first round's order. */
export function poolNumpyRounds(rounds: readonly NumpyOutput[]): NumpyRow[] {
  const out: NumpyRow[] = [];
  for (const round of rounds) {
    for (const r of round.rows) {
      const have = out.find((q) => q.name === r.name && q.size === r.size);
      if (have) have.rates.push(...r.rates);
      else out.push({ ...r, rates: [...r.rates] });
    }
  }
  return out;
}

/** Where and how the numbers were taken: the line above the table. */
export interface TableMeta {
  /** ISO date of the start of the run. */
  date: string;
  cpu: string;
  cores: number;
  node: string;
  /** One-minute load average before the first round and after the last. */
  loadBefore: number;
  loadAfter: number;
  /** The command as typed, e.g. "node bench/table.mjs --write". */
  command: string;
  rounds: number;
  runsPerRound: number;
  /** Whether 2000x8000 was measured (--large). */
  large: boolean;
}

export interface TableInput {
  meta: TableMeta;
  /** Every timed eoslab run of every round. */
  runs: readonly TableRun[];
  /** The numpy rows pooled over the rounds, with its header; or why numpy was not measured. */
  numpy: { header: NumpyHeader; rows: readonly NumpyRow[] } | { notMeasured: string };
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toPrecision(3);
}

function withRange(s: Spread): string {
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
}

/**
 * The markdown block that goes between the markers: one line saying where, when, how and by which command the
 * numbers were taken and what the min–max ranges over, then the table (simd against js and against numpy on one
 * thread, medians over all runs of all rounds). With `threadsRows`, the two-worker rows follow their simd row.
 */
export function benchTableMarkdown(input: TableInput, opts: { threadsRows: boolean }): string {
  const { meta } = input;
  const groups = new Map<string, TableRun[]>();
  const order: { name: string; size: string }[] = [];
  for (const r of input.runs) {
    const key = `${r.name}\u0000${r.size}\u0000${r.backend}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(r);
    if (!order.some((o) => o.name === r.name && o.size === r.size)) order.push({ name: r.name, size: r.size });
  }
  const get = (name: string, size: string, backend: string) => {
    const g = groups.get(`${name}\u0000${size}\u0000${backend}`);
    return g ? { s: spread(g.map((r) => r.stepsPerSec)), flops: g[0].flopsPerStep } : undefined;
  };
  const numpyMeasured = "header" in input.numpy;
  const numpyAbsent = "notMeasured" in input.numpy ? `not measured (${input.numpy.notMeasured})` : "";
  const body: string[] = [];
  let threadsShown = false;
  for (const { name, size } of order) {
    const simd = get(name, size, "simd");
    if (!simd) continue;
    const js = get(name, size, "js");
    const np = numpyMeasured ? (input.numpy as { rows: readonly NumpyRow[] }).rows.find((q) => q.name === name && q.size === size) : undefined;
    const npS = np ? spread(np.rates) : undefined;
    body.push(`| ${name} | ${size} | ${withRange(simd.s)} | ${(simd.s.median * simd.flops / 1e9).toFixed(2)} | ${js ? (simd.s.median / js.s.median).toFixed(2) : "–"} | ${npS ? withRange(npS) : numpyAbsent || "–"} | ${npS ? (simd.s.median / npS.median).toFixed(2) : "–"} |`);
    const th = opts.threadsRows ? get(name, size, "threads") : undefined;
    if (th) {
      threadsShown = true;
      body.push(`| ${name}, 2 threads | ${size} | ${withRange(th.s)} | ${(th.s.median * th.flops / 1e9).toFixed(2)} | – | – | – |`);
    }
  }
  const total = meta.rounds * meta.runsPerRound;
  const when = `${meta.date.slice(0, 10)} ${meta.date.slice(11, 16)} UTC`;
  const numpyWhat = "header" in input.numpy
    ? `numpy ${input.numpy.header.numpy} with OpenBLAS core ${input.numpy.header.openblasCore} on ${input.numpy.header.openblasThreads === "1" ? "one thread" : `OPENBLAS_NUM_THREADS=${input.numpy.header.openblasThreads}`}`
    : `numpy not measured (${(input.numpy as { notMeasured: string }).notMeasured})`;
  const head =
    `Measured by \`${meta.command}\`, ${when}: ${meta.cpu} (${meta.cores} cores), Node ${meta.node}, ${numpyWhat}; ` +
    `load average ${meta.loadBefore.toFixed(2)} before, ${meta.loadAfter.toFixed(2)} after. ` +
    `CPU time; steps/s is the median of ${total} timed runs (${meta.rounds} round${meta.rounds === 1 ? "" : "s"} of ${meta.runsPerRound}` +
    `${numpyMeasured ? ", eoslab then numpy in each round" : ""}) ` +
    `and min–max spans those same ${total} runs. ` +
    (meta.large ? "Sizes up to 2000x8000 (--large)." : "Sizes up to 1000x4000 (2000x8000 needs --large).");
  const table = [
    "| case | size | simd steps/s (min–max) | simd GFLOP/s | simd × js | numpy-1t steps/s (min–max) | simd / numpy-1t |",
    "|---|---|---|---:|---:|---|---:|",
    ...body,
  ];
  const foot = threadsShown
    ? ["", "The 2-thread rows are the same loop on two workers (`gdLinear(…, { threads: 2 })`; in residual space given K built outside the timing, as in its one-thread rows), timed in wall time (CPU time would add both workers), so they get no ratio columns."]
    : [];
  return [head, "", ...table, ...foot].join("\n");
}

function count(text: string, s: string): number {
  return text.split(s).length - 1;
}

/**
 * The markers' problem in a file's text, or undefined when TABLE_BEGIN and TABLE_END each occur exactly once, each on
 * a line of its own, in that order.
 */
export function markerProblem(text: string): string | undefined {
  const b = count(text, TABLE_BEGIN);
  const e = count(text, TABLE_END);
  if (b !== 1 || e !== 1) return `expected ${TABLE_BEGIN} and ${TABLE_END} once each, found ${b} and ${e}`;
  const lines = text.split("\n");
  if (!lines.includes(TABLE_BEGIN) || !lines.includes(TABLE_END)) return "each marker must be a line of its own";
  if (text.indexOf(TABLE_END) < text.indexOf(TABLE_BEGIN)) return `${TABLE_END} comes before ${TABLE_BEGIN}`;
  return undefined;
}

/** The text with everything between the two markers replaced by `block`; the markers and the rest are kept. */
export function replaceBetweenMarkers(text: string, block: string, file: string): string {
  const problem = markerProblem(text);
  if (problem) throw new DataFormatError(`${file}: ${problem}`);
  const start = text.indexOf(TABLE_BEGIN) + TABLE_BEGIN.length;
  const end = text.indexOf(TABLE_END);
  return `${text.slice(0, start)}\n${block.replace(/\n+$/, "")}\n${text.slice(end)}`;
}
