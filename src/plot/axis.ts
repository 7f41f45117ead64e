import { scaleLinear, scaleLog } from "d3-scale";

/** One axis tick: position in data units (log10 of the value on log axes) and its label. */
export interface Tick {
  at: number;
  /** Plain label, or a power of ten written as mantissa and exponent. */
  label: string;
  exponent?: number;
}

/**
 * Log axes are drawn as log10(value) on a linear scale, so values down to
 * 1e-300 are fine (d3's own log scale and browsers choke on such spans).
 * Ticks: whole decades from d3's tick step on the log10 domain when the
 * span is at least about one and a half decades, else d3 log-scale ticks.
 */
export function logTicks(lo: number, hi: number, count = 6): Tick[] {
  if (hi - lo >= 1.5) {
    let ticks = scaleLinear().domain([lo, hi]).ticks(count).filter((t) => Number.isInteger(t));
    if (ticks.length < 2) ticks = scaleLinear().domain([lo, hi]).ticks(Math.max(2, Math.ceil(hi - lo))).filter((t) => Number.isInteger(t));
    return ticks.map((t) => ({ at: t, label: "10", exponent: t }));
  }
  const s = scaleLog().domain([10 ** lo, 10 ** hi]);
  const fmt = s.tickFormat(count, "~g");
  return s.ticks(count).map((v) => ({ at: Math.log10(v), label: fmt(v) })).filter((t) => t.label !== "");
}

/** Ticks of a linear axis, labelled with d3's number format. */
export function linearTicks(lo: number, hi: number, count = 6): Tick[] {
  const s = scaleLinear().domain([lo, hi]);
  const ticks = s.ticks(count);
  // Plain decimals ("100", "0.0002") where they stay short; "~g" alone writes 100 on a step-50 axis as "1e+2".
  const plain = ticks.every((v) => v === 0 || (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e6));
  const fmt = s.tickFormat(count, plain ? "~r" : "~g");
  return ticks.map((v) => ({ at: v, label: fmt(v) }));
}
