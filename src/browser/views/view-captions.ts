// The one-paragraph captions of the views, for students: what the phase on screen is and what to look at. Pure
// (text from a result's numbers), so the wording is tested without a browser.
import type { CatapultViewResult, SharpeningViewResult } from "./view-compute.js";

const g = (x: number, d = 3): string => String(+x.toPrecision(d));

/** The catapult view's caption for its outcome (lazy, catapult or diverged) and the run's own numbers. */
export function catapultCaption(r: CatapultViewResult): string {
  const f = g(r.params.etaFrac);
  const start = `The step is η = ${f}·2/λ₀, where λ₀ = ${g(r.lambda0, 4)} is the sharpness (the largest curvature of the loss) at the start, so 2/η is ${r.params.etaFrac < 1 ? "above" : "below"} λ₀.`;
  if (r.outcome === "lazy") {
    return `Lazy phase. ${start} Gradient descent is stable where it starts: the loss falls without ever rising above twice its start (peak ${g(r.peakLossRatio)}× ℓ₀) and the sharpness λ barely moves from λ₀. A wide network trained like this stays close to its linearisation (the "lazy" or NTK regime): its features hardly change.`;
  }
  if (r.outcome === "catapult") {
    const below = r.stepBelow === null ? "" : ` λ first falls below 2/η at step ${r.stepBelow};`;
    return `Catapult phase. ${start} The start is too sharp for this step, so the loss first grows, here to ${g(r.peakLossRatio)}× its initial value, while the weights are thrown out of the sharp region.${below} once the curvature is below 2/η gradient descent is stable again and the loss falls to a minimum that is flatter than 2/η (final ηλ = ${g(r.etaLambdaFinal ?? NaN)} < 2). This is the catapult of Lewkowycz et al. (2020): an early instability that ends at a flatter minimum, as in the paper's subcritical regime.`;
  }
  const why = r.detail === "blew-up"
    ? "the loss grows without bound: the curvature cannot fall fast enough to catch up with the step"
    : r.detail === "unstable-end"
      ? `the loss rose and came back, but the run ends where ηλ = ${g(r.etaLambdaFinal ?? NaN)} ≥ 2, which is not a stable minimum for this step`
      : "the loss never comes back below its starting value";
  return `Diverged. ${start} The step is too large even for the catapult (which works up to about η = 4/λ₀, i.e. η·λ₀/2 ≈ 2): ${why}. Try a smaller η·λ₀/2 to see the catapult, or a width where λ₀ differs.`;
}

/** The sharpening view's caption: progressive sharpening up to 2/η, then the edge of stability (or not). */
export function sharpeningCaption(r: SharpeningViewResult): string {
  const eta = r.params.eta, edge = g(2 / eta, 4);
  const head = `Full-batch gradient descent at η = ${eta}: GD on a quadratic is stable only while the sharpness λ is below 2/η = ${edge}.`;
  if (r.diverged) return `${head} Here the loss blew up at step ${r.stepsDone + 1}: the step is too large for this network from the start.`;
  if (r.reachStep === null) {
    return `${head} λ starts at ${g(r.lambda0, 4)} and rises (progressive sharpening), but in ${r.stepsDone} steps it never comes within 10% of 2/η (largest λ = ${g(r.lambdaMax, 4)}): the loss falls smoothly. Raise η to bring the edge down to where λ goes.`;
  }
  return `${head} λ starts at ${g(r.lambda0, 4)} and rises (progressive sharpening) until, at step ${r.reachStep}, it reaches 0.9·2/η. From then on the run sits at the edge of stability: ηλ/2 averages ${g(r.afterMean ?? NaN)} (1 is λ = 2/η)${(r.lossUpFractionAfter ?? 0) > 0 ? `, and the loss no longer falls monotonically: it went up on ${g(100 * (r.lossUpFractionAfter ?? 0), 2)}% of the steps after that point` : "; in these steps the loss has not gone up yet (run longer to see it rise and fall)"}. This is what Cohen et al. (2021) observed on neural networks; nothing here is predicted by a theorem.`;
}
