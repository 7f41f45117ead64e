// dot: Σ x[i]·y[i] over n f64 values at raw byte pointers.
//
// Summation order is fixed and identical in every build: eight partial sums
// s[j] take the elements with i ≡ j (mod 8), they are combined as
// ((s0+s4)+(s2+s6)) + ((s1+s5)+(s3+s7)), and the tail (n mod 8) is added
// last in index order. The SIMD build holds s0..s7 in four f64x2 registers
// (lanes {0,1},{2,3},{4,5},{6,7}); the scalar build and the JS baseline
// (src/baseline/dot.ts) hold them in eight locals. f64x2 add/mul round
// exactly like scalar add/mul (no FMA, no relaxed SIMD), so all three
// backends return bit-identical results.

import { assertF64Range } from "../memory";

/** Σ x[i]·y[i], i < n. */
export function dot(n: i32, x: usize, y: usize): f64 {
  assertF64Range(x, n);
  assertF64Range(y, n);
  const n8 = n & ~7;
  let i = 0;
  let r: f64 = 0;
  if (ASC_FEATURE_SIMD) {
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
    for (; i < n8; i += 8) {
      const o = <usize>i << 3;
      a0 = f64x2.add(a0, f64x2.mul(v128.load(x + o), v128.load(y + o)));
      a1 = f64x2.add(a1, f64x2.mul(v128.load(x + o, 16), v128.load(y + o, 16)));
      a2 = f64x2.add(a2, f64x2.mul(v128.load(x + o, 32), v128.load(y + o, 32)));
      a3 = f64x2.add(a3, f64x2.mul(v128.load(x + o, 48), v128.load(y + o, 48)));
    }
    // lanes: a0=(s0,s1) a1=(s2,s3) a2=(s4,s5) a3=(s6,s7)
    const b = f64x2.add(f64x2.add(a0, a2), f64x2.add(a1, a3));
    r = f64x2.extract_lane(b, 0) + f64x2.extract_lane(b, 1);
  } else {
    let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
    let s4: f64 = 0, s5: f64 = 0, s6: f64 = 0, s7: f64 = 0;
    for (; i < n8; i += 8) {
      const o = <usize>i << 3;
      s0 += load<f64>(x + o) * load<f64>(y + o);
      s1 += load<f64>(x + o, 8) * load<f64>(y + o, 8);
      s2 += load<f64>(x + o, 16) * load<f64>(y + o, 16);
      s3 += load<f64>(x + o, 24) * load<f64>(y + o, 24);
      s4 += load<f64>(x + o, 32) * load<f64>(y + o, 32);
      s5 += load<f64>(x + o, 40) * load<f64>(y + o, 40);
      s6 += load<f64>(x + o, 48) * load<f64>(y + o, 48);
      s7 += load<f64>(x + o, 56) * load<f64>(y + o, 56);
    }
    r = ((s0 + s4) + (s2 + s6)) + ((s1 + s5) + (s3 + s7));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    r += load<f64>(x + o) * load<f64>(y + o);
  }
  return r;
}
