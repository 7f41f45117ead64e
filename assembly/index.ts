// Entry point of the wasm module: every export lives in its own file.
// Exported signatures use only i32/f64/usize, never v128, so the SIMD and
// scalar builds have the same interface (src/wasm/exports.ts declares it).
export { heapBase } from "./memory";
export { dot } from "./kernels/dot";
export { nrm2 } from "./kernels/nrm2";
export { axpy } from "./kernels/axpy";
export { scal } from "./kernels/scal";
export { gemv } from "./kernels/gemv";
export { gemvT } from "./kernels/gemv-t";
export { gdStepLinear } from "./kernels/gd-step-linear";
export { gdLinearRun } from "./trajectory/gd-linear";
export { gramXXt } from "./kernels/gram";
export { jacobiSvd } from "./linalg/jacobi-svd";
export { powerGram } from "./linalg/power-iteration";
export { lanczosGramStep } from "./linalg/lanczos";
export { dataGdRun } from "./trajectory/data-gd";
export { linearResidualRun } from "./trajectory/data-linear-residual";
export { symEigJacobi } from "./linalg/sym-eig";
export { deepScalarProject, deepScalarHessianTop } from "./models/deep-scalar";
export { deepScalarRun } from "./trajectory/deep-scalar-run";
export { deepScalarLanes } from "./trajectory/deep-scalar-lanes";
export { deepLinearGrad, deepLinearHvp, deepLinearRun } from "./models/deep-linear";
