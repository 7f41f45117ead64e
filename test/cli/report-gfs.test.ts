// The report's GFS section (src/cli/reports/gfs-report.ts): its predicted-against-measured table and its figure of
// λ_GFS and λ(θ∥) beside 2/η, checked against a plain GD loop and a bisection on Π(θᵢ² + c) = y² written here.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { initSync, paperStarts } from "../../src/index.js";
import { formatGfsReport, gfsReportJson, runGfsToDir } from "../../src/cli/reports/gfs-report.js";

const dir = mkdtempSync(join(tmpdir(), "eoslab-report-gfs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function plainGd(theta0: number[], y: number, eta: number, steps: number): number[] {
  const p = theta0.length, t = theta0.slice();
  for (let s = 0; s < steps; s++) {
    const f = t.reduce((a, b) => a * b, 1);
    const g = t.map((_, i) => { let q = 1; for (let j = 0; j < p; j++) if (j !== i) q *= t[j]; return q; });
    for (let i = 0; i < p; i++) t[i] -= eta * (f - y) * g[i];
  }
  return t;
}

function bisection(theta: number[], y: number): number {
  const sq = theta.map((v) => v * v);
  const g = (c: number) => sq.reduce((s, v) => s + Math.log(v + c), 0) - 2 * Math.log(Math.abs(y));
  let lo = -Math.min(...sq), hi = 1;
  while (g(hi) < 0) hi *= 2;
  for (let i = 0; i < 300; i++) { const m = 0.5 * (lo + hi); if (m === lo || m === hi) break; if (g(m) < 0) lo = m; else hi = m; }
  const st = sq.map((v) => v + 0.5 * (lo + hi));
  return st.reduce((s, _, i) => s + st.reduce((q, v, j) => (j === i ? q : q * v), 1), 0);
}

describe("report: GFS section", () => {
  const r = runGfsToDir(initSync({ backend: "simd" }), dir);
  const j = gfsReportJson(r) as { rows: Record<string, any>[]; lambdaStar: number }; // eslint-disable-line @typescript-eslint/no-explicit-any

  it("each row's predicted limit: (λ*, 2/η) below η_c, λ* at and above it; measured against it", () => {
    expect(j.lambdaStar).toBe(5);
    // Both branches below are exercised: the paper's runs are below η_c = 0.4 and at or above it.
    expect(j.rows.some((row) => row.eta * 5 < 2) && j.rows.some((row) => row.eta * 5 >= 2)).toBe(true);
    for (const row of j.rows) {
      const sub = row.eta * 5 < 2;
      // Below η_c the limit is the interval (λ*, 2/η) with λ* = 5 (depth 5, y = 1): 2/η to 6 significant digits,
      // 5.12821 at the paper's subcritical η = 0.39.
      expect(row.predictedLimit).toBe(sub ? `(5.000, ${(2 / row.eta).toPrecision(6)})` : "λ* = 5.00000");
      const holds = sub ? row.gfsFinal > 5 && row.gfsFinal < 2 / row.eta : Math.abs(row.gfsFinal / 5 - 1) <= 1e-4;
      expect(row.limitHolds).toBe(holds);
      // On M λ_GFS = λ: at the end of a converged run the two agree.
      expect(Math.abs(row.gfsFinal / row.lambdaParFinal - 1)).toBeLessThan(1e-5);
    }
  });

  it("figure 2, start 1 (10⁵ steps): the final λ_GFS equals the plain loop's, through bisection", () => {
    const row = j.rows.find((x) => x.figure === 2 && x.start === 1)!;
    const want = bisection(plainGd(Array.from(paperStarts(1)[0]), 1, 0.39, 100_000), 1);
    expect(Math.abs(row.gfsFinal / want - 1)).toBeLessThan(1e-9);
  }, 60_000);

  it("text within 100 columns, with the verdict lines; the figure has λ_GFS solid, λ(θ∥) dashed and 2/η", () => {
    const text = formatGfsReport(r);
    for (const line of text.split("\n")) expect([...line].length).toBeLessThanOrEqual(100);
    expect(text).toMatch(/\d+ of 15 finite runs non-increasing; the predicted limit holds in \d+ of 15/);
    const svg = readFileSync(r.path, "utf8");
    expect(svg).toContain(">2/η<");
    expect(svg).toContain(">λ*<");
    expect(svg).toContain("λ(θ∥_t)");
    expect((svg.match(/stroke-dasharray="5 3" clip-path/g) ?? []).length).toBe(15); // one dashed λ(θ∥) line per run
  });
});
