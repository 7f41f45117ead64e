// The paper reproduction on the engine (wasm deep scalar runs): the claims of docs/design.md §2, the figures and the sweep.
import { describe, expect, it } from "vitest";
import { initSync } from "../../src/index.js";
import { deepScalar } from "../../src/models/deep-scalar.js";
import { engineGeometry } from "../../src/codim1/geometry.js";
import { PAPER_FIGURES, paperExperiment, paperFigureSvg, paperRows } from "../../src/experiments/paper.js";
import { formatPaperTable } from "../../src/experiments/paper-table.js";
import { bifurcationSvg, bifurcationSweep } from "../../src/experiments/bifurcation.js";
import { paperStarts } from "../../src/experiments/starts.js";
import { periodTwoOrbit } from "../../src/theory/period-two-orbit.js";
import { expectCriticalPowerLaws, productModel } from "../observe/observe-reference.js";

const engine = initSync({ backend: "simd" });
const model = deepScalar({ depth: 5, target: 1 });
const geo = engineGeometry(engine);
const result = paperExperiment(model, geo);

describe("paper reproduction (depth 5, y = 1, λ* = 5, η_c = 0.4)", () => {
  it("uses five starts near M, each with ηλ(θ∥₀) > 2 at η = 0.39, 0.01 off M", () => {
    const sub = result.figures.find((f) => f.regime === "subcritical")!;
    expect(sub.runs).toHaveLength(5);
    for (const r of sub.runs) {
      expect(0.39 * r.start.lambdaPar).toBeGreaterThan(2);
      expect(Math.abs(r.start.thetaPerp)).toBeCloseTo(0.01, 12);
    }
  });

  it("subcritical η = 0.39: τ finite, λ* < λ(θ∥∞) < 2/η, measured rate within 1e-4 of |1 − ηλ(θ∥∞)|", () => {
    for (const r of result.figures[0].runs) {
      expect(r.observation.label).toBe("subcritical");
      expect(r.observation.tau).toBeGreaterThan(0);
      expect(r.final.lambdaPar).toBeGreaterThan(5);
      expect(r.final.lambdaPar).toBeLessThan(2 / 0.39);
      expect(Math.abs(r.observation.linear!.fit.rate! - Math.abs(1 - 0.39 * r.final.lambdaPar))).toBeLessThan(1e-4);
    }
  });

  it("critical η = 0.4, 10⁶ steps: exponents on [10⁴, 10⁶] within ±0.05 of −½, −½, −1, −1; |θ⊥|√t and distPar√t level off", () => {
    const fig = result.figures[1];
    expect(fig.steps).toBe(1_000_000);
    for (const r of fig.runs) {
      expect(r.observation.powerLaw!.window).toEqual([1e4, 1e6]);
      expectCriticalPowerLaws(r.observation.powerLaw!);
    }
  });

  it("supercritical η = 0.408: orbit within 1e-8 of Newton's, rate within 1% of sqrt(Floquet ρ), distPar < 1e-10", () => {
    // Independent orbit: the test's own product model through the same Newton code gives the s-coordinates; θ⊥ = s on span(1).
    const ref = periodTwoOrbit(productModel(5, 1), 0.408, { point: new Float64Array(5).fill(1), direction: new Float64Array(5).fill(1) });
    const refSorted = [...ref.s!].sort((a, b) => b - a);
    for (const r of result.figures[2].runs) {
      expect(r.observation.label).toBe("supercritical");
      expect(Math.abs(r.observation.orbit![0] - refSorted[0])).toBeLessThan(1e-8);
      expect(Math.abs(r.observation.orbit![1] - refSorted[1])).toBeLessThan(1e-8);
      expect(Math.abs(r.observation.linear!.fit.rate! / ref.floquet!.perStepRate - 1)).toBeLessThan(0.01);
      expect(r.final.distPar).toBeLessThan(1e-10);
    }
  });

  it("every check in the table passes and every figure is a readable SVG", () => {
    const rows = paperRows(result);
    expect(rows).toHaveLength(15);
    expect(rows.flatMap((r) => r.failed)).toEqual([]);
    expect(formatPaperTable(result)).toContain("Checks passed: 65/65.");
    for (const fig of result.figures) {
      const svg = paperFigureSvg(fig, result.lambdaStar);
      expect(svg.startsWith("<svg")).toBe(true);
      expect(svg).not.toMatch(/NaN|undefined/);
      for (const s of [`Figure ${fig.figure}`, "‖θ∥ − θ∥*‖", "|θ⊥|", "λ(θ∥) − λ*", "step t", "start 1", "start 5"]) expect(svg).toContain(s);
      // 5 starts in each of 3 panels, |θ⊥| as even and odd branches (+5), and Fig. 3's three reference slopes.
      expect((svg.match(/<path /g) ?? []).length).toBe(fig.regime === "critical" ? 23 : 20);
    }
    expect(PAPER_FIGURES.map((f) => f.eta)).toEqual([0.39, 0.4, 0.408]);
  });
});

describe("bifurcation sweep", () => {
  it("labels η below η_c as converging, above as period 2 with the Newton orbit as attractor", () => {
    const r = bifurcationSweep(model, geo, { etaFrom: 0.36, etaTo: 0.48, count: 7, steps: 60000, theta0: paperStarts()[0] });
    expect(r.points.map((p) => p.eta)).toEqual([0.36, 0.38, 0.4, 0.42, 0.44, 0.46, 0.48].map((x) => expect.closeTo(x, 12)));
    expect(r.points[0].label).toBe("stable");
    expect(r.points[0].distinct).toBe(1);
    for (const p of r.points.slice(3)) {
      expect(p.label).toBe("supercritical");
      expect(p.distinct).toBe(2);
      const o = periodTwoOrbit(productModel(5, 1), p.eta, { point: new Float64Array(5).fill(1), direction: new Float64Array(5).fill(1) });
      expect(Math.max(...p.attractor)).toBeCloseTo(Math.max(...o.s!), 9);
      expect(Math.min(...p.attractor)).toBeCloseTo(Math.min(...o.s!), 9);
    }
    const svg = bifurcationSvg(r);
    expect(svg).toContain("η_c = 2/λ*");
    expect(svg).toContain("supercritical");
  });
});
