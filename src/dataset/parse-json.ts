import { DataFormatError, InvalidArgumentError } from "../errors.js";
import { checkDataset, type Dataset } from "./dataset.js";
import { checkJsonDepth, describeJson, excerpt, kindOfValue, sourceName } from "./excerpt.js";

function entry(v: unknown, where: string, source: string): number {
  if (typeof v !== "number") {
    throw new DataFormatError(`${source}: ${where} is ${describeJson(v)}, not a number; every entry must be a finite number`);
  }
  return v;
}

/**
 * JSON.parse with the checks every JSON input gets: a one-line DataFormatError for an empty file, for nesting
 * deeper than MAX_JSON_DEPTH (checked first, by a scan that cannot overflow the stack) and for a syntax error.
 * `expected` describes the wanted document in messages, e.g. '{"theta": [...]}'.
 */
export function parseJsonText(text: string, source: string, expected: string): unknown {
  source = sourceName(source, "JSON data");
  if (typeof text !== "string") throw new InvalidArgumentError(`${source}: expected the file's text as a string, got ${kindOfValue(text)}`);
  if (text.trim() === "") throw new DataFormatError(`${source}: the file is empty (not valid JSON); expected ${expected}`);
  checkJsonDepth(text, source, expected);
  try {
    return JSON.parse(text);
  } catch (e) {
    const hint = /\b(NaN|-?Infinity)\b/.test(text) ? "; NaN and Infinity are not JSON numbers, and data must be finite" : "";
    throw new DataFormatError(`${source}: not valid JSON (${excerptMessage(e)}); expected ${expected}${hint}`);
  }
}

/** V8's syntax message quotes the input near the error: keep it to one short line. */
function excerptMessage(e: unknown): string {
  return excerpt((e as Error).message.replace(/\s*\r?\n\s*/g, " "), 120);
}

/**
 * Parses `{"X": [[…], …], "y": […]}` (rows of X, one target per row). Rows and
 * columns in messages count from 1.
 *
 * @example parseJsonDataset('{"X": [[1, 0], [0, 1]], "y": [1, 2]}').d // 2
 * @category Data files
 */
export function parseJsonDataset(text: string, source = "JSON data"): Dataset {
  source = sourceName(source, "JSON data");
  const doc = parseJsonText(text, source, '{"X": [[...]], "y": [...]}');
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new DataFormatError(`${source}: expected an object {"X": [[...]], "y": [...]}`);
  }
  const o = doc as Record<string, unknown>;
  if (!Array.isArray(o.X)) throw new DataFormatError(`${source}: missing "X" (an array of rows); expected {"X": [[...], ...], "y": [...]}`);
  if (!Array.isArray(o.y)) throw new DataFormatError(`${source}: missing "y" (an array of numbers); expected {"X": [[...], ...], "y": [...]}`);
  const rows = o.X as unknown[];
  const n = rows.length;
  if (n === 0) throw new DataFormatError(`${source}: X has no rows; give at least one sample`);
  if (!Array.isArray(rows[0])) throw new DataFormatError(`${source}: X row 1 is not an array; X must be an array of rows, each an array of numbers`);
  const d = (rows[0] as unknown[]).length;
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (!Array.isArray(r)) throw new DataFormatError(`${source}: X row ${i + 1} is not an array; X must be an array of rows, each an array of numbers`);
    if (r.length !== d) throw new DataFormatError(`${source}: X row ${i + 1} has ${r.length} columns, row 1 has ${d} (ragged rows); every row needs the same number of columns`);
    for (let j = 0; j < d; j++) X[i * d + j] = entry(r[j], `X row ${i + 1}, column ${j + 1}`, source);
  }
  const ys = o.y as unknown[];
  if (ys.length !== n) throw new DataFormatError(`${source}: y has ${ys.length} entries but X has ${n} rows; they must match`);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = entry(ys[i], `y row ${i + 1}`, source);
  return checkDataset({ X, y, n, d }, source);
}
