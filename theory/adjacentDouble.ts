/**
 * The doubles next to a number, for code that must step exactly one representable value past a
 * boundary (an MWP, a price): stepping the bit pattern of a non-negative double by one moves it by one ulp.
 */

function step(x: number, by: 1n | -1n): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + by);
  return view.getFloat64(0);
}

/**
 * The smallest double above a finite `x ≥ 0`.
 *
 * @example nextUp(1) // => 1.0000000000000002
 */
export function nextUp(x: number): number {
  return x === 0 ? Number.MIN_VALUE : step(x, 1n);
}

/**
 * The largest double below a positive finite `x`.
 *
 * @example nextDown(1) // => 0.9999999999999999
 */
export function nextDown(x: number): number {
  return step(x, -1n);
}
