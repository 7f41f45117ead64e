import { EoslabError, FileWriteError } from "../errors.js";

/** What the CLI prints for an error (stderr) and the exit code it ends with. */
export interface FormattedError {
  /** One line "eoslab: …\n", followed by the stack only when debug is set. */
  text: string;
  /** 2 for usage mistakes, 1 for failures at run time (and for bugs). */
  exitCode: 1 | 2;
}

/** Collapses a message to one line (a multi-line message from a library or a user callback stays one line). */
function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, " ").trim();
}

/**
 * The CLI's rendering of an error, without side effects: one line
 * "eoslab: <message>" naming the problem and the fix; the stack only with
 * --debug. Errors that are not eoslab's own are bugs: they say so, exit 1.
 */
export function formatError(e: unknown, debug: boolean): FormattedError {
  if (e instanceof EoslabError) {
    let text = `eoslab: ${oneLine(e.message)}\n`;
    if (debug && e.stack) text += e.stack + "\n";
    return { text, exitCode: e.exitCode };
  }
  const msg = e instanceof Error ? e.message : String(e);
  let text = `eoslab: internal error: ${oneLine(msg)} (rerun with --debug for the stack, and please report it)\n`;
  if (debug && e instanceof Error && e.stack) text += e.stack + "\n";
  return { text, exitCode: 1 };
}

/**
 * Prints an error as one line on stderr and exits: 2 for usage mistakes,
 * 1 for failures at run time. The stack is shown only with --debug.
 */
export function reportAndExit(e: unknown, debug: boolean): never {
  const { text, exitCode } = formatError(e, debug);
  process.stderr.write(text);
  process.exit(exitCode);
}

/** Why a write to a standard stream failed, in words (the errno code follows in the message). */
const STREAM_WHY: Record<string, string> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EIO: "input/output error",
  EFBIG: "file too large",
  EBADF: "the stream is closed",
  EAGAIN: "the stream would block",
};

/**
 * What a failed write to stdout or stderr means for the process: a closed reader (EPIPE: `eoslab … | head`,
 * `2>&1 | true`) is the reader's choice, so the command ends quietly with exit 0; any other failure (a full disk
 * under `> /dev/full`) is a one-line FileWriteError, exit 1.
 */
export function streamFailure(e: unknown, stream: "stdout" | "stderr"): { quiet: true } | { quiet: false; error: FileWriteError } {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EPIPE" || code === "ERR_STREAM_DESTROYED") return { quiet: true };
  const name = stream === "stdout" ? "standard output" : "standard error";
  const why = code && STREAM_WHY[code] ? `${STREAM_WHY[code]} (${code})` : code ?? (e instanceof Error ? e.message : String(e));
  return { quiet: false, error: new FileWriteError(`cannot write to ${name}: ${why}; redirect it to a file on a device with space, or to a pipe that is read`, { cause: e }) };
}
