import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configSchema, parseConfig } from "../experiments/config.js";
import { protocolId, studySchema } from "../experiments/studyConfig.js";
import { itRefuses, type Refusal } from "./fixtures/schemaRefusals.js";

// learned.json without its study block: the block's own tests add one.
const { study: _, ...learned } = JSON.parse(readFileSync("experiments/configs/learned.json", "utf8")) as Record<string, unknown>;
const fig4 = JSON.parse(readFileSync("experiments/configs/fig4.json", "utf8")) as Record<string, unknown>;

describe("protocolId(protocol)", () => {
  it("names accumulate, fresh and a window of W as cell keys spell them", () => {
    expect(protocolId("accumulate")).toBe("accumulate");
    expect(protocolId("fresh")).toBe("fresh");
    expect(protocolId({ window: 5 })).toBe("window5");
  });
});

describe("the config's optional study block", () => {
  it("is optional: learned.json without one parses with study undefined", () => {
    expect(parseConfig(learned, "learned.json").study).toBeUndefined();
  });

  it("takes the protocols and the seeds the learned study runs", () => {
    const config = parseConfig({ ...learned, study: { protocols: ["fresh", { window: 5 }], seeds: 20 } }, "learned.json");
    expect(config.study).toEqual({ protocols: ["fresh", { window: 5 }], seeds: 20 });
  });

  it("either part may be left out", () => {
    expect(studySchema.parse({ seeds: 3 })).toEqual({ seeds: 3 });
    expect(studySchema.parse({ protocols: ["accumulate"] })).toEqual({ protocols: ["accumulate"] });
  });
});

const refusals: Refusal[] = [
  ["a repeated protocol", { study: { protocols: ["fresh", { window: 5 }, { window: 5 }] } }, ["study", "protocols", 2], /must not repeat a protocol \(window5\)/],
  ["an unknown protocol", { study: { protocols: ["forget"] } }, ["study", "protocols", 0], /Invalid input/],
  ["a window of 0", { study: { protocols: [{ window: 0 }] } }, ["study", "protocols", 0, "window"], /expected number to be >=1/],
  ["no protocols", { study: { protocols: [] } }, ["study", "protocols"], /expected array to have >=1 items/],
  ["0 seeds", { study: { seeds: 0 } }, ["study", "seeds"], /expected number to be >=1/],
  ["an unknown field", { study: { seeds: 2, periods: 100 } }, ["study"], /Unrecognized key: "periods"/],
];
itRefuses("the learned config schema", configSchema, learned, refusals);
itRefuses("a synthetic config", configSchema, fig4, [["a study block", { study: { seeds: 2 } }, ["study"], /read only by the learned study: it needs valuation.source "learned"/]]);
