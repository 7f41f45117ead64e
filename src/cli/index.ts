#!/usr/bin/env node
// The `eoslab` command. Each subcommand lives in src/cli/commands/.
import { buildProgram } from "./program.js";
import { reportAndExit } from "./report-error.js";

const debug = process.argv.includes("--debug");
buildProgram()
  .parseAsync(process.argv)
  .catch((e: unknown) => reportAndExit(e, debug));
