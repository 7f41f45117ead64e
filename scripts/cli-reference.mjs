// Writes docs/cli.md from the commander definitions (src/cli/cli-reference.ts on buildProgram()). Run it after
// changing a command, an option or a help example: test/cli/cli-reference.test.ts fails while docs/cli.md is stale.
// It reads src/ directly (bundled by esbuild into node_modules/.cache, packages left external), so no build is needed.
//   node scripts/cli-reference.mjs           write docs/cli.md
//   node scripts/cli-reference.mjs --check   exit 1 if docs/cli.md differs (nothing written)
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const cache = `${root}node_modules/.cache/eoslab`;
mkdirSync(cache, { recursive: true });
const outfile = `${cache}/cli-reference.mjs`;
await esbuild.build({
  stdin: {
    contents: 'import { buildProgram } from "./src/cli/program.ts"; import { cliReference } from "./src/cli/cli-reference.ts"; export default cliReference(buildProgram());',
    resolveDir: root,
    loader: "ts",
  },
  bundle: true,
  format: "esm",
  platform: "node",
  packages: "external",
  outfile,
  absWorkingDir: root,
  logLevel: "warning",
});
const text = (await import(`${pathToFileURL(outfile).href}?t=${Date.now()}`)).default;
const target = `${root}docs/cli.md`;
if (process.argv.includes("--check")) {
  const same = existsSync(target) && readFileSync(target, "utf8") === text;
  if (!same) {
    process.stderr.write("docs/cli.md is stale: run node scripts/cli-reference.mjs\n");
    process.exit(1);
  }
} else {
  mkdirSync(`${root}docs`, { recursive: true });
  writeFileSync(target, text);
  process.stdout.write(`wrote docs/cli.md (${text.split("\n").length} lines)\n`);
}
