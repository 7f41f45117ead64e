// Which figures a sweep gets, chosen by its axes (docs/sweeps.md): over η alone (or η/η_c) the bifurcation diagram
// (bifurcationSvg, with η = η_c); over one other axis the attractor diagram; over two axes the regime map. Pure:
// from the spec and the merged rows to file names and texts. Browser-safe.
import { assembleBifurcation, bifurcationSvg, type BifurcationResult } from "./bifurcation.js";
import { axisDiagramSvg, regimeMapGrid, regimeMapSvg, type MapRow } from "./regime-map.js";
import { deepScalar } from "../models/deep-scalar.js";
import type { Regime } from "../theory/regime.js";
import type { SweepSpec } from "./sweep-spec.js";
import { stringifySafe } from "../series/json-safe.js";
import { argArray, argObject } from "../check-args.js";

/** Figures are drawn from at most this many points (an SVG of more cells or dots than this is no use to read). */
export const MAX_FIGURE_POINTS = 250_000;

/** Every figure file a sweep can get, whatever its axes: what `eoslab merge --figures` must be free to write. */
export const ALL_FIGURE_FILES: readonly string[] = ["bifurcation.svg", "bifurcation.json", "regime-map.svg", "regime-map.json"];

/** The figure files a spec gets: bifurcation.* for one axis, regime-map.* for two, none for more. */
export function figureFiles(spec: SweepSpec): string[] {
  if (spec.axes.length === 1) return ALL_FIGURE_FILES.slice(0, 2);
  if (spec.axes.length === 2) return ALL_FIGURE_FILES.slice(2, 4);
  return [];
}

/** A short name of the spec's model and fixed settings, for titles. */
export function specTitle(spec: SweepSpec): string {
  if ((spec.model === "deep-scalar" || spec.model === "scalar") && !spec.axes.some((a) => a.name === "depth" || a.name === "target")) {
    return deepScalar({ depth: spec.model === "scalar" ? 2 : typeof spec.fixed.depth === "number" ? spec.fixed.depth : 5, target: typeof spec.fixed.target === "number" ? spec.fixed.target : 1 }).name;
  }
  const fixed = Object.entries(spec.fixed).filter(([k]) => k !== "init").map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : v}`);
  return `${spec.model}${fixed.length ? `(${fixed.join(", ")})` : ""}`;
}

/**
 * A stored row of a merged sweep (one JSON line), as the figures read it.
 * @category Sweeps
 */
export interface SweepFigureRow extends MapRow {
  index: number;
  /** null for a point that was not run (etaFrac on data with no exact fit): it has no place on an η axis. */
  eta: number | null;
  lambdaStar?: number | null;
  labelReason?: string;
  distinct?: number | null;
  predicted?: string | null;
}

/** The bifurcation result of a one-axis η (or η/η_c) sweep: bifurcationSweep's shape, so its JSON and SVG are the same. */
export function bifurcationFromRows(spec: SweepSpec, rows: SweepFigureRow[]): BifurcationResult {
  const sorted = [...rows].filter((r) => typeof r.eta === "number").sort((a, b) => a.index - b.index);
  return assembleBifurcation(specTitle(spec), { steps: spec.steps, tail: spec.tail }, Array.isArray(spec.fixed.init) ? (spec.fixed.init as number[]) : [], sorted.map((r) => ({
    point: { eta: r.eta as number, label: r.observed as Regime, labelReason: r.labelReason ?? "", attractor: r.attractor ?? [], distinct: r.distinct ?? 0, predicted: r.predicted ?? "none" },
    lambdaStar: typeof r.lambdaStar === "number" ? r.lambdaStar : NaN,
  })));
}

/**
 * The figures of a complete sweep, chosen by its axes (docs/sweeps.md): the bifurcation diagram over η (or η/η_c)
 * alone, the attractor diagram over one other axis, the regime map over two; none for three axes or more. The same
 * files `eoslab merge --figures` writes, as [file name, text] pairs, so a page can draw a merged file it loaded.
 * @example
 * const spec = parseSweepSpec(specJson);
 * const rows = mergedText.trim().split("\n").slice(1).map((l) => JSON.parse(l)); // after the header line
 * for (const f of sweepFigures(spec, rows)) console.log(f.file, f.text.length);
 * @category Sweeps
 */
export function sweepFigures(spec: SweepSpec, rows: SweepFigureRow[]): { file: string; text: string }[] {
  argObject("sweepFigures", "spec", spec);
  argArray("sweepFigures", "spec.axes", spec.axes);
  argArray("sweepFigures", "rows", rows);
  const title = `${specTitle(spec)}, ${spec.steps} steps`;
  if (spec.axes.length === 1) {
    const ax = spec.axes[0].name;
    if (ax === "eta" || ax === "etaFrac") {
      const b = bifurcationFromRows(spec, rows);
      return [{ file: "bifurcation.svg", text: bifurcationSvg(b) }, { file: "bifurcation.json", text: stringifySafe({ ...b }) + "\n" }];
    }
    const sorted = [...rows].sort((a, b) => a.index - b.index);
    return [
      { file: "bifurcation.svg", text: axisDiagramSvg(spec, sorted, `Attractor over ${ax}: ${title}`) },
      { file: "bifurcation.json", text: stringifySafe({ model: specTitle(spec), axis: ax, steps: spec.steps, tail: spec.tail, points: sorted.map((r) => ({ [ax]: r.coords[ax], eta: r.eta, label: r.observed, predicted: r.predicted ?? null, attractor: r.attractor ?? [], distinct: r.distinct ?? null })) }) + "\n" },
    ];
  }
  if (spec.axes.length === 2) {
    const grid = regimeMapGrid(spec, rows);
    return [{ file: "regime-map.svg", text: regimeMapSvg(grid, `Regime map: ${title}`) }, { file: "regime-map.json", text: stringifySafe({ model: specTitle(spec), steps: spec.steps, ...grid }) + "\n" }];
  }
  return [];
}
