// A slow linear convergence across M is "not-converged" with a step estimate, never "chaotic": the tail's |θ⊥|
// shrinks at every step, and the estimate is checked against the geometric sequence written here.
import { describe, expect, it } from "vitest";
import { observeRun } from "../../src/index.js";
import { ON_M_FLOOR } from "../../src/observe/observe-run.js";
import { craftedSeries } from "./observe-reference.js";

const N = 20000, q = 0.99935;

/** θ⊥ = ±c·q^t after an irregular transient of 6600 steps (inside the last decade, as in a real slow run); the loss follows θ⊥². */
function slowRun(noisyTail: boolean, transient = 0.05): { perp: number[]; loss: number[] } {
  const perp: number[] = [], loss: number[] = [];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  for (let t = 0; t <= N; t++) {
    const v = t < 6600 || noisyTail ? transient * rand() : (t % 2 ? -1 : 1) * 0.1 * q ** t;
    perp.push(v);
    loss.push(0.5 * v * v + 1e-30);
  }
  return { perp, loss };
}

function observe(perp: number[], loss: number[]) {
  const { series, final } = craftedSeries(loss, perp);
  return observeRun({ eta: (1 + q) / 2, lambdaStar: 1.9, series, final, summary: { stepsRun: N, firstNonFiniteStep: null, minLoss: Math.min(...loss), maxLoss: Math.max(...loss) } });
}

describe("slow convergence across M", () => {
  it("a tail that shrinks by q per step is not-converged, with the steps that rate needs to reach the rounding floor", () => {
    const { perp, loss } = slowRun(false);
    const o = observe(perp, loss);
    expect(o.label).toBe("not-converged");
    const floor = ON_M_FLOOR * Math.SQRT2; // ‖θ_N‖ = √2 in craftedSeries
    const want = N + Math.log(floor / Math.abs(perp[N])) / Math.log(q);
    expect(o.stepsNeeded! / want).toBeGreaterThan(0.99);
    expect(o.stepsNeeded! / want).toBeLessThan(1.01);
  });

  it("without a power law to read (a transient as small as the decay), the tail's own shrinking says so", () => {
    const { perp, loss } = slowRun(false, 1e-4);
    const o = observe(perp, loss);
    expect(o.label).toBe("not-converged");
    expect(o.labelReason, o.labelReason).toContain("shrinks at every step");
    const want = N + Math.log(ON_M_FLOOR * Math.SQRT2 / Math.abs(perp[N])) / Math.log(q);
    expect(Math.abs(o.stepsNeeded! / want - 1)).toBeLessThan(0.01);
  });

  it("an irregular bounded tail stays chaotic", () => {
    const { perp, loss } = slowRun(true);
    expect(observe(perp, loss).label).toBe("chaotic");
  });
});
