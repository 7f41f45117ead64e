import type { Engine } from "../../engine.js";
import { PAPER_DEPTH, PAPER_FIGURES, PAPER_TARGET, paperExperiment } from "../../experiments/paper.js";
import { deepScalar } from "../../models/deep-scalar.js";
import { engineGeometry } from "../../codim1/geometry.js";
import { paperStarts } from "../../experiments/starts.js";
import type { BenchCase, BenchInstance } from "../types.js";

/**
 * The whole paper reproduction (`eoslab paper` without file output):
 * Figures 2–4, five starts each, 10⁵ + 10⁶ + 10⁵ steps per start, with
 * projections, fits, the Newton orbit and the Floquet multiplier. One run =
 * the 6·10⁶ GD steps of the 15 runs; seconds per reproduction =
 * stepsPerRun / stepsPerSec (goal: under 10 s).
 */
export const paperCase: BenchCase = {
  name: "paper",
  sizes: ["figures-2-4"],
  setup(engine: Engine): BenchInstance {
    const model = deepScalar({ depth: PAPER_DEPTH, target: PAPER_TARGET });
    const geo = engineGeometry(engine);
    const steps = PAPER_FIGURES.reduce((s, f) => s + f.steps, 0) * paperStarts().length;
    return {
      stepsPerRun: steps,
      flopsPerStep: 0,
      run(): number {
        const r = paperExperiment(model, geo);
        return r.figures.reduce((s, f) => s + f.runs.reduce((t, a) => t + a.final.distPar, 0), 0);
      },
      dispose(): void {},
    };
  },
};
