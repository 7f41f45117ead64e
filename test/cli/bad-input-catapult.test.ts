// Bad input for `eoslab catapult` (docs/design.md §6): every option's junk gives exactly one "eoslab: …" line naming
// the option, exit code 2 and nothing on stdout (in-process through the real parser, bad-input-harness.ts).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCliOutcome } from "./bad-input-harness.js";

const dir = mkdtempSync(join(tmpdir(), "eoslab-bad-catapult-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const aFile = join(dir, "a-file");
writeFileSync(aFile, "not a directory");

const rows: [string, string[], RegExp][] = [
  ["--width 0", ["--width", "0"], /--width must be an integer in \[1, /],
  ["--width abc", ["--width", "abc"], /--width must be an integer/],
  ["--width too large for Lanczos", ["--width", "1000000"], /p = m·\(d \+ 1\) = 17000000 parameters, over the 1000000/],
  ["--seed -1", ["--seed", "-1"], /--seed must be an integer in \[0, 4294967295\]/],
  ["--seed 2^32", ["--seed", "4294967296"], /--seed must be an integer/],
  ["--samples 0", ["--samples", "0"], /--samples must be an integer in \[1, /],
  ["--dim 1.5", ["--dim", "1.5"], /--dim must be an integer/],
  ["--steps 0", ["--steps", "0"], /--steps must be an integer in \[1, /],
  ["--steps NaN", ["--steps", "NaN"], /--steps must be an integer/],
  ["--grid with an empty entry", ["--grid", "1,,2"], /--grid: entry 2 \(""\) is not a finite number/],
  ["--grid 0", ["--grid", "0.5,0"], /--grid: entry 2 \(0\) must be in \(0, 100\]/],
  ["--grid negative", ["--grid", "-1"], /--grid: entry 1 \(-1\) must be in \(0, 100\]/],
  ["--grid Infinity", ["--grid", "Infinity"], /--grid: entry 1 \("Infinity"\) is not a finite number/],
  ["--refine 99", ["--refine", "99"], /--refine must be an integer in \[0, 30\]/],
  ["--lambda-every -1", ["--lambda-every", "-1"], /--lambda-every must be an integer in \[0, /],
  ["--rise 0.5", ["--rise", "0.5"], /--rise must be a number ≥ 1/],
  ["--rise abc", ["--rise", "abc"], /--rise must be a number ≥ 1/],
  ["--out a file", ["--out", aFile, "--width", "4", "--steps", "2"], /a-file.* is a file, not a directory|not a directory/],
  ["an unknown option", ["--depth", "3"], /unknown option '--depth' \(see eoslab catapult --help\)/],
];

describe("bad input: eoslab catapult", () => {
  for (const [name, args, want] of rows) {
    it(name, async () => {
      const r = await runCliOutcome(["catapult", ...args]);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^eoslab: [^\n]+\n$/);
      expect(r.stderr).not.toContain("internal error");
      expect(r.stderr).toMatch(want);
      expect(r.exitCode).toBe(name === "--out a file" ? 1 : 2);
    });
  }
});
