// Bad input: a table of malformed invocations, each run through the real command parser in-process
// (test/bad-input-harness.ts: buildProgram().parseAsync, then formatError, the function reportAndExit prints).
// For every case: the exit code (2 usage mistake, 1 failure at run time), stderr exactly one line starting
// "eoslab: " with a case-specific substring, no stack lines, nothing on stdout. A handful are also run
// through the real built CLI (dist/cli/index.js) to prove the exit codes end to end, and one with --debug.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { INAPPLICABLE_OPTION_CASES, writeFixtures } from "./bad-input-fixtures.js";
import { runCliOutcome } from "./bad-input-harness.js";
import { formatError } from "../../src/cli/report-error.js";
import { buildProgram } from "../../src/cli/program.js";
import { longFlag } from "../../src/cli/options/model-options.js";
import { RUN_OPTIONS } from "../../src/cli/options/run-options.js";
import { DataFormatError, FileWriteError, InvalidArgumentError, ModelCallbackError } from "../../src/errors.js";

const dir = writeFixtures();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** [args ("@name" is the fixture's path), exit code, substring the one-line message must contain]. */
type Case = [args: string[], exit: 1 | 2, expect: string];

const ETA = ["--eta", "0.1"];
const cases: Case[] = [];
const add = (args: string[], exit: 1 | 2, expect: string): void => void cases.push([args, exit, expect]);

// ---- Global: unknown commands and options, missing values, excess arguments.
add(["frobnicate"], 2, "unknown command 'frobnicate'");
add(["runn", "--eta", "0.1"], 2, "unknown command 'runn'");
add(["--bogus"], 2, "unknown option '--bogus'");
add(["run", "--etta", "0.1"], 2, "unknown option '--etta'");
add(["run", "--eta"], 2, "argument missing");
add(["run", "--steps"], 2, "argument missing");
add(["seed", "extra"], 2, "too many arguments");
add(["paper", "extra"], 2, "too many arguments");
add(["bench", "--bogus"], 2, "unknown option '--bogus'");
add(["seed", "--bogus"], 2, "unknown option '--bogus'");
add(["paper", "--bogus"], 2, "unknown option '--bogus'");
add(["report", "--bogus"], 2, "unknown option '--bogus'");
add(["sweep", "--bogus"], 2, "unknown option '--bogus'");
add(["sharpness", "--model", "linear", "--point", "@t2.json", "--bogus"], 2, "unknown option '--bogus'");
add(["run", "--model", "linear", "--bogus"], 2, "unknown option '--bogus'");
// run-data is not a command: `eoslab run --model diagonal|two-layer|linear` runs the data models.
add(["run-data", "--model", "linear", "--data", "@ok.csv", "--eta", "0.1"], 2, "unknown command 'run-data'");
add(["merge", "--out", "@merged.jsonl"], 2, "missing required argument 'files'");
add(["merge", "@sweep.jsonl"], 2, "required option '--out <file>'");

// ---- run (deep scalar): every number flag.
for (const v of ["0", "-1", "abc", "NaN", "Infinity", "-Infinity", "", "1e400", "1,2"]) add(["run", "--eta", v], 2, "--eta must be a finite number > 0");
for (const v of ["0", "-0.5", "abc", "Infinity"]) add(["run", "--eta-frac", v], 2, "--eta-frac must be a finite number > 0");
add(["run"], 2, "exactly one of --eta and --eta-frac");
add(["run", "--eta", "0.1", "--eta-frac", "0.5"], 2, "exactly one of --eta and --eta-frac");
for (const v of ["1.5", "-1", "0", "1", "abc", "1e300", "3e9", "", "NaN"]) add(["run", ...ETA, "--steps", v], 2, "--steps must be an integer in [2, ");
for (const v of ["0", "1.5", "-3", "abc", "1e11"]) add(["run", ...ETA, "--steps", "100", "--record-every", v], 2, "--record-every must be an integer in [1, ");
for (const v of ["1", "abc", "2e6", "-64"]) add(["run", ...ETA, "--tail", v], 2, "--tail must be an integer in [2, ");
for (const v of ["1", "0", "2.5", "5000", "abc", "-3"]) add(["run", ...ETA, "--depth", v], 2, "--depth must be an integer in [2, 4096]");
add(["run", ...ETA, "--target", "0"], 2, "y = 0 is not a regular value");
for (const v of ["-0", "abc", "Infinity", "NaN", ""]) add(["run", ...ETA, "--target", v], 2, "--target must be a finite non-zero number");
add(["run", ...ETA, "--init", "1,2"], 2, "--init has 2 entries, depth is 5");
add(["run", ...ETA, "--init", "1,1,1,1,1,1"], 2, "--init has 6 entries, depth is 5");
add(["run", ...ETA, "--depth", "2", "--init", "1,1,1"], 2, "--init has 3 entries, depth is 2");
add(["run", ...ETA, "--init", "nan,1,1,1,1"], 2, '--init: entry 1 ("nan")');
add(["run", ...ETA, "--init", "1,,1,1,1"], 2, '--init: entry 2 ("")');
add(["run", ...ETA, "--init", "a,b,c,d,e"], 2, '--init: entry 1 ("a")');
add(["run", ...ETA, "--init", "1,1,1,1,Infinity"], 2, "--init: entry 5");
add(["run", ...ETA, "--init", "1e999,1,1,1,1"], 2, "--init: entry 1");
add(["run", ...ETA, "--init", ""], 2, "--init: entry 1");
add(["run", ...ETA, "--init", "1;1;1;1;1"], 2, "--init: entry 1");
add(["run", ...ETA, "--init", "1e200,1e200,1e200,1e200,1e200"], 2, "not finite");
add(["run", ...ETA, "--model", "quadratic"], 2, 'unknown --model "quadratic"');
add(["run", ...ETA, "--model", ""], 2, 'unknown --model ""');
add(["run", ...ETA, "--model", "scalar", "--depth", "3"], 2, "--model scalar is depth 2");
// One message for --backend on every command (src/cli/options/backend.ts).
const BACKEND = (v: string, flag = "--backend"): string => `unknown backend "${v}" in ${flag}; use simd, wasm or js`;
for (const v of ["gpu", "", "SIMD"]) add(["run", ...ETA, "--backend", v], 2, BACKEND(v));

// ---- run --model linear|diagonal|two-layer: data-model flags (checked before any work).
{
  const cmd = ["run", "--model", "diagonal"];
  const D = [...cmd, "--data", "@ok.csv"];
  for (const v of ["0", "-1", "abc", "Infinity"]) add([...D, "--eta", v], 2, "--eta must be a finite number > 0");
  add([...D, "--eta-frac", "0"], 2, "--eta-frac must be a finite number > 0");
  add([...D], 2, "give exactly one of --eta");
  add([...D, ...ETA, "--eta-frac", "1"], 2, "give exactly one of --eta");
  for (const v of ["-5", "1.5", "1e12", "abc"]) add([...D, ...ETA, "--steps", v], 2, "--steps must be an integer in [0, ");
  add([...D, ...ETA, "--record-every", "0"], 2, "--record-every must be an integer in [1, ");
  add([...D, ...ETA, "--sharpness-every", "0"], 2, "--sharpness-every must be an integer in [1, ");
  add([...D, ...ETA, "--coord-every", "1.5"], 2, "--coord-every must be an integer in [1, ");
  for (const v of ["-1", "1.5", "5e9"]) add([...D, ...ETA, "--init-seed", v], 2, "--init-seed must be an integer in [0, 4294967295]");
  for (const v of ["0", "-2", "abc"]) add([...D, ...ETA, "--init-scale", v], 2, "--init-scale must be a number > 0");
  add([...D, ...ETA, "--theta0", "@missing.json"], 2, "does not exist");
  add([...D, ...ETA, "--theta0", "@dir"], 2, "is a directory");
  add([...D, ...ETA, "--theta0", "@t3.json"], 2, "theta has 3 entries; this model needs p = 4");
  add([...D, ...ETA, "--backend", "gpu"], 2, BACKEND("gpu"));
  add([...cmd, ...ETA], 2, "no data: give --data");
  add([...cmd, ...ETA, "--data", "@ok.csv", "--X", "@X.npy", "--y", "@y.npy"], 2, "not both");
  add([...cmd, ...ETA, "--X", "@X.npy"], 2, "--X and --y go together");
  add([...cmd, ...ETA, "--y", "@y.npy"], 2, "--X and --y go together");
}
add(["run", "--model", "quadratic", "--data", "@ok.csv", ...ETA], 2, 'unknown --model "quadratic"');
for (const v of [undefined, "0", "1.5", "abc"]) {
  add(["run", "--model", "two-layer", "--data", "@ok.csv", ...ETA, ...(v === undefined ? [] : ["--hidden", v])], 2, "two-layer needs --hidden h");
}
add(["run", "--model", "linear", "--data", "@ok.csv", ...ETA, "--theta0", "@pt-huge.json"], 2, "loss at θ₀ is not finite");

// ---- An option the chosen model does not take (never silently ignored): the hand-written rows of the fixtures.
for (const [args, expect] of INAPPLICABLE_OPTION_CASES) add(args, 2, expect);

// ---- Malformed data files, through every command that reads data.
const dataCases: [file: string, expect: string][] = [
  ["ragged.csv", "line 2 has 2 columns, expected 3 (ragged rows)"],
  ["ragged-long.csv", "line 2 has 4 columns, expected 3 (ragged rows)"],
  ["text.csv", 'line 3, column 2 is "five", not a number'],
  ["header-wide.csv", "the header (line 1) has 4 columns but line 2 has 3"],
  ["nan.csv", "line 2, column 1 is NaN; all entries must be finite"],
  ["inf.csv", "line 2, column 3 is Infinity; all entries must be finite"],
  ["ninf.csv", "line 2, column 2 is -Infinity"],
  ["overflow.csv", "line 2, column 2 is Infinity"],
  ["empty.csv", "no data rows"],
  ["blank.csv", "no data rows"],
  ["comments.csv", "no data rows"],
  ["header-only.csv", "a header but no data rows"],
  ["onecol.csv", "need at least one feature and y"],
  ["hex.csv", 'line 2, column 1 is "0x1", not a number'],
  ["emptycell.csv", 'line 2, column 2 is "", not a number'],
  ["twoheaders.csv", 'line 2, column 1 is "c", not a number'],
  ["semicolon.csv", "need at least one feature and y"],
  ["nan.json", "NaN and Infinity are not JSON numbers"],
  ["inf.json", "NaN and Infinity are not JSON numbers"],
  ["big.json", "X row 2, column 2 is Infinity; all entries must be finite"],
  ["noX.json", 'missing "X"'],
  ["noy.json", 'missing "y"'],
  ["Xnum.json", 'missing "X" (an array of rows)'],
  ["rows-flat.json", "X row 1 is not an array"],
  ["row2-flat.json", "X row 2 is not an array"],
  ["ragged.json", "X row 2 has 3 columns, row 1 has 2 (ragged rows)"],
  ["ylen.json", "y has 2 entries but X has 3 rows"],
  ["str.json", 'X row 1, column 1 is "1", not a number'],
  ["null.json", "X row 2, column 2 is null, not a number"],
  ["bool.json", "X row 3, column 1 is true, not a number"],
  ["ystr.json", 'y row 2 is "b", not a number'],
  ["toparray.json", "expected an object"],
  ["topnull.json", "expected an object"],
  ["empty.json", "the file is empty"],
  ["truncated.json", "not valid JSON"],
  ["trailing.json", "not valid JSON"],
  ["Xempty.json", "X has no rows"],
  ["zerocols.json", "at least one row and one column"],
  ["nested.json", "X row 1, column 1 is [1], not a number"],
  ["ynested.json", "y row 1 is [1], not a number"],
  ["X.npy", ".npy data go in two files: --X x.npy --y y.npy"],
  ["missing.csv", "does not exist"],
  ["dir", "is a directory"],
  ["dir.csv", "is a directory"],
  ["not-a-file.txt/child.csv", "does not exist"],
];
for (const [file, expect] of dataCases) {
  add(["sharpness", "--model", "linear", "--data", `@${file}`, "--point", "@t2.json"], 2, expect);
  add(["run", "--model", "linear", "--data", `@${file}`, ...ETA], 2, expect);
  add(["run", "--model", "diagonal", "--data", `@${file}`, ...ETA, "--steps", "10"], 2, expect);
}
add(["sharpness", "--model", "linear", "--data", "", "--point", "@t2.json"], 2, "the path is empty");

// ---- Malformed .npy pairs.
const npyCases: [x: string, y: string, expect: string][] = [
  ["X-f4.npy", "y.npy", "dtype '<f4' is not supported"],
  ["X-i8.npy", "y.npy", "dtype '<i8' is not supported"],
  ["X-be.npy", "y.npy", "dtype '>f8' is not supported; save little-endian float64"],
  ["X.npy", "y-be.npy", "dtype '>f8' is not supported"],
  ["X-fortran.npy", "y.npy", "Fortran-order array not supported"],
  ["X-truncdata.npy", "y.npy", "truncated data"],
  ["X-trunchdr.npy", "y.npy", "truncated header"],
  ["X-magic.npy", "y.npy", "not a .npy file (bad magic)"],
  ["tiny.npy", "y.npy", "not a .npy file"],
  ["ok.csv", "y.npy", "not a .npy file"],
  ["X-v4.npy", "y.npy", ".npy format version 4 is not supported"],
  ["X-v2.npy", "y.npy", "X row 3, column 1 is NaN"],
  ["X-1d.npy", "y.npy", "X must be 2-D (n, d), got shape (6)"],
  ["X-3d.npy", "y.npy", "X must be 2-D (n, d), got shape (3, 2, 1)"],
  ["X.npy", "y-2col.npy", "y must have shape (n,) or (n, 1), got (3, 2)"],
  ["X.npy", "y-len2.npy", "y has 2 entries but X has 3 rows"],
  ["X-nan.npy", "y.npy", "X row 2, column 1 is NaN"],
  ["X.npy", "y-inf.npy", "y row 3 is Infinity"],
  ["X.npy", "y-v3-ninf.npy", "y row 2 is -Infinity"],
  ["X-empty.npy", "y.npy", "y has 3 entries but X has 0 rows"],
  ["X-nodescr.npy", "y.npy", "malformed .npy header"],
  ["X-badshape.npy", "y.npy", "bad shape"],
  ["missing.npy", "y.npy", "does not exist"],
  ["X.npy", "missing.npy", "does not exist"],
  ["dir", "y.npy", "is a directory"],
];
for (const [x, y, expect] of npyCases) {
  add(["sharpness", "--model", "linear", "--X", `@${x}`, "--y", `@${y}`, "--point", "@t2.json"], 2, expect);
  add(["run", "--model", "linear", "--X", `@${x}`, "--y", `@${y}`, ...ETA, "--steps", "10"], 2, expect);
}

// ---- sharpness: flags and the point file.
const S = ["sharpness", "--model", "linear", "--data", "@ok.csv"];
add(["sharpness", "--data", "@ok.csv", "--point", "@t2.json"], 2, "required option '--model <kind>'");
add(["sharpness", "--model", "linear", "--data", "@ok.csv"], 2, "required option '--point <file>'");
for (const v of ["0", "1.5", "abc", "5000", "-1"]) add([...S, "--point", "@t2.json", "--top", v], 2, "--top must be an integer in [1, 1000]");
add([...S, "--point", "@t2.json", "--gauss-newton", "exact"], 2, "--gauss-newton must be auto, dense or lanczos");
add(["sharpness", "--model", "bogus", "--data", "@ok.csv", "--point", "@t2.json"], 2, 'unknown --model "bogus"');
add(["sharpness", "--model", "two-layer", "--data", "@ok.csv", "--point", "@t2.json"], 2, "two-layer needs --hidden h");
add(["sharpness", "--model", "diagonal", "--data", "@ok.csv", "--point", "@t2.json"], 2, "theta has 2 entries; this model needs p = 4");
add(["sharpness", "--model", "two-layer", "--hidden", "2", "--data", "@ok.csv", "--point", "@t4.json"], 2, "theta has 4 entries; this model needs p = 6");
const pointCases: [file: string, expect: string][] = [
  ["missing.json", "point file"],
  ["dir", "is a directory"],
  ["pt-empty.json", "not valid JSON"],
  ["pt-bad.json", "not valid JSON"],
  ["pt-notheta.json", 'expected {"theta": [...]}'],
  ["pt-array.json", 'expected {"theta": [...]}'],
  ["pt-obj.json", 'expected {"theta": [...]}'],
  ["pt-str.json", 'theta[1] is "a", not a finite number'],
  ["pt-null.json", "theta[0] is null, not a finite number"],
  ["pt-nan.json", "not valid JSON"],
  ["pt-big.json", "theta[1] is Infinity, not a finite number"],
  ["pt-nested.json", "theta[0] is [0.1], not a finite number"],
  ["pt-long.json", "theta has 7 entries; this model needs p = 2"],
  ["pt-empty-theta.json", "theta has 0 entries; this model needs p = 2"],
  ["t3.json", "theta has 3 entries; this model needs p = 2"],
];
for (const [file, expect] of pointCases) {
  add([...S, "--point", `@${file}`], 2, expect);
  add(["run", "--model", "linear", "--data", "@ok.csv", ...ETA, "--theta0", `@${file}`], 2, expect);
}

// ---- seed, bench, paper, report, sweep.
for (const v of ["1", "1.5", "abc", "1e7", "-5", ""]) add(["seed", "--steps", v], 2, "--steps must be an integer in [2, 1000000]");
add(["seed", "--backend", "gpu"], 2, BACKEND("gpu"));
for (const v of ["4", "1.5", "abc", "1e6", "0"]) add(["bench", "--runs", v], 2, "--runs must be an integer in [5, 1000]");
add(["bench", "--backends", "simd,gpu"], 2, BACKEND("gpu", "--backends"));
add(["bench", "--only", "no-such-case"], 2, "no-such-case");
add(["paper", "--backend", "gpu"], 2, BACKEND("gpu"));
add(["paper", "--out", "@not-a-file.txt"], 1, "cannot create the output directory");
add(["paper", "--out", "@not-a-file.txt/sub"], 1, "is a file, not a directory");
add(["report", "--backend", "gpu"], 2, BACKEND("gpu"));
add(["report", "--out", "@not-a-file.txt"], 1, "cannot create the output directory");
add(["sharpening", "--backend", "gpu"], 2, BACKEND("gpu"));
add(["sharpening", "--model", "deep-linear-data", "--steps", "5", "--out", "@not-a-file.txt"], 1, "cannot create the output directory");
add(["sweep", "--from", "0.45", "--to", "0.4"], 2, "--to");
add(["sweep", "--count", "0"], 2, "--count");
add(["sweep", "--workers", "0"], 2, "--workers");
add(["sweep", "--depth", "1"], 2, "--depth");
add(["sweep", "--target", "0"], 2, "--target");
add(["sweep", "--from", "-0.1"], 2, "--from");
add(["sweep", "--backend", "gpu"], 2, BACKEND("gpu"));
add([...S, "--point", "@t2.json", "--backend", "gpu"], 2, BACKEND("gpu"));
add(["sweep", "--shard", "3/2", "--jsonl", "@s.jsonl"], 2, "--shard 3/2");
add(["sweep", "--jsonl", "@dir", "--count", "2", "--steps", "200"], 2, "dir");
add(["merge", "@missing.jsonl", "--out", "@m.jsonl"], 2, "missing.jsonl");
add(["merge", "@ok.csv", "--out", "@m.jsonl"], 2, "not a sweep record");

const resolve = (args: string[]): string[] => args.map((a) => (a.startsWith("@") ? join(dir, a.slice(1)) : a));

describe("bad-input table", () => {
  it("has at least 200 distinct cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(new Set(cases.map(([a]) => JSON.stringify(a))).size).toBe(cases.length);
  });

  it.each(cases.map(([args, exit, want], i) => ({ i, args, exit, want, label: args.join(" ").replaceAll(dir + "/", "") })))(
    "#$i eoslab $label → exit $exit",
    async ({ args, exit, want }) => {
      const r = await runCliOutcome(resolve(args));
      const msg = r.stderr.replaceAll(dir + "/", "");
      expect(r.stdout).toBe("");
      expect(msg).toMatch(/^eoslab: [^\n]+\n$/); // exactly one line
      expect(msg).not.toContain("internal error");
      expect(msg).not.toMatch(/^\s+at /m);
      expect(msg).toContain(want);
      expect(r.exitCode).toBe(exit);
    },
  );

  it("no command: the help on stderr, then one line saying a command is needed; exit 2 (and --help exits 0)", async () => {
    for (const args of [[], ["help", "nope"]]) {
      const r = await runCliOutcome(args);
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe("");
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines[0]).toMatch(/^Usage: eoslab/);
      expect(lines[lines.length - 1]).toBe("eoslab: no command given: use eoslab <command> [options], one of the commands listed above");
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
    const h = await runCliOutcome(["run", "--help"]);
    expect(h.exitCode).toBe(0);
    expect(h.stdout).toMatch(/^Usage: eoslab run/);
  });

  it("--debug adds the stack (in-process)", async () => {
    const r = await runCliOutcome(["--debug", "run", "--eta", "-1"]);
    expect(r.exitCode).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe('eoslab: --eta must be a finite number > 0, got "-1"');
    expect(lines.slice(1).some((l) => /^\s+at /.test(l))).toBe(true);
  });
});

describe("options that only some models take", () => {
  const restricted = RUN_OPTIONS.filter((o) => o.models !== undefined).map(longFlag);

  it("every command with --backend has a row, all with the same message", () => {
    const withBackend = buildProgram().commands.filter((c) => c.options.some((o) => o.long === "--backend")).map((c) => c.name());
    expect(withBackend.length).toBeGreaterThanOrEqual(6);
    for (const name of withBackend) {
      expect(cases.some(([args, , want]) => args[0] === name && args.includes("--backend") && want === BACKEND("gpu")), name).toBe(true);
    }
  });

  it("every restricted option of eoslab run has a hand-written row in the bad-input table", () => {
    // The run table restricts at least these (a guard against an empty filter making the loop below vacuous).
    expect(restricted).toEqual(expect.arrayContaining(["--depth", "--target", "--init", "--tail", "--data", "--X", "--y", "--hidden", "--theta0", "--init-seed", "--init-scale", "--sharpness-every", "--coord-every"]));
    for (const flag of restricted) {
      const rows = INAPPLICABLE_OPTION_CASES.filter(([args, want]) => args[0] === "run" && args.includes(flag) && want.startsWith(flag));
      expect(rows.length, `no row for ${flag} in test/cli/bad-input-fixtures.ts`).toBeGreaterThan(0);
    }
  });

  it("eoslab run --help names the models next to each restricted option", async () => {
    const h = await runCliOutcome(["run", "--help"]);
    // One entry per option: its first line starts "  --", wrapped lines are joined back.
    const entries = new Map<string, string>();
    let last = "";
    for (const line of h.stdout.split("\n")) {
      const m = /^ {2}(--[\w-]+)/.exec(line);
      if (m) entries.set((last = m[1]), line.trim());
      else if (last && /^\s{3,}\S/.test(line)) entries.set(last, entries.get(last) + " " + line.trim());
      else last = "";
    }
    expect(entries.get("--hidden")).toMatch(/hidden width h \[--model two-layer\|tanh-mlp only\]$/);
    expect(entries.get("--data")).toMatch(/\[--model diagonal\|two-layer\|linear\|deep-linear-data\|tanh-mlp only\]$/);
    expect(entries.get("--tail")).toMatch(/\[--model deep-scalar\|scalar\|deep-linear\|tanh-chain only\] \(default: "64"\)$/);
    // Options every model takes carry no such note.
    for (const flag of ["--eta", "--eta-frac", "--steps", "--record-every", "--backend", "--json"]) expect(entries.get(flag), flag).not.toContain("[--model");
    for (const flag of restricted) expect(entries.get(flag), flag).toMatch(/\[--model [a-z|-]+ only\]/);
  });

  it("options every model takes still run on both kinds", async () => {
    // --eta, --steps, --record-every, --json on a data model and on deep scalar: no refusal.
    const data = await runCliOutcome(["run", "--model", "linear", "--data", join(dir, "ok.csv"), "--eta", "0.1", "--steps", "20", "--record-every", "1", "--json", "--quiet"]);
    expect(data.exitCode, data.stderr).toBe(0);
    const scalar = await runCliOutcome(["run", "--eta", "0.1", "--steps", "20", "--record-every", "1", "--target", "2", "--tail", "4", "--json", "--quiet"]);
    expect(scalar.exitCode, scalar.stderr).toBe(0);
    expect(JSON.parse(scalar.stdout).target).toBe(2);
  });
});

describe("formatError", () => {
  it("eoslab's errors: one line, their exit code; the stack only with debug", () => {
    expect(formatError(new InvalidArgumentError("bad"), false)).toEqual({ text: "eoslab: bad\n", exitCode: 2 });
    expect(formatError(new DataFormatError("worse"), false).exitCode).toBe(2);
    expect(formatError(new FileWriteError("cannot write"), false).exitCode).toBe(1);
    expect(formatError(new ModelCallbackError("grad", "model callback grad threw"), false).exitCode).toBe(1);
    // A message with newlines (e.g. from a user callback or a library) is folded to one line.
    expect(formatError(new InvalidArgumentError("line one\n  line two"), false).text).toBe("eoslab: line one line two\n");
    const d = formatError(new InvalidArgumentError("bad"), true).text.split("\n");
    expect(d[0]).toBe("eoslab: bad");
    expect(d.slice(1).some((l) => /^\s+at /.test(l))).toBe(true);
  });
  it("anything else is a bug: said so, exit 1, no stack without debug", () => {
    const r = formatError(new TypeError("x is undefined"), false);
    expect(r.exitCode).toBe(1);
    expect(r.text).toBe("eoslab: internal error: x is undefined (rerun with --debug for the stack, and please report it)\n");
    expect(formatError("a string", false).text).toContain("internal error: a string");
  });
});

// The real CLI, spawned: exit codes and stderr end to end (needs `npm run build:ts`; npm test builds first).
const cli = join(process.cwd(), "dist/cli/index.js");
describe.runIf(existsSync(cli))("bad input through the built CLI", () => {
  const spawnCases: Case[] = [
    [["frobnicate"], 2, "unknown command 'frobnicate'"],
    [["run", "--eta", "-1"], 2, "--eta must be a finite number > 0"],
    [["sharpness", "--model", "linear", "--data", "@missing.csv", "--point", "@t2.json"], 2, "does not exist"],
    [["run", "--model", "linear", "--X", "@X-be.npy", "--y", "@y.npy", "--eta", "0.1"], 2, "dtype '>f8' is not supported"],
    [["paper", "--out", "@not-a-file.txt"], 1, "cannot create the output directory"],
  ];
  it.each(spawnCases.map(([args, exit, want]) => ({ args, exit, want, label: args.join(" ") })))("eoslab $label → exit $exit", ({ args, exit, want }) => {
    const r = spawnSync(process.execPath, [cli, ...resolve(args)], { encoding: "utf8", timeout: 20_000 });
    expect(r.status).toBe(exit);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^eoslab: [^\n]+\n$/);
    expect(r.stderr).toContain(want);
  });

  it("--debug prints the stack after the one line", () => {
    const r = spawnSync(process.execPath, [cli, "--debug", "run", "--eta", "-1"], { encoding: "utf8", timeout: 20_000 });
    expect(r.status).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines[0]).toContain("eoslab: --eta must be a finite number > 0");
    expect(lines.slice(1).some((l) => /^\s+at /.test(l))).toBe(true);
  });
});
