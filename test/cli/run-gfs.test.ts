// `eoslab run` on deep scalar factorisation: λ_GFS(θ_t) as a series next to λ(θ∥) (docs/design.md §3, "GFS sharpness"),
// checked against a plain GD loop and a bisection on the conserved-quantity equation written here.
import { describe, expect, it } from "vitest";
import { runCli } from "./cli-harness.js";

/** Plain GD on ½(θ₁⋯θ_p − y)², θ_t at every step. */
function plainGd(theta0: number[], y: number, eta: number, steps: number): number[][] {
  const p = theta0.length, t = theta0.slice(), out = [t.slice()];
  for (let s = 0; s < steps; s++) {
    const f = t.reduce((a, b) => a * b, 1);
    const g = t.map((_, i) => { let q = 1; for (let j = 0; j < p; j++) if (j !== i) q *= t[j]; return q; });
    for (let i = 0; i < p; i++) t[i] -= eta * (f - y) * g[i];
    out.push(t.slice());
  }
  return out;
}

/** θᵢ*² = θᵢ² + c with Π(θᵢ² + c) = y² (gradient flow conserves θᵢ² − θⱼ²), c by bisection; then Σᵢ Π_{j≠i} θⱼ*². */
function gfsByBisection(theta: number[], y: number): number {
  const sq = theta.map((v) => v * v);
  const g = (c: number) => sq.reduce((s, v) => s + Math.log(v + c), 0) - 2 * Math.log(Math.abs(y));
  let lo = -Math.min(...sq), hi = 1;
  while (g(hi) < 0) hi *= 2;
  for (let i = 0; i < 300; i++) { const mid = 0.5 * (lo + hi); if (mid === lo || mid === hi) break; if (g(mid) < 0) lo = mid; else hi = mid; }
  const st = sq.map((v) => v + 0.5 * (lo + hi));
  return st.reduce((s, _, i) => s + st.reduce((q, v, j) => (j === i ? q : q * v), 1), 0);
}

describe("eoslab run: the λ_GFS series", () => {
  const theta0 = [1.3, 1.1, 0.95, 0.9, 0.8], eta = 0.39, steps = 3000;
  const args = ["run", "--init", theta0.join(","), "--eta", String(eta), "--steps", String(steps), "--quiet"];

  it("--json: series.gfsSharpness at every record, equal to the plain loop's λ_GFS; the summary's verdict agrees", async () => {
    const j = JSON.parse(await runCli([...args, "--json"]));
    const g = j.series.gfsSharpness as number[], step = j.series.step as number[];
    expect(g.length).toBe(step.length);
    const ref = plainGd(theta0, 1, eta, steps);
    step.forEach((t, i) => expect(Math.abs(g[i] / gfsByBisection(ref[t], 1) - 1), `step ${t}`).toBeLessThan(1e-8));
    expect(j.gfsSharpness.start).toBeCloseTo(gfsByBisection(theta0, 1), 12);
    expect(j.gfsSharpness.final).toBe(g[g.length - 1]);
    // The verdict, recomputed here from the printed series.
    let ups = 0;
    for (let i = 0; i + 1 < g.length; i++) if (g[i + 1] > g[i] * (1 + 1e-12)) ups++;
    expect(j.gfsSharpness.increases).toBe(ups);
    expect(j.gfsSharpness.monotone).toBe(ups === 0);
    expect(j.gfsSharpness.records).toBe(g.length);
  }, 60_000);

  it("text: the λ_GFS line and the verdict line", async () => {
    const text = await runCli(args);
    expect(text).toMatch(/λ_GFS {4}θ₀ [\d.]+ \(ηλ_GFS [\d.]+\), final/);
    expect(text).toMatch(/(non-increasing over \d+ records|went up \d+× over \d+ records)/);
  }, 60_000);

  it("other models: series.gfsSharpness and gfsSharpness are null", async () => {
    const j = JSON.parse(await runCli(["run", "--model", "deep-linear", "--widths", "2,2,1", "--input", "1,0.5", "--target", "1", "--init-seed", "3", "--init-scale", "0.5", "--eta-frac", "0.9", "--steps", "400", "--json", "--quiet"]));
    expect(j.series.gfsSharpness).toBeNull();
    expect(j.gfsSharpness).toBeNull();
  }, 60_000);
});

describe("chunkedRun (the progress bar's pieces) keeps θ_t", () => {
  it("θ_t and θ∥_t at every record, bit for bit as one call", async () => {
    const { chunkedRun } = await import("../../src/cli/run-limits.js");
    const { deepScalar, engineGeometry, initSync } = await import("../../src/index.js");
    const geometry = engineGeometry(initSync({ backend: "simd" }));
    const model = deepScalar({ depth: 5 });
    const theta0 = Float64Array.from([1.3, 1, 1, 0.9, 0.8]);
    const o = { eta: 0.39, steps: 3000, theta0, record: { logPoints: 200 }, recordTheta: true };
    const one = geometry.run(model, o);
    const many = chunkedRun(geometry.run.bind(geometry), () => {}, 9)(model, o);
    const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
    expect(many.series.theta!.length).toBe(5 * one.series.step.length);
    expect(bits(many.series.theta!)).toBe(bits(one.series.theta!));
    expect(bits(many.series.thetaPar!)).toBe(bits(one.series.thetaPar!));
  });
});
