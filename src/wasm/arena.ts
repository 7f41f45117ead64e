import { WasmMemoryError } from "../errors.js";
import type { GrowableMemory } from "./exports.js";

const PAGE = 65536;
/**
 * wasm32 addresses 2^32 bytes: 65536 pages.
 * @category Memory
 */
export const MAX_WASM_BYTES = 65536 * PAGE;
const ALIGN = 16;

/**
 * A bump allocator over the module's linear memory, owned by JS.
 *
 * Kernels never allocate (the AssemblyScript `stub` runtime never frees);
 * every buffer comes from here, 16-byte aligned so f64x2 loads are aligned.
 * Memory is returned in stack order: `mark()` before a computation,
 * `release(mark)` after it, so repeated runs reuse the same bytes and
 * memory stays flat. Growing the memory replaces its buffer: see
 * Engine.f64() for the view that follows it.
 * @category Memory
 */
export class Arena {
  private top: number;
  private highWater: number;

  constructor(private readonly memory: GrowableMemory, readonly base: number) {
    this.top = alignUp(base);
    this.highWater = this.top;
  }

  /** Reserves `bytes` (rounded up to 16) and returns the byte offset. */
  alloc(bytes: number): number {
    if (!Number.isFinite(bytes) || bytes < 0) throw new WasmMemoryError(`cannot allocate ${bytes} bytes`);
    const ptr = this.top;
    const end = ptr + alignUp(bytes);
    if (end > MAX_WASM_BYTES) {
      throw new WasmMemoryError(
        `this problem needs ${(end / 2 ** 30).toFixed(2)} GiB of wasm memory, over the 4 GiB a wasm32 module can address; use a smaller problem`,
      );
    }
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      try {
        this.memory.grow(pages);
      } catch {
        throw new WasmMemoryError(`the engine could not grow wasm memory to ${(end / 2 ** 20).toFixed(0)} MiB; use a smaller problem`);
      }
    }
    this.top = end;
    if (end > this.highWater) this.highWater = end;
    return ptr;
  }

  /** Whether `bytes` more (in up to 64 blocks) fit below 4 GiB now; true for a non-finite count (see require). */
  fits(bytes: number): boolean {
    return !Number.isFinite(bytes) || this.top + bytes + 64 * ALIGN <= MAX_WASM_BYTES;
  }

  /**
   * Throws WasmMemoryError unless `bytes` more (in up to 64 blocks) fit
   * below 4 GiB on top of what is in use now. Entry points call this with
   * their whole workspace before allocating anything, so a problem that
   * cannot fit fails at once, with memory untouched. A non-finite `bytes`
   * (sizes not validated yet) is left to the caller's own validation.
   */
  require(bytes: number, what: string, fix?: string): void {
    if (!this.fits(bytes)) throw tooLarge(this.top + bytes + 64 * ALIGN, what, fix);
  }

  /** The current top, to pass to release(). */
  mark(): number {
    return this.top;
  }

  /** Frees everything allocated since `mark` was taken. */
  release(mark: number): void {
    if (mark < alignUp(this.base) || mark > this.top) throw new RangeError(`bad arena mark ${mark}`);
    this.top = mark;
  }

  /** Bytes currently in use above the base. */
  get used(): number {
    return this.top - alignUp(this.base);
  }

  /** The highest top ever reached: memory never shrinks below it. */
  get peak(): number {
    return this.highWater;
  }
}

/** The one-line error for a workspace ending at byte `end` > 4 GiB. */
export function tooLarge(end: number, what: string, fix = "use a smaller problem"): WasmMemoryError {
  return new WasmMemoryError(`${what} needs ${(end / 2 ** 30).toFixed(2)} GiB of wasm memory, over the 4 GiB a wasm32 module can address; ${fix}`);
}

/**
 * Throws WasmMemoryError unless `bytes` would fit in a fresh engine (above its
 * 1 KiB static data, with the alignment allowance). For checks made before an
 * engine exists, e.g. by the CLI before it builds a start point.
 */
export function requireWasm32(bytes: number, what: string, fix?: string): void {
  const end = 2048 + bytes;
  if (Number.isFinite(bytes) && end > MAX_WASM_BYTES) throw tooLarge(end, what, fix);
}

function alignUp(x: number): number {
  return Math.ceil(x / ALIGN) * ALIGN;
}
