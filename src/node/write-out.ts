// Node-only file output for the CLI (kept out of the browser-safe modules).
import { statSync } from "node:fs";
import { join } from "node:path";
import { FileWriteError, InvalidArgumentError } from "../errors.js";
import { makeDir } from "./make-dir.js";
import { writeFileAtomic } from "./safe-write.js";

/**
 * Writes `text` to dir/name (creating dir), returns the path: through a temporary file in dir, renamed over
 * dir/name, and only over a regular file (writeFileAtomic). A failure is a one-line FileWriteError naming the path.
 */
export function writeOut(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  try {
    makeDir(dir);
    notAFile(dir);
    writeFileAtomic(path, text, "--out");
  } catch (e) {
    if (e instanceof InvalidArgumentError || e instanceof FileWriteError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "EEXIST" || code === "ENOTDIR" ? `${dir} (or a parent) is a file, not a directory` : code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EISDIR" ? `${path} is a directory` : code ?? (e as Error).message;
    throw new FileWriteError(`cannot write ${path}: ${why}; choose another --out directory`, { cause: e });
  }
  return path;
}

/** Creates the output directory up front (before long runs), or throws the same FileWriteError writeOut would. */
export function ensureOutDir(dir: string): void {
  try {
    makeDir(dir);
    notAFile(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "EEXIST" || code === "ENOTDIR" ? `${dir} (or a parent) is a file, not a directory` : code === "EACCES" || code === "EPERM" ? "permission denied" : code ?? (e as Error).message;
    throw new FileWriteError(`cannot create the output directory ${dir}: ${why}; choose another --out directory`, { cause: e });
  }
}

/** makeDir leaves an existing path alone; an existing file is not a directory to write into. */
function notAFile(dir: string): void {
  if (!statSync(dir).isDirectory()) throw Object.assign(new Error(`${dir} is not a directory`), { code: "ENOTDIR" });
}
