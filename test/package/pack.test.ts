// What `npm pack` puts in the tarball, and that the tarball installs and works in a new project.
// Needs the full build (npm ci or npm test do it): dist/ with the bundles of scripts/bundle-browser.mjs and
// scripts/bundle-node.mjs.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string; version: string };
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

// The files the package promises by name: entry points, their types, the bundles, the wasm module they share,
// and the documents.
const NAMED = [
  "package.json",
  "README.md",
  "LICENSE",
  "CHANGELOG.md",
  "dist/index.js", // import "eoslab" (Node, bundlers)
  "dist/index.d.ts",
  "dist/eoslab.browser.js", // import "eoslab/browser", and "eoslab" under the browser condition
  "dist/eos-explorer.js", // import "eoslab/explorer": mountExplorer and <eos-explorer>
  "dist/browser/element.d.ts",
  "dist/wasm/binaries.js", // the wasm, once
  "dist/wasm/binaries.d.ts",
  "dist/cli.js", // bin: eoslab
  "dist/sweep-worker.js", // the sweep pool's worker (found next to dist/cli.js)
  "dist/piscina-worker.cjs", // piscina's thread entry, bundled
];
// Where the import graph starts: everything else in the package must be reached from these.
const ROOTS = ["dist/index.js", "dist/index.d.ts", "dist/eoslab.browser.js", "dist/eos-explorer.js", "dist/browser/element.d.ts", "dist/cli.js", "dist/sweep-worker.js"];

/** Every file reached from ROOTS by relative imports (`from "./x.js"`, `import("./x.js")`), with each module's .js and .d.ts. */
function reachable(): Set<string> {
  const seen = new Set<string>();
  const todo = [...ROOTS];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(join(root, file), "utf8");
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
      const target = posix.normalize(posix.join(posix.dirname(file), m[1]));
      const twins = target.endsWith(".js") ? [target, target.replace(/\.js$/, ".d.ts")] : [target];
      for (const t of twins) if (existsSync(join(root, t))) todo.push(t);
    }
    const twin = file.endsWith(".d.ts") ? file.replace(/\.d\.ts$/, ".js") : file.replace(/\.js$/, ".d.ts");
    if (file.startsWith("dist/") && existsSync(join(root, twin)) && !ROOTS.includes(file)) todo.push(twin);
  }
  return seen;
}

function packedFiles(): string[] {
  const out = execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const [entry] = JSON.parse(out) as { files: { path: string }[] }[];
  return entry.files.map((f) => f.path).sort();
}

describe("npm pack", () => {
  beforeAll(() => {
    for (const f of NAMED.filter((f) => f.startsWith("dist/"))) {
      if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run the full build (npm run build) first`);
    }
  });

  it("contains exactly the named files and the modules they import", () => {
    const files = packedFiles();
    const expected = new Set([...NAMED, ...reachable()]);
    expect(files.filter((f) => !expected.has(f))).toEqual([]); // shipped but not promised (stale or stray files)
    expect([...expected].filter((f) => !files.includes(f)).sort()).toEqual([]); // promised but missing
  }, 60_000);

  it("ships no wasm files, no CLI, sweep-pool or benchmark declarations, no tests or sources", () => {
    const files = packedFiles();
    const forbidden = files.filter(
      (f) => /\.wasm$|^build\/|^src\/|^test\/|^assembly\/|^scripts\/|^dist\/(cli|node|bench)\//.test(f) || /^dist\/(cli|sweep-worker|piscina-worker)\.d\.ts$/.test(f),
    );
    expect(forbidden).toEqual([]);
  }, 60_000);

  it("carries the wasm bytes in one file only", () => {
    const wasmStart = "AGFzbQ"; // base64 of "\0asm", the start of every wasm binary
    const holders = packedFiles().filter((f) => readFileSync(join(root, f), "utf8").includes(wasmStart));
    expect(holders).toEqual(["dist/wasm/binaries.js"]);
    expect(readFileSync(join(root, "dist/wasm/binaries.d.ts"), "utf8")).toMatch(/simdWasmBase64: string;/);
  }, 60_000);
});

describe("the tarball, installed in a new project", () => {
  let work = "";
  let project = "";
  let installLog = "";

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "eoslab-pack-"));
    project = join(work, "project");
    execFileSync(npm, ["pack", "--ignore-scripts", "--pack-destination", work], { cwd: root, stdio: "ignore" });
    const tarball = join(work, `${pkg.name}-${pkg.version}.tgz`);
    execFileSync("mkdir", [project]);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }));
    // --offline: the package has no dependencies, so the tarball is all npm needs.
    const r = spawnSync(npm, ["install", "--offline", "--no-audit", "--no-fund", tarball], { cwd: project, encoding: "utf8" });
    installLog = `${r.stdout}\n${r.stderr}`;
    if (r.status !== 0) throw new Error(`npm install of the tarball failed:\n${installLog}`);
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const node = (script: string): string =>
    execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: project, encoding: "utf8" });

  it("installs with no dependencies and no install-script warning", () => {
    expect(installLog).not.toMatch(/prepare|install-scripts|postinstall/i);
    expect(installLog).toMatch(/added 1 package/);
  });

  it("import 'eoslab' runs: initSync and a short deep-scalar run equal a plain GD loop", () => {
    const out = node(`
      import { initSync, deepScalar, runTrajectory } from "eoslab";
      initSync({ backend: "js" });
      const run = runTrajectory(deepScalar({ depth: 2, target: 1 }), { eta: 0.1, steps: 3, theta0: new Float64Array([0.5, 1.5]), record: { every: 1 } });
      console.log(JSON.stringify(run.final.loss));
    `);
    // The same three steps by hand: loss ½(ab − 1)², gradient (ab − 1)·(b, a).
    let [a, b] = [0.5, 1.5];
    for (let t = 0; t < 3; t++) {
      const r = a * b - 1;
      [a, b] = [a - 0.1 * r * b, b - 0.1 * r * a];
    }
    expect(JSON.parse(out)).toBeCloseTo(0.5 * (a * b - 1) ** 2, 14);
  }, 60_000);

  it("eoslab/browser and eoslab/explorer resolve to the bundles, with types for each", () => {
    const out = node(`
      console.log(import.meta.resolve("eoslab/browser"));
      console.log(import.meta.resolve("eoslab/explorer"));
      const b = await import("eoslab/browser");
      console.log(typeof b.init, typeof b.runTrajectory);
    `).trim().split("\n");
    expect(out[0]).toMatch(/node_modules\/eoslab\/dist\/eoslab\.browser\.js$/);
    expect(out[1]).toMatch(/node_modules\/eoslab\/dist\/eos-explorer\.js$/);
    expect(out[2]).toBe("function function");
    // Types: a consumer compiled with tsc --strict under nodenext sees all three entry points.
    writeFileSync(
      join(project, "use.ts"),
      `import { init, type Engine } from "eoslab";
import { runTrajectory } from "eoslab/browser";
import { mountExplorer, EosExplorerElement, type ExplorerHandle } from "eoslab/explorer";
export const uses: [typeof init, typeof runTrajectory, typeof mountExplorer, typeof EosExplorerElement] = [init, runTrajectory, mountExplorer, EosExplorerElement];
export type T = [Engine, ExplorerHandle];
`,
    );
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const r = spawnSync(
      process.execPath,
      [tsc, "--strict", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--lib", "es2022,dom", "use.ts"],
      { cwd: project, encoding: "utf8" },
    );
    expect(`${r.stdout}${r.stderr}`).toBe("");
    expect(r.status).toBe(0);
  }, 60_000);

  it("npx eoslab --help and --version work from the installed bin", () => {
    const help = execFileSync(npm, ["exec", "--offline", "--", "eoslab", "--help"], { cwd: project, encoding: "utf8" });
    expect(help).toMatch(/Usage: eoslab/);
    expect(help).toMatch(/\bsweep\b/);
    const version = execFileSync(join(project, "node_modules", ".bin", "eoslab"), ["--version"], { encoding: "utf8" });
    expect(version.trim()).toBe(pkg.version);
  }, 60_000);

  it("eoslab sweep runs its points on worker threads from the installed package, as the unbundled CLI does", () => {
    const bin = join(project, "node_modules", ".bin", "eoslab");
    const args = ["sweep", "--count", "4", "--steps", "1000", "--workers", "2", "--backend", "js", "--quiet"];
    execFileSync(bin, [...args, "--out", "installed"], { cwd: project, stdio: "ignore" });
    // The reference: the repository's tsc build of the same CLI (dist/cli/index.js, not bundled, not shipped).
    execFileSync(process.execPath, [join(root, "dist", "cli", "index.js"), ...args, "--out", "reference"], { cwd: project, stdio: "ignore" });
    const installed = readFileSync(join(project, "installed", "bifurcation.json"), "utf8");
    expect(JSON.parse(installed)).toBeTruthy();
    expect(installed).toBe(readFileSync(join(project, "reference", "bifurcation.json"), "utf8"));
  }, 120_000);
});
