import { EoslabError } from "../errors.js";

/**
 * Prints an error as one line on stderr and exits: 2 for usage mistakes,
 * 1 for failures at run time. The stack is shown only with --debug, and
 * always for errors that are not eoslab's own (those are bugs).
 */
export function reportAndExit(e: unknown, debug: boolean): never {
  if (e instanceof EoslabError) {
    process.stderr.write(`eoslab: ${e.message}\n`);
    if (debug && e.stack) process.stderr.write(e.stack + "\n");
    process.exit(e.exitCode);
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`eoslab: internal error: ${msg} (rerun with --debug for the stack, and please report it)\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(e.stack + "\n");
  process.exit(1);
}
