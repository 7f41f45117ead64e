// toPlain against JSON.stringify of hand-built plain objects and against the typed arrays element by element.
import { describe, expect, it } from "vitest";
import { deepScalar, init, runTrajectory, stringifySafe, toPlain } from "../../src/index.js";

describe("toPlain", () => {
  it("turns typed arrays (nested) into arrays and non-finite numbers into null", () => {
    const v = { a: Float64Array.of(1.5, NaN, -Infinity), b: [Float64Array.of(2), { c: new Int32Array([3, -4]) }], d: Infinity, e: "x", f: undefined, g: null };
    const p = toPlain(v);
    // Written out by hand: what JSON.stringify must give.
    expect(JSON.stringify(p)).toBe('{"a":[1.5,null,null],"b":[[2],{"c":[3,-4]}],"d":null,"e":"x","g":null}');
    expect(Array.isArray((p as { a: unknown }).a)).toBe(true);
  });

  it("refuses a cycle in words", () => {
    const o: Record<string, unknown> = {};
    o.self = o;
    expect(() => toPlain(o)).toThrow(/cycle/);
  });

  it("JSON.stringify(toPlain(run)) gives back every number of a real run, bit for bit", async () => {
    const engine = await init({ backend: "js" });
    const run = runTrajectory(deepScalar({ depth: 3, target: 1 }), { eta: 0.2, steps: 300, theta0: [1.3, 0.8, 0.97], record: { every: 7 }, engine });
    const back = JSON.parse(JSON.stringify(toPlain(run))) as Record<string, any>;
    for (const [k, col] of Object.entries(run.series)) {
      expect(back.series[k].length, k).toBe(col.length);
      for (let i = 0; i < col.length; i++) expect(back.series[k][i], `${k}[${i}]`).toBe(Number.isFinite(col[i]) ? col[i] : null);
    }
    for (let i = 0; i < run.final.theta.length; i++) expect(back.final.theta[i]).toBe(run.final.theta[i]);
    for (let i = 0; i < run.thetaStar.length; i++) expect(back.thetaStar[i]).toBe(run.thetaStar[i]);
    expect(back.lambdaStar).toBe(run.lambdaStar);
    // Without toPlain the typed array would be an object with keys "0", "1", …: the reason toPlain exists.
    expect(JSON.parse(JSON.stringify(run.final)).theta).not.toBeInstanceOf(Array);
  });

  it("stringifySafe is exported and lists the non-finite paths", () => {
    const o = JSON.parse(stringifySafe({ loss: Float64Array.of(1, Infinity) }));
    expect(o.loss).toEqual([1, null]);
    expect(o.nonFinite.count).toBe(1);
    expect(o.nonFinite.first[0]).toContain("loss[1]");
  });
});
