// `eoslab run` on deep scalar factorisation: λ_GFS(θ_t) as a series next to λ(θ∥) (docs/design.md §3, "GFS sharpness"),
// checked against a plain GD loop and a bisection on the conserved-quantity equation written here.
import { describe, expect, it } from "vitest";
import { runCli } from "./cli-harness.js";
import { gfsByBisection, plainGd } from "../codim1/gfs-reference.js";

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
