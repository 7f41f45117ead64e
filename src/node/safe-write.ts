// Replacing an output file safely (docs/design.md §6). A write goes to a temporary file in the same directory and
// is then renamed over the target, so a reader (or a crash, or a signal) never leaves half a file; and it only ever
// replaces a regular file: renaming over a FIFO, a device or a directory would destroy something that is not ours
// (as root, `--out /dev/full` once replaced the device). Node-only.
import { closeSync, fsyncSync, lstatSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { FileWriteError, InvalidArgumentError } from "../errors.js";
import { makeDir } from "./make-dir.js";

/** What a path is now: nothing, a regular file, or something else that must not be replaced (named for messages). */
export function pathKind(path: string): "missing" | "file" | string {
  let st;
  try {
    st = statSync(path); // follows symlinks: a link to a regular file is written through (see realTarget)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      // A dangling symlink: statSync fails, lstat succeeds. Renaming over it would silently drop the link.
      try {
        if (lstatSync(path).isSymbolicLink()) return "a dangling symbolic link";
      } catch { /* truly missing */ }
      return "missing";
    }
    if (code === "ENOTDIR") return "a path under a file (not a directory)";
    throw e;
  }
  if (st.isFile()) return "file";
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a named pipe (FIFO)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * Throws unless `path` is missing or a regular file: the one check before any output replaces a path.
 * `flag` names the option that gave the path (for the message).
 */
export function checkReplaceable(path: string, flag: string): void {
  const kind = pathKind(path);
  if (kind !== "missing" && kind !== "file") throw new InvalidArgumentError(`${flag} ${path} is ${kind}, not a regular file; eoslab only replaces regular files: give a file path`);
}

/** The path a write really replaces: an existing symlink's target (so the link survives), else the absolute path. */
export function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // Missing: resolve the directory part, which may itself be reached through links.
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/**
 * Writes `text` to `path` atomically: makes the directory, refuses anything but a regular file or a missing path,
 * writes a temporary file next to it (created exclusively, never following a link), flushes it, renames it over
 * the target. A failure is a one-line FileWriteError naming the path; the temporary file is removed.
 */
export function writeFileAtomic(path: string, text: string | Uint8Array, flag = "--out"): void {
  checkReplaceable(path, flag);
  const target = realTarget(path);
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  let fd = -1;
  try {
    makeDir(dir);
    fd = openSync(tmp, "wx", 0o644);
    const buf = typeof text === "string" ? Buffer.from(text, "utf8") : text;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    // Checked again right before the rename: the path may have become a FIFO or a directory meanwhile.
    checkReplaceable(target, flag);
    renameSync(tmp, target);
  } catch (e) {
    if (fd >= 0) try { closeSync(fd); } catch { /* already failing */ }
    try { unlinkSync(tmp); } catch { /* never created, or already renamed */ }
    if (e instanceof InvalidArgumentError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOSPC" ? "no space left on the device" : code === "EACCES" || code === "EPERM" ? "permission denied"
      : code === "EEXIST" || code === "ENOTDIR" ? `${dir} (or a parent) is a file, not a directory` : code === "EROFS" ? "read-only file system" : code ?? (e as Error).message;
    throw new FileWriteError(`cannot write ${path}: ${why}; choose another ${flag} path`, { cause: e });
  }
}

/**
 * One command's outputs must be distinct files: two outputs resolving to one path would overwrite each other.
 * `outputs` pairs a description ("--jsonl", "--out …/bifurcation.json") with its path.
 */
export function checkDistinctOutputs(outputs: { what: string; path: string }[]): void {
  const seen = new Map<string, string>();
  for (const o of outputs) {
    const real = realTarget(o.path);
    const had = seen.get(real);
    if (had !== undefined) throw new InvalidArgumentError(`${had} and ${o.what} are the same file (${real}); one would overwrite the other: give them different paths`);
    seen.set(real, o.what);
  }
}
