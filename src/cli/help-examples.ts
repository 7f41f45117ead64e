// The "Examples:" block of `eoslab --help` and of every `eoslab <command> --help`.
// One table, so the command files stay about what they do. Every line here is
// run by test/cli/ergonomics.test.ts; keep them real, short and copy-pastable
// (setup lines only `echo '…' > file`, eoslab lines at most `> file` after them).
import type { Command } from "commander";

/** One example: a shell line (an eoslab call, or an `echo … > file` that makes its input) and an optional note. */
export interface HelpExample {
  line: string;
  note?: string;
}

// Two outputs, three inputs: p > n for every data model, so the minima form a manifold M (docs/design.md §4).
const DATA = `echo '{"X":[[1,0,1],[0,1,1]],"y":[1,-1]}' > data.json`;

/** Examples of `eoslab --help`. */
export const PROGRAM_EXAMPLES: HelpExample[] = [
  { line: "eoslab report", note: "the main job (= npm start): tables here, out/report.html" },
  { line: "eoslab run --eta-frac 1.02 --steps 20000", note: "one run just above the edge, predicted vs measured" },
  { line: "eoslab seed --json --quiet > seed.json", note: "one JSON value on stdout, nothing on stderr" },
  { line: "eoslab help run", note: "every option of a command" },
];

/** Examples of `eoslab <command> --help`, by command name. A command missing here (or not registered) gets none. */
export const HELP_EXAMPLES: Record<string, HelpExample[]> = {
  bench: [
    { line: "eoslab bench --quick --only deep-scalar --backends simd", note: "a smoke test in under a second" },
    { line: "eoslab bench --only deep-scalar,gd-linear --backends simd,wasm", note: "SIMD vs scalar wasm on two cases" },
    { line: "eoslab bench --only deep-scalar --json --quiet > bench.json" },
  ],
  seed: [
    { line: "eoslab seed", note: "the seed's six learning rates: our measurement beside its claims" },
    { line: "eoslab seed --steps 200 --backend js" },
    { line: "eoslab seed --json --curves > seed.json", note: "with every loss curve" },
  ],
  sharpness: [
    { line: DATA },
    { line: `echo '{"theta":[0.5,-0.5,0.5]}' > point.json` },
    { line: "eoslab sharpness --model linear --data data.json --point point.json", note: "λ_max of the Hessian and of JᵀJ" },
    { line: "eoslab sharpness --model linear --data data.json --point point.json --top 2 --json" },
  ],
  run: [
    { line: "eoslab run --eta-frac 0.9 --steps 2000", note: "stable: θ⊥ → 0 at the predicted rate" },
    { line: "eoslab run --eta 0.4", note: "critical (η = η_c): power laws t^(-1/2)" },
    { line: "eoslab run --model scalar --eta-frac 1.05 --steps 20000 --json > run.json", note: "supercritical: a period-2 orbit" },
    { line: DATA },
    { line: "eoslab run --model diagonal --data data.json --eta-frac 0.5 --steps 5000", note: "a data model (several outputs, empirical); θ = [u; v]" },
  ],
  paper: [
    { line: "eoslab paper", note: "Figures 2–4 as SVG + out/paper.html, and the predicted-vs-measured table" },
    { line: "eoslab paper --out figures --backend wasm" },
    { line: "eoslab paper --json --quiet > paper.json" },
  ],
  sweep: [
    { line: "eoslab sweep --count 3 --steps 2000 --out sweep-small", note: "three η values, quick" },
    { line: "eoslab sweep --from 0.39 --to 0.45 --count 31 --steps 20000 --json > sweep.json" },
    { line: "eoslab sweep --count 41 --steps 20000 --workers 2 --jsonl sweep.jsonl", note: "in parallel; rerun to resume" },
    { line: "eoslab sweep --count 41 --steps 20000 --jsonl shard1.jsonl --shard 1/2", note: "one half of the grid (see merge)" },
  ],
  merge: [
    { line: "eoslab sweep --count 41 --steps 20000 --jsonl shard1.jsonl --shard 1/2", note: "two shards (on two machines, say)" },
    { line: "eoslab sweep --count 41 --steps 20000 --jsonl shard2.jsonl --shard 2/2" },
    { line: "eoslab merge shard1.jsonl shard2.jsonl --out sweep.jsonl --figures merged", note: "one file in grid order, and the diagram" },
    { line: "eoslab merge shard1.jsonl shard2.jsonl --out sweep.jsonl --json > merge.json" },
  ],
  slurm: [
    { line: "eoslab slurm --tasks 4 --count 41 --steps 20000 --out job", note: "job/sweep.sbatch (4 array tasks) and job/merge.sbatch; prints the sbatch line" },
    { line: "eoslab slurm --tasks 4 --count 41 --steps 20000 --out job", note: "the same again after failures: only the unfinished shards" },
    { line: "eoslab slurm --tasks 4 --count 41 --steps 20000 --partition short --time 30 --out job --json > job.json" },
  ],
  report: [
    { line: "eoslab report", note: "= npm start; writes out/report.html" },
    { line: "eoslab report --out my-report --quiet", note: "tables only, no progress" },
    { line: "eoslab report --json --out my-report > report.json" },
  ],
  catapult: [
    { line: "eoslab catapult --width 256 --steps 200 --refine 2", note: "lazy, catapult and diverged runs, the window's edges beside 2/λ₀ and 4/λ₀" },
    { line: "eoslab catapult --width 128 --grid 0.5,1.5,2.5 --refine 0 --out catapult-fig", note: "the figure: loss and λ over the steps" },
    { line: "eoslab catapult --seed 1 --json > catapult.json", note: "width 512; --width 4096 takes about 10 s" },
  ],
  sharpening: [
    { line: "eoslab sharpening --samples 60 --hidden 8 --eta 0.004,0.008 --steps 300", note: "a small tanh MLP: first step with λ ≥ 0.9·2/η, ηλ/2 after it, loss-up fraction" },
    { line: "eoslab sharpening --model deep-linear-data --steps 300 --out sharpening-fig", note: "the deep linear network on the same data, and the figure" },
    { line: "eoslab sharpening --json > sharpening.json", note: "the default tanh MLP (h = 16, 3 η, 1500 steps): a few seconds" },
  ],
};

/** The eoslab call in a line, split into words: [command, ...args] (the redirection `> file` and a `# note` cut off); null for setup lines. */
export function exampleArgs(line: string): string[] | null {
  const words = line.replace(/\s#.*$/, "").trim().split(/\s+/);
  if (words[0] !== "eoslab") return null;
  const gt = words.indexOf(">");
  return words.slice(1, gt < 0 ? undefined : gt);
}

/** The file an eoslab line redirects stdout to (`… > file`), if any. */
export function exampleRedirect(line: string): string | null {
  const m = /\s>\s*(\S+)\s*$/.exec(line);
  return m ? m[1] : null;
}

function longFlags(cmd: Command): Set<string> {
  const s = new Set<string>(["--help"]);
  for (const o of cmd.options) if (o.long) s.add(o.long);
  return s;
}

/**
 * Whether every eoslab call in the examples names a registered command and only
 * flags it (or the program) has, so `--help` never shows a flag another branch
 * has not added yet. The test checks that every example is shown.
 */
export function exampleApplies(program: Command, ex: HelpExample): boolean {
  const args = exampleArgs(ex.line);
  if (args === null) return true;
  if (args[0] === "help") return args.length === 1 || program.commands.some((c) => c.name() === args[1]);
  const cmd = program.commands.find((c) => c.name() === args[0]);
  if (!cmd) return false;
  const known = new Set([...longFlags(program), ...longFlags(cmd)]);
  return args.slice(1).every((a) => !a.startsWith("--") || known.has(a.split("=")[0]));
}

/** The "Examples:" block as commander prints it after the help. */
export function formatExamples(examples: HelpExample[]): string {
  if (examples.length === 0) return "";
  // The note goes on its own line above, so each `$` line can be copied whole.
  const lines = examples.flatMap((e) => [...(e.note ? [`  # ${e.note}`] : []), `  $ ${e.line}`]);
  return `\nExamples:\n${lines.join("\n")}\n`;
}

/** The examples `--help` shows for a command ("" = the program itself). */
export function shownExamples(program: Command, name: string): HelpExample[] {
  return (name === "" ? PROGRAM_EXAMPLES : HELP_EXAMPLES[name] ?? []).filter((e) => exampleApplies(program, e));
}

/** Adds the Examples block to `eoslab --help` and to each registered command's help. */
export function addHelpExamples(program: Command): void {
  program.addHelpText("after", formatExamples(shownExamples(program, "")));
  for (const cmd of program.commands) cmd.addHelpText("after", formatExamples(shownExamples(program, cmd.name())));
}
