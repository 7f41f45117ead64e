#!/usr/bin/env node
// The `eoslab` command. Each subcommand lives in src/cli/commands/.
import { buildProgram } from "./program.js";
import { EoslabError } from "../errors.js";
import { reportAndExit, streamFailure } from "./report-error.js";

const debug = process.argv.includes("--debug");

// stdout and stderr fail asynchronously (an 'error' event, which would otherwise crash the process with a stack):
// a closed reader (EPIPE: `eoslab … | head -0`, `2>&1 | true`) ends the command quietly with exit 0; a full disk
// (`> /dev/full`) is one line on stderr and exit 1. With stderr itself closed there is nowhere to report: exit quietly.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  const f = streamFailure(e, "stdout");
  if (f.quiet) process.exit(0);
  reportAndExit(f.error, debug);
});
process.stderr.on("error", (e: NodeJS.ErrnoException) => {
  const f = streamFailure(e, "stderr");
  process.exit(f.quiet ? 0 : 1);
});

buildProgram()
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    // A stream write that threw synchronously (rather than emitting 'error') is handled the same way.
    const errno = e as NodeJS.ErrnoException | undefined;
    if (!(e instanceof EoslabError) && errno && typeof errno === "object" && errno.syscall === "write" && typeof errno.code === "string") {
      const f = streamFailure(e, "stdout");
      if (f.quiet) process.exit(0);
      reportAndExit(f.error, debug);
    }
    reportAndExit(e, debug);
  });
