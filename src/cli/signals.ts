/**
 * Ctrl-C (SIGINT) and SIGTERM for the CLI (docs/design.md §6): honoured within a second at any point of a
 * command, with the conventional exit codes 128 + signal number: 130 and 143.
 *
 * Two cases:
 * - A command that only computes on the main thread and writes its outputs at the end (run, paper, report):
 *   it must NOT listen for these signals. With no listener, Node's own handler ends the process at once, even in
 *   the middle of a synchronous wasm loop, and the shell sees 130 / 143 (the process ends by the signal). A
 *   listener would defer the signal until the loop returns: that is how signals were dropped.
 * - A command with something to finish on a signal (sweep: close the JSONL file, release its lock, say how to
 *   resume): it calls watchSignals(), keeps the main thread free (the work runs in worker threads), and ends with
 *   exitOnSignal. watchSignals also ends the process by itself if the command has not within `graceMs`, so a slow
 *   shutdown cannot swallow the signal; a second signal ends it at once.
 */

export type StopSignal = "SIGINT" | "SIGTERM";

/** The exit code for a signal: 128 + its number. */
export function signalExitCode(sig: StopSignal): 130 | 143 {
  return sig === "SIGTERM" ? 143 : 130;
}

export interface SignalWatch {
  /** Aborted on the first SIGINT or SIGTERM: pass it to the work (e.g. the sweep's worker pool). */
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  readonly stoppedBy: StopSignal | undefined;
  /**
   * Lets the event loop turn once, so a signal that arrived during synchronous work (writing figures) has been
   * delivered, then returns the first signal received, if any. Call it before reporting success.
   */
  settle(): Promise<StopSignal | undefined>;
  /** Stops listening (idempotent). Only after settle(): a signal arriving later gets Node's default handling again. */
  dispose(): void;
}

export interface WatchOptions {
  /** How long the command may take to stop after the first signal before it is ended anyway (ms). */
  graceMs?: number;
  /** The line printed (stderr) when the grace period ends the process; by default "eoslab: interrupted (SIG…)". */
  graceMessage?: (sig: StopSignal) => string;
}

/** Starts listening for SIGINT and SIGTERM (see the module comment). */
export function watchSignals(o: WatchOptions = {}): SignalWatch {
  const abort = new AbortController();
  let stoppedBy: StopSignal | undefined;
  let disposed = false;
  const onSignal = (sig: StopSignal): void => {
    if (stoppedBy !== undefined) {
      // A second signal: the user insists. The JSONL is appended one whole line per write, so it stays valid.
      process.exit(signalExitCode(stoppedBy));
    }
    stoppedBy = sig;
    abort.abort();
    const timer = setTimeout(() => {
      try {
        process.stderr.write((o.graceMessage?.(sig) ?? `eoslab: interrupted (${sig})`) + "\n");
      } finally {
        process.exit(signalExitCode(sig));
      }
    }, o.graceMs ?? 700);
    timer.unref();
  };
  const onInt = (): void => onSignal("SIGINT");
  const onTerm = (): void => onSignal("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return {
    signal: abort.signal,
    get stoppedBy() {
      return stoppedBy;
    },
    async settle() {
      // setImmediate runs after the poll phase, where libuv delivers a pending signal: one turn is enough.
      await new Promise((resolve) => setImmediate(resolve));
      return stoppedBy;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      process.removeListener("SIGINT", onInt);
      process.removeListener("SIGTERM", onTerm);
    },
  };
}

/** Prints one line on stderr (shown even under --quiet, like an error) and exits with the signal's code. */
export function exitOnSignal(sig: StopSignal, message: string): never {
  try {
    process.stderr.write(message.endsWith("\n") ? message : message + "\n");
  } catch {
    /* a closed stderr: exit anyway */
  }
  process.exit(signalExitCode(sig));
}
