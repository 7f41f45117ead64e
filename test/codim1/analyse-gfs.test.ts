// analyseRun's λ_GFS series (docs/design.md §3, "GFS sharpness") against references written here: a plain GD loop over
// θ, and the gradient-flow limit from each recorded θ_t found two ways that share no code with src/theory/gfs-sharpness.ts
// — a bisection on the conserved-quantity equation Π(θᵢ² + c) = y², and an RK4 integration of the flow itself.
import { describe, expect, it } from "vitest";
import { analyseRun, appendSeries, deepScalar, deepLinear, engineGeometry, initSync, seriesFrom, SERIES_COLUMNS } from "../../src/index.js";

import { gfsByBisection, gfsByFlow, plainGd } from "./gfs-reference.js";

initSync({ backend: "simd" });

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe("analyseRun records λ_GFS(θ_t) at every record of a deep scalar run", () => {
  const cases = [
    // subcritical: ηλ_GFS(θ₀) > 2 > ηλ*, λ_GFS falls below 2/η; depth 3, y = 1.5, unbalanced positive start.
    { name: "depth 3, subcritical", theta0: [1.6, 0.9, 1.1], y: 1.5, eta: 0.29, steps: 3000 },
    // stable from the start (ηλ_GFS(θ₀) < 2): the first records are every step of a far-from-M start.
    { name: "depth 4, far start, ηλ_GFS(θ₀) < 2", theta0: [0.3, 1, 1.1, 1.2], y: 1, eta: 0.25, steps: 2000 },
    // supercritical (η > η_c = 0.4): λ_GFS falls to λ* = 5 while GD settles on a period-2 orbit.
    { name: "depth 5, supercritical", theta0: [1.3, 1, 1, 0.9, 0.85], y: 1, eta: 0.41, steps: 4000 },
  ];
  for (const c of cases) {
    it(`${c.name}: equal to the plain loop's θ_t through bisection, and to the RK4 flow limit`, () => {
      const model = deepScalar({ depth: c.theta0.length, target: c.y });
      const a = analyseRun(model, engineGeometry(), { eta: c.eta, steps: c.steps, theta0: c.theta0, record: { logPoints: 300 } });
      const g = a.gfsSharpness!;
      expect(g).not.toBeNull();
      expect(g.length).toBe(a.series.step.length);
      const ref = plainGd(c.theta0, c.y, c.eta, c.steps);
      let worst = 0;
      a.series.step.forEach((t, i) => {
        const want = gfsByBisection(ref[t], c.y);
        worst = Math.max(worst, rel(g[i], want));
      });
      // The plain loop rounds in another order than the built-in kernel; GD near 2/η amplifies that a little.
      expect(worst).toBeLessThan(1e-8);
      // RK4 on every 40th record: an independent route to the same limit (no conserved quantity used).
      for (let i = 0; i < g.length; i += 40) expect(rel(g[i], gfsByFlow(ref[a.series.step[i]], c.y, 200_000)), `record ${i}`).toBeLessThan(1e-7);
      // λ_GFS ≥ λ* everywhere (λ* is the least sharpness on M), and the final value is the sharpness where GD ended.
      const lambdaStar = a.prediction.regime.lambdaStar;
      for (const v of g) expect(v).toBeGreaterThanOrEqual(lambdaStar * (1 - 1e-12));
      expect(rel(g[g.length - 1], gfsByBisection(Array.from(a.final.theta), c.y))).toBeLessThan(1e-12);
    }, 60_000);
  }

  it("is null for a model that is not deep scalar factorisation", () => {
    const net = deepLinear({ widths: [2, 2, 1], input: [1, 0.5], target: 1 });
    const a = analyseRun(net, engineGeometry(), { eta: 0.1, steps: 200, theta0: [0.5, 0.4, 0.3, 0.6, 0.7, 0.8] });
    expect(a.gfsSharpness).toBeNull();
  });

  it("gfsSharpness: false skips it (null, no θ_t kept) and changes no other field, on both sides of η_c", () => {
    const model = deepScalar({ depth: 5 });
    for (const eta of [0.39, 0.41]) {
      const opts = { eta, steps: 3000, theta0: [1.3, 1, 1, 0.9, 0.85], record: { logPoints: 200 }, tailSteps: 32 };
      const full = analyseRun(model, engineGeometry(), opts);
      const lean = analyseRun(model, engineGeometry(), { ...opts, gfsSharpness: false });
      expect(full.gfsSharpness).not.toBeNull();
      expect(lean.gfsSharpness).toBeNull();
      expect(lean.series.theta).toBeUndefined();
      expect(lean.tail.theta).toBeUndefined();
      expect(lean.series.thetaPar).toBeUndefined();
      expect(full.series.thetaPar).toBeDefined();
      // Everything else, bit for bit: the run, the tail, the labels and the checks.
      const strip = (a: typeof full) => ({
        ...a, gfsSharpness: null,
        series: { ...a.series, theta: undefined, thetaPar: undefined }, tail: { ...a.tail, theta: undefined, thetaPar: undefined },
      });
      expect(strip(lean)).toEqual(strip(full));
    }
    expect(() => analyseRun(model, engineGeometry(), { eta: 0.39, steps: 100, theta0: [1.3, 1, 1, 0.9, 0.85], gfsSharpness: "no" as never })).toThrow(/gfsSharpness/);
  });

  it("a run GD takes to a saddle: NaN exactly where gradient flow has no minimum to reach, bisection elsewhere", () => {
    // From this start at ηλ_GFS(θ₀) = 4 GD flips the sign of f and ties the two smallest |θᵢ|: gradient flow from such a
    // state must drive both through zero at once, and stops at a saddle instead (docs/design.md §3, "GFS sharpness").
    const theta0 = [1.2, 1.2, 1.2, 1.2, 0.1], y = 1;
    const eta = 4 / gfsByBisection(theta0, y);
    const a = analyseRun(deepScalar({ depth: 5, target: y }), engineGeometry(), { eta, steps: 200, theta0, record: { every: 1 } });
    const ref = plainGd(theta0, y, eta, 200);
    let saddles = 0;
    a.series.step.forEach((t, i) => {
      const th = ref[t], mags = th.map(Math.abs), m = Math.min(...mags);
      const wrongSign = th.reduce((q, v) => q * v, 1) * y < 0, tied = mags.filter((v) => v === m).length > 1;
      if (wrongSign && tied) { saddles++; expect(a.gfsSharpness![i], `step ${t}`).toBeNaN(); }
      else expect(rel(a.gfsSharpness![i], gfsByBisection(mags, y)), `step ${t}`).toBeLessThan(1e-8);
    });
    expect(saddles).toBeGreaterThan(100);
  });
});

describe("appendSeries keeps θ_t and θ∥_t when both parts have them", () => {
  const part = (steps: number[], p: number, base: number) => {
    const s = seriesFrom((k) => Float64Array.from(steps, (t, i) => (k === "step" ? t : base + SERIES_COLUMNS.indexOf(k) + i)));
    s.theta = Float64Array.from({ length: steps.length * p }, (_, j) => base + j);
    s.thetaPar = Float64Array.from({ length: steps.length * p }, (_, j) => -(base + j));
    return s;
  };
  it("drops the shared record's row, like every other column", () => {
    const a = part([0, 1, 2], 2, 0), b = part([2, 3], 2, 100);
    const c = appendSeries(a, b);
    expect(Array.from(c.step)).toEqual([0, 1, 2, 3]);
    expect(Array.from(c.theta!)).toEqual([0, 1, 2, 3, 4, 5, 102, 103]);
    expect(Array.from(c.thetaPar!)).toEqual([-0, -1, -2, -3, -4, -5, -102, -103]);
  });
  it("leaves them out when one part has none", () => {
    const a = part([0, 1], 2, 0), b = seriesFrom((k) => Float64Array.of(k === "step" ? 2 : 0));
    const c = appendSeries(a, b);
    expect(c.theta).toBeUndefined();
    expect(c.thetaPar).toBeUndefined();
  });
});
