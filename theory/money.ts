/**
 * Exact money (MODEL §2): every amount in the market is a whole number of one money unit, 10^−d of
 * the currency, held in a double as a safe integer. Sums, differences and comparisons of such amounts
 * are exact, so whether a bundle fits a budget never depends on the order of a sum or its last bit.
 * Amounts enter once, rounded half to even to the unit, and leave as the nearest decimal double.
 */

/** Decimal places of the default money unit: a millionth of the currency. */
export const DEFAULT_MONEY_DECIMALS = 6;

/** The finest unit offered: 10^−15, so that 10^d is an exact double and a unit is still far above the subnormals. */
export const MAX_MONEY_DECIMALS = 15;

/** The largest amount, or sum the market forms, in units: beyond 2^53 − 1 doubles no longer hold every integer. */
export const MAX_UNITS = Number.MAX_SAFE_INTEGER;

const POWERS_OF_TEN = Array.from({ length: MAX_MONEY_DECIMALS + 1 }, (_, d) => 10 ** d);

function scaleOf(decimals: number): number {
  if (!(Number.isInteger(decimals) && decimals >= 0 && decimals <= MAX_MONEY_DECIMALS)) {
    throw new RangeError(`money: decimals must be an integer in 0..${MAX_MONEY_DECIMALS}, got ${decimals}`);
  }
  return POWERS_OF_TEN[decimals];
}

/**
 * The money unit as a decimal, for messages.
 *
 * @example moneyUnit(6) // => 0.000001
 */
export function moneyUnit(decimals: number = DEFAULT_MONEY_DECIMALS): number {
  return 1 / scaleOf(decimals);
}

/** `x ≥ 0` as `mantissa · 2^exponent` with an integer mantissa: the double's exact value. */
function exactParts(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0 ? { mantissa: fraction, exponent: -1074 } : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** `x · 10^decimals` rounded half to even, from the double's exact value in integers. */
function exactHalfEven(x: number, decimals: number): number {
  const { mantissa, exponent } = exactParts(x);
  const numerator = mantissa * 10n ** BigInt(decimals);
  if (exponent >= 0) return Number(numerator << BigInt(exponent));
  const shift = BigInt(-exponent);
  const quotient = numerator >> shift;
  const twiceRemainder = (numerator - (quotient << shift)) << 1n;
  const denominator = 1n << shift;
  const up = twiceRemainder > denominator || (twiceRemainder === denominator && (quotient & 1n) === 1n);
  return Number(up ? quotient + 1n : quotient);
}

/**
 * An amount of the currency in money units: `amount · 10^decimals` rounded half to even, taken from the
 * double's exact value (MODEL §2, the entry rule).
 *
 * - A decimal on the unit's grid converts to its integer exactly (`toUnits(11.61, 6) = 11 610 000`,
 *   although the double 11.61 is a little below 11.61).
 * - Ties go to the even unit: `toUnits(0.5, 0) = 0`, `toUnits(1.5, 0) = 2`. Negative amounts round
 *   symmetrically.
 * - Exact up to `MAX_UNITS`; a larger result is the nearest double, which callers refuse.
 *
 * Cost: O(1). The float product decides the rounding unless it lies within its own rounding error
 * of a half, and then the double's exact value does, in BigInt.
 *
 * @example toUnits(2.282) // => 2282000
 * @throws RangeError when the amount is not finite or `decimals` is not an integer in 0..15.
 */
export function toUnits(amount: number, decimals: number = DEFAULT_MONEY_DECIMALS): number {
  const scale = scaleOf(decimals);
  if (!Number.isFinite(amount)) throw new RangeError(`toUnits: ${amount} is not a finite amount of money`);
  if (amount === 0) return 0; // −0 too
  if (amount < 0) return -toUnits(-amount, decimals);
  const scaled = amount * scale;
  const whole = Math.floor(scaled);
  const fraction = scaled - whole; // exact: whole and scaled share a binade, or whole is 0
  // The product is within 2^−53 of itself from the exact one; further than twice that from a half, both round alike.
  if (Math.abs(fraction - 0.5) > scaled * 2 ** -52) return fraction < 0.5 ? whole : whole + 1;
  return exactHalfEven(amount, decimals);
}

/**
 * Money units as an amount of the currency: the double nearest to `units / 10^decimals` (one
 * correctly rounded division), so `fromUnits(toUnits(x))` is `x` for every decimal `x` on the grid.
 *
 * @example fromUnits(2282000) // => 2.282
 * @throws RangeError when `decimals` is not an integer in 0..15.
 */
export function fromUnits(units: number, decimals: number = DEFAULT_MONEY_DECIMALS): number {
  return units / scaleOf(decimals);
}

/** Whole units ≥ 0 as the exact decimal they stand for (for messages; a double may not hold it). */
function unitsText(units: number, decimals: number): string {
  const digits = BigInt(units).toString().padStart(decimals + 1, "0");
  return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/**
 * Why a typed amount (a budget, a cost, a value or price someone wrote down) cannot enter the market
 * in this unit, or null when it can: a non-zero amount that would round to 0 units (data would be
 * lost, not just rounded), or one beyond `MAX_UNITS`. Computed amounts (valuation scores, policy
 * prices) are rounded without this check: a dataset worth under half a unit is worth 0.
 *
 * @example moneyRefusal(1e-7, 6) // => "is not 0 but rounds to 0 money units of 0.000001 (money decimals 6)"
 */
export function moneyRefusal(amount: number, decimals: number = DEFAULT_MONEY_DECIMALS): string | null {
  const units = toUnits(amount, decimals);
  if (amount !== 0 && units === 0) return `is not 0 but rounds to 0 money units of ${moneyUnit(decimals)} (money decimals ${decimals})`;
  if (Math.abs(units) > MAX_UNITS) {
    return `is beyond ${unitsText(MAX_UNITS, decimals)}, the 2^53 − 1 money units of ${moneyUnit(decimals)} that are exact (money decimals ${decimals})`;
  }
  return null;
}

/**
 * A whole number of money units, as the market's exact code needs it (MODEL §2): a safe integer ≥ 0.
 *
 * @throws RangeError naming `what` otherwise, and saying how amounts enter.
 */
export function assertUnits(what: string, amount: number): void {
  if (!(Number.isSafeInteger(amount) && amount >= 0)) {
    throw new RangeError(`${what} must be a whole number ≥ 0 of money units (MODEL §2; theory/money.ts toUnits converts amounts), got ${amount}`);
  }
}
