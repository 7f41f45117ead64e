// The data flags: where the data are (shared by `run` and `sharpness`) and how a data run starts and what it
// measures (`run` only). Declared here once; src/cli/options/run-options.ts and the sharpness command add them.
import type { Command } from "commander";
import { checkOptionsApply, DATA_MODELS, type OptionSpec, type RunModel } from "./model-options.js";

/** --data, or --X with --y, and the network shapes: every command that reads a data set takes these. */
export const DATA_SOURCE_OPTIONS: readonly OptionSpec[] = [
  { flags: "--data <file>", description: "data: JSON {\"X\": [[...]], \"y\": [...]}, or text with y in the last column, cells separated by commas or by spaces/tabs (numpy.savetxt)", models: DATA_MODELS },
  { flags: "--X <file>", description: "X as a .npy file ('<f8', C order, shape (n, d)); with --y", models: DATA_MODELS },
  { flags: "--y <file>", description: "y as a .npy file ('<f8', shape (n,)); with --X", models: DATA_MODELS },
  // The CSV header rule (src/dataset/parse-csv.ts) refuses an ambiguous first line; these settle it either way.
  { flags: "--header", description: "CSV: the first line is a header (default: a header iff none of its cells is a number)", models: DATA_MODELS },
  { flags: "--no-header", description: "CSV: the first line is data", models: DATA_MODELS },
  { flags: "--hidden <h>", description: "hidden width h", models: ["two-layer", "tanh-mlp"] },
  { flags: "--layers <k>", description: "hidden layers of width h, 1 or 2 (default 1)", models: ["tanh-mlp"] },
  { flags: "--widths <d0,…,1>", description: "layer widths d (the data's input dimension), d₁, …, d_{L−1}, then 1 (the scalar output); L ≥ 2", models: ["deep-linear-data"] },
];

// --init-seed and --init-scale only shape the random default start.
const FROM_THETA0 = { flag: "--theta0", why: "the run starts at the point in the --theta0 file, so no random start is drawn" };

/** The start and the measurements of a data run (`eoslab run --model diagonal|two-layer|linear|deep-linear-data|tanh-mlp`). */
export const DATA_RUN_OPTIONS: readonly OptionSpec[] = [
  {
    flags: "--theta0 <file>", description: "start point, JSON {\"theta\": [...]} or a 1-D '<f8' .npy file (default: N(0, init-scale²) entries)", models: DATA_MODELS,
    instead: "deep-scalar and scalar take --init a,b,…",
  },
  { flags: "--init-seed <s>", description: "seed of the default start (numpy RandomState)", default: "0", models: DATA_MODELS, notWith: FROM_THETA0 },
  { flags: "--init-scale <c>", description: "scale of the default start", default: "0.5", models: DATA_MODELS, notWith: FROM_THETA0 },
  { flags: "--sharpness-every <k>", description: "measure the sharpness (and, for n ≤ 300, the coordinates) every k steps", models: DATA_MODELS },
  { flags: "--coord-every <k>", description: "coordinates near M every k steps (default ⌈N/200⌉)", models: DATA_MODELS },
];

/**
 * For a command whose --model is required and is a data model (`sharpness`): refuses a data flag that model
 * does not take (--hidden without two-layer). An unknown --model is left to the command's own message.
 */
export function checkDataSourceOptions(cmd: Command, model: string): void {
  if ((DATA_MODELS as readonly string[]).includes(model)) checkOptionsApply(cmd, DATA_SOURCE_OPTIONS, { model: model as RunModel, given: true });
}
