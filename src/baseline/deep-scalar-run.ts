// Pure-JS twin of assembly/trajectory/deep-scalar-run.ts (deepScalarRun):
// the same loop, records and summary, bit-identical. Offsets are element indices
// into one heap array h; recTheta/recPar of −1 mean "do not record".
import { deepScalarGrad, deepScalarHessianTopInto, deepScalarProjectInto, deepScalarWorkSize, wG, wPre, wSuf } from "./deep-scalar.js";

let minRR = Infinity;
let maxRR = -Infinity;

function segmentGeneral(h: Float64Array, p: number, y: number, eta: number, theta: number, n: number, work: number): number {
  const pre = wPre(p, work), suf = wSuf(p, work), g = wG(p, work);
  let mn = minRR, mx = maxRR;
  let bad = -1;
  for (let k = 0; ; k++) {
    const r = deepScalarGrad(h, p, theta, pre, suf, g) - y;
    const rr = r * r;
    if (!(rr <= mx)) {
      if (!(rr < Infinity)) { bad = k; break; }
      mx = rr;
    }
    if (rr < mn) mn = rr;
    if (k === n) break;
    for (let i = 0; i < p; i++) h[theta + i] = h[theta + i] - r * (eta * h[g + i]);
  }
  minRR = mn;
  maxRR = mx;
  return bad;
}

function segment5(h: Float64Array, y: number, eta: number, theta: number, n: number): number {
  let a = h[theta], b = h[theta + 1], c = h[theta + 2], d = h[theta + 3], e = h[theta + 4];
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
    if (k === n) break;
    const g0 = s1, g1 = a * s2, g2 = p2 * s3, g3 = p3 * e, g4 = p4;
    a = a - r * (eta * g0);
    b = b - r * (eta * g1);
    c = c - r * (eta * g2);
    d = d - r * (eta * g3);
    e = e - r * (eta * g4);
  }
  h[theta] = a; h[theta + 1] = b; h[theta + 2] = c; h[theta + 3] = d; h[theta + 4] = e;
  minRR = mn;
  maxRR = mx;
  return bad;
}

function segment(h: Float64Array, p: number, y: number, eta: number, theta: number, n: number, work: number): number {
  return p === 5 ? segment5(h, y, eta, theta, n) : segmentGeneral(h, p, y, eta, theta, n, work);
}

function writeRecord(
  h: Float64Array, p: number, y: number, cStar: number, theta: number, work: number, x: number, nrm: number, res: number,
  rec: number, nCap: number, i: number, step: number, recTheta: number, recPar: number, lamOn: boolean,
): void {
  const r = deepScalarGrad(h, p, theta, wPre(p, work), wSuf(p, work), wG(p, work)) - y;
  const loss = 0.5 * (r * r);
  deepScalarProjectInto(h, p, y, cStar, theta, x, nrm, work, res);
  const lamAt = lamOn ? deepScalarHessianTopInto(h, p, y, theta, work) : NaN;
  h[rec + i] = step;
  h[rec + nCap + i] = loss;
  h[rec + 2 * nCap + i] = h[res];
  h[rec + 3 * nCap + i] = h[res + 2];
  h[rec + 4 * nCap + i] = h[res + 1];
  h[rec + 5 * nCap + i] = lamAt;
  if (recTheta >= 0) h.copyWithin(recTheta + i * p, theta, theta + p);
  if (recPar >= 0) h.copyWithin(recPar + i * p, x, x + p);
}

/** f64 slots of work deepScalarRun needs for depth p. */
export function deepScalarRunWorkSize(p: number): number {
  return deepScalarWorkSize(p) + 2 * p + 8;
}

/** Twin of deepScalarRun; see assembly/trajectory/deep-scalar-run.ts for the contract. */
export function deepScalarRun(
  h: Float64Array, p: number, y: number, eta: number, cStar: number, theta: number, work: number,
  steps: number, startStep: number, recSteps: number, nRec: number,
  rec: number, recTheta: number, recPar: number, par: number, summary: number, lambdaAt: number,
): number {
  const nCap = nRec + 1;
  const lamOn = lambdaAt !== 0;
  const saved = work + deepScalarWorkSize(p);
  const res = saved + p;
  const nrm = res + 8;
  minRR = Infinity;
  maxRR = -Infinity;
  let recs = 0;
  let firstBad = -1;
  let t = 0;
  if (segment(h, p, y, eta, theta, 0, work) >= 0) {
    firstBad = 0;
  } else {
    for (let ri = 0; ri < nRec; ri++) {
      const target = h[recSteps + ri] | 0;
      if (target > t) {
        h.copyWithin(saved, theta, theta + p);
        const j = segment(h, p, y, eta, theta, target - t, work);
        if (j >= 0) {
          firstBad = t + j;
          h.copyWithin(theta, saved, saved + p);
          segment(h, p, y, eta, theta, j - 1, work);
          if (j - 1 > 0) {
            writeRecord(h, p, y, cStar, theta, work, par, nrm, res, rec, nCap, recs, startStep + (t + j - 1), recTheta, recPar, lamOn);
            recs++;
          } else {
            writeRecord(h, p, y, cStar, theta, work, par, nrm, res, rec, nCap, recs - 1, startStep + t, recTheta, recPar, lamOn);
          }
          t = t + j - 1;
          break;
        }
        t = target;
      }
      writeRecord(h, p, y, cStar, theta, work, par, nrm, res, rec, nCap, recs, startStep + t, recTheta, recPar, lamOn);
      recs++;
    }
  }
  h[summary] = 0.5 * minRR;
  h[summary + 1] = 0.5 * maxRR;
  h[summary + 2] = firstBad;
  h[summary + 3] = t;
  h[summary + 4] = recs;
  h[summary + 5] = recs > 0 ? h[rec + nCap + recs - 1] : NaN;
  return recs;
}
