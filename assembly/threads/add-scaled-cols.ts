// addScaledRows (assembly/kernels/gemv-t.ts) restricted to the columns [c0, c1) of a row-major m×d A: dst[j] ←
// src[j] + Σ_i (s·x[i])·A[i,j], rows added in index order. Each element sees exactly the operations it sees in
// addScaledRows — a running value, then one rounded multiply and one rounded add per row, in row order; wasm has no
// fused multiply–add (and this build enables no relaxed SIMD) — so a column split between agents gives the bits of
// the whole-row call.

/** dst[j] ← src[j] + Σ_{i<m} (s·x[i])·A[i,j] for c0 ≤ j < c1 (row stride d). src may equal dst. */
export function addScaledRowsCols(m: i32, d: i32, c0: i32, c1: i32, s: f64, a: usize, x: usize, src: usize, dst: usize): void {
  if (c1 <= c0) return;
  const rowBytes = <usize>d << 3;
  const n = c1 - c0;
  const off = <usize>c0 << 3;
  const aCol = a + off;
  src += off;
  dst += off;
  if (m <= 0) {
    if (src != dst) memory.copy(dst, src, <usize>n << 3);
    return;
  }
  let from = src;
  let i = 0;
  const n2 = n & ~1;
  for (; i + 8 <= m; i += 8) {
    const xo = x + (<usize>i << 3);
    const v0 = f64x2.splat(s * load<f64>(xo)), v1 = f64x2.splat(s * load<f64>(xo, 8));
    const v2 = f64x2.splat(s * load<f64>(xo, 16)), v3 = f64x2.splat(s * load<f64>(xo, 24));
    const v4 = f64x2.splat(s * load<f64>(xo, 32)), v5 = f64x2.splat(s * load<f64>(xo, 40));
    const v6 = f64x2.splat(s * load<f64>(xo, 48)), v7 = f64x2.splat(s * load<f64>(xo, 56));
    const p0 = aCol + <usize>i * rowBytes, p1 = p0 + rowBytes, p2 = p1 + rowBytes, p3 = p2 + rowBytes;
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
  for (; i < m; i++) {
    const c = s * load<f64>(x + (<usize>i << 3));
    const v = f64x2.splat(c);
    const p = aCol + <usize>i * rowBytes;
    let j = 0;
    for (; j < n2; j += 2) {
      const o = <usize>j << 3;
      v128.store(dst + o, f64x2.add(v128.load(from + o), f64x2.mul(v, v128.load(p + o))));
    }
    for (; j < n; j++) {
      const o = <usize>j << 3;
      store<f64>(dst + o, load<f64>(from + o) + c * load<f64>(p + o));
    }
    from = dst;
  }
}
