import { InvalidArgumentError } from "../errors.js";
import type { RecordPlan } from "./run-series.js";
import { argInt, argObject } from "../check-args.js";
import { portableExp, portableLog } from "../linalg/portable-math.js";

/**
 * The most records one run keeps (6 f64 columns each, ≈ 200 MB at the cap).
 * @category Series & fits
 */
export const MAX_RECORDS = 4_000_000;

/**
 * The record steps of a run of `steps` updates numbered from `startStep`,
 * relative to the start (0 … steps), strictly increasing, always with 0 and
 * `steps`. Plans speak absolute step numbers:
 *  - { every: k }: the multiples of k in [startStep, startStep + steps];
 *  - { logPoints: m }: about m steps geometrically spaced from max(1, startStep) to startStep + steps;
 *  - { steps: [...] }: exactly those in range (integers; sorted and deduplicated here).
 * Default: every step up to 10⁴ steps, else every ⌈N/10⁴⌉.
 * @example
 * recordSteps({ every: 250 }, 1000, 0); // [0, 250, 500, 750, 1000]
 * @category Series & fits
 */
export function recordSteps(plan: RecordPlan | undefined, steps: number, startStep: number): Float64Array {
  argObject("recordSteps", "plan", plan, true); argInt("recordSteps", "steps", steps); argInt("recordSteps", "startStep", startStep);
  const set: number[] = [0];
  const S = startStep, N = steps;
  const p: RecordPlan = plan ?? { every: N <= 10000 ? 1 : Math.ceil(N / 10000) };
  if ("every" in p) {
    const k = p.every;
    if (!Number.isSafeInteger(k) || k < 1) throw new InvalidArgumentError(`record.every must be an integer ≥ 1, got ${k}`);
    if (N / k + 2 > MAX_RECORDS) throw new InvalidArgumentError(`record.every = ${k} keeps ${Math.floor(N / k)} records, over ${MAX_RECORDS}; record less often`);
    for (let a = Math.ceil(S / k) * k; a <= S + N; a += k) set.push(a - S);
  } else if ("logPoints" in p) {
    const m = p.logPoints;
    if (!Number.isSafeInteger(m) || m < 2 || m > MAX_RECORDS) {
      throw new InvalidArgumentError(`record.logPoints must be an integer in [2, ${MAX_RECORDS}], got ${m}`);
    }
    const a = Math.max(1, S), b = S + N;
    if (b >= a) {
      // Portable log/exp: the record steps must be the same in every engine, or a browser run records other steps
      // than Node's (docs/determinism-and-memory.md).
      const ratio = portableLog(b / a);
      for (let i = 0; i < m; i++) set.push(Math.round(a * portableExp((ratio * i) / (m - 1))) - S);
    }
  } else if ("steps" in p) {
    const list = p.steps;
    if (list.length > MAX_RECORDS) throw new InvalidArgumentError(`record.steps has ${list.length} entries, over ${MAX_RECORDS}`);
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      if (!Number.isSafeInteger(s)) throw new InvalidArgumentError(`record.steps[${i}] = ${s} is not an integer step`);
      if (s >= S && s <= S + N) set.push(s - S);
    }
  } else {
    throw new InvalidArgumentError("record must be { every }, { logPoints } or { steps }");
  }
  set.push(N);
  set.sort((x, y) => x - y);
  const out: number[] = [];
  for (const s of set) if (s >= 0 && s <= N && (out.length === 0 || s !== out[out.length - 1])) out.push(s);
  return Float64Array.from(out);
}
