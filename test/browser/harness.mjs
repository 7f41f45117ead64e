// The pieces both browser suites (run.browser.mjs: the explorer; views.browser.mjs: the <eos-view> views) share:
// Debian's Chromium launched through playwright-core on a throw-away profile, the static server of
// scripts/serve-demo.mjs, a page opener that collects page errors, and a tiny test runner that ends with
// "N passed, N failed". Plain node, not vitest, so `npm test` stays browser-free.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "../../scripts/serve-demo.mjs";

export const root = fileURLToPath(new URL("../../", import.meta.url));
export const shots = join(root, "screenshots");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"];

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

/**
 * Serves the repository and opens Chromium on a fresh profile (removed on every exit, a crash or a failed test
 * included). `ignoreConsole` matches console errors that are not page errors (a 404 a test asks for on purpose).
 * `isolate`: serve with COOP/COEP (cross-origin isolated pages). `openPage` also takes a full URL (another server).
 */
export async function openBrowser({ profilePrefix, viewport, ignoreConsole = null, isolate = false }) {
  const server = await serveStatic({ root, isolate });
  const userDataDir = mkdtempSync(join(tmpdir(), profilePrefix));
  process.on("exit", () => rmSync(userDataDir, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport, deviceScaleFactor: 1 });
  const pageErrors = [];
  async function openPage(path, size) {
    const page = await context.newPage();
    if (size) await page.setViewportSize(size);
    page.on("pageerror", (e) => pageErrors.push(`${path}: ${e.stack ?? e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" && !ignoreConsole?.test(m.text())) pageErrors.push(`${path}: console: ${m.text()}`);
    });
    await page.goto(new URL(path, server.url).href);
    return page;
  }
  async function close() {
    await context.close();
    await server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  return { server, context, pageErrors, openPage, close };
}

/** `test(name, fn)` registers a test; EOS_ONLY=<regex> keeps only the matching ones (and those marked `always`). */
export function testRegistry() {
  const tests = [];
  const only = process.env.EOS_ONLY ? new RegExp(process.env.EOS_ONLY, "i") : null;
  const test = (name, fn, { always = false } = {}) => {
    if (!only || always || only.test(name)) tests.push({ name, fn });
  };
  return { tests, test };
}

/** Runs the tests one after another, closes the browser, prints "<label>N passed, N failed" and exits 1 on a failure. */
export async function runTests(tests, browser, label = "") {
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    const t0 = Date.now();
    try {
      // A hung test fails on its own instead of stalling the suite (generous: a loaded machine is slow).
      let timer;
      await Promise.race([t.fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timed out after 180 s")), 180_000)))]);
      clearTimeout(timer);
      passed++;
      console.log(`  ✓ ${t.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`  ✗ ${t.name} (${Date.now() - t0} ms)\n    ${String(e?.stack ?? e).split("\n").slice(0, 3).join("\n    ")}`);
    }
  }
  await browser.close();
  console.log(`${label}${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
