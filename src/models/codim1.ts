import { ModelCallbackError } from "../errors.js";

/**
 * A codimension-1 least-squares model, docs/design.md §1: ℓ(θ) = ½(f(θ) − y)² with
 * f: R^p → R and y a regular value, so M = f⁻¹{y} is a (p−1)-manifold.
 * Built-in models (deep scalar factorisation) also run their whole loops in
 * wasm; a user model made of these callbacks runs the same algorithms in JS.
 * @category Models
 */
export interface Codim1Model {
  /** A short identifier, e.g. "deep-scalar(p=5,y=1)". */
  readonly name: string;
  /** p, the number of parameters. */
  readonly dim: number;
  /** y, the target value of f. */
  readonly target: number;
  /** f(θ). */
  f(theta: Float64Array): number;
  /** Writes ∇f(θ) into `out` (length p). */
  grad(theta: Float64Array, out: Float64Array): void;
  /** Writes the Hessian-vector product ∇²f(θ)·v into `out` (length p). */
  hvp(theta: Float64Array, v: Float64Array, out: Float64Array): void;
}

const CALLBACKS = ["f", "grad", "hvp"] as const;

/**
 * Checks that `model` is a usable Codim1Model: dim a positive integer,
 * target finite, f/grad/hvp functions. Throws ModelCallbackError
 * (callback "model") naming what is wrong. The built-in models pass.
 */
export function checkModelShape(model: Codim1Model): void {
  if (model === null || typeof model !== "object") throw new ModelCallbackError("model", `model must be an object with dim, target, f, grad and hvp, got ${model === null ? "null" : typeof model}`);
  const p = model.dim;
  if (typeof p !== "number" || !Number.isSafeInteger(p) || p < 1 || p > MAX_MODEL_DIM) {
    throw new ModelCallbackError("model", `model.dim must be an integer in [1, ${MAX_MODEL_DIM}], got ${String(p)}`);
  }
  if (typeof model.target !== "number" || !Number.isFinite(model.target)) {
    throw new ModelCallbackError("model", `model.target must be a finite number (the value y of f on M), got ${String(model.target)}`);
  }
  for (const k of CALLBACKS) {
    if (typeof model[k] !== "function") throw new ModelCallbackError(k, `model.${k} must be a function, got ${typeof model[k]}`);
  }
}

/** The largest p a general (JS) codimension-1 model may have: the dense p×p Hessian of λ(θ) must fit comfortably. */
export const MAX_MODEL_DIM = 4096;

function describe(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (typeof v === "object" && typeof (v as { length?: unknown }).length === "number") return `an array of length ${(v as ArrayLike<unknown>).length}`;
  return typeof v;
}

function firstBad(a: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return i;
  return -1;
}

/**
 * A user model whose callbacks are guarded: a callback that throws, or
 * whose result is not a number (f) or has the wrong length (grad/hvp may
 * write into `out` or return an array of length p, which is copied into
 * `out`), raises ModelCallbackError naming the callback. Non-finite values
 * pass through (far from M they mean divergence, which a run reports as a
 * result); see checkModelAt for the check at a start. Built-in models are
 * returned unchanged.
 */
export function guardModel<M extends Codim1Model>(model: M, isBuiltIn: boolean): M {
  if (isBuiltIn || guardedModels.has(model)) return model;
  const known = wrappers.get(model);
  if (known && known.dim === model.dim && known.target === model.target) return known as M;
  checkModelShape(model);
  const p = model.dim;
  const call = <T>(name: string, fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ModelCallbackError) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      throw new ModelCallbackError(name, `model callback ${name} threw: ${msg.replace(/\s*\r?\n\s*/g, " ")}; fix the model's ${name}`, { cause: e });
    }
  };
  const intoOut = (name: string, ret: unknown, out: Float64Array): void => {
    if (ret === undefined || ret === out) return;
    const len = typeof ret === "object" && ret !== null ? (ret as { length?: unknown }).length : undefined;
    if (typeof len !== "number") {
      throw new ModelCallbackError(name, `model callback ${name} returned ${describe(ret)}; it must write p = ${p} values into out (or return an array of length ${p})`);
    }
    if (len !== p) throw new ModelCallbackError(name, `model callback ${name} returned an array of length ${len}, the model has dim = ${p}; return p values`);
    for (let i = 0; i < p; i++) out[i] = (ret as ArrayLike<number>)[i];
  };
  const guarded: Codim1Model = {
    name: typeof model.name === "string" ? model.name : "user model",
    dim: p,
    target: model.target,
    f(theta: Float64Array): number {
      const v: unknown = call("f", () => model.f(theta));
      if (typeof v !== "number") throw new ModelCallbackError("f", `model callback f returned ${describe(v)}; it must return one number, f(θ)`);
      return v;
    },
    grad(theta: Float64Array, out: Float64Array): void {
      intoOut("grad", call("grad", () => model.grad(theta, out) as unknown), out);
    },
    hvp(theta: Float64Array, v: Float64Array, out: Float64Array): void {
      intoOut("hvp", call("hvp", () => model.hvp(theta, v, out) as unknown), out);
    },
  };
  guardedModels.add(guarded);
  wrappers.set(model, guarded);
  return guarded as M;
}

const guardedModels = new WeakSet<object>();
// One wrapper per user model, so per-model caches (engineGeometry's flattest minimum) keep working across calls.
const wrappers = new WeakMap<object, Codim1Model>();

/**
 * Evaluates f, ∇f and one Hessian-vector product of a guarded model at a
 * finite point and throws ModelCallbackError if any value is non-finite
 * (at a finite start that is a bug in the model, not divergence).
 */
export function checkModelAt(model: Codim1Model, theta: ArrayLike<number>, where = "theta0"): void {
  const p = model.dim;
  const x = Float64Array.from(theta);
  const fv = model.f(x);
  if (!Number.isFinite(fv)) throw new ModelCallbackError("f", `model callback f returned ${fv} at ${where} (a finite point); it must return a finite value there`);
  const g = new Float64Array(p).fill(NaN);
  model.grad(x, g);
  const bg = firstBad(g);
  if (bg >= 0) throw new ModelCallbackError("grad", `model callback grad gave ${g[bg]} at index ${bg} at ${where} (a finite point); it must write p = ${p} finite values into out`);
  const v = new Float64Array(p).fill(1 / Math.sqrt(p)), h = new Float64Array(p).fill(NaN);
  model.hvp(x, v, h);
  const bh = firstBad(h);
  if (bh >= 0) throw new ModelCallbackError("hvp", `model callback hvp gave ${h[bh]} at index ${bh} at ${where} (a finite point); it must write p = ${p} finite values into out`);
}
