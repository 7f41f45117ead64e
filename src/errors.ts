/**
 * Typed errors. Every error eoslab raises on purpose is an EoslabError with
 * a one-line message that names the problem and, where there is one, the fix.
 * The CLI prints `message` alone (a stack trace only with --debug).
 */
export class EoslabError extends Error {
  /** CLI exit code: 2 for a usage mistake, 1 for a failure at run time. */
  readonly exitCode: 1 | 2 = 1;
  override name = "EoslabError";
}

/** An argument is out of range, of the wrong shape or not finite. */
export class InvalidArgumentError extends EoslabError {
  override readonly exitCode = 2;
  override name = "InvalidArgumentError";
}

/** A request for more memory than a wasm32 instance can hold (4 GiB). */
export class WasmMemoryError extends EoslabError {
  override name = "WasmMemoryError";
}

/** The wasm module could not be loaded or instantiated. */
export class BackendLoadError extends EoslabError {
  override name = "BackendLoadError";
}

/** The library was used before init()/initSync(). */
export class NotInitialisedError extends EoslabError {
  override name = "NotInitialisedError";
}

/** A data file (JSON, CSV or .npy) is malformed: ragged, non-numeric, non-finite or of mismatched size. */
export class DataFormatError extends EoslabError {
  override readonly exitCode = 2;
  override name = "DataFormatError";
}
