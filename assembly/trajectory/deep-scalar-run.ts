// A whole GD trajectory on deep scalar factorisation, ℓ(θ) = ½(θ₁⋯θ_p − y)²,
// in one call (docs/design.md §1 and §3, "Whole loops in wasm"): θ_i ← θ_i − r·(η·∂_if), r = f − y,
// with ∇f by prefix/suffix products and f = pre[⌊p/2⌋]·suf[⌊p/2⌋−1] (the two
// half products: a shorter dependency chain; r·(η·∂_if) keeps η off it too). The caller passes the sorted list of record
// steps; between two records the loop does nothing but the step, the
// finiteness check and the running min/max of the loss. At each record it
// computes the coordinates near M: loss, θ⊥, distPar, λ(θ∥) and λ(θ). λ(θ), the
// top eigenvalue of the dense p×p Hessian by Jacobi, is most of a record's cost
// (about 1.3 of 1.7 µs at depth 5, 17 µs at depth 12), so callers that never read
// it (sweep points, bifurcation columns; docs/sweeps.md, "Lanes") pass lambdaAt = 0
// and get NaN in that column; every other column is the same either way.
//
// Non-finite states: the loop checks ℓ(θ_t) every step. The state at the
// start of each segment (between records) is saved; when θ_t goes
// non-finite the segment is replayed from there up to t − 1 (GD is
// deterministic), so the last finite state is kept without a second buffer.
//
// Depth 5 (the paper's) has an unrolled segment with the same operations in
// the same order as the general one, so both give the same bits.
import {
  deepScalarGrad, deepScalarHessianTopInto, deepScalarProjectInto, deepScalarWorkSize, wG, wPre, wSuf,
} from "../models/deep-scalar";

// Running squared residuals of the current run (r² = 2ℓ); module state of one call.
let minRR: f64 = Infinity;
let maxRR: f64 = -Infinity;

/**
 * From θ_s in `theta`, checks ℓ at θ_s, …, θ_{s+n} and makes n updates.
 * Returns −1 when all were finite (θ_{s+n} is left in `theta`), else the
 * first j with ℓ(θ_{s+j}) non-finite (`theta` then holds garbage).
 */
function segmentGeneral(p: i32, y: f64, eta: f64, theta: usize, n: i32, work: usize): i32 {
  const pre = wPre(p, work), suf = wSuf(p, work), g = wG(p, work);
  let mn = minRR, mx = maxRR;
  let bad = -1;
  for (let k = 0; ; k++) {
    const r = deepScalarGrad(p, theta, pre, suf, g) - y;
    const rr = r * r;
    if (!(rr <= mx)) {
      if (!(rr < Infinity)) { bad = k; break; }
      mx = rr;
    }
    if (rr < mn) mn = rr;
    if (k == n) break;
    for (let i = 0; i < p; i++) {
      const o = <usize>i << 3;
      store<f64>(theta + o, load<f64>(theta + o) - r * (eta * load<f64>(g + o)));
    }
  }
  minRR = mn;
  maxRR = mx;
  return bad;
}

/** segmentGeneral for p = 5, in locals: the same products in the same order. */
function segment5(y: f64, eta: f64, theta: usize, n: i32): i32 {
  let a = load<f64>(theta), b = load<f64>(theta, 8), c = load<f64>(theta, 16), d = load<f64>(theta, 24), e = load<f64>(theta, 32);
  let mn = minRR, mx = maxRR;
  let bad = -1;
  for (let k = 0; ; k++) {
    const p2 = a * b, p3 = p2 * c, p4 = p3 * d;
    const s3 = e * d, s2 = s3 * c, s1 = s2 * b;
    const r = p2 * s2 - y; // f = pre[2]·suf[1]
    const rr = r * r;
    if (!(rr <= mx)) {
      if (!(rr < Infinity)) { bad = k; break; }
      mx = rr;
    }
    if (rr < mn) mn = rr;
    if (k == n) break;
    const g0 = s1, g1 = a * s2, g2 = p2 * s3, g3 = p3 * e, g4 = p4;
    a = a - r * (eta * g0);
    b = b - r * (eta * g1);
    c = c - r * (eta * g2);
    d = d - r * (eta * g3);
    e = e - r * (eta * g4);
  }
  store<f64>(theta, a); store<f64>(theta, b, 8); store<f64>(theta, c, 16); store<f64>(theta, d, 24); store<f64>(theta, e, 32);
  minRR = mn;
  maxRR = mx;
  return bad;
}

// @ts-ignore: decorator
@inline function segment(p: i32, y: f64, eta: f64, theta: usize, n: i32, work: usize): i32 {
  return p == 5 ? segment5(y, eta, theta, n) : segmentGeneral(p, y, eta, theta, n, work);
}

/** Columns of the record block (nCap rows each): step, loss, θ⊥, distPar, λ(θ∥), λ(θ) (NaN unless lamOn). */
function writeRecord(
  p: i32, y: f64, cStar: f64, theta: usize, work: usize, x: usize, nrm: usize, res: usize,
  rec: usize, nCap: i32, i: i32, step: f64, recTheta: usize, recPar: usize, lamOn: bool,
): void {
  const pre = wPre(p, work), suf = wSuf(p, work), g = wG(p, work);
  const r = deepScalarGrad(p, theta, pre, suf, g) - y;
  const loss = 0.5 * (r * r);
  deepScalarProjectInto(p, y, cStar, theta, x, nrm, work, res);
  const lamAt = lamOn ? deepScalarHessianTopInto(p, y, theta, work) : NaN;
  const col = <usize>nCap << 3, o = <usize>i << 3;
  store<f64>(rec + o, step);
  store<f64>(rec + col + o, loss);
  store<f64>(rec + 2 * col + o, load<f64>(res));
  store<f64>(rec + 3 * col + o, load<f64>(res, 16));
  store<f64>(rec + 4 * col + o, load<f64>(res, 8));
  store<f64>(rec + 5 * col + o, lamAt);
  if (recTheta != 0) memory.copy(recTheta + <usize>i * (<usize>p << 3), theta, <usize>p << 3);
  if (recPar != 0) memory.copy(recPar + <usize>i * (<usize>p << 3), x, <usize>p << 3);
}

/** f64 slots of work deepScalarRun needs for depth p. */
export function deepScalarRunWorkSize(p: i32): i32 {
  return deepScalarWorkSize(p) + 2 * p + 8;
}

/**
 * Runs up to `steps` GD updates from θ₀ in `theta` (p values; the last finite
 * state is left there). recSteps holds nRec strictly increasing step indices
 * (f64, relative to this call), the first 0 and the last `steps`. `rec` is a
 * block of 6 columns of nRec + 1 rows (see writeRecord); step entries are
 * startStep + t. recTheta/recPar (0 to skip) receive θ and θ∥ per record
 * ((nRec + 1)·p each). `par` receives θ∥ of the last record. θ∥* has entries
 * ±cStar = ±|y|^{1/p} in the orthant of θ∥. summary (8 slots): minLoss,
 * maxLoss, firstNonFiniteStep (relative, −1: none), stepsRun, records,
 * loss at the last record. lambdaAt: nonzero computes λ(θ) at every record, 0 leaves NaN in
 * that column (nothing else changes). Returns the records written (0: ℓ(θ₀) not finite).
 */
export function deepScalarRun(
  p: i32, y: f64, eta: f64, cStar: f64, theta: usize, work: usize,
  steps: i32, startStep: f64, recSteps: usize, nRec: i32,
  rec: usize, recTheta: usize, recPar: usize, par: usize, summary: usize, lambdaAt: i32,
): i32 {
  const nCap = nRec + 1;
  const lamOn = lambdaAt != 0;
  const saved = work + (<usize>deepScalarWorkSize(p) << 3);
  const res = saved + (<usize>p << 3); // 8 slots
  const nrm = res + 64;
  const pBytes = <usize>p << 3;
  minRR = Infinity;
  maxRR = -Infinity;
  let recs = 0;
  let firstBad = -1;
  let t = 0;
  if (segment(p, y, eta, theta, 0, work) >= 0) {
    firstBad = 0;
  } else {
    for (let ri = 0; ri < nRec; ri++) {
      const target = <i32>load<f64>(recSteps + (<usize>ri << 3));
      if (target > t) {
        memory.copy(saved, theta, pBytes);
        const j = segment(p, y, eta, theta, target - t, work);
        if (j >= 0) {
          firstBad = t + j;
          memory.copy(theta, saved, pBytes);
          segment(p, y, eta, theta, j - 1, work);
          if (j - 1 > 0) {
            writeRecord(p, y, cStar, theta, work, par, nrm, res, rec, nCap, recs, startStep + <f64>(t + j - 1), recTheta, recPar, lamOn);
            recs++;
          } else {
            // θ_t itself is the last finite state and already recorded: recompute θ∥ into par.
            writeRecord(p, y, cStar, theta, work, par, nrm, res, rec, nCap, recs - 1, startStep + <f64>t, recTheta, recPar, lamOn);
          }
          t = t + j - 1;
          break;
        }
        t = target;
      }
      writeRecord(p, y, cStar, theta, work, par, nrm, res, rec, nCap, recs, startStep + <f64>t, recTheta, recPar, lamOn);
      recs++;
    }
  }
  store<f64>(summary, 0.5 * minRR);
  store<f64>(summary, 0.5 * maxRR, 8);
  store<f64>(summary, <f64>firstBad, 16);
  store<f64>(summary, <f64>t, 24);
  store<f64>(summary, <f64>recs, 32);
  store<f64>(summary, recs > 0 ? load<f64>(rec + (<usize>nCap << 3) + (<usize>(recs - 1) << 3)) : NaN, 40);
  return recs;
}
