import type { Command } from "commander";
import { assembleSweep } from "../../experiments/sweep-assemble.js";
import { formatIndexRanges } from "../../experiments/sweep-grid.js";
import { writeSweepFile } from "../../node/jsonl-store.js";
import { mergeSweepFiles, type SweepMerge } from "../../node/merge.js";
import { stringifySafe } from "../../series/json-safe.js";
import { info } from "../log.js";
import type { CommandRegistrar } from "../program.js";
import { formatSweep, writeSweepFigures } from "../reports/sweep-report.js";
import { checkDistinctOutputs, checkReplaceable } from "../../node/safe-write.js";
import { join } from "node:path";

/** Readable summary of a merge. */
export function formatMerge(m: SweepMerge, out: string, figures: string[] | null, figuresDir: string | null): string {
  const s = m.settings;
  const lines = [
    `Merged ${m.files.length} file(s) into ${out}: ${m.records.length} of ${m.count} grid points${m.complete ? " (complete)" : ""}`,
    `sweep: depth ${s.depth}, target ${s.target}, η ∈ [${s.from}, ${s.to}], ${s.count} points, ${s.steps} steps, tail ${s.tail}; fingerprint ${m.fingerprint}`,
    ...m.files.map((f) => `  ${f.path}: ${f.lines} record(s)${f.truncatedLine ? ", partial last line ignored" : ""}`),
    `missing: ${m.missing.length ? `${m.missing.length} (indices ${formatIndexRanges(m.missing)}); rerun those shards with the same settings` : "none"}`,
    `duplicates: ${m.duplicates}${m.conflicting.length ? `, ${m.conflicting.length} disagreeing (indices ${formatIndexRanges(m.conflicting)}; the first line was kept)` : ""}`,
  ];
  if (figures) lines.push(`figures: ${figures.join(", ")}`, "", formatSweep(assembleSweep(m.records)));
  else if (figuresDir) lines.push(`figures: not written (${m.missing.length} grid points missing)`);
  return lines.join("\n");
}

/** `eoslab merge`: joins sweep JSONL files (shards) into one, and optionally draws the diagram. */
export const registerMerge: CommandRegistrar = (program: Command) => {
  program
    .command("merge")
    .description("join sweep JSONL files (from eoslab sweep --jsonl, e.g. --shard i/n runs): checks that they are one sweep, reports missing and duplicate grid points, writes one JSONL in grid order")
    .argument("<files...>", "JSONL files written by eoslab sweep --jsonl")
    .requiredOption("--out <file>", "the merged JSONL file (may be one of the inputs)")
    .option("--figures <dir>", "also write bifurcation.svg and bifurcation.json there, when no grid point is missing")
    .option("--json", "print a JSON summary on stdout")
    .action((paths: string[], f: Record<string, string | boolean | undefined>) => {
      const out = String(f.out);
      const figuresDir = f.figures === undefined ? null : String(f.figures);
      // Before reading: --out and the figures are distinct regular files (or missing). writeSweepFile then refuses
      // an --out that a running sweep holds locked, and replaces it through a temporary file.
      const figurePaths = figuresDir === null ? [] : ["bifurcation.svg", "bifurcation.json"].map((n) => ({ what: `--figures ${join(figuresDir, n)}`, path: join(figuresDir, n) }));
      checkReplaceable(out, "--out");
      for (const p of figurePaths) checkReplaceable(p.path, "--figures");
      checkDistinctOutputs([{ what: `--out ${out}`, path: out }, ...figurePaths]);
      const m = mergeSweepFiles(paths);
      writeSweepFile(out, m.records);
      let figures: string[] | null = null;
      if (figuresDir !== null && m.complete) figures = writeSweepFigures(assembleSweep(m.records), figuresDir).files;
      else if (figuresDir !== null) info(`merge: ${m.missing.length} grid points are missing, so no figures were written`);
      info(`merge: wrote ${out}${figures ? `, ${figures.join(", ")}` : ""}`);
      if (f.json) {
        process.stdout.write(stringifySafe({
          out, fingerprint: m.fingerprint, settings: m.settings, files: m.files, count: m.count, present: m.records.length,
          complete: m.complete, missing: m.missing, duplicates: m.duplicates, conflicting: m.conflicting, figures,
        }) + "\n");
      } else process.stdout.write(formatMerge(m, out, figures, figuresDir) + "\n");
    });
};
