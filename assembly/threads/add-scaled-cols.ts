// addScaledRows (assembly/kernels/gemv-t.ts) restricted to the columns [c0, c1) of a row-major m×d A: dst[j] ←
// src[j] + Σ_i (s·x[i])·A[i,j], rows added in index order. Each element sees exactly the operations it sees in
// addScaledRows — a running value, then one rounded multiply and one rounded add per row, in row order; wasm has no
// fused multiply–add (and this build enables no relaxed SIMD) — so a column split between agents gives the bits of
// the whole-row call. It is the same kernel, run on a window with the whole row's stride.
import { addScaledRowsStrided } from "../kernels/gemv-t";

/** dst[j] ← src[j] + Σ_{i<m} (s·x[i])·A[i,j] for c0 ≤ j < c1 (row stride d). src may equal dst. */
export function addScaledRowsCols(m: i32, d: i32, c0: i32, c1: i32, s: f64, a: usize, x: usize, src: usize, dst: usize): void {
  if (c1 <= c0) return;
  const off = <usize>c0 << 3;
  addScaledRowsStrided(m, c1 - c0, <usize>d << 3, s, a + off, x, src + off, dst + off);
}
