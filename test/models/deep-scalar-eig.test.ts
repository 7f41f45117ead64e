// The small dense symmetric eigensolver used for λ(θ) (assembly/linalg/sym-eig.ts),
// on all backends, against references that do not run Jacobi rotations: the
// library's symmetricEigen is the same Jacobi algorithm, so it would share any
// flaw. Instead: eigenvalues by Sylvester's law of inertia and bisection
// (test/inertia.ts), the trace, and closed forms (rank one, 2×2, diagonal).
import { describe, expect, it } from "vitest";
import { BACKENDS, engines, randomArray } from "../engines.js";
import { eigenvaluesByBisection } from "../inertia.js";

const eng = engines();

function symEig(b: (typeof BACKENDS)[number], a: Float64Array, n: number): Float64Array {
  const e = eng[b];
  return e.scoped(() => {
    const pa = e.copyIn(a), pd = e.allocF64(n);
    e.exports.symEigJacobi(n, pa, pd, 60);
    return e.read(pd, n).sort((x, y) => y - x);
  });
}

describe("symEigJacobi", () => {
  it("matches inertia bisection and the trace at sizes 1, 2, 3, 5, 8, 13, bit-identical across backends", () => {
    for (const n of [1, 2, 3, 5, 8, 13]) {
      const r = randomArray(n * n, 40 + n);
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = r[i * n + j] * (i === j ? 3 : 1);
      const ref = eigenvaluesByBisection(a, n);
      const got = BACKENDS.map((b) => symEig(b, a, n));
      const scale = Math.max(1, ...Array.from(ref, Math.abs));
      for (let i = 0; i < n; i++) expect(Math.abs(got[0][i] - ref[i])).toBeLessThan(1e-13 * scale);
      // Σλ = tr A, with no eigensolver at all.
      let trace = 0, sum = 0;
      for (let i = 0; i < n; i++) { trace += a[i * n + i]; sum += got[0][i]; }
      expect(Math.abs(sum - trace)).toBeLessThan(1e-13 * n * scale);
      for (const g of got.slice(1)) expect(Array.from(g)).toEqual(Array.from(got[0]));
    }
  });

  it("handles diagonal, rank-one and zero-diagonal matrices", () => {
    // rank one: g gᵀ has eigenvalues ‖g‖², 0, 0
    const g = [1, -2, 0.5];
    const a = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) a[i * 3 + j] = g[i] * g[j];
    const ev = symEig("simd", a, 3);
    expect(ev[0]).toBeCloseTo(5.25, 13);
    expect(Math.abs(ev[1])).toBeLessThan(1e-14);
    // [[0, 1], [1, 0]] has eigenvalues ±1
    const ev2 = symEig("wasm", Float64Array.from([0, 1, 1, 0]), 2);
    expect(ev2[0]).toBeCloseTo(1, 15);
    expect(ev2[1]).toBeCloseTo(-1, 15);
    expect(Array.from(symEig("js", Float64Array.from([3, 0, 0, -2]), 2))).toEqual([3, -2]);
  });
});
