// Every loop terminates (docs/design.md §3): the exact deep-scalar projection, the Newton projection, the flattest
// minimum search and the period-two bracket each stop on inputs crafted to overflow or to hit their caps, and say so
// with a typed error or a reported iteration count; never a hang, never a silent NaN.
// The wasm kernel runs synchronously, so a regression there would hang this worker: the wasm cases run in a child
// process with a deliberate timeout instead, which turns a hang into a failure.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  deepScalar, EoslabError, flattestMinimum, InvalidArgumentError, projectToManifold, type Codim1Model,
} from "../../src/index.js";
import { periodTwoOrbit } from "../../src/theory/period-two-orbit.js";
import { PROJECT_MAX_ABS, PROJECT_MAX_ITER } from "../../src/codim1/project.js";
import { engines } from "../engines.js";

const eng = engines();
const root = join(__dirname, "..", "..");
const distIndex = join(root, "dist", "index.js");

/** A plain copy of deep scalar's callbacks: the general (Newton, JS) path, not the built-in kernel. */
function plainDeepScalar(p: number): Codim1Model {
  const m = deepScalar({ depth: p });
  return { name: "plain", dim: p, target: m.target, f: (t) => m.f(t), grad: (t, o) => m.grad(t, o), hvp: (t, v, o) => m.hvp(t, v, o) };
}

/** Runs `script` (an ES module body with `lib` = dist/index.js) in a child; null when it did not finish in time. */
function inChild(script: string, timeout = 20_000): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", `const lib = await import(${JSON.stringify(distIndex)});\n${script}`], {
    encoding: "utf8", timeout,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the exact deep-scalar projection terminates on overflowing inputs", () => {
  it.each(["simd", "wasm", "js"] as const)("%s: the raw kernel returns on θ = (1e155, 1e−155), where θ₀² overflows", (backend) => {
    if (!existsSync(distIndex)) throw new Error("run `npm run build:ts` first (this test loads dist/index.js in a child process)");
    // Below the JS guard: call the kernel itself, as runTrajectory's records do, and require it to come back.
    const r = inChild(`
      const e = lib.initSync({ backend: ${JSON.stringify(backend)} });
      for (const th of [[1e155, 1e-155], [0, 1e200], [1e300, 1e-300, 1], [-1e170, 1e-170], [1e200, 1e200, 1e-300, 1e-100]]) {
        const p = th.length;
        e.scoped(() => {
          const pt = e.copyIn(th), out = e.allocF64(2 * p + 5), w = e.allocF64(p * p + 4 * p + 2);
          const it = e.exports.deepScalarProject(p, 1, 1, pt, out, w);
          console.log(JSON.stringify({ it, out: Array.from(e.read(out, 2 * p + 5), String) }));
        });
      }`);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { it: number; out: string[] });
    expect(lines).toHaveLength(5);
    // The bracket grows ≤ 1100 times, Newton ≤ 40, probing ≤ ~1100 (dt ×4 until it overflows), bisection ≤ 64·2.
    for (const l of lines) expect(l.it).toBeLessThan(1100 + 40 + 1100 + 128 + 1);
  }, 60_000);

  it("the CLI run from the reported hang returns at once with a one-line typed error (exit 2)", () => {
    const cli = join(root, "dist", "cli", "index.js");
    const r = spawnSync(process.execPath, [cli, "run", "--depth", "2", "--init", "1e155,1e-155", "--eta", "0.1", "--steps", "2"], { encoding: "utf8", timeout: 20_000 });
    expect(r.signal).toBeNull(); // not killed by the timeout
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^eoslab: theta\[0\] = 1e\+155 is beyond ±1e\+150[^\n]*\n$/);
  }, 30_000);

  it("projectToManifold refuses entries whose square overflows, on every backend; just inside the limit it projects", () => {
    const m = deepScalar({ depth: 2 });
    for (const e of Object.values(eng)) {
      expect(() => projectToManifold(m, [1e155, 1e-155], { engine: e })).toThrow(InvalidArgumentError);
      expect(() => projectToManifold(m, [-1e-160, -1e160], { engine: e })).toThrow(/theta\[1\] = -1e\+160 is beyond ±1e\+150/);
      // θ = (1e150, 1e−150) is on M (f = 1 to within rounding): its projection is θ itself, to relative round-off.
      const pr = projectToManifold(m, [1e150, 1e-150], { engine: e });
      expect(Math.abs(pr.point[0] / 1e150 - 1)).toBeLessThan(1e-12);
      expect(Math.abs(pr.point[1] / 1e-150 - 1)).toBeLessThan(1e-12);
      // Opposite signs (one sign must change): a result with finite entries, or a typed error; never a hang or NaN.
      try {
        const q = projectToManifold(m, [1e150, -1e-150], { engine: e });
        for (const v of [...q.point, q.thetaPerp, q.lambdaPar]) expect(Number.isFinite(v)).toBe(true);
      } catch (err) {
        expect(err).toBeInstanceOf(EoslabError);
      }
    }
    expect(PROJECT_MAX_ABS ** 2).toBeLessThan(Number.MAX_VALUE / 1e6); // θ² + 4t has room at the limit
  });

  it("wasm and JS kernels agree bit for bit on moderate inputs (the guard changes nothing that worked)", () => {
    const m = deepScalar({ depth: 4 });
    let s = 7;
    for (let k = 0; k < 200; k++) {
      const th = Array.from({ length: 4 }, () => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return (s / 2 ** 32 - 0.5) * 10 ** ((k % 9) - 4);
      });
      const a = projectToManifold(m, th, { engine: eng.simd }), b = projectToManifold(m, th, { engine: eng.js });
      expect(Array.from(b.point)).toEqual(Array.from(a.point));
      expect(b.iterations).toBe(a.iterations);
    }
  });
});

describe("the Newton projection (general models): caps and finite checks", () => {
  it("maxIter caps the iterations and the residual says how far it got", () => {
    const m = plainDeepScalar(3);
    const far = [3, -2, 0.5];
    const full = projectToManifold(m, far);
    const capped = projectToManifold(m, far, { maxIter: 1 });
    expect(capped.iterations).toBeLessThanOrEqual(1);
    expect(full.iterations).toBeGreaterThan(1);
    expect(capped.residual).toBeGreaterThan(full.residual);
    expect(projectToManifold(m, far, { maxIter: 0 }).iterations).toBe(0);
  });

  it("refuses caps and tolerances that would not bound the loop", () => {
    const m = plainDeepScalar(2);
    for (const maxIter of [Infinity, NaN, -1, 1.5, PROJECT_MAX_ITER + 1]) {
      expect(() => projectToManifold(m, [1, 2], { maxIter })).toThrow(/maxIter must be an integer in \[0, 10000\]/);
    }
    for (const tol of [NaN, -1, Infinity]) expect(() => projectToManifold(m, [1, 2], { tol })).toThrow(InvalidArgumentError);
  });

  it("a model that overflows near θ is a typed error, not NaN", () => {
    // f = e^{θ₀}·θ₁, finite at θ, but its gradient squared overflows: ‖∇f‖² = e^{2θ₀}(1 + θ₁²).
    const m: Codim1Model = {
      name: "exp", dim: 2, target: 1,
      f: (t) => Math.exp(t[0]) * t[1],
      grad: (t, o) => { o[0] = Math.exp(t[0]) * t[1]; o[1] = Math.exp(t[0]); },
      hvp: (t, v, o) => { const e = Math.exp(t[0]); o[0] = e * (t[1] * v[0] + v[1]); o[1] = e * v[0]; },
    };
    expect(() => projectToManifold(m, [400, 1e-170])).toThrow(EoslabError);
    let err: unknown;
    try { projectToManifold(m, [400, 1e-170]); } catch (e) { err = e; }
    expect(String((err as Error).message)).not.toMatch(/NaN/);
  });
});

describe("flattestMinimum and periodTwoOrbit: caps are reported", () => {
  it("flattestMinimum stops at maxIter and reports converged: false", () => {
    const m = plainDeepScalar(3);
    const r = flattestMinimum(m, [2, 0.7, 0.8], { maxIter: 2 });
    expect(r.iterations).toBeLessThanOrEqual(2);
    expect(r.converged).toBe(false);
    // The closed form (docs/design.md §1): λ* = p|y|^{2−2/p} = 3 is below where two steps got.
    expect(r.lambdaStar).toBeGreaterThan(3);
  });

  it("periodTwoOrbit refuses a maxAmplitude that would leave its bracket search unbounded or empty", () => {
    const m = deepScalar({ depth: 2 });
    const line = { point: Float64Array.from([1, 1]), direction: Float64Array.from([1, 1]) };
    for (const maxAmplitude of [NaN, Infinity, 0, -1]) {
      expect(() => periodTwoOrbit(m, 1.1, line, { maxAmplitude })).toThrow(/maxAmplitude must be a finite number > 0/);
    }
  });
});
