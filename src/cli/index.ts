#!/usr/bin/env node
// The `eoslab` command. Each subcommand lives in src/cli/commands/.
import { buildProgram } from "./program.js";
import { reportAndExit } from "./report-error.js";

const debug = process.argv.includes("--debug");
// `eoslab … | head` closes stdout early: that is the reader's choice, not an error (no EPIPE stack trace).
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  reportAndExit(e, debug);
});
buildProgram()
  .parseAsync(process.argv)
  .catch((e: unknown) => reportAndExit(e, debug));
