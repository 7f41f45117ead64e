// The tanh chain's callbacks against plain loops written here (docs/design.md §1): f by nesting tanh, ∇f by the
// product formula, the Hessian by hyper-dual numbers (exact second derivatives, a different algorithm from the model's
// forward-over-reverse pass); finite differences only as a sanity check. λ* against a closed form (depth 2) and a
// brute-force search over M (depth 3).
import { describe, expect, it } from "vitest";
import { flattestMinimum, InvalidArgumentError, tanhChain, tanhChainStart } from "../../src/index.js";

function fPlain(th: number[], x: number): number {
  const p = th.length;
  let h = x;
  for (let k = 0; k < p - 1; k++) h = Math.tanh(th[k] * h);
  return th[p - 1] * h;
}

/** ∂f/∂θ_k = θ_p·Π_{j>k, j<p} (1 − h_j²)θ_j · (1 − h_k²)·h_{k−1}; ∂f/∂θ_p = h_{p−1}. */
function gradPlain(th: number[], x: number): number[] {
  const p = th.length;
  const h = [x];
  for (let k = 1; k < p; k++) h.push(Math.tanh(th[k - 1] * h[k - 1]));
  const g: number[] = [];
  for (let k = 1; k < p; k++) {
    let prod = th[p - 1];
    for (let j = k + 1; j < p; j++) prod *= (1 - h[j] ** 2) * th[j - 1];
    g.push(prod * (1 - h[k] ** 2) * h[k - 1]);
  }
  g.push(h[p - 1]);
  return g;
}

/** Hyper-dual number a + b·ε₁ + c·ε₂ + d·ε₁ε₂ (ε₁² = ε₂² = 0): d of f(θ + ε₁e_i + ε₂e_j) is ∂²f/∂θ_i∂θ_j exactly. */
type HD = [number, number, number, number];
const mul = (u: HD, v: HD): HD => [u[0] * v[0], u[0] * v[1] + u[1] * v[0], u[0] * v[2] + u[2] * v[0], u[0] * v[3] + u[1] * v[2] + u[2] * v[1] + u[3] * v[0]];
const tanhHD = (u: HD): HD => {
  const t = Math.tanh(u[0]), d1 = 1 - t * t, d2 = -2 * t * d1;
  return [t, d1 * u[1], d1 * u[2], d1 * u[3] + d2 * u[1] * u[2]];
};
function hessianPlain(th: number[], x: number): number[][] {
  const p = th.length;
  const H: number[][] = [];
  for (let i = 0; i < p; i++) {
    H.push([]);
    for (let j = 0; j < p; j++) {
      const t = th.map((v, k): HD => [v, k === i ? 1 : 0, k === j ? 1 : 0, 0]);
      let h: HD = [x, 0, 0, 0];
      for (let k = 0; k < p - 1; k++) h = tanhHD(mul(t[k], h));
      H[i].push(mul(t[p - 1], h)[3]);
    }
  }
  return H;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

describe("tanhChain callbacks", () => {
  const r = rng(11);
  const cases = [2, 3, 5, 8].flatMap((p) => [0, 1, 2].map(() => ({ p, x: 2 * r(), th: Array.from({ length: p }, () => 1.5 * r()) })));

  it("f and ∇f agree with plain loops", () => {
    for (const { p, x, th } of cases) {
      const m = tanhChain({ depth: p, input: x, target: 0.3 });
      expect(m.f(Float64Array.from(th))).toBeCloseTo(fPlain(th, x), 14);
      const g = new Float64Array(p);
      m.grad(Float64Array.from(th), g);
      const ref = gradPlain(th, x);
      for (let k = 0; k < p; k++) expect(Math.abs(g[k] - ref[k])).toBeLessThan(1e-14 * (1 + Math.abs(ref[k])));
    }
  });

  it("the Hessian-vector product equals a dense hyper-dual Hessian times v, column by column and for random v", () => {
    for (const { p, x, th } of cases) {
      const m = tanhChain({ depth: p, input: x, target: 0.3 });
      const H = hessianPlain(th, x);
      const out = new Float64Array(p);
      for (let i = 0; i < p; i++) {
        const e = new Float64Array(p);
        e[i] = 1;
        m.hvp(Float64Array.from(th), e, out);
        for (let k = 0; k < p; k++) expect(Math.abs(out[k] - H[k][i])).toBeLessThan(1e-13 * (1 + Math.abs(H[k][i])));
      }
      const v = Array.from({ length: p }, () => r());
      m.hvp(Float64Array.from(th), Float64Array.from(v), out);
      for (let k = 0; k < p; k++) {
        const ref = H[k].reduce((s, hkj, j) => s + hkj * v[j], 0);
        expect(Math.abs(out[k] - ref)).toBeLessThan(1e-13 * (1 + Math.abs(ref)));
      }
    }
  });

  it("sanity: central second differences of f agree with the HVP to O(h²)", () => {
    const th = [0.7, -1.1, 0.9, 1.3], x = 0.8, p = 4, hs = 1e-4;
    const m = tanhChain({ depth: p, input: x, target: 0.3 });
    const out = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      const e = new Float64Array(p);
      e[i] = 1;
      m.hvp(Float64Array.from(th), e, out);
      for (let j = 0; j < p; j++) {
        const at = (a: number, b: number) => fPlain(th.map((v, k) => v + (k === i ? a : 0) + (k === j ? b : 0)), x);
        const fd = (at(hs, hs) - at(hs, -hs) - at(-hs, hs) + at(-hs, -hs)) / (4 * hs * hs);
        expect(Math.abs(fd - out[j])).toBeLessThan(1e-5);
      }
    }
  });

  it("the default start is 0.01 off M along the normal, from θ_k = 1.2", () => {
    const m = tanhChain({ depth: 3, input: 1, target: 0.5 });
    const t0 = tanhChainStart(m);
    const on = [1.2, 1.2, 0.5 / fPlain([1.2, 1.2, 1], 1)];
    const g = gradPlain(on, 1), gn = Math.hypot(...g);
    for (let k = 0; k < 3; k++) expect(t0[k]).toBeCloseTo(on[k] + 0.01 * g[k] / gn, 14);
  });

  it("refuses depth < 2, x = 0, y = 0 and non-finite values with InvalidArgumentError", () => {
    expect(() => tanhChain({ depth: 1, input: 1, target: 1 })).toThrow(InvalidArgumentError);
    expect(() => tanhChain({ depth: 3, input: 0, target: 1 })).toThrow(InvalidArgumentError);
    expect(() => tanhChain({ depth: 3, input: 1, target: 0 })).toThrow(InvalidArgumentError);
    expect(() => tanhChain({ depth: 3, input: NaN, target: 1 })).toThrow(InvalidArgumentError);
    expect(() => tanhChain({ depth: 2.5, input: 1, target: 1 })).toThrow(InvalidArgumentError);
  });
});

/** λ(θ) = ‖∇f‖² on M, parametrised by θ₁ … θ_{p−1} (θ_p = y/h_{p−1}). */
function lambdaOnM(free: number[], x: number, y: number): number {
  const h = fPlain([...free, 1], x);
  return gradPlain([...free, y / h], x).reduce((s, g) => s + g * g, 0);
}

describe("tanh chain: the flattest minimum from the general search", () => {
  it("depth 2 agrees with the closed form λ* = s + x²y²(1 − s)²/s, s = |xy|/√(1 + x²y²)", () => {
    for (const [x, y] of [[1, 0.5], [2, 0.3], [-1, 0.7]]) {
      const s = Math.abs(x * y) / Math.sqrt(1 + x * x * y * y);
      const ref = s + x * x * y * y * (1 - s) ** 2 / s;
      const m = tanhChain({ depth: 2, input: x, target: y });
      const r = flattestMinimum(m, tanhChainStart(m));
      expect(r.converged).toBe(true);
      expect(Math.abs(r.lambdaStar - ref)).toBeLessThan(1e-12);
    }
  });

  it("depth 3, x = 1, y = 0.5: agrees with a brute-force grid and compass search over M", () => {
    const x = 1, y = 0.5;
    let best = [0, 0], bestL = Infinity;
    for (let a = -4; a <= 4; a += 0.05) for (let b = -4; b <= 4; b += 0.05) {
      const l = lambdaOnM([a, b], x, y);
      if (Number.isFinite(l) && l < bestL) { bestL = l; best = [a, b]; }
    }
    for (let step = 0.05; step > 1e-9;) {
      let moved = false;
      for (const [da, db] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
        const c = [best[0] + step * da, best[1] + step * db], l = lambdaOnM(c, x, y);
        if (l < bestL) { bestL = l; best = c; moved = true; }
      }
      if (!moved) step /= 2;
    }
    // Attained in the interior, below the value 1 that λ approaches as any θ_k → ∞ (docs/design.md §1).
    expect(bestL).toBeLessThan(0.6);
    const m = tanhChain({ depth: 3, input: x, target: y });
    const r = flattestMinimum(m, tanhChainStart(m));
    expect(r.converged).toBe(true);
    expect(Math.abs(r.lambdaStar - bestL)).toBeLessThan(1e-10);
    // Same point up to the model's sign symmetries (θ_k, θ_{k+1}) → (−θ_k, −θ_{k+1}).
    expect(Math.abs(Math.abs(r.point[0]) - Math.abs(best[0]))).toBeLessThan(1e-5);
    expect(Math.abs(Math.abs(r.point[1]) - Math.abs(best[1]))).toBeLessThan(1e-5);
  });
});
