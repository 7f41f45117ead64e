// The records and running summary shared by the whole-trajectory loops
// (gdLinearRun, dataGdRun, linearResidualRun). For each ℓ_t the loop calls
// recordLoss: a non-finite ℓ_t stops the run; (t, ℓ_t) is recorded when
// t ≡ 0 (mod every) or t = steps; min, max, last and previous losses are
// kept. recorderFinish writes the 7-slot summary:
//   0 minLoss, 1 maxLoss, 2 lastLoss, 3 prevLoss, 4 firstNonFiniteStep (−1: none),
//   5 stepsRun (index of the returned state), 6 records written.
// The state lives in module globals: a run is one call, wasm runs one call at
// a time and no loop calls another, and the runtime is `stub` (no allocation).

let recStep: usize = 0;
let recLoss: usize = 0;
let every: i32 = 1;
let countdown: i32 = 0; // steps until the next multiple of `every`
let recs: i32 = 0;
let minLoss: f64 = Infinity;
let maxLoss: f64 = -Infinity;
let last: f64 = NaN;
let prev: f64 = NaN;

/** Starts a run that records every `k`-th step into stepsOut/lossesOut (room for floor(steps/k) + 2 values). */
export function recorderStart(k: i32, stepsOut: usize, lossesOut: usize): void {
  recStep = stepsOut;
  recLoss = lossesOut;
  every = k;
  countdown = 0;
  recs = 0;
  minLoss = Infinity;
  maxLoss = -Infinity;
  last = NaN;
  prev = NaN;
}

@inline
function record(t: i32, loss: f64): void {
  const o = <usize>recs << 3;
  store<f64>(recStep + o, <f64>t);
  store<f64>(recLoss + o, loss);
  recs++;
}

/** Takes ℓ_t. Returns false when it is not finite: the run stops at t. */
@inline
export function recordLoss(t: i32, steps: i32, loss: f64): bool {
  if (!isFinite(loss)) return false;
  prev = last;
  last = loss;
  if (loss < minLoss) minLoss = loss;
  if (loss > maxLoss) maxLoss = loss;
  if (countdown == 0 || t == steps) record(t, loss);
  countdown = countdown == 0 ? every - 1 : countdown - 1;
  return true;
}

/**
 * Ends the run at step t; `bad` when ℓ_t was not finite, and then the state
 * kept is θ_{t−1} (θ₀ when t = 0), recorded unless it already is. Writes the
 * summary and returns stepsRun, the index of the state kept.
 */
export function recorderFinish(t: i32, bad: bool, summary: usize): i32 {
  let runTo = t;
  if (bad) {
    runTo = t > 0 ? t - 1 : 0;
    if (t > 0 && (runTo % every) != 0) record(runTo, last);
  }
  store<f64>(summary, minLoss);
  store<f64>(summary, maxLoss, 8);
  store<f64>(summary, last, 16);
  store<f64>(summary, runTo >= 1 ? prev : last, 24);
  store<f64>(summary, bad ? <f64>t : -1, 32);
  store<f64>(summary, <f64>runTo, 40);
  store<f64>(summary, <f64>recs, 48);
  return runTo;
}

/** Records written so far in this run. */
export function recorderCount(): i32 {
  return recs;
}
