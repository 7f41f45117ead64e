// `eoslab report`'s sections 4–7 (deep linear network, tanh chain, catapult, GFS sharpness): present in --json with their fields,
// in agreement with analyseRun, catapultSweep and gfsExperiment called here directly on the same settings (written
// out in this file, not read from the report's code), in the text (≤ 100 columns) and in report.html.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "./cli-harness.js";
import { analyseRun, catapultSweep, deepLinear, deepLinearInit, engineGeometry, flattestMinimum, gfsExperiment, initSync, tanhChain, tanhChainStart } from "../../src/index.js";

afterEach(() => vi.restoreAllMocks());

const dir = mkdtempSync(join(tmpdir(), "eoslab-report-sections-"));
let j: any; // eslint-disable-line @typescript-eslint/no-explicit-any
let text = "";
beforeAll(async () => {
  j = JSON.parse(await runCli(["report", "--out", join(dir, "json"), "--json", "--backend", "simd"]));
  text = await runCli(["report", "--out", join(dir, "text"), "--backend", "simd"]);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("report: deep linear network section", () => {
  it("three runs at 0.98, 1, 1.02 × η_c agree with analyseRun on widths 3,4,4,1, x = (0.5, −1, 2), y = 1, seed 7, scale 0.3", () => {
    const d = j.deepLinear;
    expect(d.widths).toEqual([3, 4, 4, 1]);
    // λ* = L·|y|^{2(L−1)/L}·‖x‖^{2/L} with L = 3, ‖x‖² = 5.25 (docs/design.md §1).
    const lambdaStar = 3 * 5.25 ** (1 / 3);
    expect(d.lambdaStar).toBeCloseTo(lambdaStar, 12);
    expect(d.etaCritical).toBeCloseTo(2 / lambdaStar, 12);
    expect(d.rows.map((r: { etaFrac: number }) => r.etaFrac)).toEqual([0.98, 1, 1.02]);
    const model = deepLinear({ widths: [3, 4, 4, 1], input: [0.5, -1, 2], target: 1 });
    const theta0 = deepLinearInit({ widths: [3, 4, 4, 1], seed: 7, scale: 0.3 });
    const geometry = engineGeometry(initSync({ backend: "simd" }));
    [0.98, 1, 1.02].forEach((frac, k) => {
      const a = analyseRun(model, geometry, { eta: frac * (2 / lambdaStar), steps: 100_000, theta0, tailSteps: 64 });
      const row = d.rows[k], run = d.runs[k];
      expect(row.predicted).toBe(a.prediction.regime.regime);
      expect(row.observed).toBe(a.observation.label);
      expect(row.tau).toBe(a.observation.tau);
      expect(row.eta).toBe(a.eta);
      expect(row.lambdaParFinal).toBe(a.final.lambdaPar);
      expect(row.rate.predicted).toBe(a.prediction.rate);
      expect(row.rate.measured).toBe(a.observation.linear?.fit.rate ?? null);
      expect(row.orbit.measured).toEqual(a.observation.orbit);
      const pl = a.observation.powerLaw;
      if (row.exponents.measured) expect(row.exponents.measured.thetaPerp).toBe(pl!.thetaPerp.exponent);
      expect(run.regime.observed).toBe(a.observation.label);
      expect(run.final.theta).toEqual(Array.from(a.final.theta));
      expect(run.series).toBeUndefined();
    });
    // The regimes themselves: each run shows the one predicted for its η (docs/design.md §2).
    expect(d.rows.map((r: { predicted: string }) => r.predicted)).toEqual(["subcritical", "critical", "supercritical"]);
    expect(d.rows.map((r: { observed: string }) => r.observed)).toEqual(["subcritical", "critical", "supercritical"]);
    expect(d.rows[1].exponents.measured.thetaPerp).toBeCloseTo(-0.5, 1);
    expect(d.rows[2].orbit.predicted).toHaveLength(2);
    expect(existsSync(d.figure)).toBe(true);
  });
});

describe("report: tanh chain section", () => {
  it("three runs at 0.98, 1, 1.02 × η_c agree with analyseRun on depth 3, x = 1, y = 0.5 from the default start", () => {
    const d = j.tanhChain;
    const model = tanhChain({ depth: 3, input: 1, target: 0.5 });
    const theta0 = tanhChainStart(model);
    const search = flattestMinimum(model, theta0);
    expect(search.converged).toBe(true);
    expect(d.lambdaStar).toBe(search.lambdaStar);
    expect(d.flattestSearch.gradNorm).toBe(search.gradNorm);
    const geometry = engineGeometry(initSync({ backend: "simd" }));
    [0.98, 1, 1.02].forEach((frac, k) => {
      const a = analyseRun(model, geometry, { eta: frac * (2 / search.lambdaStar), steps: 1_000_000, theta0, tailSteps: 64 });
      const row = d.rows[k];
      expect(row.eta).toBe(a.eta);
      expect(row.predicted).toBe(a.prediction.regime.regime);
      expect(row.observed).toBe(a.observation.label);
      expect(row.rate.measured).toBe(a.observation.linear?.fit.rate ?? null);
      expect(row.orbit.measured).toEqual(a.observation.orbit);
    });
    expect(d.rows.map((r: { predicted: string }) => r.predicted)).toEqual(["subcritical", "critical", "supercritical"]);
    expect(d.rows.map((r: { observed: string }) => r.observed)).toEqual(["subcritical", "critical", "supercritical"]);
    expect(d.rows[1].exponents.measured.thetaPerp).toBeCloseTo(-0.5, 1);
    expect(d.rows.every((r: { checksPassed: number; checksTotal: number }) => r.checksPassed === r.checksTotal)).toBe(true);
    expect(existsSync(d.figure)).toBe(true);
  });
});

describe("report: catapult section", () => {
  it("width 512, seed 0, default grid: the same sweep as catapultSweep, each outcome beside the predicted one", () => {
    const c = j.catapult;
    const r = catapultSweep({ width: 512, seed: 0 });
    expect(c.width).toBe(512);
    expect(c.lambda0).toBe(r.lambda0);
    expect(c.rows.map((w: { etaFrac: number }) => w.etaFrac)).toEqual(r.rows.map((w) => w.etaFrac));
    expect(c.rows.map((w: { etaFrac: number }) => w.etaFrac)).toEqual(expect.arrayContaining([0.5, 1.5, 2.5]));
    c.rows.forEach((w: Record<string, unknown>, k: number) => {
      expect(w.outcome).toBe(r.rows[k].outcome);
      expect(w.peakLossRatio).toBe(r.rows[k].peakLossRatio);
      expect(w.stepBelow).toBe(r.rows[k].stepBelow);
      // Their prediction for wide networks: lazy below ηλ₀/2 = 1, catapult below about 2, diverged above.
      const f = r.rows[k].etaFrac;
      expect(w.predicted).toBe(f < 1 ? "lazy" : f < 2 ? "catapult" : "diverged");
    });
    expect(c.edges.catapultFrom).toBe(r.edges.catapultFrom);
    expect(c.edges.divergeFrom).toBe(r.edges.divergeFrom);
    expect(c.predicted.twoOverLambda0).toBeCloseTo(2 / r.lambda0, 12);
    expect(c.predicted.fourOverLambda0).toBeCloseTo(4 / r.lambda0, 12);
    expect(existsSync(c.figure)).toBe(true);
  }, 60_000);
});

describe("report: GFS sharpness section", () => {
  it("the paper's fifteen runs, as gfsExperiment checks them", () => {
    const g = j.gfs;
    const direct = gfsExperiment(initSync({ backend: "simd" }), { sweepEtas: [], farStarts: [] }).paper;
    expect(g.rows).toHaveLength(15);
    g.rows.forEach((row: Record<string, unknown>, k: number) => {
      const c = direct[k];
      expect([row.figure, row.start, row.eta]).toEqual([c.figure, c.start, c.eta]);
      expect(row.monotone).toBe(c.monotone);
      expect(row.increases).toBe(c.increases);
      expect(row.etaGfsStart).toBe(c.etaGfsStart);
      expect(row.etaGfsFinal).toBe(c.etaGfsFinal);
      expect(row.observed).toBe(c.monotone ? "non-increasing" : "increases");
      expect(row.series).toBeUndefined();
    });
    expect(g.monotone).toBe(direct.filter((c) => !c.diverged && c.monotone).length);
    expect(existsSync(g.figure)).toBe(true);
  }, 60_000);
});

describe("report: text and HTML", () => {
  it("prints sections 4–8 within 100 columns, and report.html inlines their figures", () => {
    for (const h of ["== 4. Deep linear network", "== 5. Tanh chain", "== 6. The catapult", "== 7. GFS sharpness", "== 8. Progressive sharpening"]) expect(text).toContain(h);
    const width = (s: string) => [...s].length; // these sections use no wide (CJK) characters
    // Up to the closing "Wrote <path>" line, whose width is the path's.
    for (const line of text.slice(text.indexOf("== 4."), text.lastIndexOf("\nWrote ")).split("\n")) expect(width(line), line).toBeLessThanOrEqual(100);
    const html = readFileSync(join(dir, "text", "report.html"), "utf8");
    for (const t of ["4. Deep linear network", "5. Tanh chain", "6. The catapult", "7. GFS sharpness", "8. Progressive sharpening"]) expect(html).toContain(t);
    expect(html).toContain("the catapult: width 512");
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(7);
    for (const f of ["deep-linear.svg", "tanh-chain.svg", "catapult.svg", "gfs.svg"]) expect(existsSync(join(dir, "text", f))).toBe(true);
  });
});
