// The API reference (npm run docs) is generated from doc comments, so a missing comment is a missing page.
// This test reads the public export list of src/index.ts with the TypeScript compiler API (no TypeDoc run
// needed) and fails when an exported function has no summary or no @example, or when any export has no
// summary or no @category (the reference groups every export by category).
import { describe, expect, it } from "vitest";
import ts from "typescript";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const entry = path.join(root, "src/index.ts");

interface ExportDoc {
  name: string;
  kind: "function" | "class" | "interface" | "type" | "variable" | "other";
  file: string;
  summary: string;
  tags: Map<string, string>;
}

/** Every symbol exported from src/index.ts, resolved through re-exports to its declaration. */
function exportDocs(): ExportDoc[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, "tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); },
  });
  if (!parsed) throw new Error("cannot read tsconfig.json");
  const program = ts.createProgram([entry], { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  if (!source) throw new Error("src/index.ts is not in the program");
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error("src/index.ts has no module symbol");
  return checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const s = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = s.declarations?.[0];
    let kind: ExportDoc["kind"] =
      s.flags & ts.SymbolFlags.Function ? "function"
      : s.flags & ts.SymbolFlags.Class ? "class"
      : s.flags & ts.SymbolFlags.Interface ? "interface"
      : s.flags & ts.SymbolFlags.TypeAlias ? "type"
      : s.flags & ts.SymbolFlags.Variable ? "variable"
      : "other";
    // A const holding an arrow function is a function to its callers, so it needs an example too.
    if (kind === "variable" && decl && checker.getTypeOfSymbolAtLocation(s, decl).getCallSignatures().length > 0) kind = "function";
    const tags = new Map<string, string>();
    for (const t of s.getJsDocTags(checker)) tags.set(t.name, ts.displayPartsToString(t.text ?? []).trim());
    return {
      name: exported.name,
      kind,
      file: decl ? path.relative(root, decl.getSourceFile().fileName) : "?",
      summary: ts.displayPartsToString(s.getDocumentationComment(checker)).trim(),
      tags,
    };
  });
}

const docs = exportDocs();
const describeExport = (e: ExportDoc) => `${e.name} (${e.kind}, ${e.file})`;

describe("API reference doc comments", () => {
  it("finds the public API (the export list is read, not empty)", () => {
    expect(docs.length).toBeGreaterThan(100);
    const names = new Set(docs.map((e) => e.name));
    for (const known of ["init", "runTrajectory", "runData", "Engine", "EoslabError"]) expect(names.has(known), known).toBe(true);
    expect(docs.filter((e) => e.kind === "function").length).toBeGreaterThan(50);
  }, 60_000);

  it("every exported function has a summary and a non-empty @example", () => {
    const missing = docs
      .filter((e) => e.kind === "function")
      .filter((e) => e.summary === "" || !e.tags.has("example") || e.tags.get("example") === "")
      .map((e) => `${describeExport(e)}: ${e.summary === "" ? "no doc comment" : "no @example"}`);
    expect(missing).toEqual([]);
  });

  it("every export has at least a summary line", () => {
    expect(docs.filter((e) => e.summary === "").map(describeExport)).toEqual([]);
  });

  it("every export names a @category, so the reference is grouped", () => {
    expect(docs.filter((e) => !e.tags.get("category")).map(describeExport)).toEqual([]);
  });
});
