// The series helpers against plain loops over the columns.
import { describe, expect, it } from "vitest";
import { appendSeries, pointAt, SERIES_COLUMNS, seriesFrom, sliceSeries, type RunSeries } from "../../src/index.js";

function make(steps: number[], offset: number): RunSeries {
  return seriesFrom((k) => Float64Array.from(steps, (t, i) => (k === "step" ? t : offset + 10 * SERIES_COLUMNS.indexOf(k) + i)));
}

describe("run-series helpers", () => {
  it("seriesFrom fills all six columns and nothing else", () => {
    const s = seriesFrom((k) => Float64Array.of(SERIES_COLUMNS.indexOf(k)));
    expect(Object.keys(s).sort()).toEqual([...SERIES_COLUMNS].sort());
    for (const k of SERIES_COLUMNS) expect(s[k][0]).toBe(SERIES_COLUMNS.indexOf(k));
  });

  it("appendSeries drops b's records at or before a's last step", () => {
    const a = make([0, 1, 2], 0), b = make([2, 3, 4], 100);
    const c = appendSeries(a, b);
    expect(Array.from(c.step)).toEqual([0, 1, 2, 3, 4]);
    for (const k of SERIES_COLUMNS) {
      const want: number[] = [];
      for (let i = 0; i < 3; i++) want.push(a[k][i]);
      for (let i = 1; i < 3; i++) want.push(b[k][i]);
      expect(Array.from(c[k])).toEqual(want);
    }
  });

  it("sliceSeries copies a range of every column, and pointAt reads one record", () => {
    const s = make([5, 6, 7, 8], 0);
    const t = sliceSeries(s, 1, 3);
    for (const k of SERIES_COLUMNS) expect(Array.from(t[k])).toEqual([s[k][1], s[k][2]]);
    t.loss[0] = -1;
    expect(s.loss[1]).not.toBe(-1);
    const th = Float64Array.of(1, 2), par = Float64Array.of(3, 4);
    const p = pointAt(s, 2, th, par);
    for (const k of SERIES_COLUMNS) expect(p[k]).toBe(s[k][2]);
    expect(p.theta).toBe(th);
    expect(p.thetaPar).toBe(par);
  });
});
