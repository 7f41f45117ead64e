// Random several-output problems and starts on M at a chosen sharpness (the empirical runs of docs/design.md §4; starts off M, §3).
import type { Dataset } from "../dataset/dataset.js";
import type { Engine } from "../engine.js";
import { engineOr } from "../init.js";
import { InvalidArgumentError } from "../errors.js";
import { projectToDataManifold, type FlattestDataResult } from "./flattest-minimum.js";
import { DataOps } from "../models/data-ops.js";
import { dataModel, paramCount, type DataModelSpec } from "../models/data-model.js";
import { RandomState } from "../random/random-state.js";
import { argArray, argInt, argNumber, argObject } from "../check-args.js";
import { portableSin } from "../linalg/portable-math.js";

/**
 * Distance off M of the starts below: a run started exactly on M at an unstable minimum can stay there (docs/design.md §3).
 * @category Data-model runs
 */
export const DATA_START_OFFSET = 1e-3;

/**
 * A random problem from numpy's RandomState(seed), drawn in this order: X (n×d, entries N(0, 1/d)), y (n, N(0, 1)),
 * then θ₀ (p, N(0, 1)). The same seed gives the same numbers as numpy's legacy generator.
 * @example
 * const spec: DataModelSpec = { kind: "diagonal", n: 10, d: 20 };
 * const { data, theta0 } = randomDataProblem(spec, 42);
 * @category Data-model runs
 */
export function randomDataProblem(spec: DataModelSpec, seed: number): { data: Dataset; theta0: Float64Array } {
  argObject("randomDataProblem", "spec", spec); argInt("randomDataProblem", "seed", seed);
  const rs = new RandomState(seed);
  const X = rs.randn(spec.n * spec.d);
  const sd = Math.sqrt(spec.d);
  for (let i = 0; i < X.length; i++) X[i] /= sd; // X / np.sqrt(d), to the bit
  const data: Dataset = { X, y: rs.randn(spec.n), n: spec.n, d: spec.d };
  return { data, theta0: rs.randn(paramCount(spec)) };
}

/**
 * A start for a run at a chosen sharpness: the point of M on the retracted ray from θ∥* through `towards` where
 * λ(θ∥) = λ_max(JJᵀ) ≈ target (bisection on the ray parameter over [0, 1], or over a longer stretch of the ray
 * when λ at `towards` is still below target), moved by DATA_START_OFFSET·sin(i + 1) in coordinate i, off M.
 * When λ never reaches target on the ray, the result is the farthest point tried: check λ(θ∥₀) in the run.
 * @example
 * const f = flattestMinimumData(spec, data, theta0);
 * if (f.kind === "exact") theta0 = dataStartWithLambda(spec, data, f, theta0, 1.1 * f.lambdaStar);
 * @category Data-model runs
 */
export function dataStartWithLambda(spec: DataModelSpec, data: Dataset, flat: FlattestDataResult, towards: ArrayLike<number>, target: number, engine?: Engine): Float64Array {
  argObject("dataStartWithLambda", "spec", spec); argObject("dataStartWithLambda", "flat", flat); argArray("dataStartWithLambda", "towards", towards); argNumber("dataStartWithLambda", "target", target); argObject("dataStartWithLambda", "engine", engine, true);
  // From plain JavaScript a NoExactFit can arrive here: there is no M to place a start on (docs/design.md §4).
  if ((flat as { kind?: string }).kind === "no-exact-fit") throw new InvalidArgumentError("y cannot be fitted exactly, so there is no manifold of minima to start on; dataStartWithLambda needs a flattest minimum (kind \"exact\")");
  const eng = engineOr(engine);
  return eng.scoped(() => {
    const m = dataModel(spec, new DataOps(eng, data));
    const y = Float64Array.from(data.y);
    const at = (s: number) => projectToDataManifold(m, flat.theta.map((x, i) => x + s * (towards[i] - x)), y);
    let lo = 0, hi = 1;
    while (hi < 64 && at(hi).lambdaPar < target) hi *= 2;
    for (let it = 0; it < 50; it++) {
      const mid = (lo + hi) / 2;
      if (at(mid).lambdaPar < target) lo = mid;
      else hi = mid;
    }
    // portableSin: the same start in every engine. Its argument reduction covers |x| ≤ 1.6·10⁶, so coordinates past
    // 10⁶ (linear models with d up to 5·10⁶) repeat the offsets of the first 10⁶: still a generic direction.
    return at(lo).thetaPar.map((x, i) => x + DATA_START_OFFSET * portableSin((i % 1_000_000) + 1));
  });
}
