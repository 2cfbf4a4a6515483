/**
 * Neumaier's compensated sum (Neumaier 1974, the improved Kahan–Babuška sum), as in simple-statistics
 * `sum` and d3-array `fsum`: long sums over periods keep their rounding error at O(ε) instead of O(T·ε).
 *
 * - Empty sum: 0.
 * - A non-finite term makes the sum non-finite, as plain addition would.
 *
 * Cost: O(1) per term.
 *
 * @example const s = new NeumaierSum(); s.add(1); s.add(1e100); s.add(1); s.add(-1e100); s.value() // => 2
 */
export class NeumaierSum {
  private sum = 0;
  private compensation = 0;

  add(term: number): void {
    const total = this.sum + term;
    // The low-order bits lost in `total`, taken from whichever addend is smaller in magnitude.
    if (Math.abs(this.sum) >= Math.abs(term)) this.compensation += this.sum - total + term;
    else this.compensation += term - total + this.sum;
    this.sum = total;
  }

  value(): number {
    return Number.isFinite(this.sum) ? this.sum + this.compensation : this.sum;
  }
}
