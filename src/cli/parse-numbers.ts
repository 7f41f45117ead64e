import { InvalidArgumentError } from "../errors.js";

/** A finite number from a flag, or a one-line error naming the flag. */
export function numberFlag(name: string, raw: string, check: (x: number) => boolean = () => true, need = "a finite number"): number {
  const x = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(x) || !check(x)) throw new InvalidArgumentError(`${name} must be ${need}, got "${raw}"`);
  return x;
}

/** An integer flag in [min, max]. */
export function intFlag(name: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  return numberFlag(name, raw, (x) => Number.isInteger(x) && x >= min && x <= max, `an integer in [${min}, ${max}]`);
}

/** Comma-separated finite numbers, e.g. --init 1.8,0.575. */
export function listFlag(name: string, raw: string): number[] {
  const parts = raw.split(",").map((s) => s.trim());
  return parts.map((s, i) => {
    const x = Number(s);
    if (s === "" || !Number.isFinite(x)) throw new InvalidArgumentError(`${name}: entry ${i + 1} ("${s}") is not a finite number; give comma-separated numbers like 1.8,0.575`);
    return x;
  });
}
