// Browser bundles (esbuild), run by `npm run build:bundle` after tsc:
//   dist/eoslab.browser.js   the library (src/index.ts) as one ESM file, the
//                            wasm embedded as base64 (src/wasm/binaries.ts);
//                            what `import … from "eoslab"` gives a bundler
//                            through the "browser" export condition.
//   demo/build/eos-explorer.js  the explorer: mountExplorer() and the
//                            <eos-explorer> element, uPlot and the CSS inside,
//                            and its module worker inlined as a string (it is
//                            started from a Blob URL), so the one file is all
//                            a page needs.
// Every bundle fails if anything imports a Node built-in ("node:fs", "path", …):
// nothing Node-only may leak into what browsers load.
import { builtinModules } from "node:module";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const builtins = new Set(builtinModules);

/** Fails the build on any import of a Node built-in, naming the importer. */
const noNodeImports = {
  name: "no-node-imports",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      const bare = args.path.replace(/^node:/, "").split("/")[0];
      if (args.path.startsWith("node:") || (builtins.has(bare) && !args.path.startsWith("."))) {
        return {
          errors: [
            {
              text: `Node-only import "${args.path}" in ${args.importer.replace(root, "")}: the browser bundle must not depend on Node built-ins; move that code out of the browser import graph (e.g. into src/cli/)`,
            },
          ],
        };
      }
      return undefined;
    });
  },
};

const common = {
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  legalComments: "inline",
  logLevel: "warning",
  plugins: [noNodeImports],
  absWorkingDir: root,
};

function report(file) {
  const bytes = readFileSync(file);
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`  ${file.replace(root, "")}  ${kb(bytes.length)}  (gzip ${kb(gzipSync(bytes).length)})`);
}

// Type-check the browser-only code (tsconfig.json leaves src/browser out).
try {
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "-p", `${root}tsconfig.browser.json`], {
    stdio: "inherit",
  });
} catch {
  console.error("bundle-browser: type errors in the browser code (tsconfig.browser.json), see above");
  process.exit(1);
}

mkdirSync(`${root}dist`, { recursive: true });
mkdirSync(`${root}demo/build`, { recursive: true });

// 1. The library.
await esbuild.build({ ...common, entryPoints: ["src/index.ts"], outfile: "dist/eoslab.browser.js" });

// 2. The worker, kept in memory, then 3. the explorer with the worker inside.
const worker = await esbuild.build({ ...common, entryPoints: ["src/browser/worker.ts"], write: false });
const workerSource = worker.outputFiles[0].text;
const inlineWorker = {
  name: "inline-worker",
  setup(build) {
    build.onResolve({ filter: /^virtual:eos-worker$/ }, () => ({ path: "eos-worker", namespace: "inline-worker" }));
    build.onLoad({ filter: /.*/, namespace: "inline-worker" }, () => ({
      contents: `export default ${JSON.stringify(workerSource)};`,
      loader: "js",
    }));
  },
};
await esbuild.build({
  ...common,
  entryPoints: ["src/browser/element.ts"],
  outfile: "demo/build/eos-explorer.js",
  loader: { ".css": "text" },
  plugins: [noNodeImports, inlineWorker],
});

console.log("browser bundles:");
report(`${root}dist/eoslab.browser.js`);
report(`${root}demo/build/eos-explorer.js`);
console.log(`  (of which the inlined worker: ${(workerSource.length / 1024).toFixed(1)} KiB)`);
