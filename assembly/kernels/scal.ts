// scal: x ← a·x. Elementwise, so bit-identical across backends.

import { assertF64Range } from "../memory";

/** x[i] ← a·x[i], i < n. */
export function scal(n: i32, a: f64, x: usize): void {
  assertF64Range(x, n);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const va = f64x2.splat(a);
    for (; i < n4; i += 4) {
      const o = <usize>i << 3;
      v128.store(x + o, f64x2.mul(va, v128.load(x + o)));
      v128.store(x + o, f64x2.mul(va, v128.load(x + o, 16)), 16);
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(x + o, a * load<f64>(x + o));
  }
}
