// predictRegime and analyseRun on the engine: built-in deep scalar (closed form) and a user model of JS callbacks (general path).
import { describe, expect, it } from "vitest";
import { initSync } from "../../src/index.js";
import { deepScalar } from "../../src/models/deep-scalar.js";
import { engineGeometry } from "../../src/codim1/geometry.js";
import { analyseRun } from "../../src/codim1/analyse-run.js";
import { predictRegime } from "../../src/codim1/predict-regime.js";
import { paperStarts } from "../../src/experiments/starts.js";
import { productModel } from "../observe/observe-reference.js";

const engine = initSync({ backend: "simd" });
const start = paperStarts()[0]; // λ(θ∥₀) ≈ 5.18 (Σ x⁻² on M at the start's projection)

describe("predictRegime", () => {
  it("deep scalar: closed-form λ* = p·y^{2−2/p}, λ(θ∥₀) from the projection, the four regimes", () => {
    const m = deepScalar({ depth: 5, target: 1 });
    const r = predictRegime(m, 0.39, start, { engine });
    expect(r.lambdaStarSource).toBe("closed-form");
    expect(r.lambdaStar).toBeCloseTo(5, 14);
    // λ on M = Σ θ∥ᵢ⁻² (y = 1): the projection of the start is exp(u), 0.01 back along the normal.
    // Reference from the start's construction (u of paperStarts()[0]):
    const u = [1, -1, 0, 0, 0].map((w) => (w / Math.SQRT2) * 0.3);
    const lam = u.reduce((s, ui) => s + Math.exp(-2 * ui), 0);
    expect(r.lambdaParStart).toBeCloseTo(lam, 9);
    expect(r.regime).toBe(0.39 * lam >= 2 ? "subcritical" : "stable");
    expect(predictRegime(m, 0.3, start, { engine }).regime).toBe("stable");
    expect(predictRegime(m, 0.4, start, { engine }).regime).toBe("critical");
    expect(predictRegime(m, 0.41, start, { engine }).regime).toBe("supercritical");
  });

  it("a user model of JS callbacks: empirical λ* by flattestMinimum agrees with the closed form", () => {
    const r = predictRegime(productModel(5, 1), 0.39, start, { engine });
    expect(r.lambdaStarSource).toBe("empirical");
    expect(r.lambdaStar).toBeCloseTo(5, 8);
    expect(r.regime).toBe("subcritical");
  });
});

describe("analyseRun through the general (JS) path", () => {
  it("a user model at η = 0.408 converges to the same period-2 orbit as the built-in", () => {
    const geo = engineGeometry(engine);
    const user = analyseRun(productModel(5, 1), geo, { eta: 0.408, steps: 30000, theta0: start, record: { every: 10 } });
    const built = analyseRun(deepScalar({ depth: 5, target: 1 }), geo, { eta: 0.408, steps: 30000, theta0: start, record: { every: 10 } });
    expect(user.observation.label).toBe("supercritical");
    expect(user.observation.orbit![0]).toBeCloseTo(built.observation.orbit![0], 9);
    expect(user.observation.orbit![1]).toBeCloseTo(built.observation.orbit![1], 9);
    expect(user.prediction.orbit!.floquet!.perStepRate).toBeCloseTo(built.prediction.orbit!.floquet!.perStepRate, 8);
  });
});
