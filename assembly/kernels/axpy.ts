// axpy: y ← a·x + y. Elementwise (one multiply, one add per element), so the
// SIMD, scalar and JS builds are bit-identical whatever the lane layout.

import { assertF64Range } from "../memory";

/** y[i] ← a·x[i] + y[i], i < n. x and y need no 16-byte alignment (8 bytes, as every f64); they must not partly overlap. */
export function axpy(n: i32, a: f64, x: usize, y: usize): void {
  assertF64Range(x, n);
  assertF64Range(y, n);
  assert(x == y || x + (<usize>n << 3) <= y || y + (<usize>n << 3) <= x, "axpy: x and y partly overlap");
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const va = f64x2.splat(a);
    for (; i < n4; i += 4) {
      const o = <usize>i << 3;
      v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, v128.load(x + o))));
      v128.store(y + o, f64x2.add(v128.load(y + o, 16), f64x2.mul(va, v128.load(x + o, 16))), 16);
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + a * load<f64>(x + o));
  }
}
