// `eoslab run --csv`: the recorded series as CSV on stdout, for numpy.loadtxt / pandas.read_csv (docs/design.md §1 for
// the columns). One header row with the column names, then one row per recorded step.
import type { RunAnalysis } from "../../codim1/analyse-run.js";
import { SERIES_COLUMNS } from "../../series/run-series.js";

/** One cell: the shortest text that reads back as the same float64; nan/inf/-inf as numpy and pandas spell them; "" for no value. */
function cell(v: number | null | undefined, missing: string): string {
  if (v === undefined) return "";
  if (v === null) return missing;
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  return String(v);
}

/** A CSV text from named columns of equal length (numbers; null: a non-finite value the JSON printed as null). */
export function columnsCsv(names: readonly string[], columns: readonly ArrayLike<number | null | undefined>[], missing = "nan"): string {
  const n = columns.length ? columns[0].length : 0;
  const lines = [names.join(",")];
  for (let i = 0; i < n; i++) lines.push(columns.map((c) => cell(c[i], missing)).join(","));
  return lines.join("\n") + "\n";
}

/**
 * The six RunSeries columns of a codimension-1 run (step, loss, thetaPerp, distPar, lambdaPar, lambdaAt), then, on deep
 * scalar factorisation, gfsSharpness: λ_GFS(θ_t) at the same records (docs/design.md §3, "GFS sharpness").
 */
export function runCsv(a: RunAnalysis): string {
  const names: string[] = [...SERIES_COLUMNS], cols: ArrayLike<number>[] = SERIES_COLUMNS.map((k) => a.series[k]);
  if (a.gfsSharpness) { names.push("gfsSharpness"); cols.push(a.gfsSharpness); }
  return columnsCsv(names, cols);
}

type Col = (number | null)[];

/**
 * A data run (the object dataRun returns): the loss at every recorded step, and, where they were computed, the
 * coordinates near M (thetaPerp, distPar, lambdaPar, lambdaAt) or the sharpness samples (hessianTop, gaussNewtonTop).
 * The loss series and the coordinates are recorded on different steps: the rows are every step of either, in order,
 * and a cell is empty where that column was not measured at that step ("nan" where it was, but was not finite).
 */
export function dataRunCsv(o: Record<string, unknown>): string {
  const loss = o.lossSeries as { step: number[]; loss: Col } | undefined;
  const coords = o.series as { step: number[]; loss: Col; thetaPerp: Col; distPar: Col; lambdaPar: Col; lambdaAt: Col } | undefined;
  const sharp = o.sharpness as { step: number[]; hessian: Col; gaussNewton: Col } | null | undefined;
  const blocks: { step: number[]; cols: Record<string, Col> }[] = [];
  if (loss) blocks.push({ step: loss.step, cols: { loss: loss.loss } });
  if (coords) blocks.push({ step: coords.step, cols: { loss: coords.loss, thetaPerp: coords.thetaPerp, distPar: coords.distPar, lambdaPar: coords.lambdaPar, lambdaAt: coords.lambdaAt } });
  if (sharp) blocks.push({ step: sharp.step, cols: { hessianTop: sharp.hessian, gaussNewtonTop: sharp.gaussNewton } });
  const names: string[] = [];
  for (const b of blocks) for (const k of Object.keys(b.cols)) if (!names.includes(k)) names.push(k);
  const byStep = new Map<number, Record<string, number | null>>();
  for (const b of blocks) {
    b.step.forEach((t, i) => {
      const row = byStep.get(t) ?? {};
      // The loss series comes first: a coordinate checkpoint's loss is the same GD step's loss.
      for (const [k, c] of Object.entries(b.cols)) if (!(k in row)) row[k] = c[i];
      byStep.set(t, row);
    });
  }
  const steps = [...byStep.keys()].sort((x, y) => x - y);
  return columnsCsv(["step", ...names], [steps, ...names.map((k) => steps.map((t) => byStep.get(t)![k]))]);
}
