// <eos-explorer>: one explorer figure dropped into a page, configured by
// attributes with the same names as the explorer's URL parameters:
//   <eos-explorer depth="5" eta="0.4" steps="100000" plots="thetaPerp,lambdaPar" controls="compact">
// `plots` is a comma list of loss, thetaPerp, distPar, lambdaPar, bifurcation;
// `controls` is full, compact (default) or none; `panel` shows the
// predicted-vs-observed panel; `height` is the plot height in px.
// This module is also the entry of the explorer bundle, so it re-exports
// mountExplorer for pages that prefer to call it.
import { ALL_PLOTS, parseConfig, type PlotName } from "./config.js";
import { mountExplorer, type ExplorerHandle } from "./explorer.js";

export { mountExplorer, type ExplorerHandle, type ExplorerOptions, type ExplorerRun } from "./explorer.js";
export { parseConfig, serializeConfig, defaultConfig, presetConfig, type ExplorerConfig } from "./config.js";

export class EosExplorerElement extends HTMLElement {
  handle: ExplorerHandle | null = null;

  connectedCallback(): void {
    if (this.handle) return;
    const attr = (n: string): string | null => this.getAttribute(n) ?? this.getAttribute(n.toLowerCase());
    const config = parseConfig(attr);
    const plots = (attr("plots") ?? "thetaPerp,lambdaPar")
      .split(",")
      .map((s) => s.trim())
      .filter((s): s is PlotName => (ALL_PLOTS as readonly string[]).includes(s));
    const controls = attr("controls");
    this.handle = mountExplorer(this, {
      config,
      plots,
      controls: controls === "full" || controls === "none" ? controls : "compact",
      panel: this.hasAttribute("panel"),
      plotHeight: Number(attr("height")) || 200,
    });
  }

  disconnectedCallback(): void {
    this.handle?.destroy();
    this.handle = null;
  }
}

if (typeof customElements !== "undefined" && !customElements.get("eos-explorer")) {
  customElements.define("eos-explorer", EosExplorerElement);
}
