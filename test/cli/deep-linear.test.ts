// `eoslab run --model deep-linear` (docs/design.md §1, "Deep linear networks with one input"): the same JSON shape as a
// deep scalar run, λ* and η_c against the closed form computed here, θ₀ against numpy's stream, the same text on every
// backend, and its bad input as one-line usage errors.
import { afterEach, describe, expect, it, vi } from "vitest";
import { runCli } from "./cli-harness.js";
import { runCliOutcome } from "./bad-input-harness.js";
import { RandomState } from "../../src/index.js";

afterEach(() => vi.restoreAllMocks());

const NET = ["--model", "deep-linear", "--widths", "3,4,4,1", "--input", "0.5,-1,2", "--target", "1", "--init-seed", "7", "--init-scale", "0.3"];

/** Every key path of a JSON value down to `depth` levels (arrays as one level), sorted. */
function keyPaths(x: unknown, depth: number, prefix = ""): string[] {
  if (depth === 0 || x === null || typeof x !== "object" || Array.isArray(x)) return [prefix];
  return Object.keys(x).sort().flatMap((k) => keyPaths((x as Record<string, unknown>)[k], depth - 1, `${prefix}.${k}`));
}

describe("eoslab run --model deep-linear", () => {
  it("prints a deep scalar run's JSON shape, with λ* = L·|y|^{2(L−1)/L}·‖x‖^{2/L} and the supercritical regime at 1.02·η_c", async () => {
    const j = JSON.parse(await runCli(["run", ...NET, "--eta-frac", "1.02", "--steps", "20000", "--json"]));
    const ds = JSON.parse(await runCli(["run", "--model", "deep-scalar", "--eta-frac", "1.02", "--steps", "20000", "--json"]));
    // The run's own description differs (widths, input, seed vs depth); everything the analysis reports is shared.
    const own = new Set(["widths", "input", "initSeed", "initScale", "depth"]);
    const shape = (o: Record<string, unknown>) => keyPaths(Object.fromEntries(Object.entries(o).filter(([k]) => !own.has(k))), 3);
    // Deep-scalar-only sections (e.g. gfsSharpness) are present on both but null here: same top-level keys.
    expect(Object.keys(j).filter((k) => !own.has(k)).sort()).toEqual(Object.keys(ds).filter((k) => !own.has(k)).sort());
    const nested = (o: Record<string, unknown>) => shape(o).filter((k) => !(k.split(".")[1] in o && j[k.split(".")[1]] === null));
    expect(nested(j)).toEqual(nested(ds));
    for (const k of ["lambdaStar", "etaCritical", "regime", "final", "fit"]) expect(j[k]).not.toBeNull();
    const lam = 3 * 1 ** (4 / 3) * Math.hypot(0.5, -1, 2) ** (2 / 3);
    expect(j.lambdaStar).toBeCloseTo(lam, 13);
    expect(j.lambdaStarSource).toBe("closed-form");
    expect(j.etaCritical).toBeCloseTo(2 / lam, 14);
    expect(j.eta).toBeCloseTo((1.02 * 2) / lam, 14);
    // θ₀ = 0.3 · RandomState(7).randn(32), W₁ row-major first.
    expect(j.theta0).toEqual(Array.from(new RandomState(7).randn(32), (v) => 0.3 * v));
    expect(j.widths).toEqual([3, 4, 4, 1]);
    expect(j.regime.predicted).toBe("supercritical");
    expect(j.regime.observed).toBe("supercritical");
    // On the period-two orbit θ∥ is a flattest minimum: λ(θ∥) = λ*, distPar ≈ 0; the orbit's θ⊥ as predicted.
    expect(j.final.lambdaPar / lam).toBeCloseTo(1, 12);
    expect(j.final.distPar).toBeLessThan(1e-10);
    const measured = [...j.fit.observed.orbit].sort((a: number, b: number) => b - a);
    expect(measured).toHaveLength(2);
    for (let i = 0; i < 2; i++) expect(measured[i]).toBeCloseTo(j.fit.predicted.orbit[i], 9);
  }, 60_000);

  it("prints the same JSON text on simd, wasm and js", async () => {
    const texts = [];
    for (const b of ["simd", "wasm", "js"]) texts.push(await runCli(["run", ...NET, "--eta-frac", "0.98", "--steps", "3000", "--record-every", "100", "--backend", b, "--json"]));
    // The backend is named in the JSON; everything else is the same bytes.
    const strip = (t: string) => t.replace(/"backend":"\w+"/, "");
    expect(strip(texts[1])).toBe(strip(texts[0]));
    expect(strip(texts[2])).toBe(strip(texts[0]));
  }, 60_000);
});

describe("eoslab run --model deep-linear: bad input", () => {
  const ETA = ["--eta", "0.1"];
  const cases: [string[], string][] = [
    [["run", "--model", "deep-linear", ...ETA], "--model deep-linear needs --widths"],
    [["run", "--model", "deep-linear", "--widths", "3,4,1", ...ETA], "--model deep-linear needs --widths"],
    [["run", "--model", "deep-linear", "--widths", "3,4,2", "--input", "1,2,3", ...ETA], "--widths must end with 1"],
    [["run", "--model", "deep-linear", "--widths", "3,1", "--input", "1,2,3", ...ETA], "L ≥ 2 layers"],
    [["run", "--model", "deep-linear", "--widths", "3,0,1", "--input", "1,2,3", ...ETA], "--widths must list integers in [1, 4096]"],
    [["run", "--model", "deep-linear", "--widths", "3,2.5,1", "--input", "1,2,3", ...ETA], "--widths must list integers in [1, 4096]"],
    [["run", "--model", "deep-linear", "--widths", "3,4,1", "--input", "1,2", ...ETA], "--input has 2 entries, --widths starts with d0 = 3"],
    [["run", "--model", "deep-linear", "--widths", "3,4,1", "--input", "0,0,0", ...ETA], "--input must not be all zeros"],
    [["run", "--model", "deep-linear", "--widths", "3,4,1", "--input", "1,abc,3", ...ETA], "--input"],
    [["run", "--model", "deep-linear", "--widths", "3,4,1", "--input", "1,2,3", "--target", "0", ...ETA], "y = 0 is not a regular value of f"],
    [["run", "--model", "deep-linear", "--widths", "3,4,1", "--input", "1,2,3", "--init-scale", "0", ...ETA], "--init-scale must be a finite number > 0"],
    [["run", "--model", "deep-linear", "--widths", "3,4,1", "--input", "1,2,3", "--init-seed", "-1", ...ETA], "--init-seed must be an integer in [0, "],
    [["run", "--model", "deep-linear", "--widths", "3,4,1", "--input", "1,2,3"], "exactly one of --eta and --eta-frac"],
    // Options of other models, and this model's options given to others.
    [["run", "--model", "deep-linear", "--widths", "3,4,1", "--input", "1,2,3", "--depth", "3", ...ETA], "--depth applies to --model deep-scalar|scalar|tanh-chain only; got --model deep-linear"],
    [["run", "--model", "deep-linear", "--widths", "3,4,1", "--input", "1,2,3", "--init", "1,2", ...ETA], "--init applies to --model deep-scalar|scalar|tanh-chain only; got --model deep-linear"],
    [["run", "--model", "deep-linear", "--widths", "3,4,1", "--input", "1,2,3", "--hidden", "2", ...ETA], "--hidden applies to --model two-layer|tanh-mlp only; got --model deep-linear"],
    [["run", "--widths", "3,4,1", ...ETA], "--widths applies to --model deep-linear|deep-linear-data only"],
    [["run", "--model", "deep-scalar", "--input", "1,2,3", ...ETA], "--input applies to --model deep-linear|tanh-chain only; got --model deep-scalar"],
    [["run", "--model", "linear", "--data", "x.csv", "--widths", "3,1", ...ETA], "--widths applies to --model deep-linear|deep-linear-data only; got --model linear"],
  ];
  for (const [args, want] of cases) {
    it(args.slice(1).join(" "), async () => {
      const o = await runCliOutcome(args);
      expect(o.exitCode).toBe(2);
      expect(o.stdout).toBe("");
      const lines = o.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0].startsWith("eoslab: ")).toBe(true);
      expect(lines[0]).toContain(want);
    });
  }
});
