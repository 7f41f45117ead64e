// Entry point of the threads build (asconfig target "threads": imported shared memory, SIMD and atomics, no relaxed
// SIMD): one large linear GD trajectory, in parameter or residual space, split between workers
// (src/data/gd-linear-threads.ts starts them).
export { heapBase } from "../memory";
export { gdLinearThreadsRun } from "./gd-linear-threads";
export { linearResidualThreadsRun } from "./residual-threads";
// K = XXᵀ for a residual-space run, built by the calling thread right in the shared memory (the same bits as the
// main build's gramXXt: one source).
export { gramXXt } from "../kernels/gram";
export { barrierAbort } from "./barrier";
