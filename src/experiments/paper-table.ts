// The predicted-vs-measured table of the paper reproduction, as text (browser-safe).
import type { PaperResult, PaperRow } from "./paper.js";
import { paperRows } from "./paper.js";
import { argArray, argObject } from "../check-args.js";

/** Short number format: 6 significant digits, exponent form when tiny or huge; "-" for null. */
export function fmtNum(x: number | null | undefined, digits = 6): string {
  if (x === null || x === undefined) return "-";
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  return Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6 ? x.toExponential(digits - 1) : x.toPrecision(digits);
}

/** Columns of the table: header and cell for each row. */
export const PAPER_COLUMNS: readonly [string, (r: PaperRow) => string][] = [
  ["fig", (r) => String(r.figure)],
  ["start", (r) => String(r.start)],
  ["η", (r) => String(r.eta)],
  ["ηλ(θ∥₀)", (r) => fmtNum(r.etaLambdaParStart, 5)],
  ["predicted", (r) => r.predicted],
  ["observed", (r) => r.observed],
  ["τ", (r) => (r.tau === null ? "-" : String(r.tau))],
  ["λ(θ∥) final", (r) => fmtNum(r.lambdaParFinal, 8)],
  ["rate pred.", (r) => fmtNum(r.rate.predicted, 8)],
  ["rate meas.", (r) => fmtNum(r.rate.measured, 8)],
  ["rate of", (r) => r.rate.quantity ?? "-"],
  ["orbit θ⊥ pred.", (r) => (r.orbit.predicted ? r.orbit.predicted.map((x) => fmtNum(x, 8)).join(" ") : "-")],
  ["orbit θ⊥ meas.", (r) => (r.orbit.measured ? r.orbit.measured.map((x) => fmtNum(x, 8)).join(" ") : "-")],
  ["exp |θ⊥| distPar loss λgap (pred. −½ −½ −1 −1)", (r) => (r.exponents ? [r.exponents.thetaPerp, r.exponents.distPar, r.exponents.loss, r.exponents.lambdaGap].map((x) => fmtNum(x, 4)).join(" ") : "-")],
  ["distPar final", (r) => fmtNum(r.distParFinal, 3)],
  ["checks", (r) => `${r.checksPassed}/${r.checksTotal}${r.failed.length ? ` (failed: ${r.failed.join(", ")})` : ""}`],
];

/** Aligned text table, one row per run, with a legend underneath. */
export function formatPaperTable(result: PaperResult): string {
  argObject("formatPaperTable", "result", result); argArray("formatPaperTable", "result.figures", result.figures);
  const rows = paperRows(result);
  const head = PAPER_COLUMNS.map(([h]) => h);
  const cells = rows.map((r) => PAPER_COLUMNS.map(([, f]) => f(r)));
  const widths = head.map((h, j) => Math.max([...h].length, ...cells.map((c) => [...c[j]].length)));
  const line = (c: string[]) => c.map((x, j) => x + " ".repeat(widths[j] - [...x].length)).join("  ").trimEnd();
  const passed = rows.reduce((s, r) => s + r.checksPassed, 0), total = rows.reduce((s, r) => s + r.checksTotal, 0);
  return [
    `The paper's three regimes: deep scalar factorisation, depth ${result.depth}, y = ${result.target}, λ* = ${fmtNum(result.lambdaStar, 10)}, η_c = 2/λ* = ${fmtNum(result.etaCritical, 10)}; five starts near M per figure.`,
    "",
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...cells.map(line),
    "",
    `Checks passed: ${passed}/${total}.`,
    "τ: first recorded step with ηλ(θ∥_t) < 2. Rates are per step. Subcritical: predicted |1 − ηλ(θ∥∞)| with θ∥∞ the projection of the final state; measured: log-linear fit of |θ⊥|.",
    "Supercritical: predicted sqrt(ρ(J)), J = DG(θ_b)DG(θ_a) at the Newton orbit on L = span(1); measured: the slower of the fits of distPar and |θ⊥ − orbit| (same-parity steps).",
    "Critical: power-law exponents fitted on the last two decades of the run.",
  ].join("\n");
}
