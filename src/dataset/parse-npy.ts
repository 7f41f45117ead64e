import { DataFormatError } from "../errors.js";
import { checkDataset, type Dataset } from "./dataset.js";

/** A parsed .npy array: '<f8', C order. */
export interface NpyArray {
  data: Float64Array;
  shape: number[];
}

/**
 * Reads a NumPy .npy file (format 1.0, 2.0 or 3.0). Accepts only little-endian
 * float64 ('<f8') in C order, and says how to convert anything else.
 */
export function parseNpy(bytes: Uint8Array, source = ".npy"): NpyArray {
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
  if (start + hlen > bytes.length) throw new DataFormatError(`${source}: truncated header; the file is cut short, save it again with numpy.save`);
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(start, start + hlen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new DataFormatError(`${source}: malformed .npy header (no descr, fortran_order or shape); save it with numpy.save`);
  if (descr !== "<f8") {
    throw new DataFormatError(`${source}: dtype '${descr}' is not supported; save little-endian float64, e.g. numpy.save(f, a.astype('<f8'))`);
  }
  if (fortran !== "False") throw new DataFormatError(`${source}: Fortran-order array not supported; save numpy.ascontiguousarray(a)`);
  const shape = shapeText.split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  if (shape.some((s) => !Number.isSafeInteger(s) || s < 0)) throw new DataFormatError(`${source}: bad shape (${shapeText}) in the header; save it with numpy.save`);
  const count = shape.reduce((a, b) => a * b, 1);
  const off = start + hlen;
  if (bytes.length - off < count * 8) throw new DataFormatError(`${source}: truncated data (${bytes.length - off} bytes for ${count} float64 values); the file is cut short, save it again with numpy.save`);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = dv.getFloat64(off + 8 * i, true);
  return { data, shape };
}

/** A Dataset from two .npy files: X of shape (n, d), y of shape (n,) or (n, 1). */
export function datasetFromNpy(xBytes: Uint8Array, yBytes: Uint8Array, xName = "X.npy", yName = "y.npy"): Dataset {
  const X = parseNpy(xBytes, xName), y = parseNpy(yBytes, yName);
  if (X.shape.length !== 2) throw new DataFormatError(`${xName}: X must be 2-D (n, d), got shape (${X.shape.join(", ")})`);
  const [n, d] = X.shape;
  if (!(y.shape.length === 1 || (y.shape.length === 2 && y.shape[1] === 1))) {
    throw new DataFormatError(`${yName}: y must have shape (n,) or (n, 1), got (${y.shape.join(", ")})`);
  }
  if (y.shape[0] !== n) throw new DataFormatError(`${yName}: y has ${y.shape[0]} entries but X has ${n} rows; they must match`);
  return checkDataset({ X: X.data, y: y.data, n, d }, `${xName}/${yName}`);
}
