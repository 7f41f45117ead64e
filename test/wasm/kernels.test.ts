// nrm2, axpy, scal, gemv, gemvT and the fused GD step against plain loops, at the kernel sizes and at odd element
// offsets, and bit-identical across the three backends (the checks live in kernel-checks.ts, shared with the debug
// build's test).
import { BACKENDS, engines } from "../engines.js";
import { kernelChecks } from "./kernel-checks.js";

const eng = engines();
kernelChecks("release backends", () => BACKENDS.map((b) => eng[b]));
