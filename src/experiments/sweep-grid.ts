// Which grid points a sweep (or one shard of it) runs. Browser-safe.
import { InvalidArgumentError } from "../errors.js";
import { argInt, argObject, argString } from "../check-args.js";

/**
 * Shard `index` of `total`, 1-based: it runs the grid indices k (0-based) with k mod total = index − 1.
 * @category Sweeps
 */
export interface Shard {
  index: number;
  total: number;
}

/**
 * Parses "i/n" (1 ≤ i ≤ n, integers); anything else is an InvalidArgumentError naming the flag.
 * @example
 * parseShard("2/4"); // { index: 2, total: 4 }
 * @category Sweeps
 */
export function parseShard(raw: string, flag = "--shard"): Shard {
  argString("parseShard", "raw", raw); argString("parseShard", "flag", flag);
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  if (!m) throw new InvalidArgumentError(`${flag} must look like i/n (e.g. 1/4: the first of 4 shards, 1-based), got "${raw}"`);
  const index = Number(m[1]), total = Number(m[2]);
  if (!Number.isSafeInteger(total) || total < 1) throw new InvalidArgumentError(`${flag} ${raw}: the number of shards n must be ≥ 1`);
  if (!Number.isSafeInteger(index) || index < 1 || index > total) throw new InvalidArgumentError(`${flag} ${raw}: the shard i must be in 1..${total} (shards are 1-based)`);
  return { index, total };
}

/**
 * The grid indices (0-based, ascending) of a sweep of `count` points, or of one shard of it (round-robin: k ≡ i − 1 mod n).
 * @example
 * shardIndices(10, parseShard("1/3")); // the grid points this shard computes
 * @category Sweeps
 */
export function shardIndices(count: number, shard?: Shard): number[] {
  argInt("shardIndices", "count", count);
  if (count < 0) throw new InvalidArgumentError(`shardIndices: count must be ≥ 0, got ${count}`);
  argObject("shardIndices", "shard", shard, true);
  if (shard) {
    // A total of 0 would make the stride 0 and the loop below endless.
    argInt("shardIndices", "shard.total", shard.total); argInt("shardIndices", "shard.index", shard.index);
    if (shard.total < 1 || shard.index < 1 || shard.index > shard.total) throw new InvalidArgumentError(`shardIndices: shard must be i/n with 1 ≤ i ≤ n, got ${shard.index}/${shard.total}`);
  }
  const out: number[] = [];
  const start = shard ? shard.index - 1 : 0, stride = shard ? shard.total : 1;
  for (let k = start; k < count; k += stride) out.push(k);
  return out;
}

/** Indices as compact ranges: [0,1,2,5,7,8] → "0–2, 5, 7–8"; at most `max` ranges, then "… (N more)". */
export function formatIndexRanges(indices: number[], max = 12): string {
  const parts: string[] = [];
  let i = 0;
  while (i < indices.length) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    parts.push(i === j ? `${indices[i]}` : `${indices[i]}–${indices[j]}`);
    i = j + 1;
  }
  return parts.length > max ? `${parts.slice(0, max).join(", ")}, … (${parts.length - max} more ranges)` : parts.join(", ");
}
