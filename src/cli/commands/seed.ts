import type { Command } from "commander";
import { init } from "../../init.js";
import { experimentLinearRegression } from "../../seed/experiment-linear-regression.js";
import type { CommandRegistrar } from "../program.js";
import { stringifySafe } from "../../series/json-safe.js";
import { intFlag } from "../parse-numbers.js";
import { backendFlag, backendOption } from "../options/backend.js";
import { formatSeedTable } from "../reports/seed-table.js";

/** `eoslab seed`: the seed's linear-regression experiment, told truthfully (docs/design.md §5). */
export const registerSeed: CommandRegistrar = (program: Command) => {
  program
    .command("seed")
    .description("rerun the seed document's linear-regression experiment exactly and show what GD really does beside the seed's claims")
    .option("--json", 'print one JSON object {"lambdaMax","lambdaMinPositive","rows":[...]} on stdout')
    .option("--curves", "with --json: include each row's loss curve (the seed's losses list, null where numpy has inf/nan)")
    .option("--steps <n>", "GD steps per run", "1000")
    .addOption(backendOption())
    .option("--wide", "one table with the seed's claims on each row (about 180 columns); default: two tables that fit 100 columns")
    .action(async (opts: { json?: boolean; curves?: boolean; steps: string; backend?: string; wide?: boolean }) => {
      // Every step of six runs is recorded: beyond 10⁶ steps the curves alone would take hundreds of MB.
      const steps = intFlag("--steps", opts.steps, 2, 1_000_000);
      const engine = await init({ backend: backendFlag(opts.backend) });
      const r = experimentLinearRegression({ steps, engine, includeCurves: Boolean(opts.json && opts.curves) });
      if (opts.json) process.stdout.write(stringifySafe({ ...r }) + "\n");
      else process.stdout.write(formatSeedTable(r, { wide: opts.wide }) + "\n");
    });
};
