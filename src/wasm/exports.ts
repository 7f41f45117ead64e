/**
 * The interface of the core module: every function exported by assembly/
 * (both wasm builds) and mirrored by the pure-JS backend (src/baseline/).
 * Pointers are byte offsets into the backend's memory; lengths are element
 * counts; all data is f64. Keep this in step with assembly/index.ts.
 */
export interface CoreExports {
  /** First byte after the module's static data; the arena starts above it. */
  heapBase(): number;
  /** Σ x[i]·y[i], i < n. */
  dot(n: number, x: number, y: number): number;
}

/** Which implementation runs the kernels. */
export type BackendKind = "simd" | "wasm" | "js";

/** The part of WebAssembly.Memory the engine uses; the JS backend imitates it. */
export interface GrowableMemory {
  readonly buffer: ArrayBuffer;
  /** Adds `pages` 64 KiB pages; returns the previous size in pages. */
  grow(pages: number): number;
}

/** A loaded backend: its memory and its kernels. */
export interface Backend {
  readonly kind: BackendKind;
  readonly memory: GrowableMemory;
  readonly exports: CoreExports;
}
