import type { Command } from "commander";
import { init } from "../../init.js";
import { paperRows } from "../../experiments/paper.js";
import { formatPaperTable } from "../../experiments/paper-table.js";
import { htmlPage } from "../../plot/html-page.js";
import { stringifySafe } from "../../series/json-safe.js";
import type { CommandRegistrar } from "../program.js";
import { info } from "../log.js";
import { ensureOutDir, writeOut } from "../../node/write-out.js";
import { backendFlag, backendOption } from "../options/backend.js";
import { paperSections, runPaperToDir } from "../reports/paper-report.js";
import { runJson } from "../reports/run-report.js";

/** `eoslab paper`: Figures 2–4 of MacDonald et al. as SVG + HTML, and the predicted-vs-measured table. */
export const registerPaper: CommandRegistrar = (program: Command) => {
  program
    .command("paper")
    .description("reproduce the paper's Figures 2, 3, 4 (depth 5, y = 1; η = 0.39, 0.4, 0.408; five starts each) with predicted vs measured values")
    .option("--out <dir>", "directory for the SVG figures and paper.html", "out")
    .addOption(backendOption())
    .option("--json", "print one JSON object on stdout (every run: predictions, measurements, series)")
    .option("--wide", "one row per run with every column (lines up to about 260 columns); default: tables that fit 100 columns")
    .action(async (f: { out: string; backend?: string; json?: boolean; wide?: boolean }) => {
      const backend = backendFlag(f.backend);
      ensureOutDir(f.out);
      const engine = await init({ backend });
      const out = runPaperToDir(engine, f.out, info);
      const html = writeOut(f.out, "paper.html", htmlPage("eoslab: the paper's three regimes", paperSections(out)));
      info(`paper: ${(out.elapsedMs / 1000).toFixed(2)} s of runs; wrote ${[...out.svgs.map((s) => s.path), html].join(", ")}`);
      if (f.json) {
        const r = out.result;
        process.stdout.write(stringifySafe({
          depth: r.depth, target: r.target, lambdaStar: r.lambdaStar, etaCritical: r.etaCritical, backend: engine.kind, elapsedMs: out.elapsedMs,
          files: { figures: out.svgs.map((s) => s.path), html },
          rows: paperRows(r),
          figures: r.figures.map((fig) => ({ figure: fig.figure, regime: fig.regime, eta: fig.eta, steps: fig.steps, runs: fig.runs.map((a) => runJson(a)) })),
        }) + "\n");
      } else process.stdout.write(formatPaperTable(out.result, { wide: f.wide }) + "\n");
    });
};
