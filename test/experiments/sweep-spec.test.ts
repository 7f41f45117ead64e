// Sweep specs (docs/sweeps.md): field-by-field validation with one-line errors, grid expansion against a plain
// nested loop, ranges against the η grid's formula, and the regime map's grid from rows.
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/errors.js";
import { gridCoordinates, gridSize, parseSweepSpec, specToJson, type SweepSpec } from "../../src/experiments/sweep-spec.js";
import { gridEta } from "../../src/experiments/bifurcation.js";
import { regimeMapGrid } from "../../src/experiments/regime-map.js";

const base = { model: "deep-scalar", fixed: { target: 1 }, axes: { eta: [0.3, 0.4] }, steps: 1000, tail: 16 };
const withBase = (patch: Record<string, unknown>) => ({ ...base, ...patch });

describe("parseSweepSpec: bad input", () => {
  // [what, spec, message pattern]: each must be an InvalidArgumentError with a one-line message naming the field.
  const rows: [string, unknown, RegExp][] = [
    ["not an object", [1, 2], /must be a JSON object/],
    ["unknown top-level field", withBase({ grid: 1 }), /field "grid" is not known/],
    ["unknown model", withBase({ model: "mlp" }), /model must be one of deep-scalar, .*"mlp"/],
    ["no axes", withBase({ axes: {} }), /axes is empty/],
    ["axes a list", withBase({ axes: [1] }), /axes must be an object/],
    ["unknown setting", withBase({ axes: { lr: [0.1] } }), /axes\.lr is not a setting/],
    ["setting of another model", withBase({ fixed: { target: 1, widths: [3, 4, 1] } }), /fixed\.widths does not apply to model deep-scalar \(only to deep-linear, deep-linear-data\)/],
    ["eta and etaFrac both", withBase({ fixed: { target: 1, etaFrac: 1 } }), /give exactly one of eta and etaFrac/],
    ["neither eta nor etaFrac", withBase({ axes: { depth: [2, 3] } }), /give exactly one of eta and etaFrac/],
    ["negative eta", withBase({ axes: { eta: [0.3, -1] } }), /axes\.eta\[1\] must be a finite number > 0, got -1/],
    ["non-integer depth", withBase({ axes: { eta: [0.3], depth: [2, 2.5] } }), /axes\.depth\[1\] must be an integer in \[2, 4096\], got 2\.5/],
    ["range giving non-integers", withBase({ axes: { eta: [0.3], depth: { from: 2, to: 5, count: 3 } } }), /axes\.depth \(value 1 of the range, 3\.5\) must be an integer/],
    ["range without count", withBase({ axes: { eta: { from: 0.3, to: 0.5 } } }), /axes\.eta\.count must be an integer in \[1, 10000000\]/],
    ["range with an unknown field", withBase({ axes: { eta: { from: 0.3, to: 0.5, count: 3, step: 1 } } }), /axes\.eta has an unknown field "step"/],
    ["log range through zero", withBase({ axes: { eta: { from: 0, to: 0.5, count: 3, log: true } } }), /log-spaced, so from and to must be > 0/],
    ["empty axis", withBase({ axes: { eta: [] } }), /axes\.eta is an empty list/],
    ["repeated value", withBase({ axes: { eta: [0.3, 0.3] } }), /axes\.eta repeats a value/],
    ["setting in fixed and axes", withBase({ fixed: { target: 1, eta: 0.3 } }), /axes\.eta is also in fixed/],
    ["fixed-only setting as axis", withBase({ axes: { eta: [0.3], init: [[1, 1]] } }), /axes\.init cannot be an axis/],
    ["zero target", withBase({ fixed: { target: 0 } }), /fixed\.target must be a finite non-zero number/],
    ["steps missing", { ...base, steps: undefined }, /steps is missing/],
    ["steps not an integer", withBase({ steps: 10.5 }), /steps must be an integer in \[4, /],
    ["steps below 2·tail", withBase({ steps: 20, tail: 16 }), /steps must be at least 2·tail = 32/],
    ["bad tail", withBase({ tail: 1 }), /tail must be an integer in \[2, 100000\]/],
    ["bad record", withBase({ record: ["loss"] }), /record\[0\] must be one of attractor, theta/],
    ["init of the wrong length", withBase({ fixed: { target: 1, depth: 3, init: [1, 1] } }), /fixed\.init has 2 entries, depth is 3/],
    ["init with a depth axis", withBase({ fixed: { target: 1, init: [1, 1] }, axes: { eta: [0.3], depth: [2, 3] } }), /fixed\.init gives one start, but depth is an axis/],
    ["deep-linear without widths", { model: "deep-linear", fixed: { input: [1] }, axes: { eta: [0.1] }, steps: 1000 }, /widths is missing/],
    ["deep-linear widths not ending in 1", { model: "deep-linear", fixed: { input: [1], widths: [1, 2, 2] }, axes: { eta: [0.1] }, steps: 1000 }, /fixed\.widths must list integers d0, d1, …, 1/],
    ["deep-linear input of the wrong length", { model: "deep-linear", fixed: { input: [1, 2], widths: [3, 2, 1] }, axes: { eta: [0.1] }, steps: 1000 }, /fixed\.input has 2 entries, widths starts with d0 = 3/],
    ["two-layer without width", { model: "two-layer", fixed: { data: "d.json" }, axes: { eta: [0.1] }, steps: 1000 }, /width is missing/],
    ["tanh-mlp without width", { model: "tanh-mlp", fixed: { data: "d.json" }, axes: { eta: [0.1] }, steps: 1000 }, /width is missing: model tanh-mlp needs its hidden width/],
    ["tanh-mlp with 3 layers", { model: "tanh-mlp", fixed: { data: "d.json", width: 4 }, axes: { eta: [0.1], layers: [1, 3] }, steps: 1000 }, /axes\.layers\[1\] must be an integer in \[1, 2\]/],
    ["deep-linear-data without widths", { model: "deep-linear-data", fixed: { data: "d.json" }, axes: { eta: [0.1] }, steps: 1000 }, /widths is missing: model deep-linear-data/],
    ["data model without data", { model: "diagonal", axes: { eta: [0.1] }, steps: 1000 }, /data is missing/],
    ["data as a range", { model: "diagonal", axes: { eta: [0.1], data: { from: 1, to: 2, count: 2 } }, steps: 1000 }, /axes\.data must be a list of values/],
    ["init seed too large", { model: "diagonal", fixed: { data: "d.json" }, axes: { eta: [0.1], initSeed: [0, 2 ** 32] }, steps: 1000 }, /axes\.initSeed\[1\] must be an integer in \[0, 4294967295\]/],
  ];
  for (const [what, spec, re] of rows) {
    it(what, () => {
      let err: unknown;
      try {
        parseSweepSpec(spec);
      } catch (e) {
        err = e;
      }
      expect(err, what).toBeInstanceOf(InvalidArgumentError);
      const msg = (err as Error).message;
      expect(msg).toMatch(re);
      expect(msg).toMatch(/^sweep spec: /);
      expect(msg).not.toContain("\n");
    });
  }
});

describe("grid expansion", () => {
  it("index ↔ coordinates is the row-major nested loop over the axes in their order (the last fastest)", () => {
    const spec = parseSweepSpec({
      model: "deep-linear", fixed: { input: [0.5, -1, 2], target: 1 },
      axes: { widths: [[3, 4, 1], [3, 2, 2, 1]], initSeed: [0, 1, 2], initScale: [0.2, 0.3], etaFrac: { from: 0.9, to: 1.1, count: 4 } },
      steps: 1000,
    });
    // The reference: four nested loops written out.
    const W = [[3, 4, 1], [3, 2, 2, 1]], S = [0, 1, 2], C = [0.2, 0.3], F = [0, 1, 2, 3].map((i) => 0.9 + (0.2 * i) / 3);
    const expected: Record<string, unknown>[] = [];
    for (const widths of W) for (const initSeed of S) for (const initScale of C) for (const etaFrac of F) expected.push({ widths, initSeed, initScale, etaFrac });
    expect(gridSize(spec)).toBe(expected.length);
    expected.forEach((c, k) => expect(gridCoordinates(spec, k), `index ${k}`).toEqual(c));
    // Key order follows the axes (what every JSON line stores, byte for byte).
    expect(Object.keys(gridCoordinates(spec, 5))).toEqual(["widths", "initSeed", "initScale", "etaFrac"]);
    expect(() => gridCoordinates(spec, expected.length)).toThrow(InvalidArgumentError);
  });

  it("a linear range gives gridEta's values exactly; a log range is geometric with both ends exact", () => {
    const spec = parseSweepSpec(withBase({ axes: { eta: { from: 0.35, to: 0.5, count: 151 } } }));
    spec.axes[0].values.forEach((v, i) => expect(v).toBe(gridEta(0.35, 0.5, 151, i)));
    const log = parseSweepSpec(withBase({ axes: { eta: { from: 0.01, to: 1, count: 5, log: true } } }));
    const v = log.axes[0].values as number[];
    expect(v[0]).toBe(0.01);
    expect(v[4]).toBe(1);
    for (let i = 0; i < 4; i++) expect(v[i + 1] / v[i]).toBeCloseTo(Math.sqrt(10), 12);
  });

  it("the spec's JSON form (a JSONL header's) reads back to an equal spec", () => {
    const spec: SweepSpec = parseSweepSpec({ model: "tanh-chain", fixed: { input: 1, target: 0.5 }, axes: { depth: [2, 3], etaFrac: [0.9, 1.1] }, steps: 1000, record: ["theta"] });
    expect(parseSweepSpec(JSON.parse(JSON.stringify(specToJson(spec))))).toEqual(spec);
    expect(spec.record).toEqual({ attractor: false, theta: true });
  });
});

describe("regimeMapGrid", () => {
  it("puts each row's label at its axis positions, η on x, and η_c per y value", () => {
    const spec = parseSweepSpec({ model: "deep-scalar", fixed: { target: 1 }, axes: { depth: [2, 3], eta: [0.5, 0.7, 0.9] }, steps: 1000 });
    const labels = ["stable", "subcritical", "supercritical", "stable", "critical", "divergent"];
    const rows = labels.map((observed, k) => ({ coords: gridCoordinates(spec, k), observed, etaCritical: k < 3 ? 1 : 2 / 3 }));
    const g = regimeMapGrid(spec, rows.reverse());
    expect(g.x.name).toBe("eta");
    expect(g.y.name).toBe("depth");
    // depth 2 → row 0, depth 3 → row 1; η in order.
    expect(g.cells).toEqual([["stable", "subcritical", "supercritical"], ["stable", "critical", "divergent"]]);
    expect(g.critical).toEqual([1, 2 / 3]);
    expect(g.labels.map((l) => l.label)).toEqual(["stable", "subcritical", "critical", "supercritical", "divergent"]);
    expect(() => regimeMapGrid(spec, [{ coords: { depth: 4, eta: 0.5 }, observed: "stable" }])).toThrow(/not on the spec's grid/);
  });
});
