// The bifurcation sweep's outputs: its figures (SVG + JSON files, for `eoslab report`), its readable summary (also
// `eoslab sweep`'s) and its brief JSON. `eoslab sweep` and `eoslab merge` write their figures with sweepFigures.
import type { Engine } from "../../engine.js";
import { bifurcationSvg, bifurcationSweep, type BifurcationResult } from "../../experiments/bifurcation.js";
import { fmtNum } from "../../experiments/paper-table.js";
import { engineGeometry } from "../../codim1/geometry.js";
import { sweepModel, sweepTheta0, type SweepSettings } from "../../experiments/sweep-settings.js";
import { stringifySafe } from "../../series/json-safe.js";
import { writeOut } from "../../node/write-out.js";

/** Runs the sweep in this thread, in one go, and writes bifurcation.svg and bifurcation.json to `outDir` (used by report). */
export function runSweepToDir(engine: Engine, s: SweepSettings, outDir: string): { result: BifurcationResult; svg: string; files: string[] } {
  const result = bifurcationSweep(sweepModel(s), engineGeometry(engine), { etaFrom: s.from, etaTo: s.to, count: s.count, steps: s.steps, tail: s.tail, theta0: sweepTheta0(s), engine });
  const svg = bifurcationSvg(result);
  const files = [writeOut(outDir, "bifurcation.svg", svg), writeOut(outDir, "bifurcation.json", stringifySafe({ ...result }) + "\n")];
  return { result, svg, files };
}

/** "1 η value", "3 η values": the count and the noun, singular for exactly one. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Readable summary: runs of consecutive η with the same label. */
export function formatSweep(r: BifurcationResult): string {
  const lines = [`Bifurcation sweep: ${r.model}, λ* = ${fmtNum(r.lambdaStar, 10)}, η_c = ${fmtNum(r.etaCritical, 10)}; last ${r.tail} of ${r.steps} steps per η`, ""];
  let i = 0;
  while (i < r.points.length) {
    let j = i;
    while (j + 1 < r.points.length && r.points[j + 1].label === r.points[i].label) j++;
    const a = r.points[i], b = r.points[j];
    const vals = b.attractor.length ? `${plural(b.distinct, "distinct θ⊥ value")} at η = ${fmtNum(b.eta, 5)}` : "no finite values";
    lines.push(`η ∈ [${fmtNum(a.eta, 5)}, ${fmtNum(b.eta, 5)}]  ${a.label.padEnd(13)} (${plural(j - i + 1, "η value")}; ${vals})`);
    i = j + 1;
  }
  return lines.join("\n");
}

/** The bifurcation sweep in brief: runs of consecutive η with the same label (as the table), and every η's label. */
export function sweepSummary(r: BifurcationResult): Record<string, unknown> {
  const segments: { etaFrom: number; etaTo: number; label: string; count: number; distinctAtEnd: number }[] = [];
  for (const p of r.points) {
    const last = segments[segments.length - 1];
    if (last && last.label === p.label) Object.assign(last, { etaTo: p.eta, count: last.count + 1, distinctAtEnd: p.distinct });
    else segments.push({ etaFrom: p.eta, etaTo: p.eta, label: p.label, count: 1, distinctAtEnd: p.distinct });
  }
  return {
    model: r.model, lambdaStar: r.lambdaStar, etaCritical: r.etaCritical, steps: r.steps, tail: r.tail, count: r.points.length, segments,
    points: r.points.map((p) => ({ eta: p.eta, label: p.label, predicted: p.predicted, distinct: p.distinct })),
    note: "segments: consecutive η with the same observed label; distinctAtEnd: distinct θ⊥ values among the last `tail` steps at the segment's largest η (0 when divergent); the attractors are in bifurcation.json",
  };
}
