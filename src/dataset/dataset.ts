import { DataFormatError } from "../errors.js";

/** Data for the several-output models (docs/design.md §4): X row-major n×d, targets y (n). */
export interface Dataset {
  /** Row-major n×d. */
  X: Float64Array;
  y: Float64Array;
  n: number;
  d: number;
}

/** Throws DataFormatError naming the first non-finite entry; checks sizes. */
export function checkDataset(ds: Dataset, source = "data"): Dataset {
  if (ds === null || typeof ds !== "object") throw new DataFormatError(`${source}: expected a data set { X, y, n, d }, got ${ds === null ? "null" : typeof ds}`);
  const { X, y, n, d } = ds;
  if (X == null || typeof X.length !== "number" || y == null || typeof y.length !== "number") {
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

/** A Dataset from nested arrays (rows of X) and y, with the same checks as the file readers. */
export function datasetFromRows(rows: ArrayLike<ArrayLike<number>>, y: ArrayLike<number>, source = "data"): Dataset {
  const n = rows.length;
  if (n === 0) throw new DataFormatError(`${source}: X has no rows; give at least one sample`);
  const d = rows[0].length;
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r.length !== d) throw new DataFormatError(`${source}: X row ${i + 1} has ${r.length} columns, row 1 has ${d} (ragged rows); every row needs the same number of columns`);
    for (let j = 0; j < d; j++) X[i * d + j] = r[j];
  }
  return checkDataset({ X, y: Float64Array.from(y), n, d }, source);
}
