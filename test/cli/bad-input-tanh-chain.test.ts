// Bad input for `eoslab run --model tanh-chain` (docs/design.md §1, §6): junk gives exactly one "eoslab: …" line
// naming the option, exit code 2 and nothing on stdout (in-process through the real parser); and one good run's JSON
// carries the general search's tolerance reached.
import { describe, expect, it } from "vitest";
import { runCliOutcome, usageErrorRows } from "./bad-input-harness.js";

const TC = ["run", "--model", "tanh-chain", "--eta", "0.1", "--steps", "10"];
const rows: [string, string[], RegExp][] = [
  ["--input 0", [...TC, "--input", "0"], /--input must be one finite non-zero number for --model tanh-chain/],
  ["--input a list", [...TC, "--input", "1,2"], /--input must be one finite non-zero number for --model tanh-chain/],
  ["--input abc", [...TC, "--input", "abc"], /--input must be one finite non-zero number/],
  ["--depth 1", [...TC, "--depth", "1"], /--depth must be an integer in \[2, 4096\]/],
  ["--target 0", [...TC, "--target", "0"], /--target must be a finite non-zero number \(y = 0 is not a regular value of f\)/],
  ["--init of the wrong length", [...TC, "--init", "1,2"], /--init has 2 entries, depth is 3/],
  ["--widths", [...TC, "--widths", "1,2,1"], /--widths applies to --model deep-linear|deep-linear-data only; got --model tanh-chain/],
  ["--init-seed", [...TC, "--init-seed", "3"], /--init-seed applies to --model deep-linear\|.* only; got --model tanh-chain/],
  ["--hidden", [...TC, "--hidden", "3"], /--hidden applies to --model two-layer|tanh-mlp only; got --model tanh-chain/],
];

describe("bad input: eoslab run --model tanh-chain", () => {
  usageErrorRows(rows);

  it("a good run prints λ* as empirical with the search's tolerance reached", async () => {
    const r = await runCliOutcome(["run", "--model", "tanh-chain", "--depth", "3", "--input", "1", "--target", "0.5", "--eta-frac", "0.98", "--steps", "2000", "--json"]);
    expect(r.exitCode).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.lambdaStarSource).toBe("empirical");
    expect(o.flattestSearch.converged).toBe(true);
    expect(o.flattestSearch.gradNorm).toBeLessThanOrEqual(o.flattestSearch.tol * Math.max(1, o.lambdaStar));
    expect(o.flattestSearch.iterations).toBeGreaterThan(0);
    expect([o.depth, o.input, o.target]).toEqual([3, 1, 0.5]);
    expect(o.regime.predicted).toBe("subcritical");
  }, 60_000);
});
