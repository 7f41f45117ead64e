// Bad input, class "divergence wins": runs that blow up are labelled divergent by `eoslab run` as soon as growth is
// certain (docs/design.md §2), in the label and in its detail, whatever the number of steps; never "chaotic" or
// "undetermined" beside a divergent detail. The first certain step comes from a plain GD loop written here.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCliOutcome } from "./bad-input-harness.js";
import { GROWTH_FACTOR, GROWTH_RECORDS, GROWTH_STEADY_FACTOR, GROWTH_STEADY_RECORDS, GROWTH_TOTAL } from "../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "eoslab-labels-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// X = [[1, 1, 0], [0, 1, 1]]: λmax(XᵀX) = 3 along (1, 1)/√2, which y = (1, 2) excites; η = 2 gives ηλmax = 6, ×25 per step.
const data = join(dir, "two-rows.json");
writeFileSync(data, JSON.stringify({ X: [[1, 1, 0], [0, 1, 1]], y: [1, 2] }));
// Start at θ = 0, as the plain loops below do.
const zero = join(dir, "zero.json");
writeFileSync(zero, JSON.stringify({ theta: [0, 0, 0] }));

/** The first step at which growth is certain, by the rule's definition, on losses recorded every step. */
function certainAt(loss: number[]): number | null {
  let fast = 0, steady = 0;
  for (let t = 1; t < loss.length; t++) {
    fast = loss[t] >= GROWTH_FACTOR * loss[t - 1] && loss[t - 1] > 0 ? fast + 1 : 0;
    steady = loss[t] >= GROWTH_STEADY_FACTOR * loss[t - 1] && loss[t - 1] > 0 ? steady + 1 : 0;
    if ((fast >= GROWTH_RECORDS || steady >= GROWTH_STEADY_RECORDS) && loss[t] > GROWTH_TOTAL * Math.max(1, loss[0])) return t;
  }
  return null;
}

function linearLosses(eta: number, N: number): number[] {
  const th = [0, 0, 0], out: number[] = [];
  for (let t = 0; t <= N; t++) {
    const r = [th[0] + th[1] - 1, th[1] + th[2] - 2];
    out.push(0.5 * (r[0] ** 2 + r[1] ** 2));
    const g = [r[0], r[0] + r[1], r[1]];
    for (let k = 0; k < 3; k++) th[k] -= eta * g[k];
  }
  return out;
}

function deepLosses(theta0: number[], eta: number, N: number): number[] {
  const th = theta0.slice(), out: number[] = [];
  for (let t = 0; t <= N; t++) {
    const f = th.reduce((a, b) => a * b, 1);
    out.push(0.5 * (f - 1) ** 2);
    const g = th.map((_, i) => th.reduce((a, b, j) => (j === i ? a : a * b), 1));
    for (let i = 0; i < th.length; i++) th[i] -= eta * (f - 1) * g[i];
  }
  return out;
}

describe("bad input: a run that blows up is divergent in its label and its detail", () => {
  const linRule = certainAt(linearLosses(2, 40))!;
  const deepRule = certainAt(deepLosses([1.3, 0.9, 1.1], 2.5, 12))!;

  it("the references blow up (so the rows below test something)", () => {
    expect(linRule).toBeGreaterThan(0);
    expect(deepRule).toBeGreaterThan(0);
  });

  const linSteps = () => [linRule, linRule + 1, 12, 60];
  it("run --model linear, ηλmax = 6: divergent from the rule's step on, with a divergent detail", async () => {
    for (const steps of linSteps()) {
      const r = await runCliOutcome(["run", "--model", "linear", "--data", data, "--theta0", zero, "--eta", "2", "--steps", String(steps), "--json"]);
      expect(r.exitCode, r.stderr).toBe(0);
      const o = JSON.parse(r.stdout);
      expect(o.regime.observed, `${steps} steps: ${o.regime.observedReason}`).toBe("divergent");
      expect(o.divergence).not.toBeNull();
      expect(o.observed.label).toBe("diverged");
    }
  }, 60_000);

  it("run --depth 3 at η = 2.5 (ηλ* = 7.5): divergent from the rule's step on, never chaotic", async () => {
    for (const steps of [deepRule, deepRule + 1, 20]) {
      const r = await runCliOutcome(["run", "--depth", "3", "--init", "1.3,0.9,1.1", "--eta", "2.5", "--steps", String(steps), "--json"]);
      expect(r.exitCode, r.stderr).toBe(0);
      const o = JSON.parse(r.stdout);
      expect(o.regime.observed, `${steps} steps: ${o.regime.observedReason}`).toBe("divergent");
      expect(o.fit.divergence).not.toBeNull();
    }
  }, 60_000);

  it("run --model linear, ηλmax = 2.25 (×1.56 per step): the label and the divergence detail agree at every length", async () => {
    const ref = linearLosses(0.75, 200);
    const rule = certainAt(ref)!;
    expect(rule).toBeGreaterThan(16);
    for (const steps of [5, 20, rule - 1, rule, 120]) {
      const r = await runCliOutcome(["run", "--model", "linear", "--data", data, "--theta0", zero, "--eta", "0.75", "--steps", String(steps), "--json"]);
      expect(r.exitCode, r.stderr).toBe(0);
      const o = JSON.parse(r.stdout);
      expect(o.regime.observed === "divergent", `${steps} steps: ${o.regime.observedReason} / ${JSON.stringify(o.divergence)}`).toBe(o.divergence !== null);
      expect(o.regime.observed === "divergent", `${steps} steps (certain from ${rule})`).toBe(steps >= rule);
      expect(o.regime.observed).not.toBe("chaotic");
    }
  }, 60_000);

  it("the readable report says divergent too", async () => {
    const r = await runCliOutcome(["run", "--model", "linear", "--data", data, "--theta0", zero, "--eta", "2", "--steps", String(linRule + 1)]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("divergent");
    expect(r.stdout).not.toMatch(/chaotic|undetermined/);
  }, 60_000);
});
