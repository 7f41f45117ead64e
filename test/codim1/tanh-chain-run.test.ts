// The tanh chain's three regimes (docs/design.md §1, §2): eoslab's prediction (analyseRun on the general path) against
// the facts behind each label, measured on GD written here as a plain loop: the linear rate below η_c, the t^{-1/2}
// decay at η_c, the period-2 orbit above it. Depth 3, x = 1, y = 0.5, from the default start.
import { beforeAll, describe, expect, it } from "vitest";
import { analyseRun, engineGeometry, flattestMinimum, init, tanhChain, tanhChainStart } from "../../src/index.js";

const X = 1, Y = 0.5, P = 3;

/** Plain GD on ½(f − y)²: θ ← θ − η(f − y)∇f, f and ∇f by explicit loops. Calls `visit(t, r, θ)` with r = f(θ_t) − y. */
function plainGd(theta0: ArrayLike<number>, eta: number, steps: number, visit: (t: number, r: number, th: number[]) => void): number[] {
  const th = Array.from(theta0);
  const h = new Array<number>(P).fill(0), g = new Array<number>(P).fill(0);
  for (let t = 0; t <= steps; t++) {
    h[0] = X;
    for (let k = 1; k < P; k++) h[k] = Math.tanh(th[k - 1] * h[k - 1]);
    const r = th[P - 1] * h[P - 1] - Y;
    visit(t, r, th);
    if (t === steps) break;
    g[P - 1] = h[P - 1];
    let hbar = th[P - 1];
    for (let k = P - 1; k >= 1; k--) {
      const abar = hbar * (1 - h[k] * h[k]);
      g[k - 1] = abar * h[k - 1];
      hbar = abar * th[k - 1];
    }
    for (let k = 0; k < P; k++) th[k] -= eta * r * g[k];
  }
  return th;
}

function sharpnessPlain(th: number[]): number {
  // λ(θ) on M is ‖∇f‖²; at a limit point of a converging run r = 0, so ∇²ℓ = ∇f∇fᵀ.
  const h = [X];
  for (let k = 1; k < P; k++) h.push(Math.tanh(th[k - 1] * h[k - 1]));
  let s = h[P - 1] ** 2, hbar = th[P - 1];
  for (let k = P - 1; k >= 1; k--) {
    const abar = hbar * (1 - h[k] ** 2);
    s += (abar * h[k - 1]) ** 2;
    hbar = abar * th[k - 1];
  }
  return s;
}

describe("tanh chain, depth 3, x = 1, y = 0.5: predicted regimes against plain-loop GD", () => {
  const model = tanhChain({ depth: P, input: X, target: Y });
  const theta0 = tanhChainStart(model);
  let lambdaStar = NaN;
  beforeAll(async () => {
    await init();
    lambdaStar = flattestMinimum(model, theta0).lambdaStar;
  });

  it("0.98·η_c: predicted subcritical; the plain loop converges linearly at the predicted rate, to λ in (λ*, 2/η)", () => {
    const eta = 0.98 * 2 / lambdaStar;
    const a = analyseRun(model, engineGeometry(), { eta, steps: 20_000, theta0 });
    expect(a.prediction.regime.regime).toBe("subcritical");
    const rs: number[] = [];
    const th = plainGd(theta0, eta, 20_000, (_t, r) => rs.push(r));
    const lamInf = sharpnessPlain(th);
    expect(lamInf).toBeGreaterThan(lambdaStar);
    expect(eta * lamInf).toBeLessThan(2);
    // Per-step contraction of |r| once the run is near M and before round-off: |r_{t+1}/r_t| → |1 − ηλ(θ∞)|.
    const ratios: number[] = [];
    for (let t = 1; t < rs.length; t++) if (Math.abs(rs[t - 1]) < 1e-5 && Math.abs(rs[t]) > 1e-11) ratios.push(Math.abs(rs[t] / rs[t - 1]));
    expect(ratios.length).toBeGreaterThan(50);
    const measured = ratios[ratios.length - 1];
    expect(Math.abs(measured - Math.abs(1 - eta * lamInf))).toBeLessThan(1e-4);
    expect(a.prediction.rate).not.toBeNull();
    expect(Math.abs(a.prediction.rate! - measured)).toBeLessThan(1e-4);
  }, 60_000);

  it("η_c: predicted critical; the plain loop's |f − y| decays like t^{-1/2} (not linearly)", () => {
    const eta = 2 / lambdaStar;
    const a = analyseRun(model, engineGeometry(), { eta, steps: 1000, theta0 });
    expect(a.prediction.regime.regime).toBe("critical");
    // Mean |r| over two-step windows (the residual alternates in sign) at t = 10⁴, 10⁵, 10⁶ (the paper fits on 10⁴–10⁶).
    const at = new Map<number, number>();
    plainGd(theta0, eta, 1_000_001, (t, r) => {
      for (const T of [10_000, 100_000, 1_000_000]) if (t === T || t === T + 1) at.set(T, (at.get(T) ?? 0) + Math.abs(r) / 2);
    });
    const slope1 = Math.log10(at.get(100_000)! / at.get(10_000)!), slope2 = Math.log10(at.get(1_000_000)! / at.get(100_000)!);
    expect(Math.abs(slope2 + 0.5)).toBeLessThan(0.02);
    expect(Math.abs(slope1 + 0.5)).toBeLessThan(0.02);
  }, 60_000);

  it("1.02·η_c: predicted supercritical with a stable orbit; the plain loop settles on a period-2 orbit with the predicted losses", () => {
    const eta = 1.02 * 2 / lambdaStar;
    const a = analyseRun(model, engineGeometry(), { eta, steps: 1000, theta0 });
    expect(a.prediction.regime.regime).toBe("supercritical");
    expect(a.prediction.orbitStable).toBe(true);
    const last: { r: number; th: number[] }[] = [];
    plainGd(theta0, eta, 100_000, (t, r, th) => {
      if (t >= 100_000 - 2) last.push({ r, th: th.slice() });
    });
    const [t0, t1, t2] = last;
    const d02 = Math.hypot(...t0.th.map((v, k) => v - t2.th[k])), d01 = Math.hypot(...t0.th.map((v, k) => v - t1.th[k]));
    expect(d02).toBeLessThan(1e-10); // period 2 …
    expect(d01).toBeGreaterThan(1e-2); // … and not a fixed point
    // The predicted orbit points' residuals f(θ_a) − y, f(θ_b) − y against the plain loop's two residuals.
    const orbit = a.prediction.orbit!;
    const pred = [model.f(orbit.thetaA!) - Y, model.f(orbit.thetaB!) - Y].sort((u, v) => u - v);
    const meas = [t0.r, t1.r].sort((u, v) => u - v);
    expect(Math.abs(pred[0] - meas[0])).toBeLessThan(1e-9);
    expect(Math.abs(pred[1] - meas[1])).toBeLessThan(1e-9);
    expect(Math.abs(meas[0])).toBeGreaterThan(1e-3);
  }, 60_000);
});
