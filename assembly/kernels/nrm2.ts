// nrm2: the Euclidean norm, as sqrt(dot(x, x)).
//
// It reuses dot's fixed summation order, so all three backends agree bit for
// bit (f64.sqrt and Math.sqrt are both correctly rounded). There is no
// BLAS-style rescaling: the sum of squares overflows to +Inf once ‖x‖ passes
// about 1.3e154, which callers treat as divergence, never as a value.
import { dot } from "./dot";

/** sqrt(Σ x[i]²), i < n. */
export function nrm2(n: i32, x: usize): f64 {
  return Math.sqrt(dot(n, x, x));
}
