/**
 * The claims page (issue #14, experiments/claims.ts): every verdict follows from its inputs by the
 * stated rule, and changing an input changes the verdict it feeds.
 */
import { describe, expect, it } from "vitest";
import { aggregate, buildClaims, claimsMarkdown, type CellVerdict, type ClaimInputs } from "../experiments/claims.js";

const claim = (name: string, metric: string, buyer: string | null, verdict: CellVerdict) => ({ claim: name, metric, buyer, verdict });

/** Inputs in which every tested claim holds everywhere (the lemmas, Fig. 4, two learned cells, an atlas). */
function allHold(): ClaimInputs {
  const ids = ["L1", "L2", "L3", "L4", "L6", "L7", "B1", "SELLER"];
  const rows = (verdict: CellVerdict) => [
    claim("exploitation drives high-quality sellers out", "active_high_quality", null, verdict),
    claim("exploitation degrades long-term model performance", "performance", "B1", verdict),
    claim("fairshare sustains participation", "active_sellers", null, verdict),
    claim("fairshare gives buyers higher long-term utility", "cumulative_utility", "B1", verdict),
    claim("fairshare gives buyers higher long-term utility", "cumulative_utility", "B2", verdict),
    claim("fairshare gives sellers higher profit", "average_cumulative_profit", null, verdict),
    claim("fairshare gives higher performance per dollar", "performance_per_dollar", "B1", verdict),
    claim("fairshare gives higher performance per dollar", "performance_per_budget_dollar", "B1", verdict),
  ];
  return {
    lemmas: [
      ...ids.map((id) => ({ id, title: `lemma ${id}`, holds: true, cases: 1000, failures: 0, negativeControl: { detected: true } })),
      { id: "L5", title: "Lemma 5 (statement not available)", holds: null, cases: 0, failures: 0, negativeControl: null },
    ],
    synthetic: { seeds: [1, 2, 3], periods: 100, atEnd: { claims: rows("holds") }, early: [{ buyer: "B1", verdict: "reversed" }, { buyer: "B2", verdict: "reversed" }], unconverged: { periods: 0, of: 800 } },
    learned: ["gradient", "influence"].map((method) => ({ task: "teacher", method, protocol: "window5", seeds: 20, claims: rows("holds") })),
    atlas: [
      { id: "atlasUtility", seeds: 10, cells: [{ metric: "cumulative_utility", buyer: "B1", verdict: "holds", x: 0.9, y: 0.3 }] },
      { id: "atlasSellers", seeds: 10, cells: [{ metric: "active_sellers", buyer: null, verdict: "holds", x: 0, y: 4 }, { metric: "average_cumulative_profit", buyer: null, verdict: "holds", x: 0, y: 4 }] },
      { id: "atlasHorizon", seeds: 10, cells: [{ metric: "horizon", buyer: "B1", x: 0.9, y: 0.3, horizon: 40 }, { metric: "horizon", buyer: "B1", x: 0.99, y: 0.3, horizon: 20 }] },
    ],
  };
}

const verdictOf = (inputs: ClaimInputs, id: string, setting: string) => buildClaims(inputs).claims.find((c) => c.id === id)!.settings.find((s) => s.setting === setting)!;

describe("aggregate: many verdicts into one, by the stated rule", () => {
  it.each([
    [["holds", "holds"], "holds"],
    [["reversed", "reversed"], "reversed"],
    [["not resolved", "not resolved"], "not resolved"],
    [["holds", "not resolved"], "holds with a caveat"],
    [["holds", "reversed"], "holds with a caveat"],
    [["holds", "reversed", "reversed"], "reversed"],
    [["reversed", "not resolved"], "reversed"],
    [["not testable here"], "not testable here"],
    [[], "not testable here"],
  ] as Array<[CellVerdict[], string]>)("%j → %s", (verdicts, expected) => {
    expect(aggregate(verdicts).verdict).toBe(expected);
  });

  it("counts what it aggregates, leaving out what is not testable", () => {
    expect(aggregate(["holds", "reversed", "not resolved", "not testable here"]).counts).toBe("holds in 1 of 3, reversed in 1, not resolved in 1");
  });
});

describe("buildClaims: every claim in every setting, from the outputs", () => {
  it("lists the abstract's claims, the lemmas and Remark B.1, each claim with its settings", () => {
    const claims = buildClaims(allHold()).claims;
    expect(claims.map((c) => c.id)).toEqual([
      "exploitation-fails", "sellers-leave", "seller-profit", "performance-per-dollar", "long-term-performance", "across-methods",
      "fairshare-prices", "buyer-price", "threshold-monotone", "lemma5", "royalty-rate", "flat-vs-royalty",
    ]);
    expect(claims[0].settings.map((s) => s.setting)).toEqual(["formal model", "synthetic market", "learned market", "atlas"]);
    expect(claims.every((c) => c.statement.length > 0 && c.settings.every((s) => s.reason.length > 0))).toBe(true);
  });

  it("with every input holding, every testable setting holds, and L5 is not testable here", () => {
    const claims = buildClaims(allHold()).claims;
    for (const c of claims) for (const s of c.settings) expect(["holds", "not testable here"], `${c.id} / ${s.setting}: ${s.reason}`).toContain(s.verdict);
    expect(verdictOf(allHold(), "lemma5", "formal model").verdict).toBe("not testable here");
  });

  it("a lemma that fails its check makes its claim reversed in the formal model", () => {
    const inputs = allHold();
    inputs.lemmas = inputs.lemmas.map((l) => (l.id === "L1" ? { ...l, holds: false, failures: 3 } : l));
    expect(verdictOf(inputs, "exploitation-fails", "formal model")).toMatchObject({ verdict: "reversed", evidence: ["#lemma-L1"] });
  });

  it("a negative control that finds nothing leaves the lemma holding only with a caveat", () => {
    const inputs = allHold();
    inputs.lemmas = inputs.lemmas.map((l) => (l.id === "L7" ? { ...l, negativeControl: { detected: false } } : l));
    expect(verdictOf(inputs, "sellers-leave", "formal model").verdict).toBe("holds with a caveat");
  });

  it("exploitation not ahead at t = 1 takes the synthetic market's 'wins early, loses later' down to a caveat", () => {
    const inputs = allHold();
    inputs.synthetic = { ...inputs.synthetic!, early: [{ buyer: "B1", verdict: "not resolved" }, { buyer: "B2", verdict: "reversed" }] };
    expect(verdictOf(inputs, "exploitation-fails", "synthetic market").verdict).toBe("holds with a caveat");
  });

  it("per dollar spent reversed and per budget dollar holding is 'holds with a caveat', the reason naming both", () => {
    const inputs = allHold();
    inputs.synthetic = {
      ...inputs.synthetic!,
      atEnd: { claims: inputs.synthetic!.atEnd.claims.map((c) => (c.metric === "performance_per_dollar" ? { ...c, verdict: "reversed" as const } : c)) },
    };
    const perDollar = verdictOf(inputs, "performance-per-dollar", "synthetic market");
    expect(perDollar.verdict).toBe("holds with a caveat");
    expect(perDollar.reason).toMatch(/per dollar of budget: holds in 1 of 1; per dollar spent .*reversed in 1/);
  });

  it("a learned cell that reverses sellers' profit turns the learned setting's verdict, by the counts", () => {
    const inputs = allHold();
    inputs.learned = inputs.learned!.map((cell, k) => ({ ...cell, claims: cell.claims.map((c) => (c.claim === "fairshare gives sellers higher profit" ? { ...c, verdict: k === 0 ? "reversed" as const : "reversed" as const } : c)) }));
    expect(verdictOf(inputs, "seller-profit", "learned market")).toMatchObject({ verdict: "reversed", reason: expect.stringContaining("holds in 0 of 2, reversed in 2") });
  });

  it("methods that disagree on a claim make 'across methods' a caveat, or not resolved when most disagree", () => {
    const inputs = allHold();
    inputs.learned = inputs.learned!.map((cell, k) => ({ ...cell, claims: cell.claims.map((c, r) => (k === 1 && r === 0 ? { ...c, verdict: "not resolved" as const } : c)) }));
    expect(verdictOf(inputs, "across-methods", "learned market").verdict).toBe("holds with a caveat");
    inputs.learned = inputs.learned!.map((cell, k) => ({ ...cell, claims: cell.claims.map((c) => (k === 1 ? { ...c, verdict: "not resolved" as const } : c)) }));
    expect(verdictOf(inputs, "across-methods", "learned market").verdict).toBe("not resolved");
  });

  it("Algorithm 1's cycles make the fairshare prices hold with a caveat, counted", () => {
    const inputs = allHold();
    inputs.synthetic = { ...inputs.synthetic!, unconverged: { periods: 2, of: 800 } };
    expect(verdictOf(inputs, "fairshare-prices", "synthetic market")).toMatchObject({ verdict: "holds with a caveat", reason: expect.stringContaining("798 of 800") });
  });

  it("an empirical T̂ that rises with δ reverses Lemma 4's atlas setting", () => {
    const inputs = allHold();
    inputs.atlas = inputs.atlas!.map((p) => (p.id === "atlasHorizon" ? { ...p, cells: [{ metric: "horizon", buyer: "B1", x: 0.9, y: 0.3, horizon: 20 }, { metric: "horizon", buyer: "B1", x: 0.99, y: 0.3, horizon: 40 }] } : p));
    expect(verdictOf(inputs, "threshold-monotone", "atlas").verdict).toBe("reversed");
    // "not by T" (null) is later than any period: falling from it to a period is not a rise.
    inputs.atlas = inputs.atlas!.map((p) => (p.id === "atlasHorizon" ? { ...p, cells: [{ metric: "horizon", buyer: "B1", x: 0.9, y: 0.3, horizon: null }, { metric: "horizon", buyer: "B1", x: 0.99, y: 0.3, horizon: 40 }] } : p));
    expect(verdictOf(inputs, "threshold-monotone", "atlas").verdict).toBe("holds");
  });

  it("a missing output makes its settings not testable here, saying which file to make", () => {
    const inputs = { ...allHold(), learned: null, atlas: null, synthetic: null };
    const settings = buildClaims(inputs).claims.flatMap((c) => c.settings.filter((x) => x.setting !== "formal model"));
    expect(settings.every((s) => s.verdict === "not testable here" && s.reason.length > 0)).toBe(true);
    // Those that a run would test say how to make their input.
    expect(settings.filter((s) => s.reason.endsWith("run npm run figures")).length).toBeGreaterThanOrEqual(10);
  });

  it("claimsMarkdown gives a section per claim and a row per setting", () => {
    const markdown = claimsMarkdown(buildClaims(allHold()));
    expect(markdown.match(/^## /gm)).toHaveLength(12);
    expect(markdown).toContain("| formal model | holds | lemma L1: holds on all 1000 generated cases");
  });
});
