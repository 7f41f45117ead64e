// docs/cli.md, generated from the commander definitions themselves (buildProgram): every command, its description,
// arguments and options with their defaults, and the help examples. scripts/cli-reference.mjs writes the file, and
// test/cli/cli-reference.test.ts regenerates it in memory and fails when the file differs, so the reference cannot
// drift from `eoslab <command> --help`. Deterministic: no dates, paths or versions.
import type { Argument, Command, Option } from "commander";
import { shownExamples, type HelpExample } from "./help-examples.js";

/** Markdown text outside code: the characters that would start emphasis, HTML or a table cell, escaped. */
function md(s: string): string {
  return s.replace(/([\\`*_<>|[\]])/g, "\\$1");
}

/** `code`, with a longer fence when the text itself holds a backtick. */
function code(s: string): string {
  return s.includes("`") ? `\`\` ${s} \`\`` : `\`${s}\``;
}

function optionLine(o: Option): string {
  const parts = [`- ${code(o.flags)}`];
  if (o.mandatory) parts.push(" (required)");
  if (o.defaultValue !== undefined && o.defaultValue !== false && !o.negate) parts.push(` (default: ${code(String(o.defaultValue))})`);
  parts.push(`: ${md(o.description)}`);
  return parts.join("");
}

function argumentLine(a: Argument): string {
  const name = `${a.required ? "<" : "["}${a.name()}${a.variadic ? "..." : ""}${a.required ? ">" : "]"}`;
  return `- ${code(name)}: ${md(a.description)}`;
}

function examplesBlock(examples: HelpExample[]): string[] {
  if (examples.length === 0) return [];
  const lines = examples.flatMap((e) => [...(e.note ? [`# ${e.note}`] : []), e.line]);
  return ["Examples:", "", "```sh", ...lines, "```", ""];
}

function usage(cmd: Command, parent: string): string {
  return `${parent}${cmd.name()} ${cmd.usage()}`.trim();
}

/** The whole reference as Markdown, from a program built by buildProgram(). */
export function cliReference(program: Command): string {
  const name = program.name();
  const out: string[] = [
    `# The ${code(name)} command`,
    "",
    "<!-- Generated from the commander definitions in src/cli/ by `node scripts/cli-reference.mjs`; do not edit.",
    "     test/cli/cli-reference.test.ts fails when this file is stale. -->",
    "",
    md(program.description()),
    "",
    "```",
    usage(program, ""),
    "```",
    "",
    "Every command also takes `-h, --help` (its options and examples). Usage mistakes exit with code 2, failures at",
    "run time with code 1; the message is one line on stderr.",
    "",
    "## Global options",
    "",
    ...program.options.map(optionLine),
    "",
    ...examplesBlock(shownExamples(program, "")),
    "## Commands",
    "",
    ...program.commands.map((c) => `- [${code(`${name} ${c.name()}`)}](#${name}-${c.name()}): ${md(c.description())}`),
    "",
  ];
  for (const c of program.commands) {
    out.push(`## ${name} ${c.name()}`, "", md(c.description()), "", "```", usage(c, `${name} `), "```", "");
    const args = c.registeredArguments;
    if (args.length > 0) out.push("Arguments:", "", ...args.map(argumentLine), "");
    if (c.options.length > 0) out.push("Options:", "", ...c.options.map(optionLine), "");
    out.push(...examplesBlock(shownExamples(program, c.name())));
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}
