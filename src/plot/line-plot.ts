// SVG line and scatter plots as strings (browser-safe: no DOM, no Node imports).
import { scaleLinear } from "d3-scale";
import { line } from "d3-shape";
import { linearTicks, logTicks, type Tick } from "./axis.js";
import { escapeXml } from "./escape.js";
import { colour } from "./palette.js";
import { argArray, argObject, argString } from "../check-args.js";

/**
 * One labelled series of a {@link PlotSpec}.
 *
 * @category Plots
 */
export interface PlotSeries {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Default: the palette colour of the series index. */
  colour?: string;
  /** "line" (default) or "points" (small dots, e.g. a bifurcation diagram). */
  mode?: "line" | "points";
  /** Dashed line, e.g. a prediction beside a measurement. */
  dashed?: boolean;
}

/**
 * One line plot for {@link linePlotSvg} and {@link panelsSvg}.
 *
 * @category Plots
 */
export interface PlotSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  xLog?: boolean;
  yLog?: boolean;
  series: PlotSeries[];
  width?: number;
  height?: number;
  /** Show the legend (default true when there is more than one labelled series). */
  legend?: boolean;
  /** Legend corner inside the plot area; default "top-right". */
  legendAt?: "top-right" | "top-left" | "bottom-left" | "bottom-right";
  /** Horizontal reference lines, in data units. */
  hLines?: { y: number; label: string }[];
  /** Vertical reference lines, in data units. */
  vLines?: { x: number; label: string }[];
}

const MARGIN = { top: 34, right: 16, bottom: 46, left: 64 };

/**
 * One plot as a standalone SVG document string: title, axis labels, ticks,
 * legend, one colour per series. On log axes, points with a non-positive or
 * non-finite value are left out and the line breaks there (never a NaN in
 * the SVG).
 * @example
 * const svg = linePlotSvg({ title: "loss", xLabel: "step", yLabel: "L", yLog: true,
 *   series: [{ label: "run", x: run.series.step, y: run.series.loss }] });
 * @category Plots
 */
export function linePlotSvg(spec: PlotSpec): string {
  argObject("linePlotSvg", "spec", spec); argArray("linePlotSvg", "spec.series", spec.series);
  const width = spec.width ?? 480, height = spec.height ?? 320;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">${plotBody(spec, width, height)}</svg>`;
}

/**
 * Several plots side by side under one title, as one SVG document.
 * @example
 * const svg = panelsSvg("one run", [lossPlot, thetaPerpPlot]); // side by side
 * @category Plots
 */
export function panelsSvg(title: string, panels: PlotSpec[], opts: { panelWidth?: number; panelHeight?: number; note?: string } = {}): string {
  argString("panelsSvg", "title", title); argArray("panelsSvg", "panels", panels); argObject("panelsSvg", "opts", opts, true);
  const pw = opts.panelWidth ?? 400, ph = opts.panelHeight ?? 300, top = 28, bottom = opts.note ? 20 : 0;
  const width = pw * panels.length, height = ph + top + bottom;
  const inner = panels.map((p, i) => `<svg x="${i * pw}" y="${top}" width="${pw}" height="${ph}" viewBox="0 0 ${pw} ${ph}">${plotBody(p, pw, ph)}</svg>`).join("");
  const note = opts.note ? `<text x="8" y="${height - 6}" font-size="10" fill="#555">${escapeXml(opts.note)}</text>` : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">` +
    `<rect width="${width}" height="${height}" fill="white"/><text x="${width / 2}" y="19" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>${inner}${note}</svg>`;
}

function finiteRange(values: number[]): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (lo > hi) return null;
  if (lo === hi) { const d = lo === 0 ? 1 : Math.abs(lo) * 0.05; return [lo - d, hi + d]; }
  return [lo, hi];
}

const tx = (v: number, log: boolean | undefined) => (log ? (v > 0 && Number.isFinite(v) ? Math.log10(v) : NaN) : Number.isFinite(v) ? v : NaN);
const num = (v: number) => (Math.round(v * 100) / 100).toString();

function tickText(t: Tick): string {
  return t.exponent === undefined ? escapeXml(t.label) : `10<tspan dy="-5" font-size="9">${t.exponent}</tspan>`;
}

function plotBody(spec: PlotSpec, width: number, height: number): string {
  const pw = width - MARGIN.left - MARGIN.right, ph = height - MARGIN.top - MARGIN.bottom;
  const xsAll: number[] = [], ysAll: number[] = [];
  const data = spec.series.map((s) => {
    const pts: [number, number][] = [];
    const n = Math.min(s.x.length, s.y.length);
    for (let i = 0; i < n; i++) {
      const x = tx(s.x[i], spec.xLog), y = tx(s.y[i], spec.yLog);
      pts.push([x, y]);
      if (Number.isFinite(x) && Number.isFinite(y)) { xsAll.push(x); ysAll.push(y); }
    }
    return pts;
  });
  for (const h of spec.hLines ?? []) { const y = tx(h.y, spec.yLog); if (Number.isFinite(y)) ysAll.push(y); }
  const out: string[] = [];
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  out.push(`<text x="${MARGIN.left + pw / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(spec.title)}</text>`);
  const xr = finiteRange(xsAll), yr = finiteRange(ysAll);
  out.push(`<text x="${MARGIN.left + pw / 2}" y="${height - 8}" text-anchor="middle" font-size="12">${escapeXml(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(14 ${MARGIN.top + ph / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(spec.yLabel)}</text>`);
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  if (!xr || !yr) {
    out.push(`<text x="${MARGIN.left + pw / 2}" y="${MARGIN.top + ph / 2}" text-anchor="middle" fill="#888">no finite${spec.yLog ? " positive" : ""} data</text>`);
    return out.join("");
  }
  const xs = scaleLinear().domain(xr).range([MARGIN.left, MARGIN.left + pw]);
  const ys = scaleLinear().domain(yr).range([MARGIN.top + ph, MARGIN.top]);
  if (!spec.yLog) ys.nice();
  if (!spec.xLog) xs.nice();
  const [x0, x1] = xs.domain(), [y0, y1] = ys.domain();
  const xt = spec.xLog ? logTicks(x0, x1) : linearTicks(x0, x1);
  const yt = spec.yLog ? logTicks(y0, y1) : linearTicks(y0, y1);
  for (const t of xt) {
    const x = num(xs(t.at));
    out.push(`<line x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${MARGIN.top + ph}" stroke="#eee"/><line x1="${x}" x2="${x}" y1="${MARGIN.top + ph}" y2="${MARGIN.top + ph + 4}" stroke="#333"/>`);
    out.push(`<text x="${x}" y="${MARGIN.top + ph + 16}" text-anchor="middle">${tickText(t)}</text>`);
  }
  for (const t of yt) {
    const y = num(ys(t.at));
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + pw}" y1="${y}" y2="${y}" stroke="#eee"/><line x1="${MARGIN.left - 4}" x2="${MARGIN.left}" y1="${y}" y2="${y}" stroke="#333"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${y}" dy="0.32em" text-anchor="end">${tickText(t)}</text>`);
  }
  out.push(`<clipPath id="c${clipId}"><rect x="${MARGIN.left}" y="${MARGIN.top}" width="${pw}" height="${ph}"/></clipPath>`);
  const clip = `clip-path="url(#c${clipId++})"`;
  const gen = line<[number, number]>().defined((d) => Number.isFinite(d[0]) && Number.isFinite(d[1])).x((d) => xs(d[0])).y((d) => ys(d[1])).digits(2);
  spec.series.forEach((s, i) => {
    const c = s.colour ?? colour(i);
    if (s.mode === "points") {
      const dots = data[i].filter((d) => Number.isFinite(d[0]) && Number.isFinite(d[1])).map((d) => `<circle cx="${num(xs(d[0]))}" cy="${num(ys(d[1]))}" r="1.3"/>`).join("");
      out.push(`<g fill="${c}" ${clip}>${dots}</g>`);
    } else {
      out.push(`<path d="${gen(data[i]) ?? ""}" fill="none" stroke="${c}" stroke-width="1.4"${s.dashed ? ' stroke-dasharray="5 3"' : ""} ${clip}/>`);
    }
  });
  // Reference lines after the data, so their labels stay readable.
  for (const h of spec.hLines ?? []) {
    const y = tx(h.y, spec.yLog);
    if (!Number.isFinite(y)) continue;
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + pw}" y1="${num(ys(y))}" y2="${num(ys(y))}" stroke="#999" stroke-dasharray="4 3"/><text x="${MARGIN.left + pw - 4}" y="${num(ys(y) - 4)}" text-anchor="end" fill="#666" font-size="10">${escapeXml(h.label)}</text>`);
  }
  for (const v of spec.vLines ?? []) {
    const x = tx(v.x, spec.xLog);
    if (!Number.isFinite(x)) continue;
    out.push(`<line x1="${num(xs(x))}" x2="${num(xs(x))}" y1="${MARGIN.top}" y2="${MARGIN.top + ph}" stroke="#999" stroke-dasharray="4 3"/><text x="${num(xs(x) + 3)}" y="${MARGIN.top + 12}" fill="#666" font-size="10">${escapeXml(v.label)}</text>`);
  }
  const labelled = spec.series.filter((s) => s.label);
  if (spec.legend ?? labelled.length > 1) {
    const lw = Math.min(pw - 8, 12 + 6.2 * Math.max(...labelled.map((s) => s.label.length)) + 24);
    const lh = labelled.length * 14 + 6, at = spec.legendAt ?? "top-right";
    const lx = at.endsWith("left") ? MARGIN.left + 4 : MARGIN.left + pw - lw - 4;
    const ly = at.startsWith("bottom") ? MARGIN.top + ph - lh - 4 : MARGIN.top + 4;
    out.push(`<rect x="${num(lx)}" y="${ly}" width="${num(lw)}" height="${lh}" fill="white" fill-opacity="0.85" stroke="#ccc"/>`);
    spec.series.forEach((s, i) => {
      if (!s.label) return;
      const k = labelled.indexOf(s), y = ly + 12 + k * 14, c = s.colour ?? colour(i);
      out.push(s.mode === "points"
        ? `<circle cx="${num(lx + 14)}" cy="${y - 3}" r="3" fill="${c}"/>`
        : `<line x1="${num(lx + 6)}" x2="${num(lx + 24)}" y1="${y - 3}" y2="${y - 3}" stroke="${c}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ""}/>`);
      out.push(`<text x="${num(lx + 30)}" y="${y}" font-size="10">${escapeXml(s.label)}</text>`);
    });
  }
  return out.join("");
}

// Clip-path ids must be unique within one HTML page that inlines several SVGs.
let clipId = 0;
