// fairshare's theory: the model of docs/model.md and one executable check per lemma, in paper order.

// Exact money: amounts as whole money units (§2)
export { DEFAULT_MONEY_DECIMALS, MAX_MONEY_DECIMALS, MAX_UNITS, assertUnits, fromUnits, moneyRefusal, moneyUnit, toUnits } from "./money.js";

// The market of one period (§1–§2)
export { assertMarketMoney, marketInUnits, sellerColumn, type Buyer, type Market, type Seller } from "./market.js";
export { bestBundle, bestSurplus, paretoFrontier, type Bundle, type FrontierPoint, type KnapsackItem } from "./knapsack.js";
export { marginalWillingnessToPay, mwpColumn, mwpMatrix } from "./mwp.js";
export { mwpSweep, type SellerVisit } from "./mwpSweep.js";
export { purchases, sellerRevenue } from "./purchases.js";

// The seller's price and the royalty contract (§3)
export { fairPrice, revenueAtPrice } from "./fairPrice.js";
export { royaltyRate, royaltyRevenue } from "./royalty.js";
export { revenuePair, royaltyFlatRatios, type RevenuePair, type RoyaltyFlatRow } from "./royaltyVsFlat.js";

// Algorithm 1: the period's fairshare prices (§6)
export { bestResponses, fairsharePrices, MWP_MODES, type FairshareOptions, type FairshareResult, type MwpMode } from "./algorithm1.js";
export { fractionalMwpMatrix, greedyPurchases } from "./fractional.js";

// Participation and the pay ratio (§4–§5)
export { parseParticipation, payRatio, ParticipationError, type Participation } from "./participation.js";

// The one-buyer one-seller market (§5.1)
export {
  bestPrice,
  cumulativeUtility,
  discountThreshold,
  exploitThreshold,
  limitUtility,
  pathDifferences,
  pathLimitUtility,
  pathUtility,
  stayProbability,
  tradeoffHorizon,
  tradeoffHorizonPath,
  type OneBuyerMarket,
} from "./oneBuyer.js";

// Small optimizers: bisection, golden section, Brent, and a grid-safeguarded Brent
export { lastTrue } from "./optimize/bisection.js";
export { brentMaximize } from "./optimize/brent.js";
export { goldenSectionMaximize } from "./optimize/goldenSection.js";
export { gridMaximize } from "./optimize/gridMaximize.js";
export type { MaximizeOptions, Maximum } from "./optimize/maximum.js";

// The lemmas (§8, docs/lemmas.md), each with its hypotheses, instances, check and negative control
export type { CheckResult, Hypothesis, Lemma, LemmaId, NegativeControl, UnreconstructedLemma } from "./lemma.js";
export { lemma1 } from "./lemma1.js";
export { lemma2 } from "./lemma2.js";
export { lemma3 } from "./lemma3.js";
export { lemma4 } from "./lemma4.js";
export { lemma5 } from "./lemma5.js";
export { lemma6 } from "./lemma6.js";
export { lemma7 } from "./lemma7.js";
export { remarkB1 } from "./remarkB1.js";
export { sellerSide } from "./sellerSide.js";
export { LEMMAS, type ReportedLemma } from "./lemmas.js";
export { runLemma, type LemmaOutcome, type RunOptions } from "./runLemma.js";
