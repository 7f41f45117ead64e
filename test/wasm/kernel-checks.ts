// The kernel checks of test/wasm, written once and run on a list of engines: kernels.test.ts and dot.test.ts run
// them on the three release backends, debug-build.test.ts on the debug wasm build (assertions on) next to the
// release SIMD build. nrm2, axpy, scal, gemv, gemvT, the fused GD step and dot against plain loops, at the kernel
// sizes and at odd element offsets, and bit-identical across the engines (the repo's fixed-summation-order rule).
import { describe, expect, it } from "vitest";
import type { Engine } from "../../src/index.js";
import { randomArray, SIZES } from "../engines.js";

/** The raw bits of each value, so that −0/+0 and NaN payloads count. */
function bits(a: Float64Array | number): bigint[] {
  const f = typeof a === "number" ? new Float64Array([a]) : Float64Array.from(a);
  return Array.from(new BigUint64Array(f.buffer));
}

function expectClose(got: ArrayLike<number>, ref: ArrayLike<number>, rel: number): void {
  expect(got.length).toBe(ref.length);
  let scale = 1;
  for (let i = 0; i < ref.length; i++) scale = Math.max(scale, Math.abs(ref[i]));
  for (let i = 0; i < ref.length; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThanOrEqual(rel * scale);
}

/** Copies `a` into e's memory at an odd element offset when `odd`; returns the pointer. */
function put(e: Engine, a: Float64Array, odd: boolean): number {
  if (!odd) return e.copyIn(a);
  const p = e.allocF64(a.length + 1) + 8;
  e.write(p, a);
  return p;
}

function refGemv(m: number, n: number, alpha: number, A: Float64Array, x: Float64Array, beta: number, y: Float64Array): Float64Array {
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[i * n + j] * x[j];
    out[i] = alpha * s + (beta === 0 ? 0 : beta * y[i]);
  }
  return out;
}

function refGemvT(m: number, n: number, alpha: number, A: Float64Array, x: Float64Array, beta: number, y: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += A[i * n + j] * x[i];
    out[j] = alpha * s + (beta === 0 ? 0 : beta * y[j]);
  }
  return out;
}

/**
 * The kernel checks, on a list of engines: the first is compared with plain loops, every other one must give
 * its bits. Registers describe/it blocks; `engines` is called inside the tests, so it may be filled in beforeAll.
 */
export function kernelChecks(label: string, engines: () => Engine[]): void {
  /** Runs fn on every engine, each in its own arena scope. */
  function onAll<T>(fn: (e: Engine) => T): T[] {
    return engines().map((e) => e.scoped(() => fn(e)));
  }

  describe.each([false, true])(`${label}: kernels (odd offset: %s)`, (odd) => {
    for (const n of SIZES) {
      it(`nrm2, axpy, scal at n=${n}`, () => {
        const x = randomArray(n, 11 + n), y = randomArray(n, 13 + n);
        let ss = 0;
        for (let i = 0; i < n; i++) ss += x[i] * x[i];
        const norms = onAll((e) => e.exports.nrm2(n, put(e, x, odd)));
        for (const v of norms) expect(v).toBeCloseTo(Math.sqrt(ss), 12);
        for (const v of norms.slice(1)) expect(bits(v)).toEqual(bits(norms[0]));

        const a = -0.37;
        const ax = onAll((e) => {
          const px = put(e, x, odd), py = put(e, y, odd);
          e.exports.axpy(n, a, px, py);
          return e.read(py, n);
        });
        const refAx = Float64Array.from(y, (v, i) => v + a * x[i]);
        for (const r of ax) expect(bits(r)).toEqual(bits(refAx));

        const sc = onAll((e) => {
          const px = put(e, x, odd);
          e.exports.scal(n, a, px);
          return e.read(px, n);
        });
        const refSc = Float64Array.from(x, (v) => a * v);
        for (const r of sc) expect(bits(r)).toEqual(bits(refSc));
      });

      it(`axpy and scal leave the neighbours of the range alone, n=${n}`, () => {
        const x = randomArray(n + 2, 3), y = randomArray(n + 2, 4);
        for (const e of engines()) {
          e.scoped(() => {
            const px = e.copyIn(x), py = e.copyIn(y);
            e.exports.axpy(n, 2, px + 8, py + 8);
            e.exports.scal(n, 3, px + 8);
            const gy = e.read(py, n + 2), gx = e.read(px, n + 2);
            expect([gy[0], gy[n + 1], gx[0], gx[n + 1]]).toEqual([y[0], y[n + 1], x[0], x[n + 1]]);
          });
        }
      });
    }

    const shapes: [number, number][] = [];
    for (const n of SIZES) for (const m of [0, 1, 2, 3, 5, 7, 9]) shapes.push([m, n]);
    shapes.push([33, 1000], [1000, 33], [8, 1000], [1000, 9]);

    it.each(shapes)("gemv and gemvT, m=%i n=%i, against plain loops and across backends", (m, n) => {
      const A = randomArray(m * n, 17 + m * 31 + n);
      const xn = randomArray(n, 19 + n), xm = randomArray(m, 23 + m);
      const ym = randomArray(m, 29 + m), yn = randomArray(n, 31 + n);
      for (const [alpha, beta] of [[1, 0], [0.7, -1.3], [1, 1], [-2, 0]] as const) {
        const rel = 1e-13 * Math.sqrt(Math.max(m, n) + 1);
        const g = onAll((e) => {
          const pa = put(e, A, odd), px = put(e, xn, odd);
          // y full of NaN when β = 0: BLAS semantics say it is not read.
          const py = put(e, beta === 0 ? new Float64Array(m).fill(NaN) : ym, odd);
          e.exports.gemv(m, n, alpha, pa, px, beta, py);
          return e.read(py, m);
        });
        expectClose(g[0], refGemv(m, n, alpha, A, xn, beta, ym), rel);
        for (const o of g.slice(1)) expect(bits(o)).toEqual(bits(g[0]));

        const gt = onAll((e) => {
          const pa = put(e, A, odd), px = put(e, xm, odd);
          const py = put(e, beta === 0 ? new Float64Array(n).fill(NaN) : yn, odd);
          e.exports.gemvT(m, n, alpha, pa, px, beta, py);
          return e.read(py, n);
        });
        expectClose(gt[0], refGemvT(m, n, alpha, A, xm, beta, yn), rel);
        for (const o of gt.slice(1)) expect(bits(o)).toEqual(bits(gt[0]));
      }
    });

    it.each(shapes)("gdStepLinear, n=%i d=%i: loss and update match r = Xθ − y, θ − η·Xᵀr", (n, d) => {
      const X = randomArray(n * d, 41 + n + d), y = randomArray(n, 43 + n), th = randomArray(d, 47 + d);
      const eta = 0.01;
      const r = refGemv(n, d, 1, X, th, 0, y).map((v, i) => v - y[i]);
      let loss = 0;
      for (const v of r) loss += 0.5 * v * v;
      const grad = refGemvT(n, d, 1, X, r, 0, th);
      const refTheta = th.map((v, j) => v - eta * grad[j]);
      const out = onAll((e) => {
        const px = put(e, X, odd), py = put(e, y, odd), pt = put(e, th, odd), pr = put(e, new Float64Array(n), odd);
        const l = e.exports.gdStepLinear(n, d, eta, px, py, pt, pr);
        return { l, theta: e.read(pt, d), r: e.read(pr, n) };
      });
      const rel = 1e-12 * Math.sqrt(Math.max(n, d) + 1);
      expect(Math.abs(out[0].l - loss)).toBeLessThanOrEqual(rel * Math.max(1, loss));
      expectClose(out[0].r, r, rel);
      expectClose(out[0].theta, refTheta, rel);
      for (const o of out.slice(1)) {
        expect(bits(o.l)).toEqual(bits(out[0].l));
        expect(bits(o.theta)).toEqual(bits(out[0].theta));
      }
    });
  });
}

// Reference: plain left-to-right sum, in a different order from the kernel.
function naiveDot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** The dot checks on a list of engines (as kernelChecks: all must agree bit for bit). */
export function dotChecks(label: string, engines: () => Engine[]): void {
  describe(`${label}: dot`, () => {
    for (const n of SIZES) {
      it(`matches the plain sum and is bit-identical across backends, n=${n}`, () => {
        const x = randomArray(n, 3 + n), y = randomArray(n, 7 + n);
        const ref = naiveDot(x, y);
        const got = engines().map((e) => e.scoped(() => e.exports.dot(n, e.copyIn(x), e.copyIn(y))));
        for (const g of got) expect(Math.abs(g - ref)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref)) * Math.sqrt(n + 1));
        for (const g of got.slice(1)) expect(g).toBe(got[0]);
      });
    }

    it("reads from unaligned element offsets (pointer + 8 bytes)", () => {
      for (const e of engines()) {
        const x = randomArray(41, 5), y = randomArray(41, 6);
        const v = e.scoped(() => e.exports.dot(40, e.copyIn(x) + 8, e.copyIn(y) + 8));
        expect(v).toBeCloseTo(naiveDot(x.subarray(1), y.subarray(1)), 12);
      }
    });
  });
}
