// `eoslab sweep`'s η-only flags (the bifurcation diagram on deep scalar factorisation): their defaults and checks,
// declared once. `eoslab slurm` passes the same flags through to its array tasks and checks them here before
// anything is queued, so the two commands cannot drift apart on a default or a bound.
import { InvalidArgumentError } from "../../errors.js";
import { fingerprinted, type FingerprintedSettings, type SweepSettings } from "../../experiments/sweep-settings.js";
import { intFlag, numberFlag } from "../parse-numbers.js";

/** One η-only flag: its name, its key in the parsed options, its default as typed on the command line, its check. */
export interface EtaSweepFlag {
  flag: string;
  key: keyof SweepSettings;
  fallback: string;
  parse: (raw: string) => number;
}

/** The η-only flags, in the order they are checked. */
export const ETA_SWEEP_FLAGS: readonly EtaSweepFlag[] = [
  { flag: "--depth", key: "depth", fallback: "5", parse: (r) => intFlag("--depth", r, 2, 4096) },
  { flag: "--target", key: "target", fallback: "1", parse: (r) => numberFlag("--target", r, (x) => x !== 0, "a finite non-zero number") },
  { flag: "--from", key: "from", fallback: "0.35", parse: (r) => numberFlag("--from", r, (x) => x > 0, "a finite number > 0") },
  { flag: "--to", key: "to", fallback: "0.5", parse: (r) => numberFlag("--to", r, (x) => x > 0, "a finite number > 0") },
  { flag: "--count", key: "count", fallback: "151", parse: (r) => intFlag("--count", r, 1, 100000) },
  { flag: "--steps", key: "steps", fallback: "100000", parse: (r) => intFlag("--steps", r, 4, 1e10) },
  { flag: "--tail", key: "tail", fallback: "64", parse: (r) => intFlag("--tail", r, 2, 1e5) },
];

/** The default of one η-only flag, for its Commander declaration. */
export function etaSweepDefault(key: keyof SweepSettings): string {
  return ETA_SWEEP_FLAGS.find((s) => s.key === key)!.fallback;
}

/** `--workers <n>`: worker threads of a sweep. */
export function workersFlag(raw: string): number {
  return intFlag("--workers", raw, 1, 256);
}

/**
 * The η-only sweep from its flags (a missing one takes its default), each checked, then together (the range and
 * steps ≥ 2·tail), with the start θ0 the sweep runs from: one-line InvalidArgumentErrors for junk.
 */
export function etaSweepSettings(f: Record<string, unknown>): FingerprintedSettings {
  const s = {} as SweepSettings;
  for (const e of ETA_SWEEP_FLAGS) s[e.key] = e.parse(f[e.key] === undefined ? e.fallback : String(f[e.key]));
  if (s.to < s.from) throw new InvalidArgumentError(`--to ${s.to} is below --from ${s.from}; swap them`);
  if (s.steps < 2 * s.tail) throw new InvalidArgumentError(`--steps must be at least 2·--tail = ${2 * s.tail}`);
  return fingerprinted(s);
}
