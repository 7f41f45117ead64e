// `npm run test:browser`: the explorer and the bundle in a real browser
// (Debian's /usr/bin/chromium, driven by playwright-core). A plain node
// script, not a vitest file, so `npm test` stays browser-free.
// Needs a full `npm run build` first (dist/, dist/eoslab.browser.js, demo/build/).
// Screenshots go to screenshots/ (git-ignored). Ends with "N passed, N failed".
import { chromium } from "playwright-core";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "../../scripts/serve-demo.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const shots = join(root, "screenshots");
mkdirSync(shots, { recursive: true });
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-quic",
  "--disable-sync",
];

for (const f of ["dist/index.js", "dist/eoslab.browser.js", "demo/build/eos-explorer.js"]) {
  if (!existsSync(join(root, f))) {
    console.error(`missing ${f}: run \`npm run build\` first`);
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
}

// ---------- a tiny harness ----------
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// ---------- shared state ----------
const server = await serveStatic({ root });
const userDataDir = mkdtempSync(join(tmpdir(), "eoslab-chromium-"));
// Removed on every exit, a crash or a failed test included, not only after the last test.
process.on("exit", () => rmSync(userDataDir, { recursive: true, force: true }));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM,
  headless: true,
  args: ARGS,
  viewport: { width: 1360, height: 900 },
  deviceScaleFactor: 1,
});
const pageErrors = [];
async function openPage(path, viewport) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  page.on("pageerror", (e) => pageErrors.push(`${path}: ${e.stack ?? e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") pageErrors.push(`${path}: console: ${m.text()}`);
  });
  await page.goto(new URL(path, server.url).href);
  return page;
}

const node = await import(join(root, "dist/index.js"));
node.initSync();

/** Waits until the explorer's current run has finished and returns it, with the series as base64 of the f64 bytes. */
async function finishedRun(page) {
  await page.waitForFunction(() => window.eosExplorer?.lastRun()?.done === true, null, { timeout: 120_000 });
  return page.evaluate(() => {
    const r = window.eosExplorer.lastRun();
    const b64 = (a) => {
      const u = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      let s = "";
      for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]);
      return btoa(s);
    };
    const series = {};
    for (const [k, a] of Object.entries(r.series)) series[k] = b64(a.subarray(0, r.length));
    return { config: r.config, plan: Array.from(r.plan), length: r.length, chunks: r.chunks, series, report: r.report };
  });
}

/** Waits until no bifurcation diagram is being computed (its button is disabled meanwhile). */
async function bifurcationDrawn(p) {
  await p.waitForFunction(() => ![...document.querySelectorAll(".eos-explorer button")].some((b) => b.disabled), null, { timeout: 60_000 });
  await p.waitForTimeout(100);
}

/** The same run in Node, through the public API of dist/index.js. */
function nodeRun(cfg, plan) {
  const model = node.deepScalar({ depth: cfg.depth, target: cfg.target });
  return node.runTrajectory(model, {
    eta: cfg.eta,
    steps: cfg.steps,
    theta0: Float64Array.from(cfg.theta0),
    record: { steps: plan },
  });
}

function compareBytes(label, browser, nodeResult) {
  const keys = ["step", "loss", "thetaPerp", "distPar", "lambdaPar", "lambdaAt"];
  for (const k of keys) {
    const a = Buffer.from(browser.series[k], "base64");
    const arr = nodeResult.series[k];
    const b = Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength);
    assert(a.length === b.length, `${label}: ${k} has ${a.length / 8} records in the browser, ${b.length / 8} in Node`);
    if (!a.equals(b)) {
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      const j = Math.floor(i / 8);
      throw new Error(`${label}: ${k}[${j}] differs: browser ${a.readDoubleLE(j * 8)} vs Node ${b.readDoubleLE(j * 8)}`);
    }
  }
  const n = browser.length;
  console.log(`    ${label}: ${n} records × 6 series, ${n * 6 * 8} bytes: bit-identical to Node`);
}

// ---------- the tests ----------
let page;

test("the explorer page loads, starts its worker on the SIMD core, and finishes the default run", async () => {
  page = await openPage("demo/index.html");
  const backend = await page.evaluate(() => window.eosExplorer.backend());
  assert(backend === "simd", `worker backend is ${backend}, expected simd in Chromium`);
  const run = await finishedRun(page);
  assert(run.length > 100, `only ${run.length} records`);
  const steps = Array.from(new Float64Array(Buffer.from(run.series.step, "base64").buffer.slice(0)));
  for (let i = 1; i < steps.length; i++) assert(steps[i] > steps[i - 1], `steps not increasing at record ${i}: ${steps[i - 1]}, ${steps[i]}`);
  assert(steps.at(-1) === run.config.steps, `last record is step ${steps.at(-1)}, not ${run.config.steps}`);
  const figures = await page.locator(".eos-figure canvas").count();
  assert(figures >= 5, `expected 5 plots, found ${figures}`);
});

for (const preset of ["critical", "supercritical", "subcritical"]) {
  test(`${preset} preset: the browser's trajectory is bit-identical to Node's`, async () => {
    await page.click(`button[data-preset=${preset}]`);
    await page.waitForFunction((p) => window.eosExplorer.lastRun()?.config && location.search.includes("eta="), preset);
    const run = await finishedRun(page);
    const ours = nodeRun(run.config, Float64Array.from(run.plan));
    compareBytes(`${preset} (p=${run.config.depth}, η=${run.config.eta}, ${run.config.steps} steps, ${run.chunks} chunks)`, run, ours);
    const panel = await page.locator(".eos-panel").innerText();
    assert(/predicted/i.test(panel) && /observed/i.test(panel), "the predicted-vs-observed panel is missing");
    await bifurcationDrawn(page);
    await page.screenshot({ path: join(shots, `explorer-${preset}.png`), fullPage: true });
  });
}

/**
 * Runs `steps` steps in the page while watching the main thread from inside it. Every
 * requestAnimationFrame callback between the request and the run's end counts as a frame,
 * and notes how many chunks (progress events) had arrived by then. No absolute timing is
 * asserted on: on a loaded machine frames and timers are late for reasons that have nothing
 * to do with the explorer, but a main thread that keeps painting while chunks stream in
 * shows frames that see the run part-way. A main thread blocked for the whole run shows
 * none: the chunks queue up and are all handled after it unblocks, with no frame between.
 */
async function measureResponsiveness(steps) {
  await page.bringToFront();
  return page.evaluate(async (steps) => {
    const h = window.eosExplorer;
    let running = true;
    let frames = 0;
    const partialSeen = new Set(); // chunk counts that a frame saw while the run was still going
    const stamps = [];
    const frame = (t) => {
      if (!running) return;
      frames++;
      stamps.push(t); // rAF timestamps only (never mixed with performance.now()): gaps for the log
      const r = h.lastRun();
      if (r && !r.done && r.chunks > 0) partialSeen.add(r.chunks);
      requestAnimationFrame(frame);
    };
    const t0 = performance.now();
    const done = h.set({ steps, points: 4000 });
    requestAnimationFrame(frame);
    await done;
    running = false;
    const duration = performance.now() - t0;
    let maxGap = 0;
    for (let i = 1; i < stamps.length; i++) maxGap = Math.max(maxGap, stamps[i] - stamps[i - 1]);
    return { duration, frames, partialFrames: partialSeen.size, maxGap, chunks: h.lastRun().chunks };
  }, steps);
}

test("the UI stays responsive while 10⁶- and 10⁸-step runs stream (frames keep coming while chunks arrive)", async () => {
  for (const [steps, label] of [[1e6, "10⁶"], [1e8, "10⁸"]]) {
    const m = await measureResponsiveness(steps);
    console.log(
      `    ${label} steps in ${m.duration.toFixed(0)} ms, ${m.chunks} chunks; ${m.frames} frames during the run, ${m.partialFrames} of them at distinct part-way points; largest frame gap ${m.maxGap.toFixed(0)} ms (not asserted)`,
    );
    assert(m.chunks >= 2, `${label}: the run arrived in ${m.chunks} chunk(s): not streamed`);
    // The 10⁶-step run lasts well under 0.1 s idle (a handful of frames at best), too short for a
    // frame count to mean anything on a loaded machine; the 10⁸-step run lasts over a second, in
    // tens of chunks, and a main thread blocked for the whole of it paints no frame during it.
    if (steps < 1e8) continue;
    assert(m.frames >= 3, `${label}: only ${m.frames} frame(s) while the run was going: the main thread froze`);
    assert(m.partialFrames >= 3, `${label}: frames saw the run part-way at only ${m.partialFrames} point(s): the plots did not grow live`);
  }
  await page.evaluate(() => window.eosExplorer.set({ steps: 100000, points: 1500 }));
});

test("the configuration lives in the URL: a shared link restores the view", async () => {
  const p = await openPage("demo/index.html?model=scalar&eta=1.05&init=1.8,0.5755555555555556&steps=10000&xlog=0");
  const run = await finishedRun(p);
  assert(run.config.depth === 2 && run.config.eta === 1.05 && run.config.steps === 10000 && run.config.xlog === false, `config ${JSON.stringify(run.config)}`);
  assert(run.config.theta0[1] === 0.5755555555555556, "θ₀ not read exactly");
  assert((await p.locator("select[aria-label=model]").inputValue()) === "scalar", "model select not synced");
  // docs/design.md §1: p = 2, η = 1.05 from this start ends on a balanced period-2 orbit, |a| = |b| ≈ 1.0911 and ≈ 0.8729.
  const th = run.report.final.theta.map(Math.abs);
  assert(Math.abs(th[0] - th[1]) < 1e-6, `final θ not balanced: ${th}`);
  assert([1.0911, 0.8729].some((v) => Math.abs(th[0] - v) < 1e-3), `final |a| = ${th[0]}, expected 1.0911 or 0.8729`);
  // Moving the slider rewrites the URL.
  await p.locator("input[aria-label='η / η_c']").fill("0.9");
  await p.waitForFunction(() => location.search.includes("eta=0.9&"));
  await p.screenshot({ path: join(shots, "explorer-scalar-url.png"), fullPage: true });
  await p.close();
});

test("a divergent run is a result: it stops, and the panel says divergent", async () => {
  const p = await openPage("demo/index.html?model=scalar&eta=1.3&steps=100000");
  const run = await finishedRun(p);
  assert(run.report.firstNonFiniteStep !== null, "η = 1.3 on f = ab should diverge from the default start");
  assert(run.report.comparison.regime.observed === "divergent", `observed label ${run.report.comparison.regime.observed}`);
  const status = await p.locator(".eos-status").innerText();
  assert(/diverged at step/.test(status), `status line: ${status}`);
  await p.close();
});

test("export: CSV and JSON carry every record, bit for bit", async () => {
  const r = await page.evaluate(() => {
    const h = window.eosExplorer;
    const run = h.lastRun();
    return { csv: h.exportCsv(), json: h.exportJson(), n: run.length, loss: Array.from(run.series.loss.subarray(0, run.length)) };
  });
  const lines = r.csv.trim().split("\n");
  assert(lines[0] === "step,loss,thetaPerp,distPar,lambdaPar,lambdaAt", `CSV header: ${lines[0]}`);
  assert(lines.length === r.n + 1, `CSV has ${lines.length - 1} rows for ${r.n} records`);
  const j = JSON.parse(r.json);
  assert(j.series.loss.length === r.n && j.series.loss.every((v, i) => v === r.loss[i]), "JSON loss differs from the run");
  assert(lines.slice(1).every((l, i) => Number(l.split(",")[1]) === r.loss[i]), "CSV loss differs from the run");
  assert(j.report && j.config && typeof j.query === "string", "JSON lacks report, config or query");
});

test("bifurcation view: one branch θ⊥ = 0 below η_c, two branches (period 2) just above it", async () => {
  const b = await page.evaluate(async () => {
    const r = await window.eosExplorer.bifurcation();
    return { etas: Array.from(r.etas), values: Array.from(r.values), keep: r.keep, ms: r.elapsedMs };
  });
  const cfg = await page.evaluate(() => window.eosExplorer.config());
  const etaC = 2 / (cfg.depth * Math.pow(cfg.target, 2 - 2 / cfg.depth));
  const rowAt = (frac) => {
    let best = 0;
    b.etas.forEach((e, i) => Math.abs(e / etaC - frac) < Math.abs(b.etas[best] / etaC - frac) && (best = i));
    return b.values.slice(best * b.keep, (best + 1) * b.keep);
  };
  const below = rowAt(0.92);
  assert(below.every((v) => Math.abs(v) < 1e-6), `η = 0.92 η_c: θ⊥ should be 0, got ${below.slice(0, 4)}`);
  const above = rowAt(1.05);
  const evens = above.filter((_, i) => i % 2 === 0);
  const odds = above.filter((_, i) => i % 2 === 1);
  const spread = (a) => Math.max(...a) - Math.min(...a);
  assert(spread(evens) < 1e-6 && spread(odds) < 1e-6 && Math.abs(evens[0] - odds[0]) > 1e-3 && evens[0] * odds[0] < 0, `η = 1.05 η_c: no period-2 orbit across M: ${above.slice(0, 4)}`);
  console.log(`    ${b.etas.length} values of η in ${b.ms.toFixed(0)} ms; at 1.05 η_c the orbit is θ⊥ = ${evens[0].toPrecision(5)}, ${odds[0].toPrecision(5)}`);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(shots, "explorer-bifurcation.png"), fullPage: true });
});

test("embed.html: an <eos-explorer> figure inside text renders and runs", async () => {
  const p = await openPage("demo/embed.html", { width: 900, height: 1000 });
  await p.waitForFunction(() => document.querySelector("eos-explorer")?.dataset.state === "done", null, { timeout: 60_000 });
  const canvases = await p.locator("eos-explorer canvas").count();
  assert(canvases >= 2, `expected 2 plots in the figure, found ${canvases}`);
  const cfg = await p.evaluate(() => document.querySelector("eos-explorer").handle.config());
  assert(cfg.depth === 5 && cfg.eta === 0.4 && cfg.steps === 100000, `attributes not read: ${JSON.stringify(cfg)}`);
  await p.screenshot({ path: join(shots, "embed.png"), fullPage: true });
  await p.close();
});

test("a narrow (phone) window still lays the explorer out in one column", async () => {
  const p = await openPage("demo/index.html?steps=10000", { width: 420, height: 900 });
  await finishedRun(p);
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `the page is ${overflow}px wider than the window`);
  await bifurcationDrawn(p);
  await p.screenshot({ path: join(shots, "explorer-narrow.png"), fullPage: true });
  await p.close();
});

test("dist/eoslab.browser.js works from a plain <script type=module>, no build step", async () => {
  const dir = join(root, "screenshots", "plain-page");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><meta charset="utf-8"><title>plain</title><link rel="icon" href="data:,"><pre id="out">…</pre>
<script type="module">
  import * as eoslab from "../../dist/eoslab.browser.js";
  const engine = await eoslab.init();
  const model = eoslab.deepScalar({ depth: 5, target: 1 });
  const run = eoslab.runTrajectory(model, { eta: 0.4, steps: 10000, theta0: new Float64Array([0.7, 0.85, 1, 1.15, 1.3]), record: { every: 1000 } });
  document.getElementById("out").textContent = JSON.stringify({ backend: engine.kind, n: run.series.step.length, last: run.final.loss });
</script>`,
  );
  const p = await openPage("screenshots/plain-page/index.html");
  await p.waitForFunction(() => document.getElementById("out").textContent.startsWith("{"), null, { timeout: 30_000 });
  const out = JSON.parse(await p.locator("#out").innerText());
  const ref = nodeRun({ depth: 5, target: 1, eta: 0.4, steps: 10000, theta0: [0.7, 0.85, 1, 1.15, 1.3] }, Float64Array.from({ length: 11 }, (_, i) => i * 1000));
  assert(out.backend === "simd", `backend ${out.backend}`);
  assert(out.last === ref.final.loss, `final loss ${out.last} in the page, ${ref.final.loss} in Node`);
  await p.close();
});

test("import … from 'eoslab' in a Vite project resolves the browser bundle and runs", async () => {
  const { build } = await import("vite");
  const dir = mkdtempSync(join(tmpdir(), "eoslab-vite-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(root, join(dir, "node_modules", "eoslab"), "dir");
    writeFileSync(join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><pre id="out">…</pre><script type="module" src="./main.js"></script>`);
    writeFileSync(
      join(dir, "main.js"),
      `import { init, deepScalar, runTrajectory } from "eoslab";
const engine = await init();
const run = runTrajectory(deepScalar({ depth: 5, target: 1 }), { eta: 0.4, steps: 10000, theta0: new Float64Array([0.7, 0.85, 1, 1.15, 1.3]), record: { every: 1000 } });
document.getElementById("out").textContent = JSON.stringify({ backend: engine.kind, last: run.final.loss });
`,
    );
    await build({ root: dir, logLevel: "error", base: "./", build: { outDir: join(root, "screenshots", "vite-fixture"), emptyOutDir: true, target: "es2022" } });
    const js = readFileSync(join(root, "screenshots", "vite-fixture", "index.html"), "utf8");
    assert(js.includes("<script"), "vite emitted no script");
    const p = await openPage("screenshots/vite-fixture/index.html");
    await p.waitForFunction(() => document.getElementById("out").textContent.startsWith("{"), null, { timeout: 30_000 });
    const out = JSON.parse(await p.locator("#out").innerText());
    assert(out.backend === "simd" && typeof out.last === "number", `vite page says ${JSON.stringify(out)}`);
    await p.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the browser bundles import nothing from Node", async () => {
  for (const f of ["dist/eoslab.browser.js", "demo/build/eos-explorer.js"]) {
    const src = readFileSync(join(root, f), "utf8");
    assert(!/\bfrom\s*["']node:|import\(\s*["']node:|\brequire\(\s*["']/.test(src), `${f} mentions a Node import`);
  }
});

test("no page errors were reported", async () => {
  assert(pageErrors.length === 0, pageErrors.join("\n"));
});

// ---------- run ----------
let passed = 0;
let failed = 0;
for (const t of tests) {
  const t0 = Date.now();
  try {
    await t.fn();
    passed++;
    console.log(`  ✓ ${t.name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`  ✗ ${t.name} (${Date.now() - t0} ms)\n    ${String(e?.stack ?? e).split("\n").slice(0, 3).join("\n    ")}`);
  }
}
await context.close();
await server.close();
rmSync(userDataDir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
