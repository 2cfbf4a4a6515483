/**
 * Writes docs/api.md from the doc comments of what theory/index.ts exports, in its order and groups:
 * for each function its signature, a source link and its documentation, so the API reference can
 * never drift from the code (test/apiDocs.test.ts holds the committed file to this output).
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { LEMMAS, type ReportedLemma } from "../theory/lemmas.js";
import * as theory from "../theory/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const indexPath = join(root, "theory", "index.ts");

interface Group {
  title: string;
  names: string[];
}

/** The index's `// Group` comments and, under each, the value names its export lines list. */
function groupsOfIndex(text: string): Group[] {
  const groups: Group[] = [];
  let statement = "";
  for (const line of text.split("\n")) {
    if (line.startsWith("// ") && statement === "") {
      groups.push({ title: line.slice(3), names: [] });
      continue;
    }
    if (!line.startsWith("export") && statement === "") continue;
    statement += ` ${line}`;
    if (!line.includes(" from ")) continue;
    const braces = /\{([^}]*)\}/.exec(statement);
    const valueExport = !/^\s*export type /.test(statement);
    if (braces && valueExport && groups.length > 0) {
      for (const item of braces[1].split(",").map((name) => name.trim()).filter(Boolean)) {
        if (!item.startsWith("type ")) groups[groups.length - 1].names.push(item);
      }
    }
    statement = "";
  }
  return groups.filter((group) => group.names.length > 0);
}

function documentation(declaration: ts.Node, source: ts.SourceFile): string {
  const comment = ts.getJSDocCommentsAndTags(declaration).find(ts.isJSDoc);
  if (comment === undefined) return "";
  const raw = source.text.slice(comment.pos, comment.end);
  return raw
    .replace(/^\/\*\*\s*\n?/, "")
    .replace(/\s*\*\/$/, "")
    .split("\n")
    .map((line) => line.replace(/^\s*\* ?/, ""))
    .join("\n")
    .replace(/(^|\n)@example\s*([\s\S]*?)(?=\n@|(?![\s\S]))/, (_, start: string, example: string) => `${start}Example:\n\n\`\`\`ts\n${example.trim()}\n\`\`\`\n`)
    .replace(/(^|\n)@throws\s*/, "$1Throws: ")
    .trim();
}

/** The declaration's text up to its body: the signature as written. */
function signature(declaration: ts.Node, source: ts.SourceFile): string {
  const text = source.text.slice(declaration.getStart(source), declaration.end);
  if (ts.isFunctionDeclaration(declaration) && declaration.body) {
    return text.slice(0, declaration.body.getStart(source) - declaration.getStart(source)).trim();
  }
  if (ts.isClassDeclaration(declaration)) return text.split("{")[0].trim();
  if (ts.isVariableDeclaration(declaration)) {
    return `const ${declaration.name.getText(source)}${declaration.type ? `: ${declaration.type.getText(source)}` : ""}`;
  }
  return text.split("\n")[0];
}

/** A lemma object documents itself through its fields: statement, formula, hypotheses, control. */
function lemmaDocumentation(entry: ReportedLemma): string {
  if (entry.kind === "unreconstructed") return entry.lemma.reason;
  const { lemma } = entry;
  return [
    `**${lemma.id}. ${lemma.title}.** ${lemma.statement}`,
    "",
    `Formula: ${lemma.formula}`,
    "",
    "Hypotheses:",
    ...lemma.hypotheses.map((hypothesis) => `- ${hypothesis.name}: ${hypothesis.label}`),
    "",
    `Negative control (drops ${lemma.negativeControl.drops}): ${lemma.negativeControl.description}`,
  ].join("\n");
}

/**
 * How to use the package from another project; test/slow/pack.test.ts installs the packed package in a
 * temporary project, runs the ```js block there and checks that it prints what its `// =>` comments say.
 */
const USING_THE_PACKAGE = `## Using the model from your own project

The package's main export is this API, compiled to \`dist/\` by \`npm run build\` (which \`npm ci\` and
\`npm pack\` run through \`prepare\`). Install it from a packed checkout or from git (npm builds a git
dependency itself), into a project whose package.json has \`"type": "module"\`:

\`\`\`sh
npm pack                                     # in the checkout: writes fairshare-0.1.0.tgz
npm install path/to/fairshare-0.1.0.tgz      # in your project; or npm install git+https://…/fairshare.git
\`\`\`

\`\`\`js
import { fairPrice, parseParticipation, tradeoffHorizon } from "fairshare";

// Lemma 2's price for three buyers whose MWPs are 5, 3 and 1: revenues 5, 6 and 3.
console.log(fairPrice([5, 3, 1])); // => 3

// MODEL §5: V = 10, p* = 6, c = 2, δ = 0.9, ρ(x) = 1 − 0.5(1 − x); from T = 7 periods on, the fair price earns the buyer at least as much as p = 3.
const market = { value: 10, fairPrice: 6, cost: 2, discount: 0.9, participation: parseParticipation("linear:0.5") };
console.log(tradeoffHorizon(market, 3)); // => 7
\`\`\`

Types come with it (\`dist/theory/index.d.ts\`), and \`npx fairshare --help\` lists the CLI's commands.`;

export function apiMarkdown(): string {
  const program = ts.createProgram([indexPath], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true });
  const checker = program.getTypeChecker();
  const indexSource = program.getSourceFile(indexPath);
  if (indexSource === undefined) throw new Error("theory/index.ts not found");
  const moduleSymbol = checker.getSymbolAtLocation(indexSource);
  if (moduleSymbol === undefined) throw new Error("theory/index.ts is not a module");
  const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((symbol) => [symbol.name, symbol]));

  const out = [
    "# API reference",
    "",
    "Generated by `npm run api-docs` from the doc comments of `theory/index.ts`'s exports; do not edit by hand.",
    "Section numbers refer to [model.md](model.md).",
    "",
    USING_THE_PACKAGE,
  ];
  for (const group of groupsOfIndex(readFileSync(indexPath, "utf8"))) {
    out.push("", `## ${group.title}`);
    for (const name of group.names) {
      const exported = exports.get(name);
      if (exported === undefined) throw new Error(`theory/index.ts lists ${name} but does not export it`);
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.declarations?.[0];
      if (declaration === undefined) continue;
      const source = declaration.getSourceFile();
      const file = relative(join(root, "docs"), source.fileName);
      const line = source.getLineAndCharacterOfPosition(declaration.getStart(source)).line + 1;
      const docNode = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
      out.push("", `### ${name}`, "", "```ts", signature(declaration, source), "```", "", `[source](${file}#L${line})`);
      const value: unknown = (theory as Record<string, unknown>)[name];
      const lemma = LEMMAS.find((entry) => entry.lemma === value);
      const doc = lemma === undefined ? documentation(docNode, source) : lemmaDocumentation(lemma);
      if (doc !== "") out.push("", doc);
    }
  }
  return `${out.join("\n")}\n`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { writeFileAtomic } = await import("../cli/atomicWrite.js");
  writeFileAtomic(join(root, "docs", "api.md"), apiMarkdown());
}
