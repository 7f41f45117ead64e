// The fused gradient step for linear least squares, ℓ(θ) = ½‖Xθ − y‖²
// (docs/design.md §5), X row-major n×d. Two passes over X and no gradient buffer:
//   pass 1: r ← Xθ − y (gemv with β = −1) and ℓ = ½·dot(r, r);
//   pass 2: θ ← θ − η·Xᵀr, as θ[j] + Σ_i (−η·r[i])·X[i,j] with rows in
//           index order (addScaledRows).
// Both passes keep the repo's fixed summation order, so the backends are
// bit-identical.
//
// gdStepLinearInto does the same step in ONE pass over X, a block of rows at
// a time: gemv on the block, then the block's rows are added into the new θ
// while they are still in cache. Each r[i] is still one dot in dot's order,
// and each θ[j] still receives the rows in index order, so the bits are
// those of the two-pass step; only the traffic from memory halves.
//
// When X is too large for the L3 cache, each block is first read once, one
// load per 64-byte line in a few plain sequential streams (touchLines), and
// only then run through gemv and the additions from L2. WebAssembly has no
// prefetch instruction; plain sequential streams are what the hardware
// prefetcher follows best, and they read X faster than gemv's two rows at a
// time do (docs/benchmark.md, "Touching each block first"). The loaded values
// are only folded into touchSink, so no result changes.
import { dot } from "./dot";
import { gemv } from "./gemv";
import { addScaledRows } from "./gemv-t";

/**
 * Rows per block of the one-pass step: 8 rows (the width of addScaledRows' SIMD pass), more while a block
 * stays under 128 KiB, which fits the L2 of current x86 and ARM cores next to θ and the new θ. Measured
 * against 8, 16, 32, 64 and whole-X blocks in docs/benchmark.md ("one pass over X").
 */
export function gdBlockRows(d: i32): i32 {
  const b = (131072 / max<i32>(d, 1) / 8) & ~7;
  return max<i32>(8, b);
}

/**
 * X of more bytes than this is touched block by block before its gemv (gdStepLinearInto, residualLoss). On a 32 MiB
 * L3 it costs about a fifth in cache and ×0.90–0.98 at 16–17 MB of X, which the L3 still holds; from
 * 19 MB on, where X streams from DRAM, it gains ×1.04–1.24 (docs/benchmark.md, "Touching each block first").
 */
const TOUCH_MIN_BYTES: usize = 18 << 20;

// Written and never read: a sink for the touch loads, so that neither Binaryen nor V8 can drop them as unused.
let touchSink: i64 = 0;

/**
 * Loads one i64 from every 64-byte line of [p, p + bytes) and returns them folded together. The range is read as
 * four sequential streams, one per quarter, each in address order: ×1.01–1.07 at 1000x4000 and ×1.04–1.08 at
 * 2000x8000 against one stream; touching every second line, or one stream unrolled (Binaryen then reorders the
 * loads of an iteration), measured slower (docs/benchmark.md, "Touching each block first").
 */
function touchLines(p: usize, bytes: usize): i64 {
  const part = (bytes >> 2) & ~(<usize>63);
  const p1 = p + part, p2 = p1 + part, p3 = p2 + part;
  let s: i64 = 0;
  for (let o: usize = 0; o < part; o += 64) {
    s ^= load<i64>(p + o);
    s ^= load<i64>(p1 + o);
    s ^= load<i64>(p2 + o);
    s ^= load<i64>(p3 + o);
  }
  for (let o = part << 2; o < bytes; o += 64) s ^= load<i64>(p + o);
  return s;
}

/** r ← Xθ − y; returns ½‖r‖². */
export function residualLoss(n: i32, d: i32, x: usize, y: usize, theta: usize, r: usize): f64 {
  if (n <= 0) return 0;
  memory.copy(r, y, <usize>n << 3);
  // 1·s + (−1)·y[i] rounds exactly like s − y[i].
  const rowBytes = <usize>d << 3;
  if (<usize>n * rowBytes <= TOUCH_MIN_BYTES) {
    gemv(n, d, 1, x, theta, -1, r);
  } else {
    // X streams from DRAM: touch each block, then gemv it from cache, as gdStepLinearInto does. Each r[i] is the
    // same dot in whatever block its row lies.
    const block = gdBlockRows(d);
    let sink: i64 = 0;
    for (let i = 0; i < n; i += block) {
      const m = min<i32>(block, n - i);
      const xb = x + <usize>i * rowBytes;
      sink ^= touchLines(xb, <usize>m * rowBytes);
      gemv(m, d, 1, xb, theta, -1, r + (<usize>i << 3));
    }
    touchSink ^= sink;
  }
  return 0.5 * dot(n, r, r);
}

/**
 * One GD step θ ← θ − η·Xᵀ(Xθ − y), in place; r (n values) is scratch and
 * holds the residual at the old θ afterwards. Returns ½‖Xθ − y‖² at the old θ.
 */
export function gdStepLinear(n: i32, d: i32, eta: f64, x: usize, y: usize, theta: usize, r: usize): f64 {
  const loss = residualLoss(n, d, x, y, theta, r);
  addScaledRows(n, d, -eta, x, r, theta, theta);
  return loss;
}

/**
 * One GD step in one pass over X: r ← Xθ − y and next ← θ − η·Xᵀr, block by
 * block of `block` rows (block ≥ 1). cur (θ) is only read; next must not
 * overlap it. Returns ½‖r‖² at cur. Bit-identical to residualLoss followed by
 * addScaledRows(n, d, −η, x, r, cur, next).
 */
export function gdStepLinearInto(
  n: i32, d: i32, eta: f64, x: usize, y: usize, cur: usize, next: usize, r: usize, block: i32,
): f64 {
  if (n <= 0) {
    if (d > 0) memory.copy(next, cur, <usize>d << 3);
    return 0;
  }
  memory.copy(r, y, <usize>n << 3);
  const rowBytes = <usize>d << 3;
  const touch = <usize>n * rowBytes > TOUCH_MIN_BYTES;
  let sink: i64 = 0;
  let from = cur;
  for (let i = 0; i < n; i += block) {
    const m = min<i32>(block, n - i);
    const xb = x + <usize>i * rowBytes, rb = r + (<usize>i << 3);
    if (touch) sink ^= touchLines(xb, <usize>m * rowBytes);
    gemv(m, d, 1, xb, cur, -1, rb);
    addScaledRows(m, d, -eta, xb, rb, from, next);
    from = next;
  }
  touchSink ^= sink;
  return 0.5 * dot(n, r, r);
}
