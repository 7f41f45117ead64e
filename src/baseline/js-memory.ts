import type { GrowableMemory } from "../wasm/exports.js";

const PAGE = 65536;

/**
 * A JS stand-in for WebAssembly.Memory. Like the real one, growing replaces
 * the buffer, so views taken before a grow go stale: the engine's view
 * rebuilding is exercised by the JS backend exactly as by wasm.
 */
export class JsMemory implements GrowableMemory {
  private _buffer: ArrayBuffer;

  constructor(initialPages: number) {
    this._buffer = new ArrayBuffer(initialPages * PAGE);
  }

  get buffer(): ArrayBuffer {
    return this._buffer;
  }

  grow(pages: number): number {
    const old = this._buffer.byteLength / PAGE;
    const next = new ArrayBuffer((old + pages) * PAGE);
    new Uint8Array(next).set(new Uint8Array(this._buffer));
    this._buffer = next;
    return old;
  }
}
