// Browser bundles (esbuild), run by `npm run build:bundle` after tsc:
//   dist/eoslab.browser.js   the library (src/index.ts) as one ESM file
//                            (`eoslab/browser`, and what `import … from
//                            "eoslab"` gives a bundler through the "browser"
//                            export condition).
//   dist/eos-explorer.js     the explorer (`eoslab/explorer`): mountExplorer()
//                            and the <eos-explorer> element, uPlot and the CSS
//                            inside, and its module worker inlined as a string
//                            (it is started from a Blob URL).
//   dist/eos-views.js        the <eos-view> element (catapult, sharpening and regime-map views,
//                            src/browser/views/), with its own worker inlined the same way.
//   dist/browser/*.d.ts      the explorer's types (tsconfig.browser.json emits
//                            them to build/browser-types; the ones element.d.ts
//                            reaches are copied here).
//   demo/build/              a copy of the explorer and the views for demo/ (with their wasm).
// The wasm bytes ship once: neither bundle inlines src/wasm/binaries.ts; both
// import "./wasm/binaries.js", the module the Node entry uses too, which sits
// next to them in dist/. The worker gets the bytes from the explorer's main
// thread, which prefixes its source text with them (see inlineWorker below).
// Every bundle fails if anything imports a Node built-in ("node:fs", "path", …):
// nothing Node-only may leak into what browsers load.
import { builtinModules } from "node:module";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
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

/** The wasm module stays outside every bundle: an import of "./wasm/binaries.js" next to the bundle in dist/. */
const sharedWasm = {
  name: "shared-wasm",
  setup(build) {
    build.onResolve({ filter: /\/binaries\.js$/ }, (args) =>
      resolve(args.resolveDir, args.path) === `${root}src/wasm/binaries.js` ? { path: "./wasm/binaries.js", external: true } : undefined,
    );
  },
};

/** In the worker, the wasm module reads the bytes the explorer's main thread put in front of the worker's source. */
const wasmFromPrefix = {
  name: "wasm-from-prefix",
  setup(build) {
    build.onResolve({ filter: /\/binaries\.js$/ }, (args) =>
      resolve(args.resolveDir, args.path) === `${root}src/wasm/binaries.js` ? { path: "binaries", namespace: "wasm-from-prefix" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "wasm-from-prefix" }, () => ({
      // threadsWasmBase64: reached through the data models' runs (gd-linear.ts); never loaded in a browser worker, where
      // threads are unavailable (threadsUnavailable: no worker_threads), so the bytes are not shipped: undefined.
      contents:
        "export const simdWasmBase64 = globalThis.__eoslabWasm.simd; export const scalarWasmBase64 = globalThis.__eoslabWasm.scalar; export const threadsWasmBase64 = globalThis.__eoslabWasm.threads;",
      loader: "js",
    }));
  },
};

function report(file) {
  const bytes = readFileSync(file);
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`  ${file.replace(root, "")}  ${kb(bytes.length)}  (gzip ${kb(gzipSync(bytes).length)})`);
}

// Type-check the browser-only code (tsconfig.json leaves src/browser out); its
// declarations go to build/browser-types.
const typesDir = `${root}build/browser-types`;
rmSync(typesDir, { recursive: true, force: true });
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
await esbuild.build({ ...common, entryPoints: ["src/index.ts"], outfile: "dist/eoslab.browser.js", plugins: [noNodeImports, sharedWasm] });

/**
 * Builds a worker entry in memory and returns a plugin that gives its source text, prefixed with the wasm bytes, as
 * the module `virtual:<name>` (the explorer and the views start it from a Blob URL).
 */
async function inlineWorker(name, entry) {
  const worker = await esbuild.build({ ...common, entryPoints: [entry], write: false, plugins: [noNodeImports, wasmFromPrefix] });
  const source = worker.outputFiles[0].text;
  const plugin = {
    name: `inline-${name}`,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^virtual:${name}$`) }, () => ({ path: name, namespace: `inline-${name}` }));
      build.onLoad({ filter: /.*/, namespace: `inline-${name}` }, () => ({
        contents: `import { simdWasmBase64, scalarWasmBase64 } from ${JSON.stringify(`${root}src/wasm/binaries.js`)};
export default "globalThis.__eoslabWasm = " + JSON.stringify({ simd: simdWasmBase64, scalar: scalarWasmBase64 }) + ";\\n" + ${JSON.stringify(source)};`,
        loader: "js",
        resolveDir: `${root}src/wasm`,
      }));
    },
  };
  return { plugin, bytes: source.length };
}

/** Builds an element's bundle with the CSS as text and its worker (built first, in memory) inlined. */
async function bundleElement(entry, outfile, workerName, workerEntry) {
  const worker = await inlineWorker(workerName, workerEntry);
  await esbuild.build({ ...common, entryPoints: [entry], outfile, loader: { ".css": "text" }, plugins: [noNodeImports, sharedWasm, worker.plugin] });
  return worker;
}

// 2. The explorer with its worker inside, and 3. the views (<eos-view>: catapult, sharpening, regime map;
// src/browser/views/) with their own worker inlined the same way.
const explorerWorker = await bundleElement("src/browser/element.ts", "dist/eos-explorer.js", "eos-worker", "src/browser/worker.ts");
await bundleElement("src/browser/views/view-element.ts", "dist/eos-views.js", "eos-view-worker", "src/browser/views/view-worker.ts");

// 4. The explorer's types: element.d.ts and what it imports from src/browser/
// (the library's own .d.ts are in dist/ already, from tsc).
rmSync(`${root}dist/browser`, { recursive: true, force: true });
const pending = [`${typesDir}/browser/element.d.ts`];
const copied = new Set();
while (pending.length) {
  const file = pending.pop();
  if (copied.has(file)) continue;
  copied.add(file);
  const target = join(`${root}dist`, relative(typesDir, file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
  for (const m of readFileSync(file, "utf8").matchAll(/from\s+"(\.[^"]+)\.js"/g)) {
    const next = resolve(dirname(file), `${m[1]}.d.ts`);
    if (next.startsWith(`${typesDir}/browser/`)) pending.push(next);
    else if (!existsSync(join(`${root}dist`, relative(typesDir, next)))) {
      console.error(`bundle-browser: ${relative(typesDir, file)} imports ${m[1]}.js, which tsc did not put in dist/`);
      process.exit(1);
    }
  }
}

// 5. The demo's copy: demo/ can be hosted as it is.
mkdirSync(`${root}demo/build/wasm`, { recursive: true });
copyFileSync(`${root}dist/eos-explorer.js`, `${root}demo/build/eos-explorer.js`);
copyFileSync(`${root}dist/eos-views.js`, `${root}demo/build/eos-views.js`);
copyFileSync(`${root}dist/wasm/binaries.js`, `${root}demo/build/wasm/binaries.js`);

console.log("browser bundles:");
report(`${root}dist/eoslab.browser.js`);
report(`${root}dist/eos-explorer.js`);
report(`${root}dist/eos-views.js`);
report(`${root}dist/wasm/binaries.js`);
console.log(`  (the explorer's inlined worker: ${(explorerWorker.bytes / 1024).toFixed(1)} KiB; both bundles import the wasm from dist/wasm/binaries.js)`);
