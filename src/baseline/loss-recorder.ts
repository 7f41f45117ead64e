/**
 * Pure-JS twin of assembly/trajectory/loss-recorder.ts: the records and the
 * 7-slot running summary shared by the whole-trajectory loops (gdLinearRun,
 * dataGdRun, linearResidualRun), over one heap array with element offsets.
 * Summary: 0 minLoss, 1 maxLoss, 2 lastLoss, 3 prevLoss, 4 firstNonFiniteStep
 * (−1: none), 5 stepsRun (index of the returned state), 6 records written.
 */
export class LossRecorder {
  private countdown = 0; // steps until the next multiple of `every`
  private minLoss = Infinity;
  private maxLoss = -Infinity;
  private last = NaN;
  private prev = NaN;
  /** Records written so far. */
  count = 0;

  constructor(private readonly h: Float64Array, private readonly every: number, private readonly recStep: number, private readonly recLoss: number) {}

  private record(t: number, loss: number): void {
    this.h[this.recStep + this.count] = t;
    this.h[this.recLoss + this.count] = loss;
    this.count++;
  }

  /** Takes ℓ_t. Returns false when it is not finite: the run stops at t. */
  observe(t: number, steps: number, loss: number): boolean {
    if (!Number.isFinite(loss)) return false;
    this.prev = this.last;
    this.last = loss;
    if (loss < this.minLoss) this.minLoss = loss;
    if (loss > this.maxLoss) this.maxLoss = loss;
    if (this.countdown === 0 || t === steps) this.record(t, loss);
    this.countdown = this.countdown === 0 ? this.every - 1 : this.countdown - 1;
    return true;
  }

  /** Ends the run at step t (`bad`: ℓ_t was not finite, so θ_{t−1} is kept); writes the summary; returns stepsRun. */
  finish(t: number, bad: boolean, summary: number): number {
    let runTo = t;
    if (bad) {
      runTo = t > 0 ? t - 1 : 0;
      if (t > 0 && runTo % this.every !== 0) this.record(runTo, this.last);
    }
    const h = this.h;
    h[summary] = this.minLoss;
    h[summary + 1] = this.maxLoss;
    h[summary + 2] = this.last;
    h[summary + 3] = runTo >= 1 ? this.prev : this.last;
    h[summary + 4] = bad ? t : -1;
    h[summary + 5] = runTo;
    h[summary + 6] = this.count;
    return runTo;
  }
}
