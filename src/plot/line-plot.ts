// SVG line and scatter plots as strings (browser-safe: no DOM, no Node imports).
import { scaleLinear } from "d3-scale";
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
  /** Stroke width of a line (default 1.4). */
  width?: number;
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
  /** Legend corner inside the plot area, or "below": a row under the x-axis label, outside the data; default "top-right". */
  legendAt?: "top-right" | "top-left" | "bottom-left" | "bottom-right" | "below";
  /** Horizontal reference lines, in data units; the y-range always includes them. Labels go where the data is not. */
  hLines?: { y: number; label: string }[];
  /** Vertical reference lines, in data units; the x-range always includes them. */
  vLines?: { x: number; label: string }[];
}

const MARGIN = { top: 34, right: 16, bottom: 46, left: 64 };
/**
 * Text fonts: common sans-serif faces first, then CJK faces, so the seed document's Chinese claims show as glyphs:
 * 'eoslab-cjk' is the subset report.html embeds (src/plot/cjk-font.ts), the others are used wherever installed.
 * Every such claim is printed with its English gloss beside it, too.
 */
export const FONT_STACK = "'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', 'Noto Sans', 'eoslab-cjk', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif";
const SVG_FONT = `font-family="${FONT_STACK}" font-size="11"`;
/** Fraction of the data span added above and below a y-range (and left and right of a scatter's x-range). */
const PAD = 0.04;
/**
 * One legend entry: a label and how its series is drawn (extra entries for {@link panelsSvg}, e.g. line styles).
 * @category Plots
 */
export interface LegendItem { label: string; colour: string; dashed?: boolean; mode?: "line" | "points"; }

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
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${SVG_FONT}>${plotBody(spec, width, height)}</svg>`;
}

/**
 * Several plots side by side under one title, as one SVG document. The panels' legends are merged into one legend
 * under the panels (each label once), outside the data, unless `legend: false`.
 * @example
 * const svg = panelsSvg("one run", [lossPlot, thetaPerpPlot]); // side by side
 * @category Plots
 */
export function panelsSvg(title: string, panels: PlotSpec[], opts: { panelWidth?: number; panelHeight?: number; note?: string; legend?: boolean; extraLegend?: LegendItem[] } = {}): string {
  argString("panelsSvg", "title", title); argArray("panelsSvg", "panels", panels); argObject("panelsSvg", "opts", opts, true);
  const pw = opts.panelWidth ?? 400, ph = opts.panelHeight ?? 300, top = 28;
  const width = pw * panels.length;
  const wanted = (opts.legend ?? true) && panels.some((p) => p.legend ?? p.series.filter((s) => s.label).length > 1);
  const items = wanted ? [...legendItems(panels.flatMap((p) => p.series)), ...(opts.extraLegend ?? [])] : [];
  const legend = items.length ? legendRow(items, 0, top + ph + 2, width) : { svg: "", height: 0 };
  const bottom = opts.note ? 20 : 0;
  const height = top + ph + legend.height + bottom;
  const inner = panels.map((p, i) => `<svg x="${i * pw}" y="${top}" width="${pw}" height="${ph}" viewBox="0 0 ${pw} ${ph}">${plotBody(items.length ? { ...p, legend: false } : p, pw, ph)}</svg>`).join("");
  const note = opts.note ? `<text x="8" y="${height - 6}" font-size="10" fill="#555">${escapeXml(opts.note)}</text>` : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${SVG_FONT}>` +
    `<rect width="${width}" height="${height}" fill="white"/><text x="${width / 2}" y="19" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>${inner}${legend.svg}${note}</svg>`;
}

/** Each labelled series once (by label, the first one's look), in order. */
function legendItems(series: PlotSeries[]): LegendItem[] {
  const seen = new Set<string>(), out: LegendItem[] = [];
  series.forEach((s, i) => {
    if (!s.label || seen.has(s.label)) return;
    seen.add(s.label);
    out.push({ label: s.label, colour: s.colour ?? colour(i), dashed: s.dashed, mode: s.mode });
  });
  return out;
}

const itemWidth = (it: LegendItem) => 34 + 6 * it.label.length;

/** A legend laid out in rows across `width` (centred), starting at y; its SVG and height. */
function legendRow(items: LegendItem[], x0: number, y0: number, width: number): { svg: string; height: number } {
  const rows: LegendItem[][] = [[]];
  let used = 0;
  for (const it of items) {
    const w = itemWidth(it);
    if (used + w > width - 16 && rows[rows.length - 1].length) { rows.push([]); used = 0; }
    rows[rows.length - 1].push(it);
    used += w;
  }
  const out: string[] = [];
  rows.forEach((row, r) => {
    const total = row.reduce((a, it) => a + itemWidth(it), 0);
    let x = x0 + (width - total) / 2;
    const y = y0 + 14 + r * 16;
    for (const it of row) {
      out.push(legendMark(it, x, y), `<text x="${num(x + 28)}" y="${y}" font-size="11">${escapeXml(it.label)}</text>`);
      x += itemWidth(it);
    }
  });
  return { svg: `<g class="legend">${out.join("")}</g>`, height: rows.length * 16 + 8 };
}

function legendMark(it: LegendItem, x: number, y: number): string {
  return it.mode === "points"
    ? `<circle cx="${num(x + 12)}" cy="${y - 4}" r="3" fill="${it.colour}"/>`
    : `<line x1="${num(x + 2)}" x2="${num(x + 22)}" y1="${y - 4}" y2="${y - 4}" stroke="${it.colour}" stroke-width="2"${it.dashed ? ' stroke-dasharray="5 3"' : ""}/>`;
}

function finiteRange(values: number[]): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (lo > hi) return null;
  if (lo === hi) { const d = lo === 0 ? 1 : Math.abs(lo) * 0.05; return [lo - d, hi + d]; }
  return [lo, hi];
}

const pad = (r: [number, number], f: number): [number, number] => [r[0] - (r[1] - r[0]) * f, r[1] + (r[1] - r[0]) * f];
const tx = (v: number, log: boolean | undefined) => (log ? (v > 0 && Number.isFinite(v) ? Math.log10(v) : NaN) : Number.isFinite(v) ? v : NaN);
const num = (v: number) => (Math.round(v * 100) / 100).toString();
const r1 = (v: number) => (Math.round(v * 10) / 10).toString();

function tickText(t: Tick): string {
  return t.exponent === undefined ? escapeXml(t.label) : `10<tspan dy="-5" font-size="9">${t.exponent}</tspan>`;
}

/**
 * A line's SVG path in pixels, rounded to 0.1 px, dropping points that move less than 0.3 px from the last kept one
 * (the lines are drawn 1.4 px wide, so nothing visible is lost), and breaking only at non-finite points.
 */
function linePath(px: [number, number][]): string {
  const parts: string[] = [];
  let pen = false, lx = NaN, ly = NaN, pending: [number, number] | null = null;
  for (const [x, y] of px) {
    if (!(Number.isFinite(x) && Number.isFinite(y))) {
      if (pending) parts.push(`L${r1(pending[0])} ${r1(pending[1])}`);
      pen = false; pending = null;
      continue;
    }
    if (!pen) { parts.push(`M${r1(x)} ${r1(y)}`); pen = true; lx = x; ly = y; pending = null; continue; }
    if (Math.abs(x - lx) < 0.3 && Math.abs(y - ly) < 0.3) { pending = [x, y]; continue; }
    parts.push(`L${r1(x)} ${r1(y)}`); lx = x; ly = y; pending = null;
  }
  if (pending) parts.push(`L${r1(pending[0])} ${r1(pending[1])}`);
  return parts.join("");
}

/** Dots as zero-length round-capped path segments, one per distinct 0.5-px position (a scatter's repeats drawn once). */
function dotsPath(px: [number, number][]): string {
  const seen = new Set<string>(), parts: string[] = [];
  for (const [x, y] of px) {
    if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
    const key = `${Math.round(x * 2)},${Math.round(y * 2)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`M${r1(x)} ${r1(y)}h0`);
  }
  return parts.join("");
}

/** The pixels the data covers, for label placement: every point, and lines sampled every 2 px between points. */
function occupied(px: [number, number][][], lines: boolean[]): [number, number][] {
  const out: [number, number][] = [];
  px.forEach((pts, i) => {
    for (let k = 0; k < pts.length; k++) {
      const [x, y] = pts[k];
      if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
      out.push([x, y]);
      const next = pts[k + 1];
      if (!lines[i] || !next || !(Number.isFinite(next[0]) && Number.isFinite(next[1]))) continue;
      const steps = Math.min(200, Math.floor(Math.hypot(next[0] - x, next[1] - y) / 2));
      for (let j = 1; j < steps; j++) out.push([x + ((next[0] - x) * j) / steps, y + ((next[1] - y) * j) / steps]);
    }
  });
  return out;
}

/** Of the candidate label boxes, the first with the fewest data points inside (so a label does not sit on the data). */
interface Spot { x: number; y: number; anchor: string; box: number[] }
function freeSpot(cands: Spot[], pts: [number, number][]): Spot | undefined {
  let best: Spot | undefined = cands[0], bestN = Infinity;
  for (const c of cands) {
    const [x0, y0, x1, y1] = c.box;
    let n = 0;
    for (const [x, y] of pts) if (x >= x0 && x <= x1 && y >= y0 && y <= y1) n++;
    if (n < bestN) { best = c; bestN = n; }
    if (n === 0) break;
  }
  return best;
}

function plotBody(spec: PlotSpec, width: number, height: number): string {
  const labelled = spec.series.filter((s) => s.label);
  const showLegend = spec.legend ?? labelled.length > 1;
  const below = showLegend && spec.legendAt === "below";
  const legendH = below ? legendRow(legendItems(spec.series), 0, 0, width - MARGIN.left - MARGIN.right).height : 0;
  const pw = width - MARGIN.left - MARGIN.right, ph = height - MARGIN.top - MARGIN.bottom - legendH;
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
  for (const v of spec.vLines ?? []) { const x = tx(v.x, spec.xLog); if (Number.isFinite(x)) xsAll.push(x); }
  const out: string[] = [];
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  out.push(`<text x="${MARGIN.left + pw / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(spec.title)}</text>`);
  let xr = finiteRange(xsAll), yr = finiteRange(ysAll);
  // A margin around the data and every reference line; a scatter also gets one left and right, so its first and last
  // columns are not cut in half by the clip.
  if (yr) yr = pad(yr, PAD);
  if (xr && spec.series.some((s) => s.mode === "points")) xr = pad(xr, PAD / 2);
  out.push(`<text x="${MARGIN.left + pw / 2}" y="${MARGIN.top + ph + 38}" text-anchor="middle" font-size="12">${escapeXml(spec.xLabel)}</text>`);
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
  const px = data.map((pts) => pts.map(([x, y]): [number, number] => (Number.isFinite(x) && Number.isFinite(y) ? [xs(x), ys(y)] : [NaN, NaN])));
  spec.series.forEach((s, i) => {
    const c = s.colour ?? colour(i);
    if (s.mode === "points") {
      out.push(`<path d="${dotsPath(px[i])}" fill="none" stroke="${c}" stroke-width="2.6" stroke-linecap="round" ${clip}/>`);
    } else {
      out.push(`<path d="${linePath(px[i])}" fill="none" stroke="${c}" stroke-width="${s.width ?? 1.4}" stroke-linejoin="round"${s.dashed ? ' stroke-dasharray="5 3"' : ""} ${clip}/>`);
    }
  });
  // Reference lines after the data; each label goes to whichever end of its line has no data under it.
  const allPx = spec.hLines?.length || spec.vLines?.length ? occupied(px, spec.series.map((s) => s.mode !== "points")) : [];
  const L = MARGIN.left, R = MARGIN.left + pw, T = MARGIN.top, B = MARGIN.top + ph;
  for (const h of spec.hLines ?? []) {
    const yv = tx(h.y, spec.yLog);
    if (!Number.isFinite(yv)) continue;
    const y = ys(yv), w = 6 * h.label.length + 4;
    const spot = freeSpot([
      { x: R - 4, y: y - 4, anchor: "end", box: [R - w, y - 15, R, y - 1] },
      { x: L + 4, y: y - 4, anchor: "start", box: [L, y - 15, L + w, y - 1] },
      { x: R - 4, y: y + 12, anchor: "end", box: [R - w, y + 1, R, y + 15] },
      { x: L + 4, y: y + 12, anchor: "start", box: [L, y + 1, L + w, y + 15] },
    ].filter((c) => c.box[1] >= T && c.box[3] <= B), allPx);
    out.push(`<line x1="${L}" x2="${R}" y1="${num(y)}" y2="${num(y)}" stroke="#777" stroke-dasharray="4 3"/>`);
    if (spot) out.push(`<text x="${num(spot.x)}" y="${num(spot.y)}" text-anchor="${spot.anchor}" fill="#444" font-size="10" paint-order="stroke" stroke="white" stroke-width="3">${escapeXml(h.label)}</text>`);
  }
  for (const v of spec.vLines ?? []) {
    const xv = tx(v.x, spec.xLog);
    if (!Number.isFinite(xv)) continue;
    const x = xs(xv), w = 6 * v.label.length + 4;
    const spot = freeSpot([
      { x: x + 3, y: T + 12, anchor: "start", box: [x, T, x + w, T + 15] },
      { x: x - 3, y: T + 12, anchor: "end", box: [x - w, T, x, T + 15] },
      { x: x + 3, y: B - 5, anchor: "start", box: [x, B - 15, x + w, B] },
      { x: x - 3, y: B - 5, anchor: "end", box: [x - w, B - 15, x, B] },
    ].filter((c) => c.box[0] >= L && c.box[2] <= R), allPx) ?? { x: x + 3, y: T + 12, anchor: "start" };
    out.push(`<line x1="${num(x)}" x2="${num(x)}" y1="${T}" y2="${B}" stroke="#777" stroke-dasharray="4 3"/><text x="${num(spot.x)}" y="${num(spot.y)}" text-anchor="${spot.anchor}" fill="#444" font-size="10" paint-order="stroke" stroke="white" stroke-width="3">${escapeXml(v.label)}</text>`);
  }
  if (showLegend && labelled.length) {
    if (below) {
      out.push(legendRow(legendItems(spec.series), L, B + 44, pw).svg);
    } else {
      const items = legendItems(spec.series);
      const lw = Math.min(pw - 8, 12 + 6.2 * Math.max(...items.map((s) => s.label.length)) + 24);
      const lh = items.length * 14 + 6, at = spec.legendAt ?? "top-right";
      const lx = at.endsWith("left") ? L + 4 : R - lw - 4;
      const ly = at.startsWith("bottom") ? B - lh - 4 : T + 4;
      out.push(`<rect x="${num(lx)}" y="${ly}" width="${num(lw)}" height="${lh}" fill="white" fill-opacity="0.85" stroke="#ccc"/>`);
      items.forEach((it, k) => {
        const y = ly + 12 + k * 14;
        out.push(legendMark(it, lx + 2, y + 1), `<text x="${num(lx + 30)}" y="${y}" font-size="10">${escapeXml(it.label)}</text>`);
      });
    }
  }
  return out.join("");
}

// Clip-path ids must be unique within one HTML page that inlines several SVGs.
let clipId = 0;
