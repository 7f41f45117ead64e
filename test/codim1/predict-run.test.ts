// predictRun / predictedRate / completePrediction: the one place the run's prediction is derived (analyseRun uses it).
import { describe, expect, it } from "vitest";
import {
  analyseRun, completePrediction, deepScalar, engineGeometry, initSync, InvalidArgumentError, predictedRate, predictRun,
} from "../../src/index.js";

const engine = initSync({ backend: "simd" });
const geo = engineGeometry(engine);

describe("predictRun", () => {
  it("deep scalar p = 2, y = 1: λ* = 2, regimes from η, the supercritical orbit and its rate before any run", () => {
    const m = deepScalar({ depth: 2 });
    const theta0 = [1.8, 1 / 1.8 + 0.02];
    const sup = predictRun(m, geo, { eta: 1.05, theta0 });
    expect(sup.regime.regime).toBe("supercritical");
    expect(sup.regime.lambdaStar).toBe(2);
    // θ∥* = (1, 1) for f = ab, y = 1.
    expect(sup.thetaStar[0]).toBeCloseTo(1, 14);
    expect(sup.orbit?.found).toBe(true);
    expect(sup.orbitStable).toBe(true);
    expect(sup.orbitRate).toBe(sup.orbit!.floquet!.perStepRate);
    // The supercritical rate does not depend on the run's end.
    expect(predictedRate(sup, 123).rate).toBe(sup.orbitRate);
    expect(predictedRate(sup, 123).lambdaParInfinity).toBeNull();

    const sub = predictRun(m, geo, { eta: 0.9, theta0 });
    expect(sub.orbit).toBeNull();
    expect(sub.orbitRate).toBeNull();
    // λ(θ∥₀) = a² + b² on M: (1.8, 0.5756)'s projection has λ > 2/0.9, so it starts above the edge.
    expect(sub.regime.regime).toBe("subcritical");
    const r = predictedRate(sub, 2.1);
    expect(r.rate).toBeCloseTo(Math.abs(1 - 0.9 * 2.1), 15);
    expect(r.lambdaParInfinity).toBe(2.1);
    expect(predictedRate(sub, NaN).rate).toBeNull();

    const crit = predictRun(m, geo, { eta: 1, theta0 });
    expect(crit.regime.regime).toBe("critical");
    expect(crit.exponents).not.toBeNull();
    expect(completePrediction(crit, 2).rate).toBeNull();
  });

  it("analyseRun's prediction is completePrediction(predictRun(...), final λ(θ∥∞))", () => {
    const m = deepScalar({ depth: 2 });
    const theta0 = [1.8, 1 / 1.8 + 0.02];
    for (const eta of [0.9, 1.05]) {
      const a = analyseRun(m, geo, { eta, steps: 2000, theta0 });
      const p = completePrediction(predictRun(m, geo, { eta, theta0 }), a.final.lambdaPar);
      expect(JSON.stringify(p, (_k, v) => (v instanceof Float64Array ? Array.from(v) : v))).toBe(
        JSON.stringify(a.prediction, (_k, v) => (v instanceof Float64Array ? Array.from(v) : v)),
      );
    }
  });

  it("bad input: typed errors", () => {
    const m = deepScalar({ depth: 2 });
    expect(() => predictRun(m, geo, { eta: -1, theta0: [1, 1] })).toThrow(InvalidArgumentError);
    expect(() => predictRun(m, geo, { eta: 1, theta0: [1] })).toThrow(InvalidArgumentError);
    expect(() => predictRun(m, geo, { eta: 1, theta0: [1, NaN] })).toThrow(InvalidArgumentError);
    expect(() => predictRun(m, geo, null as never)).toThrow(InvalidArgumentError);
  });
});
