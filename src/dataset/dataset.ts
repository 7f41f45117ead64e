import { DataFormatError } from "../errors.js";
import { kindOfValue, sourceName } from "./excerpt.js";

/**
 * Data for the several-output models (docs/design.md §4): X row-major n×d, targets y (n).
 * @category Data files
 */
export interface Dataset {
  /** Row-major n×d. */
  X: Float64Array;
  y: Float64Array;
  n: number;
  d: number;
}

/**
 * Throws DataFormatError naming the first non-finite entry; checks sizes.
 * @example
 * checkDataset({ X: new Float64Array([1, 0, 0, 1]), y: new Float64Array([1, 2]), n: 2, d: 2 });
 * @category Data files
 */
export function checkDataset(ds: Dataset, source = "data"): Dataset {
  source = sourceName(source, "data");
  if (ds === null || typeof ds !== "object") throw new DataFormatError(`${source}: expected a data set { X, y, n, d }, got ${kindOfValue(ds)}`);
  const { X, y, n, d } = ds;
  if (!isArrayLike(X) || !isArrayLike(y)) {
    throw new DataFormatError(`${source}: X and y must be arrays of numbers (X row-major n×d, y of length n)`);
  }
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || n < 1 || d < 1) {
    throw new DataFormatError(`${source}: X must have at least one row and one column, got ${n}×${d}`);
  }
  if (X.length !== n * d) throw new DataFormatError(`${source}: X has ${X.length} entries, expected n·d = ${n}·${d}; X is row-major n×d`);
  if (y.length !== n) throw new DataFormatError(`${source}: y has ${y.length} entries but X has ${n} rows; they must match`);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = X[i * d + j];
      if (!Number.isFinite(v)) throw new DataFormatError(`${source}: X row ${i + 1}, column ${j + 1} is ${v}; all entries must be finite`);
    }
    if (!Number.isFinite(y[i])) throw new DataFormatError(`${source}: y row ${i + 1} is ${y[i]}; all entries must be finite`);
  }
  return ds;
}

/**
 * A Dataset from nested arrays (rows of X) and y, with the same checks as the file readers.
 * @example
 * const data = datasetFromRows([[1, 0], [0, 1], [1, 1]], [1, 2, 3]); // n = 3, d = 2
 * @category Data files
 */
export function datasetFromRows(rows: ArrayLike<ArrayLike<number>>, y: ArrayLike<number>, source = "data"): Dataset {
  source = sourceName(source, "data");
  if (!isArrayLike(rows)) throw new DataFormatError(`${source}: X must be an array of rows, got ${kindOfValue(rows)}`);
  if (!isArrayLike(y)) throw new DataFormatError(`${source}: y must be an array of numbers, got ${kindOfValue(y)}`);
  const n = rows.length;
  if (n === 0) throw new DataFormatError(`${source}: X has no rows; give at least one sample`);
  const d = rows[0].length;
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (!isArrayLike(r)) throw new DataFormatError(`${source}: X row ${i + 1} is ${kindOfValue(r)}, not an array; X must be an array of rows, each an array of numbers`);
    if (r.length !== d) throw new DataFormatError(`${source}: X row ${i + 1} has ${r.length} columns, row 1 has ${d} (ragged rows); every row needs the same number of columns`);
    for (let j = 0; j < d; j++) X[i * d + j] = r[j];
  }
  return checkDataset({ X, y: Float64Array.from(y), n, d }, source);
}

/** An array or a typed array (not a string, whose length would pass for one). */
function isArrayLike(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}
