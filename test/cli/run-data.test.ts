// `eoslab sharpness` and `eoslab run --model diagonal|two-layer|linear` through the real command parser, on temp files.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { runCli } from "./cli-harness.js";
import { DataFormatError, InvalidArgumentError } from "../../src/errors.js";

const dir = mkdtempSync(join(tmpdir(), "eoslab-data-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, "d.json"), point = join(dir, "p.json"), bad = join(dir, "bad.csv");
// X = I (3×3), y = (0.5, −1.5, 1): diagonal network with JJᵀ = diag(u² + v²), so λ* = 2·max|y| = 3.
writeFileSync(data, JSON.stringify({ X: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], y: [0.5, -1.5, 1] }));
writeFileSync(point, JSON.stringify({ theta: [1, 2, 0.5, 0.5, -1, 2] }));
writeFileSync(bad, "x1,x2,y\n1,2,3\n4,five,6\n");

const run = runCli;

afterEach(() => vi.restoreAllMocks());

describe("eoslab sharpness", () => {
  it("prints loss, hessianTop, gaussNewtonTop, residuals and matvecs as JSON", async () => {
    const j = JSON.parse(await run(["sharpness", "--model", "diagonal", "--data", data, "--point", point, "--top", "3", "--json"]));
    // F = u⊙v = (0.5, −2, 1), r = (0, −0.5, 0): loss 0.125. JJᵀ = diag(u² + v²) = (1.25, 5, 4.25).
    expect(j.loss).toBeCloseTo(0.125, 14);
    expect(j.gaussNewtonTop).toEqual([5, 4.25, 1.25].map((v) => expect.closeTo(v, 12)));
    // Hessian block j: [[v², uv + r], [uv + r, u²]]; for j = 2: [[1, −2.5], [−2.5, 4]] → (5 ± √(9 + 25))/2.
    expect(j.hessianTop[0]).toBeCloseTo((5 + Math.sqrt(34)) / 2, 10);
    expect(j.residuals.hessian).toHaveLength(3);
    expect(j.matvecs.hessian).toBeGreaterThan(0);
    expect(j.label).toBe("empirical");
  });

  it("fails with a one-line typed error on bad data and bad points", async () => {
    await expect(run(["sharpness", "--model", "diagonal", "--data", bad, "--point", point])).rejects.toThrow(DataFormatError);
    await expect(run(["sharpness", "--model", "diagonal", "--data", bad, "--point", point])).rejects.toThrow(/line 3, column 2 is "five"/);
    await expect(run(["sharpness", "--model", "two-layer", "--data", data, "--point", point])).rejects.toThrow(InvalidArgumentError);
    await expect(run(["sharpness", "--model", "diagonal", "--data", data, "--point", data])).rejects.toThrow(/expected \{"theta"/);
  });
});

describe("eoslab run --model diagonal: a data run", () => {
  it("finds λ* = 3 on X = I and runs at 0.8·η_c to a minimum below the edge, as JSON without NaN", async () => {
    const text = await run(["run", "--model", "diagonal", "--data", data, "--eta-frac", "0.8", "--steps", "2000", "--json"]);
    expect(text).not.toMatch(/NaN|Infinity/);
    const j = JSON.parse(text);
    expect(j.label).toBe("empirical");
    expect(j.lambdaStar).toBeCloseTo(3, 6);
    expect(j.etaCritical).toBeCloseTo(2 / 3, 6);
    // The duality certificate closes on the closed form too.
    expect(j.flattest.certificate.lower).toBeCloseTo(3, 6);
    expect(j.flattest.certificate.lower).toBeLessThanOrEqual(j.flattest.certificate.upper);
    expect(j.observed.label).toBe("converged");
    expect(j.lambdaParFinalBelowEdge).toBe(true);
    expect(j.series.step[0]).toBe(0);
    expect(j.summary.stepsRun).toBe(2000);
  });
});

describe("eoslab run --model diagonal|two-layer|linear", () => {
  it("prints regime and fit.observed in the same shape as a deep scalar run", async () => {
    // A start off M in every block (u₃v₃ = 1.2 ≠ y₃): started exactly on M in the sharpest block, GD would never leave it.
    const offM = join(dir, "p-off.json");
    writeFileSync(offM, JSON.stringify({ theta: [1, 2, 0.6, 0.5, -1, 2] }));
    const dataRun = JSON.parse(await run(["run", "--model", "diagonal", "--data", data, "--theta0", offM, "--eta-frac", "0.8", "--steps", "2000", "--json"]));
    const scalarRun = JSON.parse(await run(["run", "--eta-frac", "0.8", "--steps", "2000", "--json"]));
    expect(Object.keys(dataRun.regime).sort()).toEqual(Object.keys(scalarRun.regime).sort());
    expect(Object.keys(dataRun.fit.observed).sort()).toEqual(Object.keys(scalarRun.fit.observed).sort());
    expect(dataRun.regime.predicted).toBe("subcritical"); // λ(θ∥₀) > 2/η
    expect(dataRun.regime.observed).toBe("subcritical");
  });

  it("dispatches to the data-run handler and keeps deep-scalar flags apart", async () => {
    const j = JSON.parse(await run(["run", "--model", "diagonal", "--data", data, "--theta0", point, "--eta-frac", "1.1", "--steps", "20000", "--json"]));
    expect(j.label).toBe("empirical");
    expect(j.lambdaStar).toBeCloseTo(3, 6);
    expect(j.prediction.regime).toBe("supercritical");
    expect(j.observed.label).toBe("oscillating");
    expect(j.observed.limits).toHaveLength(2);
    // The coordinate observer: a period-2 orbit whose two θ⊥ values have opposite signs.
    expect(j.regime.observed).toBe("supercritical");
    expect(j.fit.observed.period).toBe(2);
    expect(j.fit.observed.orbit[0]).toBeGreaterThan(0);
    expect(j.fit.observed.orbit[1]).toBeLessThan(0);
    await expect(run(["run", "--model", "diagonal", "--data", data, "--init", "1,2", "--eta", "0.1"])).rejects.toThrow(/--theta0/);
  });
});
