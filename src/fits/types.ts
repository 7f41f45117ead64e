// Result shapes of the fits on a series (docs/design.md §3, "Fits on a series").

/**
 * Linear (geometric) convergence: |v_t| ≈ C·rate^t, by least squares on log|v|.
 * @category Series & fits
 */
export interface LinearFit {
  kind: "linear";
  /** Per-step factor; < 1 converges, > 1 grows. NaN never: null when no fit was possible. */
  rate: number | null;
  /** log C. */
  logIntercept: number | null;
  /** Coefficient of determination of the log-linear fit, in [0, 1]. */
  r2: number;
  /** Points used. */
  n: number;
  /** 0..1, how far to trust the fit: r2 scaled by min(1, (n − 2)/10), so 0 for n ≤ 2 and for no fit. */
  confidence: number;
}

/**
 * Power law: |v_t| ≈ C·t^exponent, by least squares on log–log.
 * @category Series & fits
 */
export interface PowerLawFit {
  kind: "power";
  exponent: number | null;
  logPrefactor: number | null;
  r2: number;
  n: number;
  confidence: number;
}

/**
 * Period-k behaviour: k-strided subsequences converging to k different limits.
 * @category Series & fits
 */
export interface PeriodFit {
  kind: "period";
  /** Smallest k that explains the tail, or null (not periodic up to maxPeriod). */
  period: number | null;
  /** The k limits, in the order they occur from the first tail element. */
  limits: number[];
  /** Largest deviation of a tail element from its limit. */
  spread: number;
  confidence: number;
}

/**
 * Divergence: a non-finite value, or growth past a bound.
 * @category Series & fits
 */
export interface DivergenceCheck {
  kind: "divergence";
  diverged: boolean;
  /** Index (into the series) of the first bad element, or null. */
  index: number | null;
  /** "growth": certain geometric growth before either (detectGrowth; docs/design.md §2). */
  reason: "non-finite" | "bound" | "growth" | null;
}
