import { DataFormatError, InvalidArgumentError } from "../errors.js";
import { checkDataset, type Dataset } from "./dataset.js";
import { excerpt, kindOfValue, sourceName } from "./excerpt.js";

/**
 * A parsed .npy array: '<f8', C order.
 * @category Data files
 */
export interface NpyArray {
  data: Float64Array;
  shape: number[];
}

/**
 * Reads a NumPy .npy file (format 1.0, 2.0 or 3.0). Accepts only little-endian
 * float64 ('<f8') in C order, and says how to convert anything else.
 * @example
 * const bytes = new Uint8Array(await (await fetch("X.npy")).arrayBuffer());
 * const { data, shape } = parseNpy(bytes, "X.npy");
 * @category Data files
 */
export function parseNpy(bytes: Uint8Array, source = ".npy"): NpyArray {
  source = sourceName(source, ".npy");
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError(`${source}: expected the file's bytes as a Uint8Array, got ${kindOfValue(bytes)}`);
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((m, i) => bytes[i] !== m)) throw new DataFormatError(`${source}: not a .npy file (bad magic); save it with numpy.save`);
  const major = bytes[6];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let hlen: number, start: number;
  if (major === 1) {
    hlen = dv.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new DataFormatError(`${source}: truncated header; the file is cut short, save it again with numpy.save`);
    hlen = dv.getUint32(8, true);
    start = 12;
  } else throw new DataFormatError(`${source}: .npy format version ${major} is not supported (1, 2 or 3)`);
  if (start + hlen > bytes.length) {
    throw new DataFormatError(`${source}: truncated header: the header-length field says ${hlen} bytes, but only ${bytes.length - start} follow it; the file is cut short or the field is wrong, save it again with numpy.save`);
  }
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(start, start + hlen));
  // The header-length field is checked against the header itself: numpy.save writes a Python dict literal,
  // padded with spaces and ended by "\n". A wrong field cuts the dict short or runs into the data, and the
  // data would otherwise be read from the wrong offset without a word.
  if (!/^\{[^\n]*\}[ \x00]*\n$/.test(header)) {
    throw new DataFormatError(`${source}: the header-length field (${hlen} bytes) does not match the header: it must cover one dict {...} padded with spaces and ended by a newline; the file is damaged, save it again with numpy.save`);
  }
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new DataFormatError(`${source}: malformed .npy header (no descr, fortran_order or shape); save it with numpy.save`);
  if (descr !== "<f8") {
    throw new DataFormatError(`${source}: dtype '${excerpt(descr)}' is not supported; save little-endian float64, e.g. numpy.save(f, a.astype('<f8'))`);
  }
  if (fortran !== "False") throw new DataFormatError(`${source}: Fortran-order array not supported; save numpy.ascontiguousarray(a)`);
  const dims = shapeText.split(",").map((s) => s.trim());
  // "(3,)" splits into ["3", ""]: only a trailing empty entry is allowed.
  if (dims.length > 1 && dims[dims.length - 1] === "") dims.pop();
  const shape = dims.length === 1 && dims[0] === "" ? [] : dims.map((s) => (/^\d+$/.test(s) ? Number(s) : Number.NaN));
  if (shape.some((s) => !Number.isSafeInteger(s) || s < 0)) throw new DataFormatError(`${source}: bad shape (${excerpt(shapeText)}) in the header; save it with numpy.save`);
  const count = shape.reduce((a, b) => a * b, 1);
  const off = start + hlen, have = bytes.length - off;
  if (!Number.isSafeInteger(count * 8) || count * 8 > have) {
    throw new DataFormatError(`${source}: truncated data (${have} bytes for ${count} float64 values of shape (${shape.join(", ")})); the file is cut short, save it again with numpy.save`);
  }
  // numpy.save writes exactly the data after the header: extra bytes mean the shape or the header length is wrong.
  if (have !== count * 8) {
    throw new DataFormatError(`${source}: the file has ${have} bytes of data after the header, but shape (${shape.join(", ")}) needs ${count * 8}; the shape or the header-length field is wrong, save it again with numpy.save`);
  }
  const data = new Float64Array(count);
  if (LITTLE_ENDIAN) new Uint8Array(data.buffer).set(bytes.subarray(off, off + count * 8));
  else for (let i = 0; i < count; i++) data[i] = dv.getFloat64(off + 8 * i, true);
  return { data, shape };
}

/** Whether this machine stores float64 little-endian, so '<f8' bytes can be copied as they are. */
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * A Dataset from two .npy files: X of shape (n, d), y of shape (n,) or (n, 1).
 * @example
 * const data = datasetFromNpy(xBytes, yBytes, "X.npy", "y.npy"); // X of shape (n, d), y of shape (n,)
 * @category Data files
 */
export function datasetFromNpy(xBytes: Uint8Array, yBytes: Uint8Array, xName = "X.npy", yName = "y.npy"): Dataset {
  xName = sourceName(xName, "X.npy");
  yName = sourceName(yName, "y.npy");
  const X = parseNpy(xBytes, xName), y = parseNpy(yBytes, yName);
  if (X.shape.length !== 2) throw new DataFormatError(`${xName}: X must be 2-D (n, d), got shape (${X.shape.join(", ")})`);
  const [n, d] = X.shape;
  if (!(y.shape.length === 1 || (y.shape.length === 2 && y.shape[1] === 1))) {
    throw new DataFormatError(`${yName}: y must have shape (n,) or (n, 1), got (${y.shape.join(", ")})`);
  }
  if (y.shape[0] !== n) throw new DataFormatError(`${yName}: y has ${y.shape[0]} entries but X has ${n} rows; they must match`);
  return checkDataset({ X: X.data, y: y.data, n, d }, `${xName}/${yName}`);
}
