// Node bundles (esbuild), run by `npm run build:node` after tsc, so that the
// package has no runtime dependencies:
//   dist/cli.js               the `eoslab` command (src/cli/index.ts) with
//                             commander, cli-progress, piscina and src/cli,
//                             src/node, src/bench inside. It imports the
//                             library from dist/ (e.g. "./codim1/run.js")
//                             instead of inlining it, so the package carries
//                             one copy of the library and of the wasm.
//   dist/sweep-worker.js      the sweep pool's worker (src/node/sweep-worker.ts):
//                             sweepWorkerFile() looks for it next to the
//                             running file, and that is dist/cli.js.
//   dist/piscina-worker.cjs   piscina's own thread entry. piscina starts each
//                             thread from a file beside its code; bundled, its
//                             code is dist/cli.js, so the file is put there
//                             under this name (and piscina is told the name).
//   dist/vendor/<pkg>.js      d3-scale and d3-shape, which src/plot uses: the
//                             functions the library imports, bundled, and
//                             dist/plot/*.js rewritten to import them from here.
// Finally it checks that nothing the package ships imports a bare package name.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import * as esbuild from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const dist = `${root}dist`;
const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8"));

// The library: every src/ file that src/index.ts reaches. Those stay as tsc
// built them, in dist/, and the bundles import them from there.
const graph = await esbuild.build({
  entryPoints: [`${root}src/index.ts`],
  bundle: true,
  write: false,
  metafile: true,
  format: "esm",
  platform: "neutral",
  mainFields: ["module", "main"],
  absWorkingDir: root,
  logLevel: "warning",
});
const library = new Set(Object.keys(graph.metafile.inputs).filter((f) => f.startsWith("src/")).map((f) => resolve(root, f)));

/** An import of a library module becomes an import of its compiled file in dist/, relative to the bundle (in dist/). */
const libraryExternal = {
  name: "library-external",
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      const abs = resolve(args.resolveDir, args.path).replace(/\.js$/, ".ts");
      if (!library.has(abs)) return undefined;
      return { path: `./${relative(`${root}src`, abs).replace(/\.ts$/, ".js")}`, external: true };
    });
  },
};

/** Replaces one exact piece of a dependency's source, failing the build if it is not there exactly once. */
function patch(name, fileFilter, from, to) {
  return {
    name,
    setup(build) {
      build.onLoad({ filter: fileFilter }, (args) => {
        const text = readFileSync(args.path, "utf8");
        if (text.split(from).length !== 2) {
          return { errors: [{ text: `${name}: expected ${JSON.stringify(from)} once in ${args.path}; the dependency changed, update scripts/bundle-node.mjs` }] };
        }
        return { contents: text.replace(from, to), loader: args.path.endsWith(".ts") ? "ts" : "js" };
      });
    },
  };
}

// piscina starts its threads from resolve(__dirname, 'worker.js'); bundled, that is dist/piscina-worker.cjs.
const piscinaWorkerName = patch(
  "piscina-worker-name",
  /piscina[\\/]dist[\\/]index\.js$/,
  "(0, node_path_1.resolve)(__dirname, 'worker.js')",
  "(0, node_path_1.resolve)(__dirname, 'piscina-worker.cjs')",
);
// `eoslab --version` says the package's version.
const cliVersion = {
  name: "cli-version",
  setup(build) {
    build.onLoad({ filter: /src[\\/]cli[\\/]program\.ts$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      const re = /\.version\("[^"]*"\)/g;
      if ((text.match(re) ?? []).length !== 1) return { errors: [{ text: `cli-version: expected one .version("…") in ${args.path}` }] };
      return { contents: text.replace(re, `.version(${JSON.stringify(pkg.version)})`), loader: "ts" };
    });
  },
};
// In the sweep worker, piscina's workerData is node:worker_threads' workerData (piscina's worker copies it from there).
const piscinaWorkerData = {
  name: "piscina-worker-data",
  setup(build) {
    build.onResolve({ filter: /^piscina$/ }, () => ({ path: "piscina", namespace: "piscina-worker-data" }));
    build.onLoad({ filter: /.*/, namespace: "piscina-worker-data" }, () => ({
      contents: 'export { workerData } from "node:worker_threads";',
      loader: "js",
    }));
  },
};

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  absWorkingDir: root,
  logLevel: "warning",
  legalComments: "inline",
};
// CommonJS dependencies bundled into ESM call require() and read __dirname.
const esmBanner = [
  'import { createRequire as __eoslabCreateRequire } from "node:module";',
  'import { fileURLToPath as __eoslabFileURLToPath } from "node:url";',
  "const require = __eoslabCreateRequire(import.meta.url);",
  "const __filename = __eoslabFileURLToPath(import.meta.url);",
  'const __dirname = __filename.slice(0, __filename.lastIndexOf("/"));',
].join("\n");

await esbuild.build({
  ...common,
  format: "esm",
  entryPoints: ["src/cli/index.ts"],
  outfile: "dist/cli.js",
  banner: { js: esmBanner }, // after the entry's own #! line
  plugins: [libraryExternal, piscinaWorkerName, cliVersion],
});
chmodSync(`${dist}/cli.js`, 0o755);
await esbuild.build({
  ...common,
  format: "esm",
  entryPoints: ["src/node/sweep-worker.ts"],
  outfile: "dist/sweep-worker.js",
  plugins: [libraryExternal, piscinaWorkerData],
});
await esbuild.build({
  ...common,
  format: "cjs",
  entryPoints: ["node_modules/piscina/dist/worker.js"],
  outfile: "dist/piscina-worker.cjs",
  // Optional, and only loaded when a pool asks for a nice value (ours never does).
  external: ["@napi-rs/nice"],
});

// d3: each bare import in the library's compiled files becomes an import of dist/vendor/<pkg>.js.
const libraryFiles = [...library].map((f) => join(dist, relative(`${root}src`, f)).replace(/\.ts$/, ".js"));
// (A file this script already rewrote imports "../vendor/<pkg>.js": read as <pkg>, so a second run changes nothing.)
const bareImport = /^import \{([^}]*)\} from "((?:\.\.?\/)+vendor\/[^"]+\.js|[^".][^"]*)";$/gm;
const packageOf = (spec) => spec.replace(/^(?:\.\.?\/)+vendor\/(.+)\.js$/, "$1");
const used = new Map();
for (const file of libraryFiles) {
  for (const [, names, imported] of readFileSync(file, "utf8").matchAll(bareImport)) {
    const spec = packageOf(imported);
    if (spec.startsWith("node:")) continue;
    const set = used.get(spec) ?? new Set();
    for (const n of names.split(",").map((s) => s.trim()).filter(Boolean)) set.add(n);
    used.set(spec, set);
  }
}
mkdirSync(`${dist}/vendor`, { recursive: true });
for (const [spec, names] of used) {
  await esbuild.build({
    ...common,
    platform: "neutral",
    mainFields: ["module", "main"],
    format: "esm",
    minify: true,
    stdin: { contents: `export { ${[...names].sort().join(", ")} } from ${JSON.stringify(spec)};`, resolveDir: root, loader: "js" },
    outfile: `dist/vendor/${spec}.js`,
  });
}
for (const file of libraryFiles) {
  const text = readFileSync(file, "utf8");
  const out = text.replace(bareImport, (line, names, imported) => {
    const spec = packageOf(imported);
    if (spec.startsWith("node:")) return line;
    let rel = relative(dirname(file), `${dist}/vendor/${spec}.js`);
    if (!rel.startsWith(".")) rel = `./${rel}`;
    return `import {${names}} from "${rel}";`;
  });
  if (out !== text) writeFileSync(file, out);
}

// The check: no shipped file imports a package (Node built-ins aside).
const shipped = [...libraryFiles, `${dist}/cli.js`, `${dist}/sweep-worker.js`, `${dist}/piscina-worker.cjs`];
const bad = [];
for (const file of shipped) {
  const text = readFileSync(file, "utf8");
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\b[^;"']*?\bfrom\s*["']([^"']+)["']/gm),
    ...text.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
    ...text.matchAll(/\b(?:require|import)\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => m[1]);
  for (const spec of specs) {
    if (spec.startsWith(".")) continue;
    if (spec.startsWith("node:") || spec === "@napi-rs/nice" || isBuiltin(spec)) continue;
    bad.push(`${relative(root, file)} imports "${spec}"`);
  }
}
if (bad.length) {
  console.error(`bundle-node: the package would need runtime dependencies:\n  ${bad.join("\n  ")}`);
  process.exit(1);
}
console.log(`node bundles: dist/cli.js, dist/sweep-worker.js, dist/piscina-worker.cjs; vendored: ${[...used.keys()].join(", ") || "nothing"}`);

function isBuiltin(spec) {
  return builtinModules.includes(spec.split("/")[0]);
}
