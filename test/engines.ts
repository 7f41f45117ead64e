// The three backends, loaded once per test file, for tests that compare them.
import { initSync, type Engine } from "../src/index.js";
import type { BackendKind } from "../src/wasm/exports.js";

export const BACKENDS: BackendKind[] = ["simd", "wasm", "js"];

export function engines(): Record<BackendKind, Engine> {
  return { simd: initSync({ backend: "simd" }), wasm: initSync({ backend: "wasm" }), js: initSync({ backend: "js" }) };
}

/** Deterministic pseudo-random values in [-1, 1) (a tiny LCG; not numpy's stream). */
export function randomArray(n: number, seed = 1): Float64Array {
  const a = new Float64Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 31 - 1;
  }
  return a;
}

/** Sizes every kernel is tested at: empty, tiny, around the 8-wide unroll, and large. */
export const SIZES = [0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 33, 1000, 1001];

/**
 * A js-backend engine whose deepScalarLanes entry records, per call, how many trajectories it was given: proof
 * that a path really used the lanes (the wasm engines' exports are read-only, the JS twin's are not).
 */
export function countingLanesEngine(): { engine: Engine; calls: number[] } {
  const engine = initSync({ backend: "js" });
  const calls: number[] = [];
  const kernel = engine.exports.deepScalarLanes;
  (engine.exports as { deepScalarLanes: typeof kernel }).deepScalarLanes = (...args: Parameters<typeof kernel>) => {
    calls.push(args[2]);
    return kernel(...args);
  };
  return { engine, calls };
}
