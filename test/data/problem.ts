// A random data problem for the data-model tests: X with entries N(0, 1/d), y standard normal, from numpy's RandomState.
import type { Dataset } from "../../src/dataset/dataset.js";
import { RandomState } from "../../src/random/random-state.js";

export function problem(n: number, d: number, seed: number): Dataset {
  const rs = new RandomState(seed);
  const X = rs.randn(n * d);
  for (let i = 0; i < X.length; i++) X[i] /= Math.sqrt(d);
  return { X, y: rs.randn(n), n, d };
}
