// The η-only sweep's settings (what `eoslab sweep`'s shorthand flags give; etaSpec makes them a spec). Browser-safe.
import { bifurcationGrid, gridEta, type BifurcationGrid } from "./bifurcation.js";
import { defaultStart, paperStarts } from "./starts.js";
import { deepScalar, type DeepScalarModel } from "../models/deep-scalar.js";
import { argInt, argObject } from "../check-args.js";

/**
 * The sweep over η on deep scalar factorisation, as `eoslab sweep` takes it.
 * @category Sweeps
 */
export interface SweepSettings extends BifurcationGrid {
  depth: number;
  target: number;
}

/**
 * Everything that determines a grid point's result: the settings plus θ₀.
 * @category Sweeps
 */
export interface FingerprintedSettings extends SweepSettings {
  theta0: number[];
}

/**
 * θ₀ of `eoslab sweep`: the paper's first start for depth 5, y = 1 (ηλ(θ∥₀) ≈ 2.02 at η = 0.39); otherwise run's default start.
 * @example
 * sweepTheta0({ depth: 2, target: 1 }); // the start every point of the sweep uses
 * @category Sweeps
 */
export function sweepTheta0(s: Pick<SweepSettings, "depth" | "target">): number[] {
  argObject("sweepTheta0", "s", s);
  return Array.from(s.depth === 5 && s.target === 1 ? paperStarts(1)[0] : defaultStart(s.depth, s.target));
}

/**
 * The model the sweep runs.
 * @example
 * const model = sweepModel({ depth: 2, target: 1 }); // deepScalar({ depth: 2, target: 1 })
 * @category Sweeps
 */
export function sweepModel(s: Pick<SweepSettings, "depth" | "target">): DeepScalarModel {
  argObject("sweepModel", "s", s);
  return deepScalar({ depth: s.depth, target: s.target });
}

/**
 * The settings with θ₀ filled in, validated like bifurcationSweep's (InvalidArgumentError). Kept (the η-only sweep
 * records and their fingerprint are gone, replaced by the spec's): `eoslab slurm` checks its shorthand flags with
 * it, and etaSpec turns its result into the spec those flags stand for.
 * @example
 * const s = fingerprinted({ depth: 2, target: 1, from: 0.9, to: 1.2, count: 30, steps: 20_000, tail: 200 });
 * @category Sweeps
 */
export function fingerprinted(s: SweepSettings): FingerprintedSettings {
  argObject("fingerprinted", "s", s);
  bifurcationGrid({ etaFrom: s.from, etaTo: s.to, count: s.count, steps: s.steps, tail: s.tail });
  return { depth: s.depth, target: s.target, from: s.from, to: s.to, count: s.count, steps: s.steps, tail: s.tail, theta0: sweepTheta0(s) };
}

/**
 * η of grid point `index` (0-based), exactly as bifurcationSweep computes it.
 * @example
 * sweepEta({ from: 0.9, to: 1.2, count: 4 }, 3); // 1.2
 * @category Sweeps
 */
export function sweepEta(s: Pick<SweepSettings, "from" | "to" | "count">, index: number): number {
  argObject("sweepEta", "s", s); argInt("sweepEta", "index", index);
  return gridEta(s.from, s.to, s.count, index);
}

/** FNV-1a, 64-bit, of the UTF-8 bytes of `text`, as 16 hex digits. */
export function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n, mask = (1n << 64n) - 1n;
  for (const b of new TextEncoder().encode(text)) h = ((h ^ BigInt(b)) * prime) & mask;
  return h.toString(16).padStart(16, "0");
}
