// gemv's summation order, bit for bit: every row must equal a plain loop written here with dot's fixed order (eight
// partial sums s_j over i ≡ j mod 8, combined as ((s0+s4)+(s2+s6)) + ((s1+s5)+(s3+s7)), then the tail in index order),
// on every backend. The SIMD build's loop takes 4 elements at a time and swaps two accumulator sets (assembly/kernels/gemv.ts);
// a slip in that rotation changes the bits at some n mod 8, which these sizes cover (every residue, both row parities).
import { describe, expect, it } from "vitest";
import { BACKENDS, engines, randomArray } from "../engines.js";

function dotOrder(a: Float64Array, ao: number, x: Float64Array, n: number): number {
  const s = new Float64Array(8);
  const n8 = n & ~7;
  let i = 0;
  for (; i < n8; i++) s[i & 7] += a[ao + i] * x[i];
  let r = ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]));
  for (; i < n; i++) r += a[ao + i] * x[i];
  return r;
}

const eng = engines();
describe("gemv: the plain dot-order loop, bit for bit", () => {
  const shapes: [number, number][] = [];
  for (const m of [1, 2, 3, 6]) for (let n = 0; n <= 41; n++) shapes.push([m, n]);
  shapes.push([5, 4000], [4, 4004], [3, 4007]);
  it.each(BACKENDS)("%s", (b) => {
    const e = eng[b];
    for (const [m, n] of shapes) {
      const A = randomArray(m * n, 3 + 7 * m + n), x = randomArray(n, 5 + n), y0 = randomArray(m, 11 + m);
      for (const [alpha, beta] of [[1, 0], [1, -1], [0.3, 2]] as const) {
        const got = e.scoped(() => {
          const pa = e.copyIn(A), px = e.copyIn(x), py = e.copyIn(y0);
          e.exports.gemv(m, n, alpha, pa, px, beta, py);
          return e.read(py, m);
        });
        for (let i = 0; i < m; i++) {
          const r = dotOrder(A, i * n, x, n);
          expect(Object.is(got[i], beta === 0 ? alpha * r : alpha * r + beta * y0[i])).toBe(true);
        }
      }
    }
  });
});
