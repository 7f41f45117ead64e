// countDistinct and detectGrowth were made cheaper for sweeps (each runs at least once per point): countDistinct sorts
// a typed array instead of an Array with a comparator, detectGrowth skips the two powers when the value fell. Both
// must give exactly the answers of the plain formulas, written out here as the reference, on awkward inputs:
// NaN, ±Infinity, −0 and +0, ties, subnormals, steps dt < 1, values equal to their predecessor.
import { describe, expect, it } from "vitest";
import { countDistinct, DISTINCT_REL_TOL } from "../../src/observe/distinct.js";
import { detectDivergence, detectGrowth, GROWTH_FACTOR, GROWTH_RECORDS, GROWTH_STEADY_FACTOR, GROWTH_STEADY_RECORDS, GROWTH_TOTAL } from "../../src/fits/divergence.js";
import { randomArray } from "../engines.js";

function countDistinctRef(v: ArrayLike<number>, relTol = DISTINCT_REL_TOL): number {
  const sorted = Array.from(v).filter(Number.isFinite).sort((a, b) => a - b);
  let n = sorted.length ? 1 : 0;
  for (let k = 1; k < sorted.length; k++) if (Math.abs(sorted[k] - sorted[k - 1]) > relTol * Math.max(1, Math.abs(sorted[k]))) n++;
  return n;
}

function detectGrowthRef(v: ArrayLike<number>, t?: ArrayLike<number>) {
  const hard = detectDivergence(v, {});
  const stop = hard.diverged ? hard.index! : v.length;
  if (stop > 0) {
    const scale = GROWTH_TOTAL * Math.max(1, Math.abs(v[0]));
    let fast = 0, steady = 0;
    for (let i = 1; i < stop; i++) {
      const dt = t ? t[i] - t[i - 1] : 1;
      const a = Math.abs(v[i - 1]), b = Math.abs(v[i]);
      fast = dt > 0 && a > 0 && b >= a * Math.pow(GROWTH_FACTOR, dt) ? fast + 1 : 0;
      steady = dt > 0 && a > 0 && b >= a * Math.pow(GROWTH_STEADY_FACTOR, dt) ? steady + 1 : 0;
      if ((fast >= GROWTH_RECORDS || steady >= GROWTH_STEADY_RECORDS) && b > scale) return { kind: "divergence", diverged: true, index: i, reason: "growth" };
    }
  }
  return hard;
}

describe("countDistinct (typed sort) equals the Array-and-comparator count", () => {
  it("on random tails with NaN, ±Infinity, ±0, ties and near-ties, at several tolerances", () => {
    const special = [NaN, Infinity, -Infinity, 0, -0, 1e-9, -1e-9, 5e-324, -5e-324, 1, 1 + 1e-9, 1 + 2e-9, 1e300];
    for (let seed = 1; seed <= 300; seed++) {
      const r = randomArray(1 + (seed % 130), seed);
      const v = Array.from(r, (x, i) => {
        const k = Math.floor(Math.abs(x) * 1000) % 7;
        if (k === 0) return special[(seed + i) % special.length];
        if (k === 1) return r[(i * 7) % r.length]; // a repeat
        if (k === 2) return r[i] * (1 + 3e-10); // a near-tie
        return x * 10 ** ((seed % 5) - 2);
      });
      for (const tol of [DISTINCT_REL_TOL, 1e-6, 0]) {
        expect(countDistinct(v, tol), `seed ${seed} tol ${tol}`).toBe(countDistinctRef(v, tol));
        expect(countDistinct(Float64Array.from(v), tol), `typed, seed ${seed}`).toBe(countDistinctRef(v, tol));
      }
    }
    expect(countDistinct([-0, 0, 0, -0])).toBe(1);
    expect(countDistinct([NaN, Infinity])).toBe(0);
    expect(countDistinct([])).toBe(0);
  });
});

describe("detectGrowth (powers skipped when the value fell) equals the plain rule", () => {
  it("on falling, rising, flat, subnormal and diverging series, with and without steps", () => {
    const cases: { v: number[]; t?: number[] }[] = [];
    for (let seed = 1; seed <= 200; seed++) {
      const r = randomArray(40 + (seed % 30), seed);
      const n = r.length;
      const growth = [0.5, 1, 1.01, 1.02, 4, 5, 70][seed % 7];
      const v: number[] = [];
      let x = seed % 3 === 0 ? 5e-324 : seed % 3 === 1 ? 1e-3 : 2;
      for (let i = 0; i < n; i++) {
        x = r[i] > 0.6 ? x : r[i] > 0.5 ? x * 0.9 : x * growth * (1 + 0.01 * r[i]); // some equal to the previous value
        v.push(i % 11 === 5 ? -x : x);
      }
      if (seed % 17 === 0) v[n - 3] = NaN;
      if (seed % 19 === 0) v[n - 2] = Infinity;
      const t = seed % 2 === 0 ? undefined : v.map((_, i) => (seed % 4 === 1 ? i * 1e-3 : Math.round(i * i * 0.5 + i)));
      cases.push({ v, t });
    }
    let grew = 0;
    for (const [k, c] of cases.entries()) {
      const got = detectGrowth(c.v, c.t ? { t: c.t } : {});
      expect(got, `case ${k}`).toEqual(detectGrowthRef(c.v, c.t));
      if (got.diverged && got.reason === "growth") grew++;
    }
    expect(grew).toBeGreaterThan(10); // the growth branch itself was exercised
    expect(detectGrowth([1, 64, 4096, 262144, 16777216])).toEqual(detectGrowthRef([1, 64, 4096, 262144, 16777216]));
  });
});
