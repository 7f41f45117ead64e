import { describe, expect, it } from "vitest";
import { WasmMemoryError } from "../../src/index.js";
import { BACKENDS, engines } from "../engines.js";

describe("arena and views", () => {
  const eng = engines();
  for (const b of BACKENDS) {
    it(`hands out 16-byte-aligned blocks and rebuilds views after memory.grow (${b})`, () => {
      const e = eng[b];
      const m = e.arena.mark();
      const p = e.copyIn([1, 2, 3]);
      expect(p % 16).toBe(0);
      const q = e.allocF64(1);
      expect(q % 16).toBe(0);
      expect(q - p).toBe(32);
      const before = e.memory.buffer.byteLength;
      const big = e.allocF64(1 << 20); // 8 MiB: forces growth
      expect(e.memory.buffer.byteLength).toBeGreaterThan(before);
      e.f64()[(big >>> 3) + 5] = 42;
      expect(e.read(p, 3)).toEqual(new Float64Array([1, 2, 3]));
      expect(e.read(big + 40, 1)[0]).toBe(42);
      e.arena.release(m);
      expect(e.arena.mark()).toBe(m);
    });
  }

  it("refuses more than 4 GiB before allocating anything", () => {
    const e = eng.simd;
    const size = e.memory.buffer.byteLength;
    expect(() => e.allocF64(2 ** 29 + 1)).toThrow(WasmMemoryError);
    expect(e.memory.buffer.byteLength).toBe(size);
  });
});
