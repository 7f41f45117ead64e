// The catapult experiment (docs/design.md §4): the run against a plain GD loop written here on plain arrays, the
// outcome rules applied here by hand to that loop's losses and to a λ_final from power iteration on a dense Hessian,
// and the three phases and window edges of Lewkowycz et al.'s prediction (lazy below ηλ₀ = 2, catapult up to about
// ηλ₀ = 4, diverged above) on a wide network.
import { describe, expect, it } from "vitest";
import {
  CATAPULT_BLOWUP, CATAPULT_GRID, catapultFigureSvg, catapultProblem, catapultRun, catapultSweep, classifyCatapult, InvalidArgumentError,
  ntkTwoLayerSharpness, RandomState,
} from "../../src/index.js";

/** The documented data and θ₀, drawn here from RandomState in the documented order. */
function plainProblem(seed: number, m: number, n: number, d: number) {
  const rs = new RandomState(seed);
  const Xf = rs.randn(n * d), yv = [...rs.randn(n)];
  const X = Array.from({ length: n }, (_, a) => Array.from({ length: d }, (_, j) => Xf[a * d + j] / Math.sqrt(d)));
  const Uf = rs.randn(m * d), v = [...rs.randn(m)];
  const U = Array.from({ length: m }, (_, i) => Array.from({ length: d }, (_, j) => Uf[i * d + j]));
  return { X, y: yv, U, v };
}

/** Plain full-batch GD on f(x) = vᵀUx/√m with the mean loss; returns the loss at every step and the final (U, v). */
function plainGd(seed: number, m: number, n: number, d: number, eta: number, steps: number) {
  const { X, y, U, v } = plainProblem(seed, m, n, d);
  const s = 1 / Math.sqrt(m), losses: number[] = [];
  for (let t = 0; t <= steps; t++) {
    const r = X.map((x, a) => {
      let f = 0;
      for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) f += v[i] * U[i][j] * x[j];
      return s * f - y[a];
    });
    const loss = r.reduce((acc, ra) => acc + ra * ra, 0) / (2 * n);
    losses.push(loss);
    // The documented stop: a run ends at the first loss above CATAPULT_BLOWUP·ℓ₀ (or non-finite).
    if (t === steps || !(loss <= CATAPULT_BLOWUP * losses[0])) break;
    const gU = U.map((row, i) => row.map((_, j) => (s / n) * X.reduce((acc, x, a) => acc + r[a] * v[i] * x[j], 0)));
    const gv = v.map((_, i) => (s / n) * X.reduce((acc, x, a) => acc + r[a] * U[i].reduce((q, u, j) => q + u * x[j], 0), 0));
    for (let i = 0; i < m; i++) { for (let j = 0; j < d; j++) U[i][j] -= eta * gU[i][j]; v[i] -= eta * gv[i]; }
  }
  return { losses, U, v, X, y };
}

/** λ_max of the loss Hessian at (U, v) by power iteration on the dense Hessian built from its definition. */
function plainSharpness(X: number[][], y: number[], U: number[][], v: number[]): number {
  const m = v.length, d = X[0].length, n = X.length, p = m * d + m, s = 1 / Math.sqrt(m);
  const J = X.map((x) => {
    const row = new Array(p).fill(0);
    for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) row[i * d + j] = s * v[i] * x[j];
    for (let i = 0; i < m; i++) row[m * d + i] = s * U[i].reduce((q, u, j) => q + u * x[j], 0);
    return row;
  });
  const r = X.map((x, a) => J[a].slice(m * d).reduce((acc, hi, i) => acc + v[i] * hi, 0) - y[a]);
  const H = Array.from({ length: p }, (_, k) => Array.from({ length: p }, (_, l) => X.reduce((acc, _x, a) => acc + J[a][k] * J[a][l], 0) / n));
  for (let a = 0; a < n; a++) for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) {
    const c = (r[a] * s * X[a][j]) / n; // ∂²f_a/∂U_ij∂v_i = x_aj/√m
    H[i * d + j][m * d + i] += c; H[m * d + i][i * d + j] += c;
  }
  const c = H.reduce((acc, row) => Math.max(acc, row.reduce((q, x) => q + Math.abs(x), 0)), 0);
  let x = Array.from({ length: p }, (_, i) => 1 + 0.3 * Math.cos(i)), lam = 0;
  for (let it = 0; it < 50000; it++) {
    const z = x.map((_, i) => H[i].reduce((q, h, j) => q + h * x[j], 0) + c * x[i]);
    const nrm = Math.hypot(...z), next = nrm - c;
    x = z.map((t) => t / nrm);
    if (it > 50 && Math.abs(next - lam) < 1e-14 * Math.max(1, next)) return next;
    lam = next;
  }
  return lam;
}

/** The documented outcome rules, applied by hand. */
function plainOutcome(loss: number[], eta: number, lambdaFinal: number, rise = 2): string {
  const l0 = loss[0];
  if (loss.some((l) => !(l <= CATAPULT_BLOWUP * l0))) return "diverged";
  if (loss[loss.length - 1] >= l0) return "diverged";
  if (Math.max(...loss) <= rise * l0) return "lazy";
  return eta * lambdaFinal < 2 ? "catapult" : "diverged";
}

describe("catapultRun and classifyCatapult against a plain GD loop", () => {
  const m = 24, n = 4, d = 3, steps = 80;
  const { model, theta0 } = catapultProblem(5, m, n, d);
  const lambda0 = ntkTwoLayerSharpness(model, theta0).lambda;

  it("the problem's θ₀ and λ₀ are the plain ones", () => {
    const pp = plainProblem(5, m, n, d);
    expect(model.loss(theta0)).toBeCloseTo(plainGd(5, m, n, d, 0.1, 0).losses[0], 13);
    expect(lambda0).toBeCloseTo(plainSharpness(pp.X, pp.y, pp.U, pp.v), 9);
  });

  for (const frac of [0.5, 1.5, 3]) {
    it(`η·λ₀/2 = ${frac}: the losses are the plain loop's and the label follows the rules`, () => {
      const eta = (2 * frac) / lambda0;
      const plain = plainGd(5, m, n, d, eta, steps);
      const run = catapultRun(model, theta0, eta, { steps, lambdaEvery: 5 });
      expect(run.loss.length).toBe(plain.losses.length);
      plain.losses.forEach((l, t) => expect(Math.abs(run.loss[t] - l)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(l))));
      const blew = run.blewUp;
      const lamFinal = blew ? NaN : plainSharpness(plain.X, plain.y, plain.U, plain.v);
      if (!blew) expect(run.lambda[run.lambda.length - 1]).toBeCloseTo(lamFinal, 6);
      const c = classifyCatapult(run.loss, eta, blew ? NaN : run.lambda[run.lambda.length - 1]);
      expect(c.outcome).toBe(plainOutcome(plain.losses, eta, lamFinal));
      const peak = Math.max(...plain.losses.filter(Number.isFinite)) / plain.losses[0];
      expect(Math.abs(c.peakLossRatio - peak)).toBeLessThanOrEqual(1e-9 * peak);
    });
  }

  it("the rules on hand-made loss curves", () => {
    expect(classifyCatapult([1, 0.5, 0.1], 1, 1.5)).toMatchObject({ outcome: "lazy", detail: "no-rise", peakLossRatio: 1 });
    expect(classifyCatapult([1, 1.9, 0.1], 1, 1.5)).toMatchObject({ outcome: "lazy", peakLossRatio: 1.9 });
    expect(classifyCatapult([1, 5, 0.1], 1, 1.5)).toMatchObject({ outcome: "catapult", detail: "rose-and-converged", peakLossRatio: 5 });
    expect(classifyCatapult([1, 5, 0.1], 1, 2.5)).toMatchObject({ outcome: "diverged", detail: "unstable-end" });
    expect(classifyCatapult([1, 5, 3], 1, 1.5)).toMatchObject({ outcome: "diverged", detail: "not-returned" });
    expect(classifyCatapult([1, 1e9, 0.1], 1, 1.5)).toMatchObject({ outcome: "diverged", detail: "blew-up" });
    expect(classifyCatapult([1, NaN], 1, NaN)).toMatchObject({ outcome: "diverged", detail: "blew-up" });
    expect(classifyCatapult([1, 5, 0.1], 1, 1.5, 10)).toMatchObject({ outcome: "lazy" });
    expect(() => classifyCatapult([], 1, 1)).toThrow(InvalidArgumentError);
    expect(() => classifyCatapult([0, 1], 1, 1)).toThrow(/initial loss/);
  });
});

describe("the prediction of Lewkowycz et al. on a wide network (m = 1024)", () => {
  it("lazy at η·λ₀/2 = 0.5, catapult at 1.5 (λ falls below 2/η), diverged at 2.5; edges near 1 and 2", () => {
    const r = catapultSweep({ width: 1024, seed: 0, steps: 200, grid: [0.5, 0.8, 1.2, 1.5, 1.8, 2.5], refine: 4, lambdaEvery: 4 });
    const by = (f: number) => r.rows.find((w) => w.etaFrac === f)!;
    expect(by(0.5).outcome).toBe("lazy");
    // Lazy: λ stays near λ₀ and the loss never rises.
    expect(Math.abs(by(0.5).lambdaFinal / r.lambda0 - 1)).toBeLessThan(0.1);
    expect(by(0.5).peakLossRatio).toBe(1);
    expect(by(1.5).outcome).toBe("catapult");
    expect(by(1.5).peakLossRatio).toBeGreaterThan(10);
    expect(by(1.5).etaLambdaFinal).toBeLessThan(2);
    expect(by(1.5).stepBelow).toBeGreaterThan(0);
    expect(by(2.5).outcome).toBe("diverged");
    // Edges, in η·λ₀/2 units: predicted 1 and about 2.
    expect(r.edges.catapultFrom).toBeGreaterThan(0.8);
    expect(r.edges.catapultFrom).toBeLessThan(1.2);
    expect(r.edges.divergeFrom).toBeGreaterThan(1.8);
    expect(r.edges.divergeFrom).toBeLessThan(2.5);
    expect(r.edges.catapult!.eta).toBeCloseTo((2 * r.edges.catapultFrom!) / r.lambda0, 12);
    expect(r.predicted.fourOverLambda0).toBeCloseTo(4 / r.lambda0, 12);
    // One figure run per outcome; the SVG draws them.
    expect(r.runs.map((x) => x.outcome).sort()).toEqual(["catapult", "diverged", "lazy"]);
    const svg = catapultFigureSvg(r);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).not.toContain("NaN");
  }, 60_000);

  it("the default grid includes 0.5, 1.5 and 2.5; bad options are typed errors", () => {
    for (const f of [0.5, 1.5, 2.5]) expect(CATAPULT_GRID).toContain(f);
    expect(() => catapultSweep({} as never)).toThrow(InvalidArgumentError);
    expect(() => catapultSweep({ width: 8, grid: [] })).toThrow(/at least one/);
    expect(() => catapultSweep({ width: 8, grid: [1, -1] })).toThrow(/grid values/);
    expect(() => catapultRun(catapultProblem(0, 4, 2, 2).model, catapultProblem(0, 4, 2, 2).theta0, 0)).toThrow(/eta must be > 0/);
  });
});
