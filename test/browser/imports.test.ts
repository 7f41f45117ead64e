// Browser code never reaches Node-only code (docs/design.md §6): following
// every static import from the explorer's files and the views' (every .ts
// under src/browser/, subfolders such as src/browser/views/ included), no module under src/node/
// and no Node built-in ("node:fs", "path", …) is ever reached. The bundle
// script catches built-ins too, but only at build time and not src/node/.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const browserDir = join(root, "src/browser");
const builtins = new Set(builtinModules);

/** The module specifiers a TypeScript file imports or re-exports (static and dynamic). */
function specifiers(file: string): string[] {
  const src = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of src.matchAll(/\b(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm)) {
    out.push((m[1] ?? m[2] ?? m[3])!);
  }
  return out;
}

/** Every file reached from `entries`, with the edge that first reached it; bare packages are kept as leaves. */
function importGraph(entries: string[]): { files: Map<string, string>; bare: Map<string, string> } {
  const files = new Map<string, string>();
  const bare = new Map<string, string>();
  const todo = entries.map((f) => [f, "(entry)"] as const);
  for (const [f, from] of todo) files.set(f, from);
  while (todo.length) {
    const [file] = todo.pop()!;
    for (const spec of specifiers(file)) {
      if (!spec.startsWith(".")) {
        if (!bare.has(spec)) bare.set(spec, relative(root, file));
        continue;
      }
      const target = resolve(dirname(file), spec.replace(/\.js$/, ".ts"));
      if (!target.endsWith(".ts") || files.has(target)) continue; // .css and other assets
      files.set(target, relative(root, file));
      todo.push([target, relative(root, file)]);
    }
  }
  return { files, bare };
}

/** Every .ts file under `dir`, subfolders included (declaration files are not code). */
function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return f.endsWith(".ts") && !f.endsWith(".d.ts") ? [p] : [];
  });
}

describe("the explorer's import graph", () => {
  const entries = tsFiles(browserDir);
  const { files, bare } = importGraph(entries);

  it("reaches the library (so the check is not vacuous)", () => {
    const reached = [...files.keys()].map((f) => relative(root, f));
    expect(reached).toContain("src/codim1/predict-run.ts");
    expect(reached).toContain("src/experiments/starts.ts");
    expect(reached.length).toBeGreaterThan(entries.length + 10);
    // The views' files are entries too, and what only they import is reached (the catapult experiment).
    expect(entries.map((f) => relative(root, f))).toContain("src/browser/views/view-worker.ts");
    expect(reached).toContain("src/experiments/catapult.ts");
  });

  it("never reaches src/node/", () => {
    const bad = [...files].filter(([f]) => relative(root, f).startsWith("src/node/")).map(([f, from]) => `${relative(root, f)} (from ${from})`);
    expect(bad).toEqual([]);
  });

  it("never imports a Node built-in", () => {
    const bad = [...bare].filter(([spec]) => spec.startsWith("node:") || builtins.has(spec.split("/")[0]!)).map(([spec, from]) => `${spec} (from ${from})`);
    expect(bad).toEqual([]);
  });
});
