// A bifurcation sweep's settings (what `eoslab sweep` runs) and their fingerprint. Browser-safe: no Node imports.
import { bifurcationGrid, gridEta } from "./bifurcation.js";
import { defaultStart, paperStarts } from "./starts.js";
import { deepScalar, type DeepScalarModel } from "../models/deep-scalar.js";
import { argArray, argInt, argNumber, argObject } from "../check-args.js";

/**
 * The sweep over η on deep scalar factorisation, as `eoslab sweep` takes it.
 * @category Sweeps
 */
export interface SweepSettings {
  depth: number;
  target: number;
  from: number;
  to: number;
  count: number;
  steps: number;
  tail: number;
}

/**
 * Everything that determines a grid point's result: the settings plus θ₀. Two sweeps with equal fingerprints compute equal points.
 * @category Sweeps
 */
export interface FingerprintedSettings extends SweepSettings {
  theta0: number[];
}

/** The fields in fingerprint order (also the order a mismatch is reported in). */
export const FINGERPRINT_FIELDS = ["depth", "target", "steps", "tail", "from", "to", "count", "theta0"] as const;

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
 * The settings with θ₀ filled in, validated like bifurcationSweep's (InvalidArgumentError).
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

/** The canonical text the fingerprint hashes: the fields in FINGERPRINT_FIELDS order, numbers as shortest round-trip decimals. */
export function canonicalSettings(s: FingerprintedSettings): string {
  return JSON.stringify(FINGERPRINT_FIELDS.map((k) => [k, s[k]]));
}

/**
 * A short fingerprint of the settings: "fnv1a64:" + 16 hex digits of FNV-1a (64-bit) over the UTF-8 of canonicalSettings.
 * Not cryptographic; it tells sweeps apart, and every JSONL line also carries the settings themselves.
 * @example
 * const s = fingerprinted({ depth: 2, target: 1, from: 0.9, to: 1.2, count: 30, steps: 20_000, tail: 200 });
 * sweepFingerprint(s); // the same string for the same settings
 * @category Sweeps
 */
export function sweepFingerprint(s: FingerprintedSettings): string {
  argObject("sweepFingerprint", "s", s);
  for (const k of FINGERPRINT_FIELDS) if (k === "theta0") argArray("sweepFingerprint", "s.theta0", s.theta0); else argNumber("sweepFingerprint", `s.${k}`, s[k]);
  return "fnv1a64:" + fnv1a64(canonicalSettings(s));
}

/** FNV-1a, 64-bit, of the UTF-8 bytes of `text`, as 16 hex digits. */
export function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n, mask = (1n << 64n) - 1n;
  for (const b of new TextEncoder().encode(text)) h = ((h ^ BigInt(b)) * prime) & mask;
  return h.toString(16).padStart(16, "0");
}

/** The settings that differ, as "steps 1000 there, 2000 here" phrases (empty when they agree). */
export function settingsDiff(there: FingerprintedSettings, here: FingerprintedSettings, thereName = "there", hereName = "here"): string[] {
  const out: string[] = [];
  for (const k of FINGERPRINT_FIELDS) {
    const a = JSON.stringify(there[k]), b = JSON.stringify(here[k]);
    if (a !== b) out.push(`${k} ${a} ${thereName}, ${b} ${hereName}`);
  }
  return out;
}
