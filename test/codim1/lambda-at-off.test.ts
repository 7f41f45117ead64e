// The lambdaAt option (runTrajectory, analyseRun, runDeepScalarLanes, and the deepScalarRun kernel's flag): false must
// leave NaN in the λ(θ) column and change nothing else. The reference is always the default run (λ(θ) computed), which
// is an independent computation of every other column; the default's λ(θ) is itself checked against fullHessianTop
// (p Hessian-vector products, a second algorithm), so a run that silently skipped it would fail too.
import { describe, expect, it } from "vitest";
import {
  analyseRun, bifurcationPoints, deepLinear, deepLinearInit, deepScalar, engineGeometry, fullHessianTop, InvalidArgumentError,
  runTrajectory, startNearM, tanhChain, tanhChainStart, type Codim1Model, type Engine, type RunResult, type RunSeries,
} from "../../src/index.js";
import { runDeepScalarLanes } from "../../src/codim1/lanes-run.js";
import { COLUMN_RECORD } from "../../src/experiments/bifurcation.js";
import { BACKENDS, engines } from "../engines.js";
import { bits, expectSameRun } from "./same-run.js";

const eng = engines();
const OTHER = ["step", "loss", "thetaPerp", "distPar", "lambdaPar", "theta", "thetaPar"] as const;

/** Off against on: every column but λ(θ), the final point, summary and θ∥* bit for bit; λ(θ) all NaN when off. */
function expectOffMatchesOn(off: RunResult, on: RunResult, what: string): void {
  for (const c of OTHER) {
    if (on.series[c] === undefined) expect(off.series[c], `${what}: series.${c}`).toBeUndefined();
    else expect(bits(off.series[c]!), `${what}: series.${c}`).toEqual(bits(on.series[c]!));
  }
  expect(off.series.lambdaAt.length, what).toBe(on.series.step.length);
  expect(Array.from(off.series.lambdaAt).every(Number.isNaN), `${what}: λ(θ) all NaN`).toBe(true);
  expect(bits(off.final.theta), `${what}: final θ`).toEqual(bits(on.final.theta));
  expect(bits(off.final.thetaPar), `${what}: final θ∥`).toEqual(bits(on.final.thetaPar));
  expect(Number.isNaN(off.final.lambdaAt), `${what}: final λ(θ)`).toBe(true);
  expect({ ...off.final, theta: 0, thetaPar: 0, lambdaAt: 0 }, what).toEqual({ ...on.final, theta: 0, thetaPar: 0, lambdaAt: 0 });
  expect(off.summary, what).toEqual(on.summary);
  expect(bits(off.thetaStar), what).toEqual(bits(on.thetaStar));
  expect([off.model, off.eta, off.lambdaStar], what).toEqual([on.model, on.eta, on.lambdaStar]);
}

/** The default run's λ(θ) is the top Hessian eigenvalue at the recorded θ (checked at a few records). */
function expectLambdaAtComputed(model: Codim1Model, on: RunResult, what: string): void {
  const p = model.dim, n = on.series.step.length;
  for (const r of [0, n >> 1, n - 1]) {
    const th = on.series.theta!.subarray(r * p, (r + 1) * p);
    const ref = fullHessianTop(model, Float64Array.from(th));
    expect(Math.abs(on.series.lambdaAt[r] - ref), `${what}: λ(θ) at record ${r}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref)));
  }
}

function starts(p: number): { eta: number; theta0: number[] }[] {
  const base = Array.from({ length: p }, (_, i) => 1 + 0.2 * Math.cos(1 + 2 * i));
  // y = 1: λ* = p, η_c = 2/p. Below, at and above the edge, and 5·η_c (diverges within a few steps at every depth).
  return [0.9, 1.0, 1.05, 5].map((f, j) => ({ eta: (f * 2) / p, theta0: base.map((v, i) => v * (1 + 0.01 * j * Math.sin(i + j))) }));
}

describe("lambdaAt: false (deep scalar, every backend)", () => {
  for (const p of [2, 5, 8, 12]) {
    it(`depth ${p}: runTrajectory leaves NaN in λ(θ) and every other bit as the default run; the backends agree`, () => {
      const model = deepScalar({ depth: p, target: 1 });
      for (const [k, s] of starts(p).entries()) {
        const offs: RunResult[] = [];
        for (const b of BACKENDS) {
          for (const [steps, record, startStep] of [[3000, { logPoints: 200 }, 0], [500, { every: 7 }, 12345]] as const) {
            const o = { eta: s.eta, steps, theta0: s.theta0, record, startStep, recordTheta: true, engine: eng[b] };
            const on = runTrajectory(model, o);
            const off = runTrajectory(model, { ...o, lambdaAt: false });
            const what = `${b} depth ${p} start ${k} steps ${steps}`;
            expectOffMatchesOn(off, on, what);
            expect(runTrajectory(model, { ...o, lambdaAt: true }).series.lambdaAt, what).toEqual(on.series.lambdaAt);
            if (on.summary.firstNonFiniteStep === null) expectLambdaAtComputed(model, on, what);
            if (steps === 3000) offs.push(off);
          }
        }
        // The wasm kernels (SIMD, scalar) and their JS twin: the same bits with the flag off, NaN included.
        expectSameRun(offs[1], offs[0], `wasm vs simd, depth ${p} start ${k}`);
        expectSameRun(offs[2], offs[0], `js vs simd, depth ${p} start ${k}`);
        if (k === 3) expect(offs[0].summary.firstNonFiniteStep, "η = 5·η_c diverges").not.toBeNull();
      }
    }, 60_000);
  }

  it("the kernel's flag: column 5 is NaN with 0, the other five columns, θ, θ∥ and the summary as with 1", () => {
    const p = 5, y = 1, c = 1;
    for (const b of BACKENDS) {
      const e: Engine = eng[b];
      const run = (flag: number, eta: number) => e.scoped(() => {
        const rec = [0, 1, 2, 10, 100, 1000];
        const pTheta = e.copyIn([1.3, 1, 1, 0.9, 0.8]), pWork = e.allocF64(p * p + 6 * p + 10), pSteps = e.copyIn(rec);
        const pRec = e.allocF64(6 * (rec.length + 1)), pRecTh = e.allocF64(p * (rec.length + 1)), pRecPar = e.allocF64(p * (rec.length + 1));
        const pPar = e.allocF64(p), pSum = e.allocF64(8);
        const n = e.exports.deepScalarRun(p, y, eta, c, pTheta, pWork, 1000, 0, pSteps, rec.length, pRec, pRecTh, pRecPar, pPar, pSum, flag);
        return { n, rec: e.read(pRec, 6 * (rec.length + 1)), th: e.read(pRecTh, n * p), par: e.read(pPar, p), theta: e.read(pTheta, p), sum: e.read(pSum, 6) };
      });
      for (const eta of [0.4, 0.41, 2]) {
        const on = run(1, eta), off = run(0, eta), cap = 7;
        expect(off.n, `${b} η ${eta}`).toBe(on.n);
        expect(bits(off.rec.subarray(0, 5 * cap)), `${b} η ${eta}`).toEqual(bits(on.rec.subarray(0, 5 * cap)));
        expect(Array.from(off.rec.subarray(5 * cap, 5 * cap + off.n)).every(Number.isNaN), `${b} η ${eta}`).toBe(true);
        expect(Array.from(on.rec.subarray(5 * cap, 5 * cap + on.n)).every(Number.isFinite), `${b} η ${eta}`).toBe(true);
        expect(bits([...off.th, ...off.par, ...off.theta, ...off.sum]), `${b} η ${eta}`).toEqual(bits([...on.th, ...on.par, ...on.theta, ...on.sum]));
      }
    }
  });

  for (const p of [2, 5, 12]) {
    it(`depth ${p}: runDeepScalarLanes with lambdaAt false is runTrajectory's with lambdaAt false, bit for bit`, () => {
      const model = deepScalar({ depth: p, target: 1 });
      const ss = starts(p);
      for (const b of BACKENDS) {
        for (const minGap of [1, 64]) {
          const got = runDeepScalarLanes(model, ss, { steps: 4000, record: { logPoints: 200 }, recordTheta: true, lambdaAt: false, engine: eng[b] }, minGap);
          const gotOn = runDeepScalarLanes(model, ss, { steps: 4000, record: { logPoints: 200 }, recordTheta: true, engine: eng[b] }, minGap);
          ss.forEach((s, j) => {
            const o = { eta: s.eta, steps: 4000, theta0: s.theta0, record: { logPoints: 200 }, recordTheta: true, engine: eng[b] };
            const ref = runTrajectory(model, { ...o, lambdaAt: false });
            const what = `${b} depth ${p} start ${j} minGap ${minGap}`;
            if (ref.summary.firstNonFiniteStep !== null) { expect(got[j], what).toBeNull(); return; }
            expectSameRun(got[j]!, ref, what);
            expectOffMatchesOn(got[j]!, gotOn[j]!, `${what} (lanes on/off)`);
          });
        }
      }
    }, 60_000);
  }
});

describe("lambdaAt: false (models run in JS)", () => {
  const W = [3, 2, 1];
  const dl = deepLinear({ widths: W, input: [1, -0.5, 0.25], target: 1 });
  const tc = tanhChain({ depth: 3, input: 1, target: 0.5 });
  const cases: [string, Codim1Model, Float64Array][] = [
    ["deep linear", dl, Float64Array.from(deepLinearInit({ widths: W, seed: 7, scale: 0.3 }))],
    ["tanh chain", tc, Float64Array.from(tanhChainStart(tc))],
  ];
  for (const [name, model, theta0] of cases) {
    it(`${name}: the same run but NaN in λ(θ), on every backend`, () => {
      const g = engineGeometry(eng.simd);
      const lamStar = g.flattest(model, theta0).lambdaStar;
      for (const b of BACKENDS) {
        for (const f of [0.9, 1.05, 3]) {
          const o = { eta: (f * 2) / lamStar, steps: 1500, theta0, record: { logPoints: 40 }, recordTheta: true, engine: eng[b] };
          const on = runTrajectory(model, o);
          const off = runTrajectory(model, { ...o, lambdaAt: false });
          expectOffMatchesOn(off, on, `${name} ${b} η/η_c ${f}`);
          if (on.summary.firstNonFiniteStep === null) expectLambdaAtComputed(model, on, `${name} ${b} η/η_c ${f}`);
        }
      }
    }, 60_000);
  }
});

describe("analyseRun and its callers with lambdaAt false", () => {
  const sansLambdaAt = (s: RunSeries) => OTHER.filter((c) => s[c] !== undefined).map((c) => bits(s[c]!));
  const cases: [string, Codim1Model, number[], number[]][] = [
    ["deep scalar 5", deepScalar({ depth: 5 }), [1.3, 1, 1, 0.9, 0.8], [0.38, 0.4, 0.42, 1.2]],
    ["deep scalar 12", deepScalar({ depth: 12 }), Array.from(startNearM(Array.from({ length: 12 }, (_, i) => 0.3 * (-1 + (2 * i) / 11)), 1, 0.01)), [0.16, 1 / 6, 0.175]],
    ["tanh chain", tanhChain({ depth: 3, input: 1, target: 0.5 }), [], [0.9, 1.05]],
  ];
  for (const [name, model, start, etas] of cases) {
    it(`${name}: labels, prediction, checks and every other column are the default analysis's`, () => {
      const g = engineGeometry(eng.simd);
      const theta0 = start.length > 0 ? start : Array.from(tanhChainStart(model as ReturnType<typeof tanhChain>));
      const lamStar = g.flattest(model, Float64Array.from(theta0)).lambdaStar;
      for (const e of etas) {
        const eta = name === "tanh chain" ? (e * 2) / lamStar : e;
        const o = { eta, steps: 6000, theta0, record: COLUMN_RECORD, tailSteps: 64, gfsSharpness: false };
        const on = analyseRun(model, g, o);
        const off = analyseRun(model, g, { ...o, lambdaAt: false });
        const what = `${name} η ${eta}`;
        expect(off.observation, what).toEqual(on.observation);
        expect(off.prediction, what).toEqual(on.prediction);
        expect(off.checks, what).toEqual(on.checks);
        expect(off.summary, what).toEqual(on.summary);
        expect(sansLambdaAt(off.series), what).toEqual(sansLambdaAt(on.series));
        expect(sansLambdaAt(off.tail), what).toEqual(sansLambdaAt(on.tail));
        expect([...off.series.lambdaAt, ...off.tail.lambdaAt, off.final.lambdaAt].every(Number.isNaN), what).toBe(true);
        expect(on.tail.lambdaAt.some(Number.isFinite), what).toBe(true);
      }
    }, 60_000);
  }

  it("bifurcationPoints (lanes and alone) give the columns of the default analysis (λ(θ) computed)", () => {
    const model = deepScalar({ depth: 5 }), theta0 = [1.3, 1, 1, 0.9, 0.8], steps = 6000, tail = 64;
    const etas = [0.38, 0.4, 0.41, 0.42, 0.44];
    const g = engineGeometry(eng.simd);
    const refs = etas.map((eta) => {
      const a = analyseRun(model, g, { eta, steps, theta0, record: COLUMN_RECORD, tailSteps: tail });
      return { label: a.observation.label, labelReason: a.observation.labelReason, attractor: Array.from(a.tail.thetaPerp).filter(Number.isFinite).slice(-tail) };
    });
    for (const opts of [{ engine: eng.simd }, {}]) {
      const cols = bifurcationPoints(model, g, etas, steps, tail, theta0, opts);
      cols.forEach((c, j) => {
        expect(c.point.label).toBe(refs[j].label);
        expect(c.point.labelReason).toBe(refs[j].labelReason);
        expect(bits(c.point.attractor)).toEqual(bits(refs[j].attractor));
      });
    }
  }, 60_000);

  it("bad values of lambdaAt are an InvalidArgumentError", () => {
    const model = deepScalar({ depth: 3 });
    for (const bad of ["no", 0, 1, null, NaN, {}] as unknown[]) {
      expect(() => runTrajectory(model, { eta: 0.1, steps: 10, theta0: [1, 1, 1], lambdaAt: bad as boolean })).toThrow(InvalidArgumentError);
      expect(() => runTrajectory(deepScalar({ depth: 3 }) as Codim1Model, { eta: 0.1, steps: 10, theta0: [1, 1, 1], lambdaAt: bad as boolean })).toThrow(/lambdaAt/);
      expect(() => analyseRun(model, engineGeometry(), { eta: 0.1, steps: 10, theta0: [1, 1, 1], lambdaAt: bad as boolean })).toThrow(InvalidArgumentError);
      const tc = tanhChain({ depth: 3, input: 1, target: 0.5 });
      expect(() => runTrajectory(tc, { eta: 0.1, steps: 10, theta0: tanhChainStart(tc), lambdaAt: bad as boolean })).toThrow(InvalidArgumentError);
    }
  });
});
