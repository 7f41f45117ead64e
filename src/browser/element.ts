// <eos-explorer>: one explorer figure dropped into a page, configured by
// attributes with the same names as the explorer's URL parameters:
//   <eos-explorer depth="5" eta="0.4" steps="100000" plots="thetaPerp,lambdaPar" controls="compact">
// `plots` is a comma list of loss, thetaPerp, distPar, lambdaPar, bifurcation;
// `controls` is full, compact (default) or none; `panel` shows the
// predicted-vs-observed panel; `height` is the plot height in px; `theme` is
// light, dark or auto (default); `status="off"` hides the status line (it is
// off with controls="none"). The attributes are observed: changing one after
// the element is on the page reconfigures it (and reruns), as frameworks
// (React, Svelte, Vue) expect. A figure starts its worker and its run when it
// scrolls into view.
// This module is also the entry of the explorer bundle, so it re-exports
// mountExplorer for pages that prefer to call it.
import { ALL_PLOTS, parseConfig, type ExplorerConfig, type PlotName } from "./config.js";
import { mountExplorer, type ExplorerHandle, type Theme } from "./explorer.js";

export { mountExplorer, type ExplorerHandle, type ExplorerOptions, type ExplorerRun, type Theme } from "./explorer.js";
export { parseConfig, serializeConfig, defaultConfig, presetConfig, type ExplorerConfig } from "./config.js";

/** Attributes that describe the run: a change reconfigures and reruns. */
const CONFIG_ATTRIBUTES = ["model", "depth", "p", "target", "y", "widths", "input", "eta", "etafrac", "init", "steps", "points", "xlog", "bif"];
/** Attributes that change the layout: a change rebuilds the figure. */
const LAYOUT_ATTRIBUTES = ["plots", "controls", "panel", "height", "status"];

const asTheme = (v: string | null): Theme => (v === "dark" || v === "light" ? v : "auto");

export class EosExplorerElement extends HTMLElement {
  static get observedAttributes(): string[] {
    return [...CONFIG_ATTRIBUTES, ...LAYOUT_ATTRIBUTES, "theme"];
  }

  handle: ExplorerHandle | null = null;
  /** The configuration the attributes gave at the last mount or change (so a change is applied as a patch). */
  private fromAttributes: ExplorerConfig | null = null;
  private pending = { config: false, layout: false };

  private attr(n: string): string | null {
    // HTML lowercases attribute names (etaFrac is etafrac); an XML document keeps them as written.
    return this.getAttribute(n) ?? this.getAttribute(n.toLowerCase());
  }

  private mount(): void {
    const config = parseConfig((n) => this.attr(n));
    this.fromAttributes = config;
    const plots = (this.attr("plots") ?? "thetaPerp,lambdaPar")
      .split(",")
      .map((s) => s.trim())
      .filter((s): s is PlotName => (ALL_PLOTS as readonly string[]).includes(s));
    const controls = this.attr("controls");
    const mode = controls === "full" || controls === "none" ? controls : "compact";
    const status = this.attr("status");
    this.handle = mountExplorer(this, {
      config,
      plots,
      controls: mode,
      panel: this.hasAttribute("panel"),
      plotHeight: Number(this.attr("height")) || 200,
      theme: asTheme(this.attr("theme")),
      status: status === "off" || status === "false" ? false : status === "on" || status === "true" ? true : undefined,
      lazy: true,
    });
  }

  connectedCallback(): void {
    if (this.handle) return;
    this.mount();
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (!this.handle || old === value) return;
    if (name === "theme") {
      this.handle.setTheme(asTheme(value));
      return;
    }
    // Several attributes set in one go (a framework's render) make one change, applied after the current task.
    const first = !this.pending.config && !this.pending.layout;
    if (LAYOUT_ATTRIBUTES.includes(name)) this.pending.layout = true;
    else this.pending.config = true;
    if (first) queueMicrotask(() => this.applyChanges());
  }

  private applyChanges(): void {
    const { layout, config } = this.pending;
    this.pending = { config: false, layout: false };
    if (!this.handle) return;
    if (layout) {
      this.handle.destroy();
      this.mount();
      return;
    }
    if (!config || !this.fromAttributes) return;
    // Only what the attributes changed is patched: what the reader set with the controls (the slider) stays.
    const next = parseConfig((n) => this.attr(n));
    const before = this.fromAttributes;
    this.fromAttributes = next;
    const patch: Partial<ExplorerConfig> = {};
    for (const k of Object.keys(next) as (keyof ExplorerConfig)[]) {
      if (JSON.stringify(next[k]) !== JSON.stringify(before[k])) (patch as Record<string, unknown>)[k] = next[k];
    }
    // A new depth or target brings its own start and η unless those were given too (parseConfig filled them in).
    if (patch.depth !== undefined || patch.target !== undefined) {
      patch.theta0 = next.theta0;
      patch.eta = next.eta;
    }
    if (Object.keys(patch).length) void this.handle.set(patch).catch(() => {});
  }

  disconnectedCallback(): void {
    this.handle?.destroy();
    this.handle = null;
  }
}

if (typeof customElements !== "undefined" && !customElements.get("eos-explorer")) {
  customElements.define("eos-explorer", EosExplorerElement);
}
