// The report's figures at paper quality: properties of the generated SVG (not pixels). Ranges include every value and
// reference line, the period-2 bounce is drawn as two branches (no zigzag band, no gap columns), one legend per figure
// outside the data, labels in words, and a small bifurcation SVG whose first and last columns are not clipped.
import { describe, expect, it, onTestFinished } from "vitest";
import { initSync } from "../../src/index.js";
import { deepScalar } from "../../src/models/deep-scalar.js";
import { engineGeometry } from "../../src/codim1/geometry.js";
import { paperExperiment, paperFigureSvg, parityBranches } from "../../src/experiments/paper.js";
import { bifurcationSvg, bifurcationSweep } from "../../src/experiments/bifurcation.js";
import { paperStarts } from "../../src/experiments/starts.js";
import { experimentLinearRegression } from "../../src/seed/experiment-linear-regression.js";
import { formatSeedTable } from "../../src/cli/reports/seed-table.js";
import { htmlPage } from "../../src/plot/html-page.js";
import { CJK_FONT_CHARS, CJK_FONT_WOFF2_BASE64 } from "../../src/plot/cjk-font.js";
import { linePlotSvg } from "../../src/plot/line-plot.js";
import { runDeepLinearToDir } from "../../src/cli/reports/deep-linear-report.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const engine = initSync({ backend: "simd" });
const model = deepScalar({ depth: 5, target: 1 });
const result = paperExperiment(model, engineGeometry(engine));
const LAMBDA_STAR = 5;

interface Panel { rect: { L: number; T: number; R: number; B: number }; paths: string[]; texts: string[]; hLines: number[]; legendBoxes: number }

/** The panels of a panelsSvg figure: plot rectangle, data paths (d), texts and the y of each horizontal reference line. */
function panels(svg: string): Panel[] {
  return svg.split(/<svg x="/).slice(1).map((chunk) => {
    const body = chunk.slice(0, chunk.indexOf("</svg>"));
    const r = /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="none" stroke="#333"\/>/.exec(body)!;
    const [L, T, W, H] = r.slice(1).map(Number);
    const paths = [...body.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1]);
    const texts = [...body.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => m[1].replace(/<[^>]+>/g, ""));
    const hLines = [...body.matchAll(/<line x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)" y2="\1" stroke="#777"/g)].map((m) => Number(m[1]));
    return { rect: { L, T, R: L + W, B: T + H }, paths, texts, hLines, legendBoxes: (body.match(/fill-opacity="0.85"/g) ?? []).length };
  });
}

/** Subpaths of a path's d, each as its list of points. */
function subpaths(d: string): [number, number][][] {
  return d.split("M").filter(Boolean).map((sp) => sp.split("L").map((p) => p.replace(/h0$/, "").trim().split(/\s+/).map(Number) as [number, number]));
}

/** Fraction of interior points where the y-direction of a polyline reverses (a zigzag band: nearly all of them). */
function reversals(pts: [number, number][]): number {
  let n = 0, prev = 0;
  for (let i = 1; i < pts.length; i++) {
    const dy = Math.sign(pts[i][1] - pts[i - 1][1]);
    if (dy !== 0 && prev !== 0 && dy !== prev) n++;
    if (dy !== 0) prev = dy;
  }
  return n / Math.max(1, pts.length - 2);
}

const figs = result.figures.map((fig) => ({ fig, svg: paperFigureSvg(fig, LAMBDA_STAR) }));

describe("paper figures (Figs. 2–4)", () => {
  it("every drawn point and reference line lies inside its panel, with a margin for the reference lines", () => {
    for (const { svg } of figs) {
      for (const p of panels(svg)) {
        for (const d of p.paths) for (const sp of subpaths(d)) for (const [x, y] of sp) {
          expect(x).toBeGreaterThanOrEqual(p.rect.L - 0.5);
          expect(x).toBeLessThanOrEqual(p.rect.R + 0.5);
          expect(y).toBeGreaterThanOrEqual(p.rect.T - 0.5);
          expect(y).toBeLessThanOrEqual(p.rect.B + 0.5);
        }
        for (const y of p.hLines) {
          expect(y).toBeGreaterThan(p.rect.T + 3);
          expect(y).toBeLessThan(p.rect.B - 3);
        }
      }
    }
  }, 60_000);

  it("Fig. 2: the sharpness panel shows λ* and 2/η as reference lines, and λ(θ∥∞) between them", () => {
    const p = panels(figs[0].svg)[2];
    expect(p.hLines).toHaveLength(2);
    const [yTwoOverEta, yStar] = [...p.hLines].sort((a, b) => a - b); // pixel y grows downwards
    expect(p.texts.some((t) => t.includes("λ(θ∥) = 2/η"))).toBe(true);
    expect(p.texts.some((t) => t.includes("λ(θ∥) = λ*"))).toBe(true);
    // Linear axis: the pixel of each run's final gap, from the two reference pixels, lies strictly between them.
    const scale = (yStar - yTwoOverEta) / (2 / 0.39 - LAMBDA_STAR);
    for (const r of figs[0].fig.runs) {
      const yFinal = yStar - (r.final.lambdaPar - LAMBDA_STAR) * scale;
      expect(yFinal).toBeGreaterThan(yTwoOverEta);
      expect(yFinal).toBeLessThan(yStar);
    }
    // And the drawn lines end there: the last point of each start's path is within a pixel of it.
    p.paths.forEach((d, k) => {
      const sp = subpaths(d), last = sp[sp.length - 1].at(-1)!;
      const want = yStar - (figs[0].fig.runs[k].final.lambdaPar - LAMBDA_STAR) * scale;
      expect(Math.abs(last[1] - want)).toBeLessThan(1);
    });
  });

  it("|θ⊥| panels: even and odd branches as continuous lines, no zigzag band and no gap columns", () => {
    for (const { svg } of figs) {
      const p = panels(svg)[1];
      const data = p.paths.filter((d) => subpaths(d).flat().length > 2); // the reference slope has two points
      expect(data).toHaveLength(10);
      for (const d of data) {
        const sp = subpaths(d);
        expect(sp).toHaveLength(1); // finite, positive data: one unbroken line
        expect(reversals(sp[0])).toBeLessThan(0.1);
        for (let i = 1; i < sp[0].length; i++) expect(sp[0][i][0] - sp[0][i - 1][0]).toBeLessThan(40); // no x-gap wider than 40 px
      }
    }
  });

  it("the old single zigzag line reverses at almost every point (what the branches replace)", () => {
    const r = figs[2].fig.runs[0];
    const svg = linePlotSvg({ title: "", xLabel: "", yLabel: "", xLog: true, yLog: true, series: [{ label: "", x: r.series.step, y: r.series.thetaPerp.map(Math.abs) }] });
    const d = /<path d="([^"]*)"/.exec(svg)![1];
    expect(reversals(subpaths(d)[0])).toBeGreaterThan(0.3);
    const [even, odd] = parityBranches([1, 2, 3, 4], [0.5, -0.25, 0.5, -0.25]);
    expect(even).toEqual({ x: [2, 4], y: [0.25, 0.25] });
    expect(odd).toEqual({ x: [1, 3], y: [0.5, 0.5] });
  });

  it("one legend per figure, under the panels; labels in words; 'learning rate'; reference slopes on Fig. 3", () => {
    for (const { fig, svg } of figs) {
      expect((svg.match(/<g class="legend">/g) ?? []).length).toBe(1);
      const ps = panels(svg);
      for (const p of ps) expect(p.legendBoxes).toBe(0);
      const legendY = Number(/<g class="legend"><line x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)"/.exec(svg)![1]);
      expect(legendY).toBeGreaterThan(28 + 330 - 1); // below the panels (top 28, height 330)
      const texts = [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => m[1]);
      for (const label of ["distance along M to θ∥*, ‖θ∥ − θ∥*‖", "distance to the minimum manifold, |θ⊥|", "sharpness above λ*, λ(θ∥) − λ*", "step t"]) {
        expect(texts).toContain(label);
      }
      expect(texts.some((t) => t.includes(`learning rate η = ${fig.eta}`))).toBe(true);
      expect(svg).not.toMatch(/distPar|step size/);
      for (const s of ["start 1", "start 5", "|θ⊥| at even steps", "|θ⊥| at odd steps"]) expect(texts).toContain(s);
      const slopes = texts.filter((t) => t.startsWith("reference slope"));
      expect(slopes).toEqual(fig.regime === "critical" ? ["reference slope t^−½", "reference slope t^−1"] : []);
    }
  });

  it("Fig. 3: the reference slopes are −½ (‖θ∥ − θ∥*‖, |θ⊥|) and −1 (λ(θ∥) − λ*) in decades per decade", () => {
    const ps = panels(figs[1].svg);
    // Each panel's decades per pixel, from its own labelled ticks 10^k on both axes.
    for (const [i, a] of [[0, -0.5], [1, -0.5], [2, -1]] as const) {
      const p = ps[i];
      const ref = p.paths.map(subpaths).find((sp) => sp.length === 1 && sp[0].length === 2)!;
      const [[x0, y0], [x1, y1]] = ref[0];
      const chunk = figs[1].svg.split(/<svg x="/)[i + 1];
      const yt = [...chunk.matchAll(/<text x="[\d.]+" y="([\d.]+)" dy="0.32em" text-anchor="end">10<tspan[^>]*>(-?\d+)<\/tspan>/g)].map((m) => [Number(m[1]), Number(m[2])]);
      const xt = [...chunk.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">10<tspan[^>]*>(-?\d+)<\/tspan>/g)].map((m) => [Number(m[1]), Number(m[2])]);
      const yPerDecade = (yt[0][0] - yt[yt.length - 1][0]) / (yt[yt.length - 1][1] - yt[0][1]);
      const xPerDecade = (xt[xt.length - 1][0] - xt[0][0]) / (xt[xt.length - 1][1] - xt[0][1]);
      const slope = (-(y1 - y0) / yPerDecade) / ((x1 - x0) / xPerDecade);
      expect(slope).toBeCloseTo(a, 1);
    }
  });
});

describe("deep linear figure", () => {
  it("one legend under the panels, |θ⊥| as two unbroken branches per run, labels in words", () => {
    const dir = mkdtempSync(join(tmpdir(), "eoslab-fig-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const { svg } = runDeepLinearToDir(engine, dir);
    expect((svg.match(/<g class="legend">/g) ?? []).length).toBe(1);
    const ps = panels(svg);
    for (const p of ps) expect(p.legendBoxes).toBe(0);
    expect(ps[0].paths).toHaveLength(6);
    for (const d of ps[0].paths) expect(reversals(subpaths(d)[0])).toBeLessThan(0.1);
    expect(ps[0].texts).toContain("distance to the minimum manifold, |θ⊥|");
    expect(ps[2].hLines).toHaveLength(1);
  }, 60_000);
});

describe("bifurcation SVG", () => {
  const r = bifurcationSweep(model, engineGeometry(engine), { theta0: paperStarts()[0] }); // the report's sweep: 151 η, 10⁵ steps
  const svg = bifurcationSvg(r);

  it("is under 150 KB and draws every column inside the plot, the first and last ones included", () => {
    expect(svg.length).toBeLessThan(150_000);
    const rect = /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="none" stroke="#333"\/>/.exec(svg)!.slice(1).map(Number);
    const [L, , W] = rect;
    const dots = [...svg.matchAll(/<path d="([^"]*)"[^>]*stroke-linecap="round"/g)].flatMap((m) => subpaths(m[1]).flat());
    const xs = dots.map(([x]) => x);
    expect(Math.min(...xs)).toBeGreaterThan(L + 2);
    expect(Math.max(...xs)).toBeLessThan(L + W - 2); // the last column (η = 0.5) is not cut by the clip
    // One column per η with a finite attractor, and each distinct value of a column drawn (to half a pixel).
    const columns = new Set(xs.map((x) => Math.round(x)));
    expect(columns.size).toBeGreaterThanOrEqual(r.points.filter((p) => p.attractor.length).length - 2); // neighbours may share a pixel
    expect(svg).toContain("learning rate η");
    expect((svg.match(/<g class="legend">/g) ?? []).length).toBe(1);
  });
});

describe("the seed's Chinese claims", () => {
  it("each is printed with its English gloss, last in its row; report.html embeds a font subset that covers them", () => {
    const seed = experimentLinearRegression({ steps: 1000, engine });
    const table = formatSeedTable(seed);
    const withCjk = table.split("\n").filter((l) => /[\u4e00-\u9fff]/.test(l));
    expect(withCjk.length).toBeGreaterThanOrEqual(6);
    // Gloss beside each claim, and nothing after it (CJK characters are two columns wide and would shift what follows).
    for (const line of withCjk) expect(line).toMatch(/[\u4e00-\u9fff]+ \((fast exponential|exponential|slow|power-law|oscillating) convergence\)\s*$/);
    // Every CJK character the claims use is in the embedded subset (its list is read from the subset's character map).
    for (const ch of new Set(table.match(/[\u4e00-\u9fff]/g))) expect(CJK_FONT_CHARS).toContain(ch);
    const woff2 = Buffer.from(CJK_FONT_WOFF2_BASE64, "base64");
    expect(woff2.subarray(0, 4).toString("latin1")).toBe("wOF2");
    expect(woff2.readUInt32BE(8)).toBe(woff2.length); // the WOFF2 header's total length: the data is whole
    const html = htmlPage("t", [{ title: "seed", pre: [table] }]);
    expect(html).toContain(`@font-face{font-family:'eoslab-cjk';src:url(data:font/woff2;base64,${CJK_FONT_WOFF2_BASE64})`);
    expect(html).toMatch(/pre,code\{font-family:[^}]*'eoslab-cjk'/);
    expect(html).toMatch(/body\{font-family:[^}]*'eoslab-cjk'/);
    expect(html).toContain("(fast exponential convergence)");
  });
});
