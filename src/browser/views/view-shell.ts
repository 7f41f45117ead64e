// The frame every view shares: a title, a row of controls, a status line, a row of numbers, the figure and a
// caption, inside a root with the explorer's colour properties (../palette.css). The host element carries the state
// (data-state: running, done or error) and the last result (.result), for pages and tests.
import { h } from "../dom.js";
import type { ViewResult } from "./view-protocol.js";
import { Superseded } from "./view-client.js";

export type ViewTheme = "light" | "dark" | "auto";

/** A host element as the views use it: the custom element, or any element a page mounts a view into. */
export type ViewHost = HTMLElement & { result?: ViewResult | null };

export interface ViewShell {
  root: HTMLDivElement;
  controls: HTMLDivElement;
  status: HTMLParagraphElement;
  numbers: HTMLDListElement;
  figure: HTMLDivElement;
  caption: HTMLParagraphElement;
  running(text: string): void;
  done(result: ViewResult, text: string): void;
  failed(message: string): void;
  /** Sets the numbers: each with a data-field name, the shown text and the full value (data-value). */
  setNumbers(items: { field: string; label: string; text: string; value: number | string | null }[]): void;
  setTheme(theme: ViewTheme): void;
  destroy(): void;
}

const dark = (theme: ViewTheme): boolean =>
  theme === "dark" || (theme === "auto" && typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches);

export function createViewShell(host: ViewHost, kind: string, title: string, theme: ViewTheme): ViewShell {
  const controls = h("div", { class: "eos-view-controls" });
  const status = h("p", { class: "eos-view-status", role: "status", "aria-live": "polite" });
  const numbers = h("dl", { class: "eos-view-numbers" });
  const figure = h("div", { class: "eos-view-figure" });
  const caption = h("p", { class: "eos-view-caption" });
  const root = h("div", { class: "eos-view", "data-view": kind }, h("h3", { class: "eos-view-title" }, title), controls, status, numbers, figure, caption);
  host.replaceChildren(root);
  const setTheme = (t: ViewTheme) => root.setAttribute("data-eos-theme", dark(t) ? "dark" : "light");
  setTheme(theme);
  const state = (s: string) => {
    host.dataset.state = s;
    root.dataset.state = s;
  };
  state("idle");
  return {
    root, controls, status, numbers, figure, caption,
    running(text) {
      state("running");
      status.classList.remove("eos-view-error");
      status.textContent = text;
    },
    done(result, text) {
      host.result = result;
      state("done");
      status.classList.remove("eos-view-error");
      status.textContent = text;
      // Announced to the page as well (a page can redraw around a view).
      host.dispatchEvent(new CustomEvent("eos-view-result", { detail: result }));
    },
    failed(message) {
      host.result = null;
      state("error");
      status.classList.add("eos-view-error");
      status.textContent = message;
    },
    setNumbers(items) {
      numbers.replaceChildren(
        ...items.map((it) =>
          h("div", { class: "eos-view-number", "data-field": it.field, "data-value": it.value === null ? "null" : String(it.value) }, h("dt", {}, it.label), h("dd", {}, it.text)),
        ),
      );
    },
    setTheme,
    destroy() {
      root.remove();
    },
  };
}

/** The fields of o that are not undefined (attributes a page left out must not override the defaults). */
export function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A labelled control: <label>text <control></label>. */
export function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  return h("label", { class: "eos-view-field" }, h("span", {}, text), control);
}

/** Calls fn once input has paused for ms (a slider being dragged starts one run, at the end). */
export function debounce(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const d = () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
  d.cancel = () => clearTimeout(timer);
  return d;
}

/** Numbers as shown: 4 significant digits, plain for moderate sizes. */
export function show(x: number | null, digits = 4): string {
  if (x === null || !Number.isFinite(x)) return "—";
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? x.toExponential(digits - 1) : String(+x.toPrecision(digits));
}

/** A mounted view: its frame, and how to take it off the page. */
export interface ViewHandle {
  shell: ViewShell;
  destroy(): void;
}

/**
 * Runs `run` now, and again `ms` after the last call of the returned `later` (a control moved): a run that a newer
 * one superseded ends silently, a failed one shows its message on the page.
 */
export function rerunning(shell: ViewShell, ms: number, run: () => Promise<void>): { later: () => void; handle: ViewHandle } {
  const go = () =>
    run().catch((e: unknown) => {
      if (!(e instanceof Superseded)) shell.failed(`Could not run: ${e instanceof Error ? e.message : String(e)}`);
    });
  const later = debounce(() => void go(), ms);
  void go();
  return { later, handle: { shell, destroy: () => (later.cancel(), shell.destroy()) } };
}
