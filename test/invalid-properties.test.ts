// Property-based tests, the invalid half: random invalid configurations into the public API always raise the right
// typed error (never return, never another error class, never a NaN result). fast-check draws the bad input;
// each property names the class it expects. numRuns is modest so the file runs in a few seconds.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  analyseRun, checkDataset, DataFormatError, dataSharpness, datasetFromNpy, datasetFromRows, deepScalar, engineGeometry,
  flattestMinimum, flattestMinimumData, gdLinear, InvalidArgumentError, ModelCallbackError, parseCsvDataset, parseJsonDataset,
  parseNpy, projectToManifold, runData, runTrajectory, type Codim1Model, type Dataset, type Engine,
  classifyRegime, gdJacobian, gdStep, periodTwoOrbit, predictRegime, spectralRadius, subcriticalRate,
} from "../src/index.js";
import * as api from "../src/index.js";
import { EoslabError } from "../src/index.js";
import { initSync } from "../src/init.js";
import { npyBytes } from "./cli/bad-input-fixtures.js";

let engine: Engine;
beforeAll(() => {
  engine = initSync();
});

// A fixed seed keeps the suite reproducible (as test/properties.test.ts); FC_SEED=<n> explores others.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261129) });
const RUNS = { numRuns: 60 };

/** Runs fn; passes only if it throws an instance of cls (and of no narrower "wrong" class), failing with what happened otherwise. */
function throwsTyped(fn: () => unknown, cls: abstract new (...a: never[]) => Error): boolean {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    if (e instanceof cls) {
      // One line naming the problem: no newline in the message.
      if (e.message.includes("\n") || e.message.length === 0) throw new Error(`message is not one line: ${JSON.stringify(e.message)}`);
      return true;
    }
    throw new Error(`expected ${cls.name}, got ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`);
  }
  throw new Error(`expected ${cls.name}, but it returned ${JSON.stringify(result, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v))?.slice(0, 200)}`);
}

// ---- Arbitraries for bad scalars.
const badEta = fc.oneof(
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity),
  fc.double({ max: 0, noNaN: true }),
  fc.double({ min: -1e300, max: -Number.MIN_VALUE, noNaN: true }),
);
const badSteps = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, 2 ** 31, 2 ** 53, 1e300),
  fc.integer({ max: -1 }),
  fc.double({ min: 0.001, max: 1e6, noNaN: true }).filter((x) => !Number.isInteger(x)),
);
const nonFinite = fc.constantFrom(NaN, Infinity, -Infinity);
const goodEntry = fc.double({ min: 0.5, max: 1.5, noNaN: true });

/** A valid deep-scalar start of length p, then one entry replaced by a non-finite value. */
const startWithHole = (p: number) =>
  fc.tuple(fc.array(goodEntry, { minLength: p, maxLength: p }), fc.nat(p - 1), nonFinite).map(([a, i, v]) => {
    a[i] = v;
    return a;
  });

describe("codimension-1 API: bad configurations raise InvalidArgumentError", () => {
  it("runTrajectory (built-in deep scalar): bad η", () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 6 }), badEta, (p, eta) =>
      throwsTyped(() => runTrajectory(deepScalar({ depth: p }), { eta, steps: 10, theta0: new Array(p).fill(1), engine }), InvalidArgumentError)), RUNS);
  });

  it("runTrajectory: bad steps", () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 6 }), badSteps, (p, steps) =>
      throwsTyped(() => runTrajectory(deepScalar({ depth: p }), { eta: 0.1, steps, theta0: new Array(p).fill(1), engine }), InvalidArgumentError)), RUNS);
  });

  it("runTrajectory: a start of the wrong length", () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 9 }), (p, len) => {
      fc.pre(len !== p);
      return throwsTyped(() => runTrajectory(deepScalar({ depth: p }), { eta: 0.1, steps: 10, theta0: new Array(len).fill(1), engine }), InvalidArgumentError);
    }), RUNS);
  });

  it("runTrajectory: NaN/±Inf anywhere in the start", () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 6 }).chain((p) => fc.tuple(fc.constant(p), startWithHole(p))), ([p, theta0]) =>
      throwsTyped(() => runTrajectory(deepScalar({ depth: p }), { eta: 0.1, steps: 10, theta0, engine }), InvalidArgumentError)), RUNS);
  });

  it("runTrajectory: bad record plans", () => {
    const badPlan = fc.oneof(
      fc.integer({ max: 0 }).map((every) => ({ every })),
      fc.double({ min: 1.01, max: 100, noNaN: true }).filter((x) => !Number.isInteger(x)).map((every) => ({ every })),
      fc.integer({ max: 1 }).map((logPoints) => ({ logPoints })),
      fc.constant({ steps: [0, 1.5] }),
      fc.constant({ nonsense: 3 } as never),
    );
    fc.assert(fc.property(badPlan, (record) =>
      throwsTyped(() => runTrajectory(deepScalar({ depth: 3 }), { eta: 0.1, steps: 10, theta0: [1, 1, 1], record, engine }), InvalidArgumentError)), RUNS);
  });

  it("runTrajectory: a start so large that the loss overflows (any depth, any sign pattern)", () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 6 }), fc.double({ min: 160, max: 300, noNaN: true }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (p, e, signs) => {
      const theta0 = Array.from({ length: p }, (_, i) => (signs[i] ? -1 : 1) * 10 ** (e / 2));
      fc.pre(!Number.isFinite(0.5 * (theta0.reduce((a, b) => a * b, 1) - 1) ** 2));
      return throwsTyped(() => runTrajectory(deepScalar({ depth: p }), { eta: 0.1, steps: 10, theta0, engine }), InvalidArgumentError);
    }), RUNS);
  });

  it("deepScalar: depth not an integer ≥ 2, or y = 0 / non-finite (not a regular value)", () => {
    const badDepth = fc.oneof(fc.integer({ max: 1 }), fc.constantFrom(NaN, Infinity, 2.5, 5000, 1e300));
    fc.assert(fc.property(badDepth, (depth) => throwsTyped(() => deepScalar({ depth }), InvalidArgumentError)), RUNS);
    fc.assert(fc.property(fc.integer({ min: 2, max: 6 }), fc.constantFrom(0, -0, NaN, Infinity, -Infinity), (depth, target) =>
      throwsTyped(() => deepScalar({ depth, target }), InvalidArgumentError)), RUNS);
  });

  it("projectToManifold: wrong length, non-finite entries, or points too far from M to represent", () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 9 }), (p, len) => {
      fc.pre(len !== p);
      return throwsTyped(() => projectToManifold(deepScalar({ depth: p }), new Array(len).fill(1), { engine }), InvalidArgumentError);
    }), RUNS);
    fc.assert(fc.property(fc.integer({ min: 2, max: 6 }).chain((p) => fc.tuple(fc.constant(p), startWithHole(p))), ([p, theta]) =>
      throwsTyped(() => projectToManifold(deepScalar({ depth: p }), theta, { engine }), InvalidArgumentError)), RUNS);
    // Huge entries: either a finite projection or InvalidArgumentError, never NaN/∞ in the result (and no hang).
    fc.assert(fc.property(fc.integer({ min: 2, max: 6 }), fc.array(fc.double({ min: -300, max: 300, noNaN: true }), { minLength: 6, maxLength: 6 }), (p, exps) => {
      const theta = exps.slice(0, p).map((e, i) => (i % 2 ? -1 : 1) * 10 ** (Math.abs(e) > 40 ? e / 2 : e / 8));
      try {
        const r = projectToManifold(deepScalar({ depth: p }), theta, { engine });
        expect([...r.point, ...r.normal, r.thetaPerp, r.lambdaPar].every(Number.isFinite)).toBe(true);
      } catch (e) {
        if (!(e instanceof InvalidArgumentError)) throw e;
      }
    }), { numRuns: 100 });
  });

  it("analyseRun: bad η, steps, start", () => {
    const model = deepScalar({ depth: 3 });
    const geo = engineGeometry(engine);
    fc.assert(fc.property(badEta, (eta) => throwsTyped(() => analyseRun(model, geo, { eta, steps: 100, theta0: [1, 1, 1] }), InvalidArgumentError)), RUNS);
    // (analyseRun splits a run into a main part and a tail, so 2^31 steps are valid there: not drawn.)
    fc.assert(fc.property(fc.oneof(badSteps.filter((x) => x !== 2 ** 31), fc.constantFrom(0, 1)), (steps) => throwsTyped(() => analyseRun(model, geo, { eta: 0.1, steps, theta0: [1, 1, 1] }), InvalidArgumentError)), RUNS);
    fc.assert(fc.property(startWithHole(3), (theta0) => throwsTyped(() => analyseRun(model, geo, { eta: 0.1, steps: 100, theta0 }), InvalidArgumentError)), RUNS);
  });
});

describe("theory helpers: bad η, λ, lengths", () => {
  const model = deepScalar({ depth: 3 });
  it("classifyRegime, subcriticalRate, predictRegime, periodTwoOrbit: bad η or λ", () => {
    const badLambda = fc.oneof(nonFinite, fc.double({ max: 0, noNaN: true }));
    fc.assert(fc.property(badEta, (eta) => throwsTyped(() => classifyRegime({ eta, lambdaStar: 3, lambdaStarSource: "closed-form", lambdaParStart: 3 }), InvalidArgumentError)), RUNS);
    fc.assert(fc.property(badLambda, (lambdaStar) => throwsTyped(() => classifyRegime({ eta: 0.1, lambdaStar, lambdaStarSource: "closed-form", lambdaParStart: 3 }), InvalidArgumentError)), RUNS);
    fc.assert(fc.property(nonFinite, (l) => throwsTyped(() => classifyRegime({ eta: 0.1, lambdaStar: 3, lambdaStarSource: "closed-form", lambdaParStart: l }), InvalidArgumentError)), RUNS);
    fc.assert(fc.property(badEta, (eta) => throwsTyped(() => subcriticalRate(eta, 3), InvalidArgumentError)), RUNS);
    fc.assert(fc.property(nonFinite, (l) => throwsTyped(() => subcriticalRate(0.1, l), InvalidArgumentError)), RUNS);
    fc.assert(fc.property(badEta, (eta) => throwsTyped(() => predictRegime(model, eta, [1, 1, 1], { engine }), InvalidArgumentError)), RUNS);
    fc.assert(fc.property(startWithHole(3), (t) => throwsTyped(() => predictRegime(model, 0.1, t, { engine }), InvalidArgumentError)), RUNS);
    fc.assert(fc.property(badEta, (eta) => throwsTyped(() => periodTwoOrbit(model, eta, { point: [1, 1, 1], direction: [1, 1, 1] }), InvalidArgumentError)), RUNS);
  });
  it("gdStep, gdJacobian: θ of the wrong length or non-finite η; spectralRadius of a non-square array", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 8 }).filter((n) => n !== 3), (len) =>
      throwsTyped(() => gdStep(model, 0.1, new Float64Array(len)), InvalidArgumentError) && throwsTyped(() => gdJacobian(model, 0.1, new Float64Array(len)), InvalidArgumentError)), RUNS);
    fc.assert(fc.property(nonFinite, (eta) => throwsTyped(() => gdStep(model, eta, Float64Array.of(1, 1, 1)), InvalidArgumentError)), RUNS);
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), (n, k) =>
      throwsTyped(() => spectralRadius(new Float64Array(n * n + k), n), InvalidArgumentError)), RUNS);
  });
});

// ---- User models: callbacks that throw, return the wrong length or non-finite values.
type Fault = "throws" | "wrong-length" | "non-finite" | "not-a-number" | "writes-nothing";
const FAULTS: Fault[] = ["throws", "wrong-length", "non-finite", "not-a-number", "writes-nothing"];
const CALLBACKS = ["f", "grad", "hvp"] as const;

/** f = θ₁θ₂ (p = 2) with one callback broken in one way. */
function brokenModel(which: (typeof CALLBACKS)[number], fault: Fault, bad: number): Codim1Model {
  const good: Codim1Model = {
    name: "product2", dim: 2, target: 1,
    f: (t) => t[0] * t[1],
    grad: (t, out) => {
      out[0] = t[1];
      out[1] = t[0];
    },
    hvp: (_t, v, out) => {
      out[0] = v[1];
      out[1] = v[0];
    },
  };
  const m = { ...good } as Record<string, unknown>;
  if (which === "f") {
    m.f = fault === "throws" ? () => { throw new Error("boom in f"); }
      : fault === "wrong-length" ? () => [1, 2]
      : fault === "not-a-number" ? () => "1"
      : fault === "writes-nothing" ? () => undefined
      : () => bad;
  } else {
    const k = which;
    m[k] = fault === "throws" ? () => { throw new Error(`boom in ${k}`); }
      : fault === "wrong-length" ? () => new Float64Array(3)
      : fault === "not-a-number" ? () => 7
      : fault === "writes-nothing" ? () => undefined
      : (...args: unknown[]) => {
        const out = args[args.length - 1] as Float64Array;
        out[0] = 1;
        out[1] = bad;
      };
  }
  return m as unknown as Codim1Model;
}

describe("user-model callbacks: ModelCallbackError naming the callback", () => {
  const faultArb = fc.record({ which: fc.constantFrom(...CALLBACKS), fault: fc.constantFrom(...FAULTS), bad: nonFinite });
  const entry = ["runTrajectory", "projectToManifold", "flattestMinimum", "analyseRun"] as const;
  for (const api of entry) {
    it(`${api}: every broken callback is named`, () => {
      fc.assert(fc.property(faultArb, fc.array(fc.double({ min: 0.6, max: 1.6, noNaN: true }), { minLength: 2, maxLength: 2 }), ({ which, fault, bad }, theta0) => {
        // A callback that "writes nothing" is detectable for grad/hvp (out stays unset); for f it returns undefined.
        const model = brokenModel(which, fault, bad);
        const call = {
          runTrajectory: () => runTrajectory(model, { eta: 0.1, steps: 5, theta0 }),
          projectToManifold: () => projectToManifold(model, theta0),
          flattestMinimum: () => flattestMinimum(model, theta0, { maxIter: 5 }),
          analyseRun: () => analyseRun(model, engineGeometry(engine), { eta: 0.1, steps: 10, theta0 }),
        }[api];
        let err: unknown;
        try {
          call();
        } catch (e) {
          err = e;
        }
        expect(err, `${which}/${fault}`).toBeInstanceOf(ModelCallbackError);
        expect((err as ModelCallbackError).callback).toBe(which);
        expect((err as Error).message).toContain(which);
        expect((err as Error).message).not.toContain("\n");
      }), { numRuns: 40 });
    });
  }

  it("a callback that fails mid-run (after k calls) still raises ModelCallbackError, not a partial result", () => {
    fc.assert(fc.property(fc.constantFrom(...CALLBACKS), fc.integer({ min: 2, max: 40 }), fc.constantFrom<Fault>("throws", "wrong-length", "not-a-number"), (which, k, fault) => {
      const bad = (brokenModel(which, fault, NaN) as unknown as Record<string, (...a: unknown[]) => unknown>)[which];
      const healthy = brokenModel(which, "throws", NaN); // replaced below: only `which` is wired to fail
      const good = { f: (t: Float64Array) => t[0] * t[1], grad: (t: Float64Array, o: Float64Array) => { o[0] = t[1]; o[1] = t[0]; }, hvp: (_t: Float64Array, v: Float64Array, o: Float64Array) => { o[0] = v[1]; o[1] = v[0]; } };
      let calls = 0;
      const failLater = (...a: unknown[]): unknown => (++calls > k ? bad(...a) : (good[which] as (...x: unknown[]) => unknown)(...a));
      const model = { ...healthy, ...good, [which]: failLater } as unknown as Codim1Model;
      let err: unknown;
      try {
        runTrajectory(model, { eta: 0.05, steps: 200, theta0: [1.2, 0.9], flattest: { thetaStar: [1, 1], lambdaStar: 2 } });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ModelCallbackError);
      expect((err as ModelCallbackError).callback).toBe(which);
    }), { numRuns: 30 });
  });

  it("a model object with a bad dim or target, or a missing callback", () => {
    const base = { name: "m", dim: 2, target: 1, f: () => 1, grad: () => undefined, hvp: () => undefined };
    const bads = [{ dim: 0 }, { dim: 1.5 }, { dim: NaN }, { dim: -2 }, { dim: "2" }, { target: NaN }, { target: Infinity }, { target: "1" }, { f: undefined }, { grad: 3 }, { hvp: null }];
    fc.assert(fc.property(fc.constantFrom(...bads), (patch) =>
      throwsTyped(() => runTrajectory({ ...base, ...patch } as unknown as Codim1Model, { eta: 0.1, steps: 5, theta0: [1, 1] }), ModelCallbackError)), RUNS);
  });
});

// ---- Data: shapes, NaN/Inf, and the data-model entry points.
const dataArb = fc.record({ n: fc.integer({ min: 1, max: 6 }), d: fc.integer({ min: 1, max: 4 }) }).chain(({ n, d }) =>
  fc.record({
    n: fc.constant(n), d: fc.constant(d),
    X: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n * d, maxLength: n * d }),
    y: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n }),
  }));
const ds = (o: { n: number; d: number; X: number[]; y: number[] }): Dataset => ({ n: o.n, d: o.d, X: Float64Array.from(o.X), y: Float64Array.from(o.y) });

describe("data: bad shapes and values", () => {
  it("gdLinear: mismatched X/y shapes, NaN entries, bad η/steps/recordEvery/θ₀", () => {
    const bad = fc.oneof(
      fc.record({ kind: fc.constant("X-len"), k: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant("y-len"), k: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant("X-nan"), v: nonFinite, k: fc.nat() }),
      fc.record({ kind: fc.constant("y-nan"), v: nonFinite, k: fc.nat() }),
      fc.record({ kind: fc.constant("eta"), v: badEta }),
      fc.record({ kind: fc.constant("steps"), v: badSteps }),
      fc.record({ kind: fc.constant("every"), v: fc.oneof(fc.integer({ max: 0 }), fc.constantFrom(1.5, NaN)) }),
      fc.record({ kind: fc.constant("theta0"), k: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant("n"), v: fc.constantFrom(0, -1, 1.5, NaN) }),
    );
    fc.assert(fc.property(dataArb, bad, (o, b) => {
      const X = Float64Array.from(o.X), y = Float64Array.from(o.y);
      let n = o.n, eta = 0.01, steps = 10, recordEvery = 1, theta0: Float64Array | undefined;
      let XX = X, yy = y;
      if (b.kind === "X-len") XX = Float64Array.from([...o.X, ...new Array(b.k).fill(1)]);
      if (b.kind === "y-len") yy = Float64Array.from([...o.y, ...new Array(b.k).fill(1)]);
      if (b.kind === "X-nan") XX[b.k % X.length] = b.v;
      if (b.kind === "y-nan") yy[b.k % y.length] = b.v;
      if (b.kind === "eta") eta = b.v;
      if (b.kind === "steps") steps = b.v;
      if (b.kind === "every") recordEvery = b.v;
      if (b.kind === "theta0") theta0 = new Float64Array(o.d + b.k);
      if (b.kind === "n") n = b.v;
      return throwsTyped(() => gdLinear(XX, yy, n, o.d, { eta, steps, recordEvery, theta0, engine }), InvalidArgumentError);
    }), RUNS);
  });

  it("checkDataset / datasetFromRows: NaN/Inf or mismatched sizes are DataFormatError", () => {
    fc.assert(fc.property(dataArb, fc.nat(), nonFinite, fc.boolean(), (o, k, v, inY) => {
      const d = ds(o);
      if (inY) d.y[k % o.n] = v;
      else d.X[k % (o.n * o.d)] = v;
      return throwsTyped(() => checkDataset(d), DataFormatError);
    }), RUNS);
    fc.assert(fc.property(dataArb, fc.integer({ min: 1, max: 3 }), (o, extra) =>
      throwsTyped(() => checkDataset({ ...ds(o), y: new Float64Array(o.n + extra) }), DataFormatError)), RUNS);
    // Ragged rows: one row one entry longer or shorter.
    fc.assert(fc.property(dataArb, fc.nat(), fc.boolean(), (o, k, longer) => {
      fc.pre(o.n >= 2);
      const rows = Array.from({ length: o.n }, (_, i) => o.X.slice(i * o.d, (i + 1) * o.d));
      const i = 1 + (k % (o.n - 1));
      rows[i] = longer ? [...rows[i], 1] : rows[i].slice(0, -1);
      fc.pre(rows[i].length !== o.d);
      return throwsTyped(() => datasetFromRows(rows, o.y), DataFormatError);
    }), RUNS);
  });

  it("runData / dataSharpness / flattestMinimumData: spec/data mismatch, wrong-length or NaN θ₀, bad η/steps", () => {
    type K = "linear" | "diagonal";
    const bad = fc.oneof(
      fc.record({ kind: fc.constant("spec-d"), k: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant("theta-len"), k: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant("theta-nan"), v: nonFinite, k: fc.nat() }),
      fc.record({ kind: fc.constant("eta"), v: badEta }),
      fc.record({ kind: fc.constant("steps"), v: badSteps }),
    );
    fc.assert(fc.property(dataArb, fc.constantFrom<K>("linear", "diagonal"), bad, fc.constantFrom("runData", "dataSharpness", "flattestMinimumData"), (o, kind, b, api) => {
      fc.pre(api === "runData" || (b.kind !== "eta" && b.kind !== "steps"));
      const data = ds(o);
      const spec = { kind, n: o.n, d: o.d + (b.kind === "spec-d" ? b.k : 0) };
      const p = kind === "linear" ? o.d : 2 * o.d;
      const theta0 = new Array(p + (b.kind === "theta-len" ? b.k : 0)).fill(0.3);
      if (b.kind === "theta-nan") theta0[b.k % p] = b.v;
      const eta = b.kind === "eta" ? b.v : 0.01, steps = b.kind === "steps" ? b.v : 5;
      const call = {
        runData: () => runData(spec, data, { eta, steps, theta0, engine }),
        dataSharpness: () => dataSharpness(spec, data, theta0, { engine }),
        flattestMinimumData: () => flattestMinimumData(spec, data, theta0, { engine, maxIter: 3 }),
      }[api];
      return throwsTyped(call, InvalidArgumentError);
    }), RUNS);
  });
});

describe("data entry points: unknown models and missing data", () => {
  const data = { X: Float64Array.from([1, 0, 0, 1, 1, 1]), y: Float64Array.from([1, 2, 0.5]), n: 3, d: 2 };
  it("an unknown model kind is InvalidArgumentError in every entry point", () => {
    fc.assert(fc.property(fc.constantFrom("quadratic", "", "Linear", "two_layer", "__proto__"), fc.constantFrom("runData", "dataSharpness", "flattestMinimumData"), (kind, api) => {
      const spec = { kind, n: 3, d: 2 } as never;
      const call = {
        runData: () => runData(spec, data, { eta: 0.1, steps: 5, theta0: [0, 0], engine }),
        dataSharpness: () => dataSharpness(spec, data, [0, 0], { engine }),
        flattestMinimumData: () => flattestMinimumData(spec, data, [0, 0], { engine }),
      }[api];
      return throwsTyped(call, InvalidArgumentError);
    }), { numRuns: 15 });
  });
  it("missing or non-array data is DataFormatError", () => {
    fc.assert(fc.property(fc.constantFrom<unknown>(null, undefined, 3, { X: null, y: [1], n: 1, d: 1 }, { X: [1], y: "1", n: 1, d: 1 }), fc.constantFrom("runData", "dataSharpness", "flattestMinimumData", "checkDataset"), (bad, api) => {
      const d = bad as Dataset;
      const spec = { kind: "linear" as const, n: 1, d: 1 };
      const call = {
        runData: () => runData(spec, d, { eta: 0.1, steps: 5, theta0: [0], engine }),
        dataSharpness: () => dataSharpness(spec, d, [0], { engine }),
        flattestMinimumData: () => flattestMinimumData(spec, d, [0], { engine }),
        checkDataset: () => checkDataset(d),
      }[api];
      return throwsTyped(call, DataFormatError);
    }), { numRuns: 20 });
  });
});

// ---- Parsers: malformed bytes are DataFormatError, never another error (and never a dataset with NaN).
describe("parsers: malformed input is DataFormatError", () => {
  const good = npyBytes({ shape: [3, 2], data: [1, 0, 0, 1, 1, 1] });
  const goodY = npyBytes({ shape: [3], data: [1, 2, 0.5] });

  it("any truncation of a valid .npy", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: good.length }), (cut) =>
      throwsTyped(() => datasetFromNpy(good.subarray(0, good.length - cut), goodY), DataFormatError)), { numRuns: 100 });
  });

  it("random byte corruption of a .npy header: parses to finite data or raises DataFormatError", () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(good.length - 49), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (edits) => {
      const b = Uint8Array.from(good);
      for (const [i, v] of edits) b[i] = v;
      try {
        const a = parseNpy(b);
        expect(a.data.length).toBe(a.shape.reduce((x, y) => x * y, 1));
      } catch (e) {
        if (!(e instanceof DataFormatError)) throw e;
      }
    }), { numRuns: 150 });
  });

  it("CSV with one cell replaced by junk, or a row cut short", () => {
    const junk = fc.constantFrom("abc", "", "nan", "inf", "-Infinity", "1e400", "0x10", "1,5", "--1", "1e", ".", "1..2", "NaN");
    fc.assert(fc.property(dataArb, fc.nat(), junk, (o, k, j) => {
      fc.pre(o.n >= 1);
      const rows = Array.from({ length: o.n }, (_, i) => [...o.X.slice(i * o.d, (i + 1) * o.d), o.y[i]].map(String));
      const i = k % o.n, c = Math.floor(k / o.n) % (o.d + 1);
      rows[i][c] = j;
      // A junk first row would be read as a header; keep the junk below a real header.
      const text = ["h".repeat(o.d + 1).split("").join(","), ...rows.map((r) => r.join(","))].join("\n");
      return throwsTyped(() => parseCsvDataset(text), DataFormatError);
    }), RUNS);
  });

  it("JSON data with one entry replaced by a non-number, or a number that overflows to ±Infinity", () => {
    // Raw JSON tokens, spliced into the text in place of one entry.
    const junk = fc.constantFrom('"1"', "null", "true", "[1]", '{"v": 1}', '"NaN"', "1e999", "-1e999", "NaN", "Infinity");
    fc.assert(fc.property(dataArb, fc.nat(), junk, fc.boolean(), (o, k, j, inY) => {
      const X = Array.from({ length: o.n }, (_, i): unknown[] => o.X.slice(i * o.d, (i + 1) * o.d));
      const y: unknown[] = [...o.y];
      if (inY) y[k % o.n] = "@JUNK@";
      else X[k % o.n][Math.floor(k / o.n) % o.d] = "@JUNK@";
      return throwsTyped(() => parseJsonDataset(JSON.stringify({ X, y }).replace('"@JUNK@"', j)), DataFormatError);
    }), RUNS);
  });
});

// ---- Generated from the export list: every exported function, called with nothing or with junk in each position.
// A new export is covered automatically; exceptions are listed below, each with its reason.

/** Exports that take no arguments, or accept any value by design: junk is never an error. */
const ACCEPTS_ANYTHING: Record<string, string> = {
  detectBackend: "takes no arguments: reports which backend this platform can run",
  defaultEngine: "takes no arguments: returns the engine initSync()/init() made",
  isBuiltInDeepScalar: "a type guard: answers false for anything that is not a built-in deep scalar model",
  isBuiltInDeepLinear: "a type guard: answers false for anything that is not a built-in deep linear model",
  isRegime: "a type guard: answers false for anything that is not a Regime string",
  EoslabError: "an Error class: like Error, any value is a message",
  InvalidArgumentError: "an Error class: like Error, any value is a message",
  WasmMemoryError: "an Error class: like Error, any value is a message",
  BackendLoadError: "an Error class: like Error, any value is a message",
  NotInitialisedError: "an Error class: like Error, any value is a message",
  DataFormatError: "an Error class: like Error, any value is a message",
  FileWriteError: "an Error class: like Error, any value is a message",
  ThreadsError: "an Error class: like Error, any value is a message",
  ModelCallbackError: "an Error class: like Error, any value is a message (and a callback name)",
  FileReadError: "an Error class: like Error, any value is a message (and a path)",
  toPlain: "a serialiser: any JSON-able value, typed arrays and non-finite numbers included, has a plain form (a cycle is an InvalidArgumentError, tested in test/series/to-plain.test.ts)",
  stringifySafe: "a serialiser: like JSON.stringify, any value has a string form (non-finite numbers become null)",
};
/** Exports whose every argument is optional: no arguments (or only undefined) is a valid call; other junk is an error. */
const ALL_OPTIONAL: Record<string, string> = {
  init: "init(options?): loads the default engine",
  initSync: "initSync(options?): loads the default engine",
  RandomState: "new RandomState(seed?): numpy's default seeding without a seed",
  engineGeometry: "engineGeometry(engine?): the default engine without one",
  paperStarts: "paperStarts(y = 1): the paper's starts for target y",
  experimentLinearRegression: "experimentLinearRegression(options?): the seed's own experiment by default",
  seedLinearRegressionData: "seedLinearRegressionData(options?): the seed's own data by default",
  sharpeningData: "sharpeningData(options?): the documented 200-point sharpening data set by default",
};
/** Exports whose one options object has only optional fields: {} is a valid call (other junk is an error). */
const EMPTY_OPTIONS_OK: Record<string, string> = {
  bifurcationGrid: "bifurcationGrid(opts): every grid field has a default (the paper's η range, 151 points)",
};
/** Exports that run real work when called with no arguments (their defaults): called once, not under fast-check. */
const HEAVY_DEFAULTS = new Set(["experimentLinearRegression"]);

const isClass = (f: Function) => /^class[\s{]/.test(Function.prototype.toString.call(f));
/**
 * Values no positional parameter of the API accepts: missing, null, a string that is no name or number, NaN and ±∞,
 * a boolean, and an empty object. (Empty arrays, empty strings and callbacks are valid for some parameters.)
 */
const junk = fc.constantFrom<unknown>(undefined, null, "abc", NaN, Infinity, -Infinity, true, {});

/** How many parameters f declares, defaults included (f.length stops at the first default): read from its source. */
function declaredParams(f: Function): number {
  const src = Function.prototype.toString.call(f);
  let i = isClass(f) ? src.indexOf("constructor(") : src.indexOf("(");
  if (i < 0) return 0; // a class with no constructor
  i = src.indexOf("(", i);
  let depth = 0, commas = 0, any = false, quote = "";
  for (; i < src.length; i++) {
    const c = src[i];
    if (quote) { if (c === "\\") i++; else if (c === quote) quote = ""; continue; }
    if (c === '"' || c === "'" || c === "`") { quote = c; any = true; continue; }
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") { depth--; if (depth === 0) break; }
    else if (c === "," && depth === 1) commas++;
    else if (depth >= 1 && !/\s/.test(c)) any = true;
  }
  return any ? commas + 1 : 0;
}

/** Calls (or constructs) f with args; returns "typed", "returned" or throws with a description of anything else. */
async function outcome(name: string, f: Function, args: unknown[]): Promise<"typed" | "returned"> {
  const show = () => `${name}(${args.map((a) => (typeof a === "symbol" || typeof a === "bigint" ? String(a) : typeof a === "function" ? "fn" : JSON.stringify(a) ?? String(a))).join(", ")})`;
  let r: unknown;
  try {
    r = isClass(f) ? Reflect.construct(f, args) : f(...args);
    if (r instanceof Promise) r = await r;
  } catch (e) {
    if (e instanceof EoslabError) {
      if (e.message.includes("\n") || e.message.length === 0) throw new Error(`${show()}: message is not one line: ${JSON.stringify(e.message)}`);
      return "typed";
    }
    throw new Error(`${show()}: threw ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}, not an EoslabError`);
  }
  // A result must be a real one: never a bare NaN or a string made of junk.
  if (typeof r === "number" && Number.isNaN(r)) throw new Error(`${show()}: returned NaN`);
  return "returned";
}

describe("every export checks its arguments (generated from src/index.ts)", () => {
  const fns = Object.entries(api).filter(([, v]) => typeof v === "function") as [string, Function][];
  let covered = 0;

  it("the exception lists name only real exports", () => {
    for (const k of [...Object.keys(ACCEPTS_ANYTHING), ...Object.keys(ALL_OPTIONAL), ...Object.keys(EMPTY_OPTIONS_OK)]) expect(typeof (api as Record<string, unknown>)[k], k).toBe("function");
  });

  for (const [name, f] of fns) {
    it(`${name}: junk arguments are a typed error`, async () => {
      covered++;
      const arity = declaredParams(f);
      expect(arity).toBeGreaterThanOrEqual(f.length);
      if (name in ACCEPTS_ANYTHING) {
        expect(await outcome(name, f, [])).toBe("returned");
        return;
      }
      // (a) no arguments.
      const none = await outcome(name, f, []);
      if (name in ALL_OPTIONAL) expect(none, `${name}()`).toBe("returned");
      else expect(none, `${name}() must raise a typed error`).toBe("typed");
      if (HEAVY_DEFAULTS.has(name)) {
        expect(await outcome(name, f, ["abc"])).toBe("typed");
        expect(await outcome(name, f, [null])).toBe("typed");
        return;
      }
      // (b) junk in each position (undefined, null, strings, NaN, ±Infinity, wrong types).
      if (arity === 0) return;
      await fc.assert(fc.asyncProperty(fc.array(junk, { minLength: 1, maxLength: arity }), async (args) => {
        // An omitted options object may also be given as {}.
        const noOptions = args.every((a) => a === undefined || (typeof a === "object" && a !== null && Object.keys(a).length === 0));
        const r = await outcome(name, f, args);
        if ((name in ALL_OPTIONAL || (name in EMPTY_OPTIONS_OK && args.length > 0 && args[0] !== undefined)) && noOptions) return true;
        if (r !== "typed") throw new Error(`${name}(${args.map(String).join(", ")}) returned instead of raising a typed error`);
        return true;
      }), { numRuns: 25 });
    }, 60_000);
  }

  it("covers every exported function", () => {
    expect(covered).toBe(fns.length);
    expect(fns.length).toBeGreaterThan(100);
  });
});

describe("a missing or junk options object after valid leading arguments is a typed error", () => {
  // The generated test above cannot reach an options object behind junk leading arguments; these can.
  const model = () => deepScalar({ depth: 2 });
  const spec = { kind: "linear" as const, n: 2, d: 3 };
  const ds = () => datasetFromRows([[1, 0, 0], [0, 1, 0]], [1, 1]);
  const theta = [1.2, 0.9];
  const X = Float64Array.of(1, 0, 0, 0, 1, 0), y = Float64Array.of(1, 1);
  /** [name, call with the options argument given]; `required` when omitting it is an error too. */
  const cases: [string, (o: unknown) => unknown, boolean][] = [
    ["runTrajectory", (o) => runTrajectory(model(), o as never), true],
    ["analyseRun", (o) => analyseRun(model(), engineGeometry(), o as never), true],
    ["predictRun", (o) => api.predictRun(model(), engineGeometry(), o as never), true],
    ["bifurcationSweep", (o) => api.bifurcationSweep(model(), engineGeometry(), o as never), true],
    ["paperExperiment", (o) => api.paperExperiment(model(), engineGeometry(), o as never), false],
    ["projectToManifold", (o) => projectToManifold(model(), theta, o as never), false],
    ["flattestMinimum", (o) => flattestMinimum(model(), theta, o as never), false],
    ["predictRegime", (o) => predictRegime(model(), 0.5, theta, o as never), false],
    ["gdLinear", (o) => gdLinear(X, y, 2, 3, o as never), true],
    ["runData", (o) => runData(spec, ds(), o as never), true],
    ["observeDataRun", (o) => api.observeDataRun(spec, ds(), o as never), true],
    ["dataSharpness", (o) => dataSharpness(spec, ds(), [0, 0, 0], o as never), false],
    ["flattestMinimumData", (o) => flattestMinimumData(spec, ds(), [0, 0, 0], o as never), false],
    ["deepScalar", (o) => deepScalar(o as never), true],
    ["onlineLearningRateSchedule", (o) => api.onlineLearningRateSchedule(() => 1, o as never), true],
    ["analyzeConvergence", (o) => api.analyzeConvergence([1, 0.5, 0.25], o as never), false],
    ["diagnoseConvergence", (o) => api.diagnoseConvergence([1, 0.5, 0.25], null, o as never), false],
    ["detectPeriod", (o) => api.detectPeriod([1, 2, 1, 2], o as never), false],
    ["fitLinearRate", (o) => api.fitLinearRate([0, 1, 2], [1, 0.5, 0.25], o as never), false],
    ["detectGrowth", (o) => api.detectGrowth([1, 2, 4], o as never), false],
    ["shardIndices", (o) => api.shardIndices(10, o as never), false],
  ];
  for (const [name, call, required] of cases) {
    it(`${name}: ${required ? "a missing, null or" : "a null or"} non-object options argument`, () => {
      for (const o of [...(required ? [undefined] : []), null, "abc", 5, NaN, true]) expect(throwsTyped(() => call(o), EoslabError), `${name}(…, ${String(o)})`).toBe(true);
    });
  }

  it("shardIndices: a zero or out-of-range shard is refused, not an endless loop", () => {
    for (const shard of [{ index: 1, total: 0 }, { index: 0, total: 4 }, { index: 5, total: 4 }, { index: 1, total: NaN }, { index: 1.5, total: 4 }]) {
      expect(throwsTyped(() => api.shardIndices(10, shard), InvalidArgumentError)).toBe(true);
    }
    for (const count of [-1, NaN, Infinity, 2.5]) expect(throwsTyped(() => api.shardIndices(count), InvalidArgumentError)).toBe(true);
    // The valid case, against a plain filter.
    expect(api.shardIndices(10, { index: 2, total: 3 })).toEqual([...Array(10).keys()].filter((k) => k % 3 === 1));
  });

  it("the *Workspace counts: a size that is not a non-negative integer is an error, never NaN", () => {
    for (const bad of [-1, 1.5, NaN, Infinity]) {
      expect(throwsTyped(() => api.gdLinearWorkspace(bad, 3, 10, 1), InvalidArgumentError)).toBe(true);
      expect(throwsTyped(() => api.singularValuesWorkspace(2, bad), InvalidArgumentError)).toBe(true);
      expect(throwsTyped(() => api.dataRunWorkspace({ kind: "linear", n: 2, d: bad, steps: 10 } as never), InvalidArgumentError)).toBe(true);
    }
    // Valid sizes still give the count: n·d for X plus the vectors, as the formula next to gdLinear says.
    expect(api.gdLinearWorkspace(2, 3, 10, 1)).toBeGreaterThan(2 * 3);
  });
});
