// The JS arena (src/wasm/arena.ts) owns all memory above the static data.
// It needs to know where that is, and it grows memory itself.

/** First byte after AssemblyScript's static data; the arena starts here. */
export function heapBase(): usize {
  return __heap_base;
}
