/**
 * Where each of the paper's claims holds (issue #14): one row per claim — the abstract's claims, the
 * lemmas and Remark B.1 — with a verdict in every setting where it can be tested (the formal model's
 * lemma checks, Fig. 4's synthetic market, the learned market's Table 2, the atlas), each computed from
 * those outputs, never typed in, with a one-line reason and the evidence it rests on (anchors of the
 * report page: `#lemma-L1`, `#figure-fig4a`, `#table2`, …).
 */

/** A setting's verdict on a claim. */
export type ClaimVerdict = "holds" | "holds with a caveat" | "reversed" | "not resolved" | "not testable here";
/** The verdict of one paired difference, as the study, the sweeps and the atlas give it. */
export type CellVerdict = "holds" | "reversed" | "not resolved" | "not testable here";

export interface SettingVerdict {
  setting: "formal model" | "synthetic market" | "learned market" | "atlas";
  verdict: ClaimVerdict;
  reason: string;
  /** Anchors of the report page (`#…`) where the evidence is. */
  evidence: string[];
}

export interface ClaimRow {
  id: string;
  statement: string;
  settings: SettingVerdict[];
}

export interface Claims {
  claims: ClaimRow[];
}

/** What the claims are read from; a missing output makes its settings `not testable here`, saying why. */
export interface ClaimInputs {
  /** reports/lemmas.json's rows. */
  lemmas: ReadonlyArray<{ id: string; title: string; holds: boolean | null; cases: number; failures: number; negativeControl: { detected: boolean } | null }>;
  /** reports/figures/fig4verdicts.json's data (experiments/figures/fig4Verdicts.ts). */
  synthetic: SyntheticInput | null;
  /** reports/figures/table2.json's cells (experiments/figures/studyFindings.ts). */
  learned: ReadonlyArray<LearnedCellInput> | null;
  /** reports/figures/atlas.json's panels. */
  atlas: ReadonlyArray<AtlasPanelInput> | null;
}

export interface ClaimRowInput {
  claim: string;
  metric: string;
  buyer: string | null;
  verdict: CellVerdict;
}

export interface SyntheticInput {
  seeds: number[];
  periods: number;
  atEnd: { claims: ReadonlyArray<ClaimRowInput> };
  early: ReadonlyArray<{ buyer: string; verdict: CellVerdict }>;
  unconverged: { periods: number; of: number };
}

export interface LearnedCellInput {
  task: string;
  method: string;
  protocol: string;
  seeds: number;
  claims: ReadonlyArray<ClaimRowInput>;
}

export interface AtlasPanelInput {
  id: string;
  seeds: number;
  cells: ReadonlyArray<{ metric: string; buyer: string | null; verdict?: CellVerdict; x: unknown; y: unknown; horizon?: number | null }>;
}

/** The paper's claim names, as the study and the sweeps spell them (studyFindings.ts CLAIMS). */
const C = {
  qualityOut: "exploitation drives high-quality sellers out",
  accuracy: "exploitation degrades long-term model performance",
  participation: "fairshare sustains participation",
  utility: "fairshare gives buyers higher long-term utility",
  profit: "fairshare gives sellers higher profit",
  perDollar: "fairshare gives higher performance per dollar",
} as const;

/**
 * One verdict from many (cells, buyers, rows), by a fixed rule: all hold → `holds`; all reversed →
 * `reversed`; none holds and none is reversed → `not resolved`; some hold and at least as many hold as
 * are reversed → `holds with a caveat`; more reversed than hold → `reversed`; nothing testable → `not
 * testable here`. The reason counts them.
 *
 * @example aggregate(["holds", "holds", "not resolved"]) // => { verdict: "holds with a caveat", counts: "holds in 2 of 3, not resolved in 1" }
 */
export function aggregate(verdicts: ReadonlyArray<CellVerdict>): { verdict: ClaimVerdict; counts: string } {
  const testable = verdicts.filter((v) => v !== "not testable here");
  if (testable.length === 0) return { verdict: "not testable here", counts: "nothing to test" };
  const count = (v: CellVerdict) => testable.filter((x) => x === v).length;
  const [held, reversed, open] = [count("holds"), count("reversed"), count("not resolved")];
  const parts = [`holds in ${held} of ${testable.length}`, ...(reversed > 0 ? [`reversed in ${reversed}`] : []), ...(open > 0 ? [`not resolved in ${open}`] : [])];
  const counts = parts.join(", ");
  if (held === testable.length) return { verdict: "holds", counts };
  if (reversed === testable.length) return { verdict: "reversed", counts };
  if (held === 0 && reversed === 0) return { verdict: "not resolved", counts };
  if (held > 0 && held >= reversed) return { verdict: "holds with a caveat", counts };
  return { verdict: "reversed", counts };
}

const NOT_HERE = (setting: SettingVerdict["setting"], reason: string): SettingVerdict => ({ setting, verdict: "not testable here", reason, evidence: [] });

/** The formal model's verdict on a lemma: its check held on every case and its negative control found a counterexample. */
function lemmaSetting(inputs: ClaimInputs, id: string): SettingVerdict {
  const lemma = inputs.lemmas.find((l) => l.id === id);
  if (lemma === undefined) return NOT_HERE("formal model", `no lemma ${id} in reports/lemmas.json`);
  const evidence = [`#lemma-${id}`];
  if (lemma.holds === null) return { setting: "formal model", verdict: "not testable here", reason: `${lemma.title}: the paper's statement is not known here, so it is listed, never checked`, evidence };
  if (!lemma.holds) return { setting: "formal model", verdict: "reversed", reason: `${lemma.title}: the check failed on ${lemma.failures} of ${lemma.cases} generated cases`, evidence };
  const control = lemma.negativeControl?.detected === true ? "and its negative control found a counterexample" : "but its negative control found no counterexample, so the check may not be able to fail";
  return { setting: "formal model", verdict: lemma.negativeControl?.detected === true ? "holds" : "holds with a caveat", reason: `${lemma.title}: holds on all ${lemma.cases} generated cases, ${control}`, evidence };
}

/** A claim's rows at T in the synthetic market (every buyer for a buyer's claim). */
function syntheticRows(input: SyntheticInput, claim: string): CellVerdict[] {
  return input.atEnd.claims.filter((c) => c.claim === claim).map((c) => c.verdict);
}

/** A claim's rows over every learned cell. */
function learnedRows(cells: ReadonlyArray<LearnedCellInput>, claim: string, metric?: string): CellVerdict[] {
  return cells.flatMap((cell) => cell.claims.filter((c) => c.claim === claim && (metric === undefined || c.metric === metric)).map((c) => c.verdict));
}

function setting(kind: SettingVerdict["setting"], verdicts: ReadonlyArray<CellVerdict>, what: string, evidence: string[]): SettingVerdict {
  const { verdict, counts } = aggregate(verdicts);
  return { setting: kind, verdict, reason: `${what}: ${counts}`, evidence };
}

function learnedSetting(inputs: ClaimInputs, claim: string, what: string, metric?: string): SettingVerdict {
  if (inputs.learned === null) return NOT_HERE("learned market", "no reports/figures/table2.json: run npm run figures");
  const cells = inputs.learned.length;
  return setting("learned market", learnedRows(inputs.learned, claim, metric), `${what}, over ${cells} task × method × protocol cells and each buyer where it applies (t = T, 20 seeds a cell)`, ["#table2", "#figure-fig6", "#figure-fig7"]);
}

function atlasSetting(inputs: ClaimInputs, panel: string, metric: string, what: string): SettingVerdict {
  const found = inputs.atlas?.find((p) => p.id === panel);
  if (found === undefined) return NOT_HERE("atlas", `no ${panel} panel in reports/figures/atlas.json: run npm run figures`);
  const verdicts = found.cells.filter((c) => c.metric === metric && c.verdict !== undefined).map((c) => c.verdict!);
  return setting("atlas", verdicts, `${what}, over the ${panel} sweep's points (and buyers), ${found.seeds} seeds a point`, [`#figure-${panel}`]);
}

/**
 * The claims page from the outputs (see the module comment and `aggregate` for the rule that turns many
 * verdicts into one).
 *
 * @example buildClaims(inputs).claims.map((c) => c.id) // => ["exploitation-fails", "sellers-leave", …]
 */
export function buildClaims(inputs: ClaimInputs): Claims {
  const synthetic = inputs.synthetic;
  const noSynthetic = NOT_HERE("synthetic market", "no reports/figures/fig4verdicts.json: run npm run figures");
  const fig4 = (claim: string, what: string, evidence: string[]) => (synthetic === null ? noSynthetic : setting("synthetic market", syntheticRows(synthetic, claim), `${what}, at t = ${synthetic.periods}, ${synthetic.seeds.length} seeds`, evidence));

  const exploitationFails = (): SettingVerdict => {
    if (synthetic === null) return noSynthetic;
    // Early: exploitation ahead at t = 1 is the claim's first half, read as fairshare − exploitative reversed.
    const early = synthetic.early.map((e): CellVerdict => (e.verdict === "reversed" ? "holds" : e.verdict === "holds" ? "reversed" : e.verdict));
    const late = syntheticRows(synthetic, C.utility);
    const { verdict, counts } = aggregate([...early, ...late]);
    const earlyWords = synthetic.early.map((e) => `${e.buyer} ${e.verdict === "reversed" ? "ahead under exploitation" : e.verdict === "holds" ? "ahead under fairshare" : "not resolved"} at t = 1`).join(", ");
    return { setting: "synthetic market", verdict, reason: `each buyer's cumulative utility, exploitation ahead at t = 1 and fairshare at t = ${synthetic.periods}: ${counts} (${earlyWords}), ${synthetic.seeds.length} seeds`, evidence: ["#figure-fig4a", "#figure-fig4b", "#fig4verdicts"] };
  };

  const perDollar = (): SettingVerdict => {
    if (synthetic === null) return noSynthetic;
    const rows = synthetic.atEnd.claims.filter((c) => c.claim === C.perDollar);
    const spent = rows.filter((c) => c.metric === "performance_per_dollar").map((c) => c.verdict);
    const budget = rows.filter((c) => c.metric === "performance_per_budget_dollar").map((c) => c.verdict);
    const { verdict, counts } = aggregate([...spent, ...budget]);
    const words = (vs: CellVerdict[]) => aggregate(vs).counts;
    return {
      setting: "synthetic market",
      verdict,
      reason: `per dollar of budget: ${words(budget)}; per dollar spent (MODEL §6's definition, which favours exploitation: exploited sellers are paid their cost and unspent budget costs nothing): ${words(spent)}; ${counts} in all`,
      evidence: ["#table1", "#fig4verdicts"],
    };
  };

  const acrossMethods = (): SettingVerdict => {
    if (inputs.learned === null) return NOT_HERE("learned market", "no reports/figures/table2.json: run npm run figures");
    // For each task × protocol × claim row, do the five methods give one verdict?
    const groups = new Map<string, CellVerdict[]>();
    for (const cell of inputs.learned) {
      for (const c of cell.claims) {
        const key = `${cell.task}|${cell.protocol}|${c.claim}|${c.metric}|${c.buyer ?? ""}`;
        groups.set(key, [...(groups.get(key) ?? []), c.verdict]);
      }
    }
    const rows = [...groups.values()].filter((vs) => vs.length > 1);
    const agreeing = rows.filter((vs) => vs.every((v) => v === vs[0])).length;
    const verdict: ClaimVerdict = rows.length === 0 ? "not testable here" : agreeing === rows.length ? "holds" : 2 * agreeing >= rows.length ? "holds with a caveat" : "not resolved";
    return { setting: "learned market", verdict, reason: `the valuation methods give one verdict in ${agreeing} of ${rows.length} task × protocol × claim rows`, evidence: ["#table2", "#figure-fig7"] };
  };

  const fairsharePrices = (): SettingVerdict => {
    if (synthetic === null) return noSynthetic;
    const { periods, of } = synthetic.unconverged;
    const verdict: ClaimVerdict = periods === 0 ? "holds" : "holds with a caveat";
    return { setting: "synthetic market", verdict, reason: `Algorithm 1 reached a verified fixed point in ${of - periods} of ${of} group-periods; in ${periods} its sweeps cycled and the last sweep's prices were used, as MODEL §6 says`, evidence: ["#figure-fig4a", "#fig4verdicts"] };
  };

  const horizonMonotone = (): SettingVerdict => {
    const panel = inputs.atlas?.find((p) => p.id === "atlasHorizon");
    if (panel === undefined) return NOT_HERE("atlas", "no atlasHorizon panel in reports/figures/atlas.json: run npm run figures");
    // Along δ (x) for each η (y) and buyer, the empirical T̂ must not rise as δ rises; "not by T" is infinite.
    const rows = new Map<string, Array<{ x: number; horizon: number }>>();
    for (const c of panel.cells) {
      if (typeof c.x !== "number") continue;
      const key = `${String(c.y)}|${c.buyer ?? ""}`;
      rows.set(key, [...(rows.get(key) ?? []), { x: c.x, horizon: c.horizon ?? Number.POSITIVE_INFINITY }]);
    }
    const verdicts = [...rows.values()].map((cells): CellVerdict => {
      const sorted = [...cells].sort((a, b) => a.x - b.x);
      return sorted.every((c, k) => k === 0 || c.horizon <= sorted[k - 1].horizon) ? "holds" : "reversed";
    });
    const { verdict, counts } = aggregate(verdicts);
    return { setting: "atlas", verdict, reason: `the empirical T̂ (first period from which fairshare's mean cumulative utility stays ahead) does not rise with δ: ${counts} rows of η × buyer`, evidence: ["#figure-atlasHorizon"] };
  };

  const claims: ClaimRow[] = [
    {
      id: "exploitation-fails",
      statement: "Exploitative pricing pays the buyers more at first and less in the long run (the abstract; Lemma 1).",
      settings: [
        lemmaSetting(inputs, "L1"),
        exploitationFails(),
        learnedSetting(inputs, C.utility, "each buyer's cumulative utility, fairshare − exploitative"),
        atlasSetting(inputs, "atlasUtility", "cumulative_utility", "each buyer's cumulative utility at T, fairshare − exploitative, over δ × η"),
      ],
    },
    {
      id: "sellers-leave",
      statement: "Under exploitation sellers leave the market, the best first (the abstract; Lemma 7).",
      settings: [
        lemmaSetting(inputs, "L7"),
        synthetic === null ? noSynthetic : setting("synthetic market", [...syntheticRows(synthetic, C.qualityOut), ...syntheticRows(synthetic, C.participation)], "active sellers and active sellers of the best tier at T, fairshare − exploitative", ["#figure-fig4d", "#figure-fig5a", "#fig4verdicts"]),
        (() => {
          if (inputs.learned === null) return NOT_HERE("learned market", "no reports/figures/table2.json: run npm run figures");
          return setting("learned market", [...learnedRows(inputs.learned, C.qualityOut), ...learnedRows(inputs.learned, C.participation)], "active sellers and best-tier sellers at T, over every task × method × protocol cell", ["#table2", "#figure-fig6"]);
        })(),
        atlasSetting(inputs, "atlasSellers", "active_sellers", "active sellers at T, fairshare − reduced(κ), over κ × budget ratio"),
      ],
    },
    {
      id: "seller-profit",
      statement: "Fairshare gives sellers a higher profit than exploitation (the abstract; the seller-side lemma).",
      settings: [
        lemmaSetting(inputs, "SELLER"),
        fig4(C.profit, "sellers' average cumulative profit, fairshare − exploitative", ["#figure-fig4c", "#fig4verdicts"]),
        learnedSetting(inputs, C.profit, "sellers' average cumulative profit"),
        atlasSetting(inputs, "atlasSellers", "average_cumulative_profit", "sellers' average cumulative profit at T, fairshare − reduced(κ), over κ × budget ratio"),
      ],
    },
    {
      id: "performance-per-dollar",
      statement: "Fairshare raises the buyers' performance per dollar, most for low-budget buyers (the abstract).",
      settings: [
        NOT_HERE("formal model", "no lemma is about performance per dollar"),
        perDollar(),
        learnedSetting(inputs, C.perDollar, "each buyer's performance per dollar spent and per budget dollar"),
        NOT_HERE("atlas", "no atlas panel is about performance per dollar"),
      ],
    },
    {
      id: "long-term-performance",
      statement: "Exploitation degrades the buyers' long-term model performance (the abstract).",
      settings: [
        NOT_HERE("formal model", "the formal model has no learner"),
        NOT_HERE("synthetic market", "synthetic valuations have no model to degrade"),
        learnedSetting(inputs, C.accuracy, "each buyer's final test accuracy"),
        NOT_HERE("atlas", "the atlas sweeps the synthetic market"),
      ],
    },
    {
      id: "across-methods",
      statement: "The conclusions hold across valuation methods (the abstract).",
      settings: [NOT_HERE("formal model", "the formal model has no valuation method"), NOT_HERE("synthetic market", "synthetic valuations are drawn, not computed by a method"), acrossMethods(), NOT_HERE("atlas", "the atlas sweeps the synthetic market")],
    },
    {
      id: "fairshare-prices",
      statement: "Each period's fairshare prices are the sellers' revenue-maximising prices given the buyers' marginal willingness to pay (Lemma 2), found by Algorithm 1.",
      settings: [lemmaSetting(inputs, "L2"), fairsharePrices()],
    },
    { id: "buyer-price", statement: "The buyer's own optimal price is also the fairshare price, for a patient enough buyer (Lemma 3).", settings: [lemmaSetting(inputs, "L3")] },
    {
      id: "threshold-monotone",
      statement: "The trade-off horizon T̂ grows as the discount factor δ falls (Lemma 4).",
      settings: [lemmaSetting(inputs, "L4"), horizonMonotone()],
    },
    { id: "lemma5", statement: "Lemma 5 of the paper (its statement is not available to this project).", settings: [lemmaSetting(inputs, "L5")] },
    { id: "royalty-rate", statement: "The optimal royalty rate is one of the buyers' rates MWP/V (Lemma 6).", settings: [lemmaSetting(inputs, "L6")] },
    { id: "flat-vs-royalty", statement: "Flat rate and royalty earn the same for one buyer or identical buyers (Remark B.1).", settings: [lemmaSetting(inputs, "B1")] },
  ];
  return { claims };
}

/** The claims page as Markdown: one section per claim, a row per setting. */
export function claimsMarkdown(claims: Claims): string {
  const lines = [
    "# Where the paper's claims hold",
    "",
    "Each verdict is computed from the outputs (reports/lemmas.json, reports/figures/fig4verdicts.json, table2.json, atlas.json), never typed in. Many verdicts become one by a fixed rule: all hold → holds; all reversed → reversed; none holds or is reversed → not resolved; some hold and at least as many hold as are reversed → holds with a caveat; otherwise reversed.",
    "",
  ];
  for (const claim of claims.claims) {
    lines.push(`## ${claim.statement}`, "", "| setting | verdict | reason |", "| --- | --- | --- |");
    for (const s of claim.settings) lines.push(`| ${s.setting} | ${s.verdict} | ${s.reason.replaceAll("|", "\\|")} |`);
    lines.push("");
  }
  return lines.join("\n");
}
