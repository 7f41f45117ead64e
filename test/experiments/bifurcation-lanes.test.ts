// Bifurcation columns run together in the SIMD lanes (bifurcationPoints, docs/design.md §3): each column must be
// bit for bit the column bifurcationPoint computes alone through the single-run kernel, on η below, at and above η_c
// and one that diverges; and the lanes kernel must really be called (counted on an engine of the test's own).
import { describe, expect, it } from "vitest";
import { bifurcationPoint, bifurcationPoints, bifurcationSweep, deepLinear, deepScalar, engineGeometry, InvalidArgumentError, startNearM, type Engine } from "../../src/index.js";
import { initSync } from "../../src/init.js";
import { countingLanesEngine } from "../engines.js";

const same = (a: unknown, b: unknown) => expect(JSON.stringify(a)).toBe(JSON.stringify(b));
/** A start 0.02 off M at exp(u), u evenly spread in [−0.3, 0.3] (Σu = 0), as the explorer starts. */
const spread = (p: number) => startNearM(Array.from({ length: p }, (_, i) => 0.3 * (-1 + (2 * i) / (p - 1))), 1, 0.02);

describe("bifurcationPoints: columns in lanes", () => {
  // 60 000 steps: most gaps between the column's 200 log-spaced records are over LANES_MIN_GAP, so the lanes run long.
  const STEPS = 60_000, K = 32;
  for (const backend of ["js", "simd"] as const) {
    for (const depth of [2, 5]) {
      it(`depth ${depth}, ${backend}: every column equals bifurcationPoint's, bit for bit`, () => {
        const { engine, calls } = backend === "js" ? countingLanesEngine() : { engine: initSync({ backend }), calls: null };
        const m = deepScalar({ depth, target: 1 });
        const etaC = 2 / depth; // λ* = p at y = 1
        const theta0 = spread(depth);
        // 7 columns: groups of four (depth 5) and two (depth 2) end part-filled; 3·η_c diverges.
        const etas = [0.9, 0.99, 1, 1.01, 1.05, 1.2, 3].map((f) => f * etaC);
        const got = bifurcationPoints(m, engineGeometry(engine), etas, STEPS, K, theta0, { engine });
        if (calls) {
          expect(calls.length).toBeGreaterThan(0);
          expect(Math.max(...calls)).toBe(depth === 5 ? 4 : 2);
        }
        const ref = etas.map((eta) => bifurcationPoint(m, engineGeometry(initSync({ backend })), eta, STEPS, K, theta0));
        same(got, ref);
        const labels = got.map((c) => c.point.label);
        expect(labels).toContain("subcritical");
        expect(labels).toContain("supercritical");
        expect(labels).toContain("divergent");
        expect(got.filter((c) => c.point.label === "supercritical").every((c) => c.point.attractor.length === K)).toBe(true);
      }, 120_000);
    }
  }

  it("bifurcationSweep with an engine gives the same diagram as without, and reports progress per group", () => {
    const { engine, calls } = countingLanesEngine();
    const m = deepScalar({ depth: 5, target: 1 });
    const theta0 = spread(5);
    const opts = { etaFrom: 0.36, etaTo: 0.44, count: 6, steps: 60_000, tail: 16, theta0 };
    const progress: number[] = [];
    const a = bifurcationSweep(m, engineGeometry(engine), { ...opts, engine, onProgress: (d) => progress.push(d) });
    expect(calls.length).toBeGreaterThan(0);
    const progressAlone: number[] = [];
    const b = bifurcationSweep(m, engineGeometry(initSync({ backend: "js" })), { ...opts, onProgress: (d) => progressAlone.push(d) });
    same(a, b);
    expect(progress).toEqual([4, 6]);
    // Without an engine there are no lanes to wait for: progress after every column.
    expect(progressAlone).toEqual([1, 2, 3, 4, 5, 6]);
  }, 120_000);

  it("other models run one column at a time (no lanes call), with the same result", () => {
    const { engine, calls } = countingLanesEngine();
    const m = deepLinear({ widths: [2, 2, 1], input: [1, -0.5], target: 1 });
    const theta0 = [0.8, 0.1, -0.2, 0.9, 0.7, 0.6];
    const got = bifurcationPoints(m, engineGeometry(engine), [0.2, 0.3], 2000, 16, theta0, { engine });
    expect(calls).toEqual([]);
    same(got, [0.2, 0.3].map((eta) => bifurcationPoint(m, engineGeometry(engine), eta, 2000, 16, theta0)));
  }, 60_000);

  it("rejects a bad η with the usual one-line error, lanes or not", () => {
    const engine = initSync();
    const m = deepScalar({ depth: 5, target: 1 });
    const theta0 = spread(5);
    for (const bad of [NaN, -0.1, 0]) {
      expect(() => bifurcationPoints(m, engineGeometry(engine), [0.4, bad], 4000, 16, theta0, { engine })).toThrow(InvalidArgumentError);
    }
    expect(() => bifurcationPoints(m, engineGeometry(engine), [0.4], 4000, 16, theta0, { engine: {} as Engine })).toThrow();
  });
});
