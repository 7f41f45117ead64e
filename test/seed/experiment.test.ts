// The seed's linear-regression experiment: its data against numpy, its
// numbers against numpy's run of the seed's code (by hand, numpy 2.4.6,
// quoted below), and its outcome labels on another problem whose whole loss
// curve is known in closed form.
import { describe, expect, it } from "vitest";
import {
  experimentLinearRegression, initSync, InvalidArgumentError, linearRegressionSweep, seedLinearRegressionData,
} from "../../src/index.js";
import { formatSeedTable } from "../../src/cli/reports/seed-table.js";

const engine = initSync({ backend: "simd" });
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("the seed's data", () => {
  it("X is randn(50, 200) in C order, then θ*, then the noise (numpy RandomState(42))", () => {
    const { X, y } = seedLinearRegressionData();
    expect(Array.from(X.subarray(0, 6))).toEqual([0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254, -0.23415337472333597, -0.23413695694918055]);
    expect(X.length).toBe(50 * 200);
    // numpy: (X @ theta_true + 0.1 * randn(50))[0]; BLAS sums in another order, hence the tolerance.
    expect(rel(y[0], 1.9115853203877113)).toBeLessThan(1e-12);
  });
});

describe("experimentLinearRegression (numpy's run of the seed's code, by hand)", () => {
  const r = experimentLinearRegression({ engine, includeCurves: true });
  it("λmax and λmin⁺", () => {
    expect(rel(r.lambdaMax, 425.4700450380469)).toBeLessThan(1e-12);
    expect(rel(r.lambdaMinPositive, 56.7960511854875)).toBeLessThan(1e-12);
  });

  it("loss curves: numpy's losses[0], [9], [99] per row", () => {
    const numpy: Record<string, number[]> = {
      "0.3": [39.10569388073502, 0.5048870227325654, 1.656768295854635e-09],
      "0.5": [17.34654334324657, 0.048654822285111886, 2.203461152912824e-15],
      "0.95": [23.0284635782598, 0.326463407452935, 5.293113158614139e-10],
      "1": [28.329874283377695, 2.919209521734624, 0.7502557414613757],
      "1.5": [132.71492991472627, 4649369.940867301, 1.2056341238682636e+60],
      "2": [330.50171023729234, 18013347877.410664, 1.992944894203339e+95],
    };
    for (const row of r.rows) {
      const want = numpy[String(row.etaFrac)];
      [0, 9, 99].forEach((i, k) => {
        // The residual is a difference of O(100) numbers: absolute accuracy ~1e-14 in ‖r‖, so relative accuracy of tiny losses is lower.
        expect(rel(row.lossCurve![i]!, want[k])).toBeLessThan(want[k] > 1e-6 ? 1e-10 : 1e-4);
      });
    }
  });

  it("outcomes, divergence steps and final losses (numpy: inf first at list index 508 and 321)", () => {
    expect(r.rows.map((x) => x.outcome)).toEqual(["converged", "converged", "converged", "plateau", "diverged", "diverged"]);
    expect(r.rows.map((x) => x.divergedAtStep)).toEqual([null, null, null, null, 509, 322]);
    expect(r.rows.map((x) => x.regime.theory)).toEqual(["linear-convergence", "linear-convergence", "linear-convergence", "plateau", "divergence", "divergence"]);
    // The seed's own identify_regime, as written, calls 0.95 "critical" (0.95·(2/λ) is not < (2/λ)·0.95).
    expect(r.rows.map((x) => x.regime.seedBand)).toEqual(["subcritical", "subcritical", "critical", "critical", "supercritical", "supercritical"]);
    for (const row of r.rows.slice(0, 3)) expect(row.finalLoss!).toBeLessThan(1e-25);
    // …and no lower than the rounding floor of a loss computed from θ, as the seed's numpy loop computes it: each
    // residual entry carries rounding of order ε·|y| ≈ 1e-16, so 0.5·mean(r²) cannot fall far below 1e-33. A loss
    // from the residual-space recurrence (no θ) keeps shrinking to 1e-75 and below, which the seed never sees.
    for (const row of r.rows.slice(0, 3)) expect(row.finalLoss!).toBeGreaterThan(1e-33);
    // The plateau is the top mode's share of y, ½(u₁ᵀy)²/n, which numpy gives as 0.7502556459164126.
    expect(rel(r.rows[3].finalLoss!, 0.7502556459164126)).toBeLessThan(1e-10);
    expect(r.rows[4].finalLoss).toBeNull();
    expect(r.rows[5].finalLoss).toBeNull();
  });

  it("measured rates sit beside the predicted max |1 − ηλ|", () => {
    for (const row of r.rows) expect(Math.abs(row.measuredRate! - row.predictedRate)).toBeLessThan(0.01 * row.predictedRate);
    expect(r.rows[4].predictedRate).toBeCloseTo(2, 12);
    expect(r.rows[5].predictedRate).toBeCloseTo(3, 12);
  });

  it("seed claims are attached, and nothing is NaN or Infinity (JSON.stringify would hide them as null)", () => {
    expect(r.rows.map((x) => x.seedClaim!.finalLoss)).toEqual([0.052, 0.048, 0.051, 0.045, 0.047, 0.051]);
    const walk = (o: unknown): void => {
      if (typeof o === "number") expect(Number.isFinite(o)).toBe(true);
      else if (o && typeof o === "object") Object.values(o).forEach(walk);
    };
    walk({ ...r, rows: r.rows.map(({ lossCurve, ...rest }) => ({ ...rest, lossCurve: lossCurve!.filter((x) => x !== null) })) });
    expect(formatSeedTable(r)).toContain("振荡收敛");
    expect(formatSeedTable(r)).not.toMatch(/NaN|Infinity/);
  });
});

describe("linearRegressionSweep: outcomes follow the dynamics on other data and other η", () => {
  // X = [diag(s) 0]·R with R a product of Givens rotations: XXᵀ = diag(s²),
  // so the residual modes are the coordinates and loss_t = ½Σ(1 − ηsᵢ²)^{2t} yᵢ² exactly.
  const s = [3, 2, 1.5, 1], n = 4, d = 6;
  const X = new Float64Array(n * d);
  s.forEach((v, i) => (X[i * d + i] = v));
  for (const [p, q, angle] of [[0, 4, 0.7], [1, 5, -1.1], [2, 4, 0.3], [3, 5, 2.0], [0, 1, 0.4]] as const) {
    const c = Math.cos(angle), sn = Math.sin(angle);
    for (let i = 0; i < n; i++) {
      const a = X[i * d + p], b = X[i * d + q];
      X[i * d + p] = c * a - sn * b;
      X[i * d + q] = sn * a + c * b;
    }
  }
  const y = Float64Array.from([0.8, -1.3, 0.5, 2.1]);
  const fracs = [0.6, 0.99, 1.0, 1.01, 1.3];
  const r = linearRegressionSweep(X, y, n, d, { etaFracs: fracs, steps: 3000, includeCurves: true, engine });
  const closedLoss = (eta: number, t: number) => 0.5 * s.reduce((acc, si, i) => acc + (1 - eta * si * si) ** (2 * t) * y[i] ** 2, 0) / n;

  it("λ from the construction", () => {
    expect(r.lambdaMax).toBeCloseTo(9, 12);
    expect(r.lambdaMinPositive).toBeCloseTo(1, 12);
  });

  it("labels: converged, converged, plateau, diverged (growing), diverged (overflow)", () => {
    expect(r.rows.map((x) => x.outcome)).toEqual(["converged", "converged", "plateau", "diverged", "diverged"]);
    expect(r.rows.map((x) => x.seedClaim)).toEqual([null, null, null, null, null]);
    // 1.01: the loss grows by 1.02² per step but stays finite for 3000 steps.
    expect(r.rows[3].divergedAtStep).toBeNull();
    expect(r.rows[3].finalLoss).toBeNull();
    // 1.3: ½(1.6^{2t}·y₀² + …)/n overflows when ‖r‖² passes the largest double.
    const eta = 1.3 * (2 / 9);
    let tOver = 0;
    while (2 * Math.log(Math.abs(1 - 9 * eta)) * tOver + Math.log(y[0] ** 2) < Math.log(Number.MAX_VALUE)) tOver++;
    expect(Math.abs(r.rows[4].divergedAtStep! - tOver)).toBeLessThanOrEqual(2);
  });

  it("curves and rates against the closed form", () => {
    r.rows.forEach((row) => {
      const eta = row.etaFrac * (2 / 9);
      for (const t of [1, 10, 100]) expect(rel(row.lossCurve![t - 1]!, closedLoss(eta, t))).toBeLessThan(1e-9);
      const want = Math.max(Math.abs(1 - 9 * eta), Math.abs(1 - eta));
      expect(row.predictedRate).toBeCloseTo(want, 12);
      expect(Math.abs(row.measuredRate! - want)).toBeLessThan(2e-3);
    });
    // Plateau: the top mode's share ½y₀²/n, constant.
    expect(rel(r.rows[2].finalLoss!, (0.5 * y[0] ** 2) / n)).toBeLessThan(1e-9);
  });

  it("rejects a rank-deficient X", () => {
    const Z = new Float64Array(n * d);
    Z[0] = 1;
    expect(() => linearRegressionSweep(Z, y, n, d, { engine })).toThrow(InvalidArgumentError);
  });
});
