// The file readers: only regular files are read (a FIFO or a device is refused at once, never read without end),
// the size limit holds by stat and by the bytes actually read, and CSV is streamed to the same numbers a plain
// reference loop gives.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataFormatError, FileReadError, InvalidArgumentError } from "../../src/errors.js";
import { loadDataset, MAX_INPUT_BYTES, readCsvFile, readInputFile } from "../../src/node/read-files.js";
import { readPoint } from "../../src/cli/options/data-options.js";

const dir = mkdtempSync(join(tmpdir(), "eoslab-read-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

function fails<E extends Error>(f: () => unknown, type: new (...a: never[]) => E): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(type);
    const m = (e as Error).message;
    expect(m).not.toContain("\n");
    return m;
  }
  throw new Error(`expected a ${type.name}`);
}

const mkfifo = spawnSync("mkfifo", ["--version"], { encoding: "utf8" });
const haveMkfifo = mkfifo.status === 0;

describe("only regular files are read", () => {
  it.runIf(existsSync("/dev/zero"))("/dev/zero as data, X, point or any input: refused by name, at once", () => {
    for (const [f, what] of [
      [() => readInputFile("/dev/zero", "--theta0 file"), "--theta0 file"],
      [() => loadDataset({ data: "/dev/zero" }), "--data file"],
      [() => loadDataset({ X: "/dev/zero", y: "/dev/zero" }), "--X file"],
      [() => readCsvFile("/dev/zero"), "--data file"],
      [() => readPoint("/dev/zero", 2), "point file"],
    ] as const) {
      const m = fails(f, FileReadError);
      if (what) expect(m).toBe(`${what} /dev/zero is a character device; it must be a regular file (copy the data to a file first)`);
    }
  });

  it.skipIf(!haveMkfifo)("a named pipe (FIFO) is refused without waiting for a writer (skipped where mkfifo is missing)", () => {
    const fifo = join(dir, "pipe.csv");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    expect(fails(() => loadDataset({ data: fifo }), FileReadError)).toBe(`--data file ${fifo} is a named pipe (FIFO); it must be a regular file (copy the data to a file first)`);
    expect(fails(() => readInputFile(fifo, "merge input"), FileReadError)).toContain("is a named pipe (FIFO); it must be a regular file");
  });

  it("a directory, a missing file and an empty path keep their own messages", () => {
    const sub = join(dir, "sub");
    mkdirSync(sub, { recursive: true });
    expect(fails(() => readInputFile(sub, "--data file"), FileReadError)).toBe(`--data file ${sub} is a directory, not a file; give the path of a file`);
    expect(fails(() => readInputFile(join(dir, "nope.csv"), "--data file"), FileReadError)).toContain("does not exist");
    expect(fails(() => readInputFile("  ", "--data file"), FileReadError)).toContain("the path is empty");
  });
});

describe("the size limit", () => {
  it("a file stat says is over 1 GiB is refused before reading (a sparse file: no disk used)", () => {
    const big = file("big.csv", "");
    truncateSync(big, MAX_INPUT_BYTES + 1);
    expect(fails(() => readInputFile(big, "--data file"), FileReadError)).toBe(`--data file ${big} is ${MAX_INPUT_BYTES + 1} bytes, over the ${MAX_INPUT_BYTES}-byte limit; use a smaller data set`);
    expect(fails(() => loadDataset({ data: big }), FileReadError)).toContain("over the 1073741824-byte limit");
  });

  it.runIf(existsSync("/proc/self/status"))("bytes past what stat reports are counted too (/proc files report size 0)", () => {
    const all = readInputFile("/proc/self/status", "status");
    expect(all.toString("utf8")).toMatch(/^Name:/);
    expect(fails(() => readInputFile("/proc/self/status", "status", 16), FileReadError)).toMatch(/grew past the 16-byte limit while it was read/);
    expect(fails(() => readCsvFile("/proc/self/status", "--data file", {}, 16), FileReadError)).toMatch(/grew past the 16-byte limit/);
  });

  it("a regular file is read whole, byte for byte", () => {
    const bytes = Uint8Array.from({ length: 200003 }, (_, i) => (i * 7919) % 256);
    expect(Buffer.compare(readInputFile(file("bytes.bin", bytes)), Buffer.from(bytes))).toBe(0);
    expect(readInputFile(file("empty.txt", "")).length).toBe(0);
  });
});

describe("CSV streamed from a file", () => {
  it("gives the numbers a plain reference loop gives, across many 1 MiB pieces, a BOM and multi-byte text", () => {
    const n = 60000, lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(`${(i * 0.37) % 11},${-i / 3},${i % 7}`);
    const p = file("long.csv", "\uFEFF# pièce, données\nα,β,y\n" + lines.join("\n") + "\n");
    const ds = readCsvFile(p);
    expect([ds.n, ds.d]).toEqual([n, 2]);
    for (let i = 0; i < n; i += 997) {
      expect([ds.X[2 * i], ds.X[2 * i + 1], ds.y[i]]).toEqual(lines[i].split(",").map(Number));
    }
  });

  it("passes --header / --no-header through loadDataset, and refuses them for JSON and .npy", () => {
    const p = file("numhead.csv", "0,1,2\n1,2,3\n4,5,6\n");
    expect(loadDataset({ data: p }).n).toBe(3);
    expect(loadDataset({ data: p, header: true }).n).toBe(2);
    expect(loadDataset({ data: p, header: false }).n).toBe(3);
    const amb = file("amb.csv", "1,2,y\n1,2,3\n");
    expect(fails(() => loadDataset({ data: amb }), DataFormatError)).toContain("line 1 is ambiguous");
    const j = file("d.json", '{"X": [[1], [2]], "y": [1, 2]}');
    expect(fails(() => loadDataset({ data: j, header: true }), InvalidArgumentError)).toBe(`--header applies to CSV data only; ${j} is read as JSON`);
    expect(fails(() => loadDataset({ X: j, y: j, header: false }), InvalidArgumentError)).toContain("--no-header applies to CSV data");
  });
});

describe("deeply nested JSON inputs", () => {
  const deep = "[".repeat(100000) + "]".repeat(100000);
  it("a data file or a point file nested 10⁵ levels deep is a DataFormatError naming the depth limit", () => {
    const d = file("deep.json", `{"X": ${deep}, "y": [1]}`);
    expect(fails(() => loadDataset({ data: d }), DataFormatError)).toMatch(/nested more than 64 levels deep/);
    const pt = file("deep-point.json", `{"theta": ${deep}}`);
    expect(fails(() => readPoint(pt, 2), DataFormatError)).toMatch(/nested more than 64 levels deep .*expected \{"theta": \[\.\.\.\]\}/);
    // One level too deep inside theta, under the limit: the entry is described briefly, not stringified.
    const pt2 = file("point-nested.json", `{"theta": [${"[".repeat(60)}1${"]".repeat(60)}, 2]}`);
    expect(fails(() => readPoint(pt2, 2), DataFormatError)).toContain("theta[0] is [[[…]]], not a finite number");
  });
});
