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

export interface Market {
  buyers: ReadonlyArray<Buyer>;
  /** Listed in id order: ties between bundles and Algorithm 1's sweeps follow this order. */
  sellers: ReadonlyArray<Seller>;
  /** `values[b][j]` is the money value `V_bj ≥ 0`. */
  values: ReadonlyArray<ReadonlyArray<number>>;
}
