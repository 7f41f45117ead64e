// Bad input for `eoslab sharpening`'s network flags (docs/design.md §4): they are read by the same reader as
// `eoslab run` and `eoslab sharpness` on data (the sharpening data has d = 4), so junk gives that reader's one line,
// exit code 2 and nothing on stdout.
import { describe } from "vitest";
import { usageErrorRows } from "./bad-input-harness.js";

const S = ["sharpening", "--steps", "5", "--samples", "10"];
const DL = [...S, "--model", "deep-linear-data"];

describe("bad input: eoslab sharpening", () => {
  usageErrorRows([
    ["--hidden 0", [...S, "--hidden", "0"], /tanh-mlp needs --hidden h, an integer in \[1, 4096\] \(got "0"\)/],
    ["--hidden 2.5", [...S, "--hidden", "2.5"], /tanh-mlp needs --hidden h, an integer in \[1, 4096\] \(got "2\.5"\)/],
    ["--hidden 5000", [...S, "--hidden", "5000"], /tanh-mlp needs --hidden h, an integer in \[1, 4096\]/],
    ["--layers 3", [...S, "--layers", "3"], /--layers must be 1 or 2 \(hidden layers of the tanh MLP\), got "3"/],
    ["--widths not starting with d = 4", [...DL, "--widths", "5,3,1"], /--widths must start with d = 4, the data's input dimension, got "5,3,1"/],
    ["--widths without a hidden width", [...DL, "--widths", "4,1"], /--widths needs d, at least one hidden width and the output 1/],
    ["--widths not ending with 1", [...DL, "--widths", "4,3,2"], /--widths must end with 1 \(the scalar output\), got "4,3,2"/],
    ["--widths with junk", [...DL, "--widths", "4,x,1"], /--widths must list integers in \[1, 4096\], got "4,x,1"/],
    ["--widths on tanh-mlp", [...S, "--model", "tanh-mlp", "--widths", "4,3,1"], /--widths applies to --model deep-linear-data only; got --model tanh-mlp/],
    ["--widths on the default model", [...S, "--widths", "4,3,1"], /--widths applies to --model deep-linear-data only; pass --model deep-linear-data/],
    ["--hidden on deep-linear-data", [...DL, "--hidden", "3"], /--hidden applies to --model tanh-mlp only; got --model deep-linear-data/],
  ]);
});
