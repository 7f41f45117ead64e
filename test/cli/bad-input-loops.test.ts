// Bad input, class "every loop terminates": runs whose work has no fixed bound are refused above --max-minutes with
// one line naming the limit and the flags to change; entries that would overflow the exact projection are refused
// before any loop starts. Also: the estimate formulas against the measured constants, and the chunked run (what
// the progress bar advances between) against one uninterrupted run, bit for bit.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runCliOutcome } from "./bad-input-harness.js";
import { deepScalar, initSync } from "../../src/index.js";
import { engineGeometry } from "../../src/codim1/geometry.js";
import {
  checkRunEstimate, chunkedRun, DEFAULT_MAX_MINUTES, estimateScalarRun, estimateTwoLayerRun, scalarRunRecords,
  SCALAR_SECONDS_PER_P3_RECORD, SCALAR_SECONDS_PER_P_STEP,
} from "../../src/cli/run-limits.js";
import { InvalidArgumentError } from "../../src/errors.js";

const dir = mkdtempSync(join(tmpdir(), "eoslab-loops-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, "tiny.json");
writeFileSync(data, JSON.stringify({ X: [[1, 0, 1], [0, 1, 1]], y: [1, -1] }));

type Case = [args: string[], exit: 1 | 2, expect: string];
const LIMIT = `over the limit of --max-minutes ${DEFAULT_MAX_MINUTES}`;
const cases: Case[] = [
  // Deep scalar: a dense p×p eigenvalue per record; 102 records at p = 4096 is about an hour.
  [["run", "--depth", "4096", "--steps", "100", "--eta-frac", "0.5"], 2, LIMIT],
  [["run", "--depth", "2048", "--steps", "1000", "--eta", "0.001"], 2, "use a smaller --depth or --steps, a larger --record-every, or raise --max-minutes"],
  // Few records but 2·10⁹ steps of a 1000-parameter model.
  [["run", "--depth", "1000", "--steps", "2000000000", "--eta", "0.001", "--record-every", "1000000000"], 2, LIMIT],
  // A limit set lower than a run that would take seconds.
  [["run", "--depth", "512", "--steps", "100", "--eta-frac", "0.5", "--max-minutes", "0.01"], 2, "over the limit of --max-minutes 0.01"],
  // Two-layer: the flattest-minimum search alone is ~0.05 s per hidden unit on the smallest data.
  [["run", "--model", "two-layer", "--hidden", "100000", "--data", data, "--eta", "0.01", "--steps", "100"], 2, "use a smaller --hidden, or raise --max-minutes"],
  [["run", "--model", "two-layer", "--hidden", "20000", "--data", data, "--eta", "0.01", "--steps", "10"], 2, LIMIT],
  [["run", "--model", "two-layer", "--hidden", "1000", "--data", data, "--eta", "0.01", "--steps", "10", "--max-minutes", "0.5"], 2, "at least 50 s"],
  // The flag itself.
  ...["0", "-1", "abc", "Infinity", "NaN", ""].map((v): Case => [["run", "--eta", "0.1", "--max-minutes", v], 2, "--max-minutes must be a finite number > 0"]),
  [["run", "--model", "linear", "--data", data, "--eta", "0.1", "--max-minutes", "0"], 2, "--max-minutes must be a finite number > 0"],
  // Entries whose square overflows: the exact projection's bracket would spin on an infinite product.
  [["run", "--depth", "2", "--init", "1e155,1e-155", "--eta", "0.1", "--steps", "2"], 2, "theta[0] = 1e+155 is beyond ±1e+150"],
  [["run", "--depth", "3", "--init", "1,1e-300,1e300", "--eta", "0.1", "--steps", "2"], 2, "theta[2] = 1e+300 is beyond ±1e+150"],
  [["run", "--depth", "2", "--init", "-1e-200,-1e200", "--eta", "0.1", "--steps", "2"], 2, "theta[1] = -1e+200 is beyond"],
];

describe("bad input: unbounded work is refused above a documented limit", () => {
  it.each(cases.map(([args, exit, want], i) => ({ i, args, exit, want, label: args.join(" ").replaceAll(dir + "/", "") })))(
    "#$i eoslab $label → exit $exit",
    async ({ args, exit, want }) => {
      const r = await runCliOutcome(args);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^eoslab: [^\n]+\n$/); // exactly one line
      expect(r.stderr).not.toContain("internal error");
      expect(r.stderr).toContain(want);
      expect(r.exitCode).toBe(exit);
    },
    20_000,
  );

  it("--hidden beyond wasm32 still gets the exact memory refusal (the time check defers to it)", async () => {
    const r = await runCliOutcome(["run", "--model", "two-layer", "--hidden", "100000000", "--data", data, "--eta", "0.1", "--steps", "10"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^eoslab: run --model two-layer on 2×3 data[^\n]*wasm memory[^\n]*\n$/);
  });
});

describe("estimates", () => {
  it("deep scalar: records × c·p³ + steps × c'·p, and the record count analyseRun uses", () => {
    // 100 steps, tail 64 → K = 50: main 0…50 (51 records, log plan keeps every step), tail 50…100 (51).
    expect(scalarRunRecords(100, 64, { logPoints: 2000 })).toBe(102);
    expect(scalarRunRecords(1000, 64, { every: 100 })).toBe(11 + 65);
    const e = estimateScalarRun(512, 100, 102);
    expect(e.seconds).toBeCloseTo(102 * SCALAR_SECONDS_PER_P3_RECORD * 512 ** 3 + 100 * SCALAR_SECONDS_PER_P_STEP * 512, 9);
    expect(e.bytes).toBeGreaterThan(8 * 512 * 512);
    expect(estimateTwoLayerRun(1000).seconds).toBe(50);
  });

  it("prints one estimate line on stderr for a run of 2 s or more, nothing below, and refuses above the limit", () => {
    const writes: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => (writes.push(String(s)), true));
    try {
      checkRunEstimate({ seconds: 1, bytes: 1e8, units: 1, basis: "b" }, 10, "x");
      expect(writes).toEqual([]);
      checkRunEstimate({ seconds: 120, bytes: 2e8, units: 1, basis: "b" }, 10, "x");
      expect(writes).toEqual(["run: estimated ~2.0 min, ~200 MB (b)\n"]);
    } finally {
      spy.mockRestore();
    }
    expect(() => checkRunEstimate({ seconds: 601, bytes: 1, units: 1, basis: "b" }, 10, "a smaller --depth")).toThrow(InvalidArgumentError);
  });
});

describe("chunked run (what the progress bar advances between)", () => {
  const engine = initSync({ backend: "simd" });
  const geometry = engineGeometry(engine);
  const bits = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

  it.each([
    { name: "converging, log-spaced records", eta: 0.2, steps: 5000, record: { logPoints: 300 } },
    { name: "continued from startStep, every step", eta: 0.39, steps: 400, record: { every: 1 }, startStep: 1000 },
    { name: "divergent: stops at the first non-finite step", eta: 3, steps: 2000, record: { every: 7 } },
  ])("$name: same records, summary and final state as one call", ({ eta, steps, record, startStep }) => {
    const model = deepScalar({ depth: 5 });
    const theta0 = Float64Array.from([1.3, 1, 1, 0.9, 0.8]);
    const one = geometry.run(model, { eta, steps, theta0, record, startStep });
    let ticks = 0;
    const run = chunkedRun(geometry.run.bind(geometry), (n) => (ticks += n), 13);
    const many = run(model, { eta, steps, theta0, record, startStep });
    for (const k of ["step", "loss", "thetaPerp", "distPar", "lambdaPar", "lambdaAt"] as const) {
      expect(bits(many.series[k]), k).toBe(bits(one.series[k]));
    }
    expect(many.summary).toEqual(one.summary);
    expect(bits(many.final.theta)).toBe(bits(one.final.theta));
    expect(many.final.step).toBe(one.final.step);
    expect(ticks).toBe(one.series.step.length);
  });
});
