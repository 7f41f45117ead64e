import type { Command } from "commander";
import { InvalidArgumentError } from "../../errors.js";
import { init } from "../../init.js";
import { htmlPage } from "../../plot/html-page.js";
import { experimentLinearRegression } from "../../seed/experiment-linear-regression.js";
import { formatPaperTable } from "../../experiments/paper-table.js";
import type { BackendKind } from "../../wasm/exports.js";
import type { CommandRegistrar } from "../program.js";
import { writeOut } from "../write-out.js";
import { paperSections, runPaperToDir } from "./paper.js";
import { formatSeedTable } from "./seed.js";
import { formatSweep, runSweepToDir } from "./sweep.js";

/** `eoslab report`: the main job. The seed report, then the paper reproduction (and the bifurcation sweep), printed and written to out/report.html. */
export const registerReport: CommandRegistrar = (program: Command) => {
  program
    .command("report")
    .description("the main job (npm start): the seed's experiment told truthfully, then the paper's three regimes and the bifurcation sweep; writes out/report.html")
    .option("--out <dir>", "directory for report.html and the figures", "out")
    .option("--backend <kind>", "simd, wasm or js (default: the best available)")
    .action(async (f: { out: string; backend?: string }) => {
      if (f.backend !== undefined && !["simd", "wasm", "js"].includes(f.backend)) throw new InvalidArgumentError(`unknown backend "${f.backend}" in --backend; use simd, wasm or js`);
      const t0 = performance.now();
      const engine = await init({ backend: f.backend as BackendKind | undefined });
      const seed = experimentLinearRegression({ steps: 1000, engine });
      const seedTable = formatSeedTable(seed);
      process.stdout.write("== 1. The seed's experiment ==\n\n" + seedTable + "\n\n");
      const paper = runPaperToDir(engine, f.out, (m) => process.stderr.write(m + "\n"));
      const paperTable = formatPaperTable(paper.result);
      process.stdout.write("== 2. The paper's three regimes ==\n\n" + paperTable + "\n\n");
      const sweep = runSweepToDir(engine, { depth: 5, target: 1, from: 0.35, to: 0.5, count: 151, steps: 100_000, tail: 64 }, f.out);
      const sweepText = formatSweep(sweep.result);
      process.stdout.write("== 3. Beyond η_c: bifurcation sweep ==\n\n" + sweepText + "\n\n");
      const html = writeOut(f.out, "report.html", htmlPage("eoslab report", [
        { title: "1. The seed's experiment, rerun exactly", pre: [seedTable] },
        ...paperSections(paper).map((s) => ({ ...s, title: "2. " + s.title })),
        { title: "3. Beyond η_c: bifurcation diagram", text: ["Depth 5, y = 1, from the paper's first start; for each η the last 64 values of θ⊥ after 10⁵ steps, coloured by the observed label."], svgs: [sweep.svg], pre: [sweepText] },
      ]));
      process.stdout.write(`Wrote ${html} (figures beside it). Total ${((performance.now() - t0) / 1000).toFixed(1)} s.\n`);
    });
};
