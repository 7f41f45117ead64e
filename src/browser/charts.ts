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
import { createPhasePlane, type PhaseData, type PhasePlane } from "./phase.js";

export type SeriesPlot = "loss" | "thetaPerp" | "distPar" | "lambdaPar";

export const PLOT_TITLES: Record<SeriesPlot | "phase" | "bifurcation", string> = {
  phase: "phase plane (a, b) of f = ab: the iterates around the valley M",
  loss: "loss ℓ(θₜ)",
  thetaPerp: "|θ⊥ₜ|, distance across M",
  distPar: "‖θ∥ₜ − θ∥*‖, distance along M to the flattest minimum",
  lambdaPar: "sharpness λ(θ∥ₜ) on M, against 2/η and λ*",
  bifurcation: "bifurcation diagram: the last θ⊥ values of each run, over η",
};

/**
 * The colours the canvases use. They come from the explorer's CSS custom
 * properties (palette.css: light, dark, and the host's choice through the
 * `theme` attribute), read by readPalette when the plots are built or the
 * theme changes; uPlot takes them through functions, so a redraw repaints
 * in the new theme without rebuilding.
 */
export interface Palette {
  ink: string;
  grid: string;
  loss: string;
  thetaPerp: string;
  /** |θ⊥| at odd steps (the even steps have thetaPerp). */
  thetaPerpOdd: string;
  distPar: string;
  lambdaPar: string;
  lambdaAt: string;
  twoOverEta: string;
  lambdaStar: string;
  bif: string;
  marker: string;
  divergeFill: string;
  divergeText: string;
}

/** The light theme's values, used when the CSS is not there (a detached element). */
export const LIGHT_PALETTE: Palette = {
  ink: "#1f2933",
  grid: "rgba(31,41,51,0.08)",
  loss: "#2563eb",
  thetaPerp: "#c2410c",
  thetaPerpOdd: "#be185d",
  distPar: "#047857",
  lambdaPar: "#7c3aed",
  lambdaAt: "rgba(217,119,6,0.45)",
  twoOverEta: "#dc2626",
  lambdaStar: "#0f766e",
  bif: "rgba(31,41,51,0.55)",
  marker: "#dc2626",
  divergeFill: "rgba(220,38,38,0.07)",
  divergeText: "rgba(153,27,27,0.8)",
};

const PALETTE_VARS: Record<keyof Palette, string> = {
  ink: "--eos-ink",
  grid: "--eos-grid",
  loss: "--eos-c-loss",
  thetaPerp: "--eos-c-thetaperp",
  thetaPerpOdd: "--eos-c-thetaperp-odd",
  distPar: "--eos-c-distpar",
  lambdaPar: "--eos-c-lambdapar",
  lambdaAt: "--eos-c-lambdaat",
  twoOverEta: "--eos-c-2eta",
  lambdaStar: "--eos-c-lambdastar",
  bif: "--eos-c-bif",
  marker: "--eos-c-marker",
  divergeFill: "--eos-c-diverge-fill",
  divergeText: "--eos-c-diverge-text",
};

/** Fills `into` with the colours the element's CSS custom properties give (the light ones where a property is missing). */
export function readPalette(el: Element, into: Palette = { ...LIGHT_PALETTE }): Palette {
  const cs = getComputedStyle(el);
  for (const k of Object.keys(PALETTE_VARS) as (keyof Palette)[]) into[k] = cs.getPropertyValue(PALETTE_VARS[k]).trim() || LIGHT_PALETTE[k];
  return into;
}

/** What each plot's y-axis measures (the series' own names, as on the paper's figures). */
export const Y_LABELS: Record<SeriesPlot, string> = {
  loss: "loss ℓ",
  thetaPerp: "|θ⊥|",
  distPar: "‖θ∥ − θ∥*‖",
  lambdaPar: "sharpness λ",
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

function axis(pal: Palette, log: boolean, label?: string): uPlot.Axis {
  const base: uPlot.Axis = {
    stroke: () => pal.ink,
    grid: { stroke: () => pal.grid, width: 1 },
    ticks: { stroke: () => pal.grid, width: 1 },
    // One tick style for every plot: the same font, and labels from pow10Label or compact.
    font: "11px system-ui, sans-serif",
    labelFont: "12px system-ui, sans-serif",
    label,
    labelSize: label ? 18 : 0,
    labelGap: 0,
    size: 46,
  };
  if (log) {
    base.splits = decadeSplits;
    base.values = (_u, splits) => splits.map((k) => (k == null ? "" : pow10Label(Math.round(k))));
  } else {
    base.values = (_u, splits) => splits.map((v) => (v == null ? "" : compact(v)));
  }
  return base;
}

/** The converted data a plot holds, so a streaming run only converts its new records. */
interface PlotCache {
  /** The run the data came from (its object), or null before the first draw. */
  run: object | null;
  /** Records converted so far. */
  n: number;
  xMax: number;
  eta: number;
  lambdaStar: number;
  /** Whether the first record (step 0) was left out (log step axis). */
  from: number;
  x: number[];
  ys: (number | null)[][];
}

export interface SeriesPlotState {
  plot: uPlot;
  name: SeriesPlot;
  xlog: boolean;
  cache: PlotCache;
  /** The y-range last set (log₁₀ units on the log plots), kept while every series is hidden. */
  y: { min: number; max: number } | null;
  /** λ plot: τ, the first recorded step with ηλ(θ∥) < 2, once the run has ended (null: never, or not known yet). */
  tau: number | null;
}

const log10Of = (v: number, abs: boolean): number | null => {
  const a = abs ? Math.abs(v) : v;
  return a > 0 && Number.isFinite(a) ? Math.log10(a) : null;
};
const finiteOr = (v: number): number | null => (Number.isFinite(v) ? v : null);

const fmtValue = (_u: uPlot, v: number | null): string => (v == null ? "–" : v.toPrecision(6));
const fmtLogValue = (_u: uPlot, v: number | null): string => (v == null ? "–" : Math.pow(10, v).toPrecision(4));

/**
 * The y-range of the series that are shown. A legend click hides a series;
 * the y-scale is set by hand (not uPlot's auto range, which cannot follow
 * log₁₀-of-values data to whole decades), so it is set again from the
 * series still shown, and kept as it was when none is.
 */
function visibleYRange(st: SeriesPlotState): { min: number; max: number } | null {
  const shown = (i: number): boolean => st.plot.series[i + 1]?.show !== false;
  const c = st.cache;
  if (st.name !== "lambdaPar") {
    const vis = c.ys.filter((y, i) => shown(i) && y.length);
    return vis.length ? decadeRange(vis.flat()) : st.y;
  }
  let lo = Infinity;
  let hi = -Infinity;
  const take = (v: number | null): void => {
    if (v !== null && Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  };
  for (const i of [0, 1]) if (shown(i) && c.ys[i]) for (const v of c.ys[i]!) take(v);
  if (shown(2)) take(2 / c.eta);
  if (shown(3)) take(c.lambdaStar);
  if (!(lo <= hi)) return st.y;
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.02 || 1;
  return { min: lo - pad, max: hi + pad };
}

function applyY(st: SeriesPlotState): void {
  const y = visibleYRange(st);
  if (!y) return;
  st.y = y;
  st.plot.setScale("y", y);
}

export function createSeriesPlot(name: SeriesPlot, target: HTMLElement, width: number, height: number, xlog: boolean, pal: Palette = LIGHT_PALETTE): SeriesPlotState {
  const ylog = name !== "lambdaPar";
  const series: uPlot.Series[] = [{ label: "step", value: xlog ? (_u, v) => (v == null ? "–" : String(Math.round(Math.pow(10, v)))) : undefined }];
  if (name === "lambdaPar") {
    series.push(
      { label: "λ(θ∥)", stroke: () => pal.lambdaPar, width: 1.4, value: fmtValue },
      // λ(θ) at the iterate swings with the oscillation across M (docs/design.md §1, "λ(θ∥) is not λ(θ)"): hidden until its legend entry is clicked.
      { label: "λ(θ)", stroke: () => pal.lambdaAt, width: 1, value: fmtValue, show: false },
      { label: "2/η", stroke: () => pal.twoOverEta, width: 1.5, dash: [6, 4], value: fmtValue, points: { show: false } },
      { label: "λ*", stroke: () => pal.lambdaStar, width: 1.5, dash: [2, 3], value: fmtValue, points: { show: false } },
    );
  } else if (name === "thetaPerp") {
    // θ⊥ changes sign at every step across M: on a period-2 orbit |θ⊥| takes one value at even steps and another at
    // odd ones. Drawn as one line it zigzags into a solid band; as two lines (even t, odd t) the two branches show.
    series.push(
      { label: "|θ⊥|, even t", stroke: () => pal.thetaPerp, width: 1.4, value: fmtLogValue, spanGaps: true },
      { label: "|θ⊥|, odd t", stroke: () => pal.thetaPerpOdd, width: 1.4, value: fmtLogValue, spanGaps: true },
    );
  } else {
    const label = name === "loss" ? "ℓ" : "‖θ∥ − θ∥*‖";
    series.push({ label, stroke: () => pal[name], width: 1.4, value: fmtLogValue });
  }
  const st = {
    name,
    xlog,
    cache: { run: null, n: 0, xMax: NaN, eta: NaN, lambdaStar: NaN, from: 0, x: [], ys: [] },
    y: null,
    tau: null,
  } as unknown as SeriesPlotState;
  const opts: uPlot.Options = {
    width,
    height,
    series,
    scales: { x: { time: false, auto: false }, y: { auto: false } },
    axes: [axis(pal, xlog, "step t"), axis(pal, ylog, Y_LABELS[name])],
    legend: { show: true, live: true },
    cursor: { drag: { x: true, y: false }, points: { size: 5 } },
    padding: [8, 22, 0, 0],
    // uPlot resets a hidden series' scale to its own auto range, which the manual y-scale does not have: set it again.
    hooks: { setSeries: [() => applyY(st)], draw: name === "lambdaPar" ? [(u) => labelLambdaLines(u, st, pal)] : [] },
  };
  const data: uPlot.AlignedData = [[], ...series.slice(1).map(() => [])] as unknown as uPlot.AlignedData;
  st.plot = new uPlot(opts, data, target);
  keyboardLegend(st.plot);
  return st;
}

/** Legend entries as toggle buttons a keyboard reaches (Tab) and presses (Enter or Space), with their state announced. */
function keyboardLegend(u: uPlot): void {
  const rows = u.root.querySelectorAll<HTMLTableRowElement>(".u-legend tr.u-series");
  rows.forEach((row, i) => {
    if (i === 0) return; // the step column
    const th = row.querySelector("th");
    if (!th) return;
    const sync = (): void => th.setAttribute("aria-pressed", String(u.series[i]?.show !== false));
    th.tabIndex = 0;
    th.setAttribute("role", "button");
    th.setAttribute("aria-label", `show ${u.series[i]?.label ?? ""}`);
    sync();
    th.addEventListener("keydown", (ev) => {
      if (ev.key !== "Enter" && ev.key !== " ") return;
      ev.preventDefault();
      th.click();
    });
    th.addEventListener("click", () => queueMicrotask(sync));
  });
}

/** On the λ plot: the names 2/η and λ* at the right end of their lines, and a line at τ with its name. */
function labelLambdaLines(u: uPlot, st: SeriesPlotState, pal: Palette): void {
  const c = st.cache;
  if (!c.x.length) return;
  const ctx = u.ctx;
  const dpr = devicePixelRatio || 1;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.font = `${Math.round(11 * dpr)}px system-ui, sans-serif`;
  ctx.textAlign = "right";
  const lines: [number, string, string, number][] = [
    [2 / c.eta, "2/η", pal.twoOverEta, 3],
    [c.lambdaStar, "λ*", pal.lambdaStar, 4],
  ];
  // The upper line's name goes above it, the lower one's below, so they never overlap.
  const hiFirst = lines[0]![0] >= lines[1]![0];
  lines.forEach(([v, text, color, i], k) => {
    if (u.series[i]?.show === false || !Number.isFinite(v)) return;
    const y = u.valToPos(v, "y", true);
    if (y < top || y > top + height) return;
    const above = (k === 0) === hiFirst;
    ctx.fillStyle = color;
    ctx.fillText(text, left + width - 4 * dpr, above ? y - 4 * dpr : y + 12 * dpr);
  });
  if (st.tau !== null && st.tau > 0) {
    const xv = st.xlog ? Math.log10(st.tau) : st.tau;
    // On a pixel's centre, so a one-pixel line is one pixel wide, not two half-covered ones.
    const x = Math.round(u.valToPos(xv, "x", true)) + 0.5;
    if (x >= left && x <= left + width) {
      ctx.strokeStyle = pal.ink;
      ctx.globalAlpha = 0.6;
      ctx.lineWidth = dpr;
      ctx.setLineDash([3 * dpr, 3 * dpr]);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      ctx.globalAlpha = 1;
      ctx.fillStyle = pal.ink;
      ctx.textAlign = "left";
      ctx.fillText(`τ = ${st.tau}`, x + 4 * dpr, top + 12 * dpr);
    }
  }
  ctx.restore();
}

/**
 * Feeds the first `n` records of a run to a plot; returns false when there
 * was nothing new to draw. `xMax` fixes the step axis (the whole run while it
 * streams, so it grows from left to right). Only the records that arrived
 * since the last call are converted.
 */
export function updateSeriesPlot(st: SeriesPlotState, run: object, s: SeriesChunk, n: number, xMax: number, eta: number, lambdaStar: number): boolean {
  const c = st.cache;
  const fresh = c.run !== run || n < c.n || c.eta !== eta || c.lambdaStar !== lambdaStar;
  if (!fresh && n === c.n && c.xMax === xMax) return false;
  if (fresh) {
    c.run = run;
    c.n = 0;
    c.eta = eta;
    c.lambdaStar = lambdaStar;
    // A log step axis cannot show step 0.
    c.from = st.xlog && n > 0 && s.step[0] === 0 ? 1 : 0;
    c.x = [];
    c.ys = st.name === "lambdaPar" ? [[], [], [], []] : st.name === "thetaPerp" ? [[], []] : [[]];
  }
  if (c.n === 0 && st.xlog && n > 0 && s.step[0] === 0) c.from = 1;
  for (let i = Math.max(c.n, c.from); i < n; i++) {
    const t = s.step[i]!;
    c.x.push(st.xlog ? Math.log10(t) : t);
    if (st.name === "lambdaPar") {
      c.ys[0]!.push(finiteOr(s.lambdaPar[i]!));
      c.ys[1]!.push(finiteOr(s.lambdaAt[i]!));
      c.ys[2]!.push(2 / eta);
      c.ys[3]!.push(lambdaStar);
    } else if (st.name === "thetaPerp") {
      const v = log10Of(s.thetaPerp[i]!, true);
      const odd = t % 2 === 1;
      c.ys[0]!.push(odd ? null : v);
      c.ys[1]!.push(odd ? v : null);
    } else {
      c.ys[0]!.push(log10Of(s[st.name][i]!, false));
    }
  }
  c.n = n;
  c.xMax = xMax;
  st.plot.batch(() => {
    st.plot.setData([c.x, ...c.ys] as unknown as uPlot.AlignedData, false);
    const top = Math.max(xMax, 2);
    st.plot.setScale("x", st.xlog ? { min: 0, max: Math.log10(top) } : { min: 0, max: top });
    applyY(st);
  });
  return true;
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
  /** Moves the η and η_c lines (DOM elements over the canvas: moving them repaints no data). */
  placeMarkers(): void;
}

/**
 * The bifurcation diagram: one points-only series per kept step, and the
 * lines at η_c and the current η. The lines are elements laid over the
 * canvas, not drawn on it, so that dragging the η slider moves one element
 * instead of redrawing some 7680 points at every input; the canvas redraws
 * only when a new diagram arrives (or the size or theme changes).
 */
export function createBifurcationPlot(target: HTMLElement, width: number, height: number, keep: number, pal: Palette = LIGHT_PALETTE): BifurcationPlotState {
  const markers = { etaCritical: NaN, eta: NaN };
  const columns: BifurcationPlotState["columns"] = { etas: new Float64Array(0), labels: [] };
  const series: uPlot.Series[] = [{ label: "η" }];
  for (let i = 0; i < keep; i++) {
    series.push({ label: `θ⊥ ${i}`, stroke: () => pal.bif, paths: () => null, points: { show: true, size: 2.5, width: 0, fill: () => pal.bif, stroke: () => pal.bif } });
  }
  const drawDivergent = (u: uPlot): void => {
    const ctx = u.ctx;
    const { top, height: h } = u.bbox;
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
      ctx.fillStyle = pal.divergeFill;
      ctx.fillRect(x0, top, x1 - x0, h);
      ctx.fillStyle = pal.divergeText;
      ctx.textAlign = "center";
      if (x1 - x0 > 60 * devicePixelRatio) ctx.fillText("divergent", (x0 + x1) / 2, top + h / 2);
      i = j;
    }
    ctx.restore();
  };
  const mk = (cls: string): { line: HTMLElement; text: HTMLElement } => {
    const text = h("span", { class: "eos-marker-label" });
    const line = h("div", { class: `eos-marker ${cls}`, "aria-hidden": "true" }, text);
    return { line, text };
  };
  const crit = mk("eos-marker-critical");
  const cur = mk("eos-marker-eta");
  const place = (u: uPlot): void => {
    const w = u.over.clientWidth;
    for (const [m, v, text] of [
      [crit, markers.etaCritical, "η_c = 2/λ*"],
      [cur, markers.eta, `η = ${markers.eta.toPrecision(4)}`],
    ] as const) {
      const x = Number.isFinite(v) && u.scales.x.min != null ? u.valToPos(v, "x") : NaN;
      const inside = Number.isFinite(x) && x >= 0 && x <= w;
      m.line.style.display = inside ? "" : "none";
      if (!inside) continue;
      m.line.style.transform = `translateX(${Math.round(x)}px)`;
      m.text.textContent = text;
      // Near the right edge a label goes to the left of its line.
      m.line.classList.toggle("eos-marker-flip", x > w - 90);
    }
  };
  const opts: uPlot.Options = {
    width,
    height,
    series,
    scales: { x: { time: false }, y: { auto: false, range: (_u, a, b) => [a, b] } },
    axes: [axis(pal, false, "step size η"), axis(pal, false, "θ⊥ (last values)")],
    legend: { show: false },
    cursor: { drag: { x: true, y: false }, points: { show: false } },
    hooks: { draw: [drawDivergent], setScale: [(u) => place(u)], setSize: [(u) => place(u)], ready: [(u) => u.over.append(crit.line, cur.line)] },
    padding: [8, 22, 0, 0],
  };
  const data = [[], ...series.slice(1).map(() => [])] as unknown as uPlot.AlignedData;
  const plot = new uPlot(opts, data, target);
  return { plot, markers, columns, placeMarkers: () => place(plot) };
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
  st.placeMarkers();
}

/** The columns each plot's text alternative and data table show (the run's own names). */
const TABLE_COLUMNS: Record<SeriesPlot, { key: keyof SeriesChunk; label: string }[]> = {
  loss: [{ key: "loss", label: "loss ℓ" }],
  thetaPerp: [{ key: "thetaPerp", label: "θ⊥" }],
  distPar: [{ key: "distPar", label: "‖θ∥ − θ∥*‖" }],
  lambdaPar: [
    { key: "lambdaPar", label: "λ(θ∥)" },
    { key: "lambdaAt", label: "λ(θ)" },
  ],
};
const num6 = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : "–");

/** A sentence for a screen reader: where the plotted quantity starts and ends, and its range. */
function plotSummary(name: SeriesPlot, s: SeriesChunk, n: number, eta: number, lambdaStar: number): string {
  if (n === 0) return `${PLOT_TITLES[name]}: no data yet.`;
  const col = TABLE_COLUMNS[name][0]!;
  const a = s[col.key];
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) if (Number.isFinite(a[i]!)) (lo = Math.min(lo, a[i]!)), (hi = Math.max(hi, a[i]!));
  const extra = name === "lambdaPar" ? ` The line 2/η is at ${num6(2 / eta)}, λ* at ${num6(lambdaStar)}.` : "";
  return `${PLOT_TITLES[name]}, over ${n} recorded steps from ${s.step[0]} to ${s.step[n - 1]}: ${col.label} goes from ${num6(a[0]!)} to ${num6(a[n - 1]!)}, between ${num6(lo)} and ${num6(hi)}.${extra}`;
}

/** The data table of a plot (at most ~200 rows: every k-th record and the last), built when it is opened. */
function fillTable(table: HTMLTableElement, name: SeriesPlot, s: SeriesChunk, n: number): void {
  const cols = TABLE_COLUMNS[name];
  const head = h("tr", {}, h("th", { scope: "col" }, "step t"), ...cols.map((c) => h("th", { scope: "col" }, c.label)));
  const rows: HTMLElement[] = [head];
  const stride = Math.max(1, Math.ceil(n / 200));
  for (let i = 0; i < n; i += stride) rows.push(h("tr", {}, h("td", {}, String(s.step[i])), ...cols.map((c) => h("td", {}, num6(s[c.key][i]!)))));
  if (n > 0 && (n - 1) % stride !== 0) rows.push(h("tr", {}, h("td", {}, String(s.step[n - 1])), ...cols.map((c) => h("td", {}, num6(s[c.key][n - 1]!)))));
  table.replaceChildren(...rows);
}

/** What the series plots draw: the first `length` records of a run, over a step axis to `xMax`, with 2/η and λ*. */
export interface PlotSource {
  /** Whether the run has ended (the text alternatives are written then). */
  done?: boolean;
  /** θ_t and θ∥_t for the phase plane (f = ab only), else null. */
  phase?: PhaseData | null;
  /** τ (the first recorded step with ηλ(θ∥) < 2) once known. */
  tau?: number | null;
  /** The run (its identity tells a new run from more records of the same one). */
  run: object;
  series: SeriesChunk;
  length: number;
  /** The right end of the step axis: the run's steps, or where a divergent run stopped. */
  xMax: number;
  eta: number;
  lambdaStar: number;
}

export interface PlotAreaOptions {
  /** The explorer's root (its width is the fallback before the grid is laid out; its CSS gives the colours). */
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
  /** Called at the end of each scheduled frame (the host updates its status line there, once per frame). */
  drawn?(): void;
}

export interface PlotArea {
  /** (Re)creates the series plots, and the bifurcation plot if it is wanted and not there yet; then draws. */
  build(): void;
  /** Draws at the next animation frame (at most once per frame however many chunks arrive; only plots with new data). */
  schedule(): void;
  /** Whether the bifurcation plot was asked for (in `plots` or by showBifurcation). */
  wantsBifurcation(): boolean;
  /** Whether the bifurcation plot exists. */
  hasBifurcation(): boolean;
  /** Asks for the bifurcation plot and creates it if it is not there yet. */
  addBifurcation(): void;
  /** Moves the bifurcation plot's η and η_c lines (no canvas redraw). */
  setMarkers(eta: number, etaCritical: number): void;
  /** Draws a diagram into the bifurcation plot (if there is one), with a note under it. */
  showBifurcation(etas: Float64Array, values: Float64Array, keep: number, labels: (Regime | null)[], note?: string): void;
  /** Reads the colours again from the CSS (the theme changed) and repaints. */
  retheme(): void;
  destroy(): void;
}

let altIds = 0;

/** The explorer's plots: a grid of series plots and, on request, the bifurcation plot; resized with the page. */
export function createPlotArea(o: PlotAreaOptions): PlotArea {
  const plots = [...o.plots];
  let phase: PhasePlane | null = null;
  const phaseDrawn: { run: object | null; key: string } = { run: null, key: "" };
  const seriesPlots: SeriesPlotState[] = [];
  const pal = readPalette(o.root);
  let bif: BifurcationPlotState | null = null;
  let bifHolder: HTMLElement | null = null;
  const figure = (name: PlotName, cls: string): HTMLElement =>
    h("figure", { class: cls, "data-plot": name, role: "group", "aria-label": PLOT_TITLES[name] }, h("figcaption", {}, PLOT_TITLES[name]));
  /** The uPlot instance on its figure, for tests and for hosts that want to read a plot's scales. */
  const expose = (fig: HTMLElement, plot: uPlot): void => {
    Object.defineProperty(fig, "eosPlot", { value: plot, configurable: true });
  };
  const plotWidth = (): number => {
    const w = o.grid.clientWidth || o.root.clientWidth || 640;
    const cols = plots.filter((p) => p !== "bifurcation").length > 1 && w >= 700 ? 2 : 1;
    return Math.max(260, Math.floor((w - (cols - 1) * 16) / cols) - 2);
  };

  /** Each plot's text alternative (a summary, and a data table on demand), per figure. */
  const alts = new Map<SeriesPlotState, { summary: HTMLElement; details: HTMLDetailsElement; table: HTMLTableElement; run: object | null }>();
  function describe(s: PlotSource): void {
    for (const [p, alt] of alts) {
      if (alt.run === s.run) continue;
      alt.run = s.run;
      alt.summary.textContent = plotSummary(p.name, s.series, s.length, s.eta, s.lambdaStar);
      alt.table.replaceChildren();
      if (alt.details.open) fillTable(alt.table, p.name, s.series, s.length);
    }
  }
  function draw(): void {
    const s = o.source();
    if (!s) return;
    for (const p of seriesPlots) {
      const tau = s.tau ?? null;
      if (p.name === "lambdaPar" && p.tau !== tau) {
        p.tau = tau;
        // τ arrives with the report, after the last records: redraw even if no record is new.
        if (!updateSeriesPlot(p, s.run, s.series, s.length, s.xMax, s.eta, s.lambdaStar)) p.plot.redraw(false, false);
        continue;
      }
      updateSeriesPlot(p, s.run, s.series, s.length, s.xMax, s.eta, s.lambdaStar);
    }
    if (phase) {
      const key = s.phase ? `${s.phase.n}` : "none";
      if (s.run !== phaseDrawn.run || key !== phaseDrawn.key) {
        phaseDrawn.run = s.run;
        phaseDrawn.key = key;
        phase.draw(s.phase ?? null);
      }
    }
    if (s.done) describe(s);
    o.drawn?.();
  }
  let frame = 0;
  const schedule = (): void => {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), draw()));
  };

  function build(): void {
    for (const p of seriesPlots) p.plot.destroy();
    seriesPlots.length = 0;
    alts.clear();
    phase?.destroy();
    phase = null;
    phaseDrawn.run = null;
    o.grid.replaceChildren();
    const w = plotWidth();
    for (const name of plots) {
      if (name === "bifurcation") continue;
      if (name === "phase") {
        const fig = figure(name, "eos-figure eos-phase");
        o.grid.append(fig);
        phase = createPhasePlane(fig, w, Math.round(o.plotHeight * 1.2), pal);
        continue;
      }
      const fig = figure(name, "eos-figure");
      o.grid.append(fig);
      const st = createSeriesPlot(name, fig, w, o.plotHeight, o.xlog(), pal);
      expose(fig, st.plot);
      seriesPlots.push(st);
      // The canvas says nothing to a screen reader: a summary of the run describes the figure, and its data can be read as a table.
      const id = `eos-alt-${++altIds}`;
      const summary = h("p", { class: "eos-sr-only", id });
      const table = h("table", { class: "eos-data-table" });
      const details = h("details", { class: "eos-data" }, h("summary", {}, "data table"), table);
      fig.setAttribute("aria-describedby", id);
      fig.append(summary, details);
      const alt = { summary, details, table, run: null as object | null };
      alts.set(st, alt);
      details.addEventListener("toggle", () => {
        const s = o.source();
        if (details.open && s && !table.firstChild) fillTable(table, name, s.series, s.length);
      });
    }
    if (plots.includes("bifurcation") && !bif) {
      bifHolder = figure("bifurcation", "eos-figure eos-wide");
      o.main.append(bifHolder);
      bif = createBifurcationPlot(bifHolder, Math.max(260, (o.grid.clientWidth || 640) - 2), Math.round(o.plotHeight * 1.25), o.keep, pal);
      expose(bifHolder, bif.plot);
    }
    draw();
  }

  const ro = new ResizeObserver(() => {
    const w = plotWidth();
    phase?.setWidth(w);
    for (const p of seriesPlots) if (p.plot.width !== w) p.plot.setSize({ width: w, height: o.plotHeight });
    const bw = Math.max(260, o.grid.clientWidth - 2);
    if (bif && bifHolder && bif.plot.width !== bw) bif.plot.setSize({ width: bw, height: Math.round(o.plotHeight * 1.25) });
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
    setMarkers(eta, etaCritical) {
      if (!bif) return;
      bif.markers.eta = eta;
      bif.markers.etaCritical = etaCritical;
      bif.placeMarkers();
    },
    showBifurcation(etas, values, keep, labels, note) {
      if (!bif || !bifHolder) return;
      updateBifurcationPlot(bif, etas, values, keep, labels);
      let p = bifHolder.querySelector<HTMLElement>(".eos-figure-note");
      if (!p) bifHolder.append((p = h("p", { class: "eos-figure-note" })));
      p.textContent = note ?? "";
    },
    retheme() {
      readPalette(o.root, pal);
      phaseDrawn.run = null;
      schedule();
      for (const p of seriesPlots) p.plot.redraw(false, false);
      bif?.plot.redraw(false, false);
    },
    destroy() {
      if (frame) cancelAnimationFrame(frame);
      ro.disconnect();
      for (const p of seriesPlots) p.plot.destroy();
      bif?.plot.destroy();
    },
  };
}
