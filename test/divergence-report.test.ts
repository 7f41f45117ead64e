// Divergence as a result (docs/design.md §2): a run that overflows stops at the first non-finite step and reports the label "divergent", that
// step, and the last finite state — through the API (built-in and user models, data models) and the CLI — and
// JSON output never contains NaN or Infinity (null, with a field saying why). The step numbers are checked
// against plain reference loops written here, not against the library's own output.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringifySafe, toJsonSafe } from "../src/series/json-safe.js";
import {
  analyseRun, deepScalar, engineGeometry, gdLinear, runData, runTrajectory, type Codim1Model, type Engine,
} from "../src/index.js";
import { initSync } from "../src/init.js";
import { runCli } from "./cli/cli-harness.js";

let engine: Engine;
beforeAll(() => {
  engine = initSync();
});

/**
 * Plain GD on ½(θ₁⋯θ_p − y)²: the first t whose loss is not finite, and θ_{t−1}. Products in the order DESIGN/the
 * kernels fix (f = (θ₁⋯θ_m)(θ_p⋯θ_{m+1}), m = ⌊p/2⌋; ∂_if = prefix_i·suffix_i; θ_i − r·(η·∂_if)), so that a run
 * that wanders chaotically before it escapes takes the same path to the last bit.
 */
function referenceDeepScalar(theta0: number[], y: number, eta: number, steps: number): { first: number | null; last: number[] } {
  const p = theta0.length, m = p >> 1;
  let th = theta0.slice(), last = th;
  for (let t = 0; t <= steps; t++) {
    let lo = 1, hi = 1;
    for (let i = 0; i < m; i++) lo *= th[i];
    for (let i = p - 1; i >= m; i--) hi *= th[i];
    const r = lo * hi - y;
    if (!Number.isFinite(0.5 * (r * r)) || !th.every(Number.isFinite)) return { first: t, last };
    last = th;
    if (t === steps) break;
    const pre: number[] = [];
    let acc = 1;
    for (let i = 0; i < p; i++) {
      pre.push(acc);
      acc *= th[i];
    }
    const next = new Array<number>(p);
    acc = 1;
    for (let i = p - 1; i >= 0; i--) {
      next[i] = th[i] - r * (eta * (pre[i] * acc));
      acc *= th[i];
    }
    th = next;
  }
  return { first: null, last };
}

/** True if the JSON text has a NaN/Infinity token as a value (not inside a string such as a note). */
const hasNonFiniteToken = (text: string): boolean => /[:,[]\s*-?(NaN|Infinity)\b/.test(text);

/** Plain GD on ½‖Xθ − y‖² (X row-major n×d): the first non-finite step. */
function referenceLinear(X: number[], y: number[], n: number, d: number, eta: number, steps: number): number | null {
  let th = new Array(d).fill(0);
  for (let t = 0; t <= steps; t++) {
    const r = y.map((yi, i) => th.reduce((s, v, j) => s + X[i * d + j] * v, 0) - yi);
    const loss = 0.5 * r.reduce((s, v) => s + v * v, 0);
    if (!Number.isFinite(loss)) return t;
    if (t === steps) break;
    th = th.map((v, j) => v - eta * r.reduce((s, ri, i) => s + X[i * d + j] * ri, 0));
  }
  return null;
}

const allFinite = (xs: ArrayLike<number>): boolean => Array.from(xs).every(Number.isFinite);

describe("API: divergence is a result", () => {
  const cases: [number[], number][] = [[[2, 1, 1, 1, 1], 2], [[3, 3, 3, 3, 3], 0.5], [[1.5, 1.2, 0.9], 1.5], [[4, 0.3], 3]];
  for (const [theta0, eta] of cases) {
    it(`deep scalar p = ${theta0.length}, η = ${eta}: stops at the reference's first non-finite step, final = last finite state`, () => {
      const ref = referenceDeepScalar(theta0, 1, eta, 1000);
      expect(ref.first).not.toBeNull();
      const model = deepScalar({ depth: theta0.length });
      const r = runTrajectory(model, { eta, steps: 1000, theta0, record: { every: 1 }, engine });
      expect(r.summary.firstNonFiniteStep).toBe(ref.first);
      expect(r.final.step).toBe(ref.first! - 1);
      expect(r.summary.stepsRun).toBe(ref.first! - 1);
      for (let i = 0; i < theta0.length; i++) expect(r.final.theta[i] / ref.last[i]).toBeCloseTo(1, 10);
      expect(allFinite([r.final.loss, r.final.thetaPerp, r.final.distPar, r.final.lambdaPar, r.final.lambdaAt, ...r.final.theta, ...r.final.thetaPar])).toBe(true);
      expect(allFinite(r.series.loss)).toBe(true);
      expect(r.series.step[r.series.step.length - 1]).toBe(ref.first! - 1);

      // The same f as a user model (the JS path): the same step.
      const user: Codim1Model = { name: "user", dim: model.dim, target: 1, f: (t) => model.f(t), grad: (t, o) => model.grad(t, o), hvp: (t, v, o) => model.hvp(t, v, o) };
      const g = runTrajectory(user, { eta, steps: 1000, theta0, record: { every: 1 }, flattest: { thetaStar: new Array(theta0.length).fill(1), lambdaStar: theta0.length } });
      expect(g.summary.firstNonFiniteStep).toBe(ref.first);
      expect(g.final.step).toBe(ref.first! - 1);
      expect(allFinite([g.final.loss, ...g.final.theta])).toBe(true);

      // analyseRun labels it divergent.
      const a = analyseRun(model, engineGeometry(engine), { eta, steps: 1000, theta0 });
      expect(a.observation.label).toBe("divergent");
      expect(a.summary.firstNonFiniteStep).toBe(ref.first);
      expect(a.final.step).toBe(ref.first! - 1);
    });
  }

  it("gdLinear and runData (linear, diagonal): first non-finite step, finite last state", () => {
    const X = [1, 0, 0, 1, 1, 1], y = [1, 2, 0.5];
    const first = referenceLinear(X, y, 3, 2, 50, 500);
    expect(first).not.toBeNull();
    const g = gdLinear(Float64Array.from(X), Float64Array.from(y), 3, 2, { eta: 50, steps: 500, engine });
    expect(g.summary.firstNonFiniteStep).toBe(first);
    expect(g.summary.stepsRun).toBe(first! - 1);
    expect(allFinite(g.theta)).toBe(true);
    const data = { X: Float64Array.from(X), y: Float64Array.from(y), n: 3, d: 2 };
    const r = runData({ kind: "linear", n: 3, d: 2 }, data, { eta: 50, steps: 500, theta0: [0, 0], engine, linearForm: "plain" });
    expect(r.summary.firstNonFiniteStep).toBe(first);
    expect(r.summary.stepsRun).toBe(first! - 1);
    expect(allFinite(r.theta)).toBe(true);
    expect(allFinite(r.loss)).toBe(true);
    const dg = runData({ kind: "diagonal", n: 3, d: 2 }, data, { eta: 50, steps: 500, theta0: [0.5, 0.5, 0.5, 0.5], engine });
    expect(dg.summary.firstNonFiniteStep).not.toBeNull();
    expect(dg.summary.stepsRun).toBe(dg.summary.firstNonFiniteStep! - 1);
    expect(allFinite(dg.theta)).toBe(true);
  });
});

describe("JSON: never NaN or Infinity", () => {
  it("toJsonSafe / stringifySafe: non-finite numbers become null and are listed with their paths", () => {
    const { json, nonFinite, nonFiniteCount } = toJsonSafe({ a: NaN, b: [1, Infinity, -Infinity], c: { d: new Float64Array([2, NaN]) }, e: null });
    expect(json).toEqual({ a: null, b: [1, null, null], c: { d: [2, null] }, e: null });
    expect(nonFiniteCount).toBe(4);
    expect(nonFinite).toEqual(["a (NaN)", "b[1] (Infinity)", "b[2] (-Infinity)", "c.d[1] (NaN)"]);
    expect([hasNonFiniteToken('{"a": NaN}'), hasNonFiniteToken('{"a":[1,-Infinity]}'), hasNonFiniteToken('{"note":"NaN or Infinity"}')]).toEqual([true, true, false]);
    const s = stringifySafe({ x: NaN, y: 1 });
    expect(hasNonFiniteToken(s)).toBe(false);
    const o = JSON.parse(s);
    expect(o.x).toBeNull();
    expect(o.nonFinite.count).toBe(1);
    expect(o.nonFinite.first).toEqual(["x (NaN)"]);
    expect(JSON.parse(stringifySafe({ y: 1 })).nonFinite).toBeUndefined();
  });
});

describe("every command's --json goes through stringifySafe", () => {
  it("no command writes JSON.stringify(...) to stdout directly", () => {
    const dirs = ["src/cli/commands", "src/cli/reports"].map((d) => join(process.cwd(), d));
    const files = dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => join(dir, f)));
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const path of files) {
      const f = path.slice(path.lastIndexOf("/") + 1);
      const src = readFileSync(path, "utf8");
      expect(src, f).not.toMatch(/stdout\.write\(\s*JSON\.stringify/);
      if (/--json/.test(src) && /stdout\.write/.test(src) && f !== "data-options.ts") expect(src, f).toMatch(/stringifySafe\(/);
    }
  });
});

describe("CLI: divergent runs, reported and JSON-clean", () => {
  const dir = mkdtempSync(join(tmpdir(), "eoslab-div-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const csv = join(dir, "d.csv");
  // y = Xθ for θ = (1, 2): an exact fit exists, so M is not empty and the run has a regime.
  writeFileSync(csv, "x1,x2,y\n1,0,1\n0,1,2\n1,1,3\n");
  // The same X with y outside its range: no exact fit (docs/design.md §4).
  const noFit = join(dir, "nofit.csv");
  writeFileSync(noFit, "x1,x2,y\n1,0,1\n0,1,2\n1,1,0.5\n");
  const zeros = join(dir, "zeros.json");
  writeFileSync(zeros, '{"theta": [0, 0]}');

  it("eoslab run (deep scalar): regime.observed divergent, the step, the last finite state; the table says so too", async () => {
    const ref = referenceDeepScalar([2, 1, 1, 1, 1], 1, 2, 1000);
    const text = await runCli(["run", "--eta", "2", "--init", "2,1,1,1,1", "--steps", "1000", "--json"]);
    expect(hasNonFiniteToken(text)).toBe(false);
    const j = JSON.parse(text);
    expect(j.regime.observed).toBe("divergent");
    expect(j.fit.observed.divergence.firstNonFiniteStep).toBe(ref.first);
    expect(j.final.step).toBe(ref.first! - 1);
    for (const v of [j.final.loss, j.final.lambdaPar, j.final.lambdaAt, j.final.distPar, j.final.thetaPerp, ...j.final.theta]) expect(Number.isFinite(v)).toBe(true);
    const table = await runCli(["run", "--eta", "2", "--init", "2,1,1,1,1", "--steps", "1000"]);
    expect(table).toContain("observed  divergent");
    expect(table).toContain(`non-finite at step ${ref.first}`);
    expect(table).toContain(`final    step ${ref.first! - 1}:`);
  });

  for (const model of ["linear", "diagonal"]) {
    it(`eoslab run --model ${model}: divergence.label divergent, the step, the last finite state`, async () => {
      // Linear from θ₀ = 0, so the plain reference loop gives the step; diagonal from the default random start.
      const start = model === "linear" ? ["--theta0", zeros] : [];
      const text = await runCli(["run", "--model", model, "--data", csv, "--eta", "50", "--steps", "300", ...start, "--json"]);
      expect(hasNonFiniteToken(text)).toBe(false);
      const j = JSON.parse(text);
      expect(j.divergence.label).toBe("divergent");
      expect(j.regime.observed).toBe("divergent");
      const k = j.divergence.firstNonFiniteStep;
      expect(k).not.toBeNull();
      if (model === "linear") expect(k).toBe(referenceLinear([1, 0, 0, 1, 1, 1], [1, 2, 3], 3, 2, 50, 300));
      expect(k).toBe(j.summary.firstNonFiniteStep);
      expect(j.divergence.lastFinite.step).toBe(k - 1);
      expect(Number.isFinite(j.divergence.lastFinite.loss)).toBe(true);
      for (const v of j.divergence.lastFinite.theta) expect(Number.isFinite(v)).toBe(true);
      const table = await runCli(["run", "--model", model, "--data", csv, "--eta", "50", "--steps", "300", ...start]);
      expect(table).toContain(`divergent: non-finite at step ${k}`);
    });
  }

  it("eoslab run --model diagonal on data with no exact fit: divergence wins over the no-exact-fit label", async () => {
    const j = JSON.parse(await runCli(["run", "--model", "diagonal", "--data", noFit, "--eta", "50", "--steps", "300", "--json"]));
    expect(j.label).toBe("divergent");
    expect(j.divergence.label).toBe("divergent");
    expect(j.noExactFit.leastSquaresLoss).toBeGreaterThan(0);
    expect(j.regime).toBeNull();
    expect(j.lambdaStar).toBeNull();
    // The table keeps the no-exact-fit account and adds the divergence line.
    const table = await runCli(["run", "--model", "diagonal", "--data", noFit, "--eta", "50", "--steps", "300"]);
    expect(table).toContain("no exact fit: y cannot be fitted exactly");
    expect(table).toContain(`divergent: non-finite at step ${j.divergence.firstNonFiniteStep}`);
    expect(table).not.toContain("undefined");
  });

  it("seed --json --curves (rows that diverge, curves with overflow) is valid JSON without NaN/Infinity", async () => {
    const text = await runCli(["seed", "--json", "--curves"]);
    expect(hasNonFiniteToken(text)).toBe(false);
    const j = JSON.parse(text);
    expect(j.rows.some((r: { divergedAtStep: number | null }) => r.divergedAtStep !== null)).toBe(true);
  });
});
