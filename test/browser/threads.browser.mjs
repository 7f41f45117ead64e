// `npm run test:browser` (after the explorer and views suites) or `node test/browser/threads.browser.mjs` alone:
// gdLinearAsync in Debian's Chromium (docs/engine.md, "Two threads for one large trajectory"). test/browser/threads.html
// is served twice: cross-origin isolated (COOP same-origin, COEP require-corp), where threads: 2 must run on two
// workers on the page's main thread and inside a module worker, with the bits of gdLinear on one thread (SIMD and JS
// engines) in the same page and of Node's dist/index.js; and without those headers, where it must fall back to one
// thread and say why. Needs `npm run build:ts && npm run build:bundle`. Ends with "N passed, N failed".
//
// EOS_THREADS_TIMING=n×d×steps×reps (e.g. 1000x4000x100x5) only times two against one thread in the isolated page
// and prints the wall times (docs/engine.md quotes such a run).
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { assert, openBrowser, root, runTests, testRegistry } from "./harness.mjs";
import { serveStatic } from "../../scripts/serve-demo.mjs";
import { b64, problem } from "./threads-case.mjs";

for (const f of ["dist/index.js", "dist/eoslab.browser.js"]) {
  if (!existsSync(join(root, f))) {
    console.error(`missing ${f}: run \`npm run build:ts && npm run build:bundle\` first`);
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
}

const { tests, test } = testRegistry();
const browser = await openBrowser({ profilePrefix: "eoslab-threads-", viewport: { width: 900, height: 600 }, isolate: true });
// The same files without COOP/COEP, on a second port (another origin, so the isolated one is not reused).
const plain = await serveStatic({ root });
const closeBrowser = browser.close;
browser.close = async () => {
  await closeBrowser();
  await plain.close();
};

const node = await import(join(root, "dist/index.js"));
const nodeJs = node.initSync({ backend: "js" });

async function threadsPage(url) {
  const p = await browser.openPage(url);
  await p.waitForFunction(() => window.eosThreads !== undefined, null, { timeout: 60_000 });
  return p;
}

/** The same run in Node on one thread and the JS engine: the page's bits must be these. */
function nodeBits({ n, d, steps, c, every = 1, space = "parameter" }) {
  const { X, y, eta } = problem(node, n, d, c);
  const r = node.gdLinear(X, y, n, d, { eta, steps, recordEvery: every, threads: 1, space, engine: nodeJs });
  return { theta: b64(r.theta), loss: b64(r.loss), summary: r.summary };
}

function checkTwo(r, c, where) {
  const what = `${where}, ${c.n}×${c.d}, ${c.steps} steps${c.space ? `, ${c.space} space` : ""}`;
  assert(r.threads === 2, `${what}: ran on ${r.threads} thread(s): ${r.threadsNote}`);
  assert(r.threadsNote === null, `${what}: threadsNote ${r.threadsNote}`);
  assert(r.sameAsOneThread, `${what}: not the bits of gdLinear threads: 1 in the same page`);
  assert(r.sameAsJs, `${what}: not the bits of the JS engine in the same page`);
  assert(/one thread.*use gdLinearAsync/.test(r.syncThreads ?? ""), `${what}: gdLinear threads: 2 says ${r.syncThreads}`);
  const ref = nodeBits(c);
  assert(r.theta === ref.theta && r.loss === ref.loss, `${what}: θ or the losses differ from Node's bits`);
  assert(JSON.stringify(r.summary) === JSON.stringify(ref.summary), `${what}: summary ${JSON.stringify(r.summary)}, Node ${JSON.stringify(ref.summary)}`);
}

const CASES = [
  { n: 64, d: 300, steps: 60, c: 1 },
  { n: 33, d: 1001, steps: 40, c: 1.5, every: 7 },
  // Diverges: the same first non-finite step and last finite θ.
  { n: 33, d: 1001, steps: 2000, c: 200, every: 10 },
  // The residual-space loop on two threads (rows of K = XXᵀ split), converging and diverging.
  { n: 33, d: 1001, steps: 40, c: 1.5, every: 7, space: "residual" },
  { n: 40, d: 120, steps: 400, c: 200, space: "residual" },
];

const timing = process.env.EOS_THREADS_TIMING;
if (timing) {
  const [n, d, steps, reps] = timing.split("x").map(Number);
  test(`timing ${timing}`, async () => {
    const p = await threadsPage("test/browser/threads.html");
    for (const threads of [1, 2, 1, 2]) {
      const load = loadavg()[0].toFixed(2);
      const t = await p.evaluate((c) => window.eosThreads.time(c), { n, d, steps, threads, reps });
      const sorted = [...t.ms].sort((a, b) => a - b);
      console.log(`  ${n}×${d}, ${steps} steps, threads ${threads} (ran on ${t.threads}): median ${sorted[sorted.length >> 1].toFixed(0)} ms of [${t.ms.map((x) => x.toFixed(0)).join(", ")}], load average ${load}`);
    }
    await p.close();
  });
} else {
  test("isolated page: gdLinearAsync threads: 2 on the main thread runs two workers, with one thread's bits", async () => {
    const p = await threadsPage("test/browser/threads.html");
    assert(await p.evaluate(() => window.eosThreads.isolated), "the page is not cross-origin isolated");
    for (const c of CASES) {
      const r = await p.evaluate((c) => window.eosThreads.run(c), c);
      checkTwo(r, c, "main thread");
      assert((r.summary.firstNonFiniteStep !== null) === (c.c > 2), `${c.n}×${c.d} at c = ${c.c}: firstNonFiniteStep ${r.summary.firstNonFiniteStep}`);
    }
    // steps = 0: θ₀ = 0 and the loss at θ₀.
    const z = await p.evaluate(() => window.eosThreads.run({ n: 7, d: 13, steps: 0, c: 1 }));
    checkTwo(z, { n: 7, d: 13, steps: 0, c: 1 }, "main thread");
    await p.close();
  });

  test("isolated page: gdLinearAsync threads: 2 inside a module worker runs two nested workers, with one thread's bits", async () => {
    const p = await threadsPage("test/browser/threads.html");
    for (const c of [CASES[0], CASES[1], CASES[3]]) checkTwo(await p.evaluate((c) => window.eosThreads.inWorker(c), c), c, "module worker");
    await p.close();
  });

  test("page without COOP/COEP: gdLinearAsync falls back to one thread and says why", async () => {
    const p = await threadsPage(`${plain.url}test/browser/threads.html`);
    assert(!(await p.evaluate(() => window.eosThreads.isolated)), "the plain server's page is cross-origin isolated");
    const c = CASES[0];
    const r = await p.evaluate((c) => window.eosThreads.run(c), c);
    assert(r.threads === 1, `ran on ${r.threads} threads without isolation`);
    assert(/one thread.*cross-origin isolated/.test(r.threadsNote ?? ""), `threadsNote: ${r.threadsNote}`);
    assert(/one thread.*cross-origin isolated/.test(r.syncThreads ?? ""), `gdLinear's threadsNote: ${r.syncThreads}`);
    assert(r.sameAsOneThread && r.sameAsJs, "the fallback run is not gdLinear's one-thread run");
    const ref = nodeBits(c);
    assert(r.theta === ref.theta && r.loss === ref.loss, "the fallback run differs from Node's bits");
    await p.close();
  });

  test("the explorer page's threads line tells the two cases apart", async () => {
    const status = async (url) => {
      const p = await browser.openPage(url);
      await p.waitForFunction(() => document.getElementById("threads-status")?.textContent, null, { timeout: 60_000 });
      const t = await p.locator("#threads-status").innerText();
      await p.close();
      return t;
    };
    const on = await status("demo/index.html");
    assert(/two threads available/.test(on), `isolated: ${on}`);
    const off = await status(`${plain.url}demo/index.html`);
    assert(/one thread/.test(off) && /not cross-origin isolated/.test(off), `not isolated: ${off}`);
  });
}

test("no page errors", async () => {
  assert(browser.pageErrors.length === 0, browser.pageErrors.join("\n"));
}, { always: true });

await runTests(tests, browser, "threads: ");
