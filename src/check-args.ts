// Argument checks at the top of every exported function (docs/design.md §6): a wrong type, a missing options
// object or a non-finite number is an InvalidArgumentError naming the function and the argument, never a bare
// TypeError from deep inside, a NaN or a string result. Browser-safe; imports only the core's errors.
import { InvalidArgumentError } from "./errors.js";

/** A short, printable description of a bad value (no huge dumps, no control characters). */
export function describeArg(v: unknown): string {
  if (v === undefined) return "undefined (missing)";
  if (v === null) return "null";
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : String(v);
  if (typeof v === "string") {
    const s = v.length > 24 ? `${v.slice(0, 24)}…` : v;
    return `the string "${s.replace(/[\u0000-\u001f\u007f]/g, "?")}"`;
  }
  if (typeof v === "function") return "a function";
  if (typeof v === "symbol") return "a symbol";
  if (typeof v === "bigint") return "a bigint";
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === "object" ? "an object" : typeof v;
}

const fail = (fn: string, name: string, what: string, v: unknown): never => {
  throw new InvalidArgumentError(`${fn}: ${name} must be ${what}, got ${describeArg(v)}`);
};

/** An options/record object (not null, not an array, not a function); `optional` lets undefined through. */
export function argObject(fn: string, name: string, v: unknown, optional = false): void {
  if (v === undefined && optional) return;
  if (v === null || typeof v !== "object" || Array.isArray(v)) fail(fn, name, optional ? "an object (or omitted)" : "an object", v);
}

/** An array or typed array of numbers (entries are checked where they are read). */
export function argArray(fn: string, name: string, v: unknown, optional = false): void {
  if (v === undefined && optional) return;
  if (v === null || typeof v !== "object" || !Number.isSafeInteger((v as { length?: unknown }).length) || (v as { length: number }).length < 0) {
    fail(fn, name, "an array of numbers", v);
  }
}

/** A finite number. */
export function argNumber(fn: string, name: string, v: unknown, optional = false): void {
  if (v === undefined && optional) return;
  if (typeof v !== "number" || !Number.isFinite(v)) fail(fn, name, "a finite number", v);
}

/** A number that may be ±Infinity but not NaN. */
export function argNumberOrInfinity(fn: string, name: string, v: unknown, optional = false): void {
  if (v === undefined && optional) return;
  if (typeof v !== "number" || Number.isNaN(v)) fail(fn, name, "a number", v);
}

/** A safe integer. */
export function argInt(fn: string, name: string, v: unknown, optional = false): void {
  if (v === undefined && optional) return;
  if (!Number.isSafeInteger(v)) fail(fn, name, "an integer", v);
}

export function argString(fn: string, name: string, v: unknown, optional = false): void {
  if (v === undefined && optional) return;
  if (typeof v !== "string") fail(fn, name, "a string", v);
}

export function argFunction(fn: string, name: string, v: unknown, optional = false): void {
  if (v === undefined && optional) return;
  if (typeof v !== "function") fail(fn, name, "a function", v);
}

export function argBoolean(fn: string, name: string, v: unknown, optional = false): void {
  if (v === undefined && optional) return;
  if (typeof v !== "boolean") fail(fn, name, "true or false", v);
}
