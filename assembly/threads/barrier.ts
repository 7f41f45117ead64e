// A barrier for the threads build (assembly/threads.ts): P agents on one shared memory meet twice per GD step.
// Words at `b` (i32): [0] arrivals in this round, [1] generation (bumped by the last arrival), [2] abort flag
// (non-zero: a partner failed or the caller gave up; every agent leaves its loop). An agent spins on the
// generation for a short while first (a step's two halves take tens of microseconds to milliseconds, and a
// futex round trip costs about as much as a short half), then sleeps in memory.atomic.wait32 in slices, and gives
// up after `timeoutMs` in all. Bounded waits: no agent can hang on a partner that died.

/** Spin iterations before sleeping: about 10–20 µs on current x86 cores. */
const SPINS: i32 = 4000;

/** Barrier results: 0 passed, 1 timed out, 2 aborted. */
export const BARRIER_OK: i32 = 0;
export const BARRIER_TIMEOUT: i32 = 1;
export const BARRIER_ABORT: i32 = 2;

/** Waits until all `parties` agents have arrived at the barrier at `b`. */
export function barrierWait(b: usize, parties: i32, timeoutMs: f64): i32 {
  if (atomic.load<i32>(b, 8) != 0) return BARRIER_ABORT;
  const gen = atomic.load<i32>(b, 4);
  if (atomic.add<i32>(b, 1) == parties - 1) {
    atomic.store<i32>(b, 0);
    atomic.add<i32>(b + 4, 1);
    atomic.notify(b + 4, parties);
    return BARRIER_OK;
  }
  for (let k = 0; k < SPINS; k++) {
    if (atomic.load<i32>(b, 4) != gen) return BARRIER_OK;
    if (atomic.load<i32>(b, 8) != 0) return BARRIER_ABORT;
  }
  // Sleep in 10 ms slices so that the abort flag is seen even if nobody notifies.
  const slices = <i32>Math.ceil(timeoutMs / 10);
  for (let k = 0; k < slices; k++) {
    if (atomic.load<i32>(b, 4) != gen) return BARRIER_OK;
    if (atomic.load<i32>(b, 8) != 0) return BARRIER_ABORT;
    memory.atomic.wait32(b + 4, gen, 10_000_000);
  }
  if (atomic.load<i32>(b, 4) != gen) return BARRIER_OK;
  return BARRIER_TIMEOUT;
}

/** Sets the abort flag and wakes every sleeper. */
export function barrierAbort(b: usize): void {
  atomic.store<i32>(b, 1, 8);
  atomic.notify(b + 4, 64);
}
