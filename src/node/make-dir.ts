// mkdir -p without Node's recursive mkdir: `mkdirSync(dir, { recursive: true })` never returns for some
// unwritable trees (under /proc it loops on Node 20), so create the missing components one by one.
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** Creates `dir` and any missing parents; throws the first mkdir error (EACCES, ENOTDIR, EROFS, ENOENT, …). */
export function makeDir(dir: string): void {
  const missing: string[] = [];
  let p = resolve(dir);
  while (!existsSync(p)) {
    missing.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  for (let i = missing.length - 1; i >= 0; i--) mkdirSync(missing[i]);
}
