// The layering rule of docs/design.md §6, as a test: imports between src/
// folders only go downward, the folder graph has no cycle, and browser-safe
// code never reaches Node-only code. Imports are read with TypeScript's own
// pre-processor (static imports, re-exports and dynamic import()), so a
// comment or a string that looks like an import does not count.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, normalize, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));

/**
 * Layers, lowest first. A folder may import folders of its own layer or of
 * lower layers only; within a layer the folder graph must still be acyclic.
 * Files directly in src/ count as the folder of their base name.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["errors", "check-args", "wasm", "engine", "baseline", "init"], // core
  ["linalg", "series", "fits", "dataset", "random"], // basics
  ["models"], // definitions only
  ["theory"], // pure formulas
  ["observe"], // labels any series
  ["codim1", "data"], // one folder per model family
  ["experiments", "seed", "plot", "bench", "cluster"], // on top of the library (cluster: Slurm script text)
  ["index"], // the library's public entry
  ["node"], // Node-only file I/O and the sweep pool
  ["cli", "browser"], // the two front ends
];

/** Folders that must run in a browser: everything except these. */
const NODE_ONLY = new Set(["node", "cli"]);
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const rank = new Map<string, number>();
LAYERS.forEach((layer, i) => layer.forEach((f) => rank.set(f, i)));

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.ts$/.test(name) && !name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

function folderOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0] : parts[0].replace(/\.ts$/, "");
}

interface Edge { from: string; to: string; file: string; spec: string }

function collect(): { edges: Edge[]; nodeImports: { file: string; spec: string }[]; folders: Set<string> } {
  const edges: Edge[] = [];
  const nodeImports: { file: string; spec: string }[] = [];
  const folders = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    folders.add(from);
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const ref of info.importedFiles) {
      const spec = ref.fileName;
      if (spec.startsWith(".")) {
        const target = normalize(join(dirname(file), spec));
        if (!target.startsWith(SRC)) continue;
        const to = folderOf(target.replace(/\.js$/, ".ts"));
        if (to !== from) edges.push({ from, to, file: relative(SRC, file), spec });
      } else if (NODE_BUILTINS.has(spec)) {
        nodeImports.push({ file: relative(SRC, file), spec });
      }
    }
  }
  return { edges, nodeImports, folders };
}

/** The folders on one cycle of the folder graph, or null if it is acyclic. */
export function findCycle(edges: readonly { from: string; to: string }[]): string[] | null {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, new Set());
    next.get(e.from)!.add(e.to);
  }
  const state = new Map<string, 1 | 2>(); // 1 on the stack, 2 done
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    state.set(n, 1);
    stack.push(n);
    for (const m of next.get(n) ?? []) {
      if (state.get(m) === 1) return [...stack.slice(stack.indexOf(m)), m];
      if (!state.has(m)) {
        const c = visit(m);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(n, 2);
    return null;
  };
  for (const n of next.keys()) {
    if (!state.has(n)) {
      const c = visit(n);
      if (c) return c;
    }
  }
  return null;
}

describe("layout (docs/design.md §6)", () => {
  const { edges, nodeImports, folders } = collect();

  it("reads a real import graph", () => {
    // Guards the test itself: if the reader found nothing, every rule below would pass vacuously.
    expect(edges.length).toBeGreaterThan(100);
    expect(edges.some((e) => e.from === "codim1" && e.to === "models")).toBe(true);
  });

  it("places every src/ folder in a layer", () => {
    const unplaced = [...folders].filter((f) => !rank.has(f));
    expect(unplaced, "add new folders to LAYERS in test/layout.test.ts").toEqual([]);
  });

  it("imports only go downward between folders", () => {
    const upward = edges
      .filter((e) => rank.get(e.to)! > rank.get(e.from)!)
      .map((e) => `${e.file} imports ${e.spec} (${e.from} is below ${e.to})`);
    expect(upward).toEqual([]);
  });

  it("has no cycle between folders", () => {
    expect(findCycle(edges)).toBeNull();
  });

  it("keeps browser-safe code away from Node-only code", () => {
    const bad = [
      ...edges.filter((e) => !NODE_ONLY.has(e.from) && NODE_ONLY.has(e.to)).map((e) => `${e.file} imports ${e.spec}`),
      ...nodeImports.filter((n) => !NODE_ONLY.has(folderOf(join(SRC, n.file)))).map((n) => `${n.file} imports ${n.spec}`),
    ];
    expect(bad).toEqual([]);
  });

  it("lets CLI commands share modules, never import each other", () => {
    const cross = [];
    for (const file of sourceFiles(join(SRC, "cli", "commands"))) {
      for (const ref of ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles) {
        const target = normalize(join(dirname(file), ref.fileName));
        if (ref.fileName.startsWith(".") && dirname(target) === dirname(file)) cross.push(`${relative(SRC, file)} imports ${ref.fileName}`);
      }
    }
    expect(cross).toEqual([]);
  });
});

describe("findCycle", () => {
  it("finds a cycle and accepts a DAG", () => {
    expect(findCycle([{ from: "a", to: "b" }, { from: "b", to: "c" }, { from: "c", to: "a" }])).toEqual(["a", "b", "c", "a"]);
    expect(findCycle([{ from: "a", to: "b" }, { from: "a", to: "c" }, { from: "b", to: "c" }])).toBeNull();
  });
});
