// The readable output: 100 columns unless --wide, η as the user wrote it, plurals, the "run longer" hint, and usage
// errors that name the command's own help. Widths are measured here, independently: one column per code point, two
// for CJK ideographs (as a terminal shows them).
import { describe, expect, it } from "vitest";
import { runCliOutcome } from "./bad-input-harness.js";
import { formatSweep } from "../../src/cli/reports/sweep-report.js";
import type { BifurcationResult } from "../../src/experiments/bifurcation.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "eoslab-output-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DATA = join(dir, "data.json");
writeFileSync(DATA, '{"X":[[1,0,1],[0,1,1]],"y":[1,-1]}');

const cols = (line: string) => [...line].reduce((w, c) => w + (/[\u4e00-\u9fff]/.test(c) ? 2 : 1), 0);
const widest = (text: string) => Math.max(...text.split("\n").map(cols));

async function ok(args: string[]) {
  const r = await runCliOutcome(args);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout;
}

describe("100 columns by default, --wide as before", () => {
  it("paper: every line ≤ 100; --wide has the one long table, with the same rows", async () => {
    const out = await ok(["paper", "--out", join(dir, "paper"), "--quiet"]);
    expect(widest(out)).toBeLessThanOrEqual(100);
    const wide = await ok(["paper", "--out", join(dir, "paper"), "--quiet", "--wide"]);
    expect(widest(wide)).toBeGreaterThan(200);
    // Both show 15 runs: 3 figures × 5 starts, each a row starting "<figure>  <start>".
    const runRows = (t: string) => t.split("\n").filter((l) => /^[234]\s+[1-5]\s+0\.\d+\s/.test(l)).length;
    expect(runRows(out)).toBe(15);
    expect(runRows(wide)).toBe(15);
  }, 120_000);

  it("seed: every line ≤ 100 (the seed's Chinese labels count double); --wide is wider", async () => {
    const out = await ok(["seed", "--steps", "200"]);
    expect(widest(out)).toBeLessThanOrEqual(100);
    expect(out).toContain("振荡收敛");
    expect(out).not.toContain("§");
    expect(widest(await ok(["seed", "--steps", "200", "--wide"]))).toBeGreaterThan(100);
  }, 60_000);

  it("run: deep scalar and data-model summaries ≤ 100; --wide keeps the long lines", async () => {
    for (const args of [["run", "--eta", "0.4", "--steps", "2000"], ["run", "--eta", "0.4001", "--steps", "2000"], ["run", "--model", "diagonal", "--data", DATA, "--eta-frac", "0.5", "--steps", "50", "--quiet"]]) {
      const out = await ok(args);
      expect(widest(out), args.join(" ")).toBeLessThanOrEqual(100);
      expect(widest(await ok([...args, "--wide"])), args.join(" ")).toBeGreaterThan(100);
    }
  }, 60_000);
});

describe("η as given", () => {
  it("--eta-frac 0.9 prints η = 0.36, not 0.36000000000000004; --eta 0.40 prints 0.4", async () => {
    expect(0.9 * (2 / 5)).not.toBe(0.36); // the float noise this guards against
    const a = await ok(["run", "--eta-frac", "0.9", "--steps", "500"]);
    expect(a.split("\n")[0]).toContain("η = 0.36 (= 0.9·η_c)");
    expect(a).not.toContain("0.36000000000000004");
    const b = await ok(["run", "--eta", "0.40", "--steps", "500"]);
    expect(b.split("\n")[0]).toMatch(/η = 0\.4 \(/);
  });
});

describe("plurals", () => {
  it("a segment of one η says '1 η value'; of three, '3 η values'", () => {
    const pt = (eta: number, label: string, attractor: number[]) => ({ eta, label, labelReason: "", attractor, distinct: attractor.length, predicted: label });
    const r = { model: "m", lambdaStar: 5, etaCritical: 0.4, steps: 10, tail: 2, theta0: [1], points: [pt(0.3, "stable", [0]), pt(0.35, "subcritical", [0]), pt(0.36, "subcritical", [0]), pt(0.37, "subcritical", [0.1, 0.2])] } as unknown as BifurcationResult;
    const text = formatSweep(r);
    expect(text).toContain("(1 η value; 1 distinct θ⊥ value at");
    expect(text).toContain("(3 η values; 2 distinct θ⊥ values at");
    expect(text).not.toMatch(/\b1 η values|\b1 distinct θ⊥ values/);
  });
});

describe("run longer", () => {
  it("a run too short for its regime says how many steps the theory needs (≥ the label's own estimate)", async () => {
    const out = await ok(["run", "--eta", "0.4001", "--steps", "2000", "--wide"]);
    const need = Number(/needs ≈ (\d+) steps/.exec(out)![1]);
    const m = /run longer: the theory needs about (\d+) steps/.exec(out);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(need);
    expect(Number(m![1])).toBeLessThan(need * 1.1);
    expect(out).toContain("FAIL");
  });

  it("a critical run whose only failures are the exponents suggests the paper's 10⁶ steps; a passing run has no hint", async () => {
    const short = await ok(["run", "--eta", "0.4", "--steps", "2000", "--wide"]);
    expect(short).toMatch(/exponent thetaPerp: FAIL/);
    expect(short).toContain("run longer: the theory needs about 1000000 steps");
    const long = await ok(["run", "--eta", "0.4", "--steps", "100000", "--wide"]);
    expect(long).not.toContain("FAIL");
    expect(long).not.toContain("run longer");
  });
});

describe("usage errors name the command's help", () => {
  it.each([
    [["run", "--bogus"], "(see eoslab run --help)"],
    [["seed", "--steps"], "(see eoslab seed --help)"],
    [["bogus"], "(see eoslab --help)"],
  ])("%j", async (args, want) => {
    const r = await runCliOutcome(args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toMatch(/^eoslab: /);
    expect(r.stderr).toContain(want);
  });
});
