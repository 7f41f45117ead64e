// gemv: y ← α·A·x + β·y for a row-major m×n matrix A.
//
// Each y[i] is dot(A[i,:], x) with dot's fixed summation order (see dot.ts),
// so the SIMD, scalar and JS builds are bit-identical. The SIMD build runs
// two rows at once to share the loads of x; each row keeps its own four
// f64x2 accumulators, so the order per row is exactly dot's.
//
// The loop body takes 4 elements, not 8: it adds into the accumulators of
// partial sums s0..s3 and then swaps them with those of s4..s7, so the next
// 4 elements land in s4..s7, as in dot. With an 8-element body V8 hoists all
// twelve loads ahead of the adds and, with eight accumulators live, spills
// some of them to the stack on every iteration; the 4-element body keeps
// everything in registers (docs/benchmark.md has the measurement).
import { dot } from "./dot";
import { assertF64Range } from "../memory";

/**
 * y[i] ← α·Σ_j A[i,j]·x[j] + β·y[i], i < m, j < n. When β = 0, y is not read
 * (as in BLAS), so garbage or NaN in y does not leak into the result.
 */
export function gemv(m: i32, n: i32, alpha: f64, a: usize, x: usize, beta: f64, y: usize): void {
  assert(m >= 0 && n >= 0, "gemv: negative dimension");
  assertF64Range(a, m * n);
  assertF64Range(x, n);
  assertF64Range(y, m);
  const rowBytes = <usize>n << 3;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n8 = n & ~7;
    for (; i + 2 <= m; i += 2) {
      const p = a + <usize>i * rowBytes;
      const q = p + rowBytes;
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      let b0 = f64x2.splat(0), b1 = f64x2.splat(0), b2 = f64x2.splat(0), b3 = f64x2.splat(0);
      let j = 0;
      // n8/4 passes, an even number, so a0..a3 and b0..b3 end in their own roles.
      for (; j < n8; j += 4) {
        const o = <usize>j << 3;
        const x0 = v128.load(x + o), x1 = v128.load(x + o, 16);
        const ta = f64x2.add(a0, f64x2.mul(v128.load(p + o), x0));
        const tb = f64x2.add(b0, f64x2.mul(v128.load(q + o), x0));
        const ua = f64x2.add(a1, f64x2.mul(v128.load(p + o, 16), x1));
        const ub = f64x2.add(b1, f64x2.mul(v128.load(q + o, 16), x1));
        a0 = a2; a1 = a3; a2 = ta; a3 = ua;
        b0 = b2; b1 = b3; b2 = tb; b3 = ub;
      }
      const ca = f64x2.add(f64x2.add(a0, a2), f64x2.add(a1, a3));
      const cb = f64x2.add(f64x2.add(b0, b2), f64x2.add(b1, b3));
      let r0 = f64x2.extract_lane(ca, 0) + f64x2.extract_lane(ca, 1);
      let r1 = f64x2.extract_lane(cb, 0) + f64x2.extract_lane(cb, 1);
      for (; j < n; j++) {
        const o = <usize>j << 3;
        const xj = load<f64>(x + o);
        r0 += load<f64>(p + o) * xj;
        r1 += load<f64>(q + o) * xj;
      }
      const yo = y + (<usize>i << 3);
      if (beta == 0) {
        store<f64>(yo, alpha * r0);
        store<f64>(yo, alpha * r1, 8);
      } else {
        store<f64>(yo, alpha * r0 + beta * load<f64>(yo));
        store<f64>(yo, alpha * r1 + beta * load<f64>(yo, 8), 8);
      }
    }
  }
  for (; i < m; i++) {
    const r = dot(n, a + <usize>i * rowBytes, x);
    const yo = y + (<usize>i << 3);
    store<f64>(yo, beta == 0 ? alpha * r : alpha * r + beta * load<f64>(yo));
  }
}
