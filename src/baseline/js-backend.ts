import type { Backend, CoreExports } from "../wasm/exports.js";
import { JsMemory } from "./js-memory.js";
import { dot } from "./dot.js";
import { nrm2 } from "./nrm2.js";
import { axpy } from "./axpy.js";
import { scal } from "./scal.js";
import { gemv } from "./gemv.js";
import { gemvT } from "./gemv-t.js";
import { gdStepLinear } from "./gd-step-linear.js";
import { gdLinearRun } from "./gd-linear.js";
import { gramXXt } from "./gram.js";
import { jacobiSvd } from "./jacobi-svd.js";
import { powerGram } from "./power-iteration.js";
import { lanczosGramStep } from "./lanczos.js";
import { dataGdRun } from "./data-gd.js";
import { linearResidualRun } from "./data-linear-residual.js";
import { symEigJacobi } from "./sym-eig.js";
import { deepScalarProject, deepScalarHessianTopInto } from "./deep-scalar.js";
import { deepScalarRun } from "./deep-scalar-run.js";
import { deepScalarLanes } from "./deep-scalar-lanes.js";
import { deepLinearGrad, deepLinearHvp, deepLinearRun } from "./deep-linear.js";

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
    nrm2: (n, x) => nrm2(n, heap(), x >>> 3),
    axpy: (n, a, x, y) => { const h = heap(); axpy(n, a, h, x >>> 3, h, y >>> 3); },
    scal: (n, a, x) => scal(n, a, heap(), x >>> 3),
    gemv: (m, n, alpha, a, x, beta, y) => { const h = heap(); gemv(m, n, alpha, h, a >>> 3, h, x >>> 3, beta, h, y >>> 3); },
    gemvT: (m, n, alpha, a, x, beta, y) => { const h = heap(); gemvT(m, n, alpha, h, a >>> 3, h, x >>> 3, beta, h, y >>> 3); },
    gdStepLinear: (n, d, eta, x, y, theta, r) => {
      const h = heap();
      return gdStepLinear(n, d, eta, h, x >>> 3, h, y >>> 3, h, theta >>> 3, h, r >>> 3);
    },
    gdLinearRun: (n, d, eta, x, y, theta, spare, r, steps, every, recStep, recLoss, summary, spare2, block) =>
      gdLinearRun(heap(), n, d, eta, x >>> 3, y >>> 3, theta >>> 3, spare >>> 3, r >>> 3, steps, every, recStep >>> 3, recLoss >>> 3, summary >>> 3,
        (spare2 ?? 0) >>> 3, block ?? 0),
    gramXXt: (n, d, x, gram, block) => gramXXt(heap(), n, d, x >>> 3, gram >>> 3, block),
    jacobiSvd: (k, len, w, tol, maxSweeps, sigma, info) => jacobiSvd(heap(), k, len, w >>> 3, tol, maxSweeps, sigma >>> 3, info >>> 3),
    powerGram: (n, d, x, v, w, u, tmp, maxIter, tol, out) =>
      powerGram(heap(), n, d, x >>> 3, v >>> 3, w >>> 3, u >>> 3, tmp >>> 3, maxIter, tol, out >>> 3),
    lanczosGramStep: (n, d, x, vs, j, w, tmp, out) => lanczosGramStep(heap(), n, d, x >>> 3, vs >>> 3, j, w >>> 3, tmp >>> 3, out >>> 3),
    dataGdRun: (model, n, d, h, eta, x, y, theta, spare, work, steps, every, recStep, recLoss, summary) =>
      dataGdRun(heap(), model, n, d, h, eta, x >>> 3, y >>> 3, theta >>> 3, spare >>> 3, work >>> 3, steps, every, recStep >>> 3, recLoss >>> 3, summary >>> 3),
    linearResidualRun: (n, d, eta, x, y, gram, theta, work, steps, every, recStep, recLoss, summary) =>
      linearResidualRun(heap(), n, d, eta, x >>> 3, y >>> 3, gram >>> 3, theta >>> 3, work >>> 3, steps, every, recStep >>> 3, recLoss >>> 3, summary >>> 3),
    symEigJacobi: (n, a, d, maxSweeps) => symEigJacobi(heap(), n, a >>> 3, d >>> 3, maxSweeps),
    deepScalarProject: (p, y, cStar, theta, out, work) => deepScalarProject(heap(), p, y, cStar, theta >>> 3, out >>> 3, work >>> 3),
    deepScalarHessianTop: (p, y, theta, work) => deepScalarHessianTopInto(heap(), p, y, theta >>> 3, work >>> 3),
    deepScalarRun: (p, y, eta, cStar, theta, work, steps, startStep, recSteps, nRec, rec, recTheta, recPar, par, summary, lambdaAt) =>
      deepScalarRun(heap(), p, y, eta, cStar, theta >>> 3, work >>> 3, steps, startStep, recSteps >>> 3, nRec, rec >>> 3,
        recTheta === 0 ? -1 : recTheta >>> 3, recPar === 0 ? -1 : recPar >>> 3, par >>> 3, summary >>> 3, lambdaAt | 0),
    deepScalarLanes: (p, y, count, etas, thetas, steps, work, out) =>
      deepScalarLanes(heap(), p, y, count, etas >>> 3, thetas >>> 3, steps, work >>> 3, out >>> 3),
    deepLinearGrad: (L, dims, x, theta, work, grad) => deepLinearGrad(heap(), L, dims >>> 3, x >>> 3, theta >>> 3, work >>> 3, grad === 0 ? -1 : grad >>> 3),
    deepLinearHvp: (L, dims, x, theta, v, work, out) => deepLinearHvp(heap(), L, dims >>> 3, x >>> 3, theta >>> 3, v >>> 3, work >>> 3, out >>> 3),
    deepLinearRun: (L, dims, x, y, eta, theta, work, steps, recSteps, nRec, recTheta, recLoss, summary) =>
      deepLinearRun(heap(), L, dims >>> 3, x >>> 3, y, eta, theta >>> 3, work >>> 3, steps, recSteps >>> 3, nRec, recTheta >>> 3, recLoss >>> 3, summary >>> 3),
  };
  return { kind: "js", memory, exports };
}
