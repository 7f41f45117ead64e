// The predicted-vs-observed panel: the theory's regime and rates for η and
// θ₀ next to what the recorded run shows (observeRun's labels and fits).
import { QUANTITY_WORDS } from "./caption.js";
import type { Compared, RunReport } from "./protocol.js";

export interface PanelRow {
  label: string;
  predicted: string;
  observed: string;
  /** Whether predicted and observed agree, where that can be judged. */
  agree?: boolean;
}

function fmt(x: number | null | undefined, digits = 5): string {
  if (typeof x !== "number" || !Number.isFinite(x)) return "–";
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6)) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits)));
}

const pair = (v: [number, number] | null): string => (v ? `${fmt(v[0])}, ${fmt(v[1])}` : "–");

function numbers(c: Compared<number>, digits = 5, relTol = 0.02): PanelRow & { label: "" } {
  const agree = c.predicted !== null && c.observed !== null ? Math.abs(c.observed - c.predicted) <= relTol * Math.max(Math.abs(c.predicted), 1e-300) : undefined;
  return { label: "", predicted: fmt(c.predicted, digits), observed: fmt(c.observed, digits), agree };
}

/** Orbits agree to 1e-6 relative (analyseRun asks 1e-8 of a long run; the explorer's runs may be short). */
function orbitsAgree(o: Compared<[number, number]>): boolean | undefined {
  if (!o.predicted || !o.observed) return undefined;
  const scale = Math.max(Math.abs(o.predicted[0]), Math.abs(o.predicted[1]));
  return Math.abs(o.predicted[0] - o.observed[0]) <= 1e-6 * scale && Math.abs(o.predicted[1] - o.observed[1]) <= 1e-6 * scale;
}

/** The rows the panel shows, from a report. */
export function panelRows(r: RunReport): PanelRow[] {
  const c = r.comparison;
  const sameRegime = c.regime.predicted && c.regime.observed ? c.regime.predicted === c.regime.observed : undefined;
  return [
    { label: "regime", predicted: c.regime.predicted ?? "–", observed: c.regime.observed ?? "–", agree: sameRegime },
    { label: "crossover time 1/|ηλ* − 2| (steps a run looks critical)", predicted: c.crossoverSteps === null ? "∞ (exactly critical)" : `${fmt(c.crossoverSteps, 3)} steps`, observed: "" },
    { label: "τ, first ηλ(θ∥ₜ) < 2", predicted: c.tau.predicted ?? "–", observed: c.tau.observed === null ? "never" : `step ${c.tau.observed}` },
    { ...numbers(c.rate, 6, 0.01), label: `linear rate per step${c.rate.quantity ? ` (of ${QUANTITY_WORDS[c.rate.quantity] ?? c.rate.quantity})` : ""}` },
    { ...numbers(c.exponentThetaPerp, 4, 0.1), label: "power-law exponent of |θ⊥|" },
    { ...numbers(c.exponentLoss, 4, 0.1), label: "power-law exponent of the loss" },
    {
      label: "period-2 orbit, θ⊥",
      predicted: c.orbit.predicted && c.orbit.stable === false ? `${pair(c.orbit.predicted)}, unstable (ρ = ${fmt(c.orbit.spectralRadius, 4)} > 1)` : pair(c.orbit.predicted),
      observed: pair(c.orbit.observed),
      agree: orbitsAgree(c.orbit),
    },
    { label: "λ(θ∥) at the end", predicted: c.lambdaEnd.predicted ?? "–", observed: fmt(c.lambdaEnd.observed, 7) },
  ];
}

export function renderRegimePanel(el: HTMLElement, r: RunReport): void {
  const doc = el.ownerDocument;
  const mk = <K extends keyof HTMLElementTagNameMap>(t: K, text?: string, cls?: string): HTMLElementTagNameMap[K] => {
    const e = doc.createElement(t);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };
  el.replaceChildren();
  el.append(mk("h3", "Predicted vs observed"));
  el.append(
    mk(
      "p",
      `${r.model} · η = ${fmt(r.eta, 6)} · λ*${r.empirical ? " (empirical)" : ""} = ${fmt(r.lambdaStar, 6)} · η_c = 2/λ* = ${fmt(r.etaCritical, 6)} · ηλ* = ${fmt(r.eta * r.lambdaStar, 6)}`,
      "eos-facts",
    ),
  );
  const table = mk("table");
  const head = mk("tr");
  head.append(mk("th", ""), mk("th", "predicted (theory)"), mk("th", "observed (this run)"));
  table.append(head);
  for (const row of panelRows(r)) {
    const tr = mk("tr");
    const obs = mk("td", row.observed);
    if (row.agree === true) obs.className = "eos-agree";
    if (row.agree === false) obs.className = "eos-disagree";
    tr.append(mk("th", row.label), mk("td", row.predicted), obs);
    table.append(tr);
  }
  el.append(table);
  const why = [r.comparison.regime.predictedReason && `predicted: ${r.comparison.regime.predictedReason}`, r.comparison.regime.observedReason && `observed: ${r.comparison.regime.observedReason}`]
    .filter(Boolean)
    .join(" · ");
  // The labellers' own reasons are terse formulas: kept for the curious, folded away.
  if (why) {
    const d = mk("details", undefined, "eos-note");
    d.append(mk("summary", "how the labels were decided"), mk("p", why));
    el.append(d);
  }
  for (const n of r.notes) el.append(mk("p", n, "eos-note"));
}
