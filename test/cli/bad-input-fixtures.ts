// Malformed (and a few well-formed) input files for the bad-input table, written into a fresh temp dir.
// Each file is built by hand from its format's definition (CSV text, JSON text, the .npy v1/v2/v3 layout),
// not by eoslab's own writers, so the parsers are checked against the formats, not against themselves.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface NpySpec {
  descr?: string;
  fortran?: boolean;
  shape: number[];
  data: number[];
  /** Format major version (1: u16 header length, 2/3: u32). */
  version?: number;
  /** Drop this many bytes from the end. */
  cut?: number;
  /** Replace the header dict text. */
  header?: string;
  /** Corrupt the magic string. */
  badMagic?: boolean;
}

/** A .npy file per the NumPy format spec: magic, version, header length, a Python dict literal padded to 64 bytes, data. */
export function npyBytes(s: NpySpec): Uint8Array {
  const descr = s.descr ?? "<f8";
  const shape = s.shape.length === 1 ? `(${s.shape[0]},)` : `(${s.shape.join(", ")})`;
  let dict = s.header ?? `{'descr': '${descr}', 'fortran_order': ${s.fortran ? "True" : "False"}, 'shape': ${shape}, }`;
  const version = s.version ?? 1;
  const pre = version === 1 ? 10 : 12;
  while ((pre + dict.length + 1) % 64 !== 0) dict += " ";
  dict += "\n";
  const itemSize = /[fi]4$/.test(descr) ? 4 : 8;
  const body = new DataView(new ArrayBuffer(s.data.length * itemSize));
  const little = !descr.startsWith(">");
  s.data.forEach((v, i) => {
    if (descr.endsWith("f4")) body.setFloat32(i * 4, v, little);
    else if (descr.endsWith("i8")) body.setBigInt64(i * 8, BigInt(Math.trunc(v)), little);
    else body.setFloat64(i * 8, v, little);
  });
  const head = new Uint8Array(pre + dict.length);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  if (s.badMagic) head[1] = 0x4f;
  const dv = new DataView(head.buffer);
  if (version === 1) dv.setUint16(8, dict.length, true);
  else dv.setUint32(8, dict.length, true);
  for (let i = 0; i < dict.length; i++) head[pre + i] = dict.charCodeAt(i);
  const out = new Uint8Array(head.length + body.byteLength);
  out.set(head);
  out.set(new Uint8Array(body.buffer), head.length);
  return s.cut ? out.subarray(0, out.length - s.cut) : out;
}

// The well-formed data set: n = 3 samples, d = 2 features (linear p = 2, diagonal p = 4, two-layer h = 2: p = 6).
export const X_OK = [1, 0, 0, 1, 1, 1];
export const Y_OK = [1, 2, 0.5];

const TEXT: Record<string, string> = {
  "ok.csv": "x1,x2,y\n1,0,1\n0,1,2\n1,1,0.5\n",
  "ok.json": '{"X": [[1, 0], [0, 1], [1, 1]], "y": [1, 2, 0.5]}',
  "t2.json": '{"theta": [0.1, 0.2]}',
  "t3.json": '{"theta": [0.1, 0.2, 0.3]}',
  "t4.json": '{"theta": [0.5, 0.5, 0.5, 0.5]}',
  // CSV
  "ragged.csv": "1,0,1\n0,1\n1,1,0.5\n",
  "text.csv": "x1,x2,y\n1,0,1\n0,five,2\n",
  "nan.csv": "1,0,1\nnan,1,2\n1,1,0.5\n",
  "inf.csv": "1,0,1\n0,1,inf\n1,1,0.5\n",
  "ninf.csv": "1,0,1\n0,-Infinity,2\n1,1,0.5\n",
  "overflow.csv": "1,0,1\n0,1e400,2\n1,1,0.5\n",
  "empty.csv": "",
  "blank.csv": "\n\n   \n",
  "comments.csv": "# only a comment\n# and another\n",
  "header-only.csv": "x1,x2,y\n",
  "onecol.csv": "1\n2\n3\n",
  "hex.csv": "1,0,1\n0x1,1,2\n",
  "emptycell.csv": "1,0,1\n0,,2\n",
  "twoheaders.csv": "a,b,y\nc,d,e\n1,0,1\n",
  "semicolon.csv": "1;0;1\n0;1;2\n",
  "ragged-long.csv": "1,0,1\n0,1,2,3\n",
  "header-wide.csv": "x1,x2,x3,y\n1,0,1\n0,1,2\n",
  // JSON data
  "nan.json": '{"X": [[1, 0], [NaN, 1], [1, 1]], "y": [1, 2, 0.5]}',
  "inf.json": '{"X": [[1, 0], [0, 1], [1, 1]], "y": [1, Infinity, 0.5]}',
  "big.json": '{"X": [[1, 0], [0, 1e999], [1, 1]], "y": [1, 2, 0.5]}',
  "noX.json": '{"y": [1, 2, 0.5]}',
  "noy.json": '{"X": [[1, 0], [0, 1], [1, 1]]}',
  "Xnum.json": '{"X": 5, "y": [1]}',
  "rows-flat.json": '{"X": [1, 2, 3], "y": [1, 2, 3]}',
  "row2-flat.json": '{"X": [[1, 0], 7, [1, 1]], "y": [1, 2, 0.5]}',
  "ragged.json": '{"X": [[1, 0], [0, 1, 5], [1, 1]], "y": [1, 2, 0.5]}',
  "ylen.json": '{"X": [[1, 0], [0, 1], [1, 1]], "y": [1, 2]}',
  "str.json": '{"X": [["1", 0], [0, 1], [1, 1]], "y": [1, 2, 0.5]}',
  "null.json": '{"X": [[1, 0], [0, null], [1, 1]], "y": [1, 2, 0.5]}',
  "bool.json": '{"X": [[1, 0], [0, 1], [true, 1]], "y": [1, 2, 0.5]}',
  "ystr.json": '{"X": [[1, 0], [0, 1], [1, 1]], "y": [1, "b", 0.5]}',
  "toparray.json": "[[1, 0, 1], [0, 1, 2]]",
  "topnull.json": "null",
  "empty.json": "",
  "truncated.json": '{"X": [[1, 0], [0,',
  "Xempty.json": '{"X": [], "y": []}',
  "zerocols.json": '{"X": [[], []], "y": [1, 2]}',
  "nested.json": '{"X": [[[1], 0], [0, 1], [1, 1]], "y": [1, 2, 0.5]}',
  "ynested.json": '{"X": [[1, 0], [0, 1], [1, 1]], "y": [[1], 2, 0.5]}',
  "trailing.json": '{"X": [[1, 0], [0, 1], [1, 1]], "y": [1, 2, 0.5],}',
  // points
  "pt-empty.json": "",
  "pt-bad.json": '{"theta": [0.1, ',
  "pt-notheta.json": '{"x": [0.1, 0.2]}',
  "pt-array.json": "[0.1, 0.2]",
  "pt-obj.json": '{"theta": {"0": 0.1}}',
  "pt-str.json": '{"theta": [0.1, "a"]}',
  "pt-null.json": '{"theta": [null, 0.2]}',
  "pt-nan.json": '{"theta": [NaN, 0.2]}',
  "pt-big.json": '{"theta": [0.1, 1e999]}',
  "pt-nested.json": '{"theta": [[0.1], 0.2]}',
  "pt-long.json": '{"theta": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]}',
  "pt-empty-theta.json": '{"theta": []}',
  "pt-huge.json": '{"theta": [1e200, 1e200]}',
  "not-a-file.txt": "plain text",
  "sweep.jsonl": "",
};

const NPY: Record<string, NpySpec> = {
  "X.npy": { shape: [3, 2], data: X_OK },
  "y.npy": { shape: [3], data: Y_OK },
  "y-col.npy": { shape: [3, 1], data: Y_OK },
  "X-f4.npy": { descr: "<f4", shape: [3, 2], data: X_OK },
  "X-i8.npy": { descr: "<i8", shape: [3, 2], data: X_OK },
  "X-be.npy": { descr: ">f8", shape: [3, 2], data: X_OK },
  "y-be.npy": { descr: ">f8", shape: [3], data: Y_OK },
  "X-fortran.npy": { fortran: true, shape: [3, 2], data: X_OK },
  "X-truncdata.npy": { shape: [3, 2], data: X_OK, cut: 9 },
  "X-trunchdr.npy": { shape: [3, 2], data: [], cut: 40 },
  "X-magic.npy": { shape: [3, 2], data: X_OK, badMagic: true },
  "X-v4.npy": { shape: [3, 2], data: X_OK, version: 4 },
  "X-v2.npy": { shape: [3, 2], data: [1, 0, 0, 1, NaN, 1], version: 2 },
  "X-1d.npy": { shape: [6], data: X_OK },
  "X-3d.npy": { shape: [3, 2, 1], data: X_OK },
  "y-2col.npy": { shape: [3, 2], data: X_OK },
  "y-len2.npy": { shape: [2], data: [1, 2] },
  "X-nan.npy": { shape: [3, 2], data: [1, 0, NaN, 1, 1, 1] },
  "y-inf.npy": { shape: [3], data: [1, 2, Infinity] },
  "X-empty.npy": { shape: [0, 2], data: [] },
  "X-nodescr.npy": { shape: [3, 2], data: X_OK, header: "{'fortran_order': False, 'shape': (3, 2), }" },
  "X-badshape.npy": { shape: [3, 2], data: X_OK, header: "{'descr': '<f8', 'fortran_order': False, 'shape': (3, -2), }" },
  "y-v3-ninf.npy": { shape: [3], data: [1, -Infinity, 0.5], version: 3 },
};

/** Writes every fixture into a new temp dir; returns the dir. Also: a sub-directory "dir" and "tiny.npy" (5 bytes). */
export function writeFixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), "eoslab-bad-input-"));
  for (const [name, text] of Object.entries(TEXT)) writeFileSync(join(dir, name), text);
  for (const [name, spec] of Object.entries(NPY)) writeFileSync(join(dir, name), npyBytes(spec));
  writeFileSync(join(dir, "tiny.npy"), new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50]));
  mkdirSync(join(dir, "dir"));
  mkdirSync(join(dir, "dir.csv"));
  return dir;
}

const DATA_LIST = "diagonal|two-layer|linear|deep-linear-data|tanh-mlp";

/**
 * `eoslab run` (and `sharpness`) given an option the chosen model does not take: exit 2, one line naming the
 * models that take it. Written out by hand, at least one row per such option (the table test checks that every
 * restricted option of src/cli/options/run-options.ts has one), so a silently ignored option fails here.
 * [args ("@name" is the fixture's path), substring of the message].
 */
export const INAPPLICABLE_OPTION_CASES: [args: string[], expect: string][] = [
  // No --model: deep scalar; a data flag says which --model to pass.
  [["run", "--data", "@ok.json", "--eta", "0.1"], `--data applies to --model ${DATA_LIST} only; pass --model ${DATA_LIST}`],
  [["run", "--X", "@X.npy", "--y", "@y.npy", "--eta-frac", "0.5"], `--X applies to --model ${DATA_LIST} only; pass --model ${DATA_LIST}`],
  [["run", "--y", "@y.npy", "--eta", "0.1"], `--y applies to --model ${DATA_LIST} only; pass --model ${DATA_LIST}`],
  [["run", "--eta", "0.1", "--hidden", "3"], "--hidden applies to --model two-layer|tanh-mlp only; pass --model two-layer|tanh-mlp"],
  [["run", "--eta", "0.1", "--widths", "3,4,1"], "--widths applies to --model deep-linear|deep-linear-data only; pass --model deep-linear|deep-linear-data"],
  [["run", "--model", "scalar", "--eta", "0.1", "--input", "1"], "--input applies to --model deep-linear|tanh-chain only; got --model scalar"],
  [["run", "--eta", "0.1", "--header"], `--header applies to --model ${DATA_LIST} only; pass --model`],
  [["run", "--model", "scalar", "--eta", "0.1", "--no-header"], `--no-header applies to --model ${DATA_LIST} only; got --model scalar`],
  [["run", "--eta", "0.1", "--theta0", "@t2.json"], `--theta0 applies to --model ${DATA_LIST} only; pass --model ${DATA_LIST}`],
  [["run", "--eta", "0.1", "--init-seed", "3"], `--init-seed applies to --model deep-linear|${DATA_LIST} only; pass --model`],
  // The default value typed out is still an option given.
  [["run", "--eta", "0.1", "--init-seed", "0"], `--init-seed applies to --model deep-linear|${DATA_LIST} only`],
  [["run", "--eta", "0.1", "--init-scale", "0.1"], `--init-scale applies to --model deep-linear|${DATA_LIST} only; pass --model`],
  [["run", "--eta", "0.1", "--sharpness-every", "10"], `--sharpness-every applies to --model ${DATA_LIST} only; pass --model`],
  [["run", "--eta", "0.1", "--coord-every", "10"], `--coord-every applies to --model ${DATA_LIST} only; pass --model`],
  // --model deep-scalar or scalar, given.
  [["run", "--model", "deep-scalar", "--eta", "0.1", "--hidden", "3"], "--hidden applies to --model two-layer|tanh-mlp only; got --model deep-scalar"],
  [["run", "--model", "scalar", "--eta", "0.1", "--data", "@ok.json"], `--data applies to --model ${DATA_LIST} only; got --model scalar`],
  [["run", "--model", "deep-scalar", "--eta", "0.1", "--theta0", "@t2.json"], "got --model deep-scalar; deep-scalar and scalar take --init a,b,…"],
  [["run", "--model", "scalar", "--eta", "0.1", "--coord-every", "5"], `--coord-every applies to --model ${DATA_LIST} only; got --model scalar`],
  // Data models given a deep scalar option, or --hidden without two-layer.
  [["run", "--model", "linear", "--data", "@ok.csv", "--eta", "0.1", "--depth", "3"], "--depth applies to --model deep-scalar|scalar|tanh-chain only; got --model linear"],
  [["run", "--model", "diagonal", "--data", "@ok.csv", "--eta", "0.1", "--target", "2"], "--target applies to --model deep-scalar|scalar|deep-linear|tanh-chain only; got --model diagonal"],
  [["run", "--model", "linear", "--data", "@ok.csv", "--eta", "0.1", "--target", "1"], "--target applies to --model deep-scalar|scalar|deep-linear|tanh-chain only; got --model linear"],
  [["run", "--model", "two-layer", "--hidden", "2", "--data", "@ok.csv", "--eta", "0.1", "--tail", "10"], "--tail applies to --model deep-scalar|scalar|deep-linear|tanh-chain only; got --model two-layer"],
  [["run", "--model", "diagonal", "--data", "@ok.csv", "--eta", "0.1", "--init", "1,2"], "--init applies to --model deep-scalar|scalar|tanh-chain only; got --model diagonal; data models take --theta0"],
  [["run", "--model", "linear", "--data", "@ok.csv", "--eta", "0.1", "--hidden", "2"], "--hidden applies to --model two-layer|tanh-mlp only; got --model linear"],
  [["run", "--model", "diagonal", "--X", "@X.npy", "--y", "@y.npy", "--eta", "0.1", "--hidden", "2"], "--hidden applies to --model two-layer|tanh-mlp only; got --model diagonal"],
  [["sharpness", "--model", "linear", "--data", "@ok.csv", "--point", "@t2.json", "--hidden", "2"], "--hidden applies to --model two-layer|tanh-mlp only; got --model linear"],
  // The networks on data: --layers is the tanh MLP's, --widths the deep linear network's, --hidden not deep-linear-data's.
  [["run", "--eta", "0.1", "--layers", "2"], "--layers applies to --model tanh-mlp only; pass --model tanh-mlp"],
  [["run", "--model", "two-layer", "--hidden", "2", "--data", "@ok.csv", "--eta", "0.1", "--layers", "2"], "--layers applies to --model tanh-mlp only; got --model two-layer"],
  [["run", "--model", "diagonal", "--data", "@ok.csv", "--eta", "0.1", "--widths", "2,2,1"], "--widths applies to --model deep-linear|deep-linear-data only; got --model diagonal"],
  [["run", "--model", "deep-linear-data", "--widths", "2,2,1", "--data", "@ok.csv", "--eta", "0.1", "--hidden", "2"], "--hidden applies to --model two-layer|tanh-mlp only; got --model deep-linear-data"],
  [["sharpness", "--model", "tanh-mlp", "--hidden", "2", "--data", "@ok.csv", "--point", "@t2.json", "--widths", "2,2,1"], "--widths applies to --model deep-linear-data only; got --model tanh-mlp"],
  // The right model, but a given start point leaves nothing for the random start's flags to do.
  [["run", "--model", "linear", "--data", "@ok.csv", "--eta", "0.1", "--theta0", "@t2.json", "--init-seed", "3"], "--init-seed cannot be used with --theta0"],
  [["run", "--model", "diagonal", "--data", "@ok.csv", "--eta", "0.1", "--theta0", "@t4.json", "--init-scale", "0.5"], "--init-scale cannot be used with --theta0"],
];
