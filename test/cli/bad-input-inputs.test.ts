// Bad-input rows for bounded inputs: non-regular files (/dev/zero, a FIFO), files over the size limit, JSON nested
// 10⁵ deep, the CSV header rule and separators, short escaped excerpts, and .npy files whose header length or
// size disagree with their shape. Every row: exit code, exactly one "eoslab: " line on stderr, nothing on stdout.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCliOutcome } from "./bad-input-harness.js";

const dir = mkdtempSync(join(tmpdir(), "eoslab-bad-inputs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string): string => join(dir, name);

/** A .npy v1.0 file by the format's definition; `hlenDelta` falsifies the header-length field, `extra` appends bytes. */
function npy(values: number[], shape: number[], hlenDelta = 0, extra = 0): Uint8Array {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  header += " ".repeat((64 - ((10 + header.length + 1) % 64)) % 64) + "\n";
  const out = new Uint8Array(10 + header.length + 8 * values.length + extra);
  const dv = new DataView(out.buffer);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  dv.setUint16(8, header.length + hlenDelta, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  values.forEach((v, i) => dv.setFloat64(10 + header.length + 8 * i, v, true));
  return out;
}

const deep = "[".repeat(100000) + "]".repeat(100000);
const files: Record<string, string | Uint8Array> = {
  "ok.csv": "x1,x2,y\n1,0,1\n0,1,2\n1,1,0.5\n",
  "ok.json": '{"X": [[1, 0], [0, 1], [1, 1]], "y": [1, 2, 0.5]}',
  "t2.json": '{"theta": [0.1, 0.2]}',
  "X.npy": npy([1, 0, 0, 1, 1, 1], [3, 2]),
  "y.npy": npy([1, 2, 0.5], [3]),
  "X-hlen-long.npy": npy([1, 0, 0, 1, 1, 1], [3, 2], 16),
  "X-hlen-short.npy": npy([1, 0, 0, 1, 1, 1], [3, 2], -16),
  "X-extra.npy": npy([1, 0, 0, 1, 1, 1], [3, 2], 0, 8),
  "y-extra.npy": npy([1, 2, 0.5], [3], 0, 24),
  "deep.json": `{"X": ${deep}, "y": [1, 2, 3]}`,
  "deep-y.json": `{"X": [[1, 0], [0, 1]], "y": ${deep}}`,
  "deep-point.json": `{"theta": ${deep}}`,
  "deep-top.json": deep,
  "amb-y.csv": "1,2,y\n1,0,1\n0,1,2\n",
  "amb-typo.csv": "1,O,1\n0,1,2\n1,1,0.5\n",
  "amb-index.csv": ",0,1\n0,1,1\n1,0,2\n", // pandas to_csv with its index and integer column names
  "amb-trailing.csv": "1,0,\n0,1,2\n1,1,0.5\n",
  "numhead.csv": "0,1,2\n1,0,1\n0,1,2\n1,1,0.5\n",
  "ws.txt": "# x1 x2 y\n1.000000000000000000e+00 0.000000000000000000e+00 1.000000000000000000e+00\n0 1 2\n1\t1\t0.5\n",
  "ws-ragged.txt": "1 0 1\n0 1\n1 1 0.5\n",
  "comma-then-space.csv": "1,0,1\n0 1 2\n",
  "ctrl.csv": `1,0,1\n0,\u001b[2J${"z".repeat(5000)},2\n`,
  "nul.csv": "1,0,1\n0,\u0000\u0007,2\n",
};
for (const [name, content] of Object.entries(files)) writeFileSync(at(name), content);
// Sparse: stat says 1 GiB + 1 byte, no disk is used.
writeFileSync(at("huge.csv"), "");
truncateSync(at("huge.csv"), 2 ** 30 + 1);
const haveMkfifo = spawnSync("mkfifo", [at("pipe.csv")]).status === 0;
const haveDevZero = existsSync("/dev/zero");

type Row = [args: string[], exit: 1 | 2, expect: string];
const rows: Row[] = [];
const ETA = ["--eta", "0.1"];
/** A data source through the three commands that read data. */
function data(source: string[], exit: 1 | 2, expect: string): void {
  rows.push([["run", "--model", "linear", ...source, ...ETA], exit, expect]);
  rows.push([["run", "--model", "diagonal", ...source, ...ETA, "--steps", "10"], exit, expect]);
  rows.push([["sharpness", "--model", "linear", ...source, "--point", at("t2.json")], exit, expect]);
}
/** A point file as --theta0 and as --point. */
function point(file: string, exit: 1 | 2, expect: string): void {
  rows.push([["run", "--model", "linear", "--data", at("ok.csv"), ...ETA, "--theta0", file], exit, expect]);
  rows.push([["sharpness", "--model", "linear", "--data", at("ok.csv"), "--point", file], exit, expect]);
}

const REGULAR = "it must be a regular file";
// ---- Not a regular file: refused at once, never read.
if (haveDevZero) {
  data(["--data", "/dev/zero"], 2, `--data file /dev/zero is a character device; ${REGULAR}`);
  data(["--X", "/dev/zero", "--y", at("y.npy")], 2, `--X file /dev/zero is a character device; ${REGULAR}`);
  data(["--X", at("X.npy"), "--y", "/dev/zero"], 2, `--y file /dev/zero is a character device; ${REGULAR}`);
  point("/dev/zero", 2, `point file /dev/zero is a character device; ${REGULAR}`);
  rows.push([["merge", "/dev/zero", "--out", at("merged.jsonl")], 2, `/dev/zero is a character device; ${REGULAR}`]);
}
if (haveMkfifo) {
  data(["--data", at("pipe.csv")], 2, `is a named pipe (FIFO); ${REGULAR}`);
  data(["--X", at("pipe.csv"), "--y", at("y.npy")], 2, `is a named pipe (FIFO); ${REGULAR}`);
  point(at("pipe.csv"), 2, `is a named pipe (FIFO); ${REGULAR}`);
  rows.push([["merge", at("pipe.csv"), "--out", at("merged.jsonl")], 2, `is a named pipe (FIFO); ${REGULAR}`]);
}
// ---- Over the size limit by stat.
data(["--data", at("huge.csv")], 2, "is 1073741825 bytes, over the 1073741824-byte limit");
data(["--X", at("huge.csv"), "--y", at("y.npy")], 2, "over the 1073741824-byte limit");
point(at("huge.csv"), 2, "over the 1073741824-byte limit");
// ---- Nested 10⁵ deep: the depth limit, never a stack overflow.
for (const f of ["deep.json", "deep-y.json"]) data(["--data", at(f)], 2, "arrays and objects nested more than 64 levels deep");
point(at("deep-point.json"), 2, "nested more than 64 levels deep (at character 74)");
point(at("deep-top.json"), 2, "nested more than 64 levels deep (at character 65)");
// ---- The CSV header rule: a first line that is part numbers, part not, is refused, not guessed.
data(["--data", at("amb-y.csv")], 2, 'line 1 is ambiguous: column 3 is "y", not a number, but 2 of its 3 cells are numbers; pass --header');
data(["--data", at("amb-typo.csv")], 2, 'line 1 is ambiguous: column 2 is "O", not a number');
data(["--data", at("amb-index.csv")], 2, 'line 1 is ambiguous: column 1 is ""');
data(["--data", at("amb-trailing.csv")], 2, 'line 1 is ambiguous: column 3 is ""');
data(["--data", at("amb-typo.csv"), "--no-header"], 2, 'line 1, column 2 is "O", not a number');
data(["--data", at("ok.csv"), "--no-header"], 2, 'line 1, column 1 is "x1", not a number');
// --header and --no-header only mean something for CSV data, and only data models read data.
data(["--data", at("ok.json"), "--header"], 2, "--header applies to CSV data only");
data(["--X", at("X.npy"), "--y", at("y.npy"), "--no-header"], 2, "--no-header applies to CSV data (--data file.csv) only");
rows.push([["run", ...ETA, "--header"], 2, "--header applies to --model diagonal|two-layer|linear|deep-linear-data|tanh-mlp only"]);
rows.push([["run", "--model", "scalar", ...ETA, "--header"], 2, "--header applies to --model diagonal|two-layer|linear|deep-linear-data|tanh-mlp only; got --model scalar"]);
// ---- Separators: named when the columns do not match.
data(["--data", at("ws-ragged.txt")], 2, "line 2 has 2 columns, expected 3 (ragged rows); every line needs the same number of cells, separated by whitespace");
data(["--data", at("comma-then-space.csv")], 2, "line 2 has 1 columns, expected 3 (ragged rows); every line needs the same number of cells, separated by commas");
// ---- A bad cell is echoed as a short excerpt, control characters escaped.
data(["--data", at("ctrl.csv")], 2, `line 2, column 2 is "\\x1b[2J${"z".repeat(36)}…", not a number`);
data(["--data", at("nul.csv")], 2, 'line 2, column 2 is "\\x00\\x07", not a number');
// ---- .npy: the header-length field and the file size must agree with the header and the shape. The dict for
// shape (3, 2) is 60 characters, + "\n" + 10 bytes of preamble = 71, padded to 128: the true field is 118.
data(["--X", at("X-hlen-long.npy"), "--y", at("y.npy")], 2, "the header-length field (134 bytes) does not match the header");
data(["--X", at("X-hlen-short.npy"), "--y", at("y.npy")], 2, "the header-length field (102 bytes) does not match the header");
data(["--X", at("X-extra.npy"), "--y", at("y.npy")], 2, "56 bytes of data after the header, but shape (3, 2) needs 48");
data(["--X", at("X.npy"), "--y", at("y-extra.npy")], 2, "48 bytes of data after the header, but shape (3) needs 24");

describe("bad input: bounded inputs", () => {
  it("the FIFO and /dev/zero rows run where the system has them", () => {
    if (!haveMkfifo) console.warn("skipping the FIFO rows: mkfifo is not available");
    if (!haveDevZero) console.warn("skipping the /dev/zero rows: no /dev/zero");
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(new Set(rows.map(([a]) => JSON.stringify(a))).size).toBe(rows.length);
  });

  it.each(rows.map(([args, exit, want], i) => ({ i, args, exit, want, label: args.join(" ").replaceAll(dir + "/", "") })))(
    "#$i eoslab $label → exit $exit",
    async ({ args, exit, want }) => {
      const r = await runCliOutcome(args);
      const msg = r.stderr.replaceAll(dir + "/", "");
      expect(r.stdout).toBe("");
      expect(msg).toMatch(/^eoslab: [^\n]+\n$/);
      expect(msg).not.toContain("internal error");
      expect(msg).not.toMatch(/[\x00-\x09\x0b-\x1f]/); // no raw control character reaches the terminal
      expect(msg).toContain(want);
      expect(msg.length).toBeLessThan(400);
      expect(r.exitCode).toBe(exit);
    },
    30_000,
  );
});

describe("inputs that read", () => {
  const sharp = async (args: string[]): Promise<{ n: number; d: number }> => {
    const r = await runCliOutcome(["sharpness", "--model", "linear", ...args, "--point", at("t2.json"), "--json"]);
    expect(r.exitCode, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { n: number; d: number };
  };

  it("a numeric first line is data; --header makes it a header", async () => {
    expect(await sharp(["--data", at("numhead.csv")])).toMatchObject({ n: 4, d: 2 });
    expect(await sharp(["--data", at("numhead.csv"), "--header"])).toMatchObject({ n: 3, d: 2 });
    expect(await sharp(["--data", at("amb-y.csv"), "--header"])).toMatchObject({ n: 2, d: 2 });
    expect(await sharp(["--data", at("ok.csv")])).toMatchObject({ n: 3, d: 2 });
  }, 60_000);

  it("whitespace-separated text (numpy.savetxt's default) reads like the CSV of the same numbers", async () => {
    const ws = await runCliOutcome(["sharpness", "--model", "linear", "--data", at("ws.txt"), "--point", at("t2.json"), "--json"]);
    const csv = await runCliOutcome(["sharpness", "--model", "linear", "--data", at("ok.csv"), "--point", at("t2.json"), "--json"]);
    expect(ws.exitCode, ws.stderr).toBe(0);
    expect(JSON.parse(ws.stdout)).toEqual(JSON.parse(csv.stdout));
  }, 60_000);
});

const cli = fileURLToPath(new URL("../../dist/cli/index.js", import.meta.url));
describe.runIf(existsSync(cli) && haveDevZero)("through the built CLI", () => {
  it("/dev/zero as --data ends at once with exit 2 (it used to grow without bound)", () => {
    const r = spawnSync(process.execPath, [cli, "run", "--model", "linear", "--data", "/dev/zero", "--eta", "0.1"], { encoding: "utf8", timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`eoslab: --data file /dev/zero is a character device; ${REGULAR} (copy the data to a file first)\n`);
  }, 60_000);
});
