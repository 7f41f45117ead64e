// The registered benchmark cases, in report order. Add a case by importing
// its BenchCase here (one line each); see BenchCase in ../types.ts.
import type { BenchCase } from "../types.js";
import { gdLinearCase } from "./gd-linear.js";
import { gdLinearResidualCase } from "./gd-linear-residual.js";
import { lanczosHessianCase } from "./lanczos-hessian.js";
import { deepScalarCase } from "./deep-scalar.js";
import { deepScalarLanesCase } from "./deep-scalar-lanes.js";
import { paperCase } from "./paper.js";
import { deepLinearCase } from "./deep-linear.js";

export const benchCases: BenchCase[] = [gdLinearCase, gdLinearResidualCase, lanczosHessianCase, deepScalarCase, deepScalarLanesCase, deepLinearCase, paperCase];
