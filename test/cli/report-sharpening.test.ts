// `eoslab report`'s section 7 (progressive sharpening, docs/sharpening.md): the section's runs agree with
// sharpeningExperiment called here on the settings written out in this file (not read from the report's code), the
// text fits 100 columns and says "never" where λ never reached 0.9·2/η, and the figures are written.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { initSync, sharpeningExperiment } from "../../src/index.js";
import { formatSharpeningReport, runSharpeningToDir, sharpeningReportJson, sharpeningSection } from "../../src/cli/reports/sharpening-report.js";

const dir = mkdtempSync(join(tmpdir(), "eoslab-report-sharpening-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("report: progressive sharpening section", () => {
  it("tanh-mlp (h = 16; η 0.001, 0.0015, 0.002; 1500 steps; k = 25) and deep-linear-data (4,16,16,1; scale 0.1; η 0.0015, 0.0021, 0.003; 1000 steps; k = 10)", () => {
    const engine = initSync();
    const r = runSharpeningToDir(engine, dir);
    const tanh = sharpeningExperiment({ spec: { kind: "tanh-mlp", n: 0, d: 0, h: 16, layers: 1 }, etas: [0.001, 0.0015, 0.002], steps: 1500, every: 25, engine });
    const lin = sharpeningExperiment({ spec: { kind: "deep-linear-data", n: 0, d: 0, widths: [4, 16, 16, 1] }, etas: [0.0015, 0.0021, 0.003], steps: 1000, every: 10, initScale: 0.1, engine });
    [tanh, lin].forEach((want, k) => {
      const got = r.results[k].result;
      expect(got.lambda0).toBe(want.lambda0);
      got.runs.forEach((run, i) => {
        expect(Array.from(run.loss)).toEqual(Array.from(want.runs[i].loss));
        expect(Array.from(run.lambda)).toEqual(Array.from(want.runs[i].lambda));
        expect(run.reachStep).toBe(want.runs[i].reachStep);
      });
      expect(existsSync(r.results[k].path)).toBe(true);
      expect(readFileSync(r.results[k].path, "utf8")).toMatch(/^<svg/);
    });
    const text = formatSharpeningReport(r);
    for (const line of text.split("\n")) expect([...line].length, line).toBeLessThanOrEqual(100);
    // Where λ never reached 0.9·2/η the table says so (the deep linear network at η = 0.0015, as measured).
    expect(lin.runs[0].reachStep).toBe(null);
    expect(text).toMatch(/0\.0015 +1333 +never/);
    const j = sharpeningReportJson(r) as { runs: { rows: { verdict: string }[] }[] };
    expect(j.runs).toHaveLength(2);
    expect(j.runs[1].rows[0].verdict).toMatch(/^never/);
    const sec = sharpeningSection(r, text);
    expect(sec.svgs).toHaveLength(2);
    expect(sec.title).toMatch(/^8\. Progressive sharpening/);
  }, 120_000);
});
