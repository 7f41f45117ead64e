// `npm run test:loaded`: the whole vitest suite, then the browser suite, while two busy
// background processes keep both cores of a 2-core machine saturated. It shows that no
// test depends on an idle machine (a timeout too tight for a loaded CI runner, a race
// that only an idle scheduler wins). The busy processes are killed however this script
// ends: success, failure, Ctrl-C or SIGTERM.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const BUSY = 2;

const busy = [];
for (let i = 0; i < BUSY; i++) {
  busy.push(spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" }));
}
function killBusy() {
  for (const b of busy) if (b.exitCode === null && b.signalCode === null) b.kill("SIGKILL");
}
process.on("exit", killBusy);

let child = null;
for (const [sig, code] of [["SIGINT", 130], ["SIGTERM", 143]]) {
  process.on(sig, () => {
    killBusy();
    // Passed on to the running suite (a plain node child, no npm/npx wrapper that would not
    // forward it), and this script ends once the suite has shut down.
    if (child && child.exitCode === null && child.signalCode === null) {
      child.once("exit", () => process.exit(code));
      child.kill(sig);
    } else {
      process.exit(code);
    }
  });
}

/** Runs one command to its end; resolves with its exit code (1 if killed by a signal). */
function step(label, cmd, args) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    console.log(`\n== test:loaded: ${label} (${BUSY} busy processes running) ==`);
    child = spawn(cmd, args, { cwd: root, stdio: "inherit" });
    child.on("exit", (code, signal) => {
      child = null;
      console.log(`== test:loaded: ${label}: ${code === 0 ? "passed" : `FAILED (${signal ?? `exit ${code}`})`} in ${((Date.now() - t0) / 1000).toFixed(0)} s ==`);
      resolve(code ?? 1);
    });
  });
}

const t0 = Date.now();
let failed = 0;
try {
  // vitest itself, not `npm test` (that would rebuild everything first: pretest), and not
  // through npx, whose npm wrapper does not pass a signal on to vitest.
  const vitest = fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url));
  if ((await step("vitest run", process.execPath, [vitest, "run"])) !== 0) failed++;
  if ((await step("browser suite", process.execPath, ["test/browser/run.browser.mjs"])) !== 0) failed++;
} finally {
  killBusy();
}
console.log(`\ntest:loaded: ${failed === 0 ? "all passed" : `${failed} suite(s) failed`} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
process.exit(failed === 0 ? 0 : 1);
