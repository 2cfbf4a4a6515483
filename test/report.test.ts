import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCommand } from "./runCommand.js";
import type { LemmaReport } from "../cli/lemmaReport.js";
import type { ManifestEntry } from "../experiments/figure.js";
import { explorerSpec, REGISTER_SCRIPT } from "../experiments/figures/explorer.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Runs a command in-process, awaiting it, and captures what it prints. */
const run = (argv: string[]) => runCommand(argv);

const lemmas: LemmaReport = {
  seed: 7,
  runs: 10,
  lemmas: [
    {
      id: "L2",
      title: "Characterisation of the optimal price",
      statement: "p* = m_(k*)",
      cases: 10,
      failures: 0,
      holds: true,
      worstSlack: 0.125,
      negativeControl: { drops: "A1", detected: true, counterexample: null, witness: null, error: null },
      ms: 3,
    },
    {
      id: "L5",
      title: "Lemma 5 (statement not available)",
      statement: "",
      cases: 0,
      failures: 0,
      holds: null,
      worstSlack: null,
      negativeControl: null,
      note: "not reconstructed",
      ms: 0,
    },
  ],
};

const bars = {
  data: { values: [{ seller: "S1", revenue: 4 }, { seller: "S2", revenue: 2 }] },
  mark: "bar",
  // A title that would end the page's <script> if it were inlined unescaped.
  encoding: { x: { field: "seller", type: "nominal", title: "seller </script><!-- x" }, y: { field: "revenue", type: "quantitative" } },
};
const line = {
  data: { values: [{ t: 1, u: 1 }, { t: 2, u: 3 }] },
  mark: "line",
  encoding: { x: { field: "t", type: "quantitative" }, y: { field: "u", type: "quantitative" } },
};

interface Scratch {
  figures: string;
  lemmasFile: string;
  out: string;
  manifest: ManifestEntry[];
}

/** A figures directory as `npm run figures` writes it, with two figures, and a lemma report beside it. */
function scratch(options: { table?: boolean } = {}): Scratch {
  const dir = mkdtempSync(join(tmpdir(), "fairshare-report-"));
  const figures = join(dir, "figures");
  mkdirSync(figures);
  const config = join(dir, "fig9.json");
  writeFileSync(config, JSON.stringify({ sellers: 3, note: "<b>not markup</b>" }));
  // Config paths are relative to the repository root, as in the real manifest.
  const manifest: ManifestEntry[] = [
    { id: "fig9a", title: "Revenue by seller", caption: "Each bar is a seller's revenue at p*.", config: relative(ROOT, config), seed: 11 },
    { id: "fig9b", title: "Utility over time", caption: "The buyer's utility U_T & its <trend>.", config: relative(ROOT, config), seed: 1, seeds: [1, 2, 3] },
  ];
  const write = (name: string, value: unknown) => writeFileSync(join(figures, name), JSON.stringify(value, null, 2));
  write("manifest.json", manifest);
  write("fig9a.vl.json", bars);
  write("fig9b.vl.json", line);
  if (options.table) write("table1.json", { columns: ["group", "revenue"], rows: [["fairshare", 1.5], ["random", 0.25]], caption: "Mean revenue by group" });
  const lemmasFile = join(dir, "lemmas.json");
  writeFileSync(lemmasFile, JSON.stringify(lemmas));
  return { figures, lemmasFile, out: join(dir, "site", "index.html"), manifest };
}

const argsOf = (s: Scratch): string[] => ["report", "--figures", s.figures, "--lemmas", s.lemmasFile, "--out", s.out];

const escaped = (text: string): string =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");

/** The specs the page inlines, by figure id. */
function inlinedSpecs(html: string): Record<string, unknown> {
  const specs: Record<string, unknown> = {};
  for (const match of html.matchAll(/<script type="application\/json" class="spec" data-figure-id="([^"]+)">(.*?)<\/script>/gs)) {
    specs[match[1]] = JSON.parse(match[2]);
  }
  return specs;
}

describe("report", () => {
  it("report writes one page with every figure's id, title and caption, in manifest order", async () => {
    const s = scratch();
    const { code, stdout, stderr } = await run(argsOf(s));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toBe(`wrote ${s.out}: 12 claims, 2 lemmas, 2 figures\n`);
    const html = readFileSync(s.out, "utf8");
    const positions = s.manifest.map((entry) => html.indexOf(`data-figure-id="${entry.id}"`));
    expect(positions.every((at) => at > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (const entry of s.manifest) {
      expect(html, entry.id).toContain(escaped(entry.title));
      expect(html, entry.id).toContain(escaped(entry.caption));
      expect(html, entry.id).toContain(`>${entry.id}<`);
    }
    expect(html).toContain("formalisation of the paper's model; the paper's exact constants were not available");
  });

  it("report inlines each spec so that it parses back equal to its file, even with </script> in a title", async () => {
    const s = scratch();
    await run(argsOf(s));
    const html = readFileSync(s.out, "utf8");
    expect(html).not.toContain("seller </script>");
    const specs = inlinedSpecs(html);
    expect(Object.keys(specs)).toEqual(["fig9a", "fig9b"]);
    for (const id of Object.keys(specs)) expect(specs[id], id).toEqual(JSON.parse(readFileSync(join(s.figures, `${id}.vl.json`), "utf8")));
  });

  it("report shows the lemma table with verdict, cases, failures, worst slack and negative control", async () => {
    const s = scratch();
    await run(argsOf(s));
    const html = readFileSync(s.out, "utf8");
    expect(html).toContain("<td>L2</td><td>Characterisation of the optimal price</td><td>holds</td><td class=\"num\">10</td><td class=\"num\">0</td><td>0.125</td><td>found</td>");
    expect(html).toContain("<td>L5</td><td>Lemma 5 (statement not available)</td><td>not reconstructed</td><td class=\"num\">0</td><td class=\"num\">0</td><td>—</td><td>—</td>");
  });

  it("report puts each figure's config (pretty-printed, escaped) and seeds in a <details>", async () => {
    const s = scratch();
    await run(argsOf(s));
    const html = readFileSync(s.out, "utf8");
    expect(html).toContain(escaped(JSON.stringify({ sellers: 3, note: "<b>not markup</b>" }, null, 2)));
    expect(html).not.toContain("<b>not markup</b>");
    expect(html).toContain(`<code>${s.manifest[0].config}</code>, seed 11</summary>`);
    expect(html).toContain("seeds 1, 2, 3</summary>");
  });

  it("report says a figure with seed null (no randomness) has no random seed", async () => {
    const s = scratch();
    writeFileSync(join(s.figures, "manifest.json"), JSON.stringify([{ ...s.manifest[0], seed: null }]));
    const { code } = await run(argsOf(s));
    expect(code).toBe(0);
    expect(readFileSync(s.out, "utf8")).toContain("no random seed</summary>");
  });

  it("report ships vega, vega-lite and vega-embed beside the page and links nothing on the network", async () => {
    const s = scratch();
    await run(argsOf(s));
    const html = readFileSync(s.out, "utf8");
    for (const file of ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"]) {
      const path = join(dirname(s.out), "vendor", file);
      expect(existsSync(path) && statSync(path).size > 0, file).toBe(true);
      expect(html).toContain(`<script src="vendor/${file}"></script>`);
    }
    const links = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
    expect(links).toContain("../figures/fig9a.svg");
    expect(links).toContain("../figures/fig9b.png");
    expect(links.filter((link) => /^[a-z]+:\/\//i.test(link) || link.startsWith("//"))).toEqual([]);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("report renders table1.json as an HTML table, and leaves Table 1 out when there is none", async () => {
    const withTable = scratch({ table: true });
    await run(argsOf(withTable));
    const html = readFileSync(withTable.out, "utf8");
    expect(html).toContain("<caption>Mean revenue by group</caption>");
    expect(html).toContain("<tr><td>fairshare</td><td class=\"num\">1.5</td></tr>");
    const without = scratch();
    await run(argsOf(without));
    expect(readFileSync(without.out, "utf8")).not.toContain("Table 1");
  });

  it("report shows table2.json after Table 1: the verdict matrix, the verdict line and the numbers behind it (escaped), and says so", async () => {
    const s = scratch({ table: true });
    const verdict = "Over 2 task × method × protocol cells at t = 100: fairshare gives sellers higher profit holds in 1 of 2, reversed in penguins × loo × accumulate.";
    const numbers = {
      caption: "The numbers behind Table 2 <paired>",
      columns: ["task", "claim", "fairshare − exploitative [95% CI]", "verdict"],
      rows: [["penguins", "(5)", "-1.00 [-2.00, -0.500]", "reversed"], ["cars", "(5)", "+2.0 [+1.0, +3.0]", "holds"]],
    };
    const table2 = { columns: ["task", "(5) sellers' profit"], rows: [["penguins", "reversed"], ["cars", "holds"]], caption: "Table 2: the claims", verdict, numbers, cells: [] };
    writeFileSync(join(s.figures, "table2.json"), JSON.stringify(table2));
    const { stdout } = await run(argsOf(s));
    const html = readFileSync(s.out, "utf8");
    expect(stdout).toBe(`wrote ${s.out}: 12 claims, 2 lemmas, 2 figures, Table 1, Table 2\n`);
    const section = html.indexOf('<section id="table2">');
    expect(section).toBeGreaterThan(html.indexOf('<section id="table1">'));
    expect(section).toBeLessThan(html.indexOf('<section class="figure"'));
    expect(html).toContain("<caption>Table 2: the claims</caption>");
    expect(html).toContain("<tr><td>penguins</td><td>reversed</td></tr>");
    expect(html).toContain(`<p class="verdict"><strong>Verdict:</strong> ${escaped(verdict)}</p>`);
    expect(html).toContain(`<caption>${escaped(numbers.caption)}</caption>`);
    expect(html).toContain("<tr><td>cars</td><td>(5)</td><td>+2.0 [+1.0, +3.0]</td><td>holds</td></tr>");
    // The matrix comes first, then the verdict, then the numbers.
    expect(html.indexOf("Table 2: the claims")).toBeLessThan(html.indexOf("Verdict:"));
    expect(html.indexOf("Verdict:")).toBeLessThan(html.indexOf("The numbers behind Table 2"));
  });

  it("report opens with the claims section, writes claims.json and claims.md beside the page, and every evidence link resolves to an element of the page", async () => {
    const s = scratch({ table: true });
    expect((await run(argsOf(s))).code).toBe(0);
    const html = readFileSync(s.out, "utf8");
    expect(html.indexOf('<section id="claims">')).toBeGreaterThan(0);
    expect(html.indexOf('<section id="claims">')).toBeLessThan(html.indexOf('<section id="lemmas">'));
    const claims = JSON.parse(readFileSync(join(dirname(s.out), "claims.json"), "utf8")) as { claims: Array<{ id: string; settings: Array<{ verdict: string; evidence: string[] }> }> };
    expect(claims.claims.map((c) => c.id)).toContain("exploitation-fails");
    // The fixture has L2 and L5 only: L2's claim holds in the formal model, L5 is not testable here.
    expect(claims.claims.find((c) => c.id === "fairshare-prices")!.settings[0].verdict).toBe("holds");
    expect(claims.claims.find((c) => c.id === "lemma5")!.settings[0].verdict).toBe("not testable here");
    expect(readFileSync(join(dirname(s.out), "claims.md"), "utf8")).toMatch(/^# Where the paper's claims hold/);
    const section = html.slice(html.indexOf('<section id="claims">'), html.indexOf("</section>", html.indexOf('<section id="claims">')));
    const links = [...section.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(links).toContain("lemma-L2");
    for (const id of links) expect(html, id).toContain(`id="${id}"`);
  });

  it("report puts the explorer right after the claims: its spec inlined (without $schema) and drawn after registering expm1 and log1p", async () => {
    const s = scratch();
    expect((await run(argsOf(s))).code).toBe(0);
    const html = readFileSync(s.out, "utf8");
    const sections = [...html.matchAll(/<section [^>]*id="([^"]+)"/g)].map((m) => m[1]);
    expect(sections.slice(0, 3)).toEqual(["claims", "explorer", "lemmas"]);
    const inlined = /<script type="application\/json" id="explorer-spec">(.*?)<\/script>/s.exec(html);
    expect(inlined).not.toBeNull();
    const { $schema, ...spec } = explorerSpec();
    expect($schema).toMatch(/^https:/);
    expect(JSON.parse(inlined![1])).toEqual(spec);
    expect(html).toContain('<div class="chart" id="explorer-chart"></div>');
    // Registered before the explorer is embedded, after vega is loaded.
    expect(html.indexOf(REGISTER_SCRIPT)).toBeGreaterThan(html.indexOf('<script src="vendor/vega.min.js">'));
    expect(html.indexOf(REGISTER_SCRIPT)).toBeLessThan(html.indexOf("vegaEmbed(container, JSON.parse(script.textContent), { actions: false, renderer: \"svg\" }).then"));
  });

  it("report without a manifest exits 2 with one line naming its path, and writes nothing", async () => {
    const s = scratch();
    const figures = join(dirname(s.figures), "missing");
    const { code, stdout, stderr } = await run(["report", "--figures", figures, "--lemmas", s.lemmasFile, "--out", s.out]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`fairshare report: no figure manifest at ${join(figures, "manifest.json")} (run npm run figures first)\n`);
    expect(existsSync(dirname(s.out))).toBe(false);
  });

  it("report without the lemma report exits 2 with one line naming its path, and writes nothing", async () => {
    const s = scratch();
    const missing = join(dirname(s.lemmasFile), "nope.json");
    const { code, stderr } = await run(["report", "--figures", s.figures, "--lemmas", missing, "--out", s.out]);
    expect(code).toBe(2);
    expect(stderr).toBe(`fairshare report: no lemma report at ${missing} (run npm run verify-lemmas first)\n`);
    expect(existsSync(dirname(s.out))).toBe(false);
  });

  it("report refuses a manifest entry without a title, naming the file and the field", async () => {
    const s = scratch();
    writeFileSync(join(s.figures, "manifest.json"), JSON.stringify([{ ...s.manifest[0], title: undefined }]));
    const { code, stderr } = await run(argsOf(s));
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^fairshare report: ${join(s.figures, "manifest.json")}: \\[0\\]\\.title: is required\\n$`));
    expect(existsSync(dirname(s.out))).toBe(false);
  });

  it("report refuses a figure whose spec file is missing, naming it", async () => {
    const s = scratch();
    writeFileSync(join(s.figures, "manifest.json"), JSON.stringify([...s.manifest, { ...s.manifest[0], id: "fig9c" }]));
    const { code, stderr } = await run(argsOf(s));
    expect(code).toBe(2);
    expect(stderr).toBe(`fairshare report: no spec for figure fig9c at ${join(s.figures, "fig9c.vl.json")}\n`);
  });
});
