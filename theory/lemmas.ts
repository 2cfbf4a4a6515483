import type { Lemma, UnreconstructedLemma } from "./lemma.js";
import { lemma1 } from "./lemma1.js";
import { lemma2 } from "./lemma2.js";
import { lemma3 } from "./lemma3.js";
import { lemma4 } from "./lemma4.js";
import { lemma5 } from "./lemma5.js";
import { lemma6 } from "./lemma6.js";
import { lemma7 } from "./lemma7.js";
import { remarkB1 } from "./remarkB1.js";
import { sellerSide } from "./sellerSide.js";

/** A lemma of the report: checkable, or listed as not reconstructed (L5). */
export type ReportedLemma = { kind: "checked"; lemma: Lemma<unknown> } | { kind: "unreconstructed"; lemma: UnreconstructedLemma };

// Each module's instance type differs; the runner only passes a module's own instances to its own check.
function checked<I>(lemma: Lemma<I>): ReportedLemma {
  return { kind: "checked", lemma: lemma as unknown as Lemma<unknown> };
}

/** Every lemma of MODEL §8, in paper order: the report's rows. */
export const LEMMAS: ReadonlyArray<ReportedLemma> = [
  checked(lemma1),
  checked(lemma2),
  checked(lemma3),
  checked(lemma4),
  { kind: "unreconstructed", lemma: lemma5 },
  checked(lemma6),
  checked(lemma7),
  checked(remarkB1),
  checked(sellerSide),
];
