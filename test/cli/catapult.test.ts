// `eoslab catapult` (docs/design.md §4): the JSON shape the command promises, the default grid, the figure written
// by --out through the safe writer, and λ₀ against a dense eigensolve of the Hessian built here from the formula.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./cli-harness.js";
import { RandomState, symmetricEigen } from "../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "eoslab-catapult-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** λ_max of the mean-loss Hessian at the documented θ₀ (data, then U row-major, then v), built entry by entry. */
function denseLambda0(seed: number, m: number, n: number, d: number): number {
  const rs = new RandomState(seed);
  const Xf = rs.randn(n * d), y = rs.randn(n), U = rs.randn(m * d), v = rs.randn(m);
  const X = (a: number, j: number) => Xf[a * d + j] / Math.sqrt(d);
  const p = m * d + m, s = 1 / Math.sqrt(m);
  const J: number[][] = [], r: number[] = [];
  for (let a = 0; a < n; a++) {
    const row = new Array(p).fill(0);
    let f = 0;
    for (let i = 0; i < m; i++) {
      let h = 0;
      for (let j = 0; j < d; j++) { row[i * d + j] = s * v[i] * X(a, j); h += U[i * d + j] * X(a, j); }
      row[m * d + i] = s * h;
      f += v[i] * h;
    }
    J.push(row); r.push(s * f - y[a]);
  }
  const H = new Float64Array(p * p);
  for (let k = 0; k < p; k++) for (let l = 0; l < p; l++) { let h = 0; for (let a = 0; a < n; a++) h += J[a][k] * J[a][l]; H[k * p + l] = h / n; }
  for (let a = 0; a < n; a++) for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) {
    const c = (r[a] * s * X(a, j)) / n;
    H[(i * d + j) * p + m * d + i] += c; H[(m * d + i) * p + i * d + j] += c;
  }
  return symmetricEigen(H, p).values[0];
}

describe("eoslab catapult", () => {
  it("--json has the promised shape, the default grid, and λ₀ of the dense Hessian", async () => {
    const out = JSON.parse(await runCli(["catapult", "--width", "16", "--samples", "3", "--dim", "4", "--steps", "100", "--refine", "2", "--json"]));
    expect(Object.keys(out)).toEqual(expect.arrayContaining(["lambda0", "rows", "edges"]));
    expect(out.lambda0).toBeCloseTo(denseLambda0(0, 16, 3, 4), 9);
    const fracs = out.rows.map((r: { etaFrac: number }) => r.etaFrac);
    for (const f of [0.5, 1.5, 2.5]) expect(fracs).toContain(f);
    for (const row of out.rows) {
      expect(Object.keys(row)).toEqual(expect.arrayContaining(["etaFrac", "outcome", "peakLossRatio", "lambdaFinal", "stepBelow"]));
      expect(["lazy", "catapult", "diverged"]).toContain(row.outcome);
      expect(row.peakLossRatio).toBeGreaterThanOrEqual(1);
      expect(row.stepBelow === null || Number.isInteger(row.stepBelow)).toBe(true);
    }
    expect(Object.keys(out.edges)).toEqual(expect.arrayContaining(["catapultFrom", "divergeFrom"]));
    expect(out.predicted.twoOverLambda0).toBeCloseTo(2 / out.lambda0, 12);
  }, 60_000);

  it("--out writes catapult.svg; the text table names the three outcomes", async () => {
    const text = await runCli(["catapult", "--width", "256", "--steps", "150", "--grid", "0.5,1.5,2.5", "--refine", "0", "--out", join(dir, "fig")]);
    expect(text).toMatch(/λ₀ = /);
    expect(text).toMatch(/lazy/);
    expect(text).toMatch(/catapult +\d/);
    expect(text).toMatch(/diverged/);
    const svg = readFileSync(join(dir, "fig", "catapult.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("sharpness");
    expect(svg).not.toContain("NaN");
  }, 60_000);
});
