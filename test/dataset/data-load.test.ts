// Data input: JSON, CSV and .npy, and the one-line errors for malformed files.
import { describe, expect, it } from "vitest";
import { DataFormatError } from "../../src/errors.js";
import { parseCsvDataset } from "../../src/dataset/parse-csv.js";
import { parseJsonDataset } from "../../src/dataset/parse-json.js";
import { datasetFromNpy, parseNpy } from "../../src/dataset/parse-npy.js";

/** A .npy file (format 1.0) with the given descr/order/shape and f64 payload written little-endian. */
function npy(values: number[], shape: number[], descr = "<f8", fortran = false, bigEndianPayload = false): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? "True" : "False"}, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const out = new Uint8Array(10 + header.length + 8 * values.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => dv.setFloat64(10 + header.length + 8 * i, v, !bigEndianPayload));
  return out;
}

function err(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataFormatError);
    const m = (e as Error).message;
    expect(m).not.toContain("\n");
    return m;
  }
  throw new Error("expected a DataFormatError");
}

describe("JSON data", () => {
  it("reads X row-major and y", () => {
    const ds = parseJsonDataset('{"X": [[1, 2, 3], [4, 5, 6]], "y": [7, 8]}');
    expect([ds.n, ds.d]).toEqual([2, 3]);
    expect(Array.from(ds.X)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(ds.y)).toEqual([7, 8]);
  });
  it("names row and column of ragged, non-numeric and non-finite entries, and size mismatches", () => {
    expect(err(() => parseJsonDataset('{"X": [[1, 2], [3]], "y": [1, 2]}'))).toMatch(/row 2 has 1 columns.*ragged/);
    expect(err(() => parseJsonDataset('{"X": [[1, 2], [3, "a"]], "y": [1, 2]}'))).toMatch(/row 2, column 2 is "a"/);
    expect(err(() => parseJsonDataset('{"X": [[1, 2], [3, 1e999]], "y": [1, 2]}'))).toMatch(/row 2, column 2 is Infinity/);
    expect(err(() => parseJsonDataset('{"X": [[1, 2], [3, 4]], "y": [1]}'))).toMatch(/y has 1 entries but X has 2 rows/);
    expect(err(() => parseJsonDataset('{"X": [[1, 2]], "y": [null]}'))).toMatch(/y row 1 is null/);
    expect(err(() => parseJsonDataset("{oops"))).toMatch(/not valid JSON/);
    expect(err(() => parseJsonDataset('{"y": [1]}'))).toMatch(/missing "X"/);
  });
});

describe("CSV data", () => {
  it("takes the last column as y and skips a header", () => {
    for (const text of ["a,b,y\n1,2,3\n4,5,6\n", "1,2,3\r\n4,5,6", "# comment\n1,2,3\n\n4,5,6\n"]) {
      const ds = parseCsvDataset(text);
      expect([ds.n, ds.d]).toEqual([2, 2]);
      expect(Array.from(ds.X)).toEqual([1, 2, 4, 5]);
      expect(Array.from(ds.y)).toEqual([3, 6]);
    }
    expect(parseCsvDataset("-1.5e-3, .5, +2\n").X[0]).toBe(-1.5e-3);
  });
  it("names line and column of problems", () => {
    expect(err(() => parseCsvDataset("x,y\n1,2\n3\n"))).toMatch(/line 3 has 1 columns, expected 2/);
    expect(err(() => parseCsvDataset("1,2\n3,abc\n"))).toMatch(/line 2, column 2 is "abc"/);
    expect(err(() => parseCsvDataset("1,2\n3,\n"))).toMatch(/line 2, column 2 is ""/);
    expect(err(() => parseCsvDataset("1,2\nNaN,4\n"))).toMatch(/line 2, column 1 is NaN/);
    expect(err(() => parseCsvDataset("1,2\n3,-inf\n"))).toMatch(/line 2, column 2 is -Infinity/);
    expect(err(() => parseCsvDataset("x,y\n"))).toMatch(/no data rows/);
    expect(err(() => parseCsvDataset("1\n2\n"))).toMatch(/at least one feature/);
  });
});

describe(".npy data", () => {
  it("reads '<f8' C-order arrays, y as (n,) or (n, 1)", () => {
    const X = npy([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(parseNpy(X).shape).toEqual([2, 3]);
    for (const y of [npy([7, 8], [2]), npy([7, 8], [2, 1])]) {
      const ds = datasetFromNpy(X, y);
      expect([ds.n, ds.d]).toEqual([2, 3]);
      expect(Array.from(ds.X)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(Array.from(ds.y)).toEqual([7, 8]);
    }
  });
  it("rejects other dtypes, Fortran order, bad shapes and non-finite values clearly", () => {
    expect(err(() => parseNpy(npy([1], [1], ">f8", false, true)))).toMatch(/dtype '>f8' is not supported.*astype\('<f8'\)/);
    expect(err(() => parseNpy(npy([1], [1], "<f4")))).toMatch(/dtype '<f4'/);
    expect(err(() => parseNpy(npy([1, 2], [1, 2], "<f8", true)))).toMatch(/Fortran-order/);
    expect(err(() => parseNpy(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])))).toMatch(/not a \.npy file/);
    expect(err(() => datasetFromNpy(npy([1, 2], [2]), npy([1, 2], [2])))).toMatch(/X must be 2-D/);
    expect(err(() => datasetFromNpy(npy([1, 2, 3, 4], [2, 2]), npy([1, 2, 3], [3])))).toMatch(/y has 3 entries but X has 2 rows/);
    expect(err(() => datasetFromNpy(npy([1, 2, 3, NaN], [2, 2]), npy([1, 2], [2])))).toMatch(/X row 2, column 2 is NaN/);
    const truncated = npy([1, 2, 3, 4], [2, 2]).subarray(0, 100);
    expect(err(() => parseNpy(truncated))).toMatch(/truncated/);
  });
});
