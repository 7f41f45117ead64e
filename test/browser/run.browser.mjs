// `npm run test:browser`: the explorer and the bundle in a real browser
// (Debian's /usr/bin/chromium, driven by playwright-core). A plain node
// script, not a vitest file, so `npm test` stays browser-free.
// Needs a full `npm run build` first (dist/, dist/eoslab.browser.js, demo/build/).
// Screenshots go to screenshots/ (git-ignored). Ends with "N passed, N failed".
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assert, openBrowser, root, runTests, shots, testRegistry } from "./harness.mjs";

mkdirSync(shots, { recursive: true });

for (const f of ["dist/index.js", "dist/eoslab.browser.js", "demo/build/eos-explorer.js"]) {
  if (!existsSync(join(root, f))) {
    console.error(`missing ${f}: run \`npm run build\` first`);
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
}

// ---------- a tiny harness ----------
// EOS_ONLY=<regex> runs only the tests whose name matches (the shared first page still loads).
const { tests, test } = testRegistry();

// ---------- shared state ----------
const browser = await openBrowser({ profilePrefix: "eoslab-chromium-", viewport: { width: 1360, height: 900 } });
const { server, context, pageErrors, openPage } = browser;

const node = await import(join(root, "dist/index.js"));
node.initSync();

/** demo/embed.html (one <eos-explorer> figure inside text), once its first run has finished. */
async function openEmbed() {
  const p = await openPage("demo/embed.html", { width: 900, height: 1000 });
  await p.waitForFunction(() => document.querySelector("eos-explorer")?.dataset.state === "done", null, { timeout: 60_000 });
  return p;
}

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
  let model;
  let flattest;
  if (cfg.model === "deep-linear") model = node.deepLinear({ widths: cfg.widths, input: cfg.input, target: cfg.target });
  else if (cfg.model === "tanh-chain") {
    model = node.tanhChain({ depth: cfg.depth, input: cfg.input[0], target: cfg.target });
    // The explorer's rule for the tanh chain's θ∥* (no closed form): flattestMinimum from tanhChainStart.
    const f = node.flattestMinimum(model, node.tanhChainStart(model));
    flattest = { thetaStar: f.point, lambdaStar: f.lambdaStar };
  } else model = node.deepScalar({ depth: cfg.depth, target: cfg.target });
  return node.runTrajectory(model, {
    eta: cfg.eta,
    steps: cfg.steps,
    theta0: Float64Array.from(cfg.theta0),
    record: { steps: plan },
    flattest,
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
}, { always: true });

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

for (const [label, query] of [
  ["deep linear network (widths 3,4,4,1)", "model=deep-linear&widths=3,4,4,1&input=0.5,-1,2&steps=10000"],
  ["tanh chain (p = 3, x = 1, y = 0.5)", "model=tanh-chain&depth=3&input=1&target=0.5&steps=10000"],
]) {
  test(`${label} from the model menu: every preset's trajectory is bit-identical to Node's`, async () => {
    const p = await openPage(`demo/index.html?${query}`);
    await finishedRun(p);
    for (const preset of ["critical", "supercritical", "subcritical"]) {
      const before = await p.evaluate(() => window.eosExplorer.lastRun());
      await p.click(`button[data-preset=${preset}]`);
      const run = await finishedRun(p);
      const ours = nodeRun(run.config, Float64Array.from(run.plan));
      compareBytes(`${label}, ${preset} (η=${run.config.eta}, ${run.config.steps} steps, ${run.chunks} chunks)`, run, ours);
      const etaC = 2 / run.report.lambdaStar;
      const want = { critical: 1, supercritical: 0.408 / 0.4, subcritical: 0.39 / 0.4 }[preset];
      assert(Math.abs(run.config.eta / etaC - want) < 1e-5, `${preset}: η/η_c = ${run.config.eta / etaC}, expected ${want}`);
      console.log(`      observed: ${run.report.comparison.regime.observed}, predicted: ${run.report.comparison.regime.predicted}`);
    }
    const sel = await p.locator("select[aria-label=model]").inputValue();
    assert(sel === query.split("&")[0].split("=")[1], `the model menu shows ${sel}`);
    // Only the deep linear network shows its widths; both show the input x.
    assert((await p.locator("input[aria-label='widths d₀,…,1']").isVisible()) === (sel === "deep-linear"), `widths field visibility wrong for ${sel}`);
    assert(await p.locator("input[aria-label='input x']").isVisible(), `no input x field for ${sel}`);
    await p.evaluate(() => window.eosExplorer.set({ model: "deep", depth: 5, widths: [], input: [], target: 1, eta: 0.4, points: 1500 }));
    await finishedRun(p);
    assert(!(await p.locator("input[aria-label='input x']").isVisible()), "deep scalar shows an input x field");
    await p.screenshot({ path: join(shots, `explorer-${sel}.png`), fullPage: true });
    await p.close();
  });
}

// The diagonal network (several outputs, docs/design.md §4) on the explorer's built-in data: the run is the library's
// observeDataRun, so the browser's signed series, final θ and labels are Node's, bit for bit.
test("diagonal network (data, several outputs) from the model menu: θ_N, the series and the labels are Node's observeDataRun, bit for bit, at 0.9, 1 and 1.05·η_c", async () => {
  const p = await openPage("demo/index.html?steps=10000");
  await finishedRun(p);
  // Reached from the menu as the other models are (a <select>, keyboard-operable), with the built-in data set shown.
  await p.locator("select[aria-label=model]").selectOption("diagonal");
  await p.waitForFunction(() => window.eosExplorer.lastRun()?.config.model === "diagonal" && window.eosExplorer.lastRun().done, null, { timeout: 120_000 });
  assert(await p.locator(".eos-data-set").isVisible(), "the diagonal network's data row is not shown");
  assert(!(await p.locator("input[aria-label='input x']").isVisible()), "the diagonal network shows an input x field");
  assert(/model=diagonal/.test(await p.evaluate(() => location.search)), "the URL does not say model=diagonal");
  const readout = await p.locator(".eos-readout").innerText();
  assert(/empirical/.test(readout) && /certified in \[/.test(readout), `the η readout does not call λ* empirical with its certificate: ${readout}`);

  const X = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  const y = [0.5, -1.5, 1];
  const data = node.datasetFromRows(X, y);
  const spec = { kind: "diagonal", n: 3, d: 3 };
  const start = [1, 2, 0.6, 0.5, -1, 2];
  // The explorer's rule for λ*: flattestMinimumData from the preset's start on the pure-JS backend.
  const js = node.initSync({ backend: "js" });
  const flat = node.flattestMinimumData(spec, data, start, { engine: js });
  node.initSync();
  // Independent of both: with X = I, JJᵀ = diag(u² + v²) on M, so λ* = 2·max|y| = 3 (docs/data-models.md).
  assert(Math.abs(flat.lambdaStar - 3) < 1e-9, `λ* = ${flat.lambdaStar}, expected 3`);
  const want = { 0.9: "subcritical", 1: "critical", 1.05: "supercritical" };
  for (const frac of [0.9, 1, 1.05]) {
    await p.locator("input[aria-label='η / η_c']").fill(String(frac));
    await p.waitForFunction(
      (f) => {
        const r = window.eosExplorer.lastRun();
        return r?.done && r.report && Math.abs((r.config.eta * r.report.lambdaStar) / 2 - f) < 1e-5;
      },
      frac,
      { timeout: 120_000 },
    );
    const run = await finishedRun(p);
    assert(run.config.model === "diagonal" && run.config.theta0.join() === start.join(), `config ${JSON.stringify(run.config)}`);
    assert(run.report.lambdaStar === flat.lambdaStar, `λ* in the browser ${run.report.lambdaStar}, in Node ${flat.lambdaStar}`);
    const o = node.observeDataRun(spec, data, { eta: run.config.eta, steps: run.config.steps, theta0: Float64Array.from(run.config.theta0), flattest: flat });
    assert(o.kind === "exact", `Node: ${o.kind}`);
    compareBytes(`diagonal at ${frac}·η_c (η=${run.config.eta}, ${run.config.steps} steps)`, run, { series: o.signedSeries });
    const th = Float64Array.from(run.report.final.theta);
    assert(th.length === 6 && Buffer.from(th.buffer).equals(Buffer.from(o.run.theta.buffer, o.run.theta.byteOffset, o.run.theta.byteLength)), `final θ differs: browser ${run.report.final.theta}, Node ${Array.from(o.run.theta)}`);
    const c = run.report.comparison.regime;
    // The CLI's regime.observed and regime.predicted (src/cli/reports/data-run.ts) are these two fields of observeDataRun.
    assert(c.observed === o.observation.label && c.predicted === o.prediction.regime, `labels: browser ${c.predicted}/${c.observed}, Node ${o.prediction.regime}/${o.observation.label}`);
    assert(c.observed === want[frac], `at ${frac}·η_c the run is labelled ${c.observed}, expected ${want[frac]}`);
    const cap = await p.evaluate(() => ({ regime: document.querySelector(".eos-caption").dataset.regime, text: document.querySelector(".eos-caption").textContent }));
    assert(cap.regime === c.observed, `the caption speaks of ${cap.regime}, the run was labelled ${c.observed}`);
    assert(/Several outputs/.test(cap.text) && /proven to lie in \[/.test(cap.text), `the caption does not say λ* is measured and certified: ${cap.text}`);
    const says = { critical: /t\^−½/, supercritical: /period-2 orbit/, subcritical: /drops below 2\/η/ }[c.observed];
    assert(says.test(cap.text), `the ${c.observed} caption does not explain it: ${cap.text}`);
    const panel = await p.locator(".eos-panel").innerText();
    assert(/λ\* \(empirical\)/.test(panel), "the panel does not call λ* empirical");
    console.log(`      ${frac}·η_c: ${c.predicted} / ${c.observed}`);
  }
  // No bifurcation diagram for several outputs: the one drawn for the previous model is emptied, and says why.
  const bifNote = await p.locator(".eos-figure-note").last().innerText();
  assert(/No diagram for the diagonal network/.test(bifNote), `bifurcation note: ${bifNote}`);
  await p.screenshot({ path: join(shots, "explorer-diagonal.png"), fullPage: true });
  // The URL restores the view (model, η, start, steps) on a new page.
  const search = await p.evaluate(() => location.search);
  const q = await openPage(`demo/index.html${search}`);
  const again = await finishedRun(q);
  assert(again.config.model === "diagonal" && again.config.eta === (await p.evaluate(() => window.eosExplorer.config().eta)), `the link gives ${JSON.stringify(again.config)}`);
  assert((await q.locator("select[aria-label=model]").inputValue()) === "diagonal", "the model menu does not show the diagonal network");
  await q.close();
  await p.close();
});

test("diagonal network as an element attribute: <eos-explorer model=\"diagonal\"> runs it", async () => {
  const p = await openEmbed();
  await p.evaluate(() => document.querySelector("eos-explorer").setAttribute("model", "diagonal"));
  await p.waitForFunction(() => {
    const r = document.querySelector("eos-explorer").handle.lastRun();
    return r?.config.model === "diagonal" && r.done;
  }, null, { timeout: 60_000 });
  const r = await p.evaluate(() => document.querySelector("eos-explorer").handle.lastRun().report);
  assert(r.empirical?.lambdaStarSource === "empirical" && r.comparison.regime.observed !== null, `report ${JSON.stringify(r.comparison.regime)}`);
  await p.close();
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
  // The transient follows the library's rule per column (bifurcationTransient, called here from Node), and the plot says so.
  const rule = await page.evaluate(() => {
    const r = window.eosExplorer.lastBifurcation();
    return { transients: r.transients, capped: r.capped, note: document.querySelector("figure[data-plot=bifurcation] .eos-figure-note")?.textContent ?? "" };
  });
  const lambdaStar = cfg.depth * Math.pow(cfg.target, 2 - 2 / cfg.depth);
  b.etas.forEach((e, i) => {
    const want = node.bifurcationTransient(e, lambdaStar, cfg.depth);
    assert(rule.transients[i] === want.steps && rule.capped[i] === want.capped, `column ${i} (η = ${e}): transient ${rule.transients[i]}, the rule gives ${want.steps}`);
  });
  assert(/after [\d,]+ to [\d,]+ steps/.test(rule.note), `the diagram's note: ${rule.note}`);
  // The worker hands neighbouring columns with the same transient to bifurcationPoints in groups (lanes at depth 5):
  // nine columns from 1.05 η_c on, across group boundaries, must each hold the bits Node's bifurcationPoint gives
  // that column alone (its attractor, or NaN for a divergent column), at that column's place in `values`.
  const start = b.etas.findIndex((e) => e / etaC >= 1.05);
  const model = node.deepScalar({ depth: cfg.depth, target: cfg.target }), geometry = node.engineGeometry();
  for (let i = start; i < Math.min(start + 9, b.etas.length); i++) {
    const want = node.bifurcationPoint(model, geometry, b.etas[i], rule.transients[i] + b.keep, b.keep, cfg.theta0).point;
    const row = new Array(b.keep).fill(NaN);
    if (want.label !== "divergent") want.attractor.slice(-b.keep).forEach((v, k) => (row[k] = v));
    const got = b.values.slice(i * b.keep, (i + 1) * b.keep);
    assert(got.every((v, k) => Object.is(v, row[k])), `column ${i} (η = ${b.etas[i]}): ${got.slice(0, 3)} in the browser, ${row.slice(0, 3)} in Node`);
  }
  const nCapped = rule.capped.filter(Boolean).length;
  assert(nCapped === 0 || rule.note.includes(`${nCapped} column`), `${nCapped} capped columns, the note says: ${rule.note}`);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(shots, "explorer-bifurcation.png"), fullPage: true });
});

test("embed.html: an <eos-explorer> figure inside text renders and runs", async () => {
  const p = await openEmbed();
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

// ---------- the explorer for students and authors: legend, main thread, state, theme, attributes, words ----------

/** Counts, in a figure's canvas, the pixels near an rgb colour, in a region (CSS px of the canvas; default all). */
async function countPixels(p, figureSel, rgb, region = null, tol = 40) {
  return p.evaluate(
    ({ figureSel, rgb, region, tol }) => {
      const c = document.querySelector(`${figureSel} canvas`);
      const ctx = c.getContext("2d");
      const r = region ?? { x: 0, y: 0, w: c.width, h: c.height };
      const d = ctx.getImageData(r.x, r.y, r.w, r.h).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] > 100 && Math.abs(d[i] - rgb[0]) <= tol && Math.abs(d[i + 1] - rgb[1]) <= tol && Math.abs(d[i + 2] - rgb[2]) <= tol) n++;
      }
      return n;
    },
    { figureSel, rgb, region, tol },
  );
}
/** Pixels of any dark ink (the axis' tick labels) in the left margin of a plot's canvas. */
const axisInk = (p, sel) => countPixels(p, sel, [31, 41, 51], { x: 0, y: 0, w: 40, h: 200 }, 60);
const nextFrames = (p) => p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test("legend: clicking an entry hides that line only; the y-axis and the other lines stay, and a second click brings it back", async () => {
  const p = await openPage("demo/index.html?steps=10000");
  await finishedRun(p);
  await nextFrames(p);
  // λ plot: hide λ(θ∥) (purple); 2/η (red) and the axis stay.
  const lam = "figure[data-plot=lambdaPar]";
  const purple = [124, 58, 237];
  const red = [220, 38, 38];
  const before = { purple: await countPixels(p, lam, purple), red: await countPixels(p, lam, red), ink: await axisInk(p, lam) };
  assert(before.purple > 50 && before.red > 50 && before.ink > 20, `λ plot before the click: ${JSON.stringify(before)}`);
  await p.locator(`${lam} .u-legend tr.u-series`).nth(1).locator("th").click();
  await nextFrames(p);
  const hidden = { purple: await countPixels(p, lam, purple), red: await countPixels(p, lam, red), ink: await axisInk(p, lam) };
  const off = await p.locator(`${lam} .u-legend tr.u-series`).nth(1).getAttribute("class");
  assert(/u-off/.test(off), `the λ(θ∥) legend entry is not marked off: ${off}`);
  assert(hidden.purple < before.purple / 10, `λ(θ∥) still drawn after its legend click: ${JSON.stringify(hidden)}`);
  assert(hidden.red > 50, `the 2/η line vanished with λ(θ∥): ${JSON.stringify(hidden)}`);
  assert(hidden.ink > 20, `the y-axis vanished after the legend click: ${JSON.stringify(hidden)}`);
  await p.locator(`${lam} .u-legend tr.u-series`).nth(1).locator("th").click();
  await nextFrames(p);
  const back = await countPixels(p, lam, purple);
  assert(back > before.purple / 2, `λ(θ∥) did not come back: ${back} purple pixels, ${before.purple} before`);
  // The loss plot (one line): hide ℓ; the axis stays; show it again.
  const loss = "figure[data-plot=loss]";
  const blue = [37, 99, 235];
  const l0 = await countPixels(p, loss, blue);
  await p.locator(`${loss} .u-legend tr.u-series`).nth(1).locator("th").click();
  await nextFrames(p);
  const inkHidden = await axisInk(p, loss);
  assert(inkHidden > 20, `the loss plot's y-axis vanished when ℓ was hidden (${inkHidden} ink pixels)`);
  await p.locator(`${loss} .u-legend tr.u-series`).nth(1).locator("th").click();
  await nextFrames(p);
  const l2 = await countPixels(p, loss, blue);
  assert(l0 > 50 && l2 > l0 / 2, `the loss line did not come back: ${l2} blue pixels, ${l0} before`);
  // The keyboard reaches the entries: focus ℓ and press Enter (hides it), then Space (shows it).
  const th = p.locator(`${loss} .u-legend tr.u-series`).nth(1).locator("th");
  await th.focus();
  await p.keyboard.press("Enter");
  await nextFrames(p);
  assert((await th.getAttribute("aria-pressed")) === "false" && (await countPixels(p, loss, blue)) < l0 / 10, "Enter on the focused ℓ entry did not hide the loss line");
  await p.keyboard.press(" ");
  await nextFrames(p);
  assert((await th.getAttribute("aria-pressed")) === "true" && (await countPixels(p, loss, blue)) > l0 / 2, "Space did not show the loss line again");
  await p.screenshot({ path: join(shots, "legend-toggle.png") });
  await p.close();
});

/** Chrome's own trace of the page's main thread (CDP Tracing): every task with its wall time and its thread (CPU) time. */
async function traceMainThread(p, urlMarker, fn) {
  const cdp = await context.newCDPSession(p);
  await cdp.send("Tracing.start", { categories: "devtools.timeline,disabled-by-default-devtools.timeline", transferMode: "ReturnAsStream" });
  const out = await fn();
  const complete = new Promise((r) => cdp.once("Tracing.tracingComplete", r));
  await cdp.send("Tracing.end");
  const { stream } = await complete;
  let text = "";
  for (;;) {
    const chunk = await cdp.send("IO.read", { handle: stream });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, "base64").toString() : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send("IO.close", { handle: stream });
  await cdp.detach();
  const events = JSON.parse(text).traceEvents ?? JSON.parse(text);
  // The page's main thread: the one where the page wrote console.timeStamp(marker) (the context's other pages are idle but traced too).
  const mains = new Set(events.filter((e) => e.name === "TimeStamp" && String(e.args?.data?.message).includes(urlMarker)).map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.name === "RunTask" && typeof e.dur === "number" && mains.has(`${e.pid}:${e.tid}`)).map((e) => ({ wallMs: e.dur / 1000, cpuMs: (e.tdur ?? e.dur) / 1000 }));
  return { out, tasks, found: mains.size };
}

test("main thread: no page task of 50 ms or more during 10⁶- and 10⁸-step runs (PerformanceObserver 'longtask', each checked on its CPU time)", async () => {
  const p = await openPage("demo/index.html?steps=1000&longtask=1");
  await finishedRun(p);
  await p.bringToFront();
  const { out: r, tasks, found } = await traceMainThread(p, "longtask=1", () =>
    p.evaluate(async () => {
      console.timeStamp("longtask=1");
      const h = window.eosExplorer;
      const seen = [];
      const obs = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.name === "self" || e.name === "same-origin-descendant") seen.push(Math.round(e.duration));
      });
      obs.observe({ type: "longtask" });
      for (let i = 0; i < 3; i++) await h.set({ steps: 1e6 + i * 2, points: 4000 });
      // And one 10⁸-step run: tens of chunks over a second or more.
      await h.set({ steps: 1e8, points: 4000 });
      // Long-task entries are delivered after their task: two frames later every one is in.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      obs.disconnect();
      return { seen, chunks: h.lastRun().chunks };
    }),
  );
  assert(found === 1, `found ${found} main threads of the page in the trace`);
  const longWall = tasks.filter((t) => t.wallMs >= 50);
  const maxCpu = Math.max(0, ...tasks.map((t) => t.cpuMs));
  console.log(
    `    three 10⁶-step runs and one of 10⁸ (${r.chunks} chunks the last): the page's long tasks (PerformanceObserver) ${r.seen.length ? r.seen.join(", ") + " ms" : "none"}; ` +
      `in the trace ${tasks.length} tasks, ${longWall.length} of ≥ 50 ms wall time (${longWall.map((t) => `${t.wallMs.toFixed(0)} wall/${t.cpuMs.toFixed(0)} CPU`).join(", ") || "–"}), largest CPU time ${maxCpu.toFixed(1)} ms`,
  );
  assert(r.chunks >= 2, `the run came in ${r.chunks} chunk(s): not streamed`);
  // A loaded machine stretches a task's wall time (preemption; two busy processes make it 3–5×): a long task is
  // judged by the main thread's own CPU time in it, which load does not stretch.
  assert(maxCpu < 50, `a page task took ${maxCpu.toFixed(0)} ms of main-thread CPU time`);
  // And none is grossly long even by the wall clock (before: 60–280 ms tasks).
  assert(longWall.every((t) => t.wallMs < 250), `wall-time long tasks: ${longWall.map((t) => t.wallMs.toFixed(0)).join(", ")} ms`);
  await p.close();
});

test("main thread: dragging the η slider moves the bifurcation plot's η line without redrawing its canvas", async () => {
  const p = await openPage("demo/index.html?steps=1000");
  await finishedRun(p);
  await bifurcationDrawn(p);
  const n = await p.evaluate(async () => {
    const canvas = document.querySelector("figure[data-plot=bifurcation] canvas");
    const ctx = canvas.getContext("2d");
    let clears = 0;
    const orig = ctx.clearRect;
    ctx.clearRect = function (...a) {
      clears++;
      return orig.apply(this, a);
    };
    const slider = document.querySelector("input[aria-label='η / η_c']");
    for (let i = 0; i < 20; i++) {
      slider.value = String(0.9 + i * 0.01);
      slider.dispatchEvent(new Event("input", { bubbles: true }));
      await new Promise((r) => requestAnimationFrame(r));
    }
    ctx.clearRect = orig;
    const line = document.querySelector(".eos-marker-eta");
    return { clears, line: line ? line.style.transform : null };
  });
  assert(n.clears === 0, `the bifurcation canvas was redrawn ${n.clears} times during 20 slider inputs`);
  assert(n.line && /translateX\(\d+px\)/.test(n.line), `the η line did not move: ${n.line}`);
  await p.close();
});

test("responsiveness, by events: key presses sent during a 10⁸-step run are handled while it streams, at distinct points of it", async () => {
  const p = await openPage("demo/index.html?steps=1000");
  await finishedRun(p);
  await p.bringToFront();
  await p.evaluate(() => {
    window.eosKeys = [];
    document.addEventListener("keydown", () => {
      const r = window.eosExplorer.lastRun();
      window.eosKeys.push({ done: r.done, chunks: r.chunks });
    });
    window.eosLong = window.eosExplorer.set({ steps: 1e8, points: 4000 });
  });
  await p.waitForFunction(() => window.eosExplorer.lastRun().chunks >= 1, null, { timeout: 60_000 });
  // Each press waits for the page to take it: a main thread blocked for the rest of the run takes none until the end.
  // Pressing until the run ends (a bound only against a run that never ends): more presses on a slow machine, never fewer.
  for (let i = 0; i < 1000; i++) {
    await p.keyboard.press("Shift");
    const done = await p.evaluate(() => window.eosExplorer.lastRun().done);
    if (done) break;
  }
  await p.evaluate(() => window.eosLong);
  const keys = await p.evaluate(() => window.eosKeys);
  const during = new Set(keys.filter((k) => !k.done).map((k) => k.chunks));
  console.log(`    ${keys.length} key presses handled, ${keys.filter((k) => !k.done).length} while the run streamed, at ${during.size} distinct chunk counts`);
  assert(during.size >= 3, `key presses were handled at only ${during.size} distinct points of the run: the main thread was blocked`);
  await p.close();
});

test("stale state: a new depth or θ₀ recomputes the bifurcation diagram; Stop is final (late chunks ignored, progress and verdict reset)", async () => {
  const p = await openPage("demo/index.html?model=scalar&steps=10000");
  await finishedRun(p);
  await p.evaluate(() => window.eosExplorer.bifurcation());
  const etaC = (d) => 2 / (d * Math.pow(1, 2 - 2 / d));
  const bif0 = await p.evaluate(() => ({ depth: window.eosExplorer.lastBifurcation().config.depth, eta0: window.eosExplorer.lastBifurcation().etas[0] }));
  assert(bif0.depth === 2 && Math.abs(bif0.eta0 / etaC(2) - 0.875) < 1e-9, `p = 2 diagram: ${JSON.stringify(bif0)}`);
  // η = 1 (η_c at p = 2) diverges at p = 5: the new depth gets η_c(5) = 0.4 with it.
  await p.evaluate(() => window.eosExplorer.set({ depth: 5, eta: 0.4 }));
  await p.waitForFunction(() => window.eosExplorer.lastBifurcation()?.config.depth === 5, null, { timeout: 60_000 });
  const bif1 = await p.evaluate(() => window.eosExplorer.lastBifurcation().etas[0]);
  assert(Math.abs(bif1 / etaC(5) - 0.875) < 1e-9, `after set({depth: 5}) the diagram starts at η = ${bif1}, not 0.875·η_c(5)`);
  const theta0 = [0.75, 0.9, 1, 1.1, 1.2];
  await p.evaluate((t) => window.eosExplorer.set({ theta0: t }), theta0);
  await p.waitForFunction((t) => JSON.stringify(window.eosExplorer.lastBifurcation()?.config.theta0) === JSON.stringify(t), theta0, { timeout: 60_000 });
  // Stop right after a chunk arrives: the worker is then computing the next chunk, which it posts before it sees the cancel.
  await finishedRun(p);
  const verdictBefore = await p.locator(".eos-caption").innerText();
  assert(verdictBefore.length > 0, "no caption after a finished run");
  const stopped = await p.evaluate(async () => {
    const h = window.eosExplorer;
    h.set({ steps: 1e8, points: 4000 }).catch(() => {});
    await new Promise((resolve) => {
      const check = () => (h.lastRun().chunks >= 2 || h.lastRun().done ? resolve() : requestAnimationFrame(check));
      check();
    });
    if (h.lastRun().done) return { finishedEarly: true };
    h.stop();
    const at = h.lastRun().length;
    await h.settled();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const bar = document.querySelector(".eos-progress");
    return {
      at,
      length: h.lastRun().length,
      status: document.querySelector(".eos-status").textContent,
      barIdle: bar.classList.contains("eos-idle"),
      barWidth: bar.firstElementChild.style.width,
      panel: document.querySelector(".eos-panel").textContent,
      caption: document.querySelector(".eos-caption").textContent,
    };
  });
  assert(!stopped.finishedEarly, "the 10⁸-step run finished before it could be stopped");
  assert(stopped.status === `stopped after ${stopped.at} records`, `after Stop the status says "${stopped.status}"`);
  assert(stopped.length === stopped.at, `late chunks were appended after Stop: ${stopped.at} → ${stopped.length} records`);
  assert(stopped.barIdle && (stopped.barWidth === "0%" || stopped.barWidth === ""), `progress bar after Stop: idle ${stopped.barIdle}, width ${stopped.barWidth}`);
  assert(stopped.panel === "" && !stopped.caption.includes(verdictBefore.slice(0, 30)), `the previous run's verdict is still shown after Stop: ${stopped.caption.slice(0, 80)}`);
  await p.close();
});

/** WCAG contrast ratio of an element's text against the first opaque background behind it. */
async function contrasts(p, selectors) {
  return p.evaluate((selectors) => {
    const rgb = (c) => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const lum = ({ r, g, b }) => {
      const f = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const out = {};
    for (const sel of selectors) {
      const el = document.querySelector(sel);
      if (!el) {
        out[sel] = null;
        continue;
      }
      let bg = null;
      for (let n = el; n && !bg; n = n.parentElement) {
        const c = rgb(getComputedStyle(n).backgroundColor);
        if (c && c.a > 0.5) bg = c;
      }
      bg ??= { r: 255, g: 255, b: 255 };
      const fg = rgb(getComputedStyle(el).color);
      const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      out[sel] = Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
    }
    return out;
  }, selectors);
}
const TEXT_SELECTORS = [".eos-readout span:first-child", ".eos-readout span:last-child", ".eos-label", ".eos-status", ".eos-figure figcaption", ".eos-caption", ".eos-panel th", ".eos-panel td"];

test("dark mode: prefers-color-scheme, a dark host page and theme=\"dark\" all give readable text (contrast ≥ 4.5), screenshots", async () => {
  const dir = join(root, "screenshots", "dark-host");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><style>body{background:#111827;color:#e5e7eb;font:15px system-ui;margin:20px}</style>
<script type="module" src="../../demo/build/eos-explorer.js"></script>
<p>A dark host page.</p><eos-explorer depth="5" eta="0.4" steps="10000" controls="full" panel plots="thetaPerp,lambdaPar"></eos-explorer>`,
  );
  const cases = [
    ["dark host page, theme auto", "screenshots/dark-host/index.html", "light"],
    ["prefers-color-scheme: dark", "demo/index.html?steps=10000", "dark"],
  ];
  for (const [label, path, scheme] of cases) {
    const p = await context.newPage();
    await p.emulateMedia({ colorScheme: scheme });
    p.on("pageerror", (e) => pageErrors.push(`${path}: ${e.message}`));
    await p.goto(new URL(path, server.url).href);
    await p.waitForFunction(() => document.querySelector(".eos-explorer")?.dataset.state === "done", null, { timeout: 60_000 });
    const theme = await p.evaluate(() => document.querySelector(".eos-explorer").dataset.eosTheme);
    assert(theme === "dark", `${label}: the explorer chose the ${theme} theme`);
    const c = await contrasts(p, TEXT_SELECTORS);
    console.log(`    ${label}: contrast ${Object.entries(c).map(([k, v]) => `${k.replace(".eos-", "")} ${v}`).join(", ")}`);
    for (const [sel, v] of Object.entries(c)) assert(v !== null && v >= 4.5, `${label}: ${sel} has contrast ${v} < 4.5`);
    await nextFrames(p);
    await p.screenshot({ path: join(shots, `dark-${scheme === "dark" ? "prefers" : "host"}.png`), fullPage: true });
    // theme="light" on the element overrides both.
    if (path.includes("dark-host")) {
      await p.evaluate(() => document.querySelector("eos-explorer").setAttribute("theme", "light"));
      const t = await p.evaluate(() => document.querySelector(".eos-explorer").dataset.eosTheme);
      assert(t === "light", `theme="light" gave ${t}`);
      const cl = await contrasts(p, TEXT_SELECTORS);
      for (const [sel, v] of Object.entries(cl)) assert(v !== null && v >= 4.5, `light theme on a dark page: ${sel} has contrast ${v} < 4.5`);
    }
    await p.close();
  }
  // The light default keeps its contrast too.
  const p = await openPage("demo/index.html?steps=10000");
  await finishedRun(p);
  const c = await contrasts(p, TEXT_SELECTORS);
  for (const [sel, v] of Object.entries(c)) assert(v !== null && v >= 4.5, `light: ${sel} has contrast ${v} < 4.5`);
  await p.close();
});

test("attributes set after mount reconfigure the element (eta, depth), as frameworks do", async () => {
  const p = await openEmbed();
  await p.evaluate(() => document.querySelector("eos-explorer").setAttribute("eta", "0.408"));
  await p.waitForFunction(() => {
    const h = document.querySelector("eos-explorer").handle;
    return h.lastRun()?.config.eta === 0.408 && h.lastRun().done;
  }, null, { timeout: 60_000 });
  await p.evaluate(() => {
    const el = document.querySelector("eos-explorer");
    el.setAttribute("depth", "3");
    el.setAttribute("steps", "20000");
  });
  await p.waitForFunction(() => {
    const r = document.querySelector("eos-explorer").handle.lastRun();
    return r?.config.depth === 3 && r.config.steps === 20000 && r.done;
  }, null, { timeout: 60_000 });
  const cfg = await p.evaluate(() => document.querySelector("eos-explorer").handle.config());
  assert(cfg.theta0.length === 3, `depth 3 with a start of length ${cfg.theta0.length}`);
  await p.close();
});

test("words for a student: a caption per regime agrees with its label, the glossary defines M, θ⊥, θ∥, and the notes appear when due", async () => {
  const p = await openPage("demo/index.html?steps=100000");
  await finishedRun(p);
  const glossary = await p.locator(".eos-glossary").innerText();
  for (const w of ["M", "θ⊥", "θ∥"]) assert(glossary.includes(w), `glossary lacks ${w}`);
  const heading = { stable: "Stable", subcritical: "Subcritical", critical: "Critical", supercritical: "Period-2 orbit", divergent: "Divergent", chaotic: "Chaotic" };
  const seen = {};
  for (const [preset, q] of [["critical"], ["supercritical"], ["subcritical"], ["beyond"]]) {
    await p.click(`button[data-preset=${preset}]`);
    const run = await finishedRun(p);
    const c = await p.evaluate(() => ({ regime: document.querySelector(".eos-caption").dataset.regime, label: document.querySelector(".eos-caption-label").textContent, text: document.querySelector(".eos-caption").textContent }));
    const observed = run.report.comparison.regime.observed;
    seen[preset] = observed;
    assert(c.regime === observed, `${preset}: the caption speaks of ${c.regime}, the run was labelled ${observed}`);
    const k = /^period-(\d+)$/.exec(observed);
    const want = k ? `Period-${k[1]} orbit.` : `${heading[observed]}.`;
    assert(c.label === want, `${preset}: caption label "${c.label}", expected "${want}"`);
    // Each label's sentence says what that regime is, and nothing of another.
    const says = { critical: /t\^−½/, supercritical: /period-2 orbit/, subcritical: /drops below 2\/η/ };
    if (says[observed]) assert(says[observed].test(c.text), `${preset}: the ${observed} caption does not explain it: ${c.text}`);
    for (const [other, re] of Object.entries(says)) if (other !== observed) assert(!re.test(c.text.split("\n")[0]) || observed.startsWith("period"), `${preset}: the ${observed} caption talks of ${other}: ${c.text}`);
    if (k && Number(k[1]) > 2 && run.report.comparison.regime.predicted === "supercritical") assert(/Period doubling/.test(c.text), `${preset}: ${observed} against supercritical without the period-doubling note`);
    assert(!/distPar|e\+0|≤ 1e-9/.test(c.text), `${preset}: code names or raw formulas in the caption: ${c.text}`);
  }
  console.log(`    labels: ${JSON.stringify(seen)}`);
  // 10³ steps at 1.005·η_c: crossover 1/|ηλ* − 2| = 200 steps, so 10³ < 10 × 200.
  await p.evaluate(() => {
    const h = window.eosExplorer;
    const c = h.config();
    return h.set({ eta: (2 / (c.depth * Math.pow(c.target, 2 - 2 / c.depth))) * 1.005, steps: 1000 });
  });
  const short = await p.locator(".eos-caption").innerText();
  assert(/shorter than 10× the crossover time/.test(short), `no short-run note at 1.005·η_c, 10³ steps: ${short}`);
  await p.screenshot({ path: join(shots, "caption.png"), fullPage: true });
  await p.close();
});

test("accessibility: each plot has a text summary of the run and a data table on demand that matches the series", async () => {
  const p = await openPage("demo/index.html?steps=10000");
  const run = await finishedRun(p);
  await nextFrames(p);
  const alts = await p.evaluate(() =>
    [...document.querySelectorAll(".eos-plots .eos-figure:not(.eos-phase)")].map((f) => ({ plot: f.dataset.plot, text: document.getElementById(f.getAttribute("aria-describedby") ?? "")?.textContent ?? "" })),
  );
  assert(alts.length === 4, `${alts.length} plots with a description`);
  const loss = Array.from(new Float64Array(Buffer.from(run.series.loss, "base64").buffer.slice(0)));
  for (const a of alts) assert(a.text.includes(`from 0 to ${run.config.steps}`) && a.text.includes(`over ${run.length} recorded steps`), `${a.plot}: ${a.text}`);
  const lossText = alts.find((a) => a.plot === "loss").text;
  assert(lossText.includes(`goes from ${Number(loss[0].toPrecision(6))} to ${Number(loss.at(-1).toPrecision(6))}`), `loss summary: ${lossText}`);
  await p.locator("figure[data-plot=loss] .eos-data summary").click();
  // The details' toggle event comes after the click, as a task of its own.
  await p.waitForFunction(() => document.querySelectorAll("figure[data-plot=loss] .eos-data-table tr").length > 0, null, { timeout: 10_000 });
  const rows = await p.evaluate(() => [...document.querySelectorAll("figure[data-plot=loss] .eos-data-table tr")].map((tr) => [...tr.children].map((c) => c.textContent)));
  assert(rows.length > 50 && rows.length <= 203, `${rows.length} table rows`);
  assert(rows[0][0] === "step t" && rows[1][0] === "0" && Number(rows[1][1]) === Number(loss[0].toPrecision(6)), `first rows: ${JSON.stringify(rows.slice(0, 2))}`);
  assert(Number(rows.at(-1)[0]) === run.config.steps && Number(rows.at(-1)[1]) === Number(loss.at(-1).toPrecision(6)), `last row: ${rows.at(-1)}`);
  await p.close();
});

test("phase plane (p = 2): the iterates θ_t (bit-identical to Node's), their projections on ab = y, and the drawing", async () => {
  const p = await openPage("demo/index.html?model=scalar&eta=1.05&init=1.8,0.5755555555555556&steps=10000");
  const run = await finishedRun(p);
  await nextFrames(p);
  const ph = await p.evaluate(() => {
    const r = window.eosExplorer.lastRun();
    const b64 = (a) => {
      const u = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      let s = "";
      for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]);
      return btoa(s);
    };
    return { theta: b64(r.theta.subarray(0, 2 * r.length)), thetaPar: Array.from(r.thetaPar.subarray(0, 2 * r.length)), note: document.querySelector("figure[data-plot=phase] .eos-figure-note").textContent };
  });
  const ours = node.runTrajectory(node.deepScalar({ depth: 2, target: 1 }), { eta: run.config.eta, steps: run.config.steps, theta0: Float64Array.from(run.config.theta0), record: { steps: Float64Array.from(run.plan) }, recordTheta: true });
  const a = Buffer.from(ph.theta, "base64");
  const b = Buffer.from(ours.series.theta.buffer, ours.series.theta.byteOffset, ours.series.theta.byteLength);
  assert(a.equals(b), `θ_t in the page differs from Node's (${a.length / 8} vs ${b.length / 8} values)`);
  for (let i = 0; i < ph.thetaPar.length; i += 2) assert(Math.abs(ph.thetaPar[i] * ph.thetaPar[i + 1] - 1) < 1e-9, `θ∥ of record ${i / 2} is off M: ab = ${ph.thetaPar[i] * ph.thetaPar[i + 1]}`);
  assert(/balanced point/.test(ph.note), `phase note: ${ph.note}`);
  const M = await countPixels(p, "figure[data-plot=phase]", [15, 118, 110]);
  const dots = await countPixels(p, "figure[data-plot=phase]", [194, 65, 12]);
  assert(M > 100 && dots > 20, `the phase plane shows M in ${M} pixels and the iterates in ${dots}`);
  await p.locator("figure[data-plot=phase]").screenshot({ path: join(shots, "phase-plane.png") });
  // Another model: no phase plane, a note instead.
  await p.evaluate(() => window.eosExplorer.set({ depth: 5, eta: 0.4 }));
  await finishedRun(p);
  await nextFrames(p);
  const other = await p.locator("figure[data-plot=phase] .eos-figure-note").innerText();
  assert(/f = ab \(p = 2\)/.test(other), `phase note for p = 5: ${other}`);
  await p.close();
});

test("the |θ⊥| plot draws a period-2 orbit as two branches, even and odd steps, each on its own orbit value", async () => {
  const p = await openPage("demo/index.html?etaFrac=1.02&steps=100000");
  const run = await finishedRun(p);
  await nextFrames(p);
  const d = await p.evaluate(() => {
    const u = document.querySelector("figure[data-plot=thetaPerp]").eosPlot;
    return { labels: u.series.slice(1).map((s) => s.label), x: Array.from(u.data[0]), even: Array.from(u.data[1]), odd: Array.from(u.data[2]) };
  });
  assert(d.labels.length === 2 && /even/.test(d.labels[0]) && /odd/.test(d.labels[1]), `series ${d.labels}`);
  const orbit = run.report.comparison.orbit.observed;
  assert(orbit, "no observed orbit at 1.02·η_c");
  // The last 30 records of each parity sit on |θ⊥| of one point of the orbit, and the two are the orbit's two points.
  const tail = (a) => a.filter((v) => v !== null).slice(-30).map((v) => Math.pow(10, v));
  const [e, o] = [tail(d.even), tail(d.odd)];
  const flat = (a) => Math.max(...a) / Math.min(...a) - 1 < 1e-3;
  assert(flat(e) && flat(o), `the branches are not flat: even ${e.slice(-2)}, odd ${o.slice(-2)}`);
  const got = [e.at(-1), o.at(-1)].sort((a, b) => b - a);
  const want = orbit.map(Math.abs).sort((a, b) => b - a);
  assert(Math.abs(got[0] / want[0] - 1) < 1e-3 && Math.abs(got[1] / want[1] - 1) < 1e-3, `branches ${got}, orbit ${want}`);
  // Each record is on exactly one branch, by the parity of its step.
  d.x.forEach((lx, i) => assert((d.even[i] === null) !== (d.odd[i] === null) || (d.even[i] === null && d.odd[i] === null), `record ${i} on both branches`));
  await p.locator("figure[data-plot=thetaPerp]").screenshot({ path: join(shots, "thetaperp-branches.png") });
  await p.close();
});

test("λ plot: τ, the first step with ηλ(θ∥) < 2, is marked by a line with its name on a subcritical run", async () => {
  const p = await openPage("demo/index.html?etaFrac=0.975&steps=100000");
  const run = await finishedRun(p);
  await nextFrames(p);
  const tau = run.report.comparison.tau.observed;
  assert(typeof tau === "number" && tau > 0, `no τ on the subcritical run: ${tau}`);
  const ink = await p.evaluate((tau) => {
    const fig = document.querySelector("figure[data-plot=lambdaPar]");
    const u = fig.eosPlot;
    const x = Math.round(u.valToPos(Math.log10(tau), "x", true));
    const ctx = fig.querySelector("canvas").getContext("2d");
    const { top, height } = u.bbox;
    const count = (x0) => {
      const d = ctx.getImageData(x0 - 1, top, 3, height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 60 && d[i] < 160 && d[i + 1] < 160 && d[i + 2] < 160) n++;
      return n;
    };
    return { at: count(x), away: count(Math.round(u.bbox.left + u.bbox.width * 0.97)) };
  }, tau);
  assert(ink.at > 30 && ink.at > 3 * ink.away, `no τ line at step ${tau}: ${ink.at} dark pixels there, ${ink.away} elsewhere`);
  await p.locator("figure[data-plot=lambdaPar]").screenshot({ path: join(shots, "lambda-tau.png") });
  await p.close();
});

test("the live region announces only the final result of a run, not its progress", async () => {
  const p = await openPage("demo/index.html?steps=1000");
  await finishedRun(p);
  const r = await p.evaluate(async () => {
    const live = [...document.querySelectorAll("[aria-live]:not([aria-live=off]), [role=status], [role=alert]")].filter((e) => e.closest(".eos-explorer"));
    const changes = [];
    const mo = new MutationObserver(() => changes.push(live.map((e) => e.textContent.slice(0, 40)).join(" | ")));
    for (const e of live) mo.observe(e, { childList: true, subtree: true, characterData: true });
    await window.eosExplorer.set({ steps: 1e6, points: 4000 });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    mo.disconnect();
    return { regions: live.length, chunks: window.eosExplorer.lastRun().chunks, announced: changes.filter((c) => c.trim()).length };
  });
  console.log(`    ${r.regions} live region(s); ${r.chunks} chunks; ${r.announced} non-empty update(s) announced`);
  assert(r.regions >= 1, "no live region");
  assert(r.chunks >= 2 && r.announced <= 2, `the live region changed ${r.announced} times during a run of ${r.chunks} chunks`);
  await p.close();
});

test("Copy link without a clipboard (plain http on a LAN address) shows the link, selected", async () => {
  const p = await context.newPage();
  await p.addInitScript(() => Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined, configurable: true }));
  await p.goto(new URL("demo/index.html?steps=1000", server.url).href);
  await finishedRun(p);
  await p.click("text=Copy link");
  const f = await p.evaluate(() => {
    const el = document.querySelector(".eos-link-field");
    return el && { hidden: el.hidden, value: el.value, focused: document.activeElement === el, sel: [el.selectionStart, el.selectionEnd], search: location.search };
  });
  assert(f && !f.hidden, "no link field after Copy link without a clipboard");
  assert(f.value.endsWith(f.search) && f.value.startsWith("http"), `link field holds ${f?.value}`);
  assert(f.focused && f.sel[0] === 0 && f.sel[1] === f.value.length, `the link is not selected: ${JSON.stringify(f)}`);
  await p.close();
});

test("smaller things: y-axis labels, no trailing colons in legends, a divergent run's x-axis fits it, steps/s without the analysis", async () => {
  const p = await openPage("demo/index.html?model=scalar&eta=1.3&steps=100000");
  const run = await finishedRun(p);
  await nextFrames(p);
  const axes = await p.evaluate(() => [...document.querySelectorAll(".eos-figure:not(.eos-phase)")].map((f) => [f.dataset.plot, f.eosPlot?.axes[1]?.label ?? null]));
  for (const [name, label] of axes) assert(typeof label === "string" && label.length > 0, `the ${name} plot has no y-axis label`);
  const after = await p.evaluate(() => [...document.querySelectorAll(".eos-figure .u-legend tr.u-series th")].map((th) => getComputedStyle(th, "::after").content));
  assert(after.length > 0 && after.every((c) => c === "none" || c === "normal" || !c.includes(":")), `legend labels end with a colon: ${after}`);
  const div = run.report.firstNonFiniteStep;
  const xmax = await p.evaluate(() => document.querySelector("figure[data-plot=loss]").eosPlot.scales.x.max);
  assert(div !== null && Math.pow(10, xmax) <= 2 * div + 10, `divergent at step ${div}, but the step axis runs to ${Math.pow(10, xmax)}`);
  const r = run.report;
  assert(typeof r.runMs === "number" && r.runMs <= r.elapsedMs, `report.runMs ${r.runMs}, elapsedMs ${r.elapsedMs}`);
  const status = await p.locator(".eos-status").innerText();
  assert(status.includes(`in ${Number((r.runMs / 1000).toPrecision(3))} s`), `status "${status}" does not time the steps alone (runMs ${r.runMs})`);
  await p.close();
});

test("embeds: controls=\"none\" shows no status line; an off-screen figure does nothing until it scrolls into view; one worker serves every figure", async () => {
  const dir = join(root, "screenshots", "lazy");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="../../demo/build/eos-explorer.js"></script>
<eos-explorer id="a" depth="5" eta="0.4" steps="10000" controls="none" plots="thetaPerp"></eos-explorer>
<div style="height:3000px"></div>
<eos-explorer id="b" depth="5" eta="0.408" steps="10000" plots="thetaPerp" status="off"></eos-explorer>`,
  );
  const p = await openPage("screenshots/lazy/index.html", { width: 900, height: 700 });
  await p.waitForFunction(() => document.getElementById("a").dataset.state === "done", null, { timeout: 60_000 });
  const a = await p.evaluate(() => ({ status: document.querySelectorAll("#a .eos-status").length, b: document.getElementById("b").dataset.state }));
  assert(a.status === 0, `controls="none" shows ${a.status} status line(s)`);
  assert(a.b === "waiting", `the off-screen figure is "${a.b}", not waiting`);
  assert((await p.evaluate(() => document.getElementById("b").handle.lastRun())) === null, "the off-screen figure has run");
  assert(p.workers().length === 1, `${p.workers().length} workers with one figure on screen`);
  await p.evaluate(() => document.getElementById("b").scrollIntoView());
  await p.waitForFunction(() => document.getElementById("b").dataset.state === "done", null, { timeout: 60_000 });
  // One worker serves every figure on the page.
  assert(p.workers().length === 1, `${p.workers().length} workers for two figures`);
  assert((await p.locator("#b .eos-status").count()) === 0 && (await p.locator("#b .eos-compact").count()) === 1, `status="off" on a compact figure: the status line is still there, or the controls are gone`);
  // Both figures run at once in it, neither superseding the other.
  const both = await p.evaluate(() =>
    Promise.all(["a", "b"].map((id) => document.getElementById(id).handle.set({ steps: 200000 }).then((r) => r.stepsRun))),
  );
  assert(both[0] === 200000 && both[1] === 200000, `two runs at once in the shared worker: ${both}`);
  // Removing one figure leaves the other's worker alone; removing both ends it.
  await p.evaluate(() => document.getElementById("a").remove());
  const still = await p.evaluate(() => document.getElementById("b").handle.run().then((r) => r.stepsRun));
  assert(still === 200000, `the remaining figure ran ${still} steps after the other was removed`);
  await p.close();
});

test("phone (390×844): the η slider and a plot are on screen together", async () => {
  const p = await openPage("demo/index.html?steps=10000", { width: 390, height: 844 });
  await finishedRun(p);
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `the page is ${overflow}px wider than the window`);
  // Scroll the first plot to the bottom of the screen, then the second: the slider stays in view with each.
  for (const plot of ["loss", "thetaPerp"]) {
    const r = await p.evaluate((plot) => {
      document.querySelector(`figure[data-plot=${plot}]`).scrollIntoView({ block: "end" });
      const box = (el) => el.getBoundingClientRect().toJSON();
      return { slider: box(document.querySelector("input[aria-label='η / η_c']")), fig: box(document.querySelector(`figure[data-plot=${plot}]`)), h: innerHeight };
    }, plot);
    const on = (b) => b.top >= -1 && b.bottom <= r.h + 1 && b.height > 0;
    assert(on(r.slider) && on(r.fig), `${plot}: slider ${JSON.stringify(r.slider)} and plot ${JSON.stringify(r.fig)} are not both on a ${r.h}px screen`);
    assert(r.slider.bottom <= r.fig.top + 1 || r.fig.bottom <= r.slider.top + 1, `${plot}: the slider covers the plot`);
  }
  await p.screenshot({ path: join(shots, "phone-390.png") });
  await p.close();
});

test("no page errors were reported", async () => {
  assert(pageErrors.length === 0, pageErrors.join("\n"));
}, { always: true });

// ---------- run ----------
await runTests(tests, browser);
