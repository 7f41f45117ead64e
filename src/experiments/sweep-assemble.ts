// The diagram from stored grid points: the same BifurcationResult bifurcationSweep returns. Browser-safe.
import { InvalidArgumentError } from "../errors.js";
import { argObject, describeArg } from "../check-args.js";
import { assembleBifurcation, type BifurcationResult } from "./bifurcation.js";
import type { SweepRecord } from "./sweep-point.js";
import { sweepModel } from "./sweep-settings.js";

/**
 * The result from records of one sweep (any order, one per index): points in grid order, λ* from the last.
 * @example
 * const b = assembleSweep(records); // records from every shard, in any order
 * @category Sweeps
 */
export function assembleSweep(records: Iterable<SweepRecord>): BifurcationResult {
  if (records === null || typeof records !== "object" || typeof (records as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function") {
    throw new InvalidArgumentError(`assembleSweep: records must be an array (or iterable) of sweep records, got ${describeArg(records)}`);
  }
  const sorted = [...records].sort((a, b) => a.index - b.index);
  if (!sorted.length) throw new InvalidArgumentError("assembleSweep: no grid points");
  for (const r of sorted) argObject("assembleSweep", "each record", r);
  const s = sorted[0].settings;
  return assembleBifurcation(sweepModel(s).name, s, s.theta0, sorted.map((r) => ({ point: r.point, lambdaStar: r.lambdaStar })));
}
