/**
 * Seeded random streams (MODEL §6: "one seeded generator, split per stream"). A stream is named by the
 * run's seed and a path of labels (e.g. seed, "stay", group, seller, period), so a draw does not depend on
 * how many draws other streams made before it, nor on the order or the thread that runs them.
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/** A source of uniform numbers in `[0, 1)`. */
export type Uniform = () => number;

/**
 * FNV-1a over the UTF-16 code units of `text`, then a murmur3 finaliser so that near-identical paths
 * (period 10 vs 11) land far apart; returns an unsigned 32-bit integer.
 */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The stream named `path` under `seed`: a pure-rand xoroshiro128+ generator seeded from a hash of the
 * path. The same seed and path give the same numbers on every machine and in every worker.
 *
 * @example const u = stream(7, "stay", "fairshare", "S1", 3); u() // => a number in [0, 1), the same every run
 * @throws RangeError when `seed` is not a safe integer.
 */
export function stream(seed: number, ...path: ReadonlyArray<string | number>): Uniform {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`stream: seed must be a safe integer, got ${seed}`);
  const rng = xoroshiro128plus(hash32([seed, ...path].join("/")));
  return () => uniformFloat64(rng);
}

/** A standard normal draw by Box–Muller from two uniforms of `u` (the first kept away from 0). */
export function normal(u: Uniform): number {
  const a = 1 - u(); // in (0, 1]
  const b = u();
  return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b);
}
