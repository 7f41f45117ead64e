import type { Command } from "commander";
import { InvalidArgumentError } from "../../errors.js";
import { init } from "../../init.js";
import type { Engine } from "../../engine.js";
import { bifurcationSvg, bifurcationSweep, type BifurcationResult } from "../../experiments/bifurcation.js";
import { fmtNum } from "../../experiments/paper-table.js";
import { defaultStart, paperStarts } from "../../experiments/starts.js";
import { deepScalar } from "../../models/deep-scalar.js";
import { engineGeometry } from "../../observe/engine-geometry.js";
import type { BackendKind } from "../../wasm/exports.js";
import { stringifySafe } from "../json-safe.js";
import { intFlag, numberFlag } from "../parse-numbers.js";
import type { CommandRegistrar } from "../program.js";
import { writeOut } from "../write-out.js";

export interface SweepSettings { depth: number; target: number; from: number; to: number; count: number; steps: number; tail: number }

/** Runs the sweep and writes bifurcation.svg and bifurcation.json to `outDir`. */
export function runSweepToDir(engine: Engine, s: SweepSettings, outDir: string): { result: BifurcationResult; svg: string; files: string[] } {
  const model = deepScalar({ depth: s.depth, target: s.target });
  // Depth 5, y = 1: the paper's first start (ηλ(θ∥₀) ≈ 2.02 at η = 0.39); otherwise run's default start.
  const theta0 = s.depth === 5 && s.target === 1 ? paperStarts(1)[0] : defaultStart(s.depth, s.target);
  const result = bifurcationSweep(model, engineGeometry(engine), { etaFrom: s.from, etaTo: s.to, count: s.count, steps: s.steps, tail: s.tail, theta0 });
  const svg = bifurcationSvg(result);
  const files = [writeOut(outDir, "bifurcation.svg", svg), writeOut(outDir, "bifurcation.json", stringifySafe({ ...result }) + "\n")];
  return { result, svg, files };
}

/** Readable summary: runs of consecutive η with the same label. */
export function formatSweep(r: BifurcationResult): string {
  const lines = [`Bifurcation sweep: ${r.model}, λ* = ${fmtNum(r.lambdaStar, 10)}, η_c = ${fmtNum(r.etaCritical, 10)}; last ${r.tail} of ${r.steps} steps per η`, ""];
  let i = 0;
  while (i < r.points.length) {
    let j = i;
    while (j + 1 < r.points.length && r.points[j + 1].label === r.points[i].label) j++;
    const a = r.points[i], b = r.points[j];
    const vals = b.attractor.length ? `${b.distinct} distinct θ⊥ values at η = ${fmtNum(b.eta, 5)}` : "no finite values";
    lines.push(`η ∈ [${fmtNum(a.eta, 5)}, ${fmtNum(b.eta, 5)}]  ${a.label.padEnd(13)} (${j - i + 1} η values; ${vals})`);
    i = j + 1;
  }
  return lines.join("\n");
}

/** `eoslab sweep`: bifurcation diagram over η. */
export const registerSweep: CommandRegistrar = (program: Command) => {
  program
    .command("sweep")
    .description("bifurcation diagram over η on deep scalar factorisation: the attractor of θ⊥ (last K values) and its label, as SVG + JSON")
    .option("--depth <p>", "number of factors", "5")
    .option("--target <y>", "target y ≠ 0", "1")
    .option("--from <η>", "smallest η", "0.35")
    .option("--to <η>", "largest η", "0.5")
    .option("--count <n>", "number of η values", "151")
    .option("--steps <N>", "GD steps per η", "100000")
    .option("--tail <K>", "attractor size (last K values of θ⊥)", "64")
    .option("--out <dir>", "directory for bifurcation.svg and bifurcation.json", "out")
    .option("--backend <kind>", "simd, wasm or js (default: the best available)")
    .option("--json", "print the JSON on stdout too")
    .action(async (f: Record<string, string | boolean | undefined>) => {
      const s: SweepSettings = {
        depth: intFlag("--depth", String(f.depth), 2, 4096),
        target: numberFlag("--target", String(f.target), (x) => x !== 0, "a finite non-zero number"),
        from: numberFlag("--from", String(f.from), (x) => x > 0, "a finite number > 0"),
        to: numberFlag("--to", String(f.to), (x) => x > 0, "a finite number > 0"),
        count: intFlag("--count", String(f.count), 1, 100000),
        steps: intFlag("--steps", String(f.steps), 4, 1e10),
        tail: intFlag("--tail", String(f.tail), 2, 1e5),
      };
      if (s.to < s.from) throw new InvalidArgumentError(`--to ${s.to} is below --from ${s.from}; swap them`);
      if (s.steps < 2 * s.tail) throw new InvalidArgumentError(`--steps must be at least 2·--tail = ${2 * s.tail}`);
      if (f.backend !== undefined && !["simd", "wasm", "js"].includes(String(f.backend))) throw new InvalidArgumentError(`unknown backend "${f.backend}" in --backend; use simd, wasm or js`);
      const engine = await init({ backend: f.backend as BackendKind | undefined });
      const { result, files } = runSweepToDir(engine, s, String(f.out));
      process.stderr.write(`sweep: wrote ${files.join(", ")}\n`);
      if (f.json) process.stdout.write(stringifySafe({ ...result }) + "\n");
      else process.stdout.write(formatSweep(result) + "\n");
    });
};
