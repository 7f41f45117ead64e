// Number formats of the explorer's controls and status line.

const SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** 10ᵏ for whole powers of ten from 10³ (the step choices), else the number with thousands separators. */
export function stepsLabel(n: number): string {
  const e = Math.log10(n);
  if (Number.isInteger(e) && e >= 3) return `10${SUP[e]}`;
  return n.toLocaleString("en-US");
}

/** `digits` significant digits, shortest form; "–" when not finite. */
export function fmt(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return "–";
  return String(Number(x.toPrecision(digits)));
}

/** 1.9·10⁷-style numbers for rates. */
export function sci(x: number): string {
  if (!Number.isFinite(x) || x <= 0) return "–";
  const e = Math.floor(Math.log10(x));
  if (e < 4) return fmt(x, 3);
  const digits = String(e).split("").map((d) => SUP[Number(d)]).join("");
  return `${(x / Math.pow(10, e)).toFixed(1)}·10${digits}`;
}
