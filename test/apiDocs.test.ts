import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { apiMarkdown } from "../scripts/apiDocs.js";

describe("docs/api.md", () => {
  it("is what `npm run api-docs` generates from the current doc comments (run it after changing the API)", () => {
    const committed = readFileSync(new URL("../docs/api.md", import.meta.url), "utf8");
    expect(committed).toBe(apiMarkdown());
  });

  it("documents every function that theory/index.ts groups, each with a source link", () => {
    const generated = apiMarkdown();
    for (const name of ["bestBundle", "marginalWillingnessToPay", "fairPrice", "royaltyRate", "fairsharePrices", "parseParticipation", "tradeoffHorizon", "brentMaximize", "runLemma"]) {
      expect(generated).toMatch(new RegExp(`### ${name}\\n\\n\`\`\`ts\\n[^\\n]*${name}[\\s\\S]*?\\[source\\]\\(\\.\\./theory/`));
    }
  });
});
