// The explorer's one model with several outputs: the diagonal linear network
// F(θ) = X(u⊙v), θ = [u; v] (docs/design.md §4, docs/data-models.md), on a
// data set built into the explorer. Unlike the codimension-1 models it has
// no closed-form λ*: λ* is the library's flattestMinimumData, an EMPIRICAL
// number, with the convex-duality certificate interval the library gives
// for diagonal networks. Pure (no DOM): config.ts reads λ* from here on the
// main thread, the worker and the Node side of the browser test use the
// same rule, so all three see the same bits.
import { Engine } from "../engine.js";
import { createJsBackend } from "../baseline/js-backend.js";
import { datasetFromRows, type Dataset } from "../dataset/dataset.js";
import { flattestMinimumData, type FlattestDataResult } from "../data/flattest-minimum.js";
import type { DataModelSpec } from "../models/data-model.js";

/**
 * The built-in data set and start: the README's and docs/data-models.md's
 * example, X = I (3×3), y = (0.5, −1.5, 1), θ₀ = [u; v] = [1, 2, 0.6; 0.5,
 * −1, 2]. With X = I, JJᵀ = diag(u² + v²) on M, so λ* = 2·max|y| = 3: a
 * value a reader can check by hand against the empirical one.
 */
export const DIAGONAL_PRESET = {
  X: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  y: [0.5, -1.5, 1],
  theta0: [1, 2, 0.6, 0.5, -1, 2],
} as const;

/** The diagonal run's default length: it is one call (observeDataRun), not streamed in chunks, so it is kept short. */
export const DIAGONAL_STEPS = 20_000;

/** The preset as the library's Dataset and model spec (what `eoslab run --model diagonal --data` builds from a file). */
export function diagonalData(): { spec: DataModelSpec; data: Dataset } {
  const data = datasetFromRows(DIAGONAL_PRESET.X, DIAGONAL_PRESET.y, "the explorer's diagonal preset");
  return { spec: { kind: "diagonal", n: data.n, d: data.d }, data };
}

let flattest: FlattestDataResult | null = null;
/**
 * λ* of the preset: flattestMinimumData from the preset's start, on the pure-JS
 * backend. Why that backend: the main thread needs λ* (η_c = 2/λ*, the η/η_c
 * slider) before any run and cannot compile the wasm core synchronously; one
 * backend for every caller (page, worker, the test's Node side) keeps one λ*.
 * One search per page, for the preset's start whatever start a run uses, so
 * η_c does not move when the start is edited.
 */
export function diagonalFlattest(): FlattestDataResult {
  if (!flattest) {
    const { spec, data } = diagonalData();
    const r = flattestMinimumData(spec, data, DIAGONAL_PRESET.theta0, { engine: new Engine(createJsBackend()) });
    // The preset fits exactly (X = I): anything else is a broken build, not a user's mistake.
    if (r.kind !== "exact") throw new Error(`the diagonal preset has no exact fit: ${r.reason}`);
    flattest = r;
  }
  return flattest;
}
