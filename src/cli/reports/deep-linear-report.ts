// The report's deep linear section (`eoslab report`): the three regimes of the paper on the deep linear network with one
// input, each run through analyseRun exactly as `eoslab run --model deep-linear` does, with its figure and its
// predicted-against-measured table (docs/design.md §1, "Deep linear networks with one input"; §2 for the labels).
import type { Engine } from "../../engine.js";
import { analyseRun, type RunAnalysis } from "../../codim1/analyse-run.js";
import { engineGeometry } from "../../codim1/geometry.js";
import { deepLinear, deepLinearFlattest, deepLinearInit } from "../../models/deep-linear.js";
import { alignedTable, fmtNum, TEXT_WIDTH, wrapText } from "../../experiments/paper-table.js";
import { panelsSvg, type PlotSpec } from "../../plot/line-plot.js";
import { parityBranches } from "../../experiments/paper.js";
import { colour } from "../../plot/palette.js";
import type { HtmlSection } from "../../plot/html-page.js";
import { writeOut } from "../../node/write-out.js";
import { runJson } from "./run-report.js";

/**
 * The settings of the section. init-scale 0.3, not the run command's 0.5: from this seed, 0.5 starts far from M and
 * every η near η_c diverges, so the three regimes would not show. The runs are those of
 * `eoslab run --model deep-linear --widths 3,4,4,1 --input 0.5,-1,2 --target 1 --init-seed 7 --init-scale 0.3
 * --eta-frac F --steps 100000` (default record plan and --tail 64).
 */
export const DEEP_LINEAR_REPORT = {
  widths: [3, 4, 4, 1], input: [0.5, -1, 2], target: 1, initSeed: 7, initScale: 0.3,
  etaFracs: [0.98, 1, 1.02], steps: 100_000, tail: 64,
} as const;

export interface DeepLinearReport {
  lambdaStar: number;
  etaCritical: number;
  runs: { etaFrac: number; analysis: RunAnalysis }[];
  svg: string;
  path: string;
}

/** Runs the three regimes on the engine and writes deep-linear.svg to `outDir`. */
export function runDeepLinearToDir(engine: Engine, outDir: string): DeepLinearReport {
  const s = DEEP_LINEAR_REPORT;
  const model = deepLinear({ widths: s.widths, input: s.input, target: s.target });
  const lambdaStar = deepLinearFlattest(model).lambdaStar;
  const theta0 = deepLinearInit({ widths: s.widths, seed: s.initSeed, scale: s.initScale });
  const geometry = engineGeometry(engine);
  const runs = s.etaFracs.map((etaFrac) => ({
    etaFrac,
    analysis: analyseRun(model, geometry, { eta: etaFrac * (2 / lambdaStar), steps: s.steps, theta0, record: { logPoints: 2000 }, tailSteps: s.tail }),
  }));
  const svg = deepLinearFigureSvg(runs, lambdaStar);
  return { lambdaStar, etaCritical: 2 / lambdaStar, runs, svg, path: writeOut(outDir, "deep-linear.svg", svg) };
}

function deepLinearFigureSvg(runs: DeepLinearReport["runs"], lambdaStar: number): string {
  const series = (pick: (a: RunAnalysis) => ArrayLike<number>) =>
    runs.map((r, k) => ({ label: `η = ${r.etaFrac}·η_c (${r.analysis.prediction.regime.regime})`, colour: colour(k), x: r.analysis.series.step, y: pick(r.analysis) }));
  const base = { xLabel: "step t", xLog: true };
  // θ⊥ alternates sign across M: even and odd steps as two lines, not one zigzag band (docs/paper.md, "The figures").
  const perp = runs.flatMap((r, k) => parityBranches(r.analysis.series.step, r.analysis.series.thetaPerp).map((b, odd) => ({
    label: odd ? "" : `η = ${r.etaFrac}·η_c (${r.analysis.prediction.regime.regime})`, colour: colour(k), x: b.x, y: b.y, dashed: odd === 1, width: odd ? 1.1 : 1.4,
  })));
  const panels: PlotSpec[] = [
    { ...base, yLog: true, title: "bounce across M", yLabel: "distance to the minimum manifold, |θ⊥|", series: perp },
    { ...base, yLog: true, title: "loss", yLabel: "loss, ℓ(θ_t)", series: series((a) => a.series.loss) },
    { ...base, title: "sharpness at the projection", yLabel: "learning rate × sharpness, ηλ(θ∥)", series: series((a) => a.series.lambdaPar.map((v) => a.eta * v)), hLines: [{ y: 2, label: "ηλ = 2" }] },
  ];
  const s = DEEP_LINEAR_REPORT;
  return panelsSvg(`Deep linear network, widths ${s.widths.join(",")}, x = (${s.input.join(", ")}), y = ${s.target}, λ* = ${fmtNum(lambdaStar, 8)}`, panels, {
    extraLegend: [{ label: "|θ⊥| at even steps", colour: "#555" }, { label: "|θ⊥| at odd steps", colour: "#555", dashed: true }],
    note: `θ₀ = ${s.initScale}·RandomState(${s.initSeed}).randn(32); learning rate η = 0.98, 1 and 1.02 × η_c = 2/λ*. λ(θ∥): sharpness at the projection onto M. Log step axis.`,
  });
}

/** One row of the section's table (the JSON's `rows`): predicted and observed side by side, from the run's analysis. */
export function deepLinearRow(etaFrac: number, a: RunAnalysis): Record<string, unknown> {
  const pr = a.prediction, o = a.observation, pl = o.powerLaw;
  const decided = a.checks.filter((c) => c.pass !== null);
  return {
    etaFrac, eta: a.eta, etaLambdaParStart: a.eta * a.start.lambdaPar,
    predicted: pr.regime.regime, observed: o.label, tau: o.tau, lambdaParFinal: a.final.lambdaPar, distParFinal: a.final.distPar,
    rate: { predicted: pr.rate, measured: o.linear?.fit.rate ?? null, quantity: o.linear?.quantity ?? null },
    exponents: {
      predicted: pr.exponents ? { thetaPerp: pr.exponents.thetaPerp, distPar: pr.exponents.distPar, loss: pr.exponents.loss, lambdaGap: pr.exponents.lambdaGap } : null,
      measured: pl && (o.label === "critical" || pr.regime.regime === "critical") ? { thetaPerp: pl.thetaPerp.exponent, distPar: pl.distPar.exponent, loss: pl.loss.exponent, lambdaGap: pl.lambdaGap.exponent } : null,
    },
    orbit: { predicted: pr.orbit?.thetaPerp ? [...pr.orbit.thetaPerp].sort((u, v) => v - u) : null, measured: o.orbit },
    checksPassed: decided.filter((c) => c.pass).length, checksTotal: decided.length,
    failed: a.checks.filter((c) => c.pass === false).map((c) => c.name),
  };
}

/** The section's JSON: the settings, λ*, η_c, one row per run and each run as `eoslab run --json` gives it (without its series). */
export function deepLinearJson(r: DeepLinearReport): Record<string, unknown> {
  const s = DEEP_LINEAR_REPORT;
  return {
    widths: s.widths, input: s.input, target: s.target, initSeed: s.initSeed, initScale: s.initScale, steps: s.steps,
    lambdaStar: r.lambdaStar, etaCritical: r.etaCritical,
    rows: r.runs.map((x) => deepLinearRow(x.etaFrac, x.analysis)),
    runs: r.runs.map((x) => {
      const { series: _series, ...rest } = runJson(x.analysis, { etaFrac: x.etaFrac });
      return rest;
    }),
    figure: r.path,
  };
}

const pair = (v: number[] | null | undefined) => (v ? v.map((x) => fmtNum(x, 8)).join(" ") : "-");

/** The section's tables: the regimes, then the rates, orbits and exponents beside their predictions. */
export function deepLinearTables(r: DeepLinearReport): { head: string[]; rows: string[][] }[] {
  const first = {
    head: ["η/η_c", "η", "ηλ(θ∥₀)", "predicted", "observed", "τ", "λ(θ∥) final", "distPar final", "checks"],
    rows: r.runs.map(({ etaFrac, analysis: a }) => {
      const decided = a.checks.filter((c) => c.pass !== null);
      return [String(etaFrac), fmtNum(a.eta, 8), fmtNum(a.eta * a.start.lambdaPar, 5), a.prediction.regime.regime, a.observation.label,
        a.observation.tau === null ? "-" : String(a.observation.tau), fmtNum(a.final.lambdaPar, 8), fmtNum(a.final.distPar, 3),
        `${decided.filter((c) => c.pass).length}/${decided.length}`];
    }),
  };
  const second = {
    head: ["η/η_c", "rate pred.", "rate meas.", "orbit θ⊥ pred.", "orbit θ⊥ meas."],
    rows: r.runs.map(({ etaFrac, analysis: a }) => {
      const orbit = a.prediction.orbit?.thetaPerp ? [...a.prediction.orbit.thetaPerp].sort((u, v) => v - u) : null;
      return [String(etaFrac), fmtNum(a.prediction.rate, 8), fmtNum(a.observation.linear?.fit.rate ?? null, 8), pair(orbit), pair(a.observation.orbit)];
    }),
  };
  const third = {
    head: ["η/η_c", "exp |θ⊥| distPar loss λgap (pred. −½ −½ −1 −1)"],
    rows: r.runs.map(({ etaFrac, analysis: a }) => {
      const pl = a.observation.powerLaw;
      const critical = a.observation.label === "critical" || a.prediction.regime.regime === "critical";
      return [String(etaFrac), critical && pl ? [pl.thetaPerp.exponent, pl.distPar.exponent, pl.loss.exponent, pl.lambdaGap.exponent].map((x) => fmtNum(x, 4)).join(" ") : "-"];
    }),
  };
  return [first, second, third];
}

/** The section as text of at most 100 columns. */
export function formatDeepLinear(r: DeepLinearReport): string {
  const s = DEEP_LINEAR_REPORT;
  const [t1, t2, t3] = deepLinearTables(r);
  const failed = r.runs.flatMap((x) => x.analysis.checks.filter((c) => c.pass === false).map((c) => `failed: η = ${x.etaFrac}·η_c: ${c.name}`));
  return wrapText([
    `Deep linear network f = w₃W₂W₁x, widths ${s.widths.join(",")}, x = (${s.input.join(", ")}), y = ${s.target}, θ₀ = ${s.initScale}·RandomState(${s.initSeed}).randn(32);`,
    `λ* = ${fmtNum(r.lambdaStar, 10)} (closed form), η_c = 2/λ* = ${fmtNum(r.etaCritical, 10)}; ${s.steps} steps per run.`,
    "",
    ...alignedTable(t1.head, t1.rows),
    "",
    ...alignedTable(t2.head, t2.rows),
    "",
    ...alignedTable(t3.head, t3.rows),
    ...(failed.length ? ["", ...failed] : []),
    "",
    `Reproduce one run: eoslab run --model deep-linear --widths ${s.widths.join(",")} --input ${s.input.join(",")} --target ${s.target} --init-seed ${s.initSeed} --init-scale ${s.initScale} --eta-frac 1.02 --steps ${s.steps}`,
  ].join("\n"), TEXT_WIDTH, 2);
}

/** The section of report.html. */
export function deepLinearSection(r: DeepLinearReport, text: string): HtmlSection {
  const [t1, t2, t3] = deepLinearTables(r);
  return {
    title: "4. Deep linear network: the three regimes",
    text: ["The paper's three regimes on f(θ) = w₃W₂W₁x (a codimension-1 model with λ* in closed form): η = 0.98, 1 and 1.02 × η_c, predicted regime, rate, orbit and exponents beside the measured ones."],
    svgs: [r.svg],
    table: { head: [...t1.head, ...t2.head.slice(1), ...t3.head.slice(1)], rows: t1.rows.map((row, k) => [...row, ...t2.rows[k].slice(1), ...t3.rows[k].slice(1)]) },
    pre: [text],
  };
}
