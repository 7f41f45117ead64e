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

/** Default width of the CLI's text output, in columns: a terminal's 80 plus room, and what `--wide` lifts. */
export const TEXT_WIDTH = 100;

/** Display width of a string: one column per code point, two for CJK and full-width characters. */
function textWidth(s: string): number {
  let w = 0;
  for (const c of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1;
  return w;
}

/**
 * Wraps each line of `text` at spaces so that no line is wider than `width` columns (a single word wider than that
 * stays whole); continuation lines start with `indent` spaces, or, by default, with as many spaces as the line's
 * own leading run of "label + spaces" (so "regime   predicted …" continues under "predicted").
 *
 * @example wrapText("aaa bbb ccc", 7) // "aaa bbb\nccc"
 */
export function wrapText(text: string, width = TEXT_WIDTH, indent?: number): string {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (textWidth(line) <= width) {
      out.push(line);
      continue;
    }
    const hang = indent ?? Math.min(Math.floor(width / 3), /^(\S*\s{2,}|\s*)/.exec(line)?.[0].length ?? 0);
    const lead = /^\s*/.exec(line)![0];
    let cur = lead;
    for (const word of line.slice(lead.length).split(" ")) {
      const next = cur.trim() === "" ? cur + word : `${cur} ${word}`;
      if (cur.trim() !== "" && textWidth(next) > width) {
        out.push(cur.trimEnd());
        cur = " ".repeat(hang) + word;
      } else cur = next;
    }
    if (cur.trim() !== "") out.push(cur.trimEnd());
  }
  return out.join("\n");
}

/** Aligned columns: a header row, a rule, the rows; widths by display width. */
export function alignedTable(head: readonly string[], rows: readonly string[][]): string[] {
  const widths = head.map((h, j) => Math.max(textWidth(h), ...rows.map((c) => textWidth(c[j]))));
  const line = (c: readonly string[]) => c.map((x, j) => x + " ".repeat(widths[j] - textWidth(x))).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

/**
 * Options of formatPaperTable.
 * @category Experiments
 */
export interface PaperTableOptions {
  /** One row per run with every column on it (about 260 columns), as before; default: tables that fit 100 columns. */
  wide?: boolean;
}

// The narrow layout: the same columns (by header) in three tables of at most 100 columns; the second and third
// show only the runs that have a value there (rates and orbits: sub- and supercritical; exponents: critical).
const NARROW_GROUPS: readonly (readonly string[])[] = [
  ["fig", "start", "η", "ηλ(θ∥₀)", "predicted", "observed", "τ", "λ(θ∥) final", "distPar final", "checks"],
  ["fig", "start", "rate of", "rate pred.", "rate meas.", "orbit θ⊥ pred.", "orbit θ⊥ meas."],
  ["fig", "start", "exp |θ⊥| distPar loss λgap (pred. −½ −½ −1 −1)"],
];

/**
 * The predicted-vs-measured table, one row per run, with a legend underneath. By default it fits 100 columns (three
 * tables, failed checks listed below them); `{ wide: true }` gives one table with every column on a row.
 *
 * @example console.log(formatPaperTable(paperExperiment(deepScalar({ depth: 5 }), geometry)));
 * @category Experiments
 */
export function formatPaperTable(result: PaperResult, options: PaperTableOptions = {}): string {
  argObject("formatPaperTable", "result", result); argArray("formatPaperTable", "result.figures", result.figures);
  argObject("formatPaperTable", "options", options);
  const rows = paperRows(result);
  const passed = rows.reduce((s, r) => s + r.checksPassed, 0), total = rows.reduce((s, r) => s + r.checksTotal, 0);
  const width = options.wide ? Infinity : TEXT_WIDTH;
  const body: string[] = [];
  if (options.wide) {
    body.push(...alignedTable(PAPER_COLUMNS.map(([h]) => h), rows.map((r) => PAPER_COLUMNS.map(([, f]) => f(r)))));
  } else {
    const col = (h: string) => PAPER_COLUMNS.find(([x]) => x === h)![1];
    NARROW_GROUPS.forEach((group, g) => {
      const cell = (r: PaperRow, h: string) => (h === "checks" ? `${r.checksPassed}/${r.checksTotal}` : col(h)(r));
      const shown = rows.filter((r) => g === 0 || group.slice(2).some((h) => cell(r, h) !== "-"));
      if (shown.length === 0) return;
      if (body.length > 0) body.push("");
      body.push(...alignedTable(group, shown.map((r) => group.map((h) => cell(r, h)))));
    });
    const failed = rows.filter((r) => r.failed.length > 0);
    if (failed.length > 0) body.push("", ...failed.map((r) => `failed: figure ${r.figure}, start ${r.start}: ${r.failed.join(", ")}`));
  }
  return wrapText([
    `The paper's three regimes: deep scalar factorisation, depth ${result.depth}, y = ${result.target}, λ* = ${fmtNum(result.lambdaStar, 10)}, η_c = 2/λ* = ${fmtNum(result.etaCritical, 10)}; five starts near M per figure.`,
    "",
    ...body,
    "",
    `Checks passed: ${passed}/${total}.`,
    "τ: first recorded step with ηλ(θ∥_t) < 2. Rates are per step. Subcritical: predicted |1 − ηλ(θ∥∞)| with θ∥∞ the projection of the final state; measured: log-linear fit of |θ⊥|.",
    "Supercritical: predicted sqrt(ρ(J)), J = DG(θ_b)DG(θ_a) at the Newton orbit on L = span(1); measured: the slower of the fits of distPar and |θ⊥ − orbit| (same-parity steps).",
    "Critical: power-law exponents fitted on the last two decades of the run.",
  ].join("\n"), width, 0);
}
