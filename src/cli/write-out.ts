// Node-only file output for the CLI (kept out of the browser-safe modules).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes `text` to dir/name (creating dir), returns the path. */
export function writeOut(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
