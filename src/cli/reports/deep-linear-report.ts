// The report's deep linear section (`eoslab report`): the three regimes of the paper on the deep linear network with one
// input, run exactly as `eoslab run --model deep-linear` runs them (docs/design.md §1, "Deep linear networks with one
// input"). The section's layout is the shared three-regimes one.
import type { Engine } from "../../engine.js";
import { engineGeometry } from "../../codim1/geometry.js";
import { deepLinear, deepLinearFlattest, deepLinearInit } from "../../models/deep-linear.js";
import { runThreeRegimesToDir, type ThreeRegimesReport } from "./three-regimes-report.js";

/**
 * The settings of the section. init-scale 0.3, not the run command's 0.5: from this seed, 0.5 starts far from M and
 * every η near η_c diverges, so the three regimes would not show. The runs are those of
 * `eoslab run --model deep-linear --widths 3,4,4,1 --input 0.5,-1,2 --target 1 --init-seed 7 --init-scale 0.3
 * --eta-frac F --steps 100000` (default record plan and --tail 64).
 */
export const DEEP_LINEAR_REPORT = {
  widths: [3, 4, 4, 1], input: [0.5, -1, 2], target: 1, initSeed: 7, initScale: 0.3,
  etaFracs: [0.98, 1, 1.02], steps: 100_000, tail: 64,
} as const;

/** Runs the three regimes on the engine and writes deep-linear.svg to `outDir`. */
export function runDeepLinearToDir(engine: Engine, outDir: string): ThreeRegimesReport {
  const s = DEEP_LINEAR_REPORT;
  const model = deepLinear({ widths: s.widths, input: s.input, target: s.target });
  const theta0 = deepLinearInit({ widths: s.widths, seed: s.initSeed, scale: s.initScale });
  return runThreeRegimesToDir({
    model, geometry: engineGeometry(engine), theta0,
    lambdaStar: deepLinearFlattest(model).lambdaStar, lambdaSource: "closed form",
    etaFracs: s.etaFracs, steps: s.steps, tail: s.tail, file: "deep-linear.svg",
    title: "4. Deep linear network: the three regimes",
    figureTitle: `Deep linear network, widths ${s.widths.join(",")}, x = (${s.input.join(", ")}), y = ${s.target}`,
    figureNote: `θ₀ = ${s.initScale}·RandomState(${s.initSeed}).randn(${theta0.length}); learning rate η = 0.98, 1 and 1.02 × η_c = 2/λ*. λ(θ∥): sharpness at the projection onto M. Log step axis.`,
    intro: [`Deep linear network f = w₃W₂W₁x, widths ${s.widths.join(",")}, x = (${s.input.join(", ")}), y = ${s.target}, θ₀ = ${s.initScale}·RandomState(${s.initSeed}).randn(${theta0.length});`],
    reproduce: `eoslab run --model deep-linear --widths ${s.widths.join(",")} --input ${s.input.join(",")} --target ${s.target} --init-seed ${s.initSeed} --init-scale ${s.initScale} --eta-frac 1.02 --steps ${s.steps}`,
    summary: "The paper's three regimes on f(θ) = w₃W₂W₁x (a codimension-1 model with λ* in closed form): η = 0.98, 1 and 1.02 × η_c, predicted regime, rate, orbit and exponents beside the measured ones.",
    settings: { widths: s.widths, input: s.input, target: s.target, initSeed: s.initSeed, initScale: s.initScale },
  }, outDir);
}
