// Plain data for JSON.stringify and for other languages: a result object holds Float64Arrays, which JSON.stringify
// writes as {"0": …, "1": …}, and non-finite numbers, which it writes as null without a word.
import { InvalidArgumentError } from "../errors.js";

/**
 * A copy of `value` that JSON.stringify writes faithfully: every typed array (a Float64Array, nested at any depth)
 * becomes a plain array, every non-finite number (NaN, ±Infinity, e.g. after divergence) becomes null, and
 * undefined fields and functions are dropped. Finite numbers are kept exactly, so `JSON.parse(JSON.stringify(toPlain(r)))`
 * gives back the same numbers. Other values (strings, booleans, null) are kept; Maps and Sets become arrays of
 * their entries / values.
 *
 * @example
 * const run = runTrajectory(deepScalar({ depth: 2 }), { eta: 0.36, steps: 1000, theta0: [1.8, 0.6] });
 * JSON.stringify(toPlain(run.final)); // {"step":1000,"loss":…,"theta":[…]} (not {"0":…})
 * @category Series & fits
 */
export function toPlain(value: unknown): unknown {
  const seen = new Set<object>();
  const walk = (v: unknown): unknown => {
    if (typeof v === "number") return Number.isFinite(v) ? v : null;
    if (typeof v === "bigint") return Number(v);
    if (v === null || typeof v !== "object") return typeof v === "function" ? undefined : v;
    if (ArrayBuffer.isView(v)) return v instanceof DataView ? null : Array.from(v as unknown as ArrayLike<number>, (x) => walk(x));
    // A cycle cannot be written as JSON: refuse it here in words rather than let JSON.stringify throw later.
    if (seen.has(v)) throw new InvalidArgumentError("toPlain: the value contains a cycle and cannot be written as JSON");
    seen.add(v);
    let out: unknown;
    if (Array.isArray(v)) out = v.map((x) => { const w = walk(x); return w === undefined ? null : w; });
    else if (v instanceof Map) out = Array.from(v.entries(), ([k, x]) => [walk(k), walk(x)]);
    else if (v instanceof Set) out = Array.from(v, (x) => walk(x));
    else if (v instanceof Date) out = v.toISOString();
    else {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const w = walk(x);
        if (w !== undefined) o[k] = w;
      }
      out = o;
    }
    seen.delete(v);
    return out;
  };
  return walk(value);
}
