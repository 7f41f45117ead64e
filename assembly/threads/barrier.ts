// A barrier for the threads build (assembly/threads.ts): P agents on one shared memory meet twice per GD step.
// Words at `b` (i32): [0] arrivals in this round, [1] generation (bumped by the last arrival), [2] abort flag
// (non-zero: a partner failed or the caller gave up; every agent leaves its loop). An agent spins on the
// generation for a short while first (a step's two halves take tens of microseconds to milliseconds, and a
// futex round trip costs about as much as a short half), then sleeps in memory.atomic.wait32 in slices, and gives
// up after `timeoutMs` in all. Bounded waits: no agent can hang on a partner that died.

/** The host's clock in ms (performance.now): src/data/gd-linear-threads.ts passes it in. */
// @ts-ignore: decorator
@external("env", "nowMs")
declare function nowMs(): f64;

/** Barrier results: 0 passed, 1 timed out, 2 aborted. */
export const BARRIER_OK: i32 = 0;
export const BARRIER_TIMEOUT: i32 = 1;
export const BARRIER_ABORT: i32 = 2;

/** Waits until all `parties` agents have arrived at the barrier at `b`, spinning `spins` checks before sleeping. */
export function barrierWait(b: usize, parties: i32, timeoutMs: f64, spins: i32): i32 {
  if (atomic.load<i32>(b, 8) != 0) return BARRIER_ABORT;
  const gen = atomic.load<i32>(b, 4);
  if (atomic.add<i32>(b, 1) == parties - 1) {
    atomic.store<i32>(b, 0);
    atomic.add<i32>(b + 4, 1);
    atomic.notify(b + 4, parties);
    return BARRIER_OK;
  }
  for (let k = 0; k < spins; k++) {
    if (atomic.load<i32>(b, 4) != gen) return BARRIER_OK;
    if (atomic.load<i32>(b, 8) != 0) return BARRIER_ABORT;
  }
  // Sleep in slices of at most 10 ms so that the abort flag is seen even if nobody notifies. The deadline is kept
  // on the host's clock: a wait can return early (an interrupt of the worker's isolate), so counting slices
  // would not bound the time.
  const deadline = nowMs() + timeoutMs;
  while (true) {
    if (atomic.load<i32>(b, 4) != gen) return BARRIER_OK;
    if (atomic.load<i32>(b, 8) != 0) return BARRIER_ABORT;
    if (nowMs() > deadline) break;
    memory.atomic.wait32(b + 4, gen, 10_000_000);
  }
  return BARRIER_TIMEOUT;
}

/** Sets the abort flag and wakes every sleeper. */
export function barrierAbort(b: usize): void {
  atomic.store<i32>(b, 1, 8);
  atomic.notify(b + 4, 64);
}
