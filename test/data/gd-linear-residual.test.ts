// gdLinear in residual space (r ← r − η·K·r, K = XXᵀ) against a plain parameter-space GD loop written here, within
// the tolerance docs/engine.md states ("Linear GD in residual space"); the blocked symmetric K against n gemv calls
// (bit for bit) and a plain triple loop; the "space" option and the "auto" choice.
import { describe, expect, it } from "vitest";
import { gdLinear, InvalidArgumentError, WasmMemoryError } from "../../src/index.js";
import { BACKENDS, engines, randomArray } from "../engines.js";
import { plainGd } from "./plain-gd.js";

const eng = engines();
const bits = (a: ArrayLike<number>): bigint[] => Array.from(new BigUint64Array(Float64Array.from(a).buffer));

/** λ_max(XᵀX) by power iteration (plain loops), for η = c/λ_max. */
function lambdaMax(X: Float64Array, n: number, d: number): number {
  let v = new Float64Array(d).fill(1 / Math.sqrt(d)), lam = 0;
  for (let k = 0; k < 300; k++) {
    const u = new Float64Array(n), w = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) u[i] += X[i * d + j] * v[j];
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) w[j] += X[i * d + j] * u[i];
    lam = Math.hypot(...w);
    v = w.map((q) => q / lam);
  }
  return lam;
}

describe("gramXXt: K = XXᵀ, blocked and symmetric", () => {
  it.each(BACKENDS)("%s: the bits of n gemv calls at every block size, exactly symmetric, and a plain triple loop to 1e-13", (b) => {
    const e = eng[b];
    for (const [n, d] of [[0, 3], [1, 1], [2, 5], [5, 0], [9, 17], [33, 40], [70, 130]] as const) {
      const X = randomArray(n * d, 3 + n * 7 + d);
      const viaGemv = e.scoped(() => {
        const px = e.copyIn(X), pk = e.allocF64(Math.max(n * n, 1));
        for (let i = 0; i < n; i++) e.exports.gemv(n, d, 1, px, px + i * d * 8, 0, pk + i * n * 8);
        return e.read(pk, n * n);
      });
      for (const block of [0, 1, 3, 8, n + 1]) {
        const K = e.scoped(() => {
          const px = e.copyIn(X), pk = e.allocF64(Math.max(n * n, 1));
          e.exports.gramXXt(n, d, px, pk, block);
          return e.read(pk, n * n);
        });
        expect(bits(K)).toEqual(bits(viaGemv));
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            expect(Object.is(K[i * n + j], K[j * n + i])).toBe(true);
            let s = 0;
            for (let k = 0; k < d; k++) s += X[i * d + k] * X[j * d + k];
            expect(Math.abs(K[i * n + j] - s)).toBeLessThanOrEqual(1e-13 * Math.max(1, d));
          }
        }
      }
    }
  });
});

describe("gdLinear in residual space", () => {
  // Converging runs, up to the edge η → 2/λ_max: losses within 1e-12·ℓ₀ of the plain loop at every step, θ_N within
  // 1e-10·‖θ_N‖∞ (docs/engine.md; measured: 1e-16·ℓ₀ and 6e-14).
  it.each([[20, 80, 0.9, 3000], [50, 200, 1.9, 3000], [30, 300, 1.99, 6000], [12, 13, 1.5, 500]] as const)(
    "n=%i d=%i η=%f/λmax, %i steps: within the documented tolerance of plain GD, and the same bits on every backend",
    (n, d, c, steps) => {
      const X = randomArray(n * d, n + d), y = randomArray(n, 7);
      const eta = c / lambdaMax(X, n, d);
      const ref = plainGd(X, y, n, d, eta, steps);
      const runs = BACKENDS.map((b) => gdLinear(X, y, n, d, { eta, steps, recordEvery: 1, engine: eng[b], space: "residual" }));
      const r = runs[0];
      expect(r.space).toBe("residual");
      expect(r.summary.firstNonFiniteStep).toBeNull();
      expect(r.loss.length).toBe(steps + 1);
      for (let t = 0; t <= steps; t++) expect(Math.abs(r.loss[t] - ref.losses[t])).toBeLessThanOrEqual(1e-12 * ref.losses[0]);
      let scale = 0;
      for (const v of ref.theta) scale = Math.max(scale, Math.abs(v));
      for (let j = 0; j < d; j++) expect(Math.abs(r.theta[j] - ref.theta[j])).toBeLessThanOrEqual(1e-10 * scale);
      for (const o of runs.slice(1)) {
        expect(bits(o.loss)).toEqual(bits(r.loss));
        expect(bits(o.theta)).toEqual(bits(r.theta));
      }
    },
    60_000,
  );

  it("a diverging run (η = 3/λmax): losses within 1e-10 relative while finite, the same first non-finite step, θ_{t−1} within 1e-10", () => {
    const n = 40, d = 160, X = randomArray(n * d, 200), y = randomArray(n, 7);
    const eta = 3 / lambdaMax(X, n, d);
    const ref = plainGd(X, y, n, d, eta, 100000);
    const r = gdLinear(X, y, n, d, { eta, steps: 100000, recordEvery: 1, engine: eng.simd, space: "residual" });
    expect(ref.firstBad).not.toBeNull();
    expect(r.summary.firstNonFiniteStep).toBe(ref.firstBad);
    expect(r.summary.stepsRun).toBe(ref.firstBad! - 1);
    for (let t = 0; t < ref.losses.length; t++) expect(Math.abs(r.loss[t] - ref.losses[t])).toBeLessThanOrEqual(1e-10 * ref.losses[t]);
    let scale = 0;
    for (const v of ref.theta) scale = Math.max(scale, Math.abs(v));
    for (let j = 0; j < d; j++) expect(Math.abs(r.theta[j] - ref.theta[j])).toBeLessThanOrEqual(1e-10 * scale);
  });

  it("auto: residual for n < d when the steps pay for K, else parameter; \"parameter\" keeps the parameter loop's bits", () => {
    const n = 20, d = 80, X = randomArray(n * d, 5), y = randomArray(n, 6);
    const eta = 0.5 / lambdaMax(X, n, d);
    expect(gdLinear(X, y, n, d, { eta, steps: 200, engine: eng.simd }).space).toBe("residual");
    expect(gdLinear(X, y, n, d, { eta, steps: 2, engine: eng.simd }).space).toBe("parameter"); // K costs more than 2 steps save
    const Xt = randomArray(d * n, 5), yt = randomArray(d, 6);
    expect(gdLinear(Xt, yt, d, n, { eta: 0.5 / lambdaMax(Xt, d, n), steps: 200, engine: eng.simd }).space).toBe("parameter"); // n ≥ d
    const p = gdLinear(X, y, n, d, { eta, steps: 200, engine: eng.simd, space: "parameter" });
    expect(p.space).toBe("parameter");
    // The parameter loop is the plain loop's order (rows in index order for Xᵀr, dot's order for Xθ): compare with the JS twin.
    const pj = gdLinear(X, y, n, d, { eta, steps: 200, engine: eng.js, space: "parameter" });
    expect(bits(p.theta)).toEqual(bits(pj.theta));
    expect(bits(p.loss)).toEqual(bits(pj.loss));
  });

  it("auto takes the parameter loop when K does not fit in wasm32; \"residual\" then refuses with a WasmMemoryError", () => {
    const tiny = { X: new Float64Array(4), y: new Float64Array(2) };
    const n = 20000, d = 20001; // X alone is 3.2 GB (fits), X and K 6.4 GB (does not)
    // The memory check passes for the parameter loop; the short X is then refused as bad input.
    expect(() => gdLinear(tiny.X, tiny.y, n, d, { eta: 0.1, steps: 1000, engine: eng.simd })).toThrow(InvalidArgumentError);
    expect(() => gdLinear(tiny.X, tiny.y, n, d, { eta: 0.1, steps: 1000, engine: eng.simd, space: "residual" })).toThrow(WasmMemoryError);
  });

  it("a space that is not auto, parameter or residual is an InvalidArgumentError", () => {
    const X = randomArray(6, 1), y = randomArray(2, 2);
    for (const bad of ["theta", "", 3, null]) {
      expect(() => gdLinear(X, y, 2, 3, { eta: 0.1, steps: 10, space: bad as never })).toThrow(InvalidArgumentError);
    }
  });
});

describe("gdLinearWorkspace counts what each loop takes", () => {
  it("parameter, residual and auto: the arena's peak is the count (plus at most 8 bytes of alignment per buffer)", async () => {
    const { Engine, gdLinearWorkspace } = await import("../../src/index.js");
    const { instantiateSync } = await import("../../src/wasm/load.js");
    for (const [n, d, steps, k] of [[3, 7, 10, 1], [13, 37, 100, 7], [40, 9, 1000, 3], [20, 80, 2, 1]] as const) {
      const X = randomArray(n * d, 3), y = randomArray(n, 4);
      for (const space of ["parameter", "residual", "auto"] as const) {
        const e = new Engine(instantiateSync("simd"));
        const start = e.arena.mark();
        gdLinear(X, y, n, d, { eta: 0.01, steps, recordEvery: k, engine: e, space });
        const bytes = e.arena.peak - start, f64s = gdLinearWorkspace(n, d, steps, k, space);
        expect(bytes).toBeGreaterThanOrEqual(8 * f64s);
        expect(bytes).toBeLessThanOrEqual(8 * f64s + 8 * 8);
      }
    }
  });
});
