// mountExplorer(element, options): the interactive explorer, on any page.
// Three parts, put together here: the controls (controls.ts: the form and
// the URL), the session with the worker that runs GD (session.ts), and the
// plots (charts.ts). This file lays them out, keeps the configuration, and
// turns the session's events into the status line, the panel and redraws.
import uplotCss from "uplot/dist/uPlot.min.css";
import { createPlotArea } from "./charts.js";
import {
  ALL_PLOTS,
  bifurcationEtas,
  defaultConfig,
  edgeOfStability,
  initialConfig,
  patchConfig,
  type ExplorerConfig,
  type PlotName,
} from "./config.js";
import { configFromUrl, createControls, writeConfigToUrl, type ControlsMode } from "./controls.js";
import { h } from "./dom.js";
import explorerCss from "./explorer.css";
import { fmt, sci, stepsLabel } from "./format.js";
import { renderRegimePanel } from "./panel.js";
import type { RunReport } from "./protocol.js";
import { createSession, type BifurcationResult, type ExplorerRun } from "./session.js";
import { seriesToCsv, runToJson } from "./export.js";

export type { ExplorerRun } from "./session.js";

export interface ExplorerOptions {
  /** Start from this configuration (merged over the defaults, or over the URL's with `syncUrl`). */
  config?: Partial<ExplorerConfig>;
  /** Which plots to show, in order; default all five. */
  plots?: PlotName[];
  /** "full": every control; "compact": the η slider and Run; "none": a static figure. Default "full". */
  controls?: ControlsMode;
  /** Show the predicted-vs-observed panel. Default: true with full controls. */
  panel?: boolean;
  /** Read the configuration from location.search and keep it there. Default false. */
  syncUrl?: boolean;
  /** Run as soon as mounted. Default true. */
  autorun?: boolean;
  /** Height of each plot in px. Default 220. */
  plotHeight?: number;
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
  bifurcation(): Promise<BifurcationResult>;
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

function injectStyles(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement("style");
  style.id = STYLE_ID;
  style.textContent = `${uplotCss}\n${explorerCss}`;
  doc.head.appendChild(style);
}

export function mountExplorer(element: HTMLElement, options: ExplorerOptions = {}): ExplorerHandle {
  injectStyles(element.ownerDocument);
  const controlsMode = options.controls ?? "full";
  const showPanel = options.panel ?? controlsMode === "full";
  const syncUrl = options.syncUrl ?? false;
  let cfg = initialConfig(syncUrl ? configFromUrl() : defaultConfig(), options.config);

  // ---------- layout ----------
  element.classList.add("eos-explorer", `eos-controls-${controlsMode}`);
  element.replaceChildren();
  const main = h("div", { class: "eos-main" });
  const status = h("div", { class: "eos-status", role: "status", "aria-live": "polite" });
  const progress = h("div", { class: "eos-progress" }, h("div", { class: "eos-progress-bar" }));
  const grid = h("div", { class: "eos-plots" });
  const panel = h("div", { class: "eos-panel" });
  main.append(h("div", { class: "eos-statusline" }, status, progress), grid);
  if (showPanel) main.append(panel);

  function setStatus(text: string, frac: number | null): void {
    status.textContent = text;
    const bar = progress.firstElementChild as HTMLElement;
    progress.classList.toggle("eos-idle", frac === null);
    bar.style.width = `${Math.round((frac ?? 0) * 100)}%`;
  }

  // ---------- session: runs in the worker ----------
  const session = createSession({
    chunk(_run, m) {
      const rate = (m.stepsDone / Math.max(m.elapsedMs, 1e-3)) * 1000;
      setStatus(`${m.stepsDone.toLocaleString("en-US")} / ${m.stepsTotal.toLocaleString("en-US")} steps · ${sci(rate)} steps/s`, m.stepsDone / m.stepsTotal);
      plots.schedule();
    },
    done(run) {
      element.dataset.state = "done";
      const r = run.report!;
      const rate = (r.stepsRun / Math.max(r.elapsedMs, 1e-3)) * 1000;
      const div = r.firstNonFiniteStep !== null ? ` · diverged at step ${r.firstNonFiniteStep}` : "";
      setStatus(`${r.stepsRun.toLocaleString("en-US")} steps in ${fmt(r.elapsedMs / 1000, 3)} s (${sci(rate)} steps/s, ${r.backend} backend)${div}`, null);
      if (showPanel) renderRegimePanel(panel, r);
      plots.schedule();
    },
    bifurcation(m) {
      if (!plots.hasBifurcation()) return;
      plots.showBifurcation(m.etas, m.values, m.keep, m.labels);
      controls.setBifurcationBusy(false);
    },
    error(message) {
      setStatus(`error: ${message}`, null);
      element.dataset.state = "error";
    },
    workerFailed(message) {
      setStatus(`worker failed: ${message}`, null);
      element.dataset.state = "error";
    },
  });

  function run(): Promise<RunReport> {
    const done = session.run(cfg);
    element.dataset.state = "running";
    setStatus(`running ${stepsLabel(cfg.steps)} steps…`, 0);
    plots.schedule();
    return done;
  }

  function bifurcation(): Promise<BifurcationResult> {
    controls.setBifurcationBusy(true);
    plots.setMarkers(cfg.eta, edgeOfStability(cfg.depth, cfg.target).etaCritical, false);
    return session.bifurcation(cfg, bifurcationEtas(cfg), BIF_TRANSIENT, BIF_KEEP);
  }

  function stop(): void {
    const stopped = session.stop();
    if (!stopped) return;
    element.dataset.state = "stopped";
    setStatus(`stopped after ${stopped.length} records`, null);
  }

  // ---------- plots ----------
  const plots = createPlotArea({
    root: element,
    grid,
    main,
    plots: (options.plots ?? [...ALL_PLOTS]).filter((p) => ALL_PLOTS.includes(p)),
    plotHeight: options.plotHeight ?? 220,
    keep: BIF_KEEP,
    xlog: () => cfg.xlog,
    source() {
      const r = session.current();
      if (!r) return null;
      const lambdaStar = r.report?.lambdaStar ?? edgeOfStability(r.config.depth, r.config.target).lambdaStar;
      return { series: r.series, length: r.length, steps: r.config.steps, eta: r.config.eta, lambdaStar };
    },
  });

  // ---------- controls ----------
  let debounce = 0;
  const controls = createControls(controlsMode, {
    config: () => cfg,
    setConfig(next) {
      cfg = next;
      syncControls();
    },
    rerunSoon() {
      clearTimeout(debounce);
      debounce = window.setTimeout(() => void run().catch(() => {}), 40);
    },
    run: () => void run().catch(() => {}),
    stop,
    modelChanged() {
      if (plots.hasBifurcation()) void bifurcation().catch(() => {});
    },
    replot: () => plots.build(),
    showBifurcation() {
      plots.addBifurcation();
      void bifurcation().catch(() => {});
    },
    setStatus: (text) => setStatus(text, null),
    exportJson,
    exportCsv,
  });
  if (controlsMode !== "none") element.append(controls.element);
  element.append(main);

  /** The controls, the URL and the bifurcation plot's markers follow the configuration. */
  function syncControls(): void {
    controls.sync(cfg);
    if (syncUrl) writeConfigToUrl(cfg);
    plots.setMarkers(cfg.eta, edgeOfStability(cfg.depth, cfg.target).etaCritical, true);
  }

  function exportJson(): string {
    const r = session.current();
    return r ? runToJson(r) : "{}";
  }
  function exportCsv(): string {
    const r = session.current();
    return r ? seriesToCsv(r.series, r.length) : "";
  }

  syncControls();
  plots.build();
  setStatus("loading the wasm core…", null);
  if (options.autorun ?? true) void run().catch(() => {});
  if (plots.wantsBifurcation()) void bifurcation().catch(() => {});

  return {
    element,
    config: () => ({ ...cfg, theta0: [...cfg.theta0] }),
    set(patch) {
      cfg = patchConfig(cfg, patch);
      syncControls();
      if (patch.xlog !== undefined) plots.build();
      return run();
    },
    run,
    bifurcation,
    stop,
    lastRun: () => session.current(),
    exportJson,
    exportCsv,
    backend: () => session.backend(),
    destroy() {
      plots.destroy();
      session.destroy();
      element.replaceChildren();
    },
  };
}
