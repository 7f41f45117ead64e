// Determinism (docs/design.md §3). Every kernel sums in one fixed order on all three
// backends (8 interleaved partial sums, fixed combine, tail last: see
// assembly/kernels/dot.ts) and the core uses no transcendental functions, so
// every entry point gives the SAME BYTES on simd, wasm and js, on a reused
// engine, a fresh engine and an engine whose free memory holds garbage. These
// tests compare whole results byte for byte (every number, every array).
// Where two DIFFERENT algorithms or summation orders compute the same
// quantity, the results agree only to a stated tolerance; those pairs are
// tested with it (last block). The CLI's JSON is compared as text.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  RandomState, analyseRun, dataSharpness, deepScalar, engineGeometry, flattestMinimum, flattestMinimumData, gdLinear,
  lanczosTop, lanczosTopGram, paramCount, powerIterationGram, projectToManifold, runData, runTrajectory, singularValues,
  type Codim1Model, type DataModelSpec, type Engine,
} from "../src/index.js";
import type { Dataset } from "../src/dataset/dataset.js";
import { Engine as EngineClass } from "../src/engine.js";
import { createJsBackend } from "../src/baseline/js-backend.js";
import { instantiateSync } from "../src/wasm/load.js";
import type { BackendKind } from "../src/wasm/exports.js";
import { runCli } from "./cli/cli-harness.js";
import { BACKENDS, engines, randomArray } from "./engines.js";

/** Every number in a result, in key order, with its path: the result's "bytes". */
function numbersOf(x: unknown, path = "", out: { path: string; v: number }[] = []): { path: string; v: number }[] {
  if (typeof x === "number") out.push({ path, v: x });
  else if (ArrayBuffer.isView(x) || Array.isArray(x)) Array.from(x as ArrayLike<unknown>).forEach((v, i) => numbersOf(v, `${path}[${i}]`, out));
  else if (x !== null && typeof x === "object") for (const k of Object.keys(x).sort()) numbersOf((x as Record<string, unknown>)[k], `${path}.${k}`, out);
  else out.push({ path: `${path}=${String(x)}`, v: 0 }); // strings, booleans, null: compared through the path
  return out;
}

function bytesOf(x: unknown): { paths: string; bits: BigUint64Array } {
  const nums = numbersOf(x);
  return { paths: nums.map((e) => e.path).join(","), bits: new BigUint64Array(Float64Array.from(nums, (e) => e.v).buffer) };
}

/** Byte equality of two results, naming the first differing number on failure. */
function expectSameBytes(a: unknown, b: unknown, label: string): void {
  const A = bytesOf(a), B = bytesOf(b);
  expect(B.paths, `${label}: structure`).toBe(A.paths);
  const nums = numbersOf(a), other = numbersOf(b);
  const i = A.bits.findIndex((v, k) => v !== B.bits[k]);
  if (i >= 0) expect.fail(`${label}: ${nums[i].path} is ${nums[i].v} vs ${other[i].v} (and ${A.bits.filter((v, k) => v !== B.bits[k]).length - 1} more)`);
  expect(A.bits.length).toBeGreaterThan(0);
}

function problem(n: number, d: number, seed: number): Dataset {
  const rs = new RandomState(seed);
  const X = rs.randn(n * d);
  for (let i = 0; i < X.length; i++) X[i] /= Math.sqrt(d);
  return { X, y: rs.randn(n), n, d };
}

const eng = engines();
const freshEngine = (kind: BackendKind): Engine => new EngineClass(kind === "js" ? createJsBackend() : instantiateSync(kind));

/** An engine whose free arena memory was filled with NaN by earlier work: kernels must not read what they did not write. */
function dirtyEngine(kind: BackendKind): Engine {
  const e = freshEngine(kind);
  e.scoped(() => {
    const p = e.allocF64(1 << 18);
    e.f64().fill(NaN, p >>> 3, (p >>> 3) + (1 << 18));
  });
  return e;
}

type Case = [name: string, fn: (engine: Engine) => unknown];

const m5 = deepScalar({ depth: 5 });
const th5 = [1.3, 1, 1, 0.9, 0.8];
const diag30 = randomArray(30, 4);
const band = (v: Float64Array, o: Float64Array) => {
  for (let i = 0; i < 30; i++) o[i] = diag30[i] * v[i] + 0.1 * v[(i + 1) % 30] + 0.1 * v[(i + 29) % 30];
  return o;
};

const cases: Case[] = [
  ["gdLinear 13×37", (engine) => gdLinear(randomArray(13 * 37, 5), randomArray(13, 6), 13, 37, { eta: 0.02, steps: 300, theta0: randomArray(37, 7), engine })],
  ["gdLinear 9×1001 (SIMD tails)", (engine) => gdLinear(randomArray(9 * 1001, 8), randomArray(9, 9), 9, 1001, { eta: 1e-3, steps: 200, recordEvery: 3, engine })],
  ["gdLinear divergent", (engine) => gdLinear(randomArray(4 * 5, 1), randomArray(4, 2), 4, 5, { eta: 50, steps: 2000, engine })],
  ["runTrajectory depth 5 critical, θ kept", (engine) => runTrajectory(m5, { eta: 0.4, steps: 20000, theta0: th5, record: { logPoints: 200 }, recordTheta: true, engine })],
  ["runTrajectory depth 3, y = −2.5", (engine) => runTrajectory(deepScalar({ depth: 3, target: -2.5 }), { eta: 0.1, steps: 3000, theta0: [1.2, -1.4, 1.5], record: { every: 30 }, engine })],
  ["runTrajectory depth 2 divergent", (engine) => runTrajectory(deepScalar({ depth: 2 }), { eta: 3, steps: 1000, theta0: [1.8, 0.6], engine })],
  ["analyseRun depth 5 supercritical", (engine) => analyseRun(m5, engineGeometry(engine), { eta: 0.42, steps: 20000, theta0: th5 })],
  ["projectToManifold depth 4, y = 3", (engine) => projectToManifold(deepScalar({ depth: 4, target: 3 }), [1.3, 1.2, 1.4, 0.9], { engine })],
  ["flattestMinimum depth 4", (engine) => flattestMinimum(deepScalar({ depth: 4, target: 2 }), [1.5, 1.1, 1.2, 1.0], { engine } as never)],
  ["singularValues 17×29", (engine) => singularValues(randomArray(17 * 29, 3), 17, 29, { engine })],
  ["singularValues 33×9", (engine) => singularValues(randomArray(33 * 9, 4), 33, 9, { engine })],
  ["lanczosTopGram", (engine) => lanczosTopGram(randomArray(13 * 37, 5), 13, 37, { engine })],
  ["powerIterationGram", (engine) => powerIterationGram(randomArray(13 * 37, 5), 13, 37, { engine })],
  ["lanczosTop (engine basis)", (engine) => lanczosTop(band, 30, { k: 3, engine })],
];
const specs: DataModelSpec[] = [
  { kind: "linear", n: 9, d: 6 }, { kind: "linear", n: 6, d: 9 }, { kind: "diagonal", n: 6, d: 9 }, { kind: "two-layer", n: 6, d: 5, h: 3 },
];
for (const spec of specs) {
  const ds = problem(spec.n, spec.d, 3);
  const t0 = new RandomState(9).randn(paramCount(spec)).map((v) => 0.5 * v);
  const tag = `${spec.kind} ${spec.n}×${spec.d}`;
  cases.push([`runData ${tag}`, (engine) => runData(spec, ds, { eta: 0.05, steps: 2000, theta0: t0, engine })]);
  cases.push([`runData ${tag}, sharpness tracked`, (engine) => runData(spec, ds, { eta: 0.05, steps: 200, theta0: t0, sharpnessEvery: 50, sharpnessTop: 2, engine })]);
  cases.push([`dataSharpness ${tag} (dense JJᵀ)`, (engine) => dataSharpness(spec, ds, t0, { top: 2, engine })]);
  cases.push([`dataSharpness ${tag} (Lanczos JᵀJ)`, (engine) => dataSharpness(spec, ds, t0, { top: 2, gaussNewton: "lanczos", engine })]);
  if (spec.kind === "diagonal") cases.push([`flattestMinimumData ${tag}`, (engine) => flattestMinimumData(spec, ds, t0, { maxIter: 40, engine })]);
}

describe("identical inputs give identical bytes", () => {
  it("(the comparison itself sees one ulp, a sign of zero, a missing entry)", () => {
    expect(() => expectSameBytes({ a: [1] }, { a: [1 + 2 ** -52] }, "ulp")).toThrow(/\.a\[0\]/);
    expect(() => expectSameBytes([0], [-0], "zero")).toThrow();
    expect(() => expectSameBytes([1, 2], [1], "length")).toThrow();
    expect(() => expectSameBytes({ s: "x" }, { s: "y" }, "string")).toThrow();
  });
  for (const [name, fn] of cases) {
    it(name, () => {
      const ref = fn(eng.simd);
      expectSameBytes(ref, fn(eng.simd), "simd, same engine again");
      expectSameBytes(ref, fn(freshEngine("simd")), "simd, fresh engine");
      expectSameBytes(ref, fn(dirtyEngine("simd")), "simd, engine with garbage in free memory");
      expectSameBytes(ref, fn(eng.wasm), "simd vs wasm");
      expectSameBytes(ref, fn(eng.js), "simd vs js");
      expectSameBytes(fn(eng.wasm), fn(dirtyEngine("js")), "wasm vs js (dirty)");
    });
  }
});

describe("CLI --json output, byte for byte across --backend simd|wasm|js and repeated runs", () => {
  const dir = mkdtempSync(join(tmpdir(), "eoslab-det-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const rs = new RandomState(4);
  const X = rs.randn(24), y = rs.randn(6);
  const data = join(dir, "data.json"), point = join(dir, "point.json");
  writeFileSync(data, JSON.stringify({ X: Array.from({ length: 6 }, (_, i) => Array.from(X.subarray(4 * i, 4 * i + 4))), y: Array.from(y) }));
  writeFileSync(point, JSON.stringify({ theta: Array.from(rs.randn(8)) }));
  const commands: [string, string[]][] = [
    ["run", ["run", "--json", "--eta-frac", "1.05", "--steps", "20000"]],
    ["run --model diagonal", ["run", "--json", "--model", "diagonal", "--data", data, "--eta", "0.3", "--steps", "1000", "--sharpness-every", "100"]],
    ["sharpness", ["sharpness", "--json", "--model", "two-layer", "--hidden", "2", "--data", data, "--point", join(dir, "point2.json"), "--top", "2"]],
    ["sharpness --model diagonal", ["sharpness", "--json", "--model", "diagonal", "--data", data, "--point", point, "--top", "2"]],
    ["seed", ["seed", "--json", "--curves", "--steps", "300"]],
  ];
  writeFileSync(join(dir, "point2.json"), JSON.stringify({ theta: Array.from(rs.randn(4 * 2 + 2)) }));
  for (const [name, args] of commands) {
    it(name, async () => {
      // The only field allowed to differ is the backend's own name.
      const outs = [];
      for (const b of [...BACKENDS, "simd"]) outs.push((await runCli([...args, "--backend", b])).replace(/"backend":"(simd|wasm|js)"/g, '"backend":"*"'));
      expect(outs[0].length).toBeGreaterThan(100);
      expect(JSON.parse(outs[0])).toBeTypeOf("object");
      for (const o of outs.slice(1)) expect(o).toBe(outs[0]);
    });
  }
});

describe("pairs that agree only to a tolerance (different algorithm or summation order)", () => {
  const e = eng.simd;

  it("lanczosTop: the engine basis (8-way kernel sums) vs the plain-JS basis (sequential sums): values to 1e-13·|λ₁|", () => {
    const a = lanczosTop(band, 30, { k: 3, engine: e }), b = lanczosTop(band, 30, { k: 3 });
    expect(a.values.length).toBe(3);
    a.values.forEach((v, i) => expect(Math.abs(v - b.values[i])).toBeLessThanOrEqual(1e-13 * Math.abs(a.values[0])));
    // Not bit-identical: the summation orders differ.
    expect(a.vectors.some((v, i) => v.some((x, j) => x !== b.vectors[i][j]))).toBe(true);
  });

  it("deep scalar: the wasm loop vs the same model through the general JS path: θ_t, loss, λ(θ) bit-identical; θ⊥, θ∥, distPar, λ(θ∥) to 1e-13 (KKT bisection vs Newton)", () => {
    const general = { ...m5 } as Codim1Model; // a plain copy is not the built-in: it runs the JS path
    const opts = { eta: 0.4, steps: 3000, theta0: th5, record: { every: 100 }, recordTheta: true, engine: e };
    const a = runTrajectory(m5, opts);
    const b = runTrajectory(general, { ...opts, flattest: { thetaStar: new Float64Array(5).fill(1), lambdaStar: 5 } });
    expectSameBytes(a.series.theta, b.series.theta, "θ_t");
    expectSameBytes(a.series.loss, b.series.loss, "loss");
    expectSameBytes(a.series.lambdaAt, b.series.lambdaAt, "λ(θ)");
    const close = (x: ArrayLike<number>, y: ArrayLike<number>, scale: number) => {
      for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - y[i])).toBeLessThanOrEqual(1e-13 * scale);
    };
    close(a.series.thetaPerp, b.series.thetaPerp, Math.max(...Array.from(a.series.thetaPerp, Math.abs)));
    close(a.series.thetaPar!, b.series.thetaPar!, 1);
    close(a.series.distPar, b.series.distPar, 1);
    close(a.series.lambdaPar, b.series.lambdaPar, 5);
  });

  it("runData linear: the plain loop (X then Xᵀ) vs the residual-space loop (XXᵀ): losses to 1e-12·loss₀", () => {
    const ds = problem(6, 9, 3), t0 = new RandomState(9).randn(9).map((v) => 0.5 * v);
    const a = runData({ kind: "linear", n: 6, d: 9 }, ds, { eta: 0.05, steps: 2000, theta0: t0, linearForm: "plain", engine: e });
    const b = runData({ kind: "linear", n: 6, d: 9 }, ds, { eta: 0.05, steps: 2000, theta0: t0, linearForm: "residual", engine: e });
    expect(b.form).toBe("residual");
    a.loss.forEach((l, i) => expect(Math.abs(l - b.loss[i])).toBeLessThanOrEqual(1e-12 * a.loss[0]));
    a.theta.forEach((v, i) => expect(Math.abs(v - b.theta[i])).toBeLessThanOrEqual(1e-12));
    expect(a.loss.some((l, i) => l !== b.loss[i])).toBe(true);
  });

  it("Gauss–Newton spectrum: dense JJᵀ (Jacobi) vs Lanczos on JᵀJ: to 1e-13·λ₁", () => {
    const ds = problem(6, 9, 3), t0 = new RandomState(9).randn(18).map((v) => 0.5 * v);
    const spec: DataModelSpec = { kind: "diagonal", n: 6, d: 9 };
    const a = dataSharpness(spec, ds, t0, { top: 2, gaussNewton: "dense", engine: e });
    const b = dataSharpness(spec, ds, t0, { top: 2, gaussNewton: "lanczos", engine: e });
    a.gaussNewtonTop.forEach((v, i) => expect(Math.abs(v - b.gaussNewtonTop[i])).toBeLessThanOrEqual(1e-13 * a.gaussNewtonTop[0]));
    expectSameBytes(a.hessianTop, b.hessianTop, "the Hessian part is the same computation");
  });
});
