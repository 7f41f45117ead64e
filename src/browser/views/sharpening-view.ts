// The progressive-sharpening view (Cohen et al. 2021, docs/sharpening.md): the tanh MLP or the deep linear network
// on the built-in data set, η on a slider; the worker runs sharpeningExperiment at that η and this view shows the
// loss and λ with 2/η, and the library's numbers: the first step with λ ≥ 0.9·2/η, the mean ηλ/2 after it and the
// fraction of steps on which the loss went up.
import { h } from "../dom.js";
import { checkSharpeningParams, SHARPENING_MODELS, type SharpeningViewResult } from "./view-compute.js";
import { sharpeningCaption } from "./view-captions.js";
import type { ViewClient } from "./view-client.js";
import type { SharpeningModel, SharpeningParams } from "./view-protocol.js";
import { createViewShell, defined, rerunning, labelled, show, type ViewHandle, type ViewHost, type ViewTheme } from "./view-shell.js";

export const SHARPENING_DEFAULTS: SharpeningParams = { model: "tanh-mlp", eta: 0.002, steps: 800, every: 10 };
const STEP_CHOICES = [200, 400, 800, 1500];
/** λ is measured about 80 times a run: enough to see it track 2/η, few enough Lanczos solves for a laptop. */
const everyFor = (steps: number): number => Math.max(1, Math.round(steps / 80));

export function mountSharpeningView(host: ViewHost, init: Partial<SharpeningParams>, client: ViewClient, theme: ViewTheme): ViewHandle {
  const model: SharpeningModel = init.model === "deep-linear-data" ? "deep-linear-data" : "tanh-mlp";
  const p: SharpeningParams = { ...SHARPENING_DEFAULTS, eta: SHARPENING_MODELS[model].eta.value, ...defined(init), model };
  const shell = createViewShell(host, "sharpening", "Progressive sharpening and the edge of stability", theme);
  try {
    checkSharpeningParams({ ...p, every: everyFor(p.steps) });
  } catch (e) {
    shell.failed(`Could not run: ${(e as Error).message}`);
    return { shell, destroy: () => shell.destroy() };
  }
  const modelSel = h("select", { "aria-label": "model" },
    h("option", { value: "tanh-mlp", selected: p.model === "tanh-mlp" }, "tanh MLP (h = 16)"),
    h("option", { value: "deep-linear-data", selected: p.model === "deep-linear-data" }, "deep linear 4,16,16,1"));
  const steps = h("select", { "aria-label": "steps" }, ...[...new Set([...STEP_CHOICES, p.steps])].sort((a, b) => a - b).map((s) => h("option", { value: s, selected: s === p.steps }, String(s))));
  const eta = h("input", { type: "range", step: 0.0001, "aria-label": "η" });
  const etaOut = h("output", {});
  const setRange = (m: SharpeningModel, value: number) => {
    const r = SHARPENING_MODELS[m].eta;
    eta.min = String(Math.min(r.min, value));
    eta.max = String(Math.max(r.max, value));
    eta.value = String(value);
    etaOut.textContent = String(value);
  };
  setRange(p.model, p.eta);
  shell.controls.append(labelled("model", modelSel), labelled("steps", steps), h("label", { class: "eos-view-field eos-view-slider" }, h("span", {}, "η"), eta, etaOut));

  const run = async () => {
    p.model = modelSel.value as SharpeningModel;
    p.eta = Number(eta.value);
    p.steps = Number(steps.value);
    p.every = everyFor(p.steps);
    shell.running(`running ${p.steps} GD steps of the ${p.model} at η = ${p.eta}, λ every ${p.every} steps …`);
    const { result, elapsedMs } = await client.run({ type: "sharpening", ...p });
    const r = result as SharpeningViewResult;
    shell.setNumbers([
      { field: "reachStep", label: "first step with λ ≥ 0.9·2/η", text: r.reachStep === null ? "never" : String(r.reachStep), value: r.reachStep },
      { field: "afterMean", label: "mean ηλ/2 after it", text: r.afterMean === null ? "—" : `${show(r.afterMean, 3)} ± ${show(r.afterSd, 2)}`, value: r.afterMean },
      { field: "lossUpFraction", label: "steps with the loss up", text: `${show(100 * r.lossUpFraction, 3)}%`, value: r.lossUpFraction },
      { field: "lossUpFractionAfter", label: "… after reaching", text: r.lossUpFractionAfter === null ? "—" : `${show(100 * r.lossUpFractionAfter, 3)}%`, value: r.lossUpFractionAfter },
      { field: "lambda0", label: "λ(θ₀)", text: show(r.lambda0), value: r.lambda0 },
      { field: "twoOverEta", label: "2/η", text: show(2 / p.eta), value: 2 / p.eta },
    ]);
    shell.figure.innerHTML = r.svg;
    shell.caption.textContent = sharpeningCaption(r);
    shell.done(r, `${r.modelName}, p = ${r.p}, on sharpeningData (n = 200, d = 4): ${r.stepsDone} steps in ${(elapsedMs / 1000).toFixed(2)} s, in a worker${r.diverged ? " (diverged)" : ""}`);
  };
  const { later, handle } = rerunning(shell, 300, run);
  eta.addEventListener("input", () => {
    etaOut.textContent = eta.value;
    later();
  });
  modelSel.addEventListener("change", () => {
    const m = modelSel.value as SharpeningModel;
    setRange(m, SHARPENING_MODELS[m].eta.value);
    later();
  });
  steps.addEventListener("change", later);
  return handle;
}
