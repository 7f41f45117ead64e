// Options that only some models take. Each option is declared once, with the models it applies to; the same
// declaration adds it to a command (its help names those models) and refuses it for any other model, so a
// flag is never silently ignored (e.g. --hidden on a deep scalar run, --data without --model).
import type { Command } from "commander";
import { InvalidArgumentError } from "../../errors.js";
import type { DataModelKind } from "../../models/data-model.js";

/** Deep scalar factorisation f = θ₁⋯θ_p (`scalar` is depth 2): the paper's setting, predicted and measured (docs/design.md §1). */
export const SCALAR_MODELS = ["deep-scalar", "scalar"] as const;
/** The deep linear network with one input, f = w_L W_{L−1}⋯W₁x: codimension 1, predicted and measured (docs/design.md §1). */
export const DEEP_LINEAR_MODELS = ["deep-linear"] as const;
/** The tanh chain f = θ_p·tanh(θ_{p−1}·tanh(⋯ tanh(θ₁x))): codimension 1, λ* from the general search (docs/design.md §1). */
export const TANH_CHAIN_MODELS = ["tanh-chain"] as const;
/** Data-driven models with several outputs: everything about them is empirical (docs/design.md §4). */
export const DATA_MODELS = ["diagonal", "two-layer", "linear", "deep-linear-data", "tanh-mlp"] as const satisfies readonly DataModelKind[];
/** Every model `eoslab run` takes, in the order its help lists them. */
export const RUN_MODELS = [...SCALAR_MODELS, ...DEEP_LINEAR_MODELS, ...TANH_CHAIN_MODELS, ...DATA_MODELS] as const;
export type RunModel = (typeof RUN_MODELS)[number];

/** One option of a command, declared once: flags and help for commander, and the models that take it. */
export interface OptionSpec {
  /** As commander takes them, e.g. "--hidden <h>". */
  flags: string;
  description: string;
  default?: string;
  /** The models that take this option; absent: every model of the command. */
  models?: readonly RunModel[];
  /** Appended to the refusal, e.g. which option the other models take instead. */
  instead?: string;
  /** Another option (long flag) that makes this one meaningless, and why: giving both is refused too. */
  notWith?: { flag: string; why: string };
}

/** The long flag of a spec, e.g. "--hidden". */
export function longFlag(spec: OptionSpec): string {
  return spec.flags.split(/[ ,]/)[0];
}

/** "a|b|c". */
export function modelList(models: readonly string[]): string {
  return models.join("|");
}

/** The help text of an option: its description, then the models that take it when the command has others too. */
export function optionHelp(spec: OptionSpec, commandModels: readonly RunModel[]): string {
  const only = spec.models && commandModels.some((m) => !spec.models!.includes(m));
  const text = spec.notWith ? `${spec.description}; not with ${spec.notWith.flag}` : spec.description;
  return only ? `${text} [--model ${modelList(spec.models!)} only]` : text;
}

/** Adds the options to a command, in order; `commandModels` are the models the command takes. */
export function addOptions(cmd: Command, specs: readonly OptionSpec[], commandModels: readonly RunModel[]): Command {
  for (const s of specs) {
    if (s.default === undefined) cmd.option(s.flags, optionHelp(s, commandModels));
    else cmd.option(s.flags, optionHelp(s, commandModels), s.default);
  }
  return cmd;
}

/** Whether the user gave an option (on the command line), as opposed to commander filling in its default. */
export function optionGiven(cmd: Command, long: string): boolean {
  const opt = cmd.options.find((o) => o.long === long);
  if (!opt) return false;
  const source = cmd.getOptionValueSource(opt.attributeName());
  if (source === undefined || source === "default") return false;
  // --header and --no-header share one attribute: the value tells which of the two was given last.
  return !opt.isBoolean() || cmd.getOptionValue(opt.attributeName()) === !opt.negate;
}

/** The model a command runs, and whether --model was given (`run` without it is deep-scalar). */
export interface ChosenModel {
  model: RunModel;
  given: boolean;
}

/**
 * The refusal for the first option given that `model` does not take (one line, naming the models that take
 * it), or for the first pair of options given together where one makes the other meaningless; null when every
 * given option applies. Specs are checked in order.
 */
export function inapplicableOption(cmd: Command, specs: readonly OptionSpec[], chosen: ChosenModel): string | null {
  for (const s of specs) {
    if (!s.models || s.models.includes(chosen.model) || !optionGiven(cmd, longFlag(s))) continue;
    const list = modelList(s.models);
    const why = chosen.given ? `got --model ${chosen.model}` : `pass --model ${list} (without --model, eoslab ${cmd.name()} is ${chosen.model})`;
    return `${longFlag(s)} applies to --model ${list} only; ${why}${s.instead ? `; ${s.instead}` : ""}`;
  }
  for (const s of specs) {
    if (s.notWith && optionGiven(cmd, longFlag(s)) && optionGiven(cmd, s.notWith.flag)) return `${longFlag(s)} cannot be used with ${s.notWith.flag}: ${s.notWith.why}; drop one`;
  }
  return null;
}

/** Throws InvalidArgumentError (exit 2) for the first given option that does not apply to the chosen model. */
export function checkOptionsApply(cmd: Command, specs: readonly OptionSpec[], chosen: ChosenModel): void {
  const msg = inapplicableOption(cmd, specs, chosen);
  if (msg !== null) throw new InvalidArgumentError(msg);
}
