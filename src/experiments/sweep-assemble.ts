// The diagram from stored grid points: the same BifurcationResult bifurcationSweep returns. Browser-safe.
import { assembleBifurcation, type BifurcationResult } from "./bifurcation.js";
import type { SweepRecord } from "./sweep-point.js";
import { sweepModel } from "./sweep-settings.js";

/** The result from records of one sweep (any order, one per index): points in grid order, λ* from the last. */
export function assembleSweep(records: Iterable<SweepRecord>): BifurcationResult {
  const sorted = [...records].sort((a, b) => a.index - b.index);
  if (!sorted.length) throw new RangeError("assembleSweep: no grid points");
  const s = sorted[0].settings;
  return assembleBifurcation(sweepModel(s).name, s, s.theta0, sorted.map((r) => ({ point: r.point, lambdaStar: r.lambdaStar })));
}
