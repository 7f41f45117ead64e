import { DataFormatError, InvalidArgumentError } from "../errors.js";
import { checkDataset, type Dataset } from "./dataset.js";
import { kindOfValue, quoted, sourceName } from "./excerpt.js";

/** A strict decimal number (no empty cells, no "0x", no trailing junk); NaN/Inf spelled out are caught as non-finite. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(nan|NaN|NAN|inf|Inf|INF|infinity|Infinity)$/;

function cell(t: string): number {
  const l = t.toLowerCase().replace(/^[+]/, "");
  if (l === "nan" || l === "-nan") return Number.NaN;
  if (l === "inf" || l === "infinity") return Infinity;
  if (l === "-inf" || l === "-infinity") return -Infinity;
  return Number(t);
}

const isNum = (s: string): boolean => NUMBER.test(s);

/**
 * Longest line read, in characters (64 Mi). A line is held whole while it is split into cells, so a file with no
 * line breaks must not grow without bound; 64 Mi characters is about 2.5 million cells on one line.
 */
export const MAX_CSV_LINE_CHARS = 2 ** 26;

/**
 * How the first line of a CSV file is read: undefined (the default) applies the header rule below.
 * @category Data files
 */
export interface CsvOptions {
  /** true: the first line is a header (--header); false: it is data (--no-header); undefined: by rule. */
  header?: boolean;
}

/** Values are collected in blocks of this many, then copied once into X and y: the peak is 2× the data. */
const BLOCK = 1 << 16;

/**
 * Reads CSV one piece at a time (push), so a large file never exists as one string, and the values go straight
 * into Float64Array blocks: memory stays within about twice the data's size as float64 (docs/design.md §4).
 *
 * Format: one sample per line, features then y in the last column. The separator is found on the first line
 * that is not blank or a '#' comment: a comma if that line has one, else runs of spaces or tabs
 * (numpy.savetxt's default). Cells may have spaces around them; a trailing "\r" is dropped. Lines and columns in
 * messages count from 1 as in a spreadsheet, blank and comment lines included.
 *
 * The header rule (without --header or --no-header): the first line is a header when none of its cells is a
 * number, and data when all of them are. A first line where some cells are numbers and some are not is refused
 * as ambiguous, with a message asking for --header or --no-header: it could be a header with numeric names or a
 * first sample with a typo, and guessing either way loses or corrupts a sample silently. A header is only
 * accepted if every later line parses (each later line is checked as data, so a bad one is an error).
 */
export class CsvDatasetParser {
  private carry = "";
  private lineNo = 0;
  private sep: "," | "ws" | null = null;
  private first = true;
  private header: { line: number; cols: number } | null = null;
  private cols = 0;
  private rows = 0;
  private blocks: Float64Array[] = [];
  private block = new Float64Array(BLOCK);
  private pos = 0;
  private done = false;

  readonly source: string;
  readonly options: CsvOptions;

  constructor(source = "CSV data", options: CsvOptions = {}) {
    this.source = sourceName(source, "CSV data");
    if (options === null || typeof options !== "object" || Array.isArray(options)) throw new InvalidArgumentError(`${this.source}: options must be an object such as { header: true }, got ${kindOfValue(options)}`);
    if (options.header !== undefined && typeof options.header !== "boolean") throw new InvalidArgumentError(`${this.source}: options.header must be true, false or undefined, got ${kindOfValue(options.header)}`);
    this.options = options;
  }

  /** Feeds the next piece of the text (any split, even mid-line). */
  push(chunk: string): void {
    if (this.done) throw new InvalidArgumentError(`${this.source}: push after end`);
    if (typeof chunk !== "string") throw new InvalidArgumentError(`${this.source}: push takes text, got ${kindOfValue(chunk)}`);
    const text = this.carry === "" ? chunk : this.carry + chunk;
    let start = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      this.line(text.slice(start, nl));
      start = nl + 1;
    }
    this.carry = start === 0 ? text : text.slice(start);
    if (this.carry.length > MAX_CSV_LINE_CHARS) {
      throw new DataFormatError(`${this.source}: line ${this.lineNo + 1} is longer than ${MAX_CSV_LINE_CHARS} characters; put one sample per line`);
    }
  }

  /** The data set, after the last piece. */
  end(): Dataset {
    if (this.done) throw new InvalidArgumentError(`${this.source}: end called twice`);
    if (this.carry !== "") this.line(this.carry);
    this.carry = "";
    this.done = true;
    const src = this.source;
    if (this.rows === 0) {
      if (this.header) throw new DataFormatError(`${src}: a header but no data rows`);
      throw new DataFormatError(`${src}: no data rows (the file is empty or only comments); expected one sample per line, features then y`);
    }
    const n = this.rows, cols = this.cols, d = cols - 1;
    const X = new Float64Array(n * d), y = new Float64Array(n);
    const blocks = this.blocks;
    blocks.push(this.block.subarray(0, this.pos));
    this.blocks = [];
    this.block = new Float64Array(0);
    let k = 0; // flat index of the value: row k / cols, column k % cols
    for (let b = 0; b < blocks.length; b++) {
      const blk = blocks[b];
      for (let i = 0; i < blk.length; i++, k++) {
        const r = Math.floor(k / cols), c = k - r * cols;
        if (c < d) X[r * d + c] = blk[i];
        else y[r] = blk[i];
      }
      blocks[b] = new Float64Array(0); // let the block go as soon as it is copied
    }
    return checkDataset({ X, y, n, d }, src);
  }

  private sepName(): string {
    return this.sep === "," ? "commas" : "whitespace (no comma on the first line)";
  }

  private line(raw: string): void {
    this.lineNo++;
    const l = raw.trim();
    if (l === "" || l.startsWith("#")) return;
    const src = this.source, line = this.lineNo;
    if (this.sep === null) this.sep = l.includes(",") ? "," : "ws";
    const cells = this.sep === "," ? l.split(",").map((s) => s.trim()) : l.split(/\s+/);
    if (this.first) {
      this.first = false;
      let isHeader = this.options.header;
      if (isHeader === undefined) {
        const bad = cells.filter((c) => !isNum(c)).length;
        if (bad > 0 && bad < cells.length) {
          const j = cells.findIndex((c) => !isNum(c));
          throw new DataFormatError(`${src}: line ${line} is ambiguous: column ${j + 1} is ${quoted(cells[j])}, not a number, but ${cells.length - bad} of its ${cells.length} cells are numbers; pass --header if line ${line} is a header, --no-header if it is data (then fix that cell)`);
        }
        isHeader = bad === cells.length;
      }
      if (isHeader) {
        this.header = { line, cols: cells.length };
        return;
      }
    }
    if (this.rows === 0) {
      this.cols = cells.length;
      if (this.header && this.header.cols !== this.cols) {
        throw new DataFormatError(`${src}: the header (line ${this.header.line}) has ${this.header.cols} columns but line ${line} has ${this.cols}; every line needs the same columns, separated by ${this.sepName()}`);
      }
      if (this.cols < 2) {
        const hint = this.sep === "ws" ? `; cells are separated by commas or whitespace, and line ${line} has neither between its cells` : "";
        throw new DataFormatError(`${src}: line ${line} has ${this.cols} column; need at least one feature and y (last column)${hint}`);
      }
    } else if (cells.length !== this.cols) {
      throw new DataFormatError(`${src}: line ${line} has ${cells.length} columns, expected ${this.cols} (ragged rows); every line needs the same number of cells, separated by ${this.sepName()}`);
    }
    for (let j = 0; j < cells.length; j++) {
      const s = cells[j];
      if (!isNum(s)) {
        const sep = this.sep === "," ? "comma-separated" : "separated by whitespace";
        throw new DataFormatError(`${src}: line ${line}, column ${j + 1} is ${quoted(s)}, not a number; cells must be decimal numbers, ${sep}`);
      }
      const v = cell(s);
      if (!Number.isFinite(v)) throw new DataFormatError(`${src}: line ${line}, column ${j + 1} is ${v}; all entries must be finite`);
      if (this.pos === BLOCK) {
        this.blocks.push(this.block);
        this.block = new Float64Array(BLOCK);
        this.pos = 0;
      }
      this.block[this.pos++] = v;
    }
    this.rows++;
  }
}

/**
 * Parses CSV text (see CsvDatasetParser for the format and the header rule; `options.header` overrides the
 * rule). For a file, src/node/read-files.ts streams it through CsvDatasetParser instead.
 *
 * @example parseCsvDataset("x1,x2,y\n1,0,1\n0,1,2\n").n // 2
 * @category Data files
 */
export function parseCsvDataset(text: string, source = "CSV data", options: CsvOptions = {}): Dataset {
  const p = new CsvDatasetParser(source, options);
  if (typeof text !== "string") throw new InvalidArgumentError(`${p.source}: expected the CSV text as a string, got ${kindOfValue(text)}`);
  p.push(text);
  return p.end();
}

