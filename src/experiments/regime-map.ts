// Figures of a sweep chosen by its axes (docs/sweeps.md): the regime map (a heat map of the observed label over two
// axes, with η = η_c drawn where η is an axis) and the attractor diagram over one axis that is not η.
// Browser-safe: pure functions from merged JSONL rows to a grid and to SVG text, so the explorer can reuse them.
import { InvalidArgumentError } from "../errors.js";
import { argArray, argObject } from "../check-args.js";
import { escapeXml } from "../plot/escape.js";
import { PALETTE } from "../plot/palette.js";
import { linePlotSvg, type PlotSeries } from "../plot/line-plot.js";
import { colour } from "../plot/palette.js";
import type { SettingValue, SweepSpec } from "./sweep-spec.js";

/**
 * One row of a merged sweep JSONL file, as much as the figures need.
 * @category Sweeps
 */
export interface MapRow {
  coords: Record<string, SettingValue>;
  observed: string;
  etaCritical?: number | null;
  eta?: number | null;
  attractor?: number[];
}

/**
 * The regime map as data: cells[j][i] is the observed label at x value i and y value j (null: no row for it).
 * When η (or η/η_c) is an axis it is x, and `critical` gives η_c (or 1) at each y value, for the η = η_c line.
 * @category Sweeps
 */
export interface RegimeMapGrid {
  x: { name: string; values: SettingValue[] };
  y: { name: string; values: SettingValue[] };
  /** Labels present, in a fixed order (the theory's regimes first), each with its colour. */
  labels: { label: string; colour: string }[];
  cells: (string | null)[][];
  /** The η = η_c line: per y value, the x-axis value where η = η_c (null where unknown). Null when x is not η or η/η_c. */
  critical: (number | null)[] | null;
}

/** The canonical label order: the regimes as the theory orders them, then period-k by k, then the rest. */
const ORDER = ["stable", "subcritical", "critical", "supercritical", "period-4", "period-8", "chaotic", "divergent", "saddle", "not-converged", "no exact fit"];
const rank = (l: string): number => {
  const i = ORDER.indexOf(l);
  if (i >= 0) return i;
  const m = /^period-(\d+)$/.exec(l);
  return m ? 4.5 + Number(m[1]) / 1e6 : ORDER.length;
};
/** A fixed colour per label (never dependent on which labels a map happens to hold), so maps compare by eye. */
export function labelColour(label: string): string {
  const i = ORDER.indexOf(label);
  if (i >= 0) return i < PALETTE.length ? PALETTE[i] : "#555555";
  return /^period-/.test(label) ? "#8c564b" : "#bbbbbb";
}

/** The two axes of a map: η or η/η_c on x when it is an axis, the other on y; otherwise the last axis on x. */
function mapAxes(spec: SweepSpec): [SweepSpecAxis, SweepSpecAxis] {
  if (spec.axes.length !== 2) throw new InvalidArgumentError(`regime map: needs a spec with exactly two axes, got ${spec.axes.length} (${spec.axes.map((a) => a.name).join(", ")})`);
  const [a, b] = spec.axes;
  return a.name === "eta" || a.name === "etaFrac" ? [a, b] : [b, a];
}
type SweepSpecAxis = SweepSpec["axes"][number];

/**
 * Turns merged JSONL rows (any order; one per grid point, missing ones allowed) into the heat-map grid of the
 * observed label over the spec's two axes. Pure: the explorer can draw a loaded file with it.
 * @example
 * const grid = regimeMapGrid(spec, rows); // rows: the JSON lines of a merged sweep file
 * grid.cells[0][0]; // the label at the first y value and the first x value
 * @category Sweeps
 */
export function regimeMapGrid(spec: SweepSpec, rows: Iterable<MapRow>): RegimeMapGrid {
  argObject("regimeMapGrid", "spec", spec); argArray("regimeMapGrid", "spec.axes", spec.axes);
  if (rows === null || typeof rows !== "object" || typeof (rows as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function") throw new InvalidArgumentError("regimeMapGrid: rows must be an array (or iterable) of sweep rows");
  const [x, y] = mapAxes(spec);
  const pos = (ax: SweepSpecAxis): Map<string, number> => new Map(ax.values.map((v, i) => [JSON.stringify(v), i]));
  const xi = pos(x), yi = pos(y);
  const cells: (string | null)[][] = y.values.map(() => x.values.map(() => null));
  const critical: (number | null)[] | null = x.name === "eta" ? y.values.map(() => null) : x.name === "etaFrac" ? y.values.map(() => 1) : null;
  const seen = new Set<string>();
  for (const r of rows) {
    argObject("regimeMapGrid", "each row", r); argObject("regimeMapGrid", "row.coords", r.coords);
    const i = xi.get(JSON.stringify(r.coords[x.name])), j = yi.get(JSON.stringify(r.coords[y.name]));
    if (i === undefined || j === undefined) throw new InvalidArgumentError(`regimeMapGrid: a row's coordinates ${JSON.stringify(r.coords).slice(0, 80)} are not on the spec's grid`);
    if (typeof r.observed !== "string") throw new InvalidArgumentError("regimeMapGrid: a row has no observed label");
    if (cells[j][i] === null) cells[j][i] = r.observed;
    seen.add(r.observed);
    if (x.name === "eta" && critical && critical[j] === null && typeof r.etaCritical === "number" && Number.isFinite(r.etaCritical)) critical[j] = r.etaCritical;
  }
  const labels = [...seen].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1)).map((label) => ({ label, colour: labelColour(label) }));
  return { x: { name: x.name, values: x.values }, y: { name: y.name, values: y.values }, labels, cells, critical };
}

const AXIS_TEXT: Record<string, string> = { eta: "learning rate η", etaFrac: "η / η_c", depth: "depth p", target: "target y", width: "width", widths: "widths", initSeed: "init seed", initScale: "init scale", data: "data file" };
const show = (v: SettingValue): string => (typeof v === "number" ? String(+v.toPrecision(4)) : Array.isArray(v) ? v.join(",") : String(v));

/** x position (in cell units, 0 = first cell's centre) of an x-axis value, by linear interpolation between cells. */
function cellPosition(values: SettingValue[], v: number): number | null {
  const xs = values as number[];
  for (let i = 0; i + 1 < xs.length; i++) {
    const a = xs[i], b = xs[i + 1];
    if ((v >= a && v <= b) || (v <= a && v >= b)) return a === b ? i : i + (v - a) / (b - a);
  }
  return xs.length === 1 && xs[0] === v ? 0 : null;
}

/**
 * The regime map as an SVG document: one rect per grid point (data-x, data-y: its positions on the axes;
 * data-label: the observed label), a legend, and the η = η_c line where η or η/η_c is the x axis.
 * @example
 * const svg = regimeMapSvg(regimeMapGrid(spec, rows), "deep scalar, 20 000 steps");
 * @category Sweeps
 */
export function regimeMapSvg(grid: RegimeMapGrid, title = "Regime map"): string {
  argObject("regimeMapSvg", "grid", grid); argArray("regimeMapSvg", "grid.cells", grid.cells);
  const nx = grid.x.values.length, ny = grid.y.values.length;
  const plotW = 600, plotH = Math.max(120, Math.min(440, ny * 40));
  const left = 90, top = 34, legendW = 150;
  const cw = plotW / nx, ch = plotH / ny;
  const W = left + plotW + legendW, H = top + plotH + 56;
  const parts: string[] = [];
  parts.push(`<text x="${left + plotW / 2}" y="20" text-anchor="middle" font-size="13">${escapeXml(title)}</text>`);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const l = grid.cells[j][i];
      // y grows upwards: the first y value at the bottom.
      const px = left + i * cw, py = top + (ny - 1 - j) * ch;
      parts.push(`<rect x="${px.toFixed(2)}" y="${py.toFixed(2)}" width="${cw.toFixed(2)}" height="${ch.toFixed(2)}" fill="${l === null ? "#ffffff" : labelColour(l)}" stroke="${l === null ? "#dddddd" : "none"}" data-x="${i}" data-y="${j}" data-label="${escapeXml(l ?? "")}"><title>${escapeXml(`${grid.x.name} = ${show(grid.x.values[i])}, ${grid.y.name} = ${show(grid.y.values[j])}: ${l ?? "missing"}`)}</title></rect>`);
    }
  }
  parts.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  const xStep = Math.max(1, Math.ceil(nx / 10)), yStep = Math.max(1, Math.ceil(ny / 12));
  for (let i = 0; i < nx; i += xStep) parts.push(`<text x="${(left + (i + 0.5) * cw).toFixed(2)}" y="${top + plotH + 14}" text-anchor="middle" font-size="10">${escapeXml(show(grid.x.values[i]))}</text>`);
  for (let j = 0; j < ny; j += yStep) parts.push(`<text x="${left - 4}" y="${(top + (ny - 1 - j + 0.5) * ch + 3).toFixed(2)}" text-anchor="end" font-size="10">${escapeXml(show(grid.y.values[j]))}</text>`);
  parts.push(`<text x="${left + plotW / 2}" y="${top + plotH + 34}" text-anchor="middle">${escapeXml(AXIS_TEXT[grid.x.name] ?? grid.x.name)}</text>`);
  parts.push(`<text x="16" y="${top + plotH / 2}" text-anchor="middle" transform="rotate(-90 16 ${top + plotH / 2})">${escapeXml(AXIS_TEXT[grid.y.name] ?? grid.y.name)}</text>`);
  if (grid.critical && grid.x.values.every((v) => typeof v === "number")) {
    // η = η_c at each y value: a vertical segment across that row, joined row to row (η_c may change with depth, target, …).
    const pts: string[] = [];
    grid.critical.forEach((c, j) => {
      const p = c === null ? null : cellPosition(grid.x.values, c);
      if (p === null) return;
      const px = (left + (p + 0.5) * cw).toFixed(2);
      pts.push(`${px},${(top + (ny - j) * ch).toFixed(2)}`, `${px},${(top + (ny - 1 - j) * ch).toFixed(2)}`);
    });
    if (pts.length) parts.push(`<polyline class="eta-critical" points="${pts.join(" ")}" fill="none" stroke="#000" stroke-width="2" stroke-dasharray="5 3"/>`);
  }
  const lx = left + plotW + 12;
  grid.labels.forEach((l, k) => {
    parts.push(`<rect x="${lx}" y="${top + k * 18}" width="12" height="12" fill="${l.colour}"/><text x="${lx + 16}" y="${top + k * 18 + 10}">${escapeXml(l.label)}</text>`);
  });
  if (grid.critical) parts.push(`<line x1="${lx}" x2="${lx + 12}" y1="${top + grid.labels.length * 18 + 6}" y2="${top + grid.labels.length * 18 + 6}" stroke="#000" stroke-width="2" stroke-dasharray="5 3"/><text x="${lx + 16}" y="${top + grid.labels.length * 18 + 10}">${grid.x.name === "etaFrac" ? "η = η_c" : "η = η_c = 2/λ*"}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">${parts.join("")}</svg>`;
}

/**
 * The attractor diagram over one axis that is not η (depth, target, width, …): each point's last θ⊥ values against
 * its axis value, coloured by the observed label. (Over η, bifurcationSvg draws the same with η = η_c.)
 * @example
 * const svg = axisDiagramSvg(spec, rows, "deep scalar, 20 000 steps");
 * @category Sweeps
 */
export function axisDiagramSvg(spec: SweepSpec, rows: Iterable<MapRow>, title = "Attractor diagram"): string {
  argObject("axisDiagramSvg", "spec", spec); argArray("axisDiagramSvg", "spec.axes", spec.axes);
  if (spec.axes.length !== 1) throw new InvalidArgumentError(`axisDiagramSvg: needs a spec with one axis, got ${spec.axes.length}`);
  const ax = spec.axes[0];
  const numeric = ax.values.every((v) => typeof v === "number");
  const at = new Map(ax.values.map((v, i) => [JSON.stringify(v), numeric ? (v as number) : i]));
  const byLabel = new Map<string, { x: number[]; y: number[] }>();
  for (const r of rows) {
    const x = at.get(JSON.stringify(r.coords?.[ax.name]));
    if (x === undefined) throw new InvalidArgumentError(`axisDiagramSvg: a row is not on the ${ax.name} axis`);
    let s = byLabel.get(r.observed);
    if (!s) byLabel.set(r.observed, (s = { x: [], y: [] }));
    for (const v of r.attractor ?? []) { s.x.push(x); s.y.push(v); }
  }
  const series: PlotSeries[] = [...byLabel.entries()].sort(([a], [b]) => rank(a) - rank(b)).map(([label, s], k) => ({ label, x: s.x, y: s.y, mode: "points", colour: labelColour(label) ?? colour(k) }));
  return linePlotSvg({
    title, xLabel: (AXIS_TEXT[ax.name] ?? ax.name) + (numeric ? "" : " (index)"), yLabel: "θ⊥ (signed distance to M)",
    series, width: 760, height: 440, legend: true, legendAt: "bottom-left",
  });
}
