// The seed experiment's readable table: our measurement beside the seed document's claims (docs/design.md §5).
// `eoslab seed` prints it, and `eoslab report` puts it first.
import type { LinearRegressionExperiment } from "../../seed/experiment-linear-regression.js";
import { alignedTable, TEXT_WIDTH, wrapText } from "../../experiments/paper-table.js";

const fmt = (x: number | null, digits = 4): string => (x === null ? "-" : x === 0 ? "0" : Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5 ? x.toExponential(digits - 1) : x.toPrecision(digits));

/**
 * The readable table: our measurement beside the seed's claim. By default two tables that fit 100 columns (ours,
 * then the seed's claims beside our outcome); `wide` gives one row per run with every column, as before.
 */
export function formatSeedTable(r: LinearRegressionExperiment, options: { wide?: boolean } = {}): string {
  const ours = (row: LinearRegressionExperiment["rows"][number]) => ({
    frac: String(row.etaFrac), eta: fmt(row.eta), band: row.regime.seedBand, theory: row.regime.theory, outcome: row.outcome, loss: fmt(row.finalLoss),
    diverged: row.divergedAtStep === null ? "-" : `step ${row.divergedAtStep}`, meas: fmt(row.measuredRate, 6), pred: fmt(row.predictedRate, 6),
    seedLoss: row.seedClaim ? String(row.seedClaim.finalLoss) : "-", seedBehaviour: row.seedClaim ? `${row.seedClaim.behaviourOriginal} (${row.seedClaim.behaviour})` : "-",
  });
  const cells = r.rows.map(ours);
  const table: string[] = [];
  if (options.wide) {
    table.push(...alignedTable(
      ["η/(2/λmax)", "η", "seed band", "theory", "outcome", "final loss", "diverged at", "rate (meas.)", "rate (pred.)", "seed: loss", "seed: behaviour"],
      cells.map((c) => [c.frac, c.eta, c.band, c.theory, c.outcome, c.loss, c.diverged, c.meas, c.pred, c.seedLoss, c.seedBehaviour]),
    ));
  } else {
    table.push(
      ...alignedTable(["η/(2/λmax)", "η", "theory", "outcome", "final loss", "diverged", "rate meas.", "rate pred."],
        cells.map((c) => [c.frac, c.eta, c.theory, c.outcome, c.loss, c.diverged, c.meas, c.pred])),
      "",
      "The seed document's claims for the same runs:",
      // The behaviour column last: its Chinese characters are two columns wide on screen, which would shift any after it.
      ...alignedTable(["η/(2/λmax)", "seed band", "seed: loss", "outcome (ours)", "seed: behaviour"],
        cells.map((c) => [c.frac, c.band, c.seedLoss, c.outcome, c.seedBehaviour])),
    );
  }
  return wrapText([
    `The seed's experiment, rerun exactly: n = ${r.n}, d = ${r.d}, ${r.steps} GD steps from θ = 0, numpy RandomState(42) data.`,
    `λmax = ${r.lambdaMax}, λmin⁺ = ${r.lambdaMinPositive} (Jacobi SVD, ${r.svd.sweeps} sweeps).`,
    "",
    ...table,
    "",
    "final loss: the seed's losses[-1] = 0.5·mean((Xθ − y)²) after the last update; '-' when the run diverged.",
    "Rates: per step, for the residual norm ‖Xθ − y‖ (the loss shrinks or grows by the square); predicted = max(|1 − ηλmax|, |1 − ηλmin⁺|).",
    `${options.wide ? "diverged at" : "diverged"}: the GD step whose loss overflowed (the seed's list index is one less).`,
    "theory: what the regime conditions predict at this η; outcome: read off the measured curves (analyzeConvergence), not from η.",
  ].join("\n"), options.wide ? Infinity : TEXT_WIDTH, 0);
}
