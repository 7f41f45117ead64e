// Entry point of the threads build (asconfig target "threads": imported shared memory, SIMD and atomics, no relaxed
// SIMD): one large linear GD trajectory split between workers (src/wasm/threads.ts starts them).
export { heapBase } from "../memory";
export { gdLinearThreadsRun } from "./gd-linear-threads";
export { barrierAbort } from "./barrier";
