// `eoslab sharpening` through the real parser (in-process): the JSON equals sharpeningExperiment called directly with
// the same settings, --out writes the figure, and junk gives one "eoslab: …" line with exit 2 and nothing on stdout.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCliOutcome } from "./bad-input-harness.js";
import { initSync, sharpeningData, sharpeningExperiment } from "../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "eoslab-sharpening-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("eoslab sharpening", () => {
  it("--json: the rows of sharpeningExperiment with the same settings, and the figure with --out", async () => {
    const r = await runCliOutcome(["sharpening", "--model", "tanh-mlp", "--hidden", "8", "--samples", "60", "--eta", "0.004,0.01", "--steps", "200", "--every", "20", "--out", dir, "--json"]);
    expect(r.exitCode).toBe(0);
    const o = JSON.parse(r.stdout);
    const x = sharpeningExperiment({ spec: { kind: "tanh-mlp", n: 0, d: 0, h: 8, layers: 1 }, data: sharpeningData({ n: 60 }), etas: [0.004, 0.01], steps: 200, every: 20, engine: initSync() });
    expect(o.lambda0).toBe(x.lambda0);
    expect(o.p).toBe(8 * 4 + 8 + 8);
    expect(o.rows.map((w: { eta: number }) => w.eta)).toEqual([0.004, 0.01]);
    o.rows.forEach((w: Record<string, unknown>, i: number) => {
      expect(w.reachStep).toBe(x.runs[i].reachStep);
      expect(w.lossUpFraction).toBe(x.runs[i].lossUpFraction);
      expect(w.finalLoss).toBe(x.runs[i].loss[x.runs[i].loss.length - 1]);
      expect(typeof w.verdict).toBe("string");
    });
    expect(o.figure).toBe(join(dir, "sharpening-tanh-mlp.svg"));
    expect(existsSync(o.figure)).toBe(true);
    expect(readFileSync(o.figure, "utf8")).toMatch(/^<svg/);
  }, 60_000);

  it("the text report of deep-linear-data names every η and the command that reproduces it", async () => {
    const r = await runCliOutcome(["sharpening", "--model", "deep-linear-data", "--widths", "4,3,1", "--samples", "40", "--eta", "0.002", "--steps", "50", "--every", "10"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/deep-linear-data\(widths=4,3,1\)/);
    const text = r.stdout.replace(/\n {2}/g, " ");
    expect(text).toMatch(/Reproduce: eoslab sharpening --model deep-linear-data --widths 4,3,1 --eta 0.002 --steps 50 --every 10 --init-scale 0.1 --samples 40\n/);
  }, 60_000);

  const S = ["sharpening", "--steps", "5"];
  const rows: [string, string[], RegExp][] = [
    ["unknown model", [...S, "--model", "two-layer"], /unknown --model "two-layer"; use tanh-mlp\|deep-linear-data/],
    ["--hidden on deep-linear-data", [...S, "--model", "deep-linear-data", "--hidden", "4"], /--hidden applies to --model tanh-mlp only; got --model deep-linear-data/],
    ["--layers on deep-linear-data", [...S, "--model", "deep-linear-data", "--layers", "2"], /--layers applies to --model tanh-mlp only/],
    ["--widths on tanh-mlp", [...S, "--widths", "4,2,1"], /--widths applies to --model deep-linear-data only; pass --model deep-linear-data/],
    ["--widths not starting with 4", [...S, "--model", "deep-linear-data", "--widths", "3,2,1"], /--widths must start with d = 4/],
    ["--layers 3", [...S, "--layers", "3"], /--layers must be 1 or 2/],
    ["--eta junk", [...S, "--eta", "0.1,abc"], /--eta: entry 2 \("abc"\) is not a finite number/],
    ["--eta ≤ 0", [...S, "--eta", "0"], /--eta: entry 1 \(0\) must be a finite number > 0/],
    ["--every 0", [...S, "--every", "0"], /--every must be an integer in \[1, /],
    ["--init-scale 0", [...S, "--init-scale", "0"], /--init-scale must be a finite number > 0/],
    ["--samples 0", [...S, "--samples", "0"], /--samples must be an integer in \[1, /],
  ];
  for (const [name, args, want] of rows) {
    it(`bad input: ${name}`, async () => {
      const r = await runCliOutcome(args);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^eoslab: [^\n]+\n$/);
      expect(r.stderr).toMatch(want);
      expect(r.exitCode).toBe(2);
    });
  }
});
