// `npm run demo` serves the pages cross-origin isolated (COOP same-origin, COEP require-corp), which a browser needs
// before it grants SharedArrayBuffer; the browser tests' server (isolate false) sends neither. The explorer page
// says whether it got isolation, and so whether gdLinearAsync can run two threads there or only one.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without types
import { serveStatic } from "../../scripts/serve-demo.mjs";

async function headersOf(isolate: boolean): Promise<Headers> {
  const server = await serveStatic({ root: "demo", isolate });
  try {
    const res = await fetch(`${server.url}index.html`);
    await res.text();
    return res.headers;
  } finally {
    await server.close();
  }
}

describe("demo server isolation", () => {
  it("sends COOP/COEP when asked, and not otherwise", async () => {
    const on = await headersOf(true);
    expect(on.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(on.get("cross-origin-embedder-policy")).toBe("require-corp");
    const off = await headersOf(false);
    expect(off.get("cross-origin-opener-policy")).toBeNull();
    expect(off.get("cross-origin-embedder-policy")).toBeNull();
  });

  it("the explorer page reports threads from crossOriginIsolated", () => {
    const html = readFileSync("demo/index.html", "utf8");
    expect(html).toContain('id="threads-status"');
    expect(html).toMatch(/crossOriginIsolated[\s\S]*two threads[\s\S]*one thread/);
  });
});
