import { InvalidArgumentError } from "../errors.js";
import type { Regime } from "../theory/regime.js";
import { argNumber, argObject } from "../check-args.js";

/**
 * The seed document's three regimes (docs/design.md §5): η against a ±band
 * around η_c = 2/λ, with λ = λmax in the seed's quadratic reading. The strings
 * are those of the one vocabulary (Regime, docs/design.md §2), but the test
 * is not classifyRegime's: no "stable" (the start's λ(θ∥₀) is not used), a
 * 5% band instead of a tolerance on |ηλ* − 2|, and λmax instead of λ*. Hence
 * its own name, so a seed verdict is never mistaken for the theory's.
 * @category Seed document
 */
export type SeedRegime = Extract<Regime, "subcritical" | "critical" | "supercritical">;

/**
 * The regime of η relative to η_c = 2/λ, with a relative band (default the
 * seed's 5%): subcritical below (1 − band)·η_c, supercritical above
 * (1 + band)·η_c, critical in between. Pass λ = λmax for the seed's reading,
 * or λ = λ* (the sharpness of the flattest minimum, docs/design.md §1) for the
 * paper's, where η_c = 2/λ* separates theorems 5.1, 5.2 and 5.3.
 *
 * @example
 * identifyRegime(0.4, 5); // "critical"  (η_c = 0.4)
 * identifyRegime(0.39, 5, { band: 0 }); // "subcritical"
 * @category Seed document
 */
export function identifyRegime(eta: number, lambda: number, opts: { band?: number } = {}): SeedRegime {
  argNumber("identifyRegime", "eta", eta); argNumber("identifyRegime", "lambda", lambda); argObject("identifyRegime", "opts", opts, true);
  const band = opts.band ?? 0.05;
  checkEtaLambda(eta, lambda);
  if (!(band >= 0 && band < 1)) throw new InvalidArgumentError(`band must be in [0, 1), got ${band}`);
  const etaC = 2 / lambda;
  if (eta < etaC * (1 - band)) return "subcritical";
  if (eta > etaC * (1 + band)) return "supercritical";
  return "critical";
}

/**
 * What GD does on a quadratic with top Hessian eigenvalue λmax (docs/design.md §5).
 * @category Seed document
 */
export type QuadraticBehaviour = "linear-convergence" | "plateau" | "divergence";

/**
 * docs/design.md §5: on a quadratic, η < 2/λmax converges linearly, η = 2/λmax
 * leaves the top mode constant in size (a plateau), η > 2/λmax diverges.
 * "=" means |ηλmax/2 − 1| ≤ relTol (default 1e-12, a few ulps of η·λmax
 * beyond what forming η = f·2/λmax costs).
 * @example
 * quadraticBehaviour(0.5, 5); // "divergence": η·λ_max = 2.5 > 2
 * @category Seed document
 */
export function quadraticBehaviour(eta: number, lambdaMax: number, opts: { relTol?: number } = {}): QuadraticBehaviour {
  argNumber("quadraticBehaviour", "eta", eta); argNumber("quadraticBehaviour", "lambdaMax", lambdaMax); argObject("quadraticBehaviour", "opts", opts, true);
  checkEtaLambda(eta, lambdaMax);
  const relTol = opts.relTol ?? 1e-12;
  const x = (eta * lambdaMax) / 2 - 1;
  if (Math.abs(x) <= relTol) return "plateau";
  return x < 0 ? "linear-convergence" : "divergence";
}

export function checkEtaLambda(eta: number, lambda: number): void {
  if (!(eta > 0) || !Number.isFinite(eta)) throw new InvalidArgumentError(`eta must be finite and > 0, got ${eta}`);
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new InvalidArgumentError(`lambda must be finite and > 0, got ${lambda}`);
}
