// Memory (docs/design.md §3): wasm memory is reused across runs (10⁴ mixed runs leave
// memory.buffer, the arena and the JS heap flat), each entry point's
// workspace formula (the `…Workspace` function next to its allocations) is its real arena use, and a
// problem larger than wasm32 can hold is refused with a WasmMemoryError before
// anything is allocated. The boundary is tested by arithmetic, not by
// allocating gigabytes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  DataFormatError, InvalidArgumentError, RandomState, WasmMemoryError, analyseRun, dataSharpness, deepScalar,
  engineGeometry, flattestMinimumData, gdLinear, initSync, lanczosTop, lanczosTopGram, powerIterationGram, projectToManifold,
  runData, runTrajectory, singularValues,
} from "../src/index.js";
import type { Dataset } from "../src/dataset/dataset.js";
import { Engine } from "../src/engine.js";
import { paramCount, type DataModelSpec } from "../src/models/data-model.js";
import { MAX_WASM_BYTES } from "../src/wasm/arena.js";
import { instantiateSync } from "../src/wasm/load.js";
import { gdLinearWorkspace } from "../src/data/gd-linear.js";
import { dataRunWorkspace } from "../src/data/run.js";
import { dataSharpnessWorkspace } from "../src/data/sharpness.js";
import { singularValuesWorkspace } from "../src/linalg/jacobi-svd.js";
import { deepScalarRunWorkspace } from "../src/codim1/run.js";
import { lanczosTopGramWorkspace } from "../src/linalg/lanczos.js";
import { powerIterationGramWorkspace } from "../src/linalg/power-iteration.js";
import { runCli } from "./cli/cli-harness.js";
import { randomArray } from "./engines.js";

/** A full GC, if V8 lets us expose it (no vitest flag needed). */
function gcFunction(): (() => void) | undefined {
  try {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  } catch {
    return undefined;
  }
}

function problem(n: number, d: number, seed: number): Dataset {
  const rs = new RandomState(seed);
  const X = rs.randn(n * d);
  for (let i = 0; i < X.length; i++) X[i] /= Math.sqrt(d);
  return { X, y: rs.randn(n), n, d };
}

/** A tiny LCG in [0, 1) for the run mix (deterministic, independent of the library). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe("workspace formulas = the arena's real use", () => {
  // A fresh engine per case (not the default one): the arena's peak above its start is what the call took.
  const fresh = () => new Engine(instantiateSync("simd"));
  /** Bytes a call took; the formula counts f64 values, alignment adds at most 8 bytes per buffer. */
  function measure(fn: (e: Engine) => unknown): number {
    const e = fresh();
    const start = e.arena.mark();
    fn(e);
    expect(e.arena.mark()).toBe(start); // everything released
    return e.arena.peak - start;
  }
  const within = (bytes: number, f64s: number, buffers: number) => {
    expect(bytes).toBeGreaterThanOrEqual(8 * f64s);
    expect(bytes).toBeLessThanOrEqual(8 * f64s + 8 * buffers);
  };

  it("gdLinear", () => {
    for (const [n, d, steps, k] of [[1, 1, 0, 1], [3, 7, 10, 1], [13, 37, 100, 7], [40, 9, 1000, 3]]) {
      const X = randomArray(n * d, 3), y = randomArray(n, 4);
      within(measure((engine) => gdLinear(X, y, n, d, { eta: 0.01, steps, recordEvery: k, engine })), gdLinearWorkspace(n, d, steps, k), 8);
    }
  });

  it("runData (linear plain and residual, diagonal, two-layer; with sharpness tracking)", () => {
    const cases: [DataModelSpec, number, number | undefined][] = [
      [{ kind: "linear", n: 5, d: 3 }, 50, undefined],
      [{ kind: "linear", n: 3, d: 8 }, 50, undefined],
      [{ kind: "diagonal", n: 4, d: 6 }, 60, 20],
      [{ kind: "two-layer", n: 3, d: 4, h: 5 }, 33, undefined],
      [{ kind: "two-layer", n: 3, d: 4, h: 2 }, 40, 10],
    ];
    for (const [spec, steps, sEvery] of cases) {
      const ds = problem(spec.n, spec.d, 7);
      const theta0 = randomArray(paramCount(spec), 9).map((v) => 0.5 * v);
      const form = spec.kind === "linear" && spec.n < spec.d ? "residual" : "plain";
      const bytes = measure((engine) => runData(spec, ds, { eta: 0.01, steps, theta0, sharpnessEvery: sEvery, engine }));
      const f64s = dataRunWorkspace({ ...spec, steps, sharpnessEvery: sEvery, form });
      // With tracking, Lanczos may converge before filling its basis: the formula is then an upper bound.
      if (sEvery === undefined) within(bytes, f64s, 12);
      else expect(bytes).toBeLessThanOrEqual(8 * f64s + 8 * 12);
    }
  });

  it("dataSharpness and singularValues", () => {
    const spec: DataModelSpec = { kind: "diagonal", n: 6, d: 5 };
    const ds = problem(6, 5, 2);
    const theta = randomArray(10, 5);
    // Lanczos may stop early, so the formula (its worst case) bounds the use from above.
    const bytes = measure((engine) => dataSharpness(spec, ds, theta, { engine, top: 2 }));
    expect(bytes).toBeLessThanOrEqual(8 * dataSharpnessWorkspace("diagonal", 6, 5) + 8 * 20);
    for (const [r, c] of [[1, 1], [3, 9], [9, 3], [17, 17]]) {
      within(measure((engine) => singularValues(randomArray(r * c, 1), r, c, { engine })), singularValuesWorkspace(r, c), 3);
      within(measure((engine) => powerIterationGram(randomArray(r * c, 2), r, c, { engine })), powerIterationGramWorkspace(r, c), 6);
      // Default Krylov limit min(n + 1, d, 300).
      within(measure((engine) => lanczosTopGram(randomArray(r * c, 2), r, c, { engine })), lanczosTopGramWorkspace(r, c, Math.min(r + 1, c)), 5);
    }
  });

  it("runTrajectory (deep scalar)", () => {
    const m = deepScalar({ depth: 4 });
    for (const keep of [false, true]) {
      const bytes = measure((engine) => runTrajectory(m, { eta: 0.1, steps: 99, theta0: [1.1, 1, 0.9, 1.02], record: { every: 10 }, recordTheta: keep, engine }));
      // record plan: 0, 10, …, 90, 99 → 11 records.
      within(bytes, deepScalarRunWorkspace(4, 11, keep), 8);
    }
  });
});

describe("10⁴ consecutive runs of mixed sizes and kinds on the default engine", () => {
  it("leave wasm memory, the arena and the JS heap flat after warm-up", () => {
    const engine = initSync();
    const gc = gcFunction();
    const rnd = lcg(12345);
    const pick = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    // Data are views into two fixed arrays, so the test itself allocates nothing that lives on.
    const bigX = randomArray(40 * 120, 77), bigY = randomArray(40, 78);
    const lin = (n: number, d: number) => ({ X: bigX.subarray(0, n * d), y: bigY.subarray(0, n) });
    const dataX = problem(8, 12, 5);
    const ds = (n: number, d: number): Dataset => ({ X: dataX.X.subarray(0, n * d), y: dataX.y.subarray(0, n), n, d });
    const kinds = ["gd", "deep", "data", "sharp", "proj", "svd", "lanczos"] as const;
    let deepRuns = 0, checked = 0;
    const one = (i: number, biggest: boolean): void => {
      const kind = kinds[i % kinds.length];
      switch (kind) {
        case "gd": {
          const n = biggest ? 40 : pick(1, 40), d = biggest ? 120 : pick(1, 120);
          const { X, y } = lin(n, d);
          const r = gdLinear(X, y, n, d, { eta: 0.5 / (n * d), steps: biggest ? 40 : pick(0, 40), recordEvery: biggest ? 1 : pick(1, 5) });
          checked += r.loss.length;
          break;
        }
        case "deep": {
          const p = biggest ? 6 : pick(2, 6);
          const m = deepScalar({ depth: p, target: 1 });
          const theta0 = Array.from({ length: p }, (_, j) => 1 + 0.05 * Math.sin(i + j));
          if (++deepRuns % 200 === 0) {
            // A whole analysis now and then (run + tail run + projection + fits).
            analyseRun(m, engineGeometry(), { eta: 0.5 * (2 / p), steps: 300, theta0, tailSteps: 16 });
          } else {
            const r = runTrajectory(m, { eta: 0.8 * (2 / p), steps: biggest ? 400 : pick(1, 400), theta0, record: { every: biggest ? 1 : pick(1, 20) }, recordTheta: biggest || rnd() < 0.3 });
            checked += r.series.step.length;
          }
          break;
        }
        case "data": {
          const k = biggest ? 2 : pick(0, 2);
          const n = biggest ? 8 : pick(1, 8), d = biggest ? 12 : pick(1, 12);
          const spec: DataModelSpec = k === 0 ? { kind: "linear", n, d } : k === 1 ? { kind: "diagonal", n, d } : { kind: "two-layer", n, d, h: biggest ? 4 : pick(1, 4) };
          const theta0 = randomArray(paramCount(spec), i + 1).map((v) => 0.3 * v);
          const sharpnessEvery = biggest || rnd() < 0.1 ? 10 : undefined;
          const r = runData(spec, ds(n, d), { eta: 0.05, steps: biggest ? 30 : pick(0, 30), theta0, sharpnessEvery, recordEvery: biggest ? 1 : undefined });
          checked += r.loss.length;
          break;
        }
        case "sharp": {
          const n = biggest ? 8 : pick(1, 8), d = biggest ? 6 : pick(1, 6);
          const spec: DataModelSpec = rnd() < 0.5 && !biggest ? { kind: "diagonal", n, d } : { kind: "two-layer", n, d, h: 2 };
          const s = dataSharpness(spec, ds(n, d), randomArray(paramCount(spec), i + 3), { top: pick(1, 2) });
          checked += s.hessianTop.length;
          if (i % 700 === 4) flattestMinimumData({ kind: "diagonal", n: 2, d: 3 }, ds(2, 3), [1, 0.5, 0.8, 1, 0.4, 0.9]);
          break;
        }
        case "proj": {
          const p = pick(2, 6);
          projectToManifold(deepScalar({ depth: p, target: 2 }), Array.from({ length: p }, (_, j) => 1.2 + 0.1 * Math.cos(i * j)));
          break;
        }
        case "svd": {
          const r = biggest ? 20 : pick(1, 20), c = biggest ? 30 : pick(1, 30);
          singularValues(randomArray(r * c, i), r, c);
          break;
        }
        case "lanczos": {
          const p = biggest ? 16 : pick(1, 16);
          const diag = randomArray(p, i + 11);
          lanczosTop((v, out) => out.map((_, j) => (out[j] = diag[j] * v[j])), p, { k: 2, engine });
          break;
        }
      }
    };
    // Warm-up: the largest case of every kind first (sets the high-water mark), then a few hundred mixed runs.
    for (let i = 0; i < kinds.length; i++) one(i, true);
    for (let i = 0; i < 500; i++) one(i, false);
    const base = engine.arena.used;
    const bytes = engine.memory.buffer.byteLength;
    const peak = engine.arena.peak;
    gc?.();
    const heap: number[] = [];
    const RUNS = 10_000;
    for (let i = 0; i < RUNS; i++) {
      one(i, false);
      // Every run hands back all it took.
      if (engine.arena.used !== base) throw new Error(`run ${i} (${kinds[i % kinds.length]}) leaked ${engine.arena.used - base} bytes of arena`);
      if ((i + 1) % 2000 === 0) {
        gc?.();
        heap.push(process.memoryUsage().heapUsed);
      }
    }
    expect(checked).toBeGreaterThan(RUNS);
    expect(engine.arena.used).toBe(base);
    expect(engine.arena.peak).toBe(peak);
    expect(engine.memory.buffer.byteLength).toBe(bytes);
    // Exactly flat wasm memory; the JS heap may wobble (JIT, caches) but must not grow with the run count:
    // a leak of even 100 bytes a run would add 0.8 MB between the first and last sample.
    console.log(`heapUsed samples (MB): ${heap.map((h) => (h / 2 ** 20).toFixed(2)).join(" ")}; wasm ${bytes} bytes; gc ${gc ? "forced" : "unavailable"}`);
    const growth = heap[heap.length - 1] - heap[0];
    expect(growth).toBeLessThan(gc ? 512 * 1024 : 8 * 1024 * 1024);
  }, 60_000);
});

describe("one real large run (the only one): memory grows once, then is reused", () => {
  it("gdLinear 1×1 with 4·10⁶ steps recorded every step: 64 MB of records, twice, then a small run", () => {
    const e = new Engine(instantiateSync("simd"));
    const X = Float64Array.of(0.5), y = Float64Array.of(1);
    const big = () => gdLinear(X, y, 1, 1, { eta: 0.1, steps: 4e6, recordEvery: 1, engine: e });
    const r1 = big();
    const grown = e.memory.buffer.byteLength;
    // The arena asked for the formula's bytes (plus the heap base and alignment), no more.
    expect(grown).toBeGreaterThanOrEqual(8 * gdLinearWorkspace(1, 1, 4e6, 1));
    expect(grown).toBeLessThanOrEqual(8 * gdLinearWorkspace(1, 1, 4e6, 1) + 1024 + 65536 + 16 * 8);
    expect(r1.loss.length).toBe(4e6 + 1);
    const r2 = big();
    expect(e.memory.buffer.byteLength).toBe(grown);
    expect(e.arena.used).toBe(0);
    expect(r2.summary.lastLoss).toBe(r1.summary.lastLoss);
    gdLinear(X, y, 1, 1, { eta: 0.1, steps: 10, engine: e });
    expect(e.memory.buffer.byteLength).toBe(grown);
  });
});

describe("a problem larger than wasm32 can hold is refused before any allocation", () => {
  const engine = initSync({ backend: "simd" });
  const tiny: Dataset = { X: new Float64Array(1), y: new Float64Array(1), n: 1, d: 1 };
  const big = (n: number, d: number): Dataset => ({ ...tiny, n, d });

  function refuses(fn: () => unknown): string {
    const bytes = engine.memory.buffer.byteLength, top = engine.arena.mark(), peak = engine.arena.peak;
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WasmMemoryError);
    expect(engine.memory.buffer.byteLength).toBe(bytes);
    expect(engine.arena.mark()).toBe(top);
    expect(engine.arena.peak).toBe(peak);
    const msg = (err as Error).message;
    expect(msg).toMatch(/over the 4 GiB a wasm32 module can address/);
    expect(msg.split("\n")).toHaveLength(1);
    return msg;
  }

  it("50000×50000 for gdLinear, runData (three models), dataSharpness and singularValues", () => {
    // None of these arrays exists: the check runs before the data are read.
    expect(refuses(() => gdLinear(tiny.X, tiny.y, 50000, 50000, { eta: 0.1, steps: 10, engine }))).toMatch(/^gdLinear on 50000×50000 needs 18\.6\d GiB/);
    for (const spec of [{ kind: "linear" }, { kind: "diagonal" }, { kind: "two-layer", h: 2 }] as const) {
      const msg = refuses(() => runData({ ...spec, n: 50000, d: 50000 }, big(50000, 50000), { eta: 0.1, steps: 10, theta0: [0], engine }));
      expect(msg).toContain(`runData (${spec.kind}) on 50000×50000 data`);
      refuses(() => dataSharpness({ ...spec, n: 50000, d: 50000 }, big(50000, 50000), [0], { engine }));
    }
    expect(refuses(() => singularValues(tiny.X, 50000, 50000, { engine }))).toMatch(/^singularValues of a 50000×50000 matrix needs 18\.6\d GiB/);
  });

  it("records and Lanczos bases count too: small data, too many records or too large a Krylov basis", () => {
    // 10⁹ steps recorded every step: 2·10⁹ f64 of records (16 GB) on a 2×2 problem.
    expect(refuses(() => gdLinear(new Float64Array(4), new Float64Array(2), 2, 2, { eta: 0.1, steps: 1e9, recordEvery: 1, engine }))).toContain("recordEvery");
    refuses(() => runData({ kind: "diagonal", n: 1, d: 1 }, { X: new Float64Array(1), y: new Float64Array(1), n: 1, d: 1 }, { eta: 0.1, steps: 1e9, recordEvery: 1, theta0: [1, 1], engine }));
    // Diagonal model on d = 10⁶ features: p = 2·10⁶, a 300-vector Lanczos basis is 4.8 GB.
    refuses(() => dataSharpness({ kind: "diagonal", n: 1, d: 1e6 }, big(1, 1e6), [0], { engine }));
    // Deep scalar p = 1000 with θ and θ∥ kept at 3·10⁵ records: 2·1000·3·10⁵ f64 = 4.8 GB.
    // lanczosTopGram on a 2×(2·10⁶) X (32 MB, the one real array here) with maxIter 300: a 301-vector basis is 4.8 GB.
    const wide = new Float64Array(4e6);
    expect(refuses(() => lanczosTopGram(wide, 2, 2e6, { maxIter: 300, engine }))).toContain("maxIter");
    refuses(() => runTrajectory(deepScalar({ depth: 1000 }), { eta: 0.001, steps: 3e5, theta0: new Array(1000).fill(1), record: { every: 1 }, recordTheta: true, engine }));
  });

  // Largest n for a given d by the workspace arithmetic: bytes = heap base + 8·f64s + alignment allowance ≤ 2³².
  const limit = (f64sOf: (n: number) => number): number => {
    const room = MAX_WASM_BYTES - engine.arena.mark() - 64 * 16;
    let lo = 0, hi = 2 ** 29;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (8 * f64sOf(mid) <= room) lo = mid;
      else hi = mid;
    }
    return lo;
  };

  it("the boundary, by arithmetic: n_max passes the check (and fails later on the fake data), n_max + 1 is refused", () => {
    const d = 20000;
    const nGd = limit((n) => gdLinearWorkspace(n, d, 100, 1));
    // By hand: n·d + 2n + 3d + 2·102 + 8 f64 in the room left above the arena's top, minus the alignment allowance.
    const room = (2 ** 32 - engine.arena.mark() - 1024) / 8;
    expect(nGd).toBe(Math.floor((room - 3 * d - 212) / (d + 2)));
    expect(() => gdLinear(tiny.X, tiny.y, nGd, d, { eta: 0.1, steps: 100, recordEvery: 1, engine })).toThrow(InvalidArgumentError); // X too short
    expect(() => gdLinear(tiny.X, tiny.y, nGd, d, { eta: 0.1, steps: 100, recordEvery: 1, engine })).not.toThrow(WasmMemoryError);
    refuses(() => gdLinear(tiny.X, tiny.y, nGd + 1, d, { eta: 0.1, steps: 100, recordEvery: 1, engine }));
    for (const kind of ["linear", "diagonal"] as const) {
      const nMax = limit((n) => dataRunWorkspace({ kind, n, d, steps: 100, recordEvery: 1, form: "plain" }));
      const run = (n: number) => () => runData({ kind, n, d }, big(n, d), { eta: 0.1, steps: 100, recordEvery: 1, theta0: [0], engine });
      expect(run(nMax)).toThrow(DataFormatError); // the memory check passed; the fake X is then rejected
      refuses(run(nMax + 1));
    }
  });

  it("the CLI refuses a model wasm32 cannot hold at once, before building θ₀ (two-layer, h = 10⁸: p = 5·10⁸)", async () => {
    const memDir = mkdtempSync(join(tmpdir(), "eoslab-mem-"));
    onTestFinished(() => rmSync(memDir, { recursive: true, force: true }));
    const file = join(memDir, "data.json");
    writeFileSync(file, JSON.stringify({ X: [[1, 2, 3, 4], [0, 1, 0, 1]], y: [1, 2] }));
    const args = ["run", "--model", "two-layer", "--hidden", "100000000", "--data", file, "--steps", "10", "--eta", "0.1", "--json"];
    await expect(runCli(args)).rejects.toThrow(/^run --model two-layer on 2×4 data \(p = 500000000\) needs 8\.20 GiB of wasm memory, over the 4 GiB/);
    await expect(runCli(args)).rejects.toBeInstanceOf(WasmMemoryError);
  });

  it("auto linear form: the residual loop (n×n Gram) only where it fits, else the plain loop", () => {
    // n = 12000 < d = 40000: X is 3.84 GB, X + the Gram 4.99 GB; the plain loop fits.
    const n = 12000, d = 40000;
    expect(8 * dataRunWorkspace({ kind: "linear", n, d, steps: 10, form: "plain" })).toBeLessThan(2 ** 32 - 4096);
    expect(8 * dataRunWorkspace({ kind: "linear", n, d, steps: 10, form: "residual" })).toBeGreaterThan(2 ** 32);
    expect(() => runData({ kind: "linear", n, d }, big(n, d), { eta: 0.1, steps: 10, theta0: [0], engine })).toThrow(DataFormatError);
    refuses(() => runData({ kind: "linear", n, d }, big(n, d), { eta: 0.1, steps: 10, theta0: [0], linearForm: "residual", engine }));
  });
});
