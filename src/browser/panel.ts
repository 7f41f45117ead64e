// The predicted-vs-observed panel: the theory's regime and rates for η and
// θ₀ (predictRegime) next to what the recorded run shows (observation).
import type { RunReport } from "./protocol.js";

export interface PanelRow {
  label: string;
  predicted: string;
  observed: string;
}

function fmt(x: unknown, digits = 5): string {
  if (typeof x !== "number" || !Number.isFinite(x)) return "–";
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6)) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits)));
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v && typeof v === "object" ? (v as Obj) : null);
const get = (v: unknown, ...path: string[]): unknown => {
  let cur: unknown = v;
  for (const k of path) cur = obj(cur)?.[k];
  return cur;
};

/** The rows the panel shows, from a report (also used by the tests). */
export function panelRows(r: RunReport): PanelRow[] {
  const p = r.prediction;
  const o = r.observation;
  const orbit = (v: unknown): string => (Array.isArray(v) ? v.map((x) => fmt(x)).join(", ") : "–");
  return [
    { label: "regime", predicted: String(get(p, "regime") ?? "–"), observed: String(get(o, "regime") ?? "–") },
    { label: "τ (first ηλ(θ∥) < 2)", predicted: "–", observed: fmt(get(o, "tau")) },
    { label: "linear rate", predicted: fmt(get(p, "rate")), observed: fmt(get(o, "rate")) },
    { label: "exponent of |θ⊥|", predicted: fmt(get(p, "exponent")), observed: fmt(get(o, "exponent")) },
    { label: "period-2 orbit θ⊥", predicted: orbit(get(p, "orbit")), observed: orbit(get(o, "orbit")) },
    { label: "λ(θ∥) at the end", predicted: fmt(get(p, "lambdaLimit")), observed: fmt(r.final.lambdaPar) },
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
  const facts = mk("p", undefined, "eos-facts");
  facts.textContent = `${r.model} · η = ${fmt(r.eta, 6)} · λ* = ${fmt(r.lambdaStar, 6)} · η_c = 2/λ* = ${fmt(r.etaCritical, 6)} · ηλ* = ${fmt(r.eta * r.lambdaStar, 6)}`;
  el.append(facts);
  const table = mk("table");
  const head = mk("tr");
  head.append(mk("th", ""), mk("th", "predicted"), mk("th", "observed"));
  table.append(head);
  for (const row of panelRows(r)) {
    const tr = mk("tr");
    tr.append(mk("th", row.label), mk("td", row.predicted), mk("td", row.observed));
    table.append(tr);
  }
  el.append(table);
  for (const n of r.notes) el.append(mk("p", n, "eos-note"));
}
