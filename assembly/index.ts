// Entry point of the wasm module: every export lives in its own file.
// Exported signatures use only i32/f64/usize, never v128, so the SIMD and
// scalar builds have the same interface (src/wasm/exports.ts declares it).
export { heapBase } from "./memory";
export { dot } from "./kernels/dot";
