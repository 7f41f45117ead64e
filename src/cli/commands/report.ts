import type { Command } from "commander";
import { init } from "../../init.js";
import { paperRows } from "../../experiments/paper.js";
import { htmlPage } from "../../plot/html-page.js";
import { experimentLinearRegression } from "../../seed/experiment-linear-regression.js";
import { formatPaperTable } from "../../experiments/paper-table.js";
import { stringifySafe } from "../../series/json-safe.js";
import { info } from "../log.js";
import type { CommandRegistrar } from "../program.js";
import { ensureOutDir, writeOut } from "../../node/write-out.js";
import { backendFlag, backendOption } from "../options/backend.js";
import { paperSections, runPaperToDir } from "../reports/paper-report.js";
import { formatSeedTable } from "../reports/seed-table.js";
import { formatSweep, runSweepToDir, sweepSummary } from "../reports/sweep-report.js";
import { etaSweepSettings } from "../options/sweep-flags.js";
import { runDeepLinearToDir } from "../reports/deep-linear-report.js";
import { runTanhChainToDir } from "../reports/tanh-chain-report.js";
import { formatThreeRegimes, threeRegimesJson, threeRegimesSection } from "../reports/three-regimes-report.js";
import { catapultReportJson, catapultSection, formatCatapultReport, runCatapultToDir } from "../reports/catapult-report.js";
import { formatGfsReport, gfsReportJson, gfsSection, runGfsToDir } from "../reports/gfs-report.js";
import { formatSharpeningReport, runSharpeningToDir, sharpeningReportJson, sharpeningSection } from "../reports/sharpening-report.js";

/**
 * `eoslab report`: the main job. The seed report, the paper reproduction, the bifurcation sweep, then the deep linear
 * network's three regimes, the catapult, the GFS-sharpness check and progressive sharpening, printed and written to out/report.html.
 */
export const registerReport: CommandRegistrar = (program: Command) => {
  program
    .command("report")
    .description("the main job (npm start): the seed's experiment told truthfully, the paper's three regimes, the bifurcation sweep, the deep linear network's regimes, the catapult, the GFS-sharpness check and progressive sharpening on a tanh MLP and a deep linear network; writes out/report.html")
    .option("--out <dir>", "directory for report.html and the figures", "out")
    .addOption(backendOption())
    .option("--json", "print one JSON object on stdout {seed, paper: {rows, checks}, bifurcation: {segments, points}, deepLinear: {rows, runs}, tanhChain: {rows, runs}, catapult: {lambda0, rows, edges}, gfs: {rows}, sharpening: {runs}, files} instead of the tables")
    .option("--wide", "the seed and paper tables with every column on one row (up to about 260 columns); default: fit 100 columns")
    .action(async (f: { out: string; backend?: string; json?: boolean; wide?: boolean }) => {
      const backend = backendFlag(f.backend);
      const t0 = performance.now();
      // The tables go to stdout as each part finishes, unless --json asks for one object at the end.
      const print = (s: string) => {
        if (!f.json) process.stdout.write(s);
      };
      ensureOutDir(f.out);
      const engine = await init({ backend });
      const seed = experimentLinearRegression({ steps: 1000, engine });
      const seedTable = formatSeedTable(seed, { wide: f.wide });
      print("== 1. The seed's experiment ==\n\n" + seedTable + "\n\n");
      const paper = runPaperToDir(engine, f.out, info);
      const paperTable = formatPaperTable(paper.result, { wide: f.wide });
      print("== 2. The paper's three regimes ==\n\n" + paperTable + "\n\n");
      // eoslab sweep with every flag at its default.
      const sweep = runSweepToDir(engine, etaSweepSettings({}), f.out);
      const sweepText = formatSweep(sweep.result);
      print("== 3. Beyond η_c: bifurcation sweep ==\n\n" + sweepText + "\n\n");
      const deepLin = runDeepLinearToDir(engine, f.out);
      const deepLinText = formatThreeRegimes(deepLin);
      print(`== ${deepLin.case.title} ==\n\n` + deepLinText + "\n\n");
      const tanh = runTanhChainToDir(engine, f.out);
      const tanhText = formatThreeRegimes(tanh);
      print(`== ${tanh.case.title} ==\n\n` + tanhText + "\n\n");
      const cat = runCatapultToDir(f.out);
      const catText = formatCatapultReport(cat);
      print("== 6. The catapult (Lewkowycz et al. 2020) ==\n\n" + catText + "\n\n");
      const gfs = runGfsToDir(engine, f.out);
      const gfsText = formatGfsReport(gfs);
      print("== 7. GFS sharpness (Kreisler et al. 2023) on the paper's runs ==\n\n" + gfsText + "\n\n");
      const sharp = runSharpeningToDir(engine, f.out);
      const sharpText = formatSharpeningReport(sharp);
      print("== 8. Progressive sharpening and the edge of stability (Cohen et al. 2021) ==\n\n" + sharpText + "\n\n");
      const html = writeOut(f.out, "report.html", htmlPage("eoslab report", [
        { title: "1. The seed's experiment, rerun exactly", pre: [seedTable] },
        ...paperSections(paper).map((s) => ({ ...s, title: "2. " + s.title })),
        { title: "3. Beyond η_c: bifurcation diagram", text: ["Depth 5, y = 1, from the paper's first start; for each η the last 64 values of θ⊥ after 10⁵ steps, coloured by the observed label."], svgs: [sweep.svg], pre: [sweepText] },
        threeRegimesSection(deepLin, deepLinText),
        threeRegimesSection(tanh, tanhText),
        catapultSection(cat, catText),
        gfsSection(gfs, gfsText),
        sharpeningSection(sharp, sharpText),
      ]));
      const elapsedMs = performance.now() - t0;
      if (!f.json) {
        process.stdout.write(`Wrote ${html} (figures beside it). Total ${(elapsedMs / 1000).toFixed(1)} s.\n`);
        return;
      }
      const rows = paperRows(paper.result);
      const r = paper.result;
      process.stdout.write(stringifySafe({
        backend: engine.kind, elapsedMs,
        seed,
        paper: {
          depth: r.depth, target: r.target, lambdaStar: r.lambdaStar, etaCritical: r.etaCritical, rows,
          checks: {
            passed: rows.reduce((s, x) => s + x.checksPassed, 0), total: rows.reduce((s, x) => s + x.checksTotal, 0),
            failed: rows.flatMap((x) => x.failed.map((name) => ({ figure: x.figure, start: x.start, check: name }))),
          },
        },
        bifurcation: sweepSummary(sweep.result),
        deepLinear: threeRegimesJson(deepLin),
        tanhChain: threeRegimesJson(tanh),
        catapult: catapultReportJson(cat),
        gfs: gfsReportJson(gfs),
        sharpening: sharpeningReportJson(sharp),
        files: { html, paperFigures: paper.svgs.map((s) => s.path), bifurcation: sweep.files, deepLinear: deepLin.path, tanhChain: tanh.path, catapult: cat.path, gfs: gfs.path, sharpening: sharp.results.map((x) => x.path) },
      }) + "\n");
    });
};
