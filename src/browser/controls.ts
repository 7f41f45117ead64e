// The explorer's controls: the form (model, step size, start, steps, the
// buttons), what each input does to the configuration, and the
// configuration's place in the URL. Runs, plots and the worker are the
// host's business (explorer.ts); the controls only call it.
import {
  changeModel,
  edgeOf,
  etaAtFraction,
  switchModel,
  MAX_DEPTH,
  MAX_LINEAR_PARAMS,
  parseConfig,
  parseStartText,
  presetConfig,
  PRESETS,
  serializeConfig,
  type ExplorerConfig,
  type PresetName,
} from "./config.js";
import { h } from "./dom.js";
import { DIAGONAL_PRESET, diagonalFlattest } from "./diagonal.js";
import { fmt, stepsLabel } from "./format.js";

export type ControlsMode = "full" | "compact" | "none";

/** What the controls ask of the explorer. */
export interface ControlsHost {
  config(): ExplorerConfig;
  /** Takes a new configuration; the host then syncs the controls (sync), the URL and the plot markers. */
  setConfig(cfg: ExplorerConfig): void;
  /** Runs after a short pause, so a dragged slider starts one run, not one per pixel. */
  rerunSoon(): void;
  run(): void;
  stop(): void;
  /** The model changed: the bifurcation diagram, if shown, is recomputed. */
  modelChanged(): void;
  /** The step axis changed (log or linear): the plots are rebuilt. */
  replot(): void;
  /** Shows the bifurcation plot (if not yet) and computes the diagram. */
  showBifurcation(): void;
  setStatus(text: string): void;
  exportJson(): string;
  exportCsv(): string;
}

export interface Controls {
  /** The form; empty with mode "none". */
  readonly element: HTMLElement;
  /** Writes the configuration into the inputs and the η readout. */
  sync(cfg: ExplorerConfig): void;
  /** Disables the bifurcation button while a diagram is computed. */
  setBifurcationBusy(busy: boolean): void;
}

const STEP_CHOICES = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8];

/** The configuration in location.search (parseConfig's defaults where it says nothing). */
export function configFromUrl(): ExplorerConfig {
  return parseConfig((k) => new URLSearchParams(location.search).get(k));
}

/** Writes the configuration into the address bar, replacing the history entry (no new one per slider move). */
export function writeConfigToUrl(cfg: ExplorerConfig): void {
  history.replaceState(null, "", `?${serializeConfig(cfg)}${location.hash}`);
}

/** The link that restores this view. */
export function shareLink(cfg: ExplorerConfig): string {
  return `${location.origin}${location.pathname}?${serializeConfig(cfg)}`;
}

export function createControls(mode: ControlsMode, host: ControlsHost): Controls {
  const element = h("div", { class: "eos-controls" });
  const modelSel = h(
    "select",
    { "aria-label": "model" },
    h("option", { value: "scalar" }, "scalar  f = ab  (p = 2)"),
    h("option", { value: "deep" }, "deep scalar  f = θ₁⋯θₚ"),
    h("option", { value: "deep-linear" }, "deep linear  f = w_L⋯W₁x"),
    h("option", { value: "tanh-chain" }, "tanh chain  f = θₚ·tanh(⋯θ₁x)"),
    h("option", { value: "diagonal" }, "diagonal network  F = X(u⊙v)  (data, 3 outputs)"),
  );
  const widthsIn = h("input", { type: "text", spellcheck: "false", "aria-label": "widths d₀,…,1" });
  const inputIn = h("input", { type: "text", spellcheck: "false", "aria-label": "input x" });
  const depthIn = h("input", { type: "number", min: 3, max: MAX_DEPTH, step: 1, "aria-label": "depth p" });
  const targetIn = h("input", { type: "number", min: 0.1, step: 0.1, "aria-label": "target y" });
  const fracIn = h("input", { type: "range", min: 0.8, max: 1.3, step: 0.0005, "aria-label": "η / η_c" });
  const etaIn = h("input", { type: "number", min: 0, step: 0.001, "aria-label": "η" });
  const etaRead = h("div", { class: "eos-readout" });
  const thetaIn = h("input", { type: "text", spellcheck: "false", "aria-label": "start θ₀" });
  const stepsSel = h("select", { "aria-label": "steps" }, ...STEP_CHOICES.map((n) => h("option", { value: n }, stepsLabel(n))));
  const xlogIn = h("input", { type: "checkbox" });
  const runBtn = h("button", { class: "eos-primary", type: "button" }, "Run");
  const stopBtn = h("button", { type: "button" }, "Stop");
  const bifBtn = h("button", { type: "button" }, "Bifurcation diagram");
  const jsonBtn = h("button", { type: "button" }, "Export JSON");
  const csvBtn = h("button", { type: "button" }, "Export CSV");
  const linkBtn = h("button", { type: "button" }, "Copy link");
  const linkField = h("input", { type: "text", readonly: true, class: "eos-link-field", "aria-label": "link to this view", hidden: true });
  const presetBtns = PRESETS.map((p) => h("button", { type: "button", class: "eos-preset", "data-preset": p }, p));

  const row = (label: string, ...kids: (Node | string)[]): HTMLElement => h("label", { class: "eos-row" }, h("span", { class: "eos-label" }, label), ...kids);
  const widthsRow = row("widths", widthsIn);
  const inputRow = row("input x", inputIn);
  // The diagonal network's data set is built in (diagonal.ts): shown, not edited.
  const dataRow = h("div", { class: "eos-row eos-data-set" }, h("span", { class: "eos-label" }, "data"), h("span", {}, `X = I (3×3), y = (${DIAGONAL_PRESET.y.join(", ")})`));
  if (mode === "full") {
    element.append(
      h("div", { class: "eos-group" }, h("div", { class: "eos-group-title" }, "Model"), row("model", modelSel), row("depth p", depthIn), widthsRow, inputRow, dataRow, row("target y", targetIn)),
      h(
        "div",
        { class: "eos-group eos-group-eta" },
        h("div", { class: "eos-group-title" }, "Step size"),
        row("η / η_c", fracIn),
        row("η", etaIn),
        etaRead,
        h("div", { class: "eos-presets" }, ...presetBtns),
      ),
      h("div", { class: "eos-group" }, h("div", { class: "eos-group-title" }, "Run"), row("start θ₀", thetaIn), row("steps", stepsSel), h("label", { class: "eos-check" }, xlogIn, " log step axis"), h("div", { class: "eos-buttons" }, runBtn, stopBtn)),
      h("div", { class: "eos-group" }, h("div", { class: "eos-group-title" }, "Share"), h("div", { class: "eos-buttons" }, jsonBtn, csvBtn, linkBtn, bifBtn), linkField),
    );
  } else if (mode === "compact") {
    element.append(h("div", { class: "eos-compact" }, row("η / η_c", fracIn), etaRead, runBtn));
  }

  function sync(cfg: ExplorerConfig): void {
    const { etaCritical, lambdaStar } = edgeOf(cfg);
    modelSel.value = cfg.model !== "deep" ? cfg.model : cfg.depth === 2 ? "scalar" : "deep";
    depthIn.value = String(cfg.depth);
    // The deep linear network's parameter count follows from its widths.
    depthIn.disabled = cfg.depth === 2 && cfg.model === "deep" || cfg.model === "deep-linear" || cfg.model === "diagonal";
    widthsRow.hidden = cfg.model !== "deep-linear";
    inputRow.hidden = cfg.model === "deep" || cfg.model === "diagonal";
    dataRow.hidden = cfg.model !== "diagonal";
    targetIn.disabled = cfg.model === "diagonal";
    widthsIn.value = cfg.widths.join(", ");
    inputIn.value = cfg.input.join(", ");
    targetIn.value = String(cfg.target);
    fracIn.value = String(cfg.eta / etaCritical);
    etaIn.value = String(cfg.eta);
    thetaIn.value = cfg.theta0.join(", ");
    if (!STEP_CHOICES.includes(cfg.steps)) stepsSel.append(h("option", { value: cfg.steps }, stepsLabel(cfg.steps)));
    stepsSel.value = String(cfg.steps);
    xlogIn.checked = cfg.xlog;
    const side = cfg.eta / etaCritical;
    const where = Math.abs(side - 1) < 1e-12 ? "= η_c (critical)" : side < 1 ? "< η_c" : "> η_c";
    etaRead.innerHTML = "";
    etaRead.append(
      h("span", {}, `η = ${fmt(cfg.eta, 6)} ${where}`),
      h("span", {}, `η/η_c = ${fmt(side, 5)}`),
      h("span", {}, `λ* = ${fmt(lambdaStar, 6)}, η_c = 2/λ* = ${fmt(etaCritical, 6)}`),
    );
    if (cfg.model === "diagonal") {
      // Several outputs: λ* is the library's flattest-minimum search (empirical), with its convex-duality certificate.
      const c = diagonalFlattest().certificate;
      etaRead.append(h("span", { class: "eos-empirical" }, `λ* is empirical${c ? `, certified in [${fmt(c.lower, 8)}, ${fmt(c.upper, 8)}]` : ""}`));
    }
  }

  // ---------- what each input does ----------
  const newModel = (depth: number, target: number): void => {
    const cfg = host.config();
    if (cfg.model === "deep") host.setConfig(changeModel(cfg, depth, target));
    else host.setConfig(reconfigure(cfg, { depth, target }));
    host.rerunSoon();
    host.modelChanged();
  };
  /** The deep linear network or the tanh chain with new numbers: η keeps its fraction of η_c, θ₀ is the model's start. */
  const reconfigure = (cfg: ExplorerConfig, patch: Partial<ExplorerConfig>): ExplorerConfig => {
    const frac = cfg.eta / edgeOf(cfg).etaCritical;
    const next = { ...cfg, ...patch };
    const ec = edgeOf(next).etaCritical;
    next.eta = frac === 1 ? ec : Number((frac * ec).toPrecision(6));
    return { ...next, theta0: presetConfig("critical", next).theta0 };
  };
  modelSel.addEventListener("change", () => {
    const v = modelSel.value;
    const cfg = host.config();
    if (v === "deep-linear" || v === "tanh-chain" || v === "diagonal") {
      host.setConfig(switchModel(cfg, v));
      host.rerunSoon();
      host.modelChanged();
      return;
    }
    if (cfg.model !== "deep") {
      const back = switchModel(cfg, "deep");
      host.setConfig(v === "scalar" ? changeModel(back, 2, 1) : back);
      host.rerunSoon();
      host.modelChanged();
      return;
    }
    newModel(v === "scalar" ? 2 : Math.max(3, Number(depthIn.value) || 5), cfg.target);
  });
  depthIn.addEventListener("change", () => {
    const lo = host.config().model === "tanh-chain" ? 2 : 3;
    const p = Math.min(MAX_DEPTH, Math.max(lo, Math.round(Number(depthIn.value)) || 5));
    newModel(p, host.config().target);
  });
  targetIn.addEventListener("change", () => {
    const y = Number(targetIn.value);
    const cfg = host.config();
    if (y > 0 || (cfg.model !== "deep" && Number.isFinite(y) && y !== 0)) newModel(cfg.depth, y);
    else host.setConfig(cfg);
  });
  const numbers = (text: string): number[] | null => {
    const a = text.split(/[\s,]+/).filter(Boolean).map(Number);
    return a.length && a.every(Number.isFinite) ? a : null;
  };
  widthsIn.addEventListener("change", () => {
    const cfg = host.config();
    const w = numbers(widthsIn.value);
    const p = w ? w.slice(1).reduce((a, d, k) => a + d * w[k]!, 0) : 0;
    if (!w || w.length < 3 || !w.every((d) => Number.isInteger(d) && d >= 1) || w[w.length - 1] !== 1 || p > MAX_LINEAR_PARAMS) {
      widthsIn.classList.add("eos-invalid");
      host.setStatus(`widths: d₀, at least one hidden width, then 1, integers, at most ${MAX_LINEAR_PARAMS} parameters in all`);
      return;
    }
    widthsIn.classList.remove("eos-invalid");
    const input = cfg.input.length === w[0] ? cfg.input : Array.from({ length: w[0]! }, (_, i) => cfg.input[i] ?? 1);
    host.setConfig(reconfigure(cfg, { widths: w, input, depth: p }));
    host.rerunSoon();
    host.modelChanged();
  });
  inputIn.addEventListener("change", () => {
    const cfg = host.config();
    const x = numbers(inputIn.value);
    const want = cfg.model === "deep-linear" ? cfg.widths[0]! : 1;
    if (!x || x.length !== want || x.every((v) => v === 0)) {
      inputIn.classList.add("eos-invalid");
      host.setStatus(`the input needs ${want} finite number${want > 1 ? "s" : ""}, not all zero`);
      return;
    }
    inputIn.classList.remove("eos-invalid");
    host.setConfig(reconfigure(cfg, { input: x }));
    host.rerunSoon();
    host.modelChanged();
  });
  fracIn.addEventListener("input", () => {
    const cfg = host.config();
    const frac = Number(fracIn.value);
    host.setConfig({ ...cfg, eta: etaAtFraction(frac, edgeOf(cfg).etaCritical) });
    host.rerunSoon();
  });
  etaIn.addEventListener("change", () => {
    const e = Number(etaIn.value);
    const cfg = host.config();
    host.setConfig(e > 0 ? { ...cfg, eta: e } : cfg);
    host.rerunSoon();
  });
  thetaIn.addEventListener("change", () => {
    const cfg = host.config();
    const theta0 = parseStartText(thetaIn.value, cfg.depth);
    if (theta0) {
      thetaIn.classList.remove("eos-invalid");
      host.setConfig({ ...cfg, theta0 });
      host.rerunSoon();
    } else {
      thetaIn.classList.add("eos-invalid");
      host.setStatus(`the start needs ${cfg.depth} finite numbers, separated by commas`);
    }
  });
  stepsSel.addEventListener("change", () => {
    host.setConfig({ ...host.config(), steps: Number(stepsSel.value) });
    host.rerunSoon();
  });
  xlogIn.addEventListener("change", () => {
    host.setConfig({ ...host.config(), xlog: xlogIn.checked });
    host.replot();
  });
  runBtn.addEventListener("click", () => host.run());
  stopBtn.addEventListener("click", () => host.stop());
  bifBtn.addEventListener("click", () => host.showBifurcation());
  for (const b of presetBtns) {
    b.addEventListener("click", () => {
      host.setConfig(presetConfig(b.dataset.preset as PresetName, host.config()));
      host.run();
    });
  }
  const download = (text: string, name: string, type: string): void => {
    const a = h("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const fileStem = (): string => `eoslab-p${host.config().depth}-eta${host.config().eta}`;
  jsonBtn.addEventListener("click", () => download(host.exportJson(), `${fileStem()}.json`, "application/json"));
  csvBtn.addEventListener("click", () => download(host.exportCsv(), `${fileStem()}.csv`, "text/csv"));
  /** Where the clipboard is missing or refuses (plain http on a LAN address is not a secure context): the link, selected, to copy by hand. */
  const showLink = (url: string): void => {
    linkField.value = url;
    linkField.hidden = false;
    linkField.focus();
    linkField.select();
    host.setStatus("the clipboard is not available here: the link is selected below, copy it with Ctrl+C / ⌘C");
  };
  linkBtn.addEventListener("click", () => {
    const url = shareLink(host.config());
    if (!navigator.clipboard?.writeText) {
      showLink(url);
      return;
    }
    navigator.clipboard.writeText(url).then(
      () => {
        linkField.hidden = true;
        host.setStatus("link copied");
      },
      () => showLink(url),
    );
  });

  return {
    element,
    sync,
    setBifurcationBusy(busy) {
      bifBtn.disabled = busy;
    },
  };
}
