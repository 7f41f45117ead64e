// The runs the threads page (threads.html) and its module worker (threads-worker.mjs) make, and that
// threads.browser.mjs repeats in Node: a problem drawn from the library's RandomState (MT19937: integer operations and
// one exact division per value, so every engine draws the same doubles), gdLinearAsync on two threads against
// gdLinear on one thread (SIMD and JS backends) in the same page, bit for bit.

/** X (n×d) and y uniform in [-1, 1), and η = c/‖X‖_F² (c < 2 converges, a large c diverges); `lib` is eoslab. */
export function problem(lib, n, d, c) {
  const X = new lib.RandomState(3 + n).randomSample(n * d).map((u) => 2 * u - 1);
  const y = new lib.RandomState(4 + d).randomSample(n).map((u) => 2 * u - 1);
  let f = 0;
  for (const v of X) f += v * v;
  return { X, y, eta: c / f };
}

/** The f64 bytes of a, as base64 (bits survive the trip out of the page). */
export function b64(a) {
  const u = new Uint8Array(Float64Array.from(a).buffer);
  let s = "";
  for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]);
  return btoa(s);
}

const same = (a, b) => b64(a) === b64(b);

/** gdLinearAsync with `threads` against gdLinear on one thread with the SIMD and the JS engine, in `space`. */
export async function compareCase(lib, simd, js, { n, d, steps, c, threads = 2, every = 1, space = "parameter" }) {
  const { X, y, eta } = problem(lib, n, d, c);
  const opts = { eta, steps, recordEvery: every, space };
  const t0 = performance.now();
  const async = await lib.gdLinearAsync(X, y, n, d, { ...opts, threads, engine: simd });
  const ms = performance.now() - t0;
  const check = (r) => same(async.theta, r.theta) && same(async.steps, r.steps) && same(async.loss, r.loss) && JSON.stringify(async.summary) === JSON.stringify(r.summary);
  return {
    threads: async.threads,
    threadsNote: async.threadsNote ?? null,
    sameAsOneThread: check(lib.gdLinear(X, y, n, d, { ...opts, threads: 1, engine: simd })),
    sameAsJs: check(lib.gdLinear(X, y, n, d, { ...opts, threads: 1, engine: js })),
    // The synchronous gdLinear cannot run two threads on a browser thread: it says why.
    syncThreads: lib.gdLinear(X, y, n, d, { ...opts, threads: 2, engine: simd }).threadsNote ?? null,
    theta: b64(async.theta),
    loss: b64(async.loss),
    summary: async.summary,
    ms,
  };
}

/** Wall time (ms) of gdLinearAsync on `threads` threads, `reps` times, on one problem. */
export async function timeCase(lib, simd, { n, d, steps, threads, reps }) {
  const { X, y, eta } = problem(lib, n, d, 1);
  const ms = [];
  let last;
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now();
    last = await lib.gdLinearAsync(X, y, n, d, { eta, steps, threads, space: "parameter", engine: simd });
    ms.push(performance.now() - t0);
  }
  return { ms, threads: last.threads, threadsNote: last.threadsNote ?? null, lastLoss: last.summary.lastLoss };
}
