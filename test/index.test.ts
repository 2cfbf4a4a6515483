import { describe, expect, it } from "vitest";
import * as theory from "../theory/index.js";
import { LEMMA_IDS } from "../theory/lemma.js";

describe("theory/index", () => {
  it("LEMMAS lists every report id once, in paper order", () => {
    expect(theory.LEMMAS.map((entry) => entry.lemma.id)).toEqual([...LEMMA_IDS]);
  });

  it("re-exports the same lemma objects that the report runs", () => {
    const exported = [theory.lemma1, theory.lemma2, theory.lemma3, theory.lemma4, theory.lemma5, theory.lemma6, theory.lemma7, theory.remarkB1, theory.sellerSide];
    expect(theory.LEMMAS.map((entry) => entry.lemma)).toEqual(exported);
  });

  it("marks only L5 as not reconstructed", () => {
    expect(theory.LEMMAS.filter((entry) => entry.kind === "unreconstructed").map((entry) => entry.lemma.id)).toEqual(["L5"]);
  });
});
