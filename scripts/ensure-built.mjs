// `npm start` runs this first (prestart). `npm ci` builds everything already
// (the "dependencies" script, which npm runs in this repository only, never in
// a project that installs eoslab); this covers a checkout installed with
// --ignore-scripts or a dist/ removed since: it builds once if the files the
// CLI needs are missing, and otherwise costs one file check.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const needed = ["dist/cli.js", "dist/index.js", "dist/wasm/binaries.js", "dist/sweep-worker.js"];
const missing = needed.filter((f) => !existsSync(root + f));
if (missing.length > 0) {
  console.error(`${missing.join(", ")} missing: building first (npm run build, about a minute)`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["run", "build"], { cwd: root, stdio: "inherit" });
  process.exit(r.status ?? 1);
}
