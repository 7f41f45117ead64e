// The explorer's caption: what the run did, in plain language, for a
// student. It is generated from the run's own report (the observed label,
// the fitted rate or exponent, the orbit, the crossover time), so the label
// and the sentence under it always speak of the same regime. Pure: the
// vitest suite checks it in Node (test/browser/caption.test.ts).
import type { RunReport } from "./protocol.js";

export interface Caption {
  /** The regime the caption speaks of: the observed label (the predicted one when nothing was observed). */
  regime: string;
  /** The heading, e.g. "Critical" or "Period-2 orbit". */
  label: string;
  /** The explanation of that regime for this run. */
  text: string;
  /** Warnings: a run shorter than the crossover time, period doubling beyond the theory, theory and run disagreeing. */
  notes: string[];
}

function num(x: number | null | undefined, digits = 3): string {
  if (typeof x !== "number" || !Number.isFinite(x)) return "–";
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6)) {
    const [m, e] = x.toExponential(digits - 1).split("e");
    return `${m}·10^${Number(e)}`;
  }
  return String(Number(x.toPrecision(digits)));
}

const steps = (n: number): string => n.toLocaleString("en-US");

/** What the linear rate was measured on, in words. */
export const QUANTITY_WORDS: Record<string, string> = {
  distPar: "the distance along M to the minimum",
  thetaPerp: "the distance |θ⊥| across M",
  loss: "the loss",
};

const periodOf = (label: string): number | null => {
  if (label === "supercritical") return 2;
  const m = /^period-(\d+)$/.exec(label);
  return m ? Number(m[1]) : null;
};

/** The heading of a regime label. */
export function regimeHeading(label: string): string {
  const k = periodOf(label);
  if (k !== null) return `Period-${k} orbit`;
  if (label === "not-converged") return "Not converged yet";
  if (label === "saddle") return "Stalled at a saddle";
  if (label === "no exact fit") return "No exact fit";
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** The caption of a finished run. */
export function captionFor(r: RunReport): Caption {
  const c = r.comparison;
  const predicted = c.regime.predicted;
  const observed = c.regime.observed;
  const regime = observed ?? predicted ?? "unknown";
  const etaLambda = r.eta * r.lambdaStar;
  const frac = r.eta / r.etaCritical;
  const rate = c.rate.observed ?? c.rate.predicted;
  const rateWords = c.rate.quantity ? ` (measured on ${QUANTITY_WORDS[c.rate.quantity] ?? c.rate.quantity})` : "";
  const notes: string[] = [];
  let text: string;
  const k = periodOf(regime);
  switch (regime) {
    case "stable":
      text = `ηλ(θ∥₀) < 2 from the start: the step size is small enough for the minimum GD heads to, so it converges without bouncing across the valley M${
        rate !== null ? `, at rate ${num(rate, 4)} per step${rateWords}` : ""
      }.`;
      break;
    case "subcritical":
      text = `ηλ* = ${num(etaLambda, 4)} < 2. GD first bounces across the valley M while sliding along it towards flatter minima; once the sharpness λ(θ∥) drops below 2/η${
        c.tau.observed !== null ? ` (at step ${steps(c.tau.observed)})` : ""
      } the bounce dies out and GD converges${rate !== null ? ` at rate ${num(rate, 4)} per step${rateWords}` : ""}, to a minimum flatter than where it started but not the flattest.`;
      break;
    case "critical": {
      const e = c.exponentThetaPerp.observed;
      text = `ηλ* = ${num(etaLambda, 4)}, at the edge 2. GD bounces across the valley M while sliding to the flattest minimum; the bounce shrinks like t^−½${
        e !== null ? ` (measured exponent ${num(e, 3)})` : ""
      }, slower than any linear rate.`;
      break;
    }
    case "divergent":
      text = `The step size is too large: the iterates grew without bound${r.firstNonFiniteStep !== null ? ` and overflowed at step ${steps(r.firstNonFiniteStep)}` : ""}. There is no minimum GD can settle at with this η from this start.`;
      break;
    case "chaotic":
      text = `GD stays bounded but never settles: no period up to 16 and no decay. Far above η_c = 2/λ* the period-2 orbit has doubled its period again and again (a period-doubling cascade, as for the logistic map) until no period is left.`;
      break;
    case "saddle":
      text = `GD stalled away from the valley M, where the gradient of f is tiny: the loss sits at a positive constant instead of going to zero.`;
      break;
    case "not-converged":
      text = `After ${steps(r.stepsRun)} steps the run is still on its way: neither converged nor on an orbit. Run more steps to see where it settles.`;
      break;
    case "no exact fit":
      text = `No parameters fit the data exactly, so there is no valley of minima M to bounce across.`;
      break;
    default:
      if (k === 2) {
        const orbit = c.orbit.observed ?? c.orbit.predicted;
        text = `η is above 2/λ* (ηλ* = ${num(etaLambda, 4)} > 2), so even the flattest minimum is unstable: GD cannot settle on M and instead hops across it forever, on a period-2 orbit${
          orbit ? ` between θ⊥ = ${num(orbit[0], 4)} and ${num(orbit[1], 4)}` : ""
        }, next to the flattest minimum${rate !== null ? `; it approaches that orbit at rate ${num(rate, 4)} per step` : ""}.`;
      } else if (k !== null) {
        text = `η is far above 2/λ* (η = ${num(frac, 4)}·η_c): the flattest minimum is unstable, and so is the period-2 orbit next to it, so GD settles on an orbit of period ${k}, which repeats every ${k} steps.`;
      } else {
        text = `The run ended without a label${c.regime.observedReason ? `: ${c.regime.observedReason}` : ""}.`;
      }
  }

  // Several outputs (the diagonal network): the same labels, told of a valley with several directions across it.
  if (r.empirical) text = severalOutputsText(regime, r) ?? text;

  // A run near η_c looks critical for about 1/|ηλ* − 2| steps (the crossover time): a shorter run cannot show its own regime.
  const cross = c.crossoverSteps;
  if (cross !== null && r.firstNonFiniteStep === null && r.stepsRun < 10 * cross && (predicted === "subcritical" || predicted === "supercritical")) {
    notes.push(
      `This run (${steps(r.stepsRun)} steps) is shorter than 10× the crossover time 1/|ηλ* − 2| ≈ ${num(cross, 3)} steps: at η = ${num(frac, 5)}·η_c GD behaves like the critical case for about that long, so run at least ${steps(Math.ceil(10 * cross))} steps to see the ${predicted} regime.`,
    );
  }
  if (k !== null && k > 2 && predicted === "supercritical") {
    const rho = c.orbit.spectralRadius;
    notes.push(
      `Period doubling: the theory predicts the period-2 orbit of the supercritical regime, but here that orbit is unstable${
        rho !== null ? ` (its Floquet multiplier ρ = ${num(rho, 3)} > 1)` : ""
      }, so GD doubles the period to ${k}. This is beyond the theory, which speaks about period 2 only.`,
    );
  } else if (predicted && observed && predicted !== observed && !(predicted === "supercritical" && k === 2) && regime !== "divergent") {
    notes.push(`The theory predicts ${regimeHeading(predicted).toLowerCase()} for this η and start; this run shows ${regimeHeading(observed).toLowerCase()}${c.regime.observedReason ? ` (${c.regime.observedReason})` : ""}.`);
  }
  if (r.empirical) {
    const cert = r.empirical.certificate;
    notes.push(
      `Several outputs: no theorem covers this model. λ* = ${num(r.lambdaStar, 6)} is measured (the flattest minimum found by the library's search${
        cert ? `, and proven to lie in [${num(cert.lower, 8)}, ${num(cert.upper, 8)}]` : ""
      }), and the regimes are the one-output ones, by analogy.`,
    );
  }
  return { regime, label: regimeHeading(regime), text, notes };
}

/**
 * The caption of a diagonal-network run (docs/design.md §4): F(θ) = X(u⊙v) has
 * one output per sample, so the valley M = {F = y} has several directions
 * across it; θ⊥ is the whole distance across M, signed by the sharpest
 * direction that moves. One sentence per label; null for a label it has no
 * words of its own for (the one-output sentence is kept).
 */
function severalOutputsText(regime: string, r: RunReport): string | null {
  const c = r.comparison;
  const etaLambda = num(r.eta * r.lambdaStar, 4);
  const rate = c.rate.observed;
  const k = periodOf(regime);
  switch (regime) {
    case "stable":
      return `ηλ(θ∥₀) < 2 from the start: the minimum GD heads to is flat enough for this step size in every direction across the valley M, so GD fits the data without bouncing${rate !== null ? `, at rate ${num(rate, 4)} per step` : ""}.`;
    case "subcritical":
      return `ηλ* = ${etaLambda} < 2 (with the measured λ*). GD first bounces across M in its sharpest direction while drifting along M to flatter minima; once the sharpness drops below 2/η${
        c.tau.observed !== null ? ` (at step ${steps(c.tau.observed)})` : ""
      } the bounce dies out and GD fits the data exactly, at a minimum flatter than where it started.`;
    case "critical":
      return `ηλ* = ${etaLambda}, at the edge 2 (with the measured λ*). GD bounces across M while drifting to the flattest minimum; the bounce shrinks like t^−½${
        c.exponentThetaPerp.observed !== null ? ` (measured exponent ${num(c.exponentThetaPerp.observed, 3)})` : ""
      }, as for one output.`;
    case "divergent":
      return `The step size is too large for this data: the outputs overshoot further at every step until the numbers overflow${r.firstNonFiniteStep !== null ? ` (step ${steps(r.firstNonFiniteStep)})` : ""}.`;
    default:
      if (k === 2)
        return `η is above 2/λ* (ηλ* = ${etaLambda} > 2 with the measured λ*), so no exact fit of the data is stable: GD hops across M in its sharpest direction forever, on a period-2 orbit${
          c.orbit.observed ? ` between θ⊥ = ${num(c.orbit.observed[0], 4)} and ${num(c.orbit.observed[1], 4)}` : ""
        }, and the loss never reaches zero.`;
      return null;
  }
}
