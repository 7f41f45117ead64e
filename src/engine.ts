import { InvalidArgumentError } from "./errors.js";
import { Arena } from "./wasm/arena.js";
import type { Backend, BackendKind, CoreExports, GrowableMemory } from "./wasm/exports.js";

/**
 * One loaded backend with its memory arena. Everything that runs kernels
 * takes an Engine; several engines (say, one per backend) can coexist.
 * @category Setup
 */
export class Engine {
  readonly kind: BackendKind;
  readonly exports: CoreExports;
  readonly memory: GrowableMemory;
  readonly arena: Arena;
  private view: Float64Array;

  constructor(backend: Backend) {
    if (backend === null || typeof backend !== "object" || typeof backend.exports?.heapBase !== "function" || typeof backend.memory?.buffer !== "object") throw new InvalidArgumentError("Engine: construct engines with init() or initSync(), not new Engine()");
    this.kind = backend.kind;
    this.exports = backend.exports;
    this.memory = backend.memory;
    this.arena = new Arena(this.memory, this.exports.heapBase());
    this.view = new Float64Array(this.memory.buffer);
  }

  /**
   * A Float64Array over all of memory, rebuilt whenever memory has grown.
   * Never keep it across an allocation: call f64() again afterwards.
   */
  f64(): Float64Array {
    if (this.view.buffer !== this.memory.buffer) this.view = new Float64Array(this.memory.buffer);
    return this.view;
  }

  /** Room for n f64 values; returns the byte pointer. */
  allocF64(n: number): number {
    return this.arena.alloc(n * 8);
  }

  /**
   * Throws WasmMemoryError unless `count` f64 values fit in what is left of
   * the 4 GiB wasm32 address space. Call it with a computation's whole
   * workspace (each entry point's `…Workspace` formula, next to its
   * allocations; see src/linalg/workspace-size.ts) before its first allocation.
   */
  requireF64(count: number, what: string, fix?: string): void {
    this.arena.require(count * 8, what, fix);
  }

  /** Whether `count` f64 values would fit now (see requireF64). */
  fitsF64(count: number): boolean {
    return this.arena.fits(count * 8);
  }

  /** Copies `src` into fresh arena memory; returns the byte pointer. */
  copyIn(src: ArrayLike<number>): number {
    const ptr = this.allocF64(src.length);
    this.f64().set(src, ptr >>> 3);
    return ptr;
  }

  /** A copy of n f64 values at `ptr`, safe to keep. */
  read(ptr: number, n: number): Float64Array {
    return this.f64().slice(ptr >>> 3, (ptr >>> 3) + n);
  }

  /** Writes `src` at `ptr`. */
  write(ptr: number, src: ArrayLike<number>): void {
    this.f64().set(src, ptr >>> 3);
  }

  /** Runs `fn` and then frees whatever it allocated from the arena. */
  scoped<T>(fn: () => T): T {
    const m = this.arena.mark();
    try {
      return fn();
    } finally {
      this.arena.release(m);
    }
  }
}
