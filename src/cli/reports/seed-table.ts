// The seed experiment's readable table: our measurement beside the seed document's claims (docs/design.md §5).
// `eoslab seed` prints it, and `eoslab report` puts it first.
import type { LinearRegressionExperiment } from "../../seed/experiment-linear-regression.js";

const fmt = (x: number | null, digits = 4): string => (x === null ? "-" : x === 0 ? "0" : Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5 ? x.toExponential(digits - 1) : x.toPrecision(digits));

/** The readable table: our measurement beside the seed's claim. */
export function formatSeedTable(r: LinearRegressionExperiment): string {
  const head = ["η/(2/λmax)", "η", "seed band", "theory (§2)", "outcome", "final loss", "diverged at", "rate (meas.)", "rate (pred.)", "seed: loss", "seed: behaviour"];
  const rows = r.rows.map((row) => [
    String(row.etaFrac), fmt(row.eta), row.regime.seedBand, row.regime.theory, row.outcome, fmt(row.finalLoss),
    row.divergedAtStep === null ? "-" : `step ${row.divergedAtStep}`, fmt(row.measuredRate, 6), fmt(row.predictedRate, 6),
    row.seedClaim ? String(row.seedClaim.finalLoss) : "-", row.seedClaim ? `${row.seedClaim.behaviourOriginal} (${row.seedClaim.behaviour})` : "-",
  ]);
  const width = (s: string) => [...s].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
  const widths = head.map((h, j) => Math.max(width(h), ...rows.map((x) => width(x[j]))));
  const line = (cells: string[]) => cells.map((c, j) => c + " ".repeat(widths[j] - width(c))).join("  ").trimEnd();
  return [
    `The seed's experiment, rerun exactly: n = ${r.n}, d = ${r.d}, ${r.steps} GD steps from θ = 0, numpy RandomState(42) data.`,
    `λmax = ${r.lambdaMax}, λmin⁺ = ${r.lambdaMinPositive} (Jacobi SVD, ${r.svd.sweeps} sweeps).`,
    "",
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
    "final loss: the seed's losses[-1] = 0.5·mean((Xθ − y)²) after the last update; '-' when the run diverged.",
    "Rates: per step, for the residual norm ‖Xθ − y‖ (the loss shrinks or grows by the square); predicted = max(|1 − ηλmax|, |1 − ηλmin⁺|).",
    "diverged at: the GD step whose loss overflowed (the seed's list index is one less).",
    "Outcomes are read off the measured curves (analyzeConvergence), not from η.",
  ].join("\n");
}
