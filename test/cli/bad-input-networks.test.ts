// `eoslab run|sharpness --model deep-linear-data|tanh-mlp` (docs/design.md §4, networks on data): junk gives exactly
// one "eoslab: …" line naming the option, exit 2, nothing on stdout; a good deep-linear-data run finds the closed-form
// λ*, and a tanh-mlp run reports its GD loop as JS and the same sharpness as the library.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCliOutcome, usageErrorRows } from "./bad-input-harness.js";
import { dataSharpness, initSync } from "../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "eoslab-networks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// One input column x = (1, 2), y = (0.5, 1) = c·x with c = 0.5. For widths [1, k, 1], F = (w₂·W₁)x and
// JJᵀ = xxᵀ(‖W₁‖² + ‖w₂‖²) ≥ 2|w₂·W₁|·xxᵀ (Cauchy–Schwarz, AM–GM), with equality at balanced points: λ* = 2|c|‖x‖² = 5.
const line = join(dir, "line.json");
writeFileSync(line, JSON.stringify({ X: [[1], [2]], y: [0.5, 1] }));
const three = join(dir, "three.json");
writeFileSync(three, JSON.stringify({ X: [[1, 0, 0.5], [0, 1, -1], [1, 1, 0], [0.2, -0.3, 1]], y: [0.5, -0.2, 0.3, 0.1] }));
// A near-balanced start (W₁ = (0.5, 0.5, 0.2)ᵀ, w₂ = (0.6, 0.4, 0.1), w₂·W₁ = 0.52): ηλ(θ∥₀) ≈ 0.8·2/5·5.35 < 2.
const start = join(dir, "start.json");
writeFileSync(start, JSON.stringify({ theta: [0.5, 0.5, 0.2, 0.6, 0.4, 0.1] }));
const point = join(dir, "p.json");
// n = 12 samples in d = 3: a tanh MLP with h = 1 has p = 3 + 1 + 1 = 5 < 12 parameters (underparametrised).
const wide = join(dir, "wide.json");
writeFileSync(wide, JSON.stringify({ X: Array.from({ length: 12 }, (_, i) => [Math.sin(i), Math.cos(i), i / 12]), y: Array.from({ length: 12 }, (_, i) => Math.sin(2 * i)) }));
// tanh-mlp on d = 3 with h = 2: p = 2·3 + 2 + 2 = 10.
const theta = [0.3, -0.2, 0.5, 0.1, 0.4, -0.6, 0.05, -0.1, 0.7, -0.8];
writeFileSync(point, JSON.stringify({ theta }));

const ETA = ["--eta", "0.1", "--steps", "10"];
const rows: [string, string[], RegExp][] = [
  ["tanh-mlp without --hidden", ["run", "--model", "tanh-mlp", "--data", three, ...ETA], /tanh-mlp needs --hidden h, an integer in \[1, 4096\]/],
  ["--layers 3", ["run", "--model", "tanh-mlp", "--hidden", "2", "--layers", "3", "--data", three, ...ETA], /--layers must be 1 or 2/],
  ["--layers abc", ["run", "--model", "tanh-mlp", "--hidden", "2", "--layers", "abc", "--data", three, ...ETA], /--layers must be 1 or 2/],
  ["deep-linear-data without --widths", ["run", "--model", "deep-linear-data", "--data", three, ...ETA], /deep-linear-data needs --widths d,d1,…,1 with d = 3/],
  ["--widths not starting with d", ["run", "--model", "deep-linear-data", "--widths", "2,2,1", "--data", three, ...ETA], /--widths must start with d = 3/],
  ["--widths not ending with 1", ["run", "--model", "deep-linear-data", "--widths", "3,2,2", "--data", three, ...ETA], /--widths must end with 1/],
  ["--widths too short", ["run", "--model", "deep-linear-data", "--widths", "3,1", "--data", three, ...ETA], /--widths needs d, at least one hidden width/],
  ["--widths junk", ["run", "--model", "deep-linear-data", "--widths", "3,x,1", "--data", three, ...ETA], /--widths must list integers in \[1, 4096\]/],
  ["--layers on two-layer", ["run", "--model", "two-layer", "--hidden", "2", "--layers", "2", "--data", three, ...ETA], /--layers applies to --model tanh-mlp only; got --model two-layer/],
  ["--eta-frac on an underparametrised tanh-mlp", ["run", "--model", "tanh-mlp", "--hidden", "1", "--data", wide, "--eta-frac", "0.5", "--steps", "10"], /--eta-frac needs η_c = 2\/λ\*, and a tanh MLP with p = 5 < n = 12/],
  ["--theta0 of the wrong length", ["run", "--model", "tanh-mlp", "--hidden", "3", "--data", three, "--theta0", point, ...ETA], /theta has 10 entries; this model needs p = 15/],
  ["sharpness: --layers on deep-linear-data", ["sharpness", "--model", "deep-linear-data", "--widths", "3,2,1", "--layers", "2", "--data", three, "--point", point], /--layers applies to --model tanh-mlp only; got --model deep-linear-data/],
];

describe("bad input: networks on data", () => {
  usageErrorRows(rows);
});

describe("good runs: networks on data", () => {
  it("deep-linear-data --widths 1,3,1 finds λ* = 2|c|‖x‖² = 5 and converges at 0.8·η_c below the edge, GD loop in JS", async () => {
    const r = await runCliOutcome(["run", "--model", "deep-linear-data", "--widths", "1,3,1", "--data", line, "--theta0", start, "--eta-frac", "0.8", "--steps", "3000", "--json"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
    const o = JSON.parse(r.stdout);
    expect(o.gdLoop).toBe("js");
    expect(o.model).toBe("deep-linear-data(widths=1,3,1)");
    expect(Math.abs(o.lambdaStar - 5)).toBeLessThan(1e-6);
    expect(o.observed.label).toBe("converged");
    expect(o.lambdaParFinalBelowEdge).toBe(true);
  }, 60_000);

  it("run --model tanh-mlp with p < n: no search, the loss and sharpness series, and a note saying why there is no λ*", async () => {
    const r = await runCliOutcome(["run", "--model", "tanh-mlp", "--hidden", "1", "--data", wide, "--eta", "0.05", "--steps", "200", "--sharpness-every", "50", "--json"]);
    expect(r.exitCode).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.lambdaStar).toBe(null);
    expect(o.lambdaStarNote).toMatch(/tanh-mlp with p = 5 < n = 12/);
    expect(o.sharpness.step).toEqual([0, 50, 100, 150, 200]);
    expect(o.gdLoop).toBe("js");
  }, 60_000);

  it("run --model tanh-mlp with p ≥ n: the flattest search runs, capped at 500 iterations, and says whether it converged", async () => {
    const r = await runCliOutcome(["run", "--model", "tanh-mlp", "--hidden", "2", "--data", three, "--theta0", point, "--eta", "0.05", "--steps", "200", "--json"]);
    expect(r.exitCode).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.flattest.maxIterations).toBe(500);
    expect(o.flattest.iterations).toBeLessThanOrEqual(500);
    expect(typeof o.flattest.converged).toBe("boolean");
    expect(o.lambdaStar).toBeGreaterThan(0);
  }, 60_000);

  it("sharpness --model tanh-mlp gives the library's dataSharpness values; --layers 2 counts its parameters", async () => {
    const r = await runCliOutcome(["sharpness", "--model", "tanh-mlp", "--hidden", "2", "--data", three, "--point", point, "--top", "2", "--json"]);
    expect(r.exitCode).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.p).toBe(10);
    expect(o.exactFit).toBe(null);
    const ds = { X: Float64Array.from([1, 0, 0.5, 0, 1, -1, 1, 1, 0, 0.2, -0.3, 1]), y: Float64Array.from([0.5, -0.2, 0.3, 0.1]), n: 4, d: 3 };
    const s = dataSharpness({ kind: "tanh-mlp", n: 4, d: 3, h: 2 }, ds, theta, { top: 2, engine: initSync() });
    expect(o.hessianTop).toEqual(s.hessianTop);
    const two = await runCliOutcome(["sharpness", "--model", "tanh-mlp", "--hidden", "2", "--layers", "2", "--data", three, "--point", point]);
    expect(two.stderr).toMatch(/theta has 10 entries; this model needs p = 16/);
  }, 60_000);
});
