// What a Python user hands eoslab: numpy.savetxt text, numpy.save .npy points and starts, and CSV read back with
// numpy/pandas. Each file is written here from its format's definition (the .npy layout by npyBytes, text by hand
// in numpy.savetxt's default "%.18e" with one space), and each result is compared with the same input given as JSON.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { npyBytes } from "./bad-input-fixtures.js";
import { runCliOutcome } from "./bad-input-harness.js";
import { SERIES_COLUMNS } from "../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "eoslab-python-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, body: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
};

// n = 2 samples, d = 3 features: p > n for every data model.
const X = [[1, 0, 1], [0, 1, 1]], Y = [1, -1];
const JSON_DATA = file("data.json", JSON.stringify({ X, y: Y }));
// numpy.savetxt("data.txt", numpy.column_stack([X, y]), header="x1 x2 x3 y"): "%.18e", one space, "# " header.
const e18 = (v: number) => {
  const [m, ex] = v.toExponential(18).split("e");
  const k = Number(ex);
  return `${m}e${k < 0 ? "-" : "+"}${String(Math.abs(k)).padStart(2, "0")}`;
};
const SAVETXT = file("data.txt", "# x1 x2 x3 y\n" + X.map((r, i) => [...r, Y[i]].map(e18).join(" ")).join("\n") + "\n");

async function ok(args: string[]) {
  const r = await runCliOutcome(args);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout;
}

/** CSV text to rows of numbers ("" → undefined, nan/inf as numpy writes them). */
function parseCsv(text: string): { head: string[]; rows: (number | undefined)[][] } {
  const lines = text.trimEnd().split("\n");
  const num = (s: string) => (s === "" ? undefined : s === "nan" ? NaN : s === "inf" ? Infinity : s === "-inf" ? -Infinity : Number(s));
  return { head: lines[0].split(","), rows: lines.slice(1).map((l) => l.split(",").map(num)) };
}

describe("numpy.savetxt text data", () => {
  it("--data with space-separated '%.18e' text and a '# ' header gives the same run as the JSON data", async () => {
    const args = ["run", "--model", "linear", "--eta", "0.3", "--steps", "40", "--json", "--quiet"];
    const a = JSON.parse(await ok([...args, "--data", SAVETXT])), b = JSON.parse(await ok([...args, "--data", JSON_DATA]));
    expect(a.lossSeries).toEqual(b.lossSeries);
    expect(a.final).toEqual(b.final);
  }, 60_000);

  it("a ragged whitespace file names the separator it found", async () => {
    const p = file("ragged.txt", "1 0 1 1\n0 1 -1\n");
    const r = await runCliOutcome(["run", "--model", "linear", "--eta", "0.3", "--steps", "5", "--data", p]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/line 2 has 3 columns, expected 4.*whitespace/);
  });

  it("--X/--y given text files say to use --data with numpy.savetxt, not 'bad magic'", async () => {
    const r = await runCliOutcome(["run", "--model", "linear", "--eta", "0.3", "--steps", "5", "--X", file("X.txt", "1 0 1\n0 1 1\n"), "--y", file("y.txt", "1\n-1\n")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("--X");
    expect(r.stderr).toContain("--data");
    expect(r.stderr).toContain("numpy.savetxt");
    expect(r.stderr).not.toContain("magic");
  });
});

describe(".npy points and starts", () => {
  const theta = [0.5, -0.25, 0.75];
  it("--theta0 t.npy starts where --theta0 t.json does", async () => {
    const args = ["run", "--model", "linear", "--data", JSON_DATA, "--eta", "0.3", "--steps", "30", "--json", "--quiet"];
    const a = JSON.parse(await ok([...args, "--theta0", file("t0.npy", npyBytes({ shape: [3], data: theta }))]));
    const b = JSON.parse(await ok([...args, "--theta0", file("t0.json", JSON.stringify({ theta }))]));
    expect(a.theta0).toEqual(theta);
    expect(a.lossSeries).toEqual(b.lossSeries);
  }, 60_000);

  it("--point p.npy gives the sharpness --point p.json does (diagonal: θ = [u; v], p = 6)", async () => {
    const t = [0.5, -0.5, 0.5, 0.3, 0.2, -0.1];
    const args = ["sharpness", "--model", "diagonal", "--data", JSON_DATA, "--json", "--quiet"];
    const a = JSON.parse(await ok([...args, "--point", file("p.npy", npyBytes({ shape: [6], data: t, version: 2 }))]));
    const b = JSON.parse(await ok([...args, "--point", file("p.json", JSON.stringify({ theta: t }))]));
    expect(a).toEqual(b);
  }, 60_000);

  it("a 2-D, wrongly sized, non-float64 or non-finite .npy point is refused in one line (exit 2)", async () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ["2d.npy", npyBytes({ shape: [3, 1], data: theta }), /1-D array of shape \(p,\), got shape \(3, 1\)/],
      ["short.npy", npyBytes({ shape: [2], data: [1, 2] }), /theta has 2 entries; this model needs p = 3/],
      ["f4.npy", npyBytes({ shape: [3], data: theta, descr: "<f4" }), /dtype '<f4' is not supported/],
      ["nan.npy", npyBytes({ shape: [3], data: [1, NaN, 2] }), /theta\[1\] is NaN, not a finite number/],
    ];
    for (const [name, bytes, msg] of cases) {
      const r = await runCliOutcome(["run", "--model", "linear", "--data", JSON_DATA, "--eta", "0.3", "--steps", "5", "--theta0", file(name, bytes)]);
      expect(r.exitCode, name).toBe(2);
      expect(r.stderr, name).toMatch(msg);
      expect(r.stderr.trimEnd().split("\n"), name).toHaveLength(1);
    }
  });
});

describe("run --csv", () => {
  it("deep scalar: the six RunSeries columns and λ_GFS, equal to the --json series number for number", async () => {
    for (const eta of ["0.36", "10"]) { // 10: diverges at once; the series ends at its last finite record
      const args = ["run", "--eta", eta, "--steps", "3000", "--record-every", "7", "--quiet"];
      const csv = parseCsv(await ok([...args, "--csv"]));
      const json = JSON.parse(await ok([...args, "--json"]));
      expect(csv.head).toEqual([...SERIES_COLUMNS, "gfsSharpness"]);
      expect(csv.rows.length).toBe(json.series.step.length);
      csv.head.forEach((k, j) => {
        csv.rows.forEach((row, i) => {
          const want = json.series[k][i];
          if (want === null) expect(Number.isFinite(row[j]), `${eta} ${k}[${i}]`).toBe(false);
          else expect(row[j], `${eta} ${k}[${i}]`).toBe(want); // exact: the CSV keeps every digit
        });
      });
    }
  }, 60_000);

  it("data model: every loss of lossSeries and every coordinate of series, on the union of their steps", async () => {
    const args = ["run", "--model", "diagonal", "--data", JSON_DATA, "--eta-frac", "0.5", "--steps", "60", "--coord-every", "4", "--quiet"];
    const csv = parseCsv(await ok([...args, "--csv"]));
    const json = JSON.parse(await ok([...args, "--json"]));
    expect(csv.head).toEqual(["step", "loss", "thetaPerp", "distPar", "lambdaPar", "lambdaAt"]);
    const row = new Map(csv.rows.map((r) => [r[0], r]));
    const steps = new Set<number>([...json.lossSeries.step, ...json.series.step]);
    expect(csv.rows.map((r) => r[0])).toEqual([...steps].sort((a, b) => a - b));
    json.lossSeries.step.forEach((t: number, i: number) => expect(row.get(t)![1]).toBe(json.lossSeries.loss[i]));
    json.series.step.forEach((t: number, i: number) => {
      ["thetaPerp", "distPar", "lambdaPar", "lambdaAt"].forEach((k, j) => expect(row.get(t)![2 + j], `${k} at ${t}`).toBe(json.series[k][i]));
    });
    // A step with a loss but no coordinates has empty coordinate cells.
    const lossOnly = json.lossSeries.step.find((t: number) => !json.series.step.includes(t));
    expect(lossOnly).toBeDefined();
    expect(row.get(lossOnly)!.slice(2)).toEqual([undefined, undefined, undefined, undefined]);
  }, 60_000);

  it("--csv with --json is a usage error", async () => {
    const r = await runCliOutcome(["run", "--eta", "0.36", "--steps", "100", "--csv", "--json"]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/--csv cannot be used with --json/);
  });
});
