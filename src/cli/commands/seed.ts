import type { Command } from "commander";
import { InvalidArgumentError } from "../../errors.js";
import { init } from "../../init.js";
import { experimentLinearRegression, type LinearRegressionExperiment } from "../../seed/experiment-linear-regression.js";
import type { BackendKind } from "../../wasm/exports.js";
import type { CommandRegistrar } from "../program.js";
import { stringifySafe } from "../../series/json-safe.js";
import { intFlag } from "../parse-numbers.js";

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

/** `eoslab seed`: the seed's linear-regression experiment, told truthfully (DESIGN §2, §5). */
export const registerSeed: CommandRegistrar = (program: Command) => {
  program
    .command("seed")
    .description("rerun the seed document's linear-regression experiment exactly and show what GD really does beside the seed's claims")
    .option("--json", 'print one JSON object {"lambdaMax","lambdaMinPositive","rows":[...]} on stdout')
    .option("--curves", "with --json: include each row's loss curve (the seed's losses list, null where numpy has inf/nan)")
    .option("--steps <n>", "GD steps per run", "1000")
    .option("--backend <kind>", "simd, wasm or js (default: the best available)")
    .action(async (opts: { json?: boolean; curves?: boolean; steps: string; backend?: string }) => {
      // Every step of six runs is recorded: beyond 10⁶ steps the curves alone would take hundreds of MB.
      const steps = intFlag("--steps", opts.steps, 2, 1_000_000);
      if (opts.backend !== undefined && !["simd", "wasm", "js"].includes(opts.backend)) {
        throw new InvalidArgumentError(`unknown backend "${opts.backend}" in --backend; use simd, wasm or js`);
      }
      const engine = await init({ backend: opts.backend as BackendKind | undefined });
      const r = experimentLinearRegression({ steps, engine, includeCurves: Boolean(opts.json && opts.curves) });
      if (opts.json) process.stdout.write(stringifySafe({ ...r }) + "\n");
      else process.stdout.write(formatSeedTable(r) + "\n");
    });
};
