// Plain-JS references for the observation tests, written independently of the
// library's engine: a deep scalar model f = Πθᵢ, its projection onto M by the
// KKT conditions plus bisection (docs/design.md §1), and a GD loop that records the
// §1 coordinates. Positive coordinates and y > 0 only (what the tests use).
import { expect } from "vitest";
import type { Codim1Model } from "../../src/models/codim1.js";
import type { PowerLawFits } from "../../src/observe/observe-run.js";
import type { RunPoint, RunResult, RunSeries } from "../../src/series/run-series.js";

export function productModel(p: number, y: number): Codim1Model {
  return {
    name: `test-product(p=${p},y=${y})`, dim: p, target: y,
    f: (t) => t.reduce((a, b) => a * b, 1),
    grad: (t, out) => { for (let i = 0; i < p; i++) { let s = 1; for (let j = 0; j < p; j++) if (j !== i) s *= t[j]; out[i] = s; } },
    hvp: (t, v, out) => {
      for (let i = 0; i < p; i++) {
        let s = 0;
        for (let j = 0; j < p; j++) {
          if (j === i) continue;
          let prod = 1;
          for (let k = 0; k < p; k++) if (k !== i && k !== j) prod *= t[k];
          s += prod * v[j];
        }
        out[i] = s;
      }
    },
  };
}

/** Nearest point of {Πx = y} to θ (θᵢ > 0, y > 0): xᵢ = (θᵢ + sqrt(θᵢ² + 4αy))/2 with α by bisection. */
export function projectProduct(theta: ArrayLike<number>, y: number) {
  const p = theta.length;
  const x = new Float64Array(p);
  const prodAt = (a: number) => { let s = 1; for (let i = 0; i < p; i++) { x[i] = (theta[i] + Math.sqrt(Math.max(0, theta[i] ** 2 + 4 * a * y))) / 2; s *= x[i]; } return s; };
  let lo = -Math.min(...Array.from(theta, (t) => t * t)) / (4 * y), hi = 1;
  while (prodAt(hi) < y) hi *= 2;
  for (let k = 0; k < 200; k++) { const mid = 0.5 * (lo + hi); if (mid === lo || mid === hi) break; if (prodAt(mid) < y) lo = mid; else hi = mid; }
  prodAt(hi);
  const g = new Float64Array(p);
  let lam = 0;
  for (let i = 0; i < p; i++) { let s = 1; for (let j = 0; j < p; j++) if (j !== i) s *= x[j]; g[i] = s; lam += s * s; }
  const gn = Math.sqrt(lam);
  let perp = 0;
  for (let i = 0; i < p; i++) perp += (theta[i] - x[i]) * g[i] / gn;
  return { point: x, thetaPerp: perp, lambdaPar: lam };
}

/** GD on ½(Πθ − y)², recording the steps in `record` (sorted; step 0 and the last are always recorded). */
export function runProduct(p: number, y: number, eta: number, steps: number, theta0: ArrayLike<number>, record: (t: number) => boolean, startStep = 0): RunResult {
  const th = Float64Array.from(theta0);
  const star = Math.pow(y, 1 / p);
  const cols: Record<keyof RunSeries, number[]> = { step: [], loss: [], thetaPerp: [], distPar: [], lambdaPar: [], lambdaAt: [] };
  const g = new Float64Array(p);
  const rec = (t: number) => {
    const f = th.reduce((a, b) => a * b, 1);
    const pr = projectProduct(th, y);
    let d = 0;
    for (let i = 0; i < p; i++) d += (pr.point[i] - star) ** 2;
    cols.step.push(t); cols.loss.push(0.5 * (f - y) ** 2); cols.thetaPerp.push(pr.thetaPerp);
    cols.distPar.push(Math.sqrt(d)); cols.lambdaPar.push(pr.lambdaPar); cols.lambdaAt.push(NaN);
    return pr;
  };
  rec(startStep);
  for (let t = startStep + 1; t <= startStep + steps; t++) {
    let f = 1;
    for (let i = 0; i < p; i++) f *= th[i];
    for (let i = 0; i < p; i++) { let s = 1; for (let j = 0; j < p; j++) if (j !== i) s *= th[j]; g[i] = s; }
    const r = f - y;
    for (let i = 0; i < p; i++) th[i] -= eta * r * g[i];
    if (t === startStep + steps || record(t)) rec(t);
  }
  const last = cols.step.length - 1;
  const pr = projectProduct(th, y);
  const series = Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(v)])) as unknown as RunSeries;
  return {
    model: `test-product(p=${p})`, eta, series,
    final: { step: cols.step[last], loss: cols.loss[last], thetaPerp: cols.thetaPerp[last], distPar: cols.distPar[last], lambdaPar: cols.lambdaPar[last], lambdaAt: NaN, theta: th.slice(), thetaPar: pr.point },
    summary: { stepsRun: steps, firstNonFiniteStep: null, minLoss: Math.min(...cols.loss), maxLoss: Math.max(...cols.loss) },
    thetaStar: new Float64Array(p).fill(star), lambdaStar: p * Math.pow(y, 2 - 2 / p),
  };
}

/** About `n` geometrically spaced steps in [1, N], as a membership test. */
export function logSteps(N: number, n: number): (t: number) => boolean {
  const set = new Set<number>();
  for (let k = 0; k <= n; k++) set.add(Math.round(Math.pow(N, k / n)));
  return (t) => set.has(t);
}

import type { Codim1Geometry } from "../../src/codim1/analyse-run.js";
import type { RecordPlan } from "../../src/series/run-series.js";

/** The reference geometry: closed-form θ∥*, λ*; KKT projection; the plain GD loop. */
export function productGeometry(p: number, y: number): Codim1Geometry {
  return {
    flattest: (_m, _s) => ({ thetaStar: new Float64Array(p).fill(Math.pow(y, 1 / p)), lambdaStar: p * Math.pow(y, 2 - 2 / p), source: "closed-form" }),
    project: (_m, th) => {
      const pr = projectProduct(th, y);
      const g = new Float64Array(p);
      productModel(p, y).grad(pr.point, g);
      const gn = Math.hypot(...g);
      return { point: pr.point, thetaPerp: pr.thetaPerp, lambdaPar: pr.lambdaPar, normal: g.map((x) => x / gn) };
    },
    run: (_m, o) => runProduct(p, y, o.eta, o.steps, o.theta0, planTest(o.record, (o.startStep ?? 0), o.steps), o.startStep ?? 0),
  };
}

function planTest(plan: RecordPlan, start: number, steps: number): (t: number) => boolean {
  if ("every" in plan) return (t) => (t - start) % plan.every === 0;
  if ("logPoints" in plan) { const f = logSteps(steps, plan.logPoints); return (t) => f(t - start); }
  const set = new Set(Array.from(plan.steps));
  return (t) => set.has(t);
}

/**
 * The critical-run checks shared by the observe and paper tests: exponents within ±0.05 of the predicted
 * −½ (|θ⊥|, distPar) and −1 (loss, λ(θ∥) − λ*), and |θ⊥|√t, distPar√t levelling off over the last decade
 * (a power t^{−½ ± 0.05} would change them by 10^{±0.05} ≈ 1.12 there: they must vary less).
 */
export function expectCriticalPowerLaws(pl: PowerLawFits): void {
  expect(Math.abs(pl.thetaPerp.exponent! + 0.5)).toBeLessThan(0.05);
  expect(Math.abs(pl.distPar.exponent! + 0.5)).toBeLessThan(0.05);
  expect(Math.abs(pl.loss.exponent! + 1)).toBeLessThan(0.05);
  expect(Math.abs(pl.lambdaGap.exponent! + 1)).toBeLessThan(0.05);
  expect(pl.levelOff.thetaPerp!).toBeLessThan(1.12);
  expect(pl.levelOff.distPar!).toBeLessThan(1.12);
}

/** A recorded codim-1 series from its loss and θ⊥ columns (every step recorded). */
export function craftedSeries(loss: number[], perp: number[]): { series: RunSeries; final: RunPoint } {
  const n = loss.length;
  const col = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  const series: RunSeries = {
    step: col((i) => i), loss: Float64Array.from(loss), thetaPerp: Float64Array.from(perp),
    distPar: col(() => 0.1), lambdaPar: col(() => 2), lambdaAt: col(() => 2),
  };
  const final: RunPoint = {
    step: n - 1, loss: loss[n - 1], thetaPerp: perp[n - 1], distPar: 0.1, lambdaPar: 2, lambdaAt: 2,
    theta: Float64Array.of(1, 1), thetaPar: Float64Array.of(1, 1),
  };
  return { series, final };
}
