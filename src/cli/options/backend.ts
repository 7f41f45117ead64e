// `--backend <kind>` (and bench's `--backends <kinds>`): declared and checked here only, so every command
// says the same thing about the same mistake.
import { Option } from "commander";
import { InvalidArgumentError } from "../../errors.js";
import type { BackendKind } from "../../wasm/exports.js";

/** The backends, in the order the help names them. */
export const BACKENDS: readonly BackendKind[] = ["simd", "wasm", "js"];

/** The help text of `--backend`. */
export const BACKEND_HELP = "simd, wasm or js (default: the best available)";

/** The `--backend <kind>` option, for `command.addOption(backendOption())`. */
export function backendOption(): Option {
  return new Option("--backend <kind>", BACKEND_HELP);
}

/** One backend name from a flag (`--backend`, or an entry of `--backends`), or a one-line error naming the flag. */
export function backendName(raw: string, flag = "--backend"): BackendKind {
  if (!(BACKENDS as readonly string[]).includes(raw)) throw new InvalidArgumentError(`unknown backend "${raw}" in ${flag}; use simd, wasm or js`);
  return raw as BackendKind;
}

/** The value of `--backend`: undefined when not given (init then picks the best available). */
export function backendFlag(raw: string | undefined): BackendKind | undefined {
  return raw === undefined ? undefined : backendName(raw);
}
