// docs/cli.md is generated from the commander definitions: regenerated here in memory, it must equal the file.
// Independently of the generator, every command, option, default and help example that `--help` shows must be in it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { cliReference } from "../../src/cli/cli-reference.js";
import { HELP_EXAMPLES, PROGRAM_EXAMPLES } from "../../src/cli/help-examples.js";

const file = new URL("../../docs/cli.md", import.meta.url);
const doc = readFileSync(file, "utf8");

describe("docs/cli.md", () => {
  it("is what the generator makes from today's commands (else: run node scripts/cli-reference.mjs)", () => {
    const fresh = cliReference(buildProgram());
    if (fresh !== doc) expect.fail("docs/cli.md is stale: run node scripts/cli-reference.mjs (and commit docs/cli.md)");
  });

  it("is deterministic: two programs give the same text", () => {
    expect(cliReference(buildProgram())).toBe(cliReference(buildProgram()));
  });

  it("has a section per command with every option --help lists, its default, and every example", () => {
    const program = buildProgram();
    const names = program.commands.map((c) => c.name());
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const c of program.commands) {
      const start = doc.indexOf(`\n## eoslab ${c.name()}\n`);
      expect(start, c.name()).toBeGreaterThan(0);
      const next = doc.indexOf("\n## ", start + 1);
      const section = doc.slice(start, next < 0 ? undefined : next);
      // The option column of the command's own --help text, read line by line.
      const help = c.helpInformation();
      const flags = [...help.matchAll(/^ {2}(-[^\s,]+(?:, --\S+)?(?: <[^>]+>| \[[^\]]+\])?)/gm)].map((m) => m[1]).filter((f) => !/^-h, --help/.test(f));
      expect(flags.length, c.name()).toBeGreaterThan(0);
      for (const f of flags) expect(section, `${c.name()} ${f}`).toContain(`\`${f}\``);
      for (const m of help.matchAll(/\(default: "([^"]*)"\)/g)) expect(section, `${c.name()} default ${m[1]}`).toContain(`(default: \`${m[1]}\`)`);
      for (const e of HELP_EXAMPLES[c.name()] ?? []) expect(section, e.line).toContain(`\n${e.line}\n`);
    }
    for (const e of PROGRAM_EXAMPLES) expect(doc).toContain(`\n${e.line}\n`);
  });
});
