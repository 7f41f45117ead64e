// Each wasm entry point states how much wasm memory (in f64 values) it takes
// from the arena, in a `…Workspace` function next to the code that allocates
// it, so that a problem too large for wasm32 (4 GiB) is refused with a
// WasmMemoryError before anything is allocated (docs/design.md §3). Each count
// is the exact sum of the entry point's allocations (16-byte alignment adds at
// most 8 bytes per buffer on top; Arena.require allows for it). A count is NaN
// when a size is not a valid integer yet: the entry point's own validation
// reports that.

/** Whether every size is a non-negative safe integer (otherwise a workspace formula returns NaN). */
export function sizesOk(...xs: number[]): boolean {
  return xs.every((x) => Number.isSafeInteger(x) && x >= 0);
}
