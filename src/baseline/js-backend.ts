import type { Backend, CoreExports } from "../wasm/exports.js";
import { JsMemory } from "./js-memory.js";
import { dot } from "./dot.js";

/** Where the JS backend's arena starts; 16-byte aligned, like the wasm heap base. */
const JS_HEAP_BASE = 1024;

/**
 * The pure-JS backend: the kernels of src/baseline/ behind the same
 * pointer-based interface as the wasm module, over a JsMemory. It is the
 * benchmark baseline and the fallback where WebAssembly is missing.
 */
export function createJsBackend(): Backend {
  const memory = new JsMemory(2);
  let f64 = new Float64Array(memory.buffer);
  // Refresh the view when the memory has grown (its buffer was replaced).
  const heap = (): Float64Array => (f64.buffer === memory.buffer ? f64 : (f64 = new Float64Array(memory.buffer)));
  const exports: CoreExports = {
    heapBase: () => JS_HEAP_BASE,
    dot: (n, x, y) => { const h = heap(); return dot(n, h, x >>> 3, h, y >>> 3); },
  };
  return { kind: "js", memory, exports };
}
