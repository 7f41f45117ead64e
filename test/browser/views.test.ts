// The pure parts of the explorer's views (src/browser/views/): reading a merged sweep file, the figure chosen for
// it, the catapult run against a plain GD loop written here, parameter checks and the captions. The views
// themselves run in Chromium: test/browser/views.browser.mjs.
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/errors.js";
import { catapultProblem, classifyCatapult, initSync, ntkTwoLayerSharpness } from "../../src/index.js";
import { parseMergedSweep } from "../../src/browser/views/sweep-file.js";
import { checkCatapultParams, checkSharpeningParams, computeCatapult, computeRegimeMap, type CatapultViewResult, type SharpeningViewResult } from "../../src/browser/views/view-compute.js";
import { catapultCaption, sharpeningCaption } from "../../src/browser/views/view-captions.js";

const spec2 = { model: "deep-scalar", fixed: { target: 1 }, axes: { etaFrac: [0.9, 1.1, 1.3], depth: [2, 3] }, steps: 100, tail: 8 };
const header = (spec: object = spec2, count = 6) => JSON.stringify({ eoslabSweep: 2, fingerprint: "fnv1a64:0", spec, runtime: { version: "0", backend: "js", data: {} }, count });
/** Rows of the 3 × 2 grid with a label made from the coordinates (so a misplaced cell shows). */
function rows2(): { index: number; coords: { etaFrac: number; depth: number }; eta: number; etaCritical: number; observed: string; attractor: number[] }[] {
  const out = [];
  let index = 0;
  for (const etaFrac of [0.9, 1.1, 1.3]) for (const depth of [2, 3]) {
    out.push({ index: index++, coords: { etaFrac, depth }, eta: etaFrac * (2 / depth), etaCritical: 2 / depth, observed: etaFrac < 1 ? "stable" : depth === 2 ? "supercritical" : `period-${depth + 1}`, attractor: [0.1, -0.1] });
  }
  return out;
}
const file = (lines: unknown[], head = header()) => [head, ...lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l)))].join("\n") + "\n";

describe("parseMergedSweep", () => {
  it("reads the header's spec and every point line (CRLF and a BOM too)", () => {
    const rows = rows2();
    const m = parseMergedSweep("\uFEFF" + file(rows).replace(/\n/g, "\r\n"));
    expect(m.spec.axes.map((a) => a.name)).toEqual(["etaFrac", "depth"]);
    expect(m.count).toBe(6);
    expect(m.rows.map((r) => r.observed)).toEqual(rows.map((r) => r.observed));
  });

  const bad: [string, string, RegExp][] = [
    ["an empty file", "", /^the file is empty/],
    ["blank lines only", "\n \n", /^the file is empty/],
    ["text", "hello\n", /^line 1 is not JSON: not a sweep file/],
    ["JSON without a header", '{"a":1}\n', /^line 1 is not a sweep header/],
    ["another format", '{"eoslabSweep":1}\n', /^a sweep file of format 1, not 2/],
    ["a bad spec", header({ model: "nope", axes: { eta: [1] }, steps: 10, tail: 2 }) + "\n", /^the header's spec is not valid \(/],
    ["a broken line", file([rows2()[0], "{oops"]), /^line 3 is not JSON$/],
    ["a line without a label", file([{ index: 0, coords: { etaFrac: 0.9, depth: 2 } }]), /^line 2 is not a sweep point/],
    ["a line without coords", file([{ index: 0, observed: "stable" }]), /^line 2 is not a sweep point/],
    ["two shard files concatenated", file([rows2()[0], JSON.parse(header())]), /^line 3 is a second sweep header: merge the shard files/],
    ["a header alone", header() + "\n", /^the file has a header but no grid points/],
  ];
  for (const [what, text, re] of bad) {
    it(`refuses ${what} in one line`, () => {
      let err: unknown;
      try {
        parseMergedSweep(text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as Error).message).toMatch(re);
      expect((err as Error).message).not.toContain("\n");
    });
  }
});

describe("computeRegimeMap", () => {
  it("two axes: the regime map, each cell the label of its row (η/η_c on x, depth on y)", () => {
    const rows = rows2();
    const r = computeRegimeMap(file(rows), "m.jsonl");
    expect(r.figure).toBe("regime-map");
    expect(r.points).toBe(6);
    const xs = [0.9, 1.1, 1.3], ys = [2, 3];
    for (const row of rows) expect(r.grid!.cells[ys.indexOf(row.coords.depth)][xs.indexOf(row.coords.etaFrac)]).toBe(row.observed);
    // The SVG draws one rect per cell with that label.
    for (const row of rows) {
      expect(r.svg).toContain(`data-x="${xs.indexOf(row.coords.etaFrac)}" data-y="${ys.indexOf(row.coords.depth)}" data-label="${row.observed}"`);
    }
    expect(r.labels).toEqual([{ label: "stable", points: 2 }, { label: "supercritical", points: 2 }, { label: "period-4", points: 2 }]);
  });

  it("one axis: the bifurcation diagram over η/η_c, the attractor diagram over another axis", () => {
    const s1 = { model: "deep-scalar", fixed: { target: 1, depth: 3 }, axes: { etaFrac: [0.9, 1.1] }, steps: 100, tail: 8 };
    const rows = [0.9, 1.1].map((etaFrac, index) => ({ index, coords: { etaFrac }, eta: etaFrac * (2 / 3), etaCritical: 2 / 3, observed: "stable", attractor: [0] }));
    expect(computeRegimeMap(file(rows, header(s1, 2)), "a").figure).toBe("bifurcation");
    const s2 = { model: "deep-scalar", fixed: { target: 1, etaFrac: 0.9 }, axes: { depth: [2, 3] }, steps: 100, tail: 8 };
    const rows2b = [2, 3].map((depth, index) => ({ index, coords: { depth }, eta: 0.9 * (2 / depth), observed: "stable", attractor: [0] }));
    const r = computeRegimeMap(file(rows2b, header(s2, 2)), "b");
    expect(r.figure).toBe("attractor");
    expect(r.svg.startsWith("<svg")).toBe(true);
  });

  it("refuses three axes and points off the grid with one-line InvalidArgumentErrors", () => {
    const s3 = { model: "deep-scalar", fixed: {}, axes: { etaFrac: [0.9], depth: [2], target: [1] }, steps: 100, tail: 8 };
    expect(() => computeRegimeMap(file([{ index: 0, coords: { etaFrac: 0.9, depth: 2, target: 1 }, observed: "stable" }], header(s3, 1)), "c")).toThrow(/has 3 axes \(etaFrac, depth, target\)/);
    expect(() => computeRegimeMap(file([{ index: 0, coords: { etaFrac: 5, depth: 2 }, observed: "stable" }]), "d")).toThrow(InvalidArgumentError);
  });
});

describe("computeCatapult", () => {
  it("its outcome and peak loss ratio are those of a plain GD loop on the same problem, classified by the rules", () => {
    initSync();
    const [m, seed, etaFrac, steps] = [64, 1, 1.5, 120];
    const v = computeCatapult({ width: m, seed, etaFrac, steps });
    // The plain loop: θ ← θ − η∇ℓ(θ) from θ₀, η = etaFrac·2/λ₀, the loss at every step.
    const { model, theta0 } = catapultProblem(seed, m, 8, 16);
    const lambda0 = ntkTwoLayerSharpness(model, theta0, { tol: 1e-12, maxIter: 200 }).lambda;
    const eta = (2 * etaFrac) / lambda0;
    const theta = Float64Array.from(theta0), g = new Float64Array(model.p), loss = [model.grad(theta, g)];
    for (let t = 0; t < steps; t++) {
      for (let i = 0; i < theta.length; i++) theta[i] -= eta * g[i];
      loss.push(model.grad(theta, g));
    }
    let peak = loss[0];
    for (const l of loss) peak = Math.max(peak, l);
    expect(v.eta).toBe(eta);
    expect(v.peakLossRatio).toBe(peak / loss[0]);
    const lambdaEnd = ntkTwoLayerSharpness(model, theta, { tol: 1e-12, maxIter: 200 }).lambda;
    expect(v.lambdaFinal!).toBeCloseTo(lambdaEnd, 6);
    expect(v.outcome).toBe(classifyCatapult(loss, eta, lambdaEnd).outcome);
    expect(v.svg).toContain("2/η");
  });

  it("checks its parameters in one line", () => {
    expect(() => checkCatapultParams({ width: 100, seed: 0, etaFrac: 1, steps: 100 })).toThrow(/width must be one of 64, 128/);
    expect(() => checkCatapultParams({ width: 64, seed: -1, etaFrac: 1, steps: 100 })).toThrow(/seed/);
    expect(() => checkCatapultParams({ width: 64, seed: 0, etaFrac: 0, steps: 100 })).toThrow(/η·λ₀\/2 must be in \(0, 4\]/);
    expect(() => checkSharpeningParams({ model: "x" as never, eta: 0.001, steps: 100, every: 10 })).toThrow(/model must be tanh-mlp or deep-linear-data/);
    expect(() => checkSharpeningParams({ model: "tanh-mlp", eta: 0.001, steps: 100, every: 0 })).toThrow(/every/);
  });
});

describe("captions", () => {
  const base: CatapultViewResult = {
    kind: "catapult", params: { width: 512, seed: 0, etaFrac: 1.5, steps: 300 }, samples: 8, dim: 16, lambda0: 0.6, loss0: 1, eta: 5, outcome: "catapult", detail: "rose-and-converged",
    peakLossRatio: 60.3, lambdaFinal: 0.25, etaLambdaFinal: 1.25, finalLossRatio: 1e-20, stepBelow: 8, stepsDone: 300, svg: "",
  };
  it("name the phase and quote the run's numbers", () => {
    const c = catapultCaption(base);
    expect(c).toMatch(/^Catapult phase\./);
    expect(c).toContain("60.3×");
    expect(c).toContain("step 8");
    expect(c).toContain("so 2/η is below λ₀");
    expect(catapultCaption({ ...base, params: { ...base.params, etaFrac: 0.5 }, outcome: "lazy", detail: "no-rise", peakLossRatio: 1 })).toMatch(/^Lazy phase\..*2\/η is above λ₀/);
    expect(catapultCaption({ ...base, outcome: "diverged", detail: "blew-up", peakLossRatio: Infinity })).toMatch(/^Diverged\..*without bound/);
  });
  it("sharpening: reached, not reached, diverged", () => {
    const s: SharpeningViewResult = {
      kind: "sharpening", params: { model: "tanh-mlp", eta: 0.002, steps: 400, every: 5 }, modelName: "tanh-mlp", p: 96, lambda0: 713.1, reachStep: 60,
      afterMean: 1.07, afterSd: 0.17, lossUpFraction: 0.02, lossUpFractionAfter: 0.03, lambdaMax: 1400, finalLoss: 3, stepsDone: 400, diverged: false, svg: "",
    };
    expect(sharpeningCaption(s)).toMatch(/2\/η = 1000\b.*at step 60.*averages 1\.07.*went up on 3% of the steps/);
    expect(sharpeningCaption({ ...s, lossUpFractionAfter: 0 })).toMatch(/has not gone up yet/);
    expect(sharpeningCaption({ ...s, reachStep: null, afterMean: null, lambdaMax: 800 })).toMatch(/never comes within 10% of 2\/η \(largest λ = 800\)/);
    expect(sharpeningCaption({ ...s, diverged: true, stepsDone: 12 })).toMatch(/blew up at step 13/);
  });
});
