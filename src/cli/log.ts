/**
 * Progress and diagnostics for the CLI. They go to stderr, so stdout stays one
 * clean table or one JSON value; `--quiet` silences them. Errors do not go
 * through here (src/cli/report-error.ts prints them, quiet or not).
 */
let quiet = false;

/** Silences (or restores) info(); set once from the global `--quiet` flag. */
export function setQuiet(on: boolean): void {
  quiet = on;
}

/** True under `--quiet`: commands that draw their own progress (bars) should skip it. */
export function isQuiet(): boolean {
  return quiet;
}

/** One progress/diagnostic line on stderr (a newline is added when missing); nothing under `--quiet`. */
export function info(msg: string): void {
  if (quiet) return;
  process.stderr.write(msg.endsWith("\n") ? msg : msg + "\n");
}
