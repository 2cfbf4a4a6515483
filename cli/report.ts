import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { readJson as readJsonFile, validate } from "../experiments/configFile.js";
import { manifestSchema, type ManifestEntry } from "../experiments/figure.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { EXIT, UsageError } from "./errors.js";
import type { Io } from "./io.js";
import { buildClaims, claimsMarkdown, type ClaimInputs, type Claims } from "../experiments/claims.js";
import { controlCell, formatSlack, verdict } from "./lemmaReport.js";
import { explorerSpec, REGISTER_SCRIPT } from "../experiments/figures/explorer.js";

export const REPORT_USAGE = "report [--figures DIR] [--lemmas FILE] [--out FILE]";

/** Config paths in the manifest are relative to the repository root, wherever the command runs from. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The browser builds that define the globals `vega`, `vegaLite` and `vegaEmbed` as classic scripts. */
const VENDOR = [
  { pkg: "vega", file: "build/vega.min.js" },
  { pkg: "vega-lite", file: "build/vega-lite.min.js" },
  { pkg: "vega-embed", file: "build/vega-embed.min.js" },
] as const;

const textTableSchema = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number()]))),
  caption: z.string(),
});
const tableSchema = textTableSchema.extend({
  /** Table 2's one-line verdict over the study's claims (experiments/figures/studyFindings.ts), and the numbers behind each verdict. */
  verdict: z.string().optional(),
  numbers: textTableSchema.optional(),
});
const lemmaSchema = z.object({
  seed: z.number(),
  runs: z.number(),
  lemmas: z.array(
    z.looseObject({
      id: z.string(),
      title: z.string(),
      cases: z.number(),
      failures: z.number(),
      holds: z.boolean().nullable(),
      worstSlack: z.number().nullable(),
      negativeControl: z.looseObject({ detected: z.boolean() }).nullable(),
    }),
  ),
});
type Table = z.infer<typeof tableSchema>;
/** The part of `reports/lemmas.json` (cli/lemmaReport.ts) the page shows. */
type LemmaReport = z.infer<typeof lemmaSchema>;

/**
 * Reads a JSON file and checks its shape with the configs' reader and validator; a missing file is
 * named with what it should be and how to make it, an unparsable or misshapen one as configs are.
 */
function readJson<T>(path: string, schema: z.ZodType<T>, what: string, hint = ""): T {
  if (!existsSync(path)) throw new UsageError(`no ${what} at ${path}${hint === "" ? "" : ` (${hint})`}`);
  return validate(schema, readJsonFile(path), path);
}

const escapeHtml = (text: string): string =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");

/** JSON that is safe inside `<script>`: every `<` (so `</script>` and `<!--`) becomes `\u003c`, which parses back the same. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replaceAll("<", "\\u003c");

/** A path from the page to a file, with forward slashes, for an href. */
const href = (from: string, to: string): string => relative(from, to).split(sep).map(encodeURIComponent).join("/");

/** The directory of an installed package, found from its entry point (its `exports` hide `package.json`). */
function packageDir(pkg: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(pkg));
  while (!existsSync(join(dir, "package.json")) || JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name !== pkg) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the directory of the installed package ${pkg}`);
    dir = parent;
  }
  return dir;
}


function htmlTable(columns: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number>>, caption: string): string {
  const cell = (tag: string, value: string | number) => `<${tag}${typeof value === "number" ? ' class="num"' : ""}>${escapeHtml(String(value))}</${tag}>`;
  return [
    "<table>",
    caption === "" ? "" : `<caption>${escapeHtml(caption)}</caption>`,
    `<thead><tr>${columns.map((column) => cell("th", column)).join("")}</tr></thead>`,
    `<tbody>${rows.map((row) => `<tr>${row.map((value) => cell("td", value)).join("")}</tr>`).join("\n")}</tbody>`,
    "</table>",
  ].join("\n");
}

function lemmaSection(lemmas: LemmaReport): string {
  const rows = lemmas.lemmas.map((row) => [row.id, row.title, verdict(row), row.cases, row.failures, formatSlack(row.worstSlack), controlCell(row)]);
  const columns = ["id", "title", "verdict", "cases", "failures", "worst slack", "negative control"];
  // Each row is an anchor (#lemma-L1) that the claims section links to.
  const table = htmlTable(columns, rows, `Seed ${lemmas.seed}, ${lemmas.runs} cases a lemma.`).replace(/<tr><td>([A-Z0-9]+)<\/td>/g, '<tr id="lemma-$1"><td>$1</td>');
  return `<section id="lemmas">\n<h2>Lemmas</h2>\n${table}\n</section>`;
}

const cellVerdict = z.enum(["holds", "reversed", "not resolved", "not testable here"]);
const claimRowSchema = z.looseObject({ claim: z.string(), metric: z.string(), buyer: z.string().nullable(), verdict: cellVerdict });
const fig4VerdictsSchema = z.looseObject({
  data: z.array(z.looseObject({
    seeds: z.array(z.number()),
    periods: z.number(),
    atEnd: z.looseObject({ claims: z.array(claimRowSchema) }),
    early: z.array(z.looseObject({ buyer: z.string(), verdict: cellVerdict })),
    unconverged: z.object({ periods: z.number(), of: z.number() }),
  })).length(1),
});
const table2CellsSchema = z.looseObject({
  cells: z.array(z.looseObject({ task: z.string(), method: z.string(), protocol: z.string(), seeds: z.number(), claims: z.array(claimRowSchema) })),
});
const atlasSchema = z.looseObject({
  panels: z.array(z.looseObject({
    id: z.string(),
    seeds: z.number(),
    cells: z.array(z.looseObject({ metric: z.string(), buyer: z.string().nullable(), verdict: cellVerdict.optional(), x: z.unknown(), y: z.unknown(), horizon: z.number().nullable().optional() })),
  })),
});

/** What the claims are read from: the lemma report and, when the figures have them, Fig. 4's verdicts, Table 2 and the atlas. */
function claimInputs(lemmas: LemmaReport, figuresDir: string): ClaimInputs {
  const optional = <T>(file: string, schema: z.ZodType<T>): T | null => (existsSync(join(figuresDir, file)) ? readJson(join(figuresDir, file), schema, file) : null);
  return {
    lemmas: lemmas.lemmas.map((l) => ({ ...l, negativeControl: l.negativeControl === null ? null : { detected: l.negativeControl.detected } })),
    synthetic: optional("fig4verdicts.json", fig4VerdictsSchema)?.data[0] ?? null,
    learned: optional("table2.json", table2CellsSchema)?.cells ?? null,
    atlas: optional("atlas.json", atlasSchema)?.panels ?? null,
  };
}

/** The claims section, first on the page: a table per claim, a row per setting, each with its evidence links. */
function claimsSection(claims: Claims): string {
  const rows = claims.claims.map((claim) => {
    const settings = claim.settings
      .map((s) => {
        const links = s.evidence.map((anchor) => `<a href="${escapeHtml(anchor)}">${escapeHtml(anchor.slice(1))}</a>`).join(" ");
        return `<tr><td>${escapeHtml(s.setting)}</td><td class="verdict ${s.verdict.replaceAll(" ", "-")}">${escapeHtml(s.verdict)}</td><td>${escapeHtml(s.reason)}</td><td>${links}</td></tr>`;
      })
      .join("\n");
    return `<h3 id="claim-${escapeHtml(claim.id)}">${escapeHtml(claim.statement)}</h3>\n<table>\n<thead><tr><th>setting</th><th>verdict</th><th>reason</th><th>evidence</th></tr></thead>\n<tbody>${settings}</tbody>\n</table>`;
  });
  const rule = "Every verdict is computed from the outputs below, never typed in; many verdicts become one by a fixed rule: all hold → holds; all reversed → reversed; none holds or is reversed → not resolved; some hold and at least as many hold as are reversed → holds with a caveat; otherwise reversed. Also as reports/claims.json and reports/claims.md.";
  return `<section id="claims">\n<h2>Where the paper's claims hold</h2>\n<p class="note">${escapeHtml(rule)}</p>\n${rows.join("\n")}\n</section>`;
}

/**
 * The explorer (experiments/figures/explorer.ts): the one-buyer one-seller market of MODEL §5 with a slider
 * per parameter, drawn by the script at the end of the page. Its spec is inlined without `$schema`, so the
 * page names no URL.
 */
function explorerSection(): string {
  const { $schema, ...spec } = explorerSpec();
  return [
    '<section id="explorer">',
    "<h2>Explorer: one buyer, one seller</h2>",
    `<p class="caption">${escapeHtml(spec.description ?? "")} Everything here is computed in the page by the spec's own expressions, which follow theory/oneBuyerMarket.ts and theory/tradeoffHorizon.ts step by step; participation families linear:η and power:γ (not gap or expr).</p>`,
    '<div class="chart" id="explorer-chart"></div>',
    `<script type="application/json" id="explorer-spec">${scriptJson(spec)}</script>`,
    "</section>",
  ].join("\n");
}

/** Under Table 2: the verdict line, then the numbers behind every verdict. */
function findingsPart(table: Table): string {
  if (table.numbers === undefined && table.verdict === undefined) return "";
  return [
    '<div class="findings">',
    "<h3>Does each claim hold?</h3>",
    "<p class=\"note\">Each claim is fairshare minus exploitative at the last period, paired by seed (every group of a run is offered the same batches): " +
      "<em>holds</em> when the 95% interval of the difference lies above 0 (fairshare's favour), <em>reversed</em> below 0, <em>not resolved</em> when it contains 0 or fewer than two seeds pair.</p>",
    table.verdict === undefined ? "" : `<p class="verdict"><strong>Verdict:</strong> ${escapeHtml(table.verdict)}</p>`,
    table.numbers === undefined ? "" : htmlTable(table.numbers.columns, table.numbers.rows, table.numbers.caption),
    "</div>",
  ].filter((part) => part !== "").join("\n");
}

/** Table `id` (`table1`, `table2`) from its JSON, or else its Markdown as text, or "" when there is neither. */
function tableSection(figuresDir: string, id: string, heading: string): string {
  const jsonPath = join(figuresDir, `${id}.json`);
  const markdownPath = join(figuresDir, `${id}.md`);
  let body: string;
  if (existsSync(jsonPath)) {
    const table: Table = readJson(jsonPath, tableSchema, "table");
    body = [htmlTable(table.columns, table.rows, table.caption), findingsPart(table)].filter((part) => part !== "").join("\n");
  } else if (existsSync(markdownPath)) {
    body = `<pre>${escapeHtml(readFileSync(markdownPath, "utf8"))}</pre>`;
  } else {
    return "";
  }
  return `<section id="${id}">\n<h2>${heading}</h2>\n${body}\n</section>`;
}

interface FigurePart {
  entry: ManifestEntry;
  spec: unknown;
  config: string;
}

function figureSection({ entry, spec, config }: FigurePart, linkTo: (file: string) => string): string {
  const seeds = entry.seeds !== undefined ? `seeds ${entry.seeds.join(", ")}` : entry.seed === null ? "no random seed" : `seed ${entry.seed}`;
  const links = [`${entry.id}.svg`, `${entry.id}.png`, `${entry.id}.vl.json`].map((file) => `<a href="${escapeHtml(linkTo(file))}">${escapeHtml(file)}</a>`);
  return [
    `<section class="figure" id="figure-${entry.id}" data-figure-id="${entry.id}">`,
    `<h2>${escapeHtml(entry.title)} <span class="figure-id">${escapeHtml(entry.id)}</span></h2>`,
    `<p class="caption">${escapeHtml(entry.caption)}</p>`,
    `<div class="chart" data-figure-id="${entry.id}"></div>`,
    `<script type="application/json" class="spec" data-figure-id="${entry.id}">${scriptJson(spec)}</script>`,
    `<p class="links">Files: ${links.join(" · ")}</p>`,
    `<details><summary>Config <code>${escapeHtml(entry.config)}</code>, ${escapeHtml(seeds)}</summary>`,
    `<pre>${escapeHtml(config)}</pre>`,
    "</details>",
    "</section>",
  ].join("\n");
}

const STYLE = `body{font-family:"DejaVu Sans",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
td.num{text-align:right}caption{text-align:left;color:#555;padding:.25rem 0;width:max-content;max-width:45rem}.figure-id{color:#777;font-size:.8em;font-weight:normal}
.figure{margin:2.5rem 0}.chart{overflow-x:auto}.caption{max-width:45rem}pre{background:#f6f6f6;padding:.5rem;overflow:auto}.note{color:#555}
section[id^="table"]{overflow-x:auto}
td.verdict{font-weight:bold;white-space:nowrap}td.holds{background:#e3f4e3}td.holds-with-a-caveat{background:#f6f1d8}
td.reversed{background:#f8e0e0}td.not-resolved,td.not-testable-here{background:#eee;color:#555}
#explorer .vega-bind-name{display:inline-block;min-width:7rem}`;

/** Draws each chart from the JSON beside it; a spec that fails to draw says so in its container. */
const EMBED = `for (const script of document.querySelectorAll("script.spec")) {
  const id = script.dataset.figureId;
  const container = document.querySelector('.chart[data-figure-id="' + id + '"]');
  vegaEmbed(container, JSON.parse(script.textContent), { actions: false, renderer: "svg" }).catch((error) => {
    const message = document.createElement("p");
    message.className = "error";
    message.textContent = "This figure could not be drawn: " + error.message;
    container.replaceChildren(message);
    console.error("figure " + id + ":", error);
  });
}
// The explorer: its spec calls expm1 and log1p, which Vega has to be given. Its view is kept as
// window.__explorerView (for the browser test), and the chart is marked data-ready once drawn.
{
  const container = document.getElementById("explorer-chart");
  const script = document.getElementById("explorer-spec");
  if (container !== null && script !== null) {
    ${REGISTER_SCRIPT}
    vegaEmbed(container, JSON.parse(script.textContent), { actions: false, renderer: "svg" }).then((result) => {
      window.__explorerView = result.view;
      container.dataset.ready = "true";
    }).catch((error) => {
      const message = document.createElement("p");
      message.className = "error";
      message.textContent = "The explorer could not be drawn: " + error.message;
      container.replaceChildren(message);
      console.error("explorer:", error);
    });
  }
}`;

function page(claims: string, lemmas: LemmaReport, tables: string[], figures: string[], vendor: string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>fairshare: claims, lemmas and figures</title>
<link rel="icon" href="data:,">
<style>
${STYLE}
</style>
${vendor.map((src) => `<script src="${escapeHtml(src)}"></script>`).join("\n")}
</head>
<body>
<header>
<h1>fairshare: claims, lemmas and figures</h1>
<p class="note">A reproduction of "Fairshare Data Pricing via Data Valuation for Large Language Models". This is a
formalisation of the paper's model; the paper's exact constants were not available. Every figure below
is drawn from its Vega-Lite spec; its config and seed are under each figure.</p>
</header>
${[claims, explorerSection(), lemmaSection(lemmas), ...tables, ...figures].filter((part) => part !== "").join("\n")}
<script>
${EMBED}
</script>
</body>
</html>
`;
}

/**
 * `report`: one HTML page with the claims, the interactive explorer of the one-buyer market
 * (experiments/figures/explorer.ts), the lemma table, Tables 1 and 2 when the figures have them (Table 2: the
 * learned study's verdict per cell and claim, the one-line verdict, and the numbers behind it), and every figure of
 * the manifest in order, each drawn in the browser by vega-embed from its spec inlined in the page, with
 * links to its SVG and PNG and its config and seed. vega, vega-lite and vega-embed are copied into
 * `vendor/` beside the page, so it loads nothing from the network.
 *
 * - Each table is `<id>.json` when present, else `<id>.md` as text, else left out.
 * - Nothing is written until every input has been read and checked.
 *
 * @throws UsageError (exit 2, nothing written) naming the file when the manifest, the lemma report, a
 *   figure's spec or its config is missing, is not JSON or has the wrong shape.
 */
export function report(args: string[], io: Io): number {
  const { values } = parseArgs({
    args,
    options: { figures: { type: "string" }, lemmas: { type: "string" }, out: { type: "string" } },
    strict: true,
    allowPositionals: false,
  });
  const figuresDir = values.figures ?? join("reports", "figures");
  const out = values.out ?? join("reports", "index.html");
  const manifest = readJson(join(figuresDir, "manifest.json"), manifestSchema, "figure manifest", "run npm run figures first");
  const lemmas = readJson(values.lemmas ?? join("reports", "lemmas.json"), lemmaSchema, "lemma report", "run npm run verify-lemmas first");
  const seen = new Set<string>();
  const parts: FigurePart[] = manifest.map((entry) => {
    if (seen.has(entry.id)) throw new UsageError(`${join(figuresDir, "manifest.json")}: duplicate figure id ${JSON.stringify(entry.id)}`);
    seen.add(entry.id);
    const spec = readJson(join(figuresDir, `${entry.id}.vl.json`), z.record(z.string(), z.unknown()), `spec for figure ${entry.id}`);
    const config = readJson(resolve(ROOT, entry.config), z.unknown(), `config for figure ${entry.id}`);
    return { entry, spec, config: JSON.stringify(config, null, 2) };
  });
  const tableIds = ["table1", "fig4verdicts", "table2"] as const;
  const headings = { table1: "Table 1", fig4verdicts: "The claims on Fig. 4's market", table2: "Table 2" };
  const tables = tableIds.map((id) => tableSection(figuresDir, id, headings[id]));
  // Evidence links only to what the page shows: a figure or table not made yet is no evidence here.
  const onPage = new Set([
    ...lemmas.lemmas.map((l) => `#lemma-${l.id}`),
    ...tableIds.filter((_, k) => tables[k] !== "").map((id) => `#${id}`),
    ...manifest.map((entry) => `#figure-${entry.id}`),
  ]);
  const built = buildClaims(claimInputs(lemmas, figuresDir));
  const claims: Claims = { claims: built.claims.map((c) => ({ ...c, settings: c.settings.map((s) => ({ ...s, evidence: s.evidence.filter((e) => onPage.has(e)) })) })) };

  const pageDir = dirname(resolve(out));
  const vendor = VENDOR.map(({ pkg, file }) => ({ from: join(packageDir(pkg), file), to: join(pageDir, "vendor", file.split("/").pop()!) }));
  const linkTo = (file: string) => href(pageDir, join(resolve(figuresDir), file));
  const html = page(claimsSection(claims), lemmas, tables, parts.map((part) => figureSection(part, linkTo)), vendor.map(({ to }) => href(pageDir, to)));
  for (const { from, to } of vendor) writeFileAtomic(to, readFileSync(from));
  writeFileAtomic(join(pageDir, "claims.json"), `${JSON.stringify(claims, null, 2)}\n`);
  writeFileAtomic(join(pageDir, "claims.md"), claimsMarkdown(claims));
  writeFileAtomic(out, html);
  const shown = tableIds.filter((_, k) => tables[k] !== "").map((id) => (id === "fig4verdicts" ? "Fig. 4's claims" : headings[id]));
  io.stdout(`wrote ${out}: ${claims.claims.length} claims, ${lemmas.lemmas.length} lemmas, ${parts.length} figures${shown.map((t) => `, ${t}`).join("")}\n`);
  return EXIT.ok;
}
