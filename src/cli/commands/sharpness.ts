import type { Command } from "commander";
import { loadDataset } from "../../node/read-files.js";
import { InvalidArgumentError } from "../../errors.js";
import { initSync } from "../../init.js";
import { paramCount } from "../../models/data-model.js";
import { dataSharpness } from "../../data/sharpness.js";
import { dataExactFitIfCheap, noExactFitLine } from "../../data/exact-fit.js";
import type { CommandRegistrar } from "../program.js";
import { stringifySafe } from "../../series/json-safe.js";
import { intFlag } from "../parse-numbers.js";
import { backendFlag, backendOption } from "../options/backend.js";
import { checkDataSourceOptions, DATA_SOURCE_OPTIONS } from "../options/data-flags.js";
import { addOptions, DATA_MODELS } from "../options/model-options.js";
import { modelSpec, readPoint, type DataCliOptions } from "../options/data-options.js";

interface SharpnessCliOptions extends DataCliOptions {
  point: string;
  top: string;
  json?: boolean;
  gaussNewton: string;
  backend?: string;
}

/** `eoslab sharpness`: top eigenvalues of the Hessian and the Gauss–Newton matrix at a point (several outputs; empirical). */
export const registerSharpness: CommandRegistrar = (program: Command) => {
  const cmd = program
    .command("sharpness")
    .description("top-k eigenvalues of the full Hessian (Lanczos, analytic Hessian-vector products) and of the Gauss–Newton matrix JᵀJ at a point, for a data-driven model")
    .requiredOption("--model <kind>", DATA_MODELS.join(" | "));
  addOptions(cmd, DATA_SOURCE_OPTIONS, DATA_MODELS)
    .requiredOption("--point <file>", "the point: JSON {\"theta\": [...]} or a 1-D '<f8' .npy file (θ = [u; v] for diagonal, [vec(W) row-major; a] for two-layer, [W₁; …; w_L] for deep-linear-data, [W₁; b₁; (W₂; b₂;) a] for tanh-mlp)")
    .option("--top <k>", "how many eigenvalues", "1")
    .option("--gauss-newton <mode>", "auto | dense (JJᵀ) | lanczos (JᵀJ)", "auto")
    .addOption(backendOption())
    .option("--json", "print one JSON object on stdout")
    .action((o: SharpnessCliOptions) => {
      checkDataSourceOptions(cmd, o.model);
      const backend = backendFlag(o.backend);
      const top = intFlag("--top", o.top, 1, 1000);
      if (!["auto", "dense", "lanczos"].includes(o.gaussNewton)) throw new InvalidArgumentError(`--gauss-newton must be auto, dense or lanczos, got "${o.gaussNewton}"`);
      const ds = loadDataset(o);
      const spec = modelSpec(o, ds);
      const theta = readPoint(o.point, paramCount(spec));
      const engine = initSync({ backend });
      const s = dataSharpness(spec, ds, theta, { top, engine, gaussNewton: o.gaussNewton as "auto" | "dense" | "lanczos" });
      // The tanh MLP's outputs are not confined to range(X), so the linear exact-fit check says nothing about it.
      const fit = spec.kind === "tanh-mlp" ? null : dataExactFitIfCheap(ds);
      const out = {
        model: spec.kind, n: spec.n, d: spec.d, h: spec.h ?? null, layers: spec.layers ?? null, widths: spec.widths ?? null, p: paramCount(spec), backend: engine.kind,
        label: "empirical",
        // Non-finite values (e.g. at a point where F overflows) become null in the JSON, listed under "nonFinite".
        loss: s.loss,
        hessianTop: s.hessianTop,
        gaussNewtonTop: s.gaussNewtonTop,
        residuals: { hessian: s.residuals.hessian, gaussNewton: s.residuals.gaussNewton },
        matvecs: s.matvecs,
        iterations: s.iterations,
        gaussNewtonMethod: s.gaussNewtonMethod,
        // The sharpness of this point is well defined either way; when y cannot be fitted exactly there is no
        // manifold of minima, so no λ* or flattest minimum to compare it with (docs/design.md §4). null: not checked (large X).
        exactFit: fit ? { exact: fit.exact, leastSquaresLoss: fit.leastSquaresLoss, relativeResidual: fit.relativeResidual, tolerance: fit.tolerance } : null,
      };
      if (o.json) {
        process.stdout.write(stringifySafe(out) + "\n");
        return;
      }
      const f = (v: number) => v.toPrecision(10);
      const lines = [
        `${spec.kind} model, n = ${spec.n}, d = ${spec.d}${spec.h ? `, h = ${spec.h}` : ""}${spec.layers ? `, ${spec.layers} hidden layer(s)` : ""}${spec.widths ? `, widths ${spec.widths.join(",")}` : ""}, p = ${out.p}   (several outputs: empirical, no theorem applies)`,
        `loss ½‖F(θ) − y‖² = ${f(s.loss)}`,
        `  k  Hessian λ_k        residual    Gauss–Newton λ_k   residual`,
      ];
      for (let k = 0; k < top; k++) {
        const h = s.hessianTop[k], g = s.gaussNewtonTop[k];
        lines.push(`${String(k + 1).padStart(3)}  ${h === undefined ? "-".padEnd(17) : f(h).padEnd(17)}  ${s.residuals.hessian[k]?.toExponential(1) ?? "-"}     ${g === undefined ? "-".padEnd(17) : f(g).padEnd(17)}  ${s.residuals.gaussNewton[k]?.toExponential(1) ?? "-"}`);
      }
      lines.push(`Hessian: ${s.iterations.hessian} Lanczos steps, ${s.matvecs.hessian} Hessian-vector products; Gauss–Newton: ${s.gaussNewtonMethod}`);
      if (fit && !fit.exact) lines.push(`${noExactFitLine(fit.leastSquaresLoss)}: the sharpness above is this point's only`);
      process.stdout.write(lines.join("\n") + "\n");
    });
};
