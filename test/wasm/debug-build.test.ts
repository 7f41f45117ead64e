// The debug wasm build (asconfig target debug-simd: assertions on, unoptimised, build/debug/eoslab.simd.wasm, made by
// `npm run build:wasm:debug` and by `npm run build`). It must compute exactly what the release builds compute — the
// same kernel checks as kernels.test.ts and dot.test.ts, with the release SIMD and JS backends required to give
// its bits, and whole entry points byte for byte — and its assertions must really be on (the release build has
// none). The embedded binaries (src/wasm/binaries.ts) stay the release ones; this file loads the debug one itself.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine.js";
import { deepScalar, gdLinear, lanczosTopGram, runTrajectory, singularValues, symmetricEigen } from "../../src/index.js";
import type { CoreExports } from "../../src/wasm/exports.js";
import { engines, randomArray } from "../engines.js";
import { dotChecks, kernelChecks } from "./kernel-checks.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const DEBUG_WASM = join(root, "build/debug/eoslab.simd.wasm");

/** Newest modification time under assembly/ and of asconfig.json: the debug binary must be at least as new. */
function newestSource(): number {
  let t = statSync(join(root, "asconfig.json")).mtimeMs;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) t = Math.max(t, statSync(p).mtimeMs);
    }
  };
  walk(join(root, "assembly"));
  return t;
}

/** An assertion failure inside the core: AssemblyScript passes the message and file as its own UTF-16 strings. */
class CoreAbort extends Error {}

/** Instantiates the debug binary as an Engine; its abort import throws CoreAbort with the assertion's message. */
function debugEngine(bytes: Uint8Array): Engine {
  let memory: WebAssembly.Memory | undefined;
  const text = (ptr: number): string => {
    if (!memory || ptr === 0) return "";
    const bytesLen = new Uint32Array(memory.buffer, ptr - 4, 1)[0];
    return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, bytesLen >>> 1));
  };
  const imports = {
    env: {
      abort(msg: number, file: number, line: number, col: number): never {
        throw new CoreAbort(`${text(msg)} (${text(file)}:${line}:${col})`);
      },
    },
  };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), imports);
  const ex = instance.exports as unknown as CoreExports & { memory: WebAssembly.Memory };
  memory = ex.memory;
  return new Engine({ kind: "simd", memory: ex.memory, exports: ex });
}

const rel = engines();
let debug: Engine;

beforeAll(() => {
  // CI builds it with `npm run build`; a bare `vitest run` after editing assembly/ rebuilds it here.
  if (!existsSync(DEBUG_WASM) || statSync(DEBUG_WASM).mtimeMs < newestSource()) {
    execFileSync(process.execPath, [join(root, "node_modules/assemblyscript/bin/asc.js"), "assembly/index.ts", "--target", "debug-simd"], { cwd: root, stdio: "pipe", timeout: 120_000 });
  }
  debug = debugEngine(readFileSync(DEBUG_WASM));
}, 180_000);

// Debug first: it is the one held to the plain-loop references; release SIMD and JS must then give its bits.
kernelChecks("debug build", () => [debug, rel.simd, rel.js]);
dotChecks("debug build", () => [debug, rel.simd, rel.js]);

describe("debug build", () => {
  it("is not the release build: it imports abort, which only its assertions call", () => {
    const bytes = readFileSync(DEBUG_WASM);
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes));
    expect(imports.map((i) => `${i.module}.${i.name}`)).toEqual(["env.abort"]);
  });

  it("stops on a misaligned pointer, a negative length and overlapping axpy operands, where the release build says nothing", () => {
    debug.scoped(() => {
      const p = debug.copyIn(randomArray(9, 1));
      expect(() => debug.exports.dot(4, p + 4, p)).toThrow(/not 8-byte aligned/);
      expect(() => debug.exports.scal(-1, 2, p)).toThrow(/negative f64 count/);
      expect(() => debug.exports.axpy(4, 1, p, p + 8)).toThrow(/partly overlap/);
      expect(() => debug.exports.gemv(-1, 3, 1, p, p, 0, p)).toThrow(/negative dimension/);
      // In range and aligned: no complaint.
      expect(debug.exports.dot(4, p, p + 8)).toBeTypeOf("number");
    });
    const e = rel.simd;
    e.scoped(() => {
      const p = e.copyIn(randomArray(9, 1));
      expect(() => e.exports.dot(4, p + 4, p)).not.toThrow();
      expect(() => e.exports.scal(-1, 2, p)).not.toThrow();
    });
  });

  it("gives the release build's bytes on whole entry points (GD loop, deep-scalar run with λ(θ), Lanczos, SVD)", () => {
    const bitsOf = (x: unknown): bigint[] => {
      const out: number[] = [];
      const walk = (v: unknown) => {
        if (typeof v === "number") out.push(v);
        else if (ArrayBuffer.isView(v) || Array.isArray(v)) Array.from(v as ArrayLike<unknown>).forEach(walk);
        else if (v !== null && typeof v === "object") for (const k of Object.keys(v).sort()) walk((v as Record<string, unknown>)[k]);
      };
      walk(x);
      return Array.from(new BigUint64Array(Float64Array.from(out).buffer));
    };
    const X = randomArray(13 * 37, 5);
    const cases: ((e: Engine) => unknown)[] = [
      (engine) => gdLinear(X, randomArray(13, 6), 13, 37, { eta: 0.02, steps: 300, theta0: randomArray(37, 7), engine }),
      (engine) => runTrajectory(deepScalar({ depth: 4 }), { eta: 0.4, steps: 3000, theta0: [1.3, 1, 0.9, 0.8], record: { every: 100 }, engine }),
      (engine) => lanczosTopGram(X, 13, 37, { engine }),
      (engine) => singularValues(X, 13, 37, { engine }),
    ];
    for (const run of cases) {
      const want = bitsOf(run(rel.simd));
      expect(want.length).toBeGreaterThan(0);
      expect(bitsOf(run(debug))).toEqual(want);
    }
    // And the core's symmetric eigensolver, against the library's (same rotations, docs/design.md §3).
    const a = randomArray(25, 3);
    for (let i = 0; i < 5; i++) for (let j = 0; j < i; j++) a[i * 5 + j] = a[j * 5 + i];
    const core = debug.scoped(() => {
      const pa = debug.copyIn(a), pd = debug.allocF64(5);
      debug.exports.symEigJacobi(5, pa, pd, 60);
      return debug.read(pd, 5).sort((x, y) => y - x);
    });
    expect(Array.from(core)).toEqual(Array.from(symmetricEigen(a, 5).values));
  });
});
