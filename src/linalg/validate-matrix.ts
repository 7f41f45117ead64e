import { InvalidArgumentError } from "../errors.js";

/** Throws unless `v` is a non-negative safe integer. */
export function checkDim(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer, got ${v}`);
}

/** Throws unless `a` has `len` entries, all finite. */
export function checkFiniteArray(name: string, a: ArrayLike<number>, len: number): void {
  if (a.length !== len) throw new InvalidArgumentError(`${name} has ${a.length} entries, expected ${len}`);
  for (let i = 0; i < len; i++) {
    if (!Number.isFinite(a[i])) throw new InvalidArgumentError(`${name}[${i}] is ${a[i]}; all entries must be finite`);
  }
}

/** Throws unless A is a finite row-major rows×cols matrix. */
export function checkMatrix(name: string, a: ArrayLike<number>, rows: number, cols: number): void {
  checkDim(`${name} rows`, rows);
  checkDim(`${name} cols`, cols);
  checkFiniteArray(`${name} (row-major ${rows}×${cols})`, a, rows * cols);
}

/** Throws unless `v` is an integer in [lo, hi]. */
export function checkIntIn(name: string, v: number, lo: number, hi: number): void {
  if (!Number.isSafeInteger(v) || v < lo || v > hi) throw new InvalidArgumentError(`${name} must be an integer in [${lo}, ${hi}], got ${v}`);
}

/** Throws unless `v` is finite and > 0. */
export function checkPositive(name: string, v: number): void {
  if (!Number.isFinite(v) || v <= 0) throw new InvalidArgumentError(`${name} must be a finite number > 0, got ${v}`);
}
