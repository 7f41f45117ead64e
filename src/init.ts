import { createJsBackend } from "./baseline/js-backend.js";
import { Engine } from "./engine.js";
import { InvalidArgumentError, NotInitialisedError } from "./errors.js";
import type { BackendKind } from "./wasm/exports.js";
import { hasWebAssembly, instantiate, instantiateSync, simdSupported } from "./wasm/load.js";

/**
 * Options of {@link init} and {@link initSync}: which backend to load.
 *
 * @category Setup
 */
export interface InitOptions {
  /**
   * Force a backend. By default: "simd" if the engine validates the SIMD
   * build, else "wasm" (scalar), else "js" (pure-JS baseline).
   */
  backend?: BackendKind;
}

let current: Engine | undefined;

/**
 * The backend init() picks when none is forced.
 * @example
 * detectBackend(); // "simd" where WebAssembly SIMD is available, else "wasm" or "js"
 * @category Setup
 */
export function detectBackend(): BackendKind {
  if (!hasWebAssembly()) return "js";
  return simdSupported() ? "simd" : "wasm";
}

function chosen(opts: InitOptions): BackendKind {
  const kind = opts.backend ?? detectBackend();
  if (kind !== "simd" && kind !== "wasm" && kind !== "js") {
    throw new InvalidArgumentError(`unknown backend "${String(kind)}"; use "simd", "wasm" or "js"`);
  }
  return kind;
}

/**
 * Loads a backend and makes it the default engine. Safe on a browser's
 * main thread. Returns the engine, which can also be passed explicitly.
 *
 * @example const engine = await init(); // "simd" where supported
 * @category Setup
 */
export async function init(opts: InitOptions = {}): Promise<Engine> {
  checkInitOptions("init", opts);
  const kind = chosen(opts);
  const engine = new Engine(kind === "js" ? createJsBackend() : await instantiate(kind));
  current = engine;
  return engine;
}

/**
 * init(), synchronously: for Node, Web Workers and tests.
 * @example
 * const engine = initSync({ backend: "js" }); // no await: Node, Web Workers, tests
 * @category Setup
 */
export function initSync(opts: InitOptions = {}): Engine {
  checkInitOptions("initSync", opts);
  const kind = chosen(opts);
  const engine = new Engine(kind === "js" ? createJsBackend() : instantiateSync(kind));
  current = engine;
  return engine;
}

/**
 * The default engine: the last one init() or initSync() made.
 * @example
 * await init();
 * defaultEngine().kind; // the engine init() just made
 * @category Setup
 */
export function defaultEngine(): Engine {
  if (!current) throw new NotInitialisedError("eoslab is not initialised; call `await init()` (or initSync()) first");
  return current;
}

/** The engine to use: the one given, or the default. */
export function engineOr(engine: Engine | undefined): Engine {
  return engine ?? defaultEngine();
}

/** The options object, when given, must be an object; the message shows the one option there is. */
function checkInitOptions(fn: string, opts: unknown): void {
  if (opts === null || typeof opts !== "object" || Array.isArray(opts)) throw new InvalidArgumentError(`${fn}: options must be an object such as { backend: "js" }, or omitted`);
}
