// `eoslab paper`, `eoslab sweep` and `eoslab report` through the real command parser, writing to a temp dir.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { runCli } from "./cli-harness.js";

const run = runCli;
afterEach(() => vi.restoreAllMocks());

describe("eoslab paper / sweep / report", () => {
  it("paper --json: 15 rows, 3 SVG files and an HTML page that inlines them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eoslab-paper-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const j = JSON.parse(await run(["paper", "--out", dir, "--json"]));
    expect(j.rows).toHaveLength(15);
    expect(j.figures.map((f: { eta: number }) => f.eta)).toEqual([0.39, 0.4, 0.408]);
    expect(j.lambdaStar).toBeCloseTo(5, 14);
    for (const f of ["fig2-subcritical.svg", "fig3-critical.svg", "fig4-supercritical.svg", "paper.html"]) expect(existsSync(join(dir, f))).toBe(true);
    const html = readFileSync(join(dir, "paper.html"), "utf8");
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(html).toContain("Figure 4: supercritical");
    expect(j.figures[2].runs[0].fit.predicted.orbit).toHaveLength(2);
  });

  it("report: seed table, paper table and sweep, and out/report.html with all figures", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eoslab-report-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const text = await run(["report", "--out", dir]);
    expect(text).toContain("The seed's experiment");
    expect(text).toContain("Checks passed: 65/65.");
    expect(text).toContain("Bifurcation sweep");
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(html).toContain("1. The seed");
  });

  it("sweep: JSON with one point per η and an SVG", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eoslab-sweep-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const j = JSON.parse(await run(["sweep", "--from", "0.38", "--to", "0.42", "--count", "3", "--steps", "40000", "--out", dir, "--json"]));
    expect(j.points.map((p: { eta: number }) => p.eta)).toEqual([0.38, 0.4, 0.42].map((x) => expect.closeTo(x, 12)));
    expect(j.points[2].label).toBe("supercritical");
    expect(existsSync(join(dir, "bifurcation.svg"))).toBe(true);
    await expect(run(["sweep", "--from", "0.5", "--to", "0.4"])).rejects.toThrow(/swap/);
  });
});
