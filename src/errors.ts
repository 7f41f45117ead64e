/**
 * Typed errors. Every error eoslab raises on purpose is an EoslabError with
 * a one-line message that names the problem and, where there is one, the fix.
 * The CLI prints `message` alone (a stack trace only with --debug).
 * @category Errors
 */
export class EoslabError extends Error {
  /** CLI exit code: 2 for a usage mistake, 1 for a failure at run time. */
  readonly exitCode: 1 | 2 = 1;
  override name = "EoslabError";
}

/**
 * An argument is out of range, of the wrong shape or not finite.
 * @category Errors
 */
export class InvalidArgumentError extends EoslabError {
  override readonly exitCode = 2;
  override name = "InvalidArgumentError";
}

/**
 * A request for more memory than a wasm32 instance can hold (4 GiB).
 * @category Errors
 */
export class WasmMemoryError extends EoslabError {
  override name = "WasmMemoryError";
}

/**
 * The wasm module could not be loaded or instantiated.
 * @category Errors
 */
export class BackendLoadError extends EoslabError {
  override name = "BackendLoadError";
}

/**
 * A run on several threads failed: a barrier between its workers timed out (a worker stalled or died) or a worker
 * raised. Its workers are terminated before this is thrown.
 * @category Errors
 */
export class ThreadsError extends EoslabError {
  override name = "ThreadsError";
}

/**
 * The library was used before init()/initSync().
 * @category Errors
 */
export class NotInitialisedError extends EoslabError {
  override name = "NotInitialisedError";
}

/**
 * A data file (JSON, CSV or .npy) is malformed: ragged, non-numeric, non-finite or of mismatched size.
 * @category Errors
 */
export class DataFormatError extends EoslabError {
  override readonly exitCode = 2;
  override name = "DataFormatError";
}

/**
 * A callback of a user-supplied Codim1Model (f, grad or hvp) threw, returned
 * something that is not a number / an array of the model's length, or gave a
 * non-finite value at a finite start. The message names the callback.
 * @category Errors
 */
export class ModelCallbackError extends EoslabError {
  override name = "ModelCallbackError";
  /** Which callback failed: "f", "grad", "hvp", or "model" for the model object itself (dim, target). */
  readonly callback: string;
  constructor(callback: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.callback = callback;
  }
}

/**
 * An input file could not be read (missing, a directory, no permission). Exit code 2: the path is the user's to fix.
 * @category Errors
 */
export class FileReadError extends EoslabError {
  override readonly exitCode = 2;
  override name = "FileReadError";
  /** The path as given. */
  readonly path: string;
  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.path = path;
  }
}

/**
 * An output file or directory could not be written (exit code 1: a failure at run time).
 * @category Errors
 */
export class FileWriteError extends EoslabError {
  override name = "FileWriteError";
}
