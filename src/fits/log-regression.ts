// Ordinary least squares of log|v| on a transformed abscissa, shared by the
// linear-rate and power-law fits (docs/design.md §3, "Fits on a series").

/** The straight line through (x_i, y_i) and how well it fits. */
export interface LineFit {
  slope: number | null;
  intercept: number | null;
  /** Coefficient of determination in [0, 1]; 0 when no line could be fitted. */
  r2: number;
  n: number;
}

/**
 * Least squares y ≈ intercept + slope·x, centred for accuracy. With fewer
 * than two points, or all x equal, there is no line: slope and intercept are
 * null and r2 is 0. When the y values are constant (to rounding), the fit is
 * exact and r2 is 1.
 */
export function fitLine(x: readonly number[], y: readonly number[]): LineFit {
  const n = x.length;
  if (n < 2) return { slope: null, intercept: null, r2: 0, n };
  // Shift by the first point before averaging, so a constant series gives
  // exactly zero deviations (a plain mean would leave n·ε-sized ones).
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i] - x[0]; my += y[i] - y[0]; }
  mx = x[0] + mx / n; my = y[0] + my / n;
  let sxx = 0, sxy = 0, syy = 0, yScale = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx, dy = y[i] - my;
    sxx += dx * dx; sxy += dx * dy; syy += dy * dy;
    yScale = Math.max(yScale, Math.abs(y[i]));
  }
  if (!(sxx > 0) || !Number.isFinite(sxx) || !Number.isFinite(syy)) return { slope: null, intercept: null, r2: 0, n };
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let ssRes = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i] - intercept - slope * x[i];
    ssRes += e * e;
  }
  // Rounding noise in the logs: anything at this level counts as an exact fit.
  const floor = n * (8 * Number.EPSILON * Math.max(1, yScale)) ** 2;
  const r2 = syy <= floor ? (ssRes <= floor ? 1 : 0) : Math.min(1, Math.max(0, 1 - ssRes / syy));
  return { slope, intercept, r2, n };
}

/**
 * Confidence in [0, 1] of a fit from its r² and point count: two points
 * always fit exactly, so confidence grows with the points beyond two and
 * saturates at twelve.
 */
export function fitConfidence(r2: number, n: number): number {
  if (n < 3) return 0;
  return Math.max(0, Math.min(1, r2)) * Math.min(1, (n - 2) / 10);
}

/**
 * The points (x(t_i), log|v_i|) with t_i inside [from, to], t_i finite and
 * accepted by `tOk`, and v_i finite and nonzero (log undefined otherwise).
 */
export function logPoints(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  x: (t: number) => number,
  tOk: (t: number) => boolean,
  from = -Infinity,
  to = Infinity,
): { xs: number[]; ys: number[] } {
  const len = Math.min(t.length, v.length);
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < len; i++) {
    const ti = t[i], vi = v[i];
    if (!Number.isFinite(ti) || ti < from || ti > to || !tOk(ti)) continue;
    if (!Number.isFinite(vi) || vi === 0) continue;
    xs.push(x(ti));
    ys.push(Math.log(Math.abs(vi)));
  }
  return { xs, ys };
}
