// Plain references for λ_GFS on deep scalar factorisation (docs/design.md §3, "GFS sharpness"), shared by the tests of
// the GFS series, the CLI's column and the measured increases. They share no code with src/theory/gfs-sharpness.ts:
// GD as a plain loop, and the gradient-flow limit found two independent ways — a bisection on the conserved-quantity
// equation Π(θᵢ² + c) = y², and an RK4 integration of the flow itself.

/** Plain GD on ½(θ₁⋯θ_p − y)², with θ_t kept at every step 0…steps. */
export function plainGd(theta0: number[], y: number, eta: number, steps: number): number[][] {
  const p = theta0.length, t = theta0.slice(), out = [t.slice()];
  for (let s = 0; s < steps; s++) {
    const f = t.reduce((a, b) => a * b, 1);
    const g = t.map((_, i) => { let q = 1; for (let j = 0; j < p; j++) if (j !== i) q *= t[j]; return q; });
    for (let i = 0; i < p; i++) t[i] -= eta * (f - y) * g[i];
    out.push(t.slice());
  }
  return out;
}

/** ‖∇f‖² = Σᵢ Π_{j≠i} θⱼ²: the sharpness of ½(f − y)² at a point of M (its Hessian is ∇f∇fᵀ there). */
export function sharpnessOnM(theta: number[]): number {
  return theta.reduce((s, _, i) => s + theta.reduce((q, v, j) => (j === i ? q : q * v * v), 1), 0);
}

/** Gradient flow conserves θᵢ² − θⱼ²: its limit is θᵢ*² = θᵢ² + c with Π(θᵢ² + c) = y². Bisection on c. */
export function gfsByBisection(theta: number[], y: number): number {
  const sq = theta.map((v) => v * v);
  const g = (c: number) => sq.reduce((s, v) => s + Math.log(v + c), 0) - 2 * Math.log(Math.abs(y));
  let lo = -Math.min(...sq), hi = 1;
  while (g(hi) < 0) hi *= 2;
  for (let i = 0; i < 300; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (g(mid) < 0) lo = mid; else hi = mid;
  }
  return sharpnessOnM(sq.map((v) => Math.sqrt(v + 0.5 * (lo + hi))));
}

/** The gradient-flow limit by RK4 on θ̇ = −(f − y)∇f, the step a small fraction of 1/‖∇f‖², until |f − y| < 1e-14. */
export function gfsByFlow(theta0: number[], y: number, maxIter = 400_000): number {
  const p = theta0.length;
  const rhs = (t: number[]) => {
    const f = t.reduce((a, b) => a * b, 1);
    return t.map((_, i) => { let q = 1; for (let j = 0; j < p; j++) if (j !== i) q *= t[j]; return -(f - y) * q; });
  };
  let t = theta0.slice();
  for (let it = 0; it < maxIter; it++) {
    const f = t.reduce((a, b) => a * b, 1);
    if (Math.abs(f - y) < 1e-14) break;
    const h = 0.02 / (sharpnessOnM(t) + Math.abs(f - y) + 1e-3);
    const k1 = rhs(t), k2 = rhs(t.map((v, i) => v + 0.5 * h * k1[i]));
    const k3 = rhs(t.map((v, i) => v + 0.5 * h * k2[i])), k4 = rhs(t.map((v, i) => v + h * k3[i]));
    t = t.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
  }
  return sharpnessOnM(t);
}
