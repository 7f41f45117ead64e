// <eos-view>: the explorer's catapult, sharpening and regime-map views, one per element, chosen by `view`:
//   <eos-view view="catapult" width="512" seed="0" etafrac="1.5"></eos-view>
//   <eos-view view="sharpening" model="tanh-mlp" eta="0.002" steps="800"></eos-view>
//   <eos-view view="regime-map" src="sweep.jsonl"></eos-view>
// `theme` is light, dark or auto (default). Changing an attribute rebuilds the view (for regime-map, a new src
// loads that file). Each view runs its work in a worker of its own (view-worker.ts), started when the element
// first scrolls into view (data-state="waiting" until then). This module is the entry of
// the views bundle, dist/eos-views.js (scripts/bundle-browser.mjs).
import paletteCss from "../palette.css";
import viewsCss from "./views.css";
import { injectStyle } from "../dom.js";
import { mountCatapultView } from "./catapult-view.js";
import { mountSharpeningView } from "./sharpening-view.js";
import { mountRegimeMapView, type RegimeMapViewHandle } from "./regime-map-view.js";
import { createViewClient, type ViewClient } from "./view-client.js";
import { createViewShell, type ViewHandle, type ViewTheme } from "./view-shell.js";
import type { ViewResult } from "./view-protocol.js";

export { mountCatapultView, mountSharpeningView, mountRegimeMapView, createViewClient };

const injectStyles = (doc: Document): void => injectStyle(doc, "eos-view-styles", `${paletteCss}\n${viewsCss}`);
const asTheme = (v: string | null): ViewTheme => (v === "dark" || v === "light" ? v : "auto");
const num = (v: string | null): number | undefined => (v === null || v.trim() === "" || !Number.isFinite(Number(v)) ? undefined : Number(v));

export class EosViewElement extends HTMLElement {
  static get observedAttributes(): string[] {
    return ["view", "width", "seed", "etafrac", "steps", "model", "eta", "src", "theme"];
  }

  result: ViewResult | null = null;
  private handle: ViewHandle | RegimeMapViewHandle | null = null;
  private client: ViewClient | null = null;
  private queued = false;
  private observer: IntersectionObserver | null = null;

  private attr(n: string): string | null {
    return this.getAttribute(n) ?? this.getAttribute(n.toLowerCase());
  }

  private mount(): void {
    injectStyles(this.ownerDocument);
    this.client ??= createViewClient();
    const theme = asTheme(this.attr("theme"));
    const view = this.attr("view");
    const steps = num(this.attr("steps"));
    if (view === "catapult") {
      this.handle = mountCatapultView(this, { width: num(this.attr("width")), seed: num(this.attr("seed")), etaFrac: num(this.attr("etaFrac")), steps }, this.client, theme);
    } else if (view === "sharpening") {
      const model = this.attr("model") === "deep-linear-data" ? "deep-linear-data" : "tanh-mlp";
      this.handle = mountSharpeningView(this, { model, eta: num(this.attr("eta")), steps }, this.client, theme);
    } else if (view === "regime-map") {
      this.handle = mountRegimeMapView(this, this.attr("src"), this.client, theme);
    } else {
      const shell = createViewShell(this, "unknown", "eoslab view", theme);
      shell.failed(`Unknown view ${JSON.stringify(view)}: use view="catapult", "sharpening" or "regime-map"`);
      this.handle = { shell, destroy: () => shell.destroy() };
    }
  }

  connectedCallback(): void {
    if (this.handle || this.observer) return;
    injectStyles(this.ownerDocument);
    // Like <eos-explorer>: a view starts its worker and its run when it scrolls into view, so three views on a
    // student's laptop do not run at once while only one is read.
    if (typeof IntersectionObserver === "undefined") {
      this.mount();
      return;
    }
    this.dataset.state = "waiting";
    this.observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      this.observer?.disconnect();
      this.observer = null;
      if (!this.handle && this.isConnected) this.mount();
    }, { rootMargin: "100px" });
    this.observer.observe(this);
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (!this.handle || old === value) return;
    if (name === "theme") {
      this.handle.shell.setTheme(asTheme(value));
      return;
    }
    if (name === "src" && "loadUrl" in this.handle && this.attr("view") === "regime-map") {
      if (value) void this.handle.loadUrl(value);
      return;
    }
    // Several attributes set at once make one rebuild.
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      this.handle?.destroy();
      this.mount();
    });
  }

  disconnectedCallback(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.handle?.destroy();
    this.handle = null;
    this.client?.destroy();
    this.client = null;
  }
}

if (typeof customElements !== "undefined" && !customElements.get("eos-view")) {
  customElements.define("eos-view", EosViewElement);
}
