import { BackendLoadError } from "../errors.js";
import { scalarWasmBase64, simdWasmBase64 } from "./binaries.js";
import { decodeBase64 } from "./decode-base64.js";
import type { Backend, CoreExports } from "./exports.js";

let simdBytes: Uint8Array | undefined;
let scalarBytes: Uint8Array | undefined;

/** The embedded bytes of one wasm build (decoded once, then cached). */
export function wasmBytes(kind: "simd" | "wasm"): Uint8Array {
  if (kind === "simd") return (simdBytes ??= decodeBase64(simdWasmBase64));
  return (scalarBytes ??= decodeBase64(scalarWasmBase64));
}

/** Whether this engine has WebAssembly at all. */
export function hasWebAssembly(): boolean {
  return typeof WebAssembly === "object" && typeof WebAssembly.instantiate === "function";
}

/**
 * Whether this engine can run the SIMD build. The probe validates the SIMD
 * binary itself, which is exactly what will be instantiated.
 */
export function simdSupported(): boolean {
  return hasWebAssembly() && WebAssembly.validate(wasmBytes("simd") as BufferSource);
}

const imports = {
  env: {
    // AssemblyScript calls this on an internal error (no user input reaches it).
    abort(_msg: number, _file: number, line: number, col: number): never {
      throw new BackendLoadError(`wasm core aborted at assembly line ${line}:${col}; this is a bug in eoslab`);
    },
  },
};

function toBackend(kind: "simd" | "wasm", instance: WebAssembly.Instance): Backend {
  const ex = instance.exports as unknown as CoreExports & { memory: WebAssembly.Memory };
  return { kind, memory: ex.memory, exports: ex };
}

function loadError(kind: string, e: unknown): BackendLoadError {
  const why = e instanceof Error ? e.message : String(e);
  return new BackendLoadError(
    `could not load the ${kind} wasm core (${why}); try init({ backend: "wasm" }) or init({ backend: "js" })`,
  );
}

/** Compiles and instantiates one build asynchronously (fine on a browser main thread). */
export async function instantiate(kind: "simd" | "wasm"): Promise<Backend> {
  try {
    const { instance } = await WebAssembly.instantiate(wasmBytes(kind) as BufferSource, imports);
    return toBackend(kind, instance);
  } catch (e) {
    throw loadError(kind, e);
  }
}

/**
 * Compiles and instantiates synchronously. Browsers refuse synchronous
 * compilation of large modules on the main thread: use it in Node or in a
 * Web Worker, and init() elsewhere.
 */
export function instantiateSync(kind: "simd" | "wasm"): Backend {
  try {
    const module = new WebAssembly.Module(wasmBytes(kind) as BufferSource);
    return toBackend(kind, new WebAssembly.Instance(module, imports));
  } catch (e) {
    throw loadError(kind, e);
  }
}
