// Deep scalar sweeps run their points together in lanes (computeGridPoints, runDeepScalarLanes): the JSONL must be
// byte for byte the one of points run one at a time (--no-lanes), `seconds` aside, on a multi-axis spec with points
// below, at and above the critical edge and one that diverges; and the lanes must really be used.
// The worker pool loads dist/node/sweep-worker.js and the CLI is dist/cli/index.js: run `npm run build:ts` first.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { computeGridPoint, computeGridPoints, pointCache } from "../../src/experiments/sweep-spec-point.js";
import { gridSize, parseSweepSpec } from "../../src/experiments/sweep-spec.js";
import { runCli } from "../cli/cli-harness.js";
import { countingLanesEngine } from "../engines.js";

const dir = mkdtempSync(join(tmpdir(), "eoslab-sweep-lanes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);
const noSeconds = (path: string) => readFileSync(path, "utf8").replace(/,"seconds":[^,}]+/g, "");

// depth 2 (two lanes) and 5 (four lanes) × η/η_c: subcritical, exactly at η_c (critical), supercritical, and 3·η_c,
// which diverges from the default start; 7 values, so the groups of four and two end part-filled.
// 40 000 steps: the last record gaps of the 200 log-spaced records pass LANES_MIN_GAP, so the lanes run.
const SPEC = { model: "deep-scalar", fixed: { target: 1 }, axes: { depth: [2, 5], etaFrac: [0.9, 0.99, 1, 1.01, 1.05, 1.2, 3] }, steps: 40000, tail: 32 };

describe("eoslab sweep: lanes", () => {
  it("the JSONL with lanes is byte-identical to --no-lanes (seconds aside), and the labels include critical and divergent", async () => {
    const spec = at("spec.json");
    writeFileSync(spec, JSON.stringify(SPEC));
    for (const [name, extra] of [["lanes", []], ["single", ["--no-lanes"]]] as const) {
      await runCli(["sweep", "--spec", spec, "--jsonl", at(`${name}.jsonl`), "--out", at(name), "--workers", "1", "--quiet", ...extra]);
    }
    const a = noSeconds(at("lanes.jsonl")), b = noSeconds(at("single.jsonl"));
    expect(a.split("\n").length).toBe(SPEC.axes.depth.length * SPEC.axes.etaFrac.length + 2);
    expect(a).toBe(b);
    const labels = a.split("\n").slice(1).filter(Boolean).map((l) => JSON.parse(l).observed);
    expect(labels).toContain("critical");
    expect(labels).toContain("divergent");
    expect(readFileSync(at("lanes/regime-map.svg"), "utf8")).toBe(readFileSync(at("single/regime-map.svg"), "utf8"));
  }, 120_000);

  it("the scalar model (f = ab, two lanes) too, and with two workers the merged file is the same", async () => {
    const spec = at("scalar.json");
    writeFileSync(spec, JSON.stringify({ model: "scalar", fixed: { target: 1 }, axes: { etaFrac: [0.8, 1, 1.02, 1.1, 2.5] }, steps: 40000, tail: 16 }));
    await runCli(["sweep", "--spec", spec, "--jsonl", at("s-lanes.jsonl"), "--out", at("s-lanes"), "--workers", "2", "--quiet"]);
    await runCli(["sweep", "--spec", spec, "--jsonl", at("s-single.jsonl"), "--out", at("s-single"), "--workers", "1", "--quiet", "--no-lanes"]);
    await runCli(["merge", at("s-lanes.jsonl"), "--out", at("s-lanes-merged.jsonl"), "--quiet"]);
    await runCli(["merge", at("s-single.jsonl"), "--out", at("s-single-merged.jsonl"), "--quiet"]);
    expect(readFileSync(at("s-lanes-merged.jsonl"), "utf8")).toBe(readFileSync(at("s-single-merged.jsonl"), "utf8"));
  }, 120_000);

  it("computeGridPoints calls the lanes kernel and gives computeGridPoint's records, in the order asked", () => {
    // A js-backend engine of its own, its lanes entry wrapped to count the calls and the trajectories.
    const { engine, calls } = countingLanesEngine();
    const spec = parseSweepSpec(SPEC);
    const order = Array.from({ length: gridSize(spec) }, (_, k) => k).reverse();
    const got = computeGridPoints(engine, spec, order, pointCache());
    expect(calls.length).toBeGreaterThan(0);
    expect(Math.max(...calls)).toBe(4); // depth 5: four trajectories per loop
    expect(calls).toContain(2);
    const strip = (r: object) => JSON.stringify({ ...r, seconds: undefined });
    const ref = order.map((k) => computeGridPoint(engine, spec, k, pointCache()));
    expect(got.map(strip)).toEqual(ref.map(strip));
    expect(got.map((r) => r.index)).toEqual(order);
    const n = calls.length;
    computeGridPoints(engine, spec, order, pointCache(), undefined, { lanes: false });
    expect(calls.length).toBe(n);
  }, 120_000);
});
