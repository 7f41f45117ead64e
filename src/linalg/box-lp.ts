// max νᵀy subject to |x_jᵀν| ≤ c_j (j < d), for the diagonal-network certificate (diagonal-certificate.ts):
// the dual of the weighted ℓ1 problem min { Σ c_j|w_j| : Xw = y }. A log-barrier interior-point method,
// so every iterate is strictly feasible and its value νᵀy is a valid lower bound.
import { solveDense } from "./dense-solve.js";

export interface BoxLpResult {
  /** νᵀy at the last strictly feasible ν. */
  value: number;
  nu: Float64Array;
  /** 2d/t at the end: the barrier's bound on the distance of `value` below the optimum. */
  gapBound: number;
}

/**
 * Maximises νᵀy over |Xᵀν| ≤ c, X row-major n×d (column j is x_j). Needs every c_j > 0 (ν = 0 is then
 * strictly feasible). Stops when the barrier gap 2d/t is below relTol·|value| or after `maxStages` stages.
 */
export function boxLp(X: Float64Array, y: ArrayLike<number>, n: number, d: number, c: ArrayLike<number>, relTol = 1e-14, maxStages = 40): BoxLpResult {
  const nu = new Float64Array(n);
  const s = new Float64Array(d);
  let yy = 0, cmin = Infinity, cmax = 0;
  for (let i = 0; i < n; i++) yy += y[i] * y[i];
  for (let j = 0; j < d; j++) { cmin = Math.min(cmin, c[j]); cmax = Math.max(cmax, c[j]); }
  if (!(cmin > 0) || yy === 0) return { value: 0, nu, gapBound: Infinity };
  const slacks = (v: Float64Array) => {
    for (let j = 0; j < d; j++) {
      let t = 0;
      for (let i = 0; i < n; i++) t += X[i * d + j] * v[i];
      s[j] = t;
    }
  };
  const phi = (v: Float64Array, t: number): number => {
    slacks(v);
    let f = 0;
    for (let i = 0; i < n; i++) f += t * v[i] * y[i];
    for (let j = 0; j < d; j++) {
      const a = c[j] - s[j], b = c[j] + s[j];
      if (!(a > 0 && b > 0)) return -Infinity;
      f += Math.log(a) + Math.log(b);
    }
    return f;
  };
  let t = d / (cmax * Math.sqrt(yy)); // first stage: the objective and the barrier of similar size
  let gapBound = Infinity;
  const grad = new Float64Array(n), H = new Float64Array(n * n), trial = new Float64Array(n);
  for (let stage = 0; stage < maxStages; stage++) {
    for (let it = 0; it < 60; it++) {
      slacks(nu);
      grad.fill(0);
      H.fill(0);
      for (let i = 0; i < n; i++) grad[i] = t * y[i];
      for (let j = 0; j < d; j++) {
        const a = 1 / (c[j] - s[j]), b = 1 / (c[j] + s[j]);
        const g = b - a, h = a * a + b * b;
        for (let i = 0; i < n; i++) {
          const xi = X[i * d + j];
          grad[i] += g * xi;
          for (let k = 0; k < n; k++) H[i * n + k] += h * xi * X[k * d + j];
        }
      }
      const step = Float64Array.from(grad);
      if (!solveDense(Float64Array.from(H), step, n)) break;
      let dec = 0;
      for (let i = 0; i < n; i++) dec += step[i] * grad[i]; // Newton decrement²
      if (!(dec > 1e-20)) break;
      const f0 = phi(nu, t);
      let a = 1;
      for (let bt = 0; bt < 60; bt++, a *= 0.5) {
        for (let i = 0; i < n; i++) trial[i] = nu[i] + a * step[i];
        if (phi(trial, t) >= f0 + 0.25 * a * dec) break;
      }
      if (phi(trial, t) === -Infinity) break;
      nu.set(trial);
      if (dec < 1e-18) break;
    }
    gapBound = (2 * d) / t;
    let v = 0;
    for (let i = 0; i < n; i++) v += nu[i] * y[i];
    if (gapBound <= relTol * Math.abs(v)) break;
    t *= 8;
  }
  let value = 0;
  for (let i = 0; i < n; i++) value += nu[i] * y[i];
  return { value, nu, gapBound };
}
