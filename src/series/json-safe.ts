/**
 * JSON for the CLI: never NaN or ±Infinity (invalid JSON). Non-finite numbers
 * become null and their paths are listed (up to `maxPaths`) so a reader can
 * tell "not applicable" (null from the start) from "non-finite" (listed).
 * Typed arrays become plain arrays.
 */
export function toJsonSafe(value: unknown, maxPaths = 20): { json: unknown; nonFinite: string[]; nonFiniteCount: number } {
  const paths: string[] = [];
  let count = 0;
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === "number") {
      if (Number.isFinite(v)) return v;
      count++;
      if (paths.length < maxPaths) paths.push(`${path} (${v})`);
      return null;
    }
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return walk(Array.from(v as unknown as ArrayLike<number>), path);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (v && typeof v === "object") {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (x !== undefined && typeof x !== "function") o[k] = walk(x, path ? `${path}.${k}` : k);
      return o;
    }
    return v;
  };
  const json = walk(value, "");
  return { json, nonFinite: paths, nonFiniteCount: count };
}

/**
 * One JSON line, as the CLI prints it on stdout: typed arrays become plain arrays, non-finite numbers become null,
 * and a "nonFinite" field (how many, and the first paths) is added when there were any, so a reader can tell
 * "not applicable" from "NaN or ±Infinity".
 *
 * @example
 * stringifySafe({ loss: new Float64Array([1, Infinity]) });
 * // '{"loss":[1,null],"nonFinite":{"count":1,"first":["loss[1] (Infinity)"],"note":"…"}}'
 * @category Series & fits
 */
export function stringifySafe(value: Record<string, unknown>): string {
  const { json, nonFinite, nonFiniteCount } = toJsonSafe(value);
  const out = json as Record<string, unknown>;
  if (nonFiniteCount > 0) out.nonFinite = { count: nonFiniteCount, first: nonFinite, note: "these values were NaN or ±Infinity (e.g. after divergence) and are printed as null" };
  return JSON.stringify(out);
}
