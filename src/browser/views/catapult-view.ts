// The catapult view (Lewkowycz et al. 2020, docs/catapult.md): choose the width m, the seed and η·λ₀/2; the worker
// runs catapultSweep on the one-point grid and this view shows the outcome the library's classifier gives, the
// loss/ℓ₀ and λ against the step with 2/η, and a caption explaining the phase.
import { h } from "../dom.js";
import { CATAPULT_WIDTHS, checkCatapultParams, type CatapultViewResult } from "./view-compute.js";
import { catapultCaption } from "./view-captions.js";
import type { ViewClient } from "./view-client.js";
import type { CatapultParams } from "./view-protocol.js";
import { createViewShell, defined, rerunning, labelled, show, type ViewHandle, type ViewHost, type ViewTheme } from "./view-shell.js";

export const CATAPULT_DEFAULTS: CatapultParams = { width: 512, seed: 0, etaFrac: 1.5, steps: 300 };

export function mountCatapultView(host: ViewHost, init: Partial<CatapultParams>, client: ViewClient, theme: ViewTheme): ViewHandle {
  const p: CatapultParams = { ...CATAPULT_DEFAULTS, ...defined(init) };
  const shell = createViewShell(host, "catapult", "The catapult: a two-layer network at a large step", theme);
  // Settings from attributes the controls cannot show (a width not on the menu) are refused, not silently replaced.
  try {
    checkCatapultParams(p);
  } catch (e) {
    shell.failed(`Could not run: ${(e as Error).message}`);
    return { shell, destroy: () => shell.destroy() };
  }
  const width = h("select", { "aria-label": "width m" }, ...CATAPULT_WIDTHS.map((w) => h("option", { value: w, selected: w === p.width }, String(w))));
  const seed = h("input", { type: "number", min: 0, max: 9999, step: 1, value: p.seed, "aria-label": "seed" });
  const frac = h("input", { type: "range", min: 0.1, max: 3, step: 0.05, value: p.etaFrac, "aria-label": "η·λ₀/2" });
  const fracOut = h("output", {}, String(p.etaFrac));
  shell.controls.append(labelled("width m", width), labelled("seed", seed), h("label", { class: "eos-view-field eos-view-slider" }, h("span", {}, "η·λ₀/2"), frac, fracOut));

  const run = async () => {
    p.width = Number(width.value);
    p.seed = Math.max(0, Math.floor(Number(seed.value) || 0));
    p.etaFrac = Number(frac.value);
    shell.running(`running ${p.steps} GD steps at width ${p.width}, seed ${p.seed}, η·λ₀/2 = ${p.etaFrac} …`);
    const { result, elapsedMs } = await client.run({ type: "catapult", ...p });
    const r = result as CatapultViewResult;
    shell.setNumbers([
      { field: "outcome", label: "outcome", text: r.outcome, value: r.outcome },
      { field: "peakLossRatio", label: "peak loss / ℓ₀", text: show(r.peakLossRatio), value: r.peakLossRatio },
      { field: "lambda0", label: "λ₀", text: show(r.lambda0), value: r.lambda0 },
      { field: "eta", label: "η", text: show(r.eta), value: r.eta },
      { field: "etaLambdaFinal", label: "η·λ at the end", text: show(r.etaLambdaFinal), value: r.etaLambdaFinal },
      { field: "stepBelow", label: "first step with λ < 2/η", text: r.stepBelow === null ? "never" : String(r.stepBelow), value: r.stepBelow },
    ]);
    shell.numbers.dataset.outcome = r.outcome;
    shell.figure.innerHTML = r.svg;
    shell.caption.textContent = catapultCaption(r);
    shell.done(r, `${r.outcome} (${r.detail}); f(x) = vᵀUx/√m on n = ${r.samples} points in d = ${r.dim}; ${r.stepsDone} steps in ${(elapsedMs / 1000).toFixed(2)} s, in a worker`);
  };
  const { later, handle } = rerunning(shell, 250, run);
  frac.addEventListener("input", () => {
    fracOut.textContent = frac.value;
    later();
  });
  width.addEventListener("change", later);
  seed.addEventListener("change", later);
  return handle;
}
