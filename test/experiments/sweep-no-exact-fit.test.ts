// A sweep point whose etaFrac has no η_c (data with no exact fit, n > d and y outside range(X)) is recorded as a point
// labelled "no exact fit", with the reason, and the rest of the grid runs: the other data file, which fits exactly,
// gets η = etaFrac·η_c as `eoslab run --eta-frac` would.
import { describe, expect, it } from "vitest";
import { computeGridPoint, pointCache } from "../../src/experiments/sweep-spec-point.js";
import { parseSweepSpec } from "../../src/experiments/sweep-spec.js";
import { bifurcationFromRows, sweepFigures } from "../../src/experiments/sweep-figures.js";
import { flattestMinimumData } from "../../src/data/flattest-minimum.js";
import type { Dataset } from "../../src/dataset/dataset.js";
import { RandomState } from "../../src/random/random-state.js";
import { engines } from "../engines.js";
import { normals } from "../normals.js";

const engine = engines().simd;

describe("sweep: etaFrac on data with no exact fit", () => {
  // wide: n = 3 < d = 5, y is fitted exactly (X has full row rank); tall: n = 7 > d = 5, random y is not in range(X).
  const files: Record<string, Dataset> = {
    "wide.json": { X: normals(15, 3), y: normals(3, 4), n: 3, d: 5 },
    "tall.json": { X: normals(35, 5), y: normals(7, 6), n: 7, d: 5 },
  };
  const load = (path: string): Dataset => files[path];
  const spec = parseSweepSpec({ model: "linear", fixed: { initScale: 0.5 }, axes: { data: ["tall.json", "wide.json"], etaFrac: [0.9, 1.1] }, steps: 400, tail: 16 });

  it("records the tall file's points as 'no exact fit' with the reason, and runs the wide file's points", () => {
    const cache = pointCache();
    const recs = [0, 1, 2, 3].map((k) => computeGridPoint(engine, spec, k, cache, load));
    // The reference: the least-squares residual of the tall problem is nonzero (normal equations solved here).
    const t = files["tall.json"];
    const A = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => { let s = 0; for (let r = 0; r < 7; r++) s += t.X[r * 5 + i] * t.X[r * 5 + j]; return s; }));
    const b = Array.from({ length: 5 }, (_, i) => { let s = 0; for (let r = 0; r < 7; r++) s += t.X[r * 5 + i] * t.y[r]; return s; });
    for (let c = 0; c < 5; c++) for (let r = c + 1; r < 5; r++) { const m = A[r][c] / A[c][c]; for (let k = c; k < 5; k++) A[r][k] -= m * A[c][k]; b[r] -= m * b[c]; }
    const w = new Array(5).fill(0);
    for (let r = 4; r >= 0; r--) { let s = b[r]; for (let k = r + 1; k < 5; k++) s -= A[r][k] * w[k]; w[r] = s / A[r][r]; }
    let L = 0;
    for (let r = 0; r < 7; r++) { let f = 0; for (let k = 0; k < 5; k++) f += t.X[r * 5 + k] * w[k]; L += 0.5 * (f - t.y[r]) ** 2; }
    expect(L).toBeGreaterThan(1e-3);

    for (const k of [0, 1]) {
      const r = recs[k];
      expect(r.coords).toEqual({ data: "tall.json", etaFrac: k === 0 ? 0.9 : 1.1 });
      expect(r.observed).toBe("no exact fit");
      expect(r.eta).toBeNull();
      expect(r.etaCritical).toBeNull();
      expect(r.lambdaStar).toBeNull();
      expect(r.predicted).toBeNull();
      expect(r.finalLoss).toBeNull();
      expect(r.attractor).toEqual([]);
      expect(r.labelReason).toMatch(/^not run: etaFrac needs η_c = 2\/λ\*, which does not exist for tall\.json \(.*no exact fit.*\); give eta to run it$/);
      expect(r.labelReason).not.toContain("\n");
    }
    // The wide file's points ran at η = etaFrac·η_c of the flattest minimum from the same start (c·randn(p)).
    const theta0 = new RandomState(0).randn(5).map((v) => v * 0.5);
    const flat = flattestMinimumData({ kind: "linear", n: 3, d: 5 }, files["wide.json"], theta0, { engine });
    expect(flat.kind).toBe("exact");
    for (const k of [2, 3]) {
      const r = recs[k];
      expect(r.observed).not.toBe("no exact fit");
      expect(r.eta).toBe((k === 2 ? 0.9 : 1.1) * (flat as { etaCritical: number }).etaCritical);
      expect(typeof r.finalLoss).toBe("number");
    }
    // The regime map of the grid has a cell for every point, the unrun ones labelled.
    const figs = sweepFigures(spec, recs as never);
    expect(figs.map((f) => f.file)).toEqual(["regime-map.svg", "regime-map.json"]);
    expect(JSON.parse(figs[1].text).cells[0]).toEqual(["no exact fit", "no exact fit"]);
  });

  it("a one-axis etaFrac sweep of such data draws its (empty) diagram instead of failing", () => {
    const one = parseSweepSpec({ model: "linear", fixed: { data: "tall.json" }, axes: { etaFrac: [0.9, 1.1] }, steps: 400, tail: 16 });
    const recs = [0, 1].map((k) => computeGridPoint(engine, one, k, pointCache(), load));
    expect(recs.map((r) => r.observed)).toEqual(["no exact fit", "no exact fit"]);
    expect(bifurcationFromRows(one, recs as never).points).toEqual([]);
  });
});
