// The seed document's own formulas, kept verbatim in behaviour so that they
// can be shown beside the corrected ones (docs/design.md §5). Do not use them to
// predict anything: docs/design.md §5 explains where they are wrong.

/**
 * The seed's `edge_of_stability_convergence_rate`, line for line:
 * - η < 2/λmax: ρ^t with ρ = max(|1 − ηλmax|, |1 − ηλmin|);
 * - else, if `np.isclose(η, 2/λmax, atol=1e-4)` (|η − 2/λmax| ≤ 1e-4 + 1e-5·2/λmax): 1/(t+1);
 * - else: (1 − ηλmin)^t + 0.1·(−1)^t.
 * Values may overflow to ±Infinity exactly as numpy's would.
 */
function convergenceRate(learningRate: number, lambdaMin: number, lambdaMax: number, T: number): Float64Array {
  const threshold = 2 / lambdaMax;
  const out = new Float64Array(Math.max(0, Math.floor(T)));
  if (learningRate < threshold) {
    const rho = Math.max(Math.abs(1 - learningRate * lambdaMax), Math.abs(1 - learningRate * lambdaMin));
    for (let t = 0; t < out.length; t++) out[t] = rho ** t;
  } else if (Math.abs(learningRate - threshold) <= 1e-4 + 1e-5 * Math.abs(threshold)) {
    for (let t = 0; t < out.length; t++) out[t] = 1 / (t + 1);
  } else {
    const rho = 1 - learningRate * lambdaMin;
    for (let t = 0; t < out.length; t++) out[t] = rho ** t + 0.1 * (t % 2 === 0 ? 1 : -1);
  }
  return out;
}

/** The seed's `identify_regime`: the ±5% band around 2/λmax (strict inequalities, as written). */
function identifyRegime(learningRate: number, lambdaMax: number): "subcritical" | "critical" | "supercritical" {
  const threshold = 2 / lambdaMax;
  if (learningRate < threshold * 0.95) return "subcritical";
  if (learningRate > threshold * 1.05) return "supercritical";
  return "critical";
}

/** The seed's adaptive schedule factors of 2/λmax, by target. */
const scheduleFactors = { subcritical: 0.5, critical: 0.95, supercritical: 1.5 } as const;

/**
 * The seed's results table ("结果对比"), row by row for η/(2/λmax) =
 * 0.3, 0.5, 0.95, 1.0, 1.5, 2.0. Its fraction column was lost in
 * extraction; the rows follow the order of the experiment's loop. The
 * behaviour column is given in the original and in English.
 */
const claimedResults = [
  { etaFrac: 0.3, regime: "subcritical", finalLoss: 0.052, behaviour: "fast exponential convergence", behaviourOriginal: "快速指数收敛" },
  { etaFrac: 0.5, regime: "subcritical", finalLoss: 0.048, behaviour: "exponential convergence", behaviourOriginal: "指数收敛" },
  { etaFrac: 0.95, regime: "subcritical", finalLoss: 0.051, behaviour: "slow convergence", behaviourOriginal: "缓慢收敛" },
  { etaFrac: 1.0, regime: "critical", finalLoss: 0.045, behaviour: "power-law convergence", behaviourOriginal: "幂律收敛" },
  { etaFrac: 1.5, regime: "supercritical", finalLoss: 0.047, behaviour: "oscillating convergence", behaviourOriginal: "振荡收敛" },
  { etaFrac: 2.0, regime: "supercritical", finalLoss: 0.051, behaviour: "oscillating convergence", behaviourOriginal: "振荡收敛" },
] as const;

/**
 * The seed's formulas and claims, verbatim in behaviour, for side-by-side comparison.
 * @category Seed document
 */
export const seedFormulas = { convergenceRate, identifyRegime, scheduleFactors, claimedResults } as const;
