import { DataFormatError } from "../errors.js";
import { checkDataset, type Dataset } from "./dataset.js";

/** A strict decimal number (no empty cells, no "0x", no trailing junk); NaN/Inf spelled out are caught by checkDataset. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(nan|NaN|NAN|inf|Inf|INF|infinity|Infinity)$/;

function cell(s: string): number {
  const t = s.trim();
  const l = t.toLowerCase().replace(/^[+]/, "");
  if (l === "nan" || l === "-nan") return Number.NaN;
  if (l === "inf" || l === "infinity") return Infinity;
  if (l === "-inf" || l === "-infinity") return -Infinity;
  return Number(t);
}

/**
 * Parses CSV: one sample per line, features then y in the last column,
 * comma-separated. A first line with any non-numeric cell is a header.
 * Blank lines and lines starting with '#' are skipped. Rows and columns in
 * messages count from 1 as in a spreadsheet (the header, if any, is row 1).
 *
 * @example parseCsvDataset("x1,x2,y\n1,0,1\n0,1,2\n").n // 2
 */
export function parseCsvDataset(text: string, source = "CSV data"): Dataset {
  const lines = text.split(/\r?\n/);
  const rows: { line: number; cells: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (l === "" || l.startsWith("#")) continue;
    rows.push({ line: i + 1, cells: l.split(",") });
  }
  if (rows.length === 0) throw new DataFormatError(`${source}: no data rows (the file is empty or only comments); expected one sample per line, features then y`);
  const isNum = (s: string): boolean => NUMBER.test(s.trim());
  const header = rows[0].cells.every(isNum) ? null : rows.shift()!; // a header
  if (rows.length === 0) throw new DataFormatError(`${source}: a header but no data rows`);
  const cols = rows[0].cells.length;
  if (header && header.cells.length !== cols) {
    throw new DataFormatError(`${source}: the header (line ${header.line}) has ${header.cells.length} columns but line ${rows[0].line} has ${cols}; every line needs the same columns`);
  }
  if (cols < 2) throw new DataFormatError(`${source}: line ${rows[0].line} has ${cols} column; need at least one feature and y (last column)`);
  const n = rows.length, d = cols - 1;
  const X = new Float64Array(n * d), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const { line, cells } = rows[i];
    if (cells.length !== cols) throw new DataFormatError(`${source}: line ${line} has ${cells.length} columns, expected ${cols} (ragged rows); every line needs the same number of cells`);
    for (let j = 0; j < cols; j++) {
      const s = cells[j];
      if (!isNum(s)) throw new DataFormatError(`${source}: line ${line}, column ${j + 1} is "${s.trim()}", not a number; cells must be decimal numbers, comma-separated`);
      const v = cell(s);
      if (!Number.isFinite(v)) throw new DataFormatError(`${source}: line ${line}, column ${j + 1} is ${v}; all entries must be finite`);
      if (j < d) X[i * d + j] = v;
      else y[i] = v;
    }
  }
  return checkDataset({ X, y, n, d }, source);
}
