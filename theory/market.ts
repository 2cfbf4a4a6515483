/**
 * The market of one period (MODEL §1–2): buyers with budgets, sellers with costs, and the money value
 * `V_bj = λ_b · v_bj` of seller j's dataset to buyer b.
 */
export interface Buyer {
  id: string;
  /** Per-period budget `B_b > 0`. */
  budget: number;
}

export interface Seller {
  id: string;
  /** Per-period production cost `c_j ≥ 0`. */
  cost: number;
}

/**
 * One seller's column of a buyers × sellers matrix (values, MWPs): entry b is buyer b's.
 *
 * @example sellerColumn([[4, 3], [2, 1]], 1) // => [3, 1]
 */
export function sellerColumn(rows: ReadonlyArray<ReadonlyArray<number>>, seller: number): number[] {
  return rows.map((row) => row[seller]);
}

export interface Market {
  buyers: ReadonlyArray<Buyer>;
  /** Listed in id order: ties between bundles and Algorithm 1's sweeps follow this order. */
  sellers: ReadonlyArray<Seller>;
  /** `values[b][j]` is the money value `V_bj ≥ 0`. */
  values: ReadonlyArray<ReadonlyArray<number>>;
}
