// Bounded parsing: the CSV header rule and separators, CSV fed in arbitrary pieces, short escaped excerpts of bad
// cells, the JSON depth limit, and the .npy header-length / shape / size cross-checks. Expected values come from
// plain loops written here (a reference CSV reader, a .npy writer built from the format's definition).
import { describe, expect, it } from "vitest";
import { DataFormatError } from "../../src/errors.js";
import { CsvDatasetParser, parseCsvDataset } from "../../src/dataset/parse-csv.js";
import { parseJsonDataset, parseJsonText } from "../../src/dataset/parse-json.js";
import { datasetFromNpy, parseNpy } from "../../src/dataset/parse-npy.js";
import { checkJsonDepth, describeJson, excerpt, MAX_JSON_DEPTH } from "../../src/dataset/excerpt.js";

function err(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataFormatError);
    const m = (e as Error).message;
    expect(m).not.toMatch(/[\n\r\x00-\x1f]/);
    return m;
  }
  throw new Error("expected a DataFormatError");
}

/** Reference reader: numeric rows only (no header), cells split by `sep`, every cell through Number. */
function reference(lines: string[], sep: RegExp): { X: number[]; y: number[]; n: number; d: number } {
  const rows = lines.map((l) => l.trim().split(sep).map(Number));
  const d = rows[0].length - 1, X: number[] = [], y: number[] = [];
  for (const r of rows) {
    for (let j = 0; j < d; j++) X.push(r[j]);
    y.push(r[d]);
  }
  return { X, y, n: rows.length, d };
}

/** A deterministic table of values with varied magnitudes and signs. */
function table(n: number, cols: number): number[][] {
  let s = 12345;
  const rnd = (): number => ((s = (s * 16807) % 2147483647) / 2147483647);
  return Array.from({ length: n }, () => Array.from({ length: cols }, () => (rnd() - 0.5) * 10 ** Math.floor(rnd() * 8 - 4)));
}

describe("CSV header rule", () => {
  const body = "1,2,3\n4,5,6\n";
  it("a first line with no number is a header; an all-numeric first line is data", () => {
    const h = parseCsvDataset("a,b,y\n" + body);
    expect([h.n, h.d, Array.from(h.y)]).toEqual([2, 2, [3, 6]]);
    // A numeric first line is a sample, even when it looks like column numbers.
    const numeric = parseCsvDataset("0,1,2\n" + body);
    expect([numeric.n, Array.from(numeric.y)]).toEqual([3, [2, 3, 6]]);
  });

  it("a first line with some numbers and some words is refused as ambiguous, naming both flags", () => {
    for (const first of ["1,2,y", "1,2x,3", "x1,2,3", "1,2,", ",0,1"]) {
      const m = err(() => parseCsvDataset(first + "\n" + body, "f.csv"));
      expect(m).toMatch(/^f\.csv: line 1 is ambiguous: column \d is "[^"]*", not a number/);
      expect(m).toContain("--header");
      expect(m).toContain("--no-header");
    }
  });

  it("--header forces a header (a numeric one too); --no-header forces data", () => {
    const h = parseCsvDataset("0,1,2\n" + body, "f", { header: true });
    expect([h.n, Array.from(h.X)]).toEqual([2, [1, 2, 4, 5]]);
    const mixed = parseCsvDataset("1,2,y\n" + body, "f", { header: true });
    expect(mixed.n).toBe(2);
    expect(parseCsvDataset(body, "f", { header: false }).n).toBe(2);
    // A word in the first line is then a bad cell of a sample, not a header.
    expect(err(() => parseCsvDataset("a,b,y\n" + body, "f", { header: false }))).toMatch(/line 1, column 1 is "a", not a number/);
    expect(err(() => parseCsvDataset("1,2x,3\n" + body, "f", { header: false }))).toMatch(/line 1, column 2 is "2x"/);
    // Comments and blank lines before the header do not count as the first line.
    expect(parseCsvDataset("# made by hand\n\n0,1,2\n" + body, "f", { header: true }).n).toBe(2);
  });

  it("a header whose later lines do not all parse is not accepted: the bad line is the error", () => {
    expect(err(() => parseCsvDataset("a,b,y\n1,2,3\n4,oops,6\n"))).toMatch(/line 3, column 2 is "oops"/);
  });
});

describe("CSV separators and streaming", () => {
  it("reads whitespace-separated text as numpy.savetxt writes it ('%.18e', one space), against a reference", () => {
    const rows = table(50, 4);
    const lines = rows.map((r) => r.map((v) => v.toExponential(18)).join(" "));
    const ds = parseCsvDataset("# x0 x1 x2 y\n" + lines.join("\n") + "\n");
    const ref = reference(lines, /\s+/);
    expect([ds.n, ds.d]).toEqual([ref.n, ref.d]);
    expect(Array.from(ds.X)).toEqual(ref.X);
    expect(Array.from(ds.y)).toEqual(ref.y);
    // Tabs and runs of spaces too, and a word header.
    const t = parseCsvDataset("x\ty\n1\t  2\n3 \t4\n");
    expect([t.n, Array.from(t.X), Array.from(t.y)]).toEqual([2, [1, 3], [2, 4]]);
  });

  it("names the separator it found when the columns do not match", () => {
    expect(err(() => parseCsvDataset("1 2 3\n4 5\n"))).toMatch(/line 2 has 2 columns, expected 3 \(ragged rows\).*separated by whitespace/);
    expect(err(() => parseCsvDataset("1,2,3\n4,5\n"))).toMatch(/line 2 has 2 columns, expected 3.*separated by commas/);
    // A comma on the first line makes commas the separator: a later space-separated line is one cell.
    expect(err(() => parseCsvDataset("1,2\n3 4\n"))).toMatch(/line 2 has 1 columns, expected 2.*separated by commas/);
    expect(err(() => parseCsvDataset("1;0;1\n0;1;2\n"))).toMatch(/need at least one feature and y/);
  });

  it("any split of the text into pieces gives the same data as the reference reader", () => {
    const rows = table(40, 3);
    const lines = rows.map((r) => r.map((v) => String(v)).join(","));
    const text = "a,b,y\r\n" + lines.join("\r\n") + "\r\n";
    const ref = reference(lines, /,/);
    for (const size of [1, 2, 3, 7, 64, 1000, text.length]) {
      const p = new CsvDatasetParser("pieces");
      for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size));
      const ds = p.end();
      expect(ds.n, `pieces of ${size}`).toBe(ref.n);
      expect(Array.from(ds.X)).toEqual(ref.X);
      expect(Array.from(ds.y)).toEqual(ref.y);
    }
  });

  it("fills more than one value block (65 536 values) in the right order", () => {
    const n = 30000, lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(`${i},${-i - 1},${i * 0.5}`);
    const ds = parseCsvDataset(lines.join("\n"));
    expect([ds.n, ds.d]).toEqual([n, 2]);
    for (const i of [0, 1, 21845, 21846, 29999]) {
      expect([ds.X[2 * i], ds.X[2 * i + 1], ds.y[i]]).toEqual([i, -i - 1, i * 0.5]);
    }
  });
});

describe("short, escaped excerpts of bad input", () => {
  it("excerpt escapes control characters and cuts at 40 characters", () => {
    expect(excerpt("a\u0000b\u001b[31m\n\t\r\\\u007f\u2028")).toBe("a\\x00b\\x1b[31m\\n\\t\\r\\\\\\x7f\\u2028");
    expect(excerpt("x".repeat(100))).toBe("x".repeat(40) + "…");
    expect(excerpt("😀".repeat(41))).toBe("😀".repeat(40) + "…");
  });

  it("a huge bad CSV cell with a terminal escape is quoted short and escaped", () => {
    const junk = "\u001b[2J" + "z".repeat(100000);
    const m = err(() => parseCsvDataset(`1,2\n3,${junk}\n`));
    expect(m).toContain('line 2, column 2 is "\\x1b[2J' + "z".repeat(36) + '…", not a number');
    expect(m.length).toBeLessThan(200);
  });

  it("a huge or deeply nested bad JSON entry is described in a few characters", () => {
    expect(err(() => parseJsonDataset(`{"X": [["${"q".repeat(50000)}"]], "y": [1]}`)).length).toBeLessThan(200);
    let v: unknown = 1;
    for (let i = 0; i < 100000; i++) v = [v];
    expect(describeJson(v)).toBe("[[[…]]]");
    expect(describeJson({ a: [1, 2, 3, 4, 5], b: "s\n" })).toBe('{"a": [1, 2, 3, 4, …], "b": "s\\n"}');
  });
});

describe("JSON depth limit", () => {
  const deep = (k: number): string => "[".repeat(k) + "]".repeat(k);

  it(`nesting beyond ${MAX_JSON_DEPTH} levels is a one-line DataFormatError, never a stack overflow`, () => {
    for (const k of [MAX_JSON_DEPTH + 1, 100000]) {
      expect(err(() => parseJsonDataset(`{"X": ${deep(k)}, "y": [1]}`, "d.json"))).toMatch(new RegExp(`^d\\.json: arrays and objects nested more than ${MAX_JSON_DEPTH} levels deep`));
      expect(err(() => parseJsonText(`{"theta": ${deep(k)}}`, "p.json", '{"theta": [...]}'))).toContain('expected {"theta": [...]}');
    }
    // 1 + k levels with the outer object: exactly the limit is parsed (and then refused for its shape, not its depth).
    expect(err(() => parseJsonDataset(`{"X": ${deep(MAX_JSON_DEPTH - 1)}, "y": [1]}`))).not.toContain("nested");
  });

  it("brackets inside strings, and escaped quotes, do not count", () => {
    expect(() => checkJsonDepth(`{"s": "${"[".repeat(1000)}\\"${"{".repeat(1000)}"}`, "s", "x")).not.toThrow();
    expect(() => checkJsonDepth(`["\\\\", ${deep(MAX_JSON_DEPTH)}]`, "s", "x")).toThrow(DataFormatError);
  });
});

/** A .npy file by the format's definition: magic, version, header length (or `hlenField`), dict padded to 64, data. */
function npy(values: number[], shape: number[], opts: { version?: 1 | 2; hlenField?: number; extra?: number } = {}): Uint8Array {
  const version = opts.version ?? 1, pre = version === 1 ? 10 : 12;
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  header += " ".repeat((64 - ((pre + header.length + 1) % 64)) % 64) + "\n";
  const out = new Uint8Array(pre + header.length + 8 * values.length + (opts.extra ?? 0));
  const dv = new DataView(out.buffer);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  if (version === 1) dv.setUint16(8, opts.hlenField ?? header.length, true);
  else dv.setUint32(8, opts.hlenField ?? header.length, true);
  for (let i = 0; i < header.length; i++) out[pre + i] = header.charCodeAt(i);
  values.forEach((v, i) => dv.setFloat64(pre + header.length + 8 * i, v, true));
  return out;
}

describe(".npy header length, shape and size", () => {
  const vals = [1.5, -2, 3, 4e-300, 5, 6];

  it("reads a well-formed file (v1 and v2) exactly", () => {
    for (const version of [1, 2] as const) {
      const a = parseNpy(npy(vals, [3, 2], { version }));
      expect(a.shape).toEqual([3, 2]);
      expect(Array.from(a.data)).toEqual(vals);
    }
  });

  it("a wrong header-length field is a DataFormatError, not data read from the wrong offset", () => {
    const good = npy(vals, [3, 2]);
    const hlen = new DataView(good.buffer).getUint16(8, true);
    for (const delta of [-64, -16, -1, 1, 8, 16, 48]) {
      expect(err(() => parseNpy(npy(vals, [3, 2], { hlenField: hlen + delta }), "X.npy")), `delta ${delta}`).toMatch(/^X\.npy: (the header-length field|truncated header)/);
    }
    expect(err(() => parseNpy(npy(vals, [3, 2], { version: 2, hlenField: 2 ** 32 - 1 })))).toMatch(/truncated header: the header-length field says 4294967295 bytes/);
  });

  it("data bytes must match the shape exactly: extra bytes or a shape too small are refused", () => {
    expect(err(() => parseNpy(npy(vals, [3, 2], { extra: 8 })))).toMatch(/56 bytes of data after the header, but shape \(3, 2\) needs 48/);
    expect(err(() => parseNpy(npy(vals, [2, 2])))).toMatch(/shape \(2, 2\) needs 32/);
    expect(err(() => parseNpy(npy(vals, [4, 2])))).toMatch(/truncated data/);
    expect(err(() => parseNpy(npy(vals, [2 ** 40, 2 ** 20])))).toMatch(/truncated data/);
    expect(err(() => datasetFromNpy(npy(vals, [3, 2], { extra: 3 }), npy([1, 2, 3], [3])))).toMatch(/needs 48/);
  });
});
