/**
 * The interface of the core module: every function exported by assembly/
 * (both wasm builds) and mirrored by the pure-JS backend (src/baseline/).
 * Pointers are byte offsets into the backend's memory; lengths are element
 * counts; all data is f64. Keep this in step with assembly/index.ts.
 * @category Setup
 */
export interface CoreExports {
  /** First byte after the module's static data; the arena starts above it. */
  heapBase(): number;
  /** Σ x[i]·y[i], i < n. */
  dot(n: number, x: number, y: number): number;
  /** sqrt(Σ x[i]²), i < n (dot's order; no rescaling: +Inf past about 1e154). */
  nrm2(n: number, x: number): number;
  /** y[i] ← a·x[i] + y[i], i < n. */
  axpy(n: number, a: number, x: number, y: number): void;
  /** x[i] ← a·x[i], i < n. */
  scal(n: number, a: number, x: number): void;
  /** y ← α·A·x + β·y, A row-major m×n; y is not read when β = 0. */
  gemv(m: number, n: number, alpha: number, a: number, x: number, beta: number, y: number): void;
  /** y ← α·Aᵀ·x + β·y, A row-major m×n (y has n entries); y is not read when β = 0. */
  gemvT(m: number, n: number, alpha: number, a: number, x: number, beta: number, y: number): void;
  /** One GD step on ½‖Xθ − y‖², X row-major n×d, θ in place, r (n) scratch; returns the loss at the old θ. */
  gdStepLinear(n: number, d: number, eta: number, x: number, y: number, theta: number, r: number): number;
  /**
   * A whole GD trajectory on ½‖Xθ − y‖² (assembly/trajectory/gd-linear.ts). Records (t, loss) every
   * `every` steps into recStep/recLoss (room for floor(steps/every)+2), the summary into 7 slots;
   * leaves the last finite θ in `theta`. Scratch: spare (d), r (n). With spare2 (d more values, ≠ 0) each step is
   * one pass over X in blocks of `block` rows (0 or omitted: the core's choice); the bits are the same. Returns the
   * records written.
   */
  gdLinearRun(
    n: number, d: number, eta: number, x: number, y: number, theta: number, spare: number, r: number,
    steps: number, every: number, recStep: number, recLoss: number, summary: number, spare2?: number, block?: number,
  ): number;
  /**
   * gram ← X·Xᵀ (n×n, row-major) for a row-major n×d X, blocked and symmetric, `block` rows per block (0: the
   * core's choice); bit-identical to n gemv calls (assembly/kernels/gram.ts).
   */
  gramXXt(n: number, d: number, x: number, gram: number, block: number): void;
  /** One-sided Jacobi on the k rows of W (k×len); writes row norms to sigma, max |cos| to info[0]; returns sweeps. */
  jacobiSvd(k: number, len: number, w: number, tol: number, maxSweeps: number, sigma: number, info: number): number;
  /** Power iteration for λ_max(XᵀX) from unit v; out[0] = λ, out[1] = residual; returns products used. */
  powerGram(n: number, d: number, x: number, v: number, w: number, u: number, tmp: number, maxIter: number, tol: number, out: number): number;
  /** Lanczos step j on XᵀX with full reorthogonalisation; out[0] = α_j; returns β_j and stores v_{j+1} when β_j > 0. */
  lanczosGramStep(n: number, d: number, x: number, vs: number, j: number, w: number, tmp: number, out: number): number;
  /**
   * A whole GD trajectory of a several-output model (assembly/trajectory/data-gd.ts): model 1 = diagonal
   * (θ = [u; v], p = 2d), 2 = two-layer (θ = [vec(W); a], p = dh + h). Records and summary as gdLinearRun.
   * Scratch: spare (p), work (2d + n + h). Returns the records written.
   */
  dataGdRun(
    model: number, n: number, d: number, h: number, eta: number, x: number, y: number, theta: number, spare: number, work: number,
    steps: number, every: number, recStep: number, recLoss: number, summary: number,
  ): number;
  /**
   * Linear least squares in residual space, r ← (I − ηXXᵀ)r, with gram = XXᵀ (n×n); θ recovered at the end
   * (assembly/trajectory/data-linear-residual.ts). Records and summary as gdLinearRun. Scratch: work (4n).
   */
  linearResidualRun(
    n: number, d: number, eta: number, x: number, y: number, gram: number, theta: number, work: number,
    steps: number, every: number, recStep: number, recLoss: number, summary: number,
  ): number;
  /** Cyclic Jacobi eigenvalues of the symmetric n×n A (row-major, overwritten) into d, unsorted; returns sweeps (assembly/linalg/sym-eig.ts). */
  symEigJacobi(n: number, a: number, d: number, maxSweeps: number): number;
  /**
   * Nearest point of M = {θ₁⋯θ_p = y} to θ by KKT + bisection (assembly/models/deep-scalar.ts).
   * out (2p + 5) = [x (p), n(x) (p), θ⊥, λ(x), ‖x − θ∥*‖, |f(x) − y|, t]; work: p² + 4p + 2. Returns bisection steps.
   */
  deepScalarProject(p: number, y: number, cStar: number, theta: number, out: number, work: number): number;
  /** λ(θ): top eigenvalue of the full Hessian of ½(θ₁⋯θ_p − y)² at θ; work: p² + 4p + 2. */
  deepScalarHessianTop(p: number, y: number, theta: number, work: number): number;
  /**
   * A whole GD run on deep scalar factorisation with coordinates at the record steps
   * (assembly/trajectory/deep-scalar-run.ts). work: p² + 6p + 10; rec: 6 columns of nRec + 1;
   * recTheta/recPar: 0 or (nRec + 1)·p; par: p; summary: 8. lambdaAt: 1 computes λ(θ) at every record, 0 leaves NaN
   * in that column (and skips its eigenproblem; every other column the same). Returns the records written.
   */
  deepScalarRun(
    p: number, y: number, eta: number, cStar: number, theta: number, work: number,
    steps: number, startStep: number, recSteps: number, nRec: number,
    rec: number, recTheta: number, recPar: number, par: number, summary: number, lambdaAt: number,
  ): number;
  /**
   * `count` deep-scalar GD runs of `steps` steps (assembly/trajectory/deep-scalar-lanes.ts), in f64x2 lanes (four per
   * loop at p = 5, else two):
   * trajectory j from θ₀ = thetas[j·p…] with etas[j]; its last finite θ replaces θ₀; out[4j…] = minLoss, maxLoss,
   * firstNonFiniteStep (−1: none), stepsRun, each bit for bit its own deepScalarRun's. work: 8p + 8; p ≥ 2.
   */
  deepScalarLanes(p: number, y: number, count: number, etas: number, thetas: number, steps: number, work: number, out: number): void;
  /**
   * f(θ) of the deep linear network w_L W_{L−1}⋯W₁x, and ∇f(θ) into grad unless grad = 0 (assembly/models/deep-linear.ts).
   * dims: L + 1 widths (f64, last 1); θ: W₁ row-major, …, w_L; work: 4·(d₀ + … + d_{L−1}).
   */
  deepLinearGrad(L: number, dims: number, x: number, theta: number, work: number, grad: number): number;
  /** ∇²f(θ)·v of the deep linear network into out (exact, forward-over-reverse); returns f(θ). work as deepLinearGrad. */
  deepLinearHvp(L: number, dims: number, x: number, theta: number, v: number, work: number, out: number): number;
  /**
   * A whole GD run on the deep linear network (assembly/models/deep-linear.ts): θ_t and ℓ(θ_t) at the record steps.
   * work: 4·(d₀ + … + d_{L−1}) + 2p; recTheta: (nRec + 1)·p; recLoss: nRec + 1; summary: 8. Returns the records written.
   */
  deepLinearRun(
    L: number, dims: number, x: number, y: number, eta: number, theta: number, work: number,
    steps: number, recSteps: number, nRec: number, recTheta: number, recLoss: number, summary: number,
  ): number;
}

/**
 * Which implementation runs the kernels.
 * @category Setup
 */
export type BackendKind = "simd" | "wasm" | "js";

/**
 * The part of WebAssembly.Memory the engine uses; the JS backend imitates it.
 * @category Setup
 */
export interface GrowableMemory {
  readonly buffer: ArrayBuffer;
  /** Adds `pages` 64 KiB pages; returns the previous size in pages. */
  grow(pages: number): number;
}

/**
 * A loaded backend: its memory and its kernels.
 * @category Setup
 */
export interface Backend {
  readonly kind: BackendKind;
  readonly memory: GrowableMemory;
  readonly exports: CoreExports;
}
