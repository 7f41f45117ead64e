import { InvalidArgumentError } from "../errors.js";
import { MT19937 } from "./mt19937.js";
import { portableLog } from "../linalg/portable-math.js";

/**
 * numpy's legacy `RandomState` stream (docs/design.md §5): MT19937 seeded by
 * init_genrand, 53-bit doubles from two draws, and the polar Box–Muller
 * normal that caches the second value of each pair. `new RandomState(42)`
 * then `randn(k)` gives the same numbers as `np.random.seed(42);
 * np.random.randn(k)`, so the seed's experiment runs on the seed's data.
 *
 * @example
 * new RandomState(42).randn(3); // [0.4967141530112327, -0.13826430117118466, 0.6476885381006925]
 * @category Setup
 */
export class RandomState {
  private mt: MT19937;
  private hasGauss = false;
  private cachedGauss = 0;

  constructor(seed = 0) {
    RandomState.checkSeed(seed);
    this.mt = new MT19937(seed);
  }

  /** `np.random.seed(s)` for an integer 0 ≤ s < 2³²: resets the stream and drops the cached normal. */
  seed(seed: number): void {
    RandomState.checkSeed(seed);
    this.mt.initGenrand(seed);
    this.hasGauss = false;
    this.cachedGauss = 0;
  }

  /** The next raw 32-bit output of MT19937. */
  uint32(): number {
    return this.mt.nextUint32();
  }

  /** A double in [0, 1) with 53 random bits: (a·2²⁶ + b)/2⁵³ with a = u>>5, b = u>>6 (numpy's random_double). */
  random(): number {
    const a = this.mt.nextUint32() >>> 5, b = this.mt.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** `random_sample(size)`: `size` doubles in [0, 1). */
  randomSample(size: number): Float64Array {
    const out = new Float64Array(RandomState.checkSize(size));
    for (let i = 0; i < out.length; i++) out[i] = this.random();
    return out;
  }

  /**
   * One standard normal by numpy's legacy polar Box–Muller: draws (x₁, x₂)
   * uniform in the unit disc (minus 0), returns f·x₂ and caches f·x₁ for the
   * next call, with f = sqrt(−2 log r² / r²).
   */
  gauss(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const g = this.cachedGauss;
      this.cachedGauss = 0;
      return g;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2.0 * this.random() - 1.0;
      x2 = 2.0 * this.random() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    // portableLog, not Math.log: engines round Math.log differently in the last bit; this is fdlibm's log, the
    // same bits as Node 20's Math.log (test/linalg/portable-math.test.ts) and within 1 ulp of numpy's C log.
    const f = Math.sqrt((-2.0 * portableLog(r2)) / r2);
    this.cachedGauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** `randn(size)`: `size` standard normals, in numpy's order (C order for a matrix: fill rows in turn). */
  randn(size: number): Float64Array {
    const out = new Float64Array(RandomState.checkSize(size));
    for (let i = 0; i < out.length; i++) out[i] = this.gauss();
    return out;
  }

  private static checkSeed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new InvalidArgumentError(`seed must be an integer in [0, 2^32 − 1], got ${seed}`);
    }
  }

  private static checkSize(size: number): number {
    if (!Number.isInteger(size) || size < 0) throw new InvalidArgumentError(`size must be an integer ≥ 0, got ${size}`);
    return size;
  }
}
