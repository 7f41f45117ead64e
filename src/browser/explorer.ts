// mountExplorer(element, options): the interactive explorer, on any page.
// The runs happen in a module worker (worker.ts, inlined into the bundle
// and started from a Blob URL), so the page stays responsive however long
// the run; the plots are redrawn at most once per animation frame.
import uplotCss from "uplot/dist/uPlot.min.css";
import workerSource from "virtual:eos-worker";
import {
  createBifurcationPlot,
  createSeriesPlot,
  PLOT_TITLES,
  updateBifurcationPlot,
  updateSeriesPlot,
  type BifurcationPlotState,
  type SeriesPlot,
  type SeriesPlotState,
} from "./charts.js";
import {
  ALL_PLOTS,
  defaultConfig,
  defaultStart,
  etaFromFraction,
  flattest,
  MAX_DEPTH,
  parseConfig,
  presetConfig,
  PRESETS,
  recordSteps,
  serializeConfig,
  type ExplorerConfig,
  type PlotName,
  type PresetName,
} from "./config.js";
import explorerCss from "./explorer.css";
import { renderRegimePanel } from "./panel.js";
import type { RunReport, SeriesChunk, WorkerMessage, WorkerRequest } from "./protocol.js";
import { seriesToCsv, runToJson } from "./export.js";

export interface ExplorerOptions {
  /** Start from this configuration (merged over the defaults, or over the URL's with `syncUrl`). */
  config?: Partial<ExplorerConfig>;
  /** Which plots to show, in order; default all five. */
  plots?: PlotName[];
  /** "full": every control; "compact": the η slider and Run; "none": a static figure. Default "full". */
  controls?: "full" | "compact" | "none";
  /** Show the predicted-vs-observed panel. Default: true with full controls. */
  panel?: boolean;
  /** Read the configuration from location.search and keep it there. Default false. */
  syncUrl?: boolean;
  /** Run as soon as mounted. Default true. */
  autorun?: boolean;
  /** Height of each plot in px. Default 220. */
  plotHeight?: number;
}

/** The series and report of the last finished (or still running) run. */
export interface ExplorerRun {
  config: ExplorerConfig;
  series: SeriesChunk;
  /** Number of records received so far (the series arrays are this long). */
  length: number;
  /** The steps that were asked to be recorded. */
  plan: Float64Array;
  report: RunReport | null;
  done: boolean;
  /** Chunks received from the worker so far. */
  chunks: number;
}

export interface ExplorerHandle {
  readonly element: HTMLElement;
  /** The current configuration (a copy). */
  config(): ExplorerConfig;
  /** Changes the configuration, updates the controls, and reruns. */
  set(patch: Partial<ExplorerConfig>): Promise<RunReport>;
  /** Runs the current configuration; resolves with its report when it ends. */
  run(): Promise<RunReport>;
  /** Computes the bifurcation diagram for the current model and start. */
  bifurcation(): Promise<{ etas: Float64Array; values: Float64Array; keep: number; elapsedMs: number }>;
  /** Stops the current run. */
  stop(): void;
  lastRun(): ExplorerRun | null;
  exportJson(): string;
  exportCsv(): string;
  /** The backend the worker loaded ("simd", "wasm" or "js"). */
  backend(): Promise<string>;
  destroy(): void;
}

const STYLE_ID = "eos-explorer-style";
const BIF_KEEP = 32;
const BIF_TRANSIENT = 20_000;
const STEP_CHOICES = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8];

function injectStyles(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement("style");
  style.id = STYLE_ID;
  style.textContent = `${uplotCss}\n${explorerCss}`;
  doc.head.appendChild(style);
}

type Attrs = Record<string, string | number | boolean | undefined>;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === "class") el.className = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const kid of kids) el.append(kid);
  return el;
}

function stepsLabel(n: number): string {
  const e = Math.log10(n);
  if (Number.isInteger(e) && e >= 3) return `10${"⁰¹²³⁴⁵⁶⁷⁸⁹"[e]}`;
  return n.toLocaleString("en-US");
}

function fmt(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return "–";
  return String(Number(x.toPrecision(digits)));
}

/** 1.9·10⁷-style numbers for rates. */
function sci(x: number): string {
  if (!Number.isFinite(x) || x <= 0) return "–";
  const e = Math.floor(Math.log10(x));
  if (e < 4) return fmt(x, 3);
  const digits = String(e).split("").map((d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)]).join("");
  return `${(x / Math.pow(10, e)).toFixed(1)}·10${digits}`;
}

function newSeries(n: number): SeriesChunk {
  return {
    step: new Float64Array(n),
    loss: new Float64Array(n),
    thetaPerp: new Float64Array(n),
    distPar: new Float64Array(n),
    lambdaPar: new Float64Array(n),
    lambdaAt: new Float64Array(n),
  };
}

export function mountExplorer(element: HTMLElement, options: ExplorerOptions = {}): ExplorerHandle {
  const doc = element.ownerDocument;
  injectStyles(doc);
  const controlsMode = options.controls ?? "full";
  const showPanel = options.panel ?? controlsMode === "full";
  const plots = (options.plots ?? [...ALL_PLOTS]).filter((p) => ALL_PLOTS.includes(p));
  const plotHeight = options.plotHeight ?? 220;
  const syncUrl = options.syncUrl ?? false;

  let cfg: ExplorerConfig = syncUrl ? parseConfig((k) => new URLSearchParams(location.search).get(k)) : defaultConfig();
  if (options.config) cfg = { ...cfg, ...options.config };
  if (cfg.theta0.length !== cfg.depth) cfg.theta0 = defaultStart(cfg.depth, cfg.target);

  // ---------- worker ----------
  const blobUrl = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
  const worker = new Worker(blobUrl, { type: "module", name: "eoslab-explorer" });
  let backendName = "";
  let resolveBackend: (b: string) => void = () => {};
  const backendReady = new Promise<string>((r) => (resolveBackend = r));
  let nextId = 1;
  let current: ExplorerRun | null = null;
  let currentId = 0;
  const pendingRuns = new Map<number, { resolve: (r: RunReport) => void; reject: (e: Error) => void }>();
  let bifId = 0;
  const pendingBif = new Map<number, { resolve: (v: { etas: Float64Array; values: Float64Array; keep: number; elapsedMs: number }) => void; reject: (e: Error) => void }>();
  const post = (m: WorkerRequest): void => worker.postMessage(m);

  // ---------- DOM ----------
  element.classList.add("eos-explorer", `eos-controls-${controlsMode}`);
  element.replaceChildren();
  const controls = h("div", { class: "eos-controls" });
  const main = h("div", { class: "eos-main" });
  const status = h("div", { class: "eos-status", role: "status", "aria-live": "polite" });
  const progress = h("div", { class: "eos-progress" }, h("div", { class: "eos-progress-bar" }));
  const grid = h("div", { class: "eos-plots" });
  const panel = h("div", { class: "eos-panel" });
  main.append(h("div", { class: "eos-statusline" }, status, progress), grid);
  if (showPanel) main.append(panel);
  if (controlsMode !== "none") element.append(controls);
  element.append(main);

  // Controls.
  const modelSel = h("select", { "aria-label": "model" }, h("option", { value: "scalar" }, "scalar  f = ab  (p = 2)"), h("option", { value: "deep" }, "deep scalar  f = θ₁⋯θₚ"));
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
  const presetBtns = PRESETS.map((p) => h("button", { type: "button", class: "eos-preset", "data-preset": p }, p));

  const row = (label: string, ...kids: (Node | string)[]): HTMLElement => h("label", { class: "eos-row" }, h("span", { class: "eos-label" }, label), ...kids);
  if (controlsMode === "full") {
    controls.append(
      h("div", { class: "eos-group" }, h("div", { class: "eos-group-title" }, "Model"), row("model", modelSel), row("depth p", depthIn), row("target y", targetIn)),
      h(
        "div",
        { class: "eos-group" },
        h("div", { class: "eos-group-title" }, "Step size"),
        row("η / η_c", fracIn),
        row("η", etaIn),
        etaRead,
        h("div", { class: "eos-presets" }, ...presetBtns),
      ),
      h("div", { class: "eos-group" }, h("div", { class: "eos-group-title" }, "Run"), row("start θ₀", thetaIn), row("steps", stepsSel), h("label", { class: "eos-check" }, xlogIn, " log step axis"), h("div", { class: "eos-buttons" }, runBtn, stopBtn)),
      h("div", { class: "eos-group" }, h("div", { class: "eos-group-title" }, "Share"), h("div", { class: "eos-buttons" }, jsonBtn, csvBtn, linkBtn, bifBtn)),
    );
  } else if (controlsMode === "compact") {
    controls.append(h("div", { class: "eos-compact" }, row("η / η_c", fracIn), etaRead, runBtn));
  }

  function syncControls(): void {
    const { etaCritical, lambdaStar } = flattest(cfg.depth, cfg.target);
    modelSel.value = cfg.depth === 2 ? "scalar" : "deep";
    depthIn.value = String(cfg.depth);
    depthIn.disabled = cfg.depth === 2;
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
    if (syncUrl) history.replaceState(null, "", `?${serializeConfig(cfg)}${location.hash}`);
    if (bif) {
      bif.markers.eta = cfg.eta;
      bif.markers.etaCritical = etaCritical;
      bif.plot.redraw(false, false);
    }
  }

  // Plots.
  const seriesPlots: SeriesPlotState[] = [];
  let bif: BifurcationPlotState | null = null;
  let bifHolder: HTMLElement | null = null;
  const plotWidth = (): number => {
    const w = grid.clientWidth || element.clientWidth || 640;
    const cols = plots.filter((p) => p !== "bifurcation").length > 1 && w >= 700 ? 2 : 1;
    return Math.max(260, Math.floor((w - (cols - 1) * 16) / cols) - 2);
  };
  function buildPlots(): void {
    for (const p of seriesPlots) p.plot.destroy();
    seriesPlots.length = 0;
    grid.replaceChildren();
    const w = plotWidth();
    for (const name of plots) {
      if (name === "bifurcation") continue;
      const fig = h("figure", { class: "eos-figure", "data-plot": name }, h("figcaption", {}, PLOT_TITLES[name]));
      grid.append(fig);
      seriesPlots.push(createSeriesPlot(name as SeriesPlot, fig, w, plotHeight, cfg.xlog));
    }
    if (plots.includes("bifurcation") && !bif) {
      bifHolder = h("figure", { class: "eos-figure eos-wide", "data-plot": "bifurcation" }, h("figcaption", {}, PLOT_TITLES.bifurcation));
      main.append(bifHolder);
      bif = createBifurcationPlot(bifHolder, Math.max(260, (grid.clientWidth || 640) - 2), Math.round(plotHeight * 1.25), BIF_KEEP);
    }
    redraw();
  }

  let frame = 0;
  function scheduleRedraw(): void {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), redraw()));
  }
  function redraw(): void {
    if (!current) return;
    const lambdaStar = current.report?.lambdaStar ?? flattest(current.config.depth, current.config.target).lambdaStar;
    for (const p of seriesPlots) updateSeriesPlot(p, current.series, current.length, current.config.steps, current.config.eta, lambdaStar);
  }

  const ro = new ResizeObserver(() => {
    const w = plotWidth();
    for (const p of seriesPlots) p.plot.setSize({ width: w, height: plotHeight });
    if (bif && bifHolder) bif.plot.setSize({ width: Math.max(260, grid.clientWidth - 2), height: Math.round(plotHeight * 1.25) });
  });
  ro.observe(grid);

  function setStatus(text: string, frac: number | null): void {
    status.textContent = text;
    const bar = progress.firstElementChild as HTMLElement;
    progress.classList.toggle("eos-idle", frac === null);
    bar.style.width = `${Math.round((frac ?? 0) * 100)}%`;
  }

  // ---------- runs ----------
  function run(): Promise<RunReport> {
    if (currentId) post({ type: "cancel", id: currentId });
    for (const [id, p] of pendingRuns) if (id !== currentId) p.reject(new Error("superseded"));
    const id = nextId++;
    currentId = id;
    const plan = recordSteps(cfg.steps, cfg.points);
    current = { config: { ...cfg, theta0: [...cfg.theta0] }, series: newSeries(plan.length), length: 0, plan, report: null, done: false, chunks: 0 };
    element.dataset.state = "running";
    setStatus(`running ${stepsLabel(cfg.steps)} steps…`, 0);
    post({ type: "run", id, model: { depth: cfg.depth, target: cfg.target }, eta: cfg.eta, theta0: cfg.theta0, steps: cfg.steps, points: cfg.points });
    scheduleRedraw();
    return new Promise<RunReport>((resolve, reject) => pendingRuns.set(id, { resolve, reject }));
  }

  function onChunk(m: Extract<WorkerMessage, { type: "chunk" }>): void {
    if (m.id !== currentId || !current) return;
    const s = current.series;
    const n = m.series.step.length;
    const room = Math.min(n, s.step.length - current.length);
    for (const k of Object.keys(s) as (keyof SeriesChunk)[]) s[k].set(m.series[k].subarray(0, room), current.length);
    current.length += room;
    current.chunks++;
    const rate = m.stepsDone / Math.max(m.elapsedMs, 1e-3) * 1000;
    setStatus(`${m.stepsDone.toLocaleString("en-US")} / ${m.stepsTotal.toLocaleString("en-US")} steps · ${sci(rate)} steps/s`, m.stepsDone / m.stepsTotal);
    scheduleRedraw();
  }

  function onDone(m: Extract<WorkerMessage, { type: "done" }>): void {
    const pending = pendingRuns.get(m.id);
    pendingRuns.delete(m.id);
    if (m.id === currentId && current) {
      current.report = m.report;
      current.done = true;
      element.dataset.state = "done";
      const r = m.report;
      const rate = r.stepsRun / Math.max(r.elapsedMs, 1e-3) * 1000;
      const div = r.firstNonFiniteStep !== null ? ` · diverged at step ${r.firstNonFiniteStep}` : "";
      setStatus(`${r.stepsRun.toLocaleString("en-US")} steps in ${fmt(r.elapsedMs / 1000, 3)} s (${sci(rate)} steps/s, ${r.backend} backend)${div}`, null);
      if (showPanel) renderRegimePanel(panel, r);
      scheduleRedraw();
    }
    pending?.resolve(m.report);
  }

  worker.onmessage = (ev: MessageEvent<WorkerMessage>) => {
    const m = ev.data;
    switch (m.type) {
      case "ready":
        backendName = m.backend;
        resolveBackend(m.backend);
        break;
      case "chunk":
        onChunk(m);
        break;
      case "done":
        onDone(m);
        break;
      case "bifurcation": {
        const p = pendingBif.get(m.id);
        pendingBif.delete(m.id);
        if (m.id === bifId && bif) {
          updateBifurcationPlot(bif, m.etas, m.values, m.keep, m.labels);
          bifBtn.disabled = false;
        }
        p?.resolve({ etas: m.etas, values: m.values, keep: m.keep, elapsedMs: m.elapsedMs });
        break;
      }
      case "error": {
        setStatus(`error: ${m.message}`, null);
        element.dataset.state = "error";
        pendingRuns.get(m.id)?.reject(new Error(m.message));
        pendingBif.get(m.id)?.reject(new Error(m.message));
        pendingRuns.delete(m.id);
        pendingBif.delete(m.id);
        break;
      }
    }
  };
  worker.onerror = (ev) => {
    setStatus(`worker failed: ${ev.message}`, null);
    element.dataset.state = "error";
  };

  function bifurcation(): Promise<{ etas: Float64Array; values: Float64Array; keep: number; elapsedMs: number }> {
    const id = nextId++;
    bifId = id;
    const { etaCritical } = flattest(cfg.depth, cfg.target);
    const etas: number[] = [];
    for (let i = 0; i < cfg.bifCount; i++) etas.push(etaCritical * (cfg.bifFrom + ((cfg.bifTo - cfg.bifFrom) * i) / (cfg.bifCount - 1)));
    bifBtn.disabled = true;
    if (bif) {
      bif.markers.etaCritical = etaCritical;
      bif.markers.eta = cfg.eta;
    }
    post({ type: "bifurcation", id, model: { depth: cfg.depth, target: cfg.target }, theta0: cfg.theta0, etas, transient: BIF_TRANSIENT, keep: BIF_KEEP });
    return new Promise((resolve, reject) => pendingBif.set(id, { resolve, reject }));
  }

  // ---------- control events ----------
  let debounce = 0;
  const rerunSoon = (): void => {
    clearTimeout(debounce);
    debounce = window.setTimeout(() => void run().catch(() => {}), 40);
  };
  const changeModel = (depth: number, target: number): void => {
    const frac = cfg.eta / flattest(cfg.depth, cfg.target).etaCritical;
    cfg = { ...cfg, depth, target, eta: etaFromFraction(frac, depth, target), theta0: defaultStart(depth, target) };
    syncControls();
    rerunSoon();
    if (bif) void bifurcation().catch(() => {});
  };
  modelSel.addEventListener("change", () => changeModel(modelSel.value === "scalar" ? 2 : Math.max(3, Number(depthIn.value) || 5), cfg.target));
  depthIn.addEventListener("change", () => {
    const p = Math.min(MAX_DEPTH, Math.max(3, Math.round(Number(depthIn.value)) || 5));
    changeModel(p, cfg.target);
  });
  targetIn.addEventListener("change", () => {
    const y = Number(targetIn.value);
    if (y > 0) changeModel(cfg.depth, y);
    else syncControls();
  });
  fracIn.addEventListener("input", () => {
    cfg.eta = etaFromFraction(Number(fracIn.value), cfg.depth, cfg.target);
    syncControls();
    rerunSoon();
  });
  etaIn.addEventListener("change", () => {
    const e = Number(etaIn.value);
    if (e > 0) cfg.eta = e;
    syncControls();
    rerunSoon();
  });
  thetaIn.addEventListener("change", () => {
    const parts = thetaIn.value.split(/[\s,]+/).filter(Boolean).map(Number);
    if (parts.length === cfg.depth && parts.every(Number.isFinite)) {
      cfg.theta0 = parts;
      thetaIn.classList.remove("eos-invalid");
      syncControls();
      rerunSoon();
    } else {
      thetaIn.classList.add("eos-invalid");
      setStatus(`the start needs ${cfg.depth} finite numbers, separated by commas`, null);
    }
  });
  stepsSel.addEventListener("change", () => {
    cfg.steps = Number(stepsSel.value);
    syncControls();
    rerunSoon();
  });
  xlogIn.addEventListener("change", () => {
    cfg.xlog = xlogIn.checked;
    syncControls();
    buildPlots();
  });
  runBtn.addEventListener("click", () => void run().catch(() => {}));
  stopBtn.addEventListener("click", () => stop());
  bifBtn.addEventListener("click", () => {
    if (!plots.includes("bifurcation")) plots.push("bifurcation");
    if (!bif) buildPlots();
    void bifurcation().catch(() => {});
  });
  for (const b of presetBtns) {
    b.addEventListener("click", () => {
      cfg = presetConfig(b.dataset.preset as PresetName, cfg);
      syncControls();
      void run().catch(() => {});
    });
  }
  const download = (text: string, name: string, type: string): void => {
    const a = h("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const fileStem = (): string => `eoslab-p${cfg.depth}-eta${cfg.eta}`;
  jsonBtn.addEventListener("click", () => download(exportJson(), `${fileStem()}.json`, "application/json"));
  csvBtn.addEventListener("click", () => download(exportCsv(), `${fileStem()}.csv`, "text/csv"));
  linkBtn.addEventListener("click", () => {
    const url = `${location.origin}${location.pathname}?${serializeConfig(cfg)}`;
    void navigator.clipboard?.writeText(url).then(
      () => setStatus("link copied", null),
      () => setStatus(url, null),
    );
  });

  function stop(): void {
    if (!currentId || !current || current.done) return;
    post({ type: "cancel", id: currentId });
    pendingRuns.get(currentId)?.reject(new Error("stopped"));
    pendingRuns.delete(currentId);
    element.dataset.state = "stopped";
    setStatus(`stopped after ${current.length} records`, null);
  }

  function exportJson(): string {
    if (!current) return "{}";
    return runToJson(current);
  }
  function exportCsv(): string {
    if (!current) return "";
    return seriesToCsv(current.series, current.length);
  }

  syncControls();
  buildPlots();
  setStatus("loading the wasm core…", null);
  if (options.autorun ?? true) void run().catch(() => {});
  if (plots.includes("bifurcation")) void bifurcation().catch(() => {});

  return {
    element,
    config: () => ({ ...cfg, theta0: [...cfg.theta0] }),
    set(patch) {
      const depthChanged = patch.depth !== undefined && patch.depth !== cfg.depth;
      cfg = { ...cfg, ...patch };
      if (depthChanged && !patch.theta0) cfg.theta0 = defaultStart(cfg.depth, cfg.target);
      syncControls();
      if (patch.xlog !== undefined) buildPlots();
      return run();
    },
    run,
    bifurcation,
    stop,
    lastRun: () => current,
    exportJson,
    exportCsv,
    backend: () => (backendName ? Promise.resolve(backendName) : backendReady),
    destroy() {
      ro.disconnect();
      worker.terminate();
      URL.revokeObjectURL(blobUrl);
      for (const p of seriesPlots) p.plot.destroy();
      bif?.plot.destroy();
      element.replaceChildren();
    },
  };
}
