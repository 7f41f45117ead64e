// gdLinear with an asynchronous entry point (docs/engine.md, "Two threads for one large trajectory"): the same checks,
// plan and result as gdLinear (planGdLinear, gdLinearOneThread), but a run on two threads awaits its workers instead
// of blocking on them, so it also runs on two threads on a browser page's main thread or in a Web Worker, given
// cross-origin isolation. A synchronous gdLinear cannot: the workers it starts there only start once the thread that
// started them returns to its event loop.
import type { GdLinearOptions, GdLinearResult } from "./gd-linear.js";
import { gdLinearOneThread, gdLinearThreadsResult, planGdLinear } from "./gd-linear.js";
import { runGdLinearThreadsAsync, threadsUnavailable } from "./gd-linear-threads.js";

/**
 * {@link gdLinear} as a Promise: the same options, checks and result, bit for bit, but a run on two threads
 * (`threads: 2`, or "auto" on a large run) waits for its workers without blocking, so it works on a browser page's
 * main thread and in a Web Worker as well as in Node. In a browser, two threads need a cross-origin isolated page
 * (COOP `same-origin`, COEP `require-corp`); without it, or without SharedArrayBuffer or the threads build, the run
 * takes one thread and `result.threadsNote` says why. A worker that does not report ready within 30 s, a stalled
 * barrier or a failed worker rejects with ThreadsError; the workers are terminated on every path. A run on one
 * thread runs synchronously inside the call, like gdLinear.
 *
 * @example
 * await init();
 * const r = await gdLinearAsync(X, y, 1000, 4000, { eta: 0.9 / lambdaMax, steps: 200, threads: 2 });
 * r.threads;     // 2 on a cross-origin isolated page or in Node; 1 with r.threadsNote otherwise
 * r.summary.lastLoss;
 * @category Data-model runs
 */
export async function gdLinearAsync(X: Float64Array, y: Float64Array, n: number, d: number, opts: GdLinearOptions): Promise<GdLinearResult> {
  const plan = planGdLinear("gdLinearAsync", X, y, n, d, opts);
  let threadsNote: string | undefined;
  if (plan.wantTwo) {
    threadsNote = threadsUnavailable(false);
    if (threadsNote === undefined) return gdLinearThreadsResult(await runGdLinearThreadsAsync(plan.job), plan.space);
    threadsNote = `ran on one thread: ${threadsNote}`;
  }
  return gdLinearOneThread(plan, threadsNote);
}
