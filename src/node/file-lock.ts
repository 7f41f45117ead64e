// An exclusive lock on an output file, held for as long as a command writes it (docs/design.md §6): two sweeps
// appending to one --jsonl file, or a merge replacing a file a sweep is appending to, lose points silently.
// The lock is a file "<path>.lock" next to it holding the owner's pid. It is created atomically (written under a
// unique name, then hard-linked to the lock name, which fails if the name exists), so a lock file always holds a
// pid. A lock whose pid is no longer alive was left by a crash (kill -9, power loss) and is taken over.
// Node-only.
import { linkSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { FileWriteError } from "../errors.js";
import { realTarget } from "./safe-write.js";

/** The lock file's path for an output path (next to the real file, so links to one file share one lock). */
export function lockPathFor(path: string): string {
  return realTarget(path) + ".lock";
}

/** The pid in a lock file, or null when there is none or it is not a pid. */
function readOwner(lockPath: string): number | null {
  let text: string;
  try {
    text = readFileSync(lockPath, "utf8");
  } catch {
    return null;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Whether a process with this pid exists (signal 0 checks without sending; EPERM: it exists, owned by another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Who holds the lock on `path` now: a live pid, or null (no lock, or a stale one). */
export function lockOwner(path: string): number | null {
  const pid = readOwner(lockPathFor(path));
  return pid !== null && alive(pid) ? pid : null;
}

/** A held lock; release() (idempotent) removes the lock file, and so does the process ending. */
export interface FileLock {
  readonly path: string;
  readonly lockPath: string;
  release(): void;
}

/**
 * Takes the lock on `path` for this process, or throws a one-line FileWriteError naming the pid that holds it.
 * `what` names the path's role ("--jsonl file", "--out file") in messages.
 */
export function lockFile(path: string, what: string): FileLock {
  const lockPath = lockPathFor(path);
  const mine = join(dirname(lockPath), `.${basename(lockPath)}.${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  try {
    writeFileSync(mine, `${process.pid}\n`, { flag: "wx" });
  } catch (e) {
    throw new FileWriteError(`cannot create the lock ${lockPath} for ${what} ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a path in a writable directory`, { cause: e });
  }
  try {
    // Two tries: the second after removing a stale lock (its owner is gone).
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, lockPath);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw new FileWriteError(`cannot create the lock ${lockPath} for ${what} ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a path in a writable directory`, { cause: e });
        const owner = readOwner(lockPath);
        if (owner !== null && alive(owner)) {
          throw new FileWriteError(`${what} ${path} is in use by another eoslab process (pid ${owner}, lock ${lockPath}); wait for it to finish, or give another path`);
        }
        if (attempt > 0) throw new FileWriteError(`${what} ${path} is locked (${lockPath}) and the lock could not be taken over; remove ${lockPath} if no eoslab process uses ${path}`);
        // Stale: re-read right before removing, so a lock another process has just taken over is left alone.
        if (readOwner(lockPath) === owner) try { unlinkSync(lockPath); } catch { /* someone else removed it */ }
      }
    }
  } finally {
    try { unlinkSync(mine); } catch { /* already gone */ }
  }
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.removeListener("exit", release);
    // Only our own lock: never remove one that a later process took over.
    if (readOwner(lockPath) === process.pid) try { unlinkSync(lockPath); } catch { /* already gone */ }
  };
  // process.exit() (a signal's exit code, an error) runs 'exit' listeners synchronously: the lock goes with us.
  process.on("exit", release);
  return { path, lockPath, release };
}
