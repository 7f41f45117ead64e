// `eoslab run` through the real command parser: its JSON fields and docs/design.md §1's scalar checks.
import { afterEach, describe, expect, it, vi } from "vitest";
import { runCli } from "./cli-harness.js";
import { InvalidArgumentError } from "../../src/errors.js";

const run = runCli;
afterEach(() => vi.restoreAllMocks());

const scalarStart = `1.8,${1 / 1.8 + 0.02}`;

describe("eoslab run --json", () => {
  it("has every documented field, valid JSON without NaN, nulls where a field does not apply", async () => {
    const text = await run(["run", "--model", "deep-scalar", "--depth", "5", "--target", "1", "--eta", "0.408", "--steps", "60000", "--json"]);
    expect(/[:,\[]\s*(NaN|-?Infinity)/.test(text)).toBe(false); // bare NaN/Infinity tokens are invalid JSON
    const j = JSON.parse(text);
    for (const k of ["eta", "etaCritical", "lambdaStar", "regime", "tau", "final", "fit", "series"]) expect(j).toHaveProperty(k);
    expect(Object.keys(j.regime)).toEqual(expect.arrayContaining(["predicted", "observed"]));
    expect(Object.keys(j.final)).toEqual(expect.arrayContaining(["step", "loss", "lambdaPar", "lambdaAt", "distPar", "thetaPerp", "theta"]));
    expect(Object.keys(j.fit.observed)).toEqual(expect.arrayContaining(["kind", "rate", "exponent", "orbit"]));
    expect(Object.keys(j.fit.predicted)).toEqual(expect.arrayContaining(["rate", "exponent", "orbit"]));
    expect(Object.keys(j.series)).toEqual(expect.arrayContaining(["step", "loss", "thetaPerp", "distPar", "lambdaPar"]));
    expect(j.lambdaStar).toBeCloseTo(5, 14); // p·y^{2−2/p}
    expect(j.etaCritical).toBeCloseTo(0.4, 14);
    expect(j.regime.predicted).toBe("supercritical");
    expect(j.regime.observed).toBe("supercritical");
    expect(j.tau).toBeNull(); // ηλ(θ∥) never below 2: it converges to λ* = 5 with η·5 > 2
    expect(j.fit.predicted.exponent).toBeNull();
    expect(j.fit.observed.orbit).toHaveLength(2);
    // The orbit lies on L = span(1): the final θ is balanced, θ = c·1 with c − 1 = θ⊥/√5 (θ∥* = 1).
    const th: number[] = j.final.theta;
    for (const x of th) expect(x).toBeCloseTo(th[0], 9);
    expect(th[0] - 1).toBeCloseTo(j.final.thetaPerp / Math.sqrt(5), 12);
    expect(j.final.step).toBe(60000);
    expect(j.series.step.length).toBe(j.series.loss.length);
  });

  it("--eta-frac f means f·η_c; --init is used exactly; --record-every records every k-th step", async () => {
    const j = JSON.parse(await run(["run", "--depth", "3", "--target", "2", "--eta-frac", "0.5", "--steps", "2000", "--init", "1.3,1.2,1.25", "--record-every", "100", "--json"]));
    const lambdaStar = 3 * Math.pow(2, 2 - 2 / 3);
    expect(j.lambdaStar).toBeCloseTo(lambdaStar, 12);
    expect(j.eta).toBeCloseTo(0.5 * 2 / lambdaStar, 15);
    expect(j.theta0).toEqual([1.3, 1.2, 1.25]);
    const mainSteps = (j.series.step as number[]).filter((s) => s <= 1936);
    expect(mainSteps.slice(0, 4)).toEqual([0, 100, 200, 300]);
  });

  it("scalar factorisation checks of docs/design.md §1 from (1.8, 1/1.8 + 0.02)", async () => {
    // η = 0.9: linear convergence to a minimum with λ ≈ 2.09 in (2, 2/η ≈ 2.22).
    const a = JSON.parse(await run(["run", "--model", "scalar", "--eta", "0.9", "--steps", "5000", "--init", scalarStart, "--json"]));
    expect(a.regime.observed).toBe("subcritical");
    expect(a.final.lambdaPar).toBeCloseTo(2.09, 2);
    expect(a.final.lambdaPar).toBeGreaterThan(2);
    expect(a.final.lambdaPar).toBeLessThan(2 / 0.9);
    expect(Math.abs(a.fit.observed.rate - a.fit.predicted.rate)).toBeLessThan(1e-4);
    // η = 1: convergence to the balanced minimum with loss·t → 1/4.
    const b = JSON.parse(await run(["run", "--model", "scalar", "--eta", "1", "--steps", "200000", "--init", scalarStart, "--json"]));
    expect(b.regime.predicted).toBe("critical");
    expect(b.regime.observed).toBe("critical");
    expect(b.final.loss * b.final.step).toBeCloseTo(0.25, 2);
    expect(Math.abs(b.final.theta[0]) - Math.abs(b.final.theta[1])).toBeCloseTo(0, 2);
    // η = 1.05: a period-2 orbit whose points are balanced, |a| = |b| ≈ 1.0911 and 0.8729.
    const c = JSON.parse(await run(["run", "--model", "scalar", "--eta", "1.05", "--steps", "20000", "--init", scalarStart, "--json"]));
    expect(c.regime.observed).toBe("supercritical");
    const [x, y] = c.final.theta.map(Math.abs);
    expect(x).toBeCloseTo(y, 9);
    expect([1.0911, 0.8729].some((v) => Math.abs(x - v) < 1e-4)).toBe(true);
  });

  it("default start without --init is near M and off it; a huge η is labelled divergent", async () => {
    const j = JSON.parse(await run(["run", "--eta", "0.39", "--steps", "1000", "--json"]));
    expect(j.init).toBe("default");
    expect(Math.abs(j.start.thetaPerp)).toBeCloseTo(0.01, 12);
    const d = JSON.parse(await run(["run", "--eta", "3", "--steps", "1000", "--json"]));
    expect(d.regime.observed).toBe("divergent");
    expect(d.fit.observed.kind).toBe("divergence");
    // η = 3 is far beyond η_c: the Newton orbit exists but is unstable, so no rate is predicted and nothing is claimed.
    expect(d.fit.predicted.orbitStable).toBe(false);
    expect(d.fit.predicted.rate).toBeNull();
    expect(d.checks.map((c: { pass: boolean | null }) => c.pass)).toEqual([null]);
  });

  it("rejects bad flags with one-line InvalidArgumentErrors", async () => {
    await expect(run(["run", "--steps", "10"])).rejects.toThrow(InvalidArgumentError);
    await expect(run(["run", "--eta", "0.4", "--eta-frac", "1"])).rejects.toThrow(/exactly one/);
    await expect(run(["run", "--eta", "0.4", "--init", "1,2"])).rejects.toThrow(/2 entries, depth is 5/);
    await expect(run(["run", "--eta", "-1"])).rejects.toThrow(/--eta/);
    await expect(run(["run", "--model", "nope", "--eta", "1"])).rejects.toThrow(/unknown --model/);
    await expect(run(["run", "--eta", "0.4", "--target", "0"])).rejects.toThrow(/--target/);
  });
});
