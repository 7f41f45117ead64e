import type { Command } from "commander";
import { InvalidArgumentError } from "../../errors.js";
import { init } from "../../init.js";
import { sharpeningData, sharpeningExperiment, sharpeningFigureSvg, SHARPENING_SAMPLES } from "../../experiments/sharpening.js";
import { stringifySafe } from "../../series/json-safe.js";
import type { CommandRegistrar } from "../program.js";
import { info } from "../log.js";
import { intFlag, listFlag, numberFlag } from "../parse-numbers.js";
import { ensureOutDir, writeOut } from "../../node/write-out.js";
import { backendFlag, backendOption } from "../options/backend.js";
import { addOptions, checkOptionsApply, modelList, optionGiven, type OptionSpec, type RunModel } from "../options/model-options.js";
import { modelSpec } from "../options/data-options.js";
import { formatSharpening, SHARPENING_DEFAULTS, sharpeningJson } from "../reports/sharpening-report.js";

const MODELS = ["tanh-mlp", "deep-linear-data"] as const satisfies readonly RunModel[];

interface SharpeningCliOptions {
  model: string; hidden?: string; layers?: string; widths?: string; eta?: string; steps?: string; every?: string;
  samples: string; dataSeed: string; initSeed: string; initScale?: string; out?: string; json?: boolean; backend?: string;
}

const OPTIONS: readonly OptionSpec[] = [
  { flags: "--model <name>", description: `the network on data: ${modelList(MODELS)}`, default: "tanh-mlp" },
  { flags: "--hidden <h>", description: "hidden width h (default 16)", models: ["tanh-mlp"] },
  { flags: "--layers <k>", description: "hidden layers, 1 or 2 (default 1)", models: ["tanh-mlp"] },
  { flags: "--widths <4,…,1>", description: "layer widths, starting with d = 4 and ending with 1 (default 4,16,16,1)", models: ["deep-linear-data"] },
  { flags: "--eta <list>", description: "comma-separated learning rates (default tanh-mlp 0.001,0.0015,0.002; deep-linear-data 0.0015,0.0021,0.003)" },
  { flags: "--steps <N>", description: "GD steps per η (default tanh-mlp 1500, deep-linear-data 1000)" },
  { flags: "--every <k>", description: "measure λ every k steps by Lanczos warm-started at the previous top eigenvector (default tanh-mlp 25, deep-linear-data 10)" },
  { flags: "--samples <n>", description: "samples of the sharpening data (x ~ N(0, I₄), y = x₁ − x₂ + sin(2x₃) + x₃x₄)", default: String(SHARPENING_SAMPLES) },
  { flags: "--data-seed <s>", description: "seed of the data (numpy RandomState: X = randn(n, 4))", default: "0" },
  { flags: "--init-seed <s>", description: "seed of θ₀ (RandomState(s).randn(p), LeCun-scaled per layer, biases 0)", default: "0" },
  { flags: "--init-scale <c>", description: "factor on the LeCun start (default tanh-mlp 1, deep-linear-data 0.1)" },
  { flags: "--out <dir>", description: "write the figure (loss and λ against the step, 2/η dashed) as sharpening-<model>.svg in this directory" },
];

/** `eoslab sharpening`: progressive sharpening and the edge of stability (Cohen et al. 2021) on a network on data. */
export const registerSharpening: CommandRegistrar = (program: Command) => {
  const cmd = program
    .command("sharpening")
    .description("progressive sharpening and the edge of stability (Cohen et al. 2021): full-batch GD on a tanh MLP or a deep linear network on eoslab's sharpening data at several η, λ every k steps; per η the first step with λ ≥ 0.9·2/η, ηλ/2 after it and the fraction of steps on which the loss went up (empirical)");
  addOptions(cmd, OPTIONS, MODELS)
    .addOption(backendOption())
    .option("--json", 'print one JSON object {"model","lambda0","rows":[{"eta","reachStep","afterReach","lossUpFraction",…}],"figure"} on stdout');
  cmd.action(async (o: SharpeningCliOptions) => {
    if (!(MODELS as readonly string[]).includes(o.model)) throw new InvalidArgumentError(`unknown --model "${o.model}"; use ${modelList(MODELS)}`);
    const model = o.model as (typeof MODELS)[number];
    checkOptionsApply(cmd, OPTIONS, { model, given: optionGiven(cmd, "--model") });
    const c = SHARPENING_DEFAULTS[model];
    const backend = backendFlag(o.backend);
    const samples = intFlag("--samples", o.samples, 1, 100_000);
    const dataSeed = intFlag("--data-seed", o.dataSeed, 0, 2 ** 32 - 1);
    const initSeed = intFlag("--init-seed", o.initSeed, 0, 2 ** 32 - 1);
    const steps = o.steps === undefined ? c.steps : intFlag("--steps", o.steps, 1, 1_000_000);
    const every = o.every === undefined ? c.every : intFlag("--every", o.every, 1, 1_000_000);
    const initScale = o.initScale === undefined ? c.initScale : numberFlag("--init-scale", o.initScale, (x) => x > 0, "a finite number > 0");
    const etas = o.eta === undefined ? [...c.etas] : listFlag("--eta", o.eta);
    etas.forEach((e, i) => {
      if (!(e > 0)) throw new InvalidArgumentError(`--eta: entry ${i + 1} (${e}) must be a finite number > 0`);
    });
    // The network flags are read as `eoslab run` and `eoslab sharpness` read them, on the sharpening data (d = 4),
    // with this command's default network when a flag is not given.
    const spec = modelSpec({
      model, layers: o.layers,
      hidden: o.hidden ?? String(SHARPENING_DEFAULTS["tanh-mlp"].spec.h),
      widths: o.widths ?? SHARPENING_DEFAULTS["deep-linear-data"].spec.widths.join(","),
    }, { n: samples, d: 4 });
    if (o.out !== undefined) ensureOutDir(o.out);
    const engine = await init({ backend });
    const t0 = performance.now();
    const r = sharpeningExperiment({ spec, data: sharpeningData({ n: samples, seed: dataSeed }), etas, steps, every, initSeed, initScale, engine });
    const elapsedMs = performance.now() - t0;
    info(`sharpening: ${(elapsedMs / 1000).toFixed(2)} s for ${etas.length} runs (GD and Lanczos in plain JS)`);
    let figure: string | null = null;
    if (o.out !== undefined) {
      figure = writeOut(o.out, `sharpening-${model}.svg`, sharpeningFigureSvg(r));
      info(`wrote ${figure}`);
    }
    if (o.json) process.stdout.write(stringifySafe({ ...sharpeningJson(r, figure, elapsedMs), dataSeed, steps, backend: engine.kind }) + "\n");
    else process.stdout.write(formatSharpening(r, steps, dataSeed) + "\n");
  });
};
