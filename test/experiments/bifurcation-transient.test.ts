// The bifurcation transient (docs/design.md §2, §3): near η_c the approach to the attractor slows down like the
// crossover time 1/|ηλ* − 2|, so a fixed transient opens a false fork before η_c. These tests run a plain JS loop of
// GD on deep scalar factorisation (written here, independent of the engine) for the steps the rule asks for.
import { beforeAll, describe, expect, it } from "vitest";
import { bifurcationPoint, bifurcationSvg, bifurcationTransient, BIFURCATION_TRANSIENT, deepScalar, engineGeometry, startNearM, tailSettled, type Engine } from "../../src/index.js";
import { initSync } from "../../src/init.js";

const P = 12;
const LAMBDA_STAR = P; // p·|y|^{2−2/p} at y = 1
const ETA_C = 2 / LAMBDA_STAR;
const K = 32;
/** Spread of θ⊥ over the tail above which the diagram shows a fork (a pixel is ~1e-3 of its y-range). */
const FORK = 2.5e-4;

/** The explorer's start at depth p: on M at exp(u), u = 0.3·(evenly spaced in [−1, 1]), then 0.01 along the normal. */
function start(p: number): number[] {
  const x = Array.from({ length: p }, (_, i) => Math.exp(0.3 * (-1 + (2 * i) / (p - 1))));
  const g = x.map((_, i) => x.reduce((s, v, j) => (j === i ? s : s * v), 1));
  const gn = Math.hypot(...g);
  return x.map((v, i) => v + (0.01 * g[i]) / gn);
}

/** Plain GD on ℓ = ½(Πθ − 1)², N steps; the last k values of the first-order signed distance (f − y)/‖∇f‖ to M. */
function plainTail(eta: number, N: number, k: number): number[] {
  const t = start(P);
  const out: number[] = [];
  const pre = new Float64Array(P + 1), suf = new Float64Array(P + 1), g = new Float64Array(P);
  for (let s = 0; s < N; s++) {
    pre[0] = 1; suf[P] = 1;
    for (let i = 0; i < P; i++) pre[i + 1] = pre[i] * t[i];
    for (let i = P - 1; i >= 0; i--) suf[i] = suf[i + 1] * t[i];
    const r = pre[P] - 1;
    let gn = 0;
    for (let i = 0; i < P; i++) { g[i] = pre[i] * suf[i + 1]; gn += g[i] * g[i]; }
    if (s >= N - k) out.push(r / Math.sqrt(gn));
    for (let i = 0; i < P; i++) t[i] -= eta * r * g[i];
  }
  return out;
}

const spread = (v: number[]) => Math.max(...v) - Math.min(...v);

let engine: Engine;
beforeAll(() => {
  engine = initSync();
});

describe("bifurcationTransient", () => {
  it("is factor·p²/|ηλ* − 2|, at least base, capped, and says when the cap was hit", () => {
    const t = bifurcationTransient(0.995 * ETA_C, LAMBDA_STAR, P);
    expect(t.crossover).toBeCloseTo(100, 6);
    expect(t.steps).toBe(Math.ceil(BIFURCATION_TRANSIENT.factor * P * P * 100));
    expect(t.capped).toBe(false);
    expect(bifurcationTransient(0.5 * ETA_C, LAMBDA_STAR, P).steps).toBe(BIFURCATION_TRANSIENT.base);
    const near = bifurcationTransient(0.9995 * ETA_C, LAMBDA_STAR, P);
    expect(near).toMatchObject({ steps: BIFURCATION_TRANSIENT.cap, capped: true });
    expect(bifurcationTransient(ETA_C, LAMBDA_STAR, P)).toMatchObject({ wanted: Infinity, capped: true });
    expect(() => bifurcationTransient(-1, LAMBDA_STAR, P)).toThrow(/η must be/);
    expect(() => bifurcationTransient(0.1, LAMBDA_STAR, P, { base: 10, cap: 5 })).toThrow(/base ≤ cap/);
  });

  it("depth 12: no fork below 0.998·η_c after the rule's transient (plain JS GD), while 20 000 steps leave one", () => {
    for (const frac of [0.95, 0.985, 0.99, 0.995, 0.997]) {
      const eta = frac * ETA_C;
      const t = bifurcationTransient(eta, LAMBDA_STAR, P);
      expect(t.capped).toBe(false);
      const tail = plainTail(eta, t.steps + K, K);
      expect(spread(tail), `η = ${frac}·η_c after ${t.steps} steps`).toBeLessThan(FORK);
      expect(tailSettled(tail)).toBe(true);
    }
    // The old fixed transient: a visible fork at 0.985–0.997·η_c, which tailSettled flags.
    for (const frac of [0.985, 0.99, 0.995]) {
      const tail = plainTail(frac * ETA_C, 20_000 + K, K);
      expect(spread(tail)).toBeGreaterThan(2e-3);
      expect(tailSettled(tail)).toBe(false);
    }
  }, 60_000);

  it("above η_c the tail after the rule's transient is on its period-2 orbit (plain JS GD)", () => {
    for (const frac of [1.005, 1.02]) {
      const eta = frac * ETA_C;
      const t = bifurcationTransient(eta, LAMBDA_STAR, P);
      const tail = plainTail(eta, t.steps + K, K);
      // Same parity, K steps apart in the tail: within 1e-6 of each other; the two parities straddle M.
      expect(Math.abs(tail[K - 1] - tail[1])).toBeLessThan(1e-6);
      expect(Math.abs(tail[K - 2] - tail[0])).toBeLessThan(1e-6);
      expect(tail[K - 1] * tail[K - 2]).toBeLessThan(0);
      expect(tailSettled(tail)).toBe(true);
    }
  }, 60_000);
});

describe("tailSettled", () => {
  it("flags a geometric approach by what remains of it, not by the last step's move", () => {
    // θ⊥_t = ±A·q^t: the remaining move is A·q^t itself.
    const geo = (A: number, q: number) => Array.from({ length: K }, (_, i) => (i % 2 ? -1 : 1) * A * Math.pow(q, i));
    expect(tailSettled(geo(5e-3, 0.99995))).toBe(false); // moves 1e-5 over the tail, 5e-3 still to go
    expect(tailSettled(geo(5e-5, 0.99995))).toBe(true); // 5e-5 to go: below 1e-4
    expect(tailSettled(geo(5e-3, 0.5))).toBe(true); // already there to 1e-4 … the remaining move is tiny
    // A period-4 orbit and rounding noise on M: not monotone, settled.
    expect(tailSettled(Array.from({ length: K }, (_, i) => [0.1, -0.2, 0.15, -0.05][i % 4]))).toBe(true);
    expect(tailSettled(Array.from({ length: K }, (_, i) => 1e-13 * Math.sin(7 * i)))).toBe(true);
    expect(() => tailSettled([1, NaN, 2, 3])).toThrow(/finite/);
  });

  it("an engine column after 20 000 steps is unsettled, after the rule's transient settled; the SVG draws the first apart", () => {
    const model = deepScalar({ depth: P, target: 1 });
    const theta0 = startNearM(Array.from({ length: P }, (_, i) => 0.3 * (-1 + (2 * i) / (P - 1))), 1);
    const geo = engineGeometry(engine);
    const short = bifurcationPoint(model, geo, 0.99 * ETA_C, 20_000, K, theta0).point;
    const t = bifurcationTransient(0.99 * ETA_C, LAMBDA_STAR, P);
    const long = bifurcationPoint(model, geo, 0.99 * ETA_C, t.steps + K, K, theta0).point;
    expect(tailSettled(short.attractor)).toBe(false);
    expect(tailSettled(long.attractor)).toBe(true);
    expect(spread(long.attractor)).toBeLessThan(FORK);
    const svg = bifurcationSvg({ model: model.name, lambdaStar: LAMBDA_STAR, etaCritical: ETA_C, steps: 20_000, tail: K, theta0: Array.from(theta0), points: [short, long] });
    expect(svg).toContain("tail not settled");
  }, 60_000);
});
