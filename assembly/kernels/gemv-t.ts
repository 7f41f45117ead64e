// gemvT: y ← α·Aᵀ·x + β·y for a row-major m×n matrix A (y has n entries).
//
// Row-major Aᵀx is a sum of scaled rows, so it is computed as axpys:
// y[j] = (((β·y[j] + c₀·A[0,j]) + c₁·A[1,j]) + …) with cᵢ = α·x[i], rows in
// index order. Every element sees the same operations in the same order in
// every build, hence bit-identical backends. Four rows are added per pass
// with the running value kept in a register (same order, a quarter of the
// loads and stores of y).

import { assertF64Range } from "../memory";

/**
 * dst[j] ← src[j] + Σ_i (s·x[i])·A[i,j], rows added in index order, i < m,
 * j < n. src may equal dst. The building block of gemvT and of the fused GD
 * step (assembly/kernels/gd-step-linear.ts).
 */
export function addScaledRows(m: i32, n: i32, s: f64, a: usize, x: usize, src: usize, dst: usize): void {
  addScaledRowsStrided(m, n, <usize>n << 3, s, a, x, src, dst);
}

/**
 * addScaledRows on n columns of a row-major A whose rows are rowBytes apart (rowBytes ≥ 8n): the threads build adds
 * one column window per worker with it (assembly/threads/add-scaled-cols.ts), each element seeing the operations it
 * sees in the whole-row call.
 */
export function addScaledRowsStrided(m: i32, n: i32, rowBytes: usize, s: f64, a: usize, x: usize, src: usize, dst: usize): void {
  if (n <= 0) return;
  if (m <= 0) {
    if (src != dst) memory.copy(dst, src, <usize>n << 3);
    return;
  }
  let from = src;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Eight rows per pass: the same per-element order, an eighth of the loads and stores of dst.
    const n2 = n & ~1;
    for (; i + 8 <= m; i += 8) {
      const xo = x + (<usize>i << 3);
      const v0 = f64x2.splat(s * load<f64>(xo)), v1 = f64x2.splat(s * load<f64>(xo, 8));
      const v2 = f64x2.splat(s * load<f64>(xo, 16)), v3 = f64x2.splat(s * load<f64>(xo, 24));
      const v4 = f64x2.splat(s * load<f64>(xo, 32)), v5 = f64x2.splat(s * load<f64>(xo, 40));
      const v6 = f64x2.splat(s * load<f64>(xo, 48)), v7 = f64x2.splat(s * load<f64>(xo, 56));
      const p0 = a + <usize>i * rowBytes, p1 = p0 + rowBytes, p2 = p1 + rowBytes, p3 = p2 + rowBytes;
      const p4 = p3 + rowBytes, p5 = p4 + rowBytes, p6 = p5 + rowBytes, p7 = p6 + rowBytes;
      let j = 0;
      for (; j < n2; j += 2) {
        const o = <usize>j << 3;
        let t = v128.load(from + o);
        t = f64x2.add(t, f64x2.mul(v0, v128.load(p0 + o)));
        t = f64x2.add(t, f64x2.mul(v1, v128.load(p1 + o)));
        t = f64x2.add(t, f64x2.mul(v2, v128.load(p2 + o)));
        t = f64x2.add(t, f64x2.mul(v3, v128.load(p3 + o)));
        t = f64x2.add(t, f64x2.mul(v4, v128.load(p4 + o)));
        t = f64x2.add(t, f64x2.mul(v5, v128.load(p5 + o)));
        t = f64x2.add(t, f64x2.mul(v6, v128.load(p6 + o)));
        t = f64x2.add(t, f64x2.mul(v7, v128.load(p7 + o)));
        v128.store(dst + o, t);
      }
      for (; j < n; j++) {
        const o = <usize>j << 3;
        let t = load<f64>(from + o);
        t += f64x2.extract_lane(v0, 0) * load<f64>(p0 + o);
        t += f64x2.extract_lane(v1, 0) * load<f64>(p1 + o);
        t += f64x2.extract_lane(v2, 0) * load<f64>(p2 + o);
        t += f64x2.extract_lane(v3, 0) * load<f64>(p3 + o);
        t += f64x2.extract_lane(v4, 0) * load<f64>(p4 + o);
        t += f64x2.extract_lane(v5, 0) * load<f64>(p5 + o);
        t += f64x2.extract_lane(v6, 0) * load<f64>(p6 + o);
        t += f64x2.extract_lane(v7, 0) * load<f64>(p7 + o);
        store<f64>(dst + o, t);
      }
      from = dst;
    }
  }
  for (; i + 4 <= m; i += 4) {
    const xo = x + (<usize>i << 3);
    const c0 = s * load<f64>(xo), c1 = s * load<f64>(xo, 8), c2 = s * load<f64>(xo, 16), c3 = s * load<f64>(xo, 24);
    const p0 = a + <usize>i * rowBytes, p1 = p0 + rowBytes, p2 = p1 + rowBytes, p3 = p2 + rowBytes;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const n2 = n & ~1;
      const v0 = f64x2.splat(c0), v1 = f64x2.splat(c1), v2 = f64x2.splat(c2), v3 = f64x2.splat(c3);
      const n4 = n & ~3;
      for (; j < n4; j += 4) {
        const o = <usize>j << 3;
        let t = v128.load(from + o);
        let u = v128.load(from + o, 16);
        t = f64x2.add(t, f64x2.mul(v0, v128.load(p0 + o)));
        u = f64x2.add(u, f64x2.mul(v0, v128.load(p0 + o, 16)));
        t = f64x2.add(t, f64x2.mul(v1, v128.load(p1 + o)));
        u = f64x2.add(u, f64x2.mul(v1, v128.load(p1 + o, 16)));
        t = f64x2.add(t, f64x2.mul(v2, v128.load(p2 + o)));
        u = f64x2.add(u, f64x2.mul(v2, v128.load(p2 + o, 16)));
        t = f64x2.add(t, f64x2.mul(v3, v128.load(p3 + o)));
        u = f64x2.add(u, f64x2.mul(v3, v128.load(p3 + o, 16)));
        v128.store(dst + o, t);
        v128.store(dst + o, u, 16);
      }
      for (; j < n2; j += 2) {
        const o = <usize>j << 3;
        let t = v128.load(from + o);
        t = f64x2.add(t, f64x2.mul(v0, v128.load(p0 + o)));
        t = f64x2.add(t, f64x2.mul(v1, v128.load(p1 + o)));
        t = f64x2.add(t, f64x2.mul(v2, v128.load(p2 + o)));
        t = f64x2.add(t, f64x2.mul(v3, v128.load(p3 + o)));
        v128.store(dst + o, t);
      }
    }
    for (; j < n; j++) {
      const o = <usize>j << 3;
      let t = load<f64>(from + o);
      t += c0 * load<f64>(p0 + o);
      t += c1 * load<f64>(p1 + o);
      t += c2 * load<f64>(p2 + o);
      t += c3 * load<f64>(p3 + o);
      store<f64>(dst + o, t);
    }
    from = dst;
  }
  for (; i < m; i++) {
    const c = s * load<f64>(x + (<usize>i << 3));
    const p = a + <usize>i * rowBytes;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const n2 = n & ~1;
      const v = f64x2.splat(c);
      for (; j < n2; j += 2) {
        const o = <usize>j << 3;
        v128.store(dst + o, f64x2.add(v128.load(from + o), f64x2.mul(v, v128.load(p + o))));
      }
    }
    for (; j < n; j++) {
      const o = <usize>j << 3;
      store<f64>(dst + o, load<f64>(from + o) + c * load<f64>(p + o));
    }
    from = dst;
  }
}

/**
 * y[j] ← α·Σ_i A[i,j]·x[i] + β·y[j], i < m, j < n. When β = 0, y is not
 * read (as in BLAS).
 */
export function gemvT(m: i32, n: i32, alpha: f64, a: usize, x: usize, beta: f64, y: usize): void {
  assert(m >= 0 && n >= 0, "gemvT: negative dimension");
  assertF64Range(a, m * n);
  assertF64Range(x, m);
  assertF64Range(y, n);
  if (beta == 0) {
    if (n > 0) memory.fill(y, 0, <usize>n << 3);
  } else if (beta != 1) {
    for (let j = 0; j < n; j++) {
      const o = y + (<usize>j << 3);
      store<f64>(o, beta * load<f64>(o));
    }
  }
  addScaledRows(m, n, alpha, a, x, y, y);
}
