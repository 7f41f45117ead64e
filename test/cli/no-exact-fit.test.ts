// The built CLI (node dist/cli/index.js; run `npm run build:ts` first) on data whose y is outside range(X)
// (n = 7 > d = 5): one line saying y cannot be fitted exactly, label "no exact fit", no λ*/η_c/regime/certificate
// (null in JSON), exit 0; --eta-frac (which needs η_c) exits 2 with one line. The least-squares loss is checked
// against a Gram–Schmidt residual computed here.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normals as normalsF64 } from "../normals.js";

const ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const CLI = join(ROOT, "dist/cli/index.js");

/** Standard normals from a fixed seed, as plain numbers. */
function normals(count: number, seed: number): number[] {
  return Array.from(normalsF64(count, seed));
}

/** A '<f8' C-order .npy file (format 1.0), written by hand. */
function npy(shape: number[], data: number[]): Buffer {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += " ".repeat(pad % 64) + "\n";
  const head = Buffer.alloc(10);
  head.write("\x93NUMPY", 0, "latin1");
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.alloc(8 * data.length);
  data.forEach((v, i) => body.writeDoubleLE(v, 8 * i));
  return Buffer.concat([head, Buffer.from(header, "latin1"), body]);
}

/** ½‖y − P_X y‖² by modified Gram–Schmidt (twice) on X's columns: the reference least-squares loss. */
function leastSquaresLoss(X: number[], y: number[], n: number, d: number): number {
  const basis: number[][] = [];
  for (let j = 0; j < d; j++) {
    const q = Array.from({ length: n }, (_, i) => X[i * d + j]);
    for (let pass = 0; pass < 2; pass++) for (const b of basis) {
      const c = b.reduce((s, bi, i) => s + bi * q[i], 0);
      for (let i = 0; i < n; i++) q[i] -= c * b[i];
    }
    const nq = Math.hypot(...q);
    basis.push(q.map((v) => v / nq));
  }
  const r = [...y];
  for (let pass = 0; pass < 2; pass++) for (const b of basis) {
    const c = b.reduce((s, bi, i) => s + bi * r[i], 0);
    for (let i = 0; i < n; i++) r[i] -= c * b[i];
  }
  return 0.5 * r.reduce((s, v) => s + v * v, 0);
}

const n = 7, d = 5;
const X = normals(n * d, 101), y = normals(n, 202);
const L = leastSquaresLoss(X, y, n, d);
let dir = "";

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build:ts\` first`);
  dir = mkdtempSync(join(tmpdir(), "eoslab-no-exact-fit-"));
  writeFileSync(join(dir, "X.npy"), npy([n, d], X));
  writeFileSync(join(dir, "y.npy"), npy([n], y));
  const rows = Array.from({ length: n }, (_, i) => X.slice(i * d, (i + 1) * d));
  writeFileSync(join(dir, "data.json"), JSON.stringify({ X: rows, y }));
  // A consistent problem: n = 5 < d = 7.
  const Xc = normals(5 * 7, 303), yc = normals(5, 404);
  writeFileSync(join(dir, "fit.json"), JSON.stringify({ X: Array.from({ length: 5 }, (_, i) => Xc.slice(i * 7, (i + 1) * 7)), y: yc }));
  writeFileSync(join(dir, "point.json"), JSON.stringify({ theta: normals(2 * d, 505) }));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const eoslab = (args: string[]) => spawnSync(process.execPath, [CLI, "--quiet", ...args], { cwd: dir, encoding: "utf8" });
const npyArgs = ["--X", "X.npy", "--y", "y.npy"];
const LINE = /^no exact fit: y cannot be fitted exactly \(least-squares loss L = (\S+) > 0\), so there is no manifold of minima and no λ\*$/;

describe("eoslab run on data that cannot be fitted exactly (built CLI)", () => {
  it("the reference least-squares loss is clearly above 0", () => {
    expect(L).toBeGreaterThan(1e-3);
  });

  it("text: one 'no exact fit' line with L, no λ*, η_c, regime or certificate; exit 0", () => {
    const r = eoslab(["run", "--model", "diagonal", ...npyArgs, "--eta", "0.02", "--steps", "2000"]);
    expect(r.status).toBe(0);
    // Lines are wrapped at 100 columns, continuation lines indented by two spaces: join them back before matching.
    const lines = r.stdout.trimEnd().replace(/\n  (?=\S)/g, " ").split("\n");
    const hits = lines.filter((l) => LINE.test(l));
    expect(hits).toHaveLength(1);
    const shown = Number(LINE.exec(hits[0])![1]);
    expect(Math.abs(shown - L)).toBeLessThanOrEqual(1e-5 * L); // printed to 6 significant digits
    expect(r.stdout).not.toMatch(/λ\* =|η_c|certif|regime|expected by analogy|θ⊥|flattest minimum \(/);
  }, 60_000);

  for (const [model, extra] of [["diagonal", []], ["two-layer", ["--hidden", "3"]], ["linear", []]] as const) {
    it(`JSON (${model}): label "no exact fit", λ*, η_c, regime, prediction and certificate null; exit 0`, () => {
      const r = eoslab(["run", "--model", model, ...extra, ...npyArgs, "--eta", "0.02", "--steps", "2000", "--json"]);
      expect(r.status).toBe(0);
      expect(r.stdout).not.toMatch(/NaN|Infinity/);
      const j = JSON.parse(r.stdout);
      expect(j.label).toBe("no exact fit");
      for (const k of ["lambdaStar", "etaCritical", "regime", "prediction", "certificate", "flattest"]) expect(j[k]).toBeNull();
      expect(Math.abs(j.noExactFit.leastSquaresLoss - L)).toBeLessThan(1e-10 * L);
      expect(j.noExactFit.cause).toBe("y-outside-range");
      expect(j.reason).toMatch(LINE);
      // GD cannot go below the least-squares loss.
      expect(j.summary.minLoss).toBeGreaterThanOrEqual(L * (1 - 1e-10));
    }, 60_000);
  }

  it("--data gives the same answer as --X/--y", () => {
    const j = JSON.parse(eoslab(["run", "--model", "linear", "--data", "data.json", "--eta", "0.02", "--steps", "100", "--json"]).stdout);
    expect(j.label).toBe("no exact fit");
    expect(Math.abs(j.noExactFit.leastSquaresLoss - L)).toBeLessThan(1e-10 * L);
  }, 60_000);

  it("--eta-frac needs η_c: exit 2 with one line", () => {
    const r = eoslab(["run", "--model", "diagonal", ...npyArgs, "--eta-frac", "0.8", "--steps", "100"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^eoslab: --eta-frac needs η_c = 2\/λ\*[^\n]*y cannot be fitted exactly[^\n]*give --eta\n$/);
  }, 60_000);

  it("sharpness still reports the Hessian at a point, and says there is no λ*", () => {
    const j = JSON.parse(eoslab(["sharpness", "--model", "diagonal", ...npyArgs, "--point", "point.json", "--json"]).stdout);
    expect(j.exactFit.exact).toBe(false);
    expect(Math.abs(j.exactFit.leastSquaresLoss - L)).toBeLessThan(1e-10 * L);
    expect(Number.isFinite(j.hessianTop[0])).toBe(true);
    expect(j.lambdaStar).toBeUndefined();
    const t = eoslab(["sharpness", "--model", "diagonal", ...npyArgs, "--point", "point.json"]);
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/^no exact fit: y cannot be fitted exactly .*no λ\*: the sharpness above is this point's only$/m);
    expect(t.stdout).not.toMatch(/λ\* =|flattest minimum/);
  }, 60_000);

  it("a consistent problem (n = 5 < d = 7) still gets λ* and the empirical label", () => {
    const r = eoslab(["run", "--model", "diagonal", "--data", "fit.json", "--eta-frac", "0.5", "--steps", "200", "--json"]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.label).toBe("empirical");
    expect(j.lambdaStar).toBeGreaterThan(0);
    expect(j.etaCritical).toBeCloseTo(2 / j.lambdaStar, 12);
    expect(j.noExactFit).toBeUndefined();
  }, 60_000);
});
