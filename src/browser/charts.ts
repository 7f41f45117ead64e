// The explorer's plots, on uPlot: four time series of a run and the
// bifurcation diagram. Log axes are drawn by plotting log₁₀ of the values
// on a linear scale, labelled 10ᵏ: uPlot's own log scales stop at 10⁻³²,
// and a converged loss goes down to 10⁻³⁰⁰. What a log cannot show (zero,
// negative, non-finite) becomes a gap, never an invented value. The plot
// area at the end lays them out for the explorer and redraws them at most
// once per animation frame.
import uPlot from "uplot";
import type { Regime } from "../theory/regime.js";
import type { PlotName } from "./config.js";
import { h } from "./dom.js";
import type { SeriesChunk } from "./protocol.js";

export type SeriesPlot = "loss" | "thetaPerp" | "distPar" | "lambdaPar";

export const PLOT_TITLES: Record<SeriesPlot | "bifurcation", string> = {
  loss: "loss ℓ(θₜ)",
  thetaPerp: "|θ⊥ₜ|, distance across M",
  distPar: "‖θ∥ₜ − θ∥*‖, distance along M to the flattest minimum",
  lambdaPar: "sharpness λ(θ∥ₜ) on M, against 2/η and λ*",
  bifurcation: "bifurcation diagram: the last θ⊥ values of each run, over η",
};

const INK = "#1f2933";
const GRID = "rgba(31,41,51,0.08)";
export const COLORS = {
  loss: "#2563eb",
  thetaPerp: "#c2410c",
  distPar: "#047857",
  lambdaPar: "#7c3aed",
  lambdaAt: "rgba(217,119,6,0.45)",
  twoOverEta: "#dc2626",
  lambdaStar: "#0f766e",
  bif: "rgba(31,41,51,0.55)",
  marker: "#dc2626",
};

const SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";
/** 10ᵏ-style label of an integer exponent k. */
function pow10Label(k: number): string {
  if (k >= 0 && k <= 3) return String(Math.pow(10, k));
  const digits = String(Math.abs(k)).split("").map((d) => SUP[Number(d)]).join("");
  return `10${k < 0 ? "⁻" : ""}${digits}`;
}

function compact(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(1).replace("e+", "e");
  return String(Number(v.toPrecision(4)));
}

/** Integer exponents between min and max, at most ~7 of them, on a 1-2-5 stride. */
function decadeSplits(_u: uPlot, _axis: number, min: number, max: number): number[] {
  const span = Math.max(1, Math.ceil(max) - Math.floor(min));
  const stride = [1, 2, 5, 10, 20, 50, 100].find((s) => span / s <= 7) ?? 100;
  const out: number[] = [];
  for (let k = Math.ceil(min / stride) * stride; k <= max + 1e-9; k += stride) out.push(k);
  return out;
}

function axis(log: boolean, label?: string): uPlot.Axis {
  const base: uPlot.Axis = {
    stroke: INK,
    grid: { stroke: GRID, width: 1 },
    ticks: { stroke: GRID, width: 1 },
    font: "11px system-ui, sans-serif",
    labelFont: "12px system-ui, sans-serif",
    label,
    labelSize: label ? 18 : 0,
    size: 50,
  };
  if (log) {
    base.splits = decadeSplits;
    base.values = (_u, splits) => splits.map((k) => (k == null ? "" : pow10Label(Math.round(k))));
  } else {
    base.values = (_u, splits) => splits.map((v) => (v == null ? "" : compact(v)));
  }
  return base;
}

export interface SeriesPlotState {
  plot: uPlot;
  name: SeriesPlot;
  xlog: boolean;
}

/** log₁₀ of the values a log axis can show; the rest become gaps. */
function log10OrNull(a: ArrayLike<number>, n: number, from: number, abs: boolean): (number | null)[] {
  const out = new Array<number | null>(n - from);
  for (let i = from; i < n; i++) {
    const v = abs ? Math.abs(a[i]!) : a[i]!;
    out[i - from] = v > 0 && Number.isFinite(v) ? Math.log10(v) : null;
  }
  return out;
}

function finiteOrNull(a: ArrayLike<number>, n: number, from: number): (number | null)[] {
  const out = new Array<number | null>(n - from);
  for (let i = from; i < n; i++) out[i - from] = Number.isFinite(a[i]!) ? a[i]! : null;
  return out;
}

const fmtValue = (_u: uPlot, v: number | null): string => (v == null ? "–" : v.toPrecision(6));
const fmtLogValue = (_u: uPlot, v: number | null): string => (v == null ? "–" : Math.pow(10, v).toPrecision(4));

export function createSeriesPlot(name: SeriesPlot, target: HTMLElement, width: number, height: number, xlog: boolean): SeriesPlotState {
  const ylog = name !== "lambdaPar";
  const series: uPlot.Series[] = [{ label: "step", value: xlog ? (_u, v) => (v == null ? "–" : String(Math.round(Math.pow(10, v)))) : undefined }];
  if (name === "lambdaPar") {
    series.push(
      { label: "λ(θ∥)", stroke: COLORS.lambdaPar, width: 1.4, value: fmtValue },
      // λ(θ) at the iterate swings with the oscillation across M (docs/design.md §1, "λ(θ∥) is not λ(θ)"): hidden until its legend entry is clicked.
      { label: "λ(θ)", stroke: COLORS.lambdaAt, width: 1, value: fmtValue, show: false },
      { label: "2/η", stroke: COLORS.twoOverEta, width: 1.5, dash: [6, 4], value: fmtValue, points: { show: false } },
      { label: "λ*", stroke: COLORS.lambdaStar, width: 1.5, dash: [2, 3], value: fmtValue, points: { show: false } },
    );
  } else {
    const label = name === "loss" ? "ℓ" : name === "thetaPerp" ? "|θ⊥|" : "dist∥";
    series.push({ label, stroke: COLORS[name], width: 1.4, value: fmtLogValue });
  }
  const opts: uPlot.Options = {
    width,
    height,
    series,
    scales: { x: { time: false, auto: false }, y: { auto: false } },
    axes: [axis(xlog, "step t"), axis(ylog)],
    legend: { show: true, live: true },
    cursor: { drag: { x: true, y: false }, points: { size: 5 } },
    padding: [8, 22, 0, 0],
  };
  const data: uPlot.AlignedData = [[], ...series.slice(1).map(() => [])] as unknown as uPlot.AlignedData;
  return { plot: new uPlot(opts, data, target), name, xlog };
}

/**
 * Feeds the first `n` records of a run to a plot. `xMax` fixes the step axis
 * to the whole run, so a streaming run grows from left to right.
 */
export function updateSeriesPlot(st: SeriesPlotState, s: SeriesChunk, n: number, xMax: number, eta: number, lambdaStar: number): void {
  // A log step axis cannot show step 0.
  const from = st.xlog && n > 0 && s.step[0] === 0 ? 1 : 0;
  const x = st.xlog ? Array.from(s.step.subarray(from, n), Math.log10) : Array.from(s.step.subarray(from, n));
  let data: (number | null)[][];
  if (st.name === "lambdaPar") {
    data = [finiteOrNull(s.lambdaPar, n, from), finiteOrNull(s.lambdaAt, n, from), x.map(() => 2 / eta), x.map(() => lambdaStar)];
  } else {
    data = [log10OrNull(s[st.name], n, from, st.name === "thetaPerp")];
  }
  st.plot.batch(() => {
    st.plot.setData([x, ...data] as unknown as uPlot.AlignedData, false);
    const top = Math.max(xMax, 2);
    st.plot.setScale("x", st.xlog ? { min: 0, max: Math.log10(top) } : { min: 0, max: top });
    if (st.name === "lambdaPar") {
      // Keep 2/η, λ* and all of λ(θ∥) in view; λ(θ) off M may leave it.
      let lo = Math.min(2 / eta, lambdaStar);
      let hi = Math.max(2 / eta, lambdaStar);
      for (const v of data[0]!) if (v !== null) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
      const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.02 || 1;
      st.plot.setScale("y", { min: lo - pad, max: hi + pad });
    } else {
      st.plot.setScale("y", decadeRange(data[0]!));
    }
  });
}

/** Whole decades (in log₁₀ units) around the values. */
function decadeRange(v: (number | null)[]): { min: number; max: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) if (x !== null) (lo = Math.min(lo, x)), (hi = Math.max(hi, x));
  if (!(lo < Infinity)) return { min: -3, max: 0 };
  const a = Math.floor(lo);
  let b = Math.ceil(hi);
  if (b <= a) b = a + 1;
  return { min: a, max: b };
}

export interface BifurcationPlotState {
  plot: uPlot;
  markers: { etaCritical: number; eta: number };
  /** The η values and observed labels of the last diagram (divergent columns are shaded). */
  columns: { etas: Float64Array; labels: (Regime | null)[] };
}

/** The bifurcation diagram: one points-only series per kept step, vertical markers at η_c and the current η. */
export function createBifurcationPlot(target: HTMLElement, width: number, height: number, keep: number): BifurcationPlotState {
  const markers = { etaCritical: NaN, eta: NaN };
  const columns: BifurcationPlotState["columns"] = { etas: new Float64Array(0), labels: [] };
  const series: uPlot.Series[] = [{ label: "η" }];
  for (let i = 0; i < keep; i++) {
    series.push({ label: `θ⊥ ${i}`, stroke: COLORS.bif, paths: () => null, points: { show: true, size: 2.5, width: 0, fill: COLORS.bif, stroke: COLORS.bif } });
  }
  const drawMarkers = (u: uPlot): void => {
    const ctx = u.ctx;
    const { top, height: h } = u.bbox;
    const lines: [number, string, string][] = [
      [markers.etaCritical, COLORS.lambdaStar, "η_c = 2/λ*"],
      [markers.eta, COLORS.marker, "η"],
    ];
    ctx.save();
    ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`;
    // Shade the runs that diverged: no attractor there.
    const { etas, labels } = columns;
    const half = etas.length > 1 ? (etas[1]! - etas[0]!) / 2 : 0;
    for (let i = 0; i < etas.length; i++) {
      if (labels[i] !== "divergent") continue;
      let j = i;
      while (j + 1 < etas.length && labels[j + 1] === "divergent") j++;
      const x0 = u.valToPos(etas[i]! - half, "x", true);
      const x1 = Math.min(u.valToPos(etas[j]! + half, "x", true), u.bbox.left + u.bbox.width);
      ctx.fillStyle = "rgba(220,38,38,0.07)";
      ctx.fillRect(x0, top, x1 - x0, h);
      ctx.fillStyle = "rgba(153,27,27,0.8)";
      ctx.textAlign = "center";
      if (x1 - x0 > 60 * devicePixelRatio) ctx.fillText("divergent", (x0 + x1) / 2, top + h / 2);
      i = j;
    }
    ctx.textAlign = "left";
    ctx.textBaseline = "alphabetic";
    for (const [v, color, text] of lines) {
      if (!Number.isFinite(v)) continue;
      const x = Math.round(u.valToPos(v, "x", true));
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = devicePixelRatio;
      ctx.setLineDash(text === "η" ? [] : [5 * devicePixelRatio, 4 * devicePixelRatio]);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + h);
      ctx.stroke();
      // η_c is labelled at the top, the current η at the bottom, so the two never overlap;
      // near the right edge a label goes to the left of its line.
      const y = text === "η" ? top + h - 6 * devicePixelRatio : top + 14 * devicePixelRatio;
      const label = text === "η" ? `η = ${v.toPrecision(4)}` : text;
      const w = ctx.measureText(label).width;
      const right = x + 4 * devicePixelRatio + w < u.bbox.left + u.bbox.width;
      ctx.fillText(label, right ? x + 4 * devicePixelRatio : x - 4 * devicePixelRatio - w, y);
    }
    ctx.restore();
  };
  const opts: uPlot.Options = {
    width,
    height,
    series,
    scales: { x: { time: false }, y: { auto: false, range: (_u, a, b) => [a, b] } },
    axes: [axis(false, "step size η"), axis(false, "θ⊥ (last values)")],
    legend: { show: false },
    cursor: { drag: { x: true, y: false }, points: { show: false } },
    hooks: { draw: [drawMarkers] },
    padding: [8, 22, 0, 0],
  };
  const data = [[], ...series.slice(1).map(() => [])] as unknown as uPlot.AlignedData;
  return { plot: new uPlot(opts, data, target), markers, columns };
}

export function updateBifurcationPlot(st: BifurcationPlotState, etas: Float64Array, values: Float64Array, keep: number, labels: (Regime | null)[]): void {
  st.columns.etas = etas;
  st.columns.labels = labels;
  const cols: (number | null)[][] = [];
  for (let k = 0; k < keep; k++) {
    const col = new Array<number | null>(etas.length);
    for (let e = 0; e < etas.length; e++) {
      const v = values[e * keep + k]!;
      col[e] = Number.isFinite(v) ? v : null;
    }
    cols.push(col);
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const col of cols) for (const v of col) if (v !== null) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const pad = Number.isFinite(hi - lo) ? Math.max((hi - lo) * 0.06, 1e-3) : 1;
  st.plot.batch(() => {
    st.plot.setData([Array.from(etas), ...cols] as unknown as uPlot.AlignedData);
    if (Number.isFinite(lo)) st.plot.setScale("y", { min: lo - pad, max: hi + pad });
  });
}

/** What the series plots draw: the first `length` records of a run of `steps` steps, with 2/η and λ*. */
export interface PlotSource {
  series: SeriesChunk;
  length: number;
  steps: number;
  eta: number;
  lambdaStar: number;
}

export interface PlotAreaOptions {
  /** The explorer's root (its width is the fallback before the grid is laid out). */
  root: HTMLElement;
  /** The series plots go here, two columns when there is room. */
  grid: HTMLElement;
  /** The bifurcation plot is appended here, under the grid, full width. */
  main: HTMLElement;
  /** Which plots, in order. */
  plots: PlotName[];
  plotHeight: number;
  /** θ⊥ values per η in the bifurcation plot. */
  keep: number;
  /** The step axis: log or linear (read at each build). */
  xlog(): boolean;
  /** The run to draw, or null before the first. */
  source(): PlotSource | null;
}

export interface PlotArea {
  /** (Re)creates the series plots, and the bifurcation plot if it is wanted and not there yet; then draws. */
  build(): void;
  /** Draws at the next animation frame (at most once per frame however many chunks arrive). */
  schedule(): void;
  /** Whether the bifurcation plot was asked for (in `plots` or by showBifurcation). */
  wantsBifurcation(): boolean;
  /** Whether the bifurcation plot exists. */
  hasBifurcation(): boolean;
  /** Asks for the bifurcation plot and creates it if it is not there yet. */
  addBifurcation(): void;
  /** Moves the bifurcation plot's η and η_c markers; `redraw` draws them now. */
  setMarkers(eta: number, etaCritical: number, redraw: boolean): void;
  /** Draws a diagram into the bifurcation plot (if there is one). */
  showBifurcation(etas: Float64Array, values: Float64Array, keep: number, labels: (Regime | null)[]): void;
  destroy(): void;
}

/** The explorer's plots: a grid of series plots and, on request, the bifurcation plot; resized with the page. */
export function createPlotArea(o: PlotAreaOptions): PlotArea {
  const plots = [...o.plots];
  const seriesPlots: SeriesPlotState[] = [];
  let bif: BifurcationPlotState | null = null;
  let bifHolder: HTMLElement | null = null;
  const figure = (name: PlotName, cls: string): HTMLElement => h("figure", { class: cls, "data-plot": name }, h("figcaption", {}, PLOT_TITLES[name]));
  const plotWidth = (): number => {
    const w = o.grid.clientWidth || o.root.clientWidth || 640;
    const cols = plots.filter((p) => p !== "bifurcation").length > 1 && w >= 700 ? 2 : 1;
    return Math.max(260, Math.floor((w - (cols - 1) * 16) / cols) - 2);
  };

  function draw(): void {
    const s = o.source();
    if (!s) return;
    for (const p of seriesPlots) updateSeriesPlot(p, s.series, s.length, s.steps, s.eta, s.lambdaStar);
  }
  let frame = 0;
  const schedule = (): void => {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), draw()));
  };

  function build(): void {
    for (const p of seriesPlots) p.plot.destroy();
    seriesPlots.length = 0;
    o.grid.replaceChildren();
    const w = plotWidth();
    for (const name of plots) {
      if (name === "bifurcation") continue;
      const fig = figure(name, "eos-figure");
      o.grid.append(fig);
      seriesPlots.push(createSeriesPlot(name, fig, w, o.plotHeight, o.xlog()));
    }
    if (plots.includes("bifurcation") && !bif) {
      bifHolder = figure("bifurcation", "eos-figure eos-wide");
      o.main.append(bifHolder);
      bif = createBifurcationPlot(bifHolder, Math.max(260, (o.grid.clientWidth || 640) - 2), Math.round(o.plotHeight * 1.25), o.keep);
    }
    draw();
  }

  const ro = new ResizeObserver(() => {
    const w = plotWidth();
    for (const p of seriesPlots) p.plot.setSize({ width: w, height: o.plotHeight });
    if (bif && bifHolder) bif.plot.setSize({ width: Math.max(260, o.grid.clientWidth - 2), height: Math.round(o.plotHeight * 1.25) });
  });
  ro.observe(o.grid);

  return {
    build,
    schedule,
    wantsBifurcation: () => plots.includes("bifurcation"),
    hasBifurcation: () => bif !== null,
    addBifurcation() {
      if (!plots.includes("bifurcation")) plots.push("bifurcation");
      if (!bif) build();
    },
    setMarkers(eta, etaCritical, redraw) {
      if (!bif) return;
      bif.markers.eta = eta;
      bif.markers.etaCritical = etaCritical;
      if (redraw) bif.plot.redraw(false, false);
    },
    showBifurcation(etas, values, keep, labels) {
      if (bif) updateBifurcationPlot(bif, etas, values, keep, labels);
    },
    destroy() {
      ro.disconnect();
      for (const p of seriesPlots) p.plot.destroy();
      bif?.plot.destroy();
    },
  };
}
