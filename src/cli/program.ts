import { Command, CommanderError } from "commander";
import { InvalidArgumentError } from "../errors.js";
import { registerBench } from "./commands/bench.js";
import { registerSeed } from "./commands/seed.js";
import { registerSharpness } from "./commands/sharpness.js";
import { registerRun } from "./commands/run.js";
import { registerPaper } from "./commands/paper.js";
import { registerSweep } from "./commands/sweep.js";
import { registerMerge } from "./commands/merge.js";
import { registerSlurm } from "./commands/slurm.js";
import { registerReport } from "./commands/report.js";
import { registerCatapult } from "./commands/catapult.js";
import { registerSharpening } from "./commands/sharpening.js";
import { addHelpExamples } from "./help-examples.js";
import { setQuiet } from "./log.js";

/** One subcommand: adds itself to the program. */
export type CommandRegistrar = (program: Command) => void;

// Subcommands, in the order `eoslab --help` lists them.
const commands: CommandRegistrar[] = [registerBench, registerSeed, registerSharpness, registerRun, registerPaper, registerSweep, registerMerge, registerSlurm, registerReport, registerCatapult, registerSharpening];

/** The whole CLI, ready to parse. */
export function buildProgram(): Command {
  const program = new Command("eoslab")
    .description("Gradient descent at the edge of stability: runs, sharpness, regimes and predicted rates (WASM SIMD core).")
    .version("0.2.0")
    .option("--debug", "print stack traces on errors")
    .option("--quiet", "no progress or diagnostics on stderr (errors still print)")
    .hook("preAction", (root) => setQuiet(Boolean(root.opts().quiet)))
    .exitOverride(usageError(""))
    // Usage errors are printed once, by reportAndExit, as one line.
    .configureOutput({ outputError: () => {} });
  for (const register of commands) register(program);
  for (const sub of program.commands) sub.exitOverride(usageError(sub.name())).configureOutput({ outputError: () => {} });
  addHelpExamples(program);
  return program;
}

// Commander reports usage errors by throwing; turn them into our one-line
// InvalidArgumentError (exit 2), naming the help of the command that was mistyped (`eoslab run --help`: where its
// options are listed), or `eoslab --help` for the program itself. Help and version exit 0 as usual.
function usageError(command: string): (err: CommanderError) => never {
  const help = command === "" ? "eoslab --help" : `eoslab ${command} --help`;
  return (err) => {
    if (err.exitCode === 0) process.exit(0);
    // No command (or `help <unknown>`): commander has printed the help to stderr; end it with one line that says why.
    if (err.code === "commander.help") throw new InvalidArgumentError("no command given: use eoslab <command> [options], one of the commands listed above");
    throw new InvalidArgumentError(`${err.message.replace(/^error: /, "")} (see ${help})`);
  };
}
