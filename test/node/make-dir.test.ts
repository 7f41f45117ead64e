// makeDir: mkdir -p that returns (Node 20's recursive mkdir never returns under /proc).
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeDir } from "../../src/node/make-dir.js";

describe("makeDir", () => {
  const root = mkdtempSync(join(tmpdir(), "eoslab-mkdir-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  it("creates missing parents and accepts an existing directory", () => {
    const d = join(root, "a", "b", "c");
    makeDir(d);
    expect(statSync(d).isDirectory()).toBe(true);
    expect(() => makeDir(d)).not.toThrow();
  });
  it("throws, rather than hanging, where no directory can be made", () => {
    const file = join(root, "f");
    writeFileSync(file, "x");
    expect(() => makeDir(join(file, "sub"))).toThrow(/ENOTDIR|EEXIST/);
    if (existsSync("/proc/self")) expect(() => makeDir("/proc/eoslab-test/sub")).toThrow();
  });
});
