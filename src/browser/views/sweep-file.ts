// Reading a merged sweep JSONL file (docs/sweeps.md: a header line, then one JSON line per grid point) in the
// browser, where nothing may throw at the reader: every problem becomes an InvalidArgumentError whose one-line
// message the regime-map view shows on the page. Pure: no DOM, no Node; unit-tested in Node.
import { InvalidArgumentError } from "../../errors.js";
import { parseSweepSpec, type SweepSpec } from "../../experiments/sweep-spec.js";
import type { MapRow } from "../../experiments/regime-map.js";

/** A point line as the figures read it (regimeMapGrid, bifurcationFromRows, axisDiagramSvg). */
export interface SweepRow extends MapRow {
  index: number;
  eta: number;
  lambdaStar?: number | null;
  labelReason?: string;
  distinct?: number | null;
  predicted?: string | null;
}

/** A merged file, read: its spec, the number of grid points it should hold, and its point lines. */
export interface MergedSweep {
  spec: SweepSpec;
  count: number;
  rows: SweepRow[];
}

/** Files above this size are refused: a browser tab would hold them several times over while drawing. */
export const MAX_SWEEP_BYTES = 200 * 1024 * 1024;

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const bad = (m: string): never => {
  throw new InvalidArgumentError(m);
};

/**
 * Parses the text of a merged sweep JSONL file. Throws InvalidArgumentError with a one-line message naming the line
 * for anything else: an empty file, a line that is not JSON, no sweep header, a second header (shards concatenated
 * instead of merged), a point without coordinates or label.
 */
export function parseMergedSweep(text: string): MergedSweep {
  if (typeof text !== "string") bad("the file is not text");
  if (text.length > MAX_SWEEP_BYTES) bad(`the file is ${(text.length / 2 ** 20).toFixed(0)} MB, more than this view draws (${MAX_SWEEP_BYTES / 2 ** 20} MB); use eoslab merge --figures`);
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
  if (lines.length === 0) bad("the file is empty; give a merged sweep JSONL file (eoslab merge --out)");
  const json = (i: number): unknown => {
    try {
      return JSON.parse(lines[i]);
    } catch {
      return bad(`line ${i + 1} is not JSON${i === 0 ? ": not a sweep file written by eoslab sweep --jsonl or eoslab merge" : ""}`);
    }
  };
  const header = json(0);
  if (!isObj(header) || header.eoslabSweep === undefined) bad("line 1 is not a sweep header: give a file written by eoslab sweep --jsonl or eoslab merge");
  const h = header as Record<string, unknown>;
  if (h.eoslabSweep !== 2) bad(`a sweep file of format ${JSON.stringify(h.eoslabSweep)}, not 2 (written by another eoslab version: rerun that sweep)`);
  let spec: SweepSpec;
  try {
    spec = parseSweepSpec(h.spec);
  } catch (e) {
    return bad(`the header's spec is not valid (${e instanceof Error ? e.message : String(e)})`);
  }
  const rows: SweepRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    const o = json(i);
    if (isObj(o) && o.eoslabSweep !== undefined) bad(`line ${i + 1} is a second sweep header: merge the shard files with eoslab merge first`);
    if (!isObj(o) || !isObj(o.coords) || typeof o.observed !== "string") bad(`line ${i + 1} is not a sweep point (it needs "coords" and an "observed" label)`);
    rows.push(o as unknown as SweepRow);
  }
  if (rows.length === 0) bad("the file has a header but no grid points");
  const count = typeof h.count === "number" && Number.isSafeInteger(h.count) ? h.count : rows.length;
  return { spec: spec!, count, rows };
}
