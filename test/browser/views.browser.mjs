// `npm run test:browser` (called from run.browser.mjs) or `node test/browser/views.browser.mjs` alone: the
// <eos-view> views (src/browser/views/) in Debian's /usr/bin/chromium, driven by playwright-core. Each view must
// show the library's own numbers, recomputed here in Node from dist/index.js: the catapult's outcome and peak loss
// ratio at three η (one per phase), the sharpening run's first step at the edge, mean ηλ/2 and fraction of loss
// increases for both networks, and the regime map's cells against the lines of a merged JSONL that `eoslab sweep
// --spec` (two shards) and `eoslab merge` write here. Bad files must give one line on the page, never an exception.
// Needs `npm run build:ts && npm run build:bundle`. Ends with "N passed, N failed".
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assert, openBrowser, root, runTests, shots, testRegistry } from "./harness.mjs";

// One directory per run (served with the repository; screenshots/ is git-ignored), removed at the end.
const fixtureName = `views-fixture-${process.pid}`;
const fixture = join(shots, fixtureName);

for (const f of ["dist/index.js", "dist/cli/index.js", "demo/build/eos-views.js", "demo/build/wasm/binaries.js"]) {
  if (!existsSync(join(root, f))) {
    console.error(`missing ${f}: run \`npm run build:ts && npm run build:bundle\` first`);
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
}

const { tests, test } = testRegistry();
/** a and b agree to `rel` relative (1e-12 when not given). */
function close(a, b, what, rel = 1e-12) {
  assert(typeof a === "number" && typeof b === "number" && Math.abs(a - b) <= rel * Math.max(1e-300, Math.abs(b)), `${what}: browser ${a}, reference ${b} (relative difference ${Math.abs(a - b) / Math.abs(b)} > ${rel})`);
}
/** The same call of the library on the page's main thread (dist/eoslab.browser.js): the same JS engine as the view's worker. */
async function inPage(p, body, arg) {
  return p.evaluate(async ([body, arg]) => {
    const lib = await import("/dist/eoslab.browser.js");
    lib.initSync();
    return new Function("lib", "arg", body)(lib, arg);
  }, [body, arg]);
}
// Node 20's V8 and this Chromium's V8 round Math.exp, Math.log, Math.tanh, … differently in the last bit on some
// arguments (measured 2026-11-29, 20 000 arguments each: exp 2010, log 681, tanh 4 differ); at the edge of stability
// GD grows such a bit into a 0.2 % difference in mean ηλ/2 within 400 steps. The models therefore call the portable
// functions of src/linalg/portable-math.ts (only +, −, ×, ÷ and bit reads: docs/determinism-and-memory.md), and the
// catapult and sharpening views must show exactly Node's numbers: bit for bit, with the library on the page's main
// thread (the same engine as the view's worker) checked the same way.
/** a and b are the same double (Object.is: −0 and NaN count too). */
function bitEqual(a, b, what) {
  assert(Object.is(a, b), `${what}: browser ${a}, Node ${b} (not bit-identical${typeof a === "number" && typeof b === "number" ? `, relative difference ${Math.abs(a - b) / Math.abs(b)}` : ""})`);
}

// ---------- the fixtures: a merged two-axis sweep, a one-axis sweep, bad files ----------
mkdirSync(fixture, { recursive: true });
process.on("exit", () => rmSync(fixture, { recursive: true, force: true, maxRetries: 3 }));
const cli = (args) => execFileSync(process.execPath, [join(root, "dist/cli/index.js"), ...args], { cwd: fixture, stdio: ["ignore", "pipe", "pipe"] }).toString();
writeFileSync(join(fixture, "map.json"), JSON.stringify({ model: "deep-scalar", fixed: { target: 1 }, axes: { etaFrac: [0.9, 1.05, 1.3], depth: [2, 3, 4] }, steps: 2000, tail: 32 }));
cli(["sweep", "--spec", "map.json", "--shard", "1/2", "--jsonl", "map-1.jsonl", "--quiet"]);
cli(["sweep", "--spec", "map.json", "--shard", "2/2", "--jsonl", "map-2.jsonl", "--quiet"]);
cli(["merge", "map-1.jsonl", "map-2.jsonl", "--out", "map.jsonl"]);
writeFileSync(join(fixture, "line.json"), JSON.stringify({ model: "deep-scalar", fixed: { target: 1, depth: 3 }, axes: { etaFrac: { from: 0.9, to: 1.3, count: 5 } }, steps: 2000, tail: 16 }));
cli(["sweep", "--spec", "line.json", "--jsonl", "line-all.jsonl", "--quiet"]);
cli(["merge", "line-all.jsonl", "--out", "line.jsonl"]);
const mapText = readFileSync(join(fixture, "map.jsonl"), "utf8");
const [mapHeader, ...mapRows] = mapText.trim().split("\n").map((l) => JSON.parse(l));
assert(mapRows.length === 9, `the merged fixture has ${mapRows.length} points, not 9`);
writeFileSync(join(fixture, "bad.jsonl"), "this is not a sweep\n{\"a\":1}\n");
writeFileSync(join(fixture, "bad-row.jsonl"), mapText.split("\n")[0] + "\n" + mapText.split("\n")[1] + "\n{\"index\": 5, \"coords\": {\"etaFrac\": 0.9}}\n");
writeFileSync(join(fixture, "concatenated.jsonl"), readFileSync(join(fixture, "map-1.jsonl"), "utf8") + readFileSync(join(fixture, "map-2.jsonl"), "utf8"));

const page = (body) => `<!doctype html><html><head><meta charset="utf-8"><title>views</title><link rel="icon" href="data:,"></head>
<body style="margin:16px;max-width:1000px">${body}<script type="module" src="/demo/build/eos-views.js"></script></body></html>`;
writeFileSync(join(fixture, "catapult.html"), page(`<eos-view id="v" view="catapult" width="256" seed="3" etafrac="1.5"></eos-view>`));
writeFileSync(join(fixture, "sharpening.html"), page(`<eos-view id="v" view="sharpening" model="tanh-mlp" eta="0.002" steps="400"></eos-view>`));
writeFileSync(join(fixture, "map.html"), page(`<eos-view id="v" view="regime-map" src="map.jsonl"></eos-view>`));
writeFileSync(join(fixture, "empty-map.html"), page(`<eos-view id="v" view="regime-map" theme="dark"></eos-view><eos-view id="u" view="nonsense"></eos-view>`));
writeFileSync(join(fixture, "missing.html"), page(`<eos-view id="v" view="regime-map" src="no-such-file.jsonl"></eos-view><eos-view id="w" view="catapult" width="100"></eos-view>`));

// ---------- the browser ----------
// A missing file is a test here (missing.html): its 404 is not a page error.
const browser = await openBrowser({ profilePrefix: "eoslab-views-chromium-", viewport: { width: 1100, height: 900 }, ignoreConsole: /Failed to load resource/ });
const { pageErrors, openPage } = browser;
const node = await import(join(root, "dist/index.js"));
node.initSync();

/** Waits for the view's state to become `state` after `before` (a counter of results seen) and returns what it shows. */
async function settled(p, state = "done", id = "v") {
  await p.waitForFunction(([id, state]) => document.getElementById(id)?.dataset.state === state, [id, state], { timeout: 120_000 });
  return p.evaluate((id) => {
    const el = document.getElementById(id);
    const fields = {};
    for (const n of el.querySelectorAll("[data-field]")) fields[n.dataset.field] = n.dataset.value;
    return {
      result: el.result ? { ...el.result, svg: undefined, svgLength: el.result.svg.length } : null,
      fields,
      status: el.querySelector(".eos-view-status")?.textContent ?? "",
      caption: el.querySelector(".eos-view-caption")?.textContent ?? "",
      svgText: [...el.querySelectorAll(".eos-view-figure svg")].map((g) => g.textContent).join("\n"),
    };
  }, id);
}

/** Moves a range input to `value` as a reader does (an input event), then waits for the run it starts. */
async function slide(p, label, value) {
  await p.evaluate(([label, value]) => {
    const el = document.getElementById("v");
    el.dataset.state = "moving";
    const s = el.querySelector(`input[aria-label='${label}']`);
    s.value = String(value);
    s.dispatchEvent(new Event("input", { bubbles: true }));
  }, [label, value]);
  return settled(p);
}

// ---------- catapult ----------
test("catapult view: outcome and peak loss ratio equal catapultSweep in Node, one η per phase", async () => {
  const p = await openPage(`screenshots/${fixtureName}/catapult.html`);
  const seen = {};
  for (const etaFrac of [1.5, 0.5, 2.5]) {
    const v = etaFrac === 1.5 ? await settled(p) : await slide(p, "η·λ₀/2", etaFrac);
    const args = { width: 256, seed: 3, grid: [etaFrac], refine: 0, steps: 300 };
    const same = await inPage(p, "const r = lib.catapultSweep(arg); return { lambda0: r.lambda0, row: r.rows[0] };", args);
    assert(v.fields.outcome === same.row.outcome && v.fields.stepBelow === String(same.row.stepBelow), `η·λ₀/2 = ${etaFrac}: page ${v.fields.outcome}/${v.fields.stepBelow}, library on the page ${same.row.outcome}/${same.row.stepBelow}`);
    for (const [k, a, b] of [["peakLossRatio", v.fields.peakLossRatio, same.row.peakLossRatio], ["lambda0", v.fields.lambda0, same.lambda0], ["eta", v.fields.eta, same.row.eta]]) {
      assert(Object.is(Number(a), b), `η·λ₀/2 = ${etaFrac}: ${k} on the page ${a}, the library on the page's main thread ${b}`);
    }
    const ref = node.catapultSweep(args);
    const row = ref.rows[0];
    assert(v.result.params.etaFrac === etaFrac && v.result.params.width === 256 && v.result.params.seed === 3, `ran ${JSON.stringify(v.result.params)}`);
    assert(v.fields.outcome === row.outcome, `η·λ₀/2 = ${etaFrac}: the page says ${v.fields.outcome}, catapultSweep in Node ${row.outcome}`);
    bitEqual(Number(v.fields.peakLossRatio), row.peakLossRatio, `η·λ₀/2 = ${etaFrac}: peak loss ratio vs Node`);
    bitEqual(Number(v.fields.lambda0), ref.lambda0, "λ₀ vs Node");
    bitEqual(Number(v.fields.eta), row.eta, "η vs Node");
    bitEqual(same.row.peakLossRatio, row.peakLossRatio, `η·λ₀/2 = ${etaFrac}: the library on the page's main thread vs Node`);
    assert(String(row.stepBelow) === v.fields.stepBelow, `first step below 2/η: page ${v.fields.stepBelow}, Node ${row.stepBelow}`);
    // The classifier's rules, read off the page's own numbers (docs/design.md §4): a catapult rose above 2·ℓ₀ and ended with ηλ < 2.
    if (row.outcome === "catapult") assert(Number(v.fields.peakLossRatio) > 2 && Number(v.fields.etaLambdaFinal) < 2, `catapult numbers ${JSON.stringify(v.fields)}`);
    if (row.outcome === "lazy") assert(Number(v.fields.peakLossRatio) <= 2, `lazy with peak ${v.fields.peakLossRatio}`);
    assert(v.svgText.includes("2/η"), "the λ plot has no 2/η line label");
    const phase = { lazy: "Lazy phase", catapult: "Catapult phase", diverged: "Diverged" }[row.outcome];
    assert(v.caption.startsWith(phase) && v.caption.length > 200, `caption for ${row.outcome}: ${v.caption.slice(0, 80)}`);
    seen[row.outcome] = etaFrac;
    if (etaFrac === 1.5) await p.screenshot({ path: join(shots, "view-catapult.png"), fullPage: true });
  }
  assert(Object.keys(seen).length === 3, `the three η·λ₀/2 gave ${JSON.stringify(seen)}, not one of each phase (lazy 0.5, catapult 1.5, diverged 2.5 as predicted)`);
  assert(p.workers().length === 1, `${p.workers().length} workers`);
  await p.close();
});

// ---------- sharpening ----------
test("sharpening view: first step at 0.9·2/η, mean ηλ/2 and loss-up fraction equal sharpeningExperiment in Node (both networks)", async () => {
  const p = await openPage(`screenshots/${fixtureName}/sharpening.html`);
  const cases = [
    { model: "tanh-mlp", spec: { kind: "tanh-mlp", n: 200, d: 4, h: 16 }, initScale: 1, eta: 0.002 },
    { model: "deep-linear-data", spec: { kind: "deep-linear-data", n: 200, d: 4, widths: [4, 16, 16, 1] }, initScale: 0.1, eta: 0.0021 },
  ];
  for (const c of cases) {
    let v;
    if (c.model === "tanh-mlp") v = await settled(p);
    else {
      await p.evaluate(() => {
        const el = document.getElementById("v");
        el.dataset.state = "moving";
        const s = el.querySelector("select[aria-label='model']");
        s.value = "deep-linear-data";
        s.dispatchEvent(new Event("change", { bubbles: true }));
      });
      v = await settled(p);
    }
    const steps = 400, every = Math.round(steps / 80);
    assert(v.result.params.model === c.model && v.result.params.eta === c.eta && v.result.params.steps === steps && v.result.params.every === every, `ran ${JSON.stringify(v.result.params)}`);
    const args = { spec: c.spec, etas: [c.eta], steps, every, initScale: c.initScale };
    const same = await inPage(p, "const r = lib.sharpeningExperiment(arg).runs[0]; return { reachStep: r.reachStep, mean: r.afterReach ? r.afterReach.mean : null, up: r.lossUpFraction };", args);
    assert(v.fields.reachStep === String(same.reachStep), `${c.model}: first step with λ ≥ 0.9·2/η: page ${v.fields.reachStep}, library on the page ${same.reachStep}`);
    assert(Object.is(Number(v.fields.lossUpFraction), same.up), `${c.model}: loss-up fraction: page ${v.fields.lossUpFraction}, library on the page ${same.up}`);
    assert(v.fields.afterMean === String(same.mean), `${c.model}: mean ηλ/2: page ${v.fields.afterMean}, library on the page ${same.mean}`);
    const ref = node.sharpeningExperiment(args).runs[0];
    assert(v.fields.reachStep === String(ref.reachStep), `${c.model}: first step with λ ≥ 0.9·2/η: page ${v.fields.reachStep}, Node ${ref.reachStep}`);
    bitEqual(Number(v.fields.lossUpFraction), ref.lossUpFraction, `${c.model}: fraction of loss increases vs Node`);
    if (ref.afterReach) {
      bitEqual(Number(v.fields.afterMean), ref.afterReach.mean, `${c.model}: mean ηλ/2 after reaching vs Node`);
      bitEqual(same.mean, ref.afterReach.mean, `${c.model}: mean ηλ/2, the library on the page's main thread vs Node`);
    } else assert(v.fields.afterMean === "null", `${c.model}: mean shown ${v.fields.afterMean} though λ never reached 0.9·2/η`);
    console.log(`    ${c.model}: reach ${ref.reachStep}; mean ηλ/2 page ${v.fields.afterMean} Node ${ref.afterReach?.mean}; up page ${v.fields.lossUpFraction} Node ${ref.lossUpFraction}`);
    // The loss-up fraction by its definition, from the run's loss in Node: ℓ_{t+1} > (1 + 1e-10)·ℓ_t.
    let up = 0;
    for (let t = 0; t + 1 < ref.loss.length; t++) if (ref.loss[t + 1] > (1 + 1e-10) * ref.loss[t]) up++;
    close(ref.lossUpFraction, up / (ref.loss.length - 1), `${c.model}: Node's loss-up fraction vs a plain count`);
    assert(v.svgText.includes("2/η"), "no 2/η line");
    assert(v.caption.length > 150, `caption: ${v.caption}`);
    if (c.model === "tanh-mlp") {
      assert(ref.reachStep !== null, "the tanh MLP at η = 0.002 should reach the edge in 400 steps (docs/sharpening.md: step 75)");
      await p.screenshot({ path: join(shots, "view-sharpening.png"), fullPage: true });
    }
  }
  await p.close();
});

// ---------- regime map ----------
/** The drawn cells: label per (data-x, data-y). */
const cellsOf = (p) => p.evaluate(() => [...document.querySelectorAll("#v .eos-view-figure rect[data-label]")].map((r) => ({ x: Number(r.dataset.x), y: Number(r.dataset.y), label: r.dataset.label })));

test("regime-map view (src): every cell shows the label of its line in the merged JSONL", async () => {
  const p = await openPage(`screenshots/${fixtureName}/map.html`);
  const v = await settled(p);
  assert(v.result.figure === "regime-map" && v.result.points === 9, `figure ${v.result.figure}, ${v.result.points} points`);
  const cells = await cellsOf(p);
  assert(cells.length === 9, `${cells.length} cells drawn`);
  // x is η/η_c (the map puts η on x), y is the depth: positions from the spec's own value lists.
  const xs = mapHeader.spec.axes.etaFrac, ys = mapHeader.spec.axes.depth;
  for (const row of mapRows) {
    const i = xs.indexOf(row.coords.etaFrac), j = ys.indexOf(row.coords.depth);
    const c = cells.find((c) => c.x === i && c.y === j);
    assert(c && c.label === row.observed, `cell η/η_c = ${row.coords.etaFrac}, depth ${row.coords.depth}: page ${c?.label}, file ${row.observed}`);
  }
  // And the library's grid in Node gives the same cells.
  const grid = node.regimeMapGrid(node.parseSweepSpec(mapHeader.spec), mapRows);
  for (const c of cells) assert(grid.cells[c.y][c.x] === c.label, `regimeMapGrid cell (${c.x}, ${c.y}) = ${grid.cells[c.y][c.x]}, page ${c.label}`);
  const labels = new Set(mapRows.map((r) => r.observed));
  assert(v.fields.labels.split(",").length === labels.size, `labels ${v.fields.labels} vs ${[...labels]}`);
  await p.screenshot({ path: join(shots, "view-regime-map.png"), fullPage: true });
  await p.close();
});

test("regime-map view (file input, drop): bad files get one line on the page; good ones draw", async () => {
  const p = await openPage(`screenshots/${fixtureName}/empty-map.html`);
  await settled(p, "idle");
  const theme = await p.evaluate(() => document.querySelector("#v .eos-view").dataset.eosTheme);
  assert(theme === "dark", `theme="dark" gives data-eos-theme ${theme}`);
  const unknown = await settled(p, "error", "u");
  assert(/Unknown view "nonsense"/.test(unknown.status), `unknown view: ${unknown.status}`);
  const input = p.locator("#v input[type=file]");
  const bads = [
    ["bad.jsonl", /^Could not draw bad\.jsonl: line 1 is not JSON/],
    ["bad-row.jsonl", /^Could not draw bad-row\.jsonl: line 3 is not a sweep point/],
    ["concatenated.jsonl", /^Could not draw concatenated\.jsonl: line \d+ is a second sweep header: merge the shard files/],
  ];
  for (const [file, re] of bads) {
    await p.evaluate(() => (document.getElementById("v").dataset.state = "moving"));
    await input.setInputFiles(join(fixture, file));
    const v = await settled(p, "error");
    assert(re.test(v.status) && !v.status.includes("\n"), `${file}: ${JSON.stringify(v.status)}`);
    assert(v.svgText === "", `${file}: a figure is still shown`);
  }
  // An empty file, by drag and drop.
  const drop = (name, text) => p.evaluate(([name, text]) => {
    const el = document.getElementById("v");
    el.dataset.state = "moving";
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type: "text/plain" }));
    el.querySelector(".eos-view-drop").dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [name, text]);
  await drop("empty.jsonl", "");
  const empty = await settled(p, "error");
  assert(/^Could not draw empty\.jsonl: the file is empty/.test(empty.status), empty.status);
  // A good one-axis file by drop: the bifurcation diagram.
  await drop("line.jsonl", readFileSync(join(fixture, "line.jsonl"), "utf8"));
  const line = await settled(p);
  assert(line.result.figure === "bifurcation" && line.result.points === 5 && line.result.svgLength > 1000, `one-axis file: ${JSON.stringify(line.result).slice(0, 200)}`);
  // And the two-axis file through the file input.
  await p.evaluate(() => (document.getElementById("v").dataset.state = "moving"));
  await input.setInputFiles(join(fixture, "map.jsonl"));
  const map = await settled(p);
  assert(map.result.figure === "regime-map" && (await cellsOf(p)).length === 9, "the map did not draw after the bad files");
  await p.screenshot({ path: join(shots, "view-regime-map-dark.png"), fullPage: true });
  await p.close();
});

test("a src that does not load, and a width the catapult does not offer, give one line each", async () => {
  const p = await openPage(`screenshots/${fixtureName}/missing.html`);
  const v = await settled(p, "error");
  assert(/^Could not draw no-such-file\.jsonl: could not load .*HTTP 404$/.test(v.status), v.status);
  const w = await settled(p, "error", "w");
  assert(/^Could not run: width must be one of 64, 128, 256, 512, 1024, 2048, 4096, got 100$/.test(w.status), w.status);
  await p.close();
});

test("demo/views.html: the three views render, each in its own worker, started when scrolled into view", async () => {
  const p = await openPage("demo/views.html");
  await p.waitForFunction(() => document.querySelectorAll("eos-view")[0].dataset.state === "done", null, { timeout: 120_000 });
  const before = await p.evaluate(() => document.querySelectorAll("eos-view")[2].dataset.state);
  assert(before === "waiting", `the regime map below the fold is "${before}", not waiting`);
  assert(p.workers().length <= 2, `${p.workers().length} workers before the regime map was scrolled to`);
  await p.evaluate(() => document.querySelectorAll("eos-view")[1].scrollIntoView());
  await p.evaluate(() => document.querySelectorAll("eos-view")[2].scrollIntoView());
  await p.waitForFunction(() => [...document.querySelectorAll("eos-view")].every((v) => v.dataset.state === "done"), null, { timeout: 120_000 });
  const kinds = await p.evaluate(() => [...document.querySelectorAll("eos-view")].map((v) => v.result.kind));
  assert(kinds.join() === "catapult,sharpening,regime-map", `views: ${kinds}`);
  assert(p.workers().length === 3, `${p.workers().length} workers`);
  await p.screenshot({ path: join(shots, "view-demo.png"), fullPage: true });
  await p.close();
});

test("catapult view at width 4096: the widest choice runs in the worker within a few seconds", async () => {
  writeFileSync(join(fixture, "wide.html"), page(`<eos-view id="v" view="catapult" width="4096" seed="0" etafrac="1.5"></eos-view>`));
  const p = await openPage(`screenshots/${fixtureName}/wide.html`);
  const v = await settled(p);
  const ref = node.catapultSweep({ width: 4096, seed: 0, grid: [1.5], refine: 0, steps: 300 }).rows[0];
  assert(v.fields.outcome === ref.outcome, `width 4096: page ${v.fields.outcome}, Node ${ref.outcome}`);
  bitEqual(Number(v.fields.peakLossRatio), ref.peakLossRatio, "width 4096: peak loss ratio vs Node");
  console.log(`    width 4096: ${v.status}`);
  await p.close();
});

test("catapult view: a slider move during a run supersedes it (the last settings win); fits a 390 px phone", async () => {
  // 2000 steps: at width 4096 a run then takes several seconds, far longer than the slider's 250 ms debounce, so
  // the slider move below always lands during it; the last run (η·λ₀/2 = 2.5) blows up within a few steps.
  writeFileSync(join(fixture, "supersede.html"), page(`<eos-view id="v" view="catapult" width="64" seed="0" etafrac="1.5" steps="2000"></eos-view>`));
  const p = await openPage(`screenshots/${fixtureName}/supersede.html`);
  await p.setViewportSize({ width: 390, height: 844 });
  await settled(p);
  const first = p.workers()[0];
  const firstClosed = new Promise((resolve) => first.once("close", resolve));
  // Start a slow run (width 4096, η·λ₀/2 = 0.5), and move the slider while it runs.
  await p.evaluate(() => {
    const el = document.getElementById("v");
    el.dataset.state = "moving";
    const s = el.querySelector("select[aria-label='width m']");
    s.value = "4096";
    el.querySelector("input[aria-label='η·λ₀/2']").value = "0.5";
    s.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await p.waitForFunction(() => document.getElementById("v").dataset.state === "running", null, { timeout: 30_000 });
  const v = await slide(p, "η·λ₀/2", 2.5);
  assert(v.result.params.etaFrac === 2.5 && v.result.params.width === 4096, `the shown run is ${JSON.stringify(v.result.params)}, not the last settings`);
  const ref = node.catapultSweep({ width: 4096, seed: 0, grid: [2.5], refine: 0, steps: 2000 }).rows[0];
  assert(v.fields.outcome === ref.outcome, `after the supersede: page ${v.fields.outcome}, Node ${ref.outcome}`);
  // The superseded run's worker was ended (terminate), not left computing: its close event has come.
  let timer;
  const closed = await Promise.race([firstClosed.then(() => true), new Promise((r) => (timer = setTimeout(() => r(false), 10_000)))]);
  clearTimeout(timer);
  assert(closed, "the worker of the superseded run was not ended");
  assert(p.workers().length === 1, `${p.workers().length} workers after a superseded run`);
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `the page is ${overflow}px wider than a 390 px window`);
  await p.screenshot({ path: join(shots, "view-catapult-390.png"), fullPage: true });
  await p.close();
});

test("src/linalg/portable-math.ts: Chromium computes Node's bits on 20 000 arguments per function (Math.*'s differences are counted, not required)", async () => {
  const p = await openPage(`screenshots/${fixtureName}/catapult.html`);
  // The same arguments on both sides: a fixed irrational-step spread, so no random seed is involved.
  const body = (P, M) => {
    const xs = (lo, hi) => Array.from({ length: 20000 }, (_, i) => lo + (hi - lo) * ((i * 0.6180339887498949) % 1));
    const out = {};
    const run = (name, f, g, args) => { out[name] = [args.map(f), g ? args.map(g) : null]; };
    run("exp", P.portableExp, M.exp, xs(-700, 700));
    run("expm1", P.portableExpm1, M.expm1, xs(-40, 40));
    run("log", P.portableLog, M.log, xs(-700, 700).map((t) => P.portableExp(t))); // Math.exp here would give other arguments
    run("tanh", P.portableTanh, M.tanh, xs(-20, 20));
    run("sin", P.portableSin, M.sin, xs(-1e4, 1e4));
    run("cos", P.portableCos, M.cos, xs(-1e4, 1e4));
    run("pow", (x) => P.portablePow(x, 1 / 3), (x) => M.pow(x, 1 / 3), xs(1e-3, 1e3));
    return out;
  };
  const inChromium = await p.evaluate(async (src) => {
    const P = await import("/dist/linalg/portable-math.js");
    return new Function("P", "M", `return (${src})(P, M);`)(P, Math);
  }, body.toString());
  const inNode = body(await import(join(root, "dist/linalg/portable-math.js")), Math);
  const mathDiffers = {};
  for (const [name, [portable, math]] of Object.entries(inNode)) {
    const [portableC, mathC] = inChromium[name];
    const bad = portable.findIndex((v, i) => !Object.is(v, portableC[i]));
    assert(bad < 0, `${name}: argument ${bad} gives ${portable[bad]} in Node, ${portableC[bad]} in Chromium`);
    mathDiffers[name] = math.filter((v, i) => !Object.is(v, mathC[i])).length;
  }
  console.log(`    Math.* results that differ between Node and Chromium on the same 20 000 arguments: ${JSON.stringify(mathDiffers)}`);
  await p.close();
});

test("no page errors were reported", async () => {
  assert(pageErrors.length === 0, pageErrors.join("\n"));
}, { always: true });

await runTests(tests, browser, "views: ");
