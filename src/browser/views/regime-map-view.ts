// The regime-map view (docs/sweeps.md): load a merged sweep JSONL file (a file input, drag and drop, or the
// element's src URL) and draw it with the library's figures: the regime map for two axes, the bifurcation or
// attractor diagram for one. Reading and drawing happen in the worker; a bad file gets one line on the page.
import { h } from "../dom.js";
import type { RegimeMapViewResult } from "./view-compute.js";
import { Superseded, type ViewClient } from "./view-client.js";
import { createViewShell, type ViewHandle, type ViewHost, type ViewTheme } from "./view-shell.js";

export interface RegimeMapViewHandle extends ViewHandle {
  /** Loads a file (as the file input and a drop do). */
  load(file: Blob, name: string): Promise<void>;
  /** Loads a URL, relative to the page. */
  loadUrl(src: string): Promise<void>;
}

export function mountRegimeMapView(host: ViewHost, src: string | null, client: ViewClient, theme: ViewTheme): RegimeMapViewHandle {
  const shell = createViewShell(host, "regime-map", "Regime map of a sweep", theme);
  const input = h("input", { type: "file", accept: ".jsonl,.json,.txt,application/json,text/plain", "aria-label": "merged sweep JSONL file" });
  const drop = h("div", { class: "eos-view-drop", tabindex: 0 }, "Drop a merged sweep file here (eoslab merge --out sweep.jsonl), or ", h("label", { class: "eos-view-file" }, "choose a file", input));
  shell.controls.append(drop);
  shell.status.textContent = "No sweep loaded yet.";

  const show = async (name: string, req: { file?: Blob; url?: string }) => {
    shell.running(`reading ${name} …`);
    try {
      const { result, elapsedMs } = await client.run({ type: "regime-map", name, ...req });
      const r = result as RegimeMapViewResult;
      shell.setNumbers([
        { field: "figure", label: "figure", text: r.figure.replace("-", " "), value: r.figure },
        { field: "axes", label: "axes", text: r.axes.join(" × "), value: r.axes.join(",") },
        { field: "points", label: "grid points", text: `${r.points} of ${r.count}`, value: r.points },
        { field: "labels", label: "observed", text: r.labels.map((l) => `${l.label} ${l.points}`).join(", "), value: r.labels.map((l) => l.label).join(",") },
      ]);
      shell.figure.innerHTML = r.svg;
      shell.caption.textContent = r.figure === "regime-map"
        ? "Each cell is one grid point, coloured by the regime its run was observed in; the dashed line is η = η_c = 2/λ*, where the theory puts the edge of stability. Hover a cell for its coordinates."
        : "Each column is one grid point: the last values of θ⊥ (the signed distance to the minima) its run visits, coloured by the observed regime. One dot: convergence; two: a period-2 orbit; many: period doubling and chaos.";
      shell.done(r, `${name}: ${r.title} (${(elapsedMs / 1000).toFixed(2)} s)`);
    } catch (e) {
      if (e instanceof Superseded) return;
      shell.figure.replaceChildren();
      shell.numbers.replaceChildren();
      shell.caption.textContent = "";
      shell.failed(`Could not draw ${name}: ${(e as Error).message}`);
    }
  };
  const load = (file: Blob, name: string) => show(name, { file });
  const loadUrl = (url: string) => {
    let abs: string;
    try {
      abs = new URL(url, host.ownerDocument.baseURI).href;
    } catch {
      shell.failed(`Could not draw ${url}: not a URL`);
      return Promise.resolve();
    }
    return show(url.split("/").pop() || url, { url: abs });
  };
  // The box is focusable: Enter or Space opens the file picker, as a click on "choose a file" does.
  drop.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter" && ev.key !== " ") return;
    ev.preventDefault();
    input.click();
  });
  input.addEventListener("change", () => {
    const f = input.files?.[0];
    if (f) void load(f, f.name);
  });
  drop.addEventListener("dragover", (ev) => {
    ev.preventDefault();
    drop.classList.add("eos-view-drop-over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("eos-view-drop-over"));
  drop.addEventListener("drop", (ev) => {
    ev.preventDefault();
    drop.classList.remove("eos-view-drop-over");
    const f = ev.dataTransfer?.files?.[0];
    if (f) void load(f, f.name);
    else shell.failed("Could not draw the dropped item: it is not a file");
  });
  if (src) void loadUrl(src);
  return { shell, load, loadUrl, destroy: () => shell.destroy() };
}
