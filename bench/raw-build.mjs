// What the A/B scripts that load a wasm build file directly share (ab-wasm.mjs, gd-linear-blocks.mjs, gram-ab.mjs):
// the build instantiated on its own memory, a bump allocator above its heap base, the bench cases' LCG to fill it
// (fill from src/bench/cases/gd-linear.ts, so X and y are the gd-linear case's), and the median. Needs
// `npm run build:ts` for dist/.
import fs from "node:fs";
import { fill as fillArray } from "../dist/bench/cases/gd-linear.js";

/** The build at `file`: its exports, `alloc(count)` of f64 slots (16-byte aligned, growing memory), `reset()`, `fill`. */
export async function loadBuild(file) {
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(file), { env: { abort() { throw new Error("abort"); } } });
  const ex = instance.exports;
  const base = (ex.heapBase() + 15) & ~15;
  let top = base;
  const f64 = () => new Float64Array(ex.memory.buffer);
  return {
    ex,
    f64,
    alloc(count) {
      const p = top;
      top += (count * 8 + 15) & ~15;
      const need = Math.ceil(top / 65536) - ex.memory.buffer.byteLength / 65536;
      if (need > 0) ex.memory.grow(need + 1);
      return p;
    },
    reset() {
      top = base;
    },
    /** `count` values of the bench cases' LCG from `seed`, at byte offset p. */
    fill(p, count, seed) {
      fillArray(f64(), p >>> 3, count, seed);
    },
  };
}

export const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s[s.length >> 1];
};
