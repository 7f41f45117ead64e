// The JS arena (src/wasm/arena.ts) owns all memory above the static data.
// It needs to know where that is, and it grows memory itself.

/** First byte after AssemblyScript's static data; the arena starts here. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * Checks, in the debug build only (asconfig target debug-simd: noAssert false),
 * that n f64 values at byte pointer p form a valid range: n ≥ 0; p 8-byte
 * aligned (the JS twin addresses element p >>> 3, so a misaligned pointer would
 * make the backends disagree without any error); the range ends inside memory.
 * The release builds compile every assert out: their binaries are unchanged.
 */
// @ts-ignore: decorator
@inline export function assertF64Range(p: usize, n: i32): void {
  assert(n >= 0, "negative f64 count");
  assert((p & 7) == 0, "f64 pointer not 8-byte aligned");
  assert(p + (<usize>n << 3) <= (<usize>memory.size() << 16), "f64 range ends past the end of memory");
}
