import type { Command } from "commander";
import { InvalidArgumentError } from "../../errors.js";
import { CATAPULT_GRID, catapultFigureSvg, catapultSweep, type CatapultResult } from "../../experiments/catapult.js";
import { stringifySafe } from "../../series/json-safe.js";
import type { CommandRegistrar } from "../program.js";
import { info } from "../log.js";
import { intFlag, listFlag, numberFlag } from "../parse-numbers.js";
import { ensureOutDir, writeOut } from "../../node/write-out.js";

interface CatapultCliOptions {
  width: string;
  seed: string;
  samples: string;
  dim: string;
  steps: string;
  grid: string;
  refine: string;
  lambdaEvery: string;
  rise: string;
  out?: string;
  json?: boolean;
}

// Lanczos keeps up to 60 vectors of length p = m·(d + 1) while tracking λ: p ≤ 10⁶ keeps that under 0.5 GB.
const MAX_P = 1_000_000;

/** `eoslab catapult`: the catapult of Lewkowycz et al. (2020) on f(x) = vᵀUx/√m (docs/design.md §4). */
export const registerCatapult: CommandRegistrar = (program: Command) => {
  program
    .command("catapult")
    .description("the catapult (Lewkowycz et al. 2020): GD on the two-layer linear network f(x) = vᵀUx/√m at η = etaFrac·2/λ₀ over a grid; each run lazy, catapult or diverged, and the measured edges of the catapult window beside 2/λ₀ and 4/λ₀")
    .option("--width <m>", "hidden width m", "512")
    .option("--seed <s>", "seed of the data and θ₀ (RandomState: X = randn(n, d)/√d, y = randn(n), then U = randn(m, d), v = randn(m))", "0")
    .option("--samples <n>", "number of samples n", "8")
    .option("--dim <d>", "input dimension d", "16")
    .option("--steps <t>", "GD steps per run", "300")
    .option("--grid <list>", "comma-separated values of η·λ₀/2", CATAPULT_GRID.join(","))
    .option("--refine <k>", "bisection steps per edge of the window (0: grid brackets only)", "6")
    .option("--lambda-every <k>", "measure λ every k steps in the grid runs (warm-started Lanczos)", "2")
    .option("--rise <R>", "a run 'rose' when its peak loss exceeds R × its initial loss", "2")
    .option("--out <dir>", "write the figure (loss and λ over the steps, one run per outcome) as catapult.svg in this directory")
    .option("--json", 'print one JSON object {"lambda0","rows":[{"etaFrac","outcome","peakLossRatio","lambdaFinal","stepBelow",…}],"edges":{"catapultFrom","divergeFrom",…}} on stdout')
    .action((o: CatapultCliOptions) => {
      const width = intFlag("--width", o.width, 1, 10_000_000);
      const seed = intFlag("--seed", o.seed, 0, 0xffffffff);
      const samples = intFlag("--samples", o.samples, 1, 100_000);
      const dim = intFlag("--dim", o.dim, 1, 100_000);
      const steps = intFlag("--steps", o.steps, 1, 1_000_000);
      const refine = intFlag("--refine", o.refine, 0, 30);
      const lambdaEvery = intFlag("--lambda-every", o.lambdaEvery, 0, 1_000_000);
      const rise = numberFlag("--rise", o.rise, (x) => x >= 1, "a number ≥ 1");
      const grid = listFlag("--grid", o.grid);
      grid.forEach((g, i) => {
        if (!(g > 0 && g <= 100)) throw new InvalidArgumentError(`--grid: entry ${i + 1} (${g}) must be in (0, 100]: η·λ₀/2 values`);
      });
      const p = width * (dim + 1);
      if (p > MAX_P) throw new InvalidArgumentError(`--width ${width} with --dim ${dim} gives p = m·(d + 1) = ${p} parameters, over the ${MAX_P} this command tracks with Lanczos: lower --width or --dim`);
      if (o.out !== undefined) ensureOutDir(o.out);
      const r = catapultSweep({ width, seed, samples, dim, steps, grid, refine, lambdaEvery, rise });
      info(`catapult: ${(r.elapsedMs / 1000).toFixed(2)} s for ${r.rows.length} grid runs and the edge bisection (plain JS)`);
      let figure: string | null = null;
      if (o.out !== undefined) {
        figure = writeOut(o.out, "catapult.svg", catapultFigureSvg(r));
        info(`wrote ${figure}`);
      }
      if (o.json) {
        process.stdout.write(stringifySafe(catapultJson(r, figure)) + "\n");
        return;
      }
      process.stdout.write(formatCatapult(r) + "\n");
    });
};

/** The JSON of `eoslab catapult --json` (the figure runs' series are left out; the figure has them). */
export function catapultJson(r: CatapultResult, figure: string | null): Record<string, unknown> {
  return {
    lambda0: r.lambda0,
    loss0: r.loss0,
    width: r.width, seed: r.seed, samples: r.samples, dim: r.dim, steps: r.steps,
    lossConvention: "mean: (1/2n)·‖F − y‖²",
    rows: r.rows.map((w) => ({
      etaFrac: w.etaFrac, outcome: w.outcome, peakLossRatio: w.peakLossRatio, lambdaFinal: w.lambdaFinal, stepBelow: w.stepBelow,
      eta: w.eta, etaLambdaFinal: w.etaLambdaFinal, finalLossRatio: w.finalLossRatio, detail: w.detail, stepsDone: w.stepsDone,
    })),
    edges: {
      catapultFrom: r.edges.catapultFrom, divergeFrom: r.edges.divergeFrom,
      catapult: r.edges.catapult, diverge: r.edges.diverge,
      units: "η·λ₀/2 (catapultFrom predicted 1, divergeFrom about 2); .catapult.eta and .diverge.eta as learning rates",
    },
    predicted: r.predicted,
    elapsedMs: r.elapsedMs,
    figure,
  };
}

function formatCatapult(r: CatapultResult): string {
  const f = (x: number | null, k = 4) => (x === null || !Number.isFinite(x) ? "-" : x.toPrecision(k));
  const lines = [
    `f(x) = vᵀUx/√m, m = ${r.width}, n = ${r.samples}, d = ${r.dim}, seed ${r.seed}; loss (1/2n)‖F − y‖²; ${r.steps} steps per run`,
    `λ₀ = ${r.lambda0.toPrecision(6)}   2/λ₀ = ${r.predicted.twoOverLambda0.toPrecision(6)}   4/λ₀ = ${r.predicted.fourOverLambda0.toPrecision(6)}   ℓ₀ = ${r.loss0.toPrecision(4)}`,
    "",
    "ηλ₀/2  η         outcome   peak ℓ/ℓ₀   λ_final    ηλ_final  first λ<2/η  why",
  ];
  for (const w of r.rows) {
    lines.push(`${String(w.etaFrac).padEnd(6)} ${f(w.eta).padEnd(9)} ${w.outcome.padEnd(9)} ${f(w.peakLossRatio).padEnd(11)} ${f(w.lambdaFinal).padEnd(10)} ${f(w.etaLambdaFinal).padEnd(9)} ${(w.stepBelow === null ? "never" : `step ${w.stepBelow}`).padEnd(12)} ${w.detail}`);
  }
  const e = (x: CatapultResult["edges"]["catapult"], predicted: number, name: string, predictedFrac: string) => x
    ? `${name}: ηλ₀/2 in [${x.lo.toPrecision(4)}, ${x.hi.toPrecision(4)}] (midpoint ${x.at.toPrecision(4)}, η = ${x.eta.toPrecision(4)}); predicted ηλ₀/2 = ${predictedFrac}, η = ${predicted.toPrecision(4)}`
    : `${name}: no such change on the grid; predicted ηλ₀/2 = ${predictedFrac}, η = ${predicted.toPrecision(4)}`;
  lines.push("", e(r.edges.catapult, r.predicted.twoOverLambda0, "catapult from", "1"), e(r.edges.diverge, r.predicted.fourOverLambda0, "diverges from", "about 2"));
  return lines.join("\n");
}
