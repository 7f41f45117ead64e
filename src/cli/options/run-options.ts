// Every option of `eoslab run`, in help order, with the models it applies to: the one table that both the help
// text and the check use (an option given to a model that does not take it is an error, not ignored).
import { BACKEND_HELP } from "./backend.js";
import { DEFAULT_MAX_MINUTES } from "../run-limits.js";
import { DATA_RUN_OPTIONS, DATA_SOURCE_OPTIONS } from "./data-flags.js";
import { DATA_MODELS, DEEP_LINEAR_MODELS, SCALAR_MODELS, TANH_CHAIN_MODELS, type OptionSpec } from "./model-options.js";

/** The codimension-1 models (predicted and measured): deep scalar, the deep linear network and the tanh chain. */
const CODIM1_MODELS = [...SCALAR_MODELS, ...DEEP_LINEAR_MODELS, ...TANH_CHAIN_MODELS] as const;
/** The models whose parameters are one number per factor or layer: --depth p, --init θ₁,…,θ_p. */
const DEPTH_MODELS = [...SCALAR_MODELS, ...TANH_CHAIN_MODELS] as const;

/** `eoslab run` without --model. */
export const DEFAULT_RUN_MODEL = "deep-scalar";

export const RUN_OPTIONS: readonly OptionSpec[] = [
  {
    flags: "--model <name>", default: DEFAULT_RUN_MODEL,
    description: `${SCALAR_MODELS.join(" or ")} (= depth 2), deep-linear (f = w_L W_{L−1}⋯W₁x, one input) or tanh-chain (f = θ_p·tanh(θ_{p−1}·tanh(⋯ tanh(θ₁x))), JS callbacks, λ* searched): predicted and measured; ${DATA_MODELS.join(", ")} with --data or --X/--y: several outputs, empirical (deep-linear-data: the deep linear network on data, --widths; tanh-mlp: tanh MLP, --hidden h [--layers 2])`,
  },
  { flags: "--depth <p>", description: "number of factors (tanh-chain: parameters) p ≥ 2 (default 5, tanh-chain 3; 2 for --model scalar)", models: DEPTH_MODELS },
  { flags: "--target <y>", description: "target y ≠ 0", default: "1", models: CODIM1_MODELS },
  { flags: "--input <x1,…>", description: "the one input x (deep-linear: d₀ numbers, not all zero; tanh-chain: one number ≠ 0, default 1)", models: [...DEEP_LINEAR_MODELS, ...TANH_CHAIN_MODELS] },
  { flags: "--eta <η>", description: "learning rate" },
  { flags: "--eta-frac <f>", description: "learning rate as a fraction of η_c = 2/λ* (data models: the empirical λ*)" },
  { flags: "--steps <N>", description: "GD steps", default: "100000" },
  {
    flags: "--init <a,b,…>", models: DEPTH_MODELS, instead: "data models take --theta0 file.json; deep-linear draws θ₀ from --init-seed and --init-scale",
    description: "θ₀ exactly as given (default: a documented start near M, 0.01 off M; depth 2, y = 1: (1.8, 1/1.8 + 0.02); tanh-chain: θ_k = 1.2, θ_p = y/h_{p−1})",
  },
  { flags: "--record-every <k>", description: "record every k-th step (default: deep scalar about 2000 log-spaced steps; data models every step up to 10⁵ steps, else an odd stride)" },
  { flags: "--tail <K>", description: "record every step of the last K steps (period detection)", default: "64", models: CODIM1_MODELS },
  // --widths: the one-input deep linear network (d₀ = the input's size) and the same network on data (d₀ = d).
  ...DATA_SOURCE_OPTIONS.map((o) => (o.flags.startsWith("--widths") ? {
    ...o, models: [...DEEP_LINEAR_MODELS, ...o.models!],
    description: "layer widths d₀ (the input size; deep-linear-data: the data's d), d₁, …, d_{L−1}, then 1 (the scalar output); L ≥ 2",
  } : o)),
  // The deep linear network draws θ₀ as the data models do: init-scale · RandomState(init-seed).randn(p).
  ...DATA_RUN_OPTIONS.map((o) => (o.flags.startsWith("--init-seed") || o.flags.startsWith("--init-scale") ? { ...o, models: [...DEEP_LINEAR_MODELS, ...o.models!] } : o)),
  {
    flags: "--max-minutes <m>", default: String(DEFAULT_MAX_MINUTES),
    description: "refuse a run estimated to take longer than m minutes (the estimate is printed before any run of 2 s or more)",
  },
  { flags: "--backend <kind>", description: BACKEND_HELP },
  { flags: "--json", description: "print one JSON object on stdout" },
  {
    flags: "--csv", description: "print the recorded series as CSV on stdout: a header row, then one row per recorded step (deep scalar: step, loss, thetaPerp, distPar, lambdaPar, lambdaAt, gfsSharpness; deep linear, tanh chain: the first six; data models: step, loss and the coordinates or sharpness when computed)",
    notWith: { flag: "--json", why: "stdout holds one format" },
  },
  { flags: "--wide", description: "readable summary without wrapping at 100 columns" },
];
