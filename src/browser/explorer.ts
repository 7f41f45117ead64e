// mountExplorer(element, options): the interactive explorer, on any page.
// Three parts, put together here: the controls (controls.ts: the form and
// the URL), the session with the worker that runs GD (session.ts), and the
// plots (charts.ts). This file lays them out, keeps the configuration, and
// turns the session's events into the status line, the caption, the panel
// and redraws (at most one per animation frame, see charts.ts).
import uplotCss from "uplot/dist/uPlot.min.css";
import { createPlotArea } from "./charts.js";
import {
  ALL_PLOTS,
  bifurcationEtas,
  defaultConfig,
  edgeOf,
  initialConfig,
  patchConfig,
  type ExplorerConfig,
  type PlotName,
} from "./config.js";
import { configFromUrl, createControls, writeConfigToUrl, type ControlsMode } from "./controls.js";
import { h, injectStyle } from "./dom.js";
import explorerCss from "./explorer.css";
import paletteCss from "./palette.css";
import { fmt, sci, stepsLabel } from "./format.js";
import { captionFor } from "./caption.js";
import { renderRegimePanel } from "./panel.js";
import type { ProgressMessage, RunReport } from "./protocol.js";
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
  /** "light", "dark", or "auto" (the default): the host page's background if it sets one, else prefers-color-scheme. */
  theme?: Theme;
  /** Show the status line (steps done, steps/s) and progress bar. Default: true, except with controls "none". */
  status?: boolean;
  /** Show the plain-language caption and the glossary of M, θ⊥, θ∥. Default: true with full controls. */
  caption?: boolean;
  /**
   * Start the worker and the first run only when the element scrolls into
   * view (IntersectionObserver), so that figures far down a page cost
   * nothing until they are read. Default false (the <eos-explorer> element
   * sets it).
   */
  lazy?: boolean;
}

export type Theme = "light" | "dark" | "auto";

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
  /** The last bifurcation diagram that arrived, with the configuration it was computed for, or null. */
  lastBifurcation(): BifurcationResult | null;
  /** Resolves once the worker has answered every request sent so far (late chunks of a stopped run included). */
  settled(): Promise<void>;
  /** Changes the theme ("light", "dark" or "auto") and repaints the plots. */
  setTheme(theme: Theme): void;
  destroy(): void;
}

const STYLE_ID = "eos-explorer-style";
const BIF_KEEP = 32;

/** What a bifurcation diagram depends on: a change of any of these recomputes it. */
const bifurcationKey = (c: ExplorerConfig): string => JSON.stringify([c.model, c.depth, c.target, c.widths, c.input, c.theta0, c.bifFrom, c.bifTo, c.bifCount]);

/** Relative luminance of a CSS rgb()/rgba() colour (WCAG 2), or null if it is transparent or unreadable. */
function luminance(color: string): number | null {
  const m = /rgba?\(([^)]+)\)/.exec(color);
  if (!m) return null;
  const [r, g, b, a = 1] = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
  if (!(a! > 0.5)) return null;
  const lin = (c: number): number => ((c /= 255) <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

/** "dark" or "light" for a theme setting: auto reads the host's background first, then the reader's preference. */
function resolveTheme(el: HTMLElement, theme: Theme): "dark" | "light" {
  if (theme === "dark" || theme === "light") return theme;
  // A host page with a background of its own decides: a light explorer on a dark page glares, and the reverse is unreadable.
  for (let n = el.parentElement; n; n = n.parentElement) {
    const l = luminance(getComputedStyle(n).backgroundColor);
    if (l !== null) return l < 0.2 ? "dark" : "light";
  }
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

export function mountExplorer(element: HTMLElement, options: ExplorerOptions = {}): ExplorerHandle {
  injectStyle(element.ownerDocument, STYLE_ID, `${uplotCss}\n${paletteCss}\n${explorerCss}`);
  const controlsMode = options.controls ?? "full";
  const showPanel = options.panel ?? controlsMode === "full";
  const syncUrl = options.syncUrl ?? false;
  let cfg = initialConfig(syncUrl ? configFromUrl() : defaultConfig(), options.config);

  const showStatus = options.status ?? controlsMode !== "none";
  const showCaption = options.caption ?? controlsMode === "full";
  let theme: Theme = options.theme ?? "auto";

  // ---------- layout ----------
  element.classList.add("eos-explorer", `eos-controls-${controlsMode}`);
  element.replaceChildren();
  const main = h("div", { class: "eos-main" });
  // The status line changes with every frame of a run: not a live region (a screen reader would read each update);
  // the caption, written once when the run ends, is the one that is announced.
  const status = h("div", { class: "eos-status" });
  const progress = h("div", { class: "eos-progress eos-idle" }, h("div", { class: "eos-progress-bar" }));
  const grid = h("div", { class: "eos-plots" });
  const panel = h("div", { class: "eos-panel" });
  const caption = h("div", { class: "eos-caption", role: "status", "aria-live": "polite" });
  if (showStatus) main.append(h("div", { class: "eos-statusline" }, status, progress));
  main.append(grid);
  if (showCaption) main.append(caption, glossary());
  if (showPanel) main.append(panel);

  function setStatus(text: string, frac: number | null): void {
    status.textContent = text;
    const bar = progress.firstElementChild as HTMLElement;
    progress.classList.toggle("eos-idle", frac === null);
    bar.style.width = `${Math.round((frac ?? 0) * 100)}%`;
  }

  function applyTheme(): void {
    element.dataset.eosTheme = resolveTheme(element, theme);
    element.dataset.theme = theme;
  }
  applyTheme();
  const darkQuery = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
  const onScheme = (): void => {
    if (theme !== "auto") return;
    applyTheme();
    plots.retheme();
  };
  darkQuery?.addEventListener("change", onScheme);

  function showCaptionFor(r: RunReport | null, text?: string): void {
    caption.replaceChildren();
    delete caption.dataset.regime;
    if (!r) {
      if (text) caption.append(h("p", { class: "eos-caption-text" }, text));
      return;
    }
    const c = captionFor(r);
    caption.dataset.regime = c.regime;
    caption.append(h("p", { class: "eos-caption-text" }, h("strong", { class: "eos-caption-label" }, `${c.label}.`), " ", c.text));
    for (const n of c.notes) caption.append(h("p", { class: "eos-caption-note" }, n));
  }

  // ---------- session: runs in the worker ----------
  // The newest progress of the run, written into the status line once per frame (not once per chunk).
  let progressShown: ProgressMessage | null = null;
  let lastBif: BifurcationResult | null = null;
  const session = createSession({
    chunk(_run, m) {
      progressShown = m;
      plots.schedule();
    },
    done(run) {
      progressShown = null;
      element.dataset.state = "done";
      const r = run.report!;
      // steps/s counts the steps alone: the analysis after them (observeRun's fits) is not GD's speed.
      const rate = (r.stepsRun / Math.max(r.runMs, 1e-3)) * 1000;
      const div = r.firstNonFiniteStep !== null ? ` · diverged at step ${r.firstNonFiniteStep}` : "";
      setStatus(`${r.stepsRun.toLocaleString("en-US")} steps in ${fmt(r.runMs / 1000, 3)} s (${sci(rate)} steps/s, ${r.backend} backend)${div}`, null);
      if (showPanel) renderRegimePanel(panel, r);
      if (showCaption) showCaptionFor(r);
      plots.schedule();
    },
    bifurcation(m) {
      // A diagram asked for before a switch to the diagonal network arrives late: it is another model's, not shown.
      if (cfg.model === "diagonal") controls.setBifurcationBusy(false);
      if (!plots.hasBifurcation() || cfg.model === "diagonal") return;
      plots.showBifurcation(m.etas, m.values, m.keep, m.labels, bifurcationNote(m.transients, m.capped, m.keep));
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
    progressShown = null;
    element.dataset.state = "running";
    setStatus(`running ${stepsLabel(cfg.steps)} steps…`, 0);
    // The previous run's verdict does not describe this one.
    panel.replaceChildren();
    showCaptionFor(null);
    plots.schedule();
    return done;
  }

  let bifKey = "";
  let bifTimer = 0;
  function bifurcation(): Promise<BifurcationResult> {
    clearTimeout(bifTimer);
    // θ⊥ of the diagonal network needs a projection onto M at every step: no diagram is drawn for it (the worker refuses it too).
    if (cfg.model === "diagonal") {
      setStatus("the bifurcation diagram is drawn for the one-output models only, not the diagonal network", null);
      return Promise.reject(new Error("no bifurcation diagram for the diagonal network"));
    }
    bifKey = bifurcationKey(cfg);
    controls.setBifurcationBusy(true);
    plots.setMarkers(cfg.eta, edgeOf(cfg).etaCritical);
    // null: each column's transient follows the library's rule (bifurcationTransient), capped.
    return session.bifurcation(cfg, bifurcationEtas(cfg), null, BIF_KEEP).then((r) => (lastBif = r));
  }
  /** The diagram shown depends on the model, θ₀ and the η range: recompute it when one of them changed. */
  function refreshBifurcation(): void {
    if (cfg.model === "diagonal") {
      // No diagram for it: the one shown (another model's) is emptied and says why; a later model recomputes its own.
      if (plots.hasBifurcation() && bifKey !== "diagonal") {
        clearTimeout(bifTimer);
        bifKey = "diagonal";
        plots.showBifurcation(new Float64Array(0), new Float64Array(0), BIF_KEEP, [], "No diagram for the diagonal network: it is drawn for the one-output models only.");
      }
      return;
    }
    if (!plots.hasBifurcation() || bifurcationKey(cfg) === bifKey) return;
    clearTimeout(bifTimer);
    bifTimer = window.setTimeout(() => void bifurcation().catch(() => {}), 40);
  }

  function stop(): void {
    const stopped = session.stop();
    if (!stopped) return;
    // Stop is final: the session drops the run's late chunks, and the progress and verdict are reset.
    progressShown = null;
    element.dataset.state = "stopped";
    setStatus(`stopped after ${stopped.length} records`, null);
    panel.replaceChildren();
    showCaptionFor(null, `Stopped after ${stopped.length} records: no verdict for a run that did not finish.`);
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
      const lambdaStar = edgeOf(r.config).lambdaStar;
      // A divergent run's step axis ends where the run stopped, not at the steps it was asked for.
      const stoppedAt = r.report?.firstNonFiniteStep;
      const xMax = typeof stoppedAt === "number" && r.length > 0 ? Math.max(stoppedAt, r.series.step[r.length - 1]!) : r.config.steps;
      const phase = r.theta && r.thetaPar ? { theta: r.theta, thetaPar: r.thetaPar, n: r.length, target: r.config.target } : null;
      return { run: r, done: r.done, series: r.series, length: r.length, xMax, eta: r.config.eta, lambdaStar, phase, tau: r.report?.comparison.tau.observed ?? null };
    },
    drawn() {
      const m = progressShown;
      if (!m) return;
      progressShown = null;
      const rate = (m.stepsDone / Math.max(m.elapsedMs, 1e-3)) * 1000;
      setStatus(`${m.stepsDone.toLocaleString("en-US")} / ${m.stepsTotal.toLocaleString("en-US")} steps · ${sci(rate)} steps/s`, m.stepsDone / m.stepsTotal);
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
    modelChanged: refreshBifurcation,
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
    plots.setMarkers(cfg.eta, edgeOf(cfg).etaCritical);
    refreshBifurcation();
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
  const begin = (): void => {
    if (options.autorun ?? true) void run().catch(() => {});
    if (plots.wantsBifurcation()) {
      if (cfg.model === "diagonal") refreshBifurcation();
      else void bifurcation().catch(() => {});
    }
  };
  let seen: IntersectionObserver | null = null;
  if (options.lazy && typeof IntersectionObserver === "function") {
    // Nothing runs (no worker either) until the figure is on screen.
    element.dataset.state = "waiting";
    setStatus("runs when scrolled into view", null);
    seen = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      seen?.disconnect();
      seen = null;
      setStatus("loading the wasm core…", null);
      begin();
    });
    seen.observe(element);
  } else {
    setStatus("loading the wasm core…", null);
    begin();
  }

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
    lastBifurcation: () => lastBif,
    settled: () => session.settled(),
    setTheme(next) {
      theme = next;
      applyTheme();
      plots.retheme();
    },
    destroy() {
      seen?.disconnect();
      clearTimeout(bifTimer);
      clearTimeout(debounce);
      darkQuery?.removeEventListener("change", onScheme);
      plots.destroy();
      session.destroy();
      element.replaceChildren();
    },
  };
}

/** The bifurcation plot's note: how long each column ran, and how many columns hit the transient's cap. */
function bifurcationNote(transients: number[], capped: boolean[], keep: number): string {
  const lo = Math.min(...transients);
  const hi = Math.max(...transients);
  const n = capped.filter(Boolean).length;
  const range = lo === hi ? `${lo.toLocaleString("en-US")}` : `${lo.toLocaleString("en-US")} to ${hi.toLocaleString("en-US")}`;
  const base = `Each column: the last ${keep} values of θ⊥ after ${range} steps (longer near η_c, where GD approaches its attractor slowly).`;
  return n ? `${base} ${n} column${n > 1 ? "s" : ""} next to η_c hit the ${hi.toLocaleString("en-US")}-step cap and may not have settled.` : base;
}

/**
 * What M, θ⊥ and θ∥ are, for a reader who has not met them: a small labelled
 * drawing (the valley of minima M, a point θ off it, its nearest point θ∥ on
 * M, the distance θ⊥ across) and three definitions (docs/design.md §1).
 */
function glossary(): HTMLElement {
  const svg = `<svg viewBox="0 0 220 120" width="220" height="120" role="img" aria-label="The valley of minima M as a curve, a point θ above it, its nearest point θ∥ on M, the distance θ⊥ between them, and the flattest point θ∥* on M">
  <path d="M10 100 C 60 30, 150 30, 210 95" fill="none" stroke="currentColor" stroke-width="2"/>
  <text x="196" y="84" font-size="13" fill="currentColor">M</text>
  <circle cx="84" cy="16" r="3.5" fill="currentColor"/><text x="92" y="14" font-size="13" fill="currentColor">θ</text>
  <circle cx="88" cy="49" r="3.5" fill="none" stroke="currentColor" stroke-width="1.5"/><text x="56" y="68" font-size="13" fill="currentColor">θ∥</text>
  <line x1="84.5" y1="19" x2="87.5" y2="45.5" stroke="currentColor" stroke-dasharray="3 2"/><text x="92" y="36" font-size="13" fill="currentColor">θ⊥</text>
  <circle cx="140" cy="48" r="3.5" fill="currentColor"/><text x="146" y="64" font-size="13" fill="currentColor">θ∥*</text>
</svg>`;
  const d = h(
    "details",
    { class: "eos-glossary" },
    h("summary", {}, "What are M, θ⊥ and θ∥?"),
  );
  const fig = h("div", { class: "eos-glossary-figure" });
  fig.innerHTML = svg;
  d.append(
    fig,
    h(
      "dl",
      {},
      h("dt", {}, "M"),
      h("dd", {}, "The valley of minima: every θ with f(θ) = y, where the loss is zero. For f = ab it is the hyperbola ab = y. The minima on it are not equally sharp."),
      h("dt", {}, "θ∥"),
      h("dd", {}, "The point of M nearest to θ: where along the valley GD is. λ(θ∥) is the sharpness there; θ∥* is the flattest point of M, whose sharpness is λ*, and η_c = 2/λ*."),
      h("dt", {}, "θ⊥"),
      h("dd", {}, "How far θ is from M, across the valley (with a sign: which side). When GD bounces across the valley, θ⊥ changes sign at every step."),
    ),
  );
  return d;
}
