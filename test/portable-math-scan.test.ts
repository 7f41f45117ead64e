// Every model must give the same bits in Node and in the browser (docs/determinism-and-memory.md), and ECMAScript
// lets engines round Math.exp, Math.log, Math.tanh, Math.sin, Math.pow, … differently (V8 versions do, in the last
// bit). So the folders whose numbers feed runs call src/linalg/portable-math.ts instead. This test reads their
// source with TypeScript's parser (comments and strings do not count) and fails on any such call, and on `a ** b`
// unless b is the literal 2 (x·x, exact in every engine) or both sides are literals (a constant like 2 ** 32).
// Calls that only shape output (a guide line on a plot) are listed in ALLOWED with the reason.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));
/** The folders whose arithmetic ends up in a run's trajectory or its recorded numbers. */
const SCANNED = ["models", "data", "experiments", "codim1", "random", "theory", "series", "observe"];
/** Math functions that are exactly rounded by IEEE 754 (or exact) and so the same in every engine. */
const PORTABLE = new Set(["abs", "sqrt", "floor", "ceil", "round", "trunc", "sign", "min", "max", "fround", "imul", "clz32", "random", "PI", "E", "LN2", "LN10", "LOG2E", "LOG10E", "SQRT2", "SQRT1_2"]);
/** "file:function or ** — why it may stay": output only, never a run's input. */
const ALLOWED = new Map<string, string>([
  ["experiments/paper.ts:Math.pow", "referenceSlope draws a c·t^a guide line on a log–log plot: a picture, not a number any run uses"],
]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(n) && !n.endsWith(".d.ts") ? [p] : [];
  });
}

interface Hit { file: string; what: string; line: number }
/** The non-portable calls in one file's text, named `rel`. */
function scan(rel: string, text: string): Hit[] {
  const sf = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true);
  const hits: Hit[] = [];
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const literal = (n: ts.Node) => ts.isNumericLiteral(n) || (ts.isParenthesizedExpression(n) && literal(n.expression)) || (ts.isPrefixUnaryExpression(n) && ts.isNumericLiteral(n.operand));
  const visit = (n: ts.Node): void => {
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "Math" && !PORTABLE.has(n.name.text)) {
      hits.push({ file: rel, what: `Math.${n.name.text}`, line: line(n) });
    }
    if (ts.isElementAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "Math") hits.push({ file: rel, what: "Math[…]", line: line(n) });
    if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken || n.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskEqualsToken)) {
      const square = ts.isNumericLiteral(n.right) && n.right.text === "2";
      if (!square && !(literal(n.left) && literal(n.right))) hits.push({ file: rel, what: "**", line: line(n) });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return hits;
}

describe("models and runs use only portable arithmetic", () => {
  const hits = SCANNED.flatMap((d) => files(join(SRC, d))).flatMap((f) => scan(relative(SRC, f).split("\\").join("/"), readFileSync(f, "utf8")));

  it("no Math.exp/log/tanh/sin/pow/… (nor a ** b) outside the allow-list", () => {
    const bad = hits.filter((h) => !ALLOWED.has(`${h.file}:${h.what}`)).map((h) => `src/${h.file}:${h.line} ${h.what}`);
    expect(bad, "use src/linalg/portable-math.ts (docs/determinism-and-memory.md)").toEqual([]);
  });

  it("every allow-list entry is still needed (a stale entry would hide a new call)", () => {
    const used = new Set(hits.map((h) => `${h.file}:${h.what}`));
    expect([...ALLOWED.keys()].filter((k) => !used.has(k))).toEqual([]);
  });

  it("the scan sees what it must: a planted call in a parsed snippet is found, one in a comment or string is not", () => {
    const snippet = "// Math.tanh(1)\nconst s = 'Math.exp(1)';\nconst a = Math.tanh(s.length) + 3 ** 2 + x ** 2 + x ** y + Math.abs(x) + Math['log'](2);";
    expect(scan("snippet.ts", snippet).map((h) => `${h.what}@${h.line}`)).toEqual(["Math.tanh@3", "**@3", "Math[…]@3"]);
    // And the real scan reads the model files at all: the tanh MLP calls portableTanh.
    expect(readFileSync(join(SRC, "models/data-networks.ts"), "utf8")).toContain("portableTanh(");
  });
});
