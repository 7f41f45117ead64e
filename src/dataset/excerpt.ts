// Safe echoes of untrusted input in error messages, and the JSON depth guard. A bad cell may be megabytes long or
// hold control characters (a terminal escape, a newline that would break the one-line message), so messages quote
// at most a short excerpt with every control character escaped.
import { DataFormatError, InvalidArgumentError } from "../errors.js";

/** Longest excerpt of a bad cell quoted in a message, in characters (code points) before the "…". */
export const EXCERPT_CHARS = 40;

/**
 * The first `max` code points of `s` with control characters (C0, DEL, C1, U+2028/9) written as \n, \t, \r or
 * \xNN / \uNNNN, a backslash as \\, and "…" when cut. No quotes: callers add them.
 *
 * @example excerpt("a\u0000b") // "a\\x00b"
 */
export function excerpt(s: string, max = EXCERPT_CHARS): string {
  let out = "", k = 0;
  for (const ch of s) {
    if (k++ === max) return out + "…";
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c === 0x2028 || c === 0x2029) out += "\\u" + c.toString(16);
    else out += ch;
  }
  return out;
}

/** `s` as a double-quoted excerpt, e.g. "five". */
export function quoted(s: string, max = EXCERPT_CHARS): string {
  return `"${excerpt(s, max)}"`;
}

/**
 * A short JSON-like description of a parsed JSON value for a message: numbers and literals as written, strings
 * quoted and clipped, arrays and objects shown to two levels then "…". Never recursive beyond that, so a deeply
 * nested value cannot overflow the stack (JSON.stringify would).
 */
export function describeJson(v: unknown, level = 0): string {
  if (v === null) return "null";
  if (typeof v === "string") return quoted(v);
  if (typeof v !== "object") return excerpt(String(v));
  if (level >= 2) return Array.isArray(v) ? "[…]" : "{…}";
  let parts: string[];
  if (Array.isArray(v)) parts = v.slice(0, 4).map((x) => describeJson(x, level + 1)).concat(v.length > 4 ? ["…"] : []);
  else {
    const keys = Object.keys(v as object);
    parts = keys.slice(0, 4).map((k) => `${quoted(k, 20)}: ${describeJson((v as Record<string, unknown>)[k], level + 1)}`).concat(keys.length > 4 ? ["…"] : []);
  }
  const text = Array.isArray(v) ? `[${parts.join(", ")}]` : `{${parts.join(", ")}}`;
  return text.length > 2 * EXCERPT_CHARS ? text.slice(0, 2 * EXCERPT_CHARS) + "…" : text;
}

/**
 * Deepest nesting of arrays and objects a JSON input may have. Data files need 3 levels ({"X": [[…]]}), point
 * files 2; 64 leaves room for any sensible wrapper while keeping every later step (messages, copies) shallow.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Throws DataFormatError when `text` nests arrays/objects more than `max` levels deep. A linear scan with a
 * counter (strings skipped, escapes honoured), so it cannot itself overflow the stack, and runs before JSON.parse.
 */
export function checkJsonDepth(text: string, source: string, expected: string, max = MAX_JSON_DEPTH): void {
  let depth = 0, inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) throw new DataFormatError(`${source}: arrays and objects nested more than ${max} levels deep (at character ${i + 1}); expected ${expected}`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

/** A value's kind in words, for an argument of the wrong type: "null", "an array", "a symbol", … */
export function kindOfValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  const t = typeof v;
  return t === "undefined" ? "undefined" : `${/^[aeiou]/.test(t) ? "an" : "a"} ${t}`;
}

/** The name an API caller gave an input for messages: `fallback` when absent, InvalidArgumentError when not a string. */
export function sourceName(v: unknown, fallback: string): string {
  if (v === undefined) return fallback;
  if (typeof v !== "string") throw new InvalidArgumentError(`${fallback}: the name given for messages must be a string, got ${kindOfValue(v)}`);
  return v;
}
