import type { Command } from "commander";
import { formatIndexRanges } from "../../experiments/sweep-grid.js";
import { ALL_FIGURE_FILES, MAX_FIGURE_POINTS, sweepFigures, specTitle } from "../../experiments/sweep-figures.js";
import { readSweepPoints } from "../../node/jsonl-store.js";
import { mergeSweepFiles, type SweepMerge } from "../../node/merge.js";
import { writeOut } from "../../node/write-out.js";
import { stringifySafe } from "../../series/json-safe.js";
import { info } from "../log.js";
import type { CommandRegistrar } from "../program.js";
import { checkDistinctOutputs, checkReplaceable } from "../../node/safe-write.js";
import { join } from "node:path";


/** Readable summary of a merge. */
export function formatMerge(m: SweepMerge, out: string, figures: string[] | null, figuresDir: string | null): string {
  const s = m.header.spec;
  const lines = [
    `Merged ${m.files.length} file(s) into ${out}: ${m.present} of ${m.count} grid points${m.complete ? " (complete)" : ""}`,
    `sweep: ${specTitle(s)}, axes ${s.axes.map((a) => `${a.name} (${a.values.length})`).join(" × ")}, ${s.steps} steps, tail ${s.tail}; eoslab ${m.header.runtime.version}, ${m.header.runtime.backend}; fingerprint ${m.header.fingerprint}`,
    ...m.files.map((f) => `  ${f.path}: ${f.lines} record(s)${f.truncatedLine ? ", partial last line ignored" : ""}`),
    `missing: ${m.missingCount ? `${m.missingCount} (indices ${formatIndexRanges(m.missing)}${m.missingCount > m.missing.length ? ", …" : ""}); rerun those shards with the same spec` : "none"}`,
    `duplicates: ${m.duplicates}${m.conflicting.length ? `, ${m.conflicting.length} disagreeing (indices ${formatIndexRanges(m.conflicting)}; the first line was kept)` : ""}`,
    `compute time: ${m.computeSeconds.toFixed(3)} s summed over the points (the per-point seconds stay in the shard files; the merged file leaves them out so that it is the same bytes however the sweep was split)`,
  ];
  if (figures) lines.push(`figures: ${figures.length ? figures.join(", ") : "none (a figure is drawn for one or two axes)"}`);
  else if (figuresDir) lines.push(`figures: not written (${m.missingCount ? `${m.missingCount} grid points missing` : `more than ${MAX_FIGURE_POINTS} points`})`);
  return lines.join("\n");
}

/** `eoslab merge`: joins sweep JSONL files (shards) into one, and optionally draws the figures. */
export const registerMerge: CommandRegistrar = (program: Command) => {
  program
    .command("merge")
    .description("join sweep JSONL files (from eoslab sweep --jsonl, e.g. --shard i/n runs): checks that they are one sweep, reports missing and duplicate grid points, writes one JSONL in grid order (streaming: bounded memory), without the per-point seconds, so it is byte-identical however the sweep was split")
    .argument("<files...>", "JSONL files written by eoslab sweep --jsonl")
    .requiredOption("--out <file>", "the merged JSONL file (may be one of the inputs)")
    .option("--figures <dir>", "also write the sweep's figures there (bifurcation.svg/.json for one axis, regime-map.svg/.json for two), when no grid point is missing")
    .option("--json", "print a JSON summary on stdout")
    .action((paths: string[], f: Record<string, string | boolean | undefined>) => {
      const out = String(f.out);
      const figuresDir = f.figures === undefined ? null : String(f.figures);
      checkReplaceable(out, "--out");
      // The figure names depend on the spec, known once the files are read: check every name a merge can write.
      const figurePaths = figuresDir === null ? [] : ALL_FIGURE_FILES.map((n) => ({ what: `--figures ${join(figuresDir, n)}`, path: join(figuresDir, n) }));
      for (const p of figurePaths) checkReplaceable(p.path, "--figures");
      checkDistinctOutputs([{ what: `--out ${out}`, path: out }, ...figurePaths]);
      const m = mergeSweepFiles(paths, out);
      let figures: string[] | null = null;
      if (figuresDir !== null && m.complete && m.count <= MAX_FIGURE_POINTS) {
        const rows = readSweepPoints(out).points as unknown as Parameters<typeof sweepFigures>[1];
        figures = sweepFigures(m.header.spec, rows).map((x) => writeOut(figuresDir, x.file, x.text));
      } else if (figuresDir !== null) info(`merge: ${m.missingCount ? `${m.missingCount} grid points are missing` : `more than ${MAX_FIGURE_POINTS} points`}, so no figures were written`);
      info(`merge: wrote ${out}${figures?.length ? `, ${figures.join(", ")}` : ""}`);
      if (f.json) {
        process.stdout.write(stringifySafe({
          out, fingerprint: m.header.fingerprint, spec: m.header.spec, runtime: m.header.runtime, files: m.files, count: m.count, present: m.present,
          complete: m.complete, missing: m.missing, missingCount: m.missingCount, duplicates: m.duplicates, conflicting: m.conflicting,
          computeSeconds: m.computeSeconds, figures,
        }) + "\n");
      } else process.stdout.write(formatMerge(m, out, figures, figuresDir) + "\n");
    });
};
