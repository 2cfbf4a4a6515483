import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LEMMAS } from "../theory/lemmas.js";

// The README's and the docs pages' examples are run, as Nashpy runs its README as doctests: a snippet
// that no longer works, a table that no longer matches the code, or a link that no longer leads
// anywhere fails here.
const root = fileURLToPath(new URL("..", import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), "utf8");
/** README.md and every docs/*.md, as paths relative to the repository. */
const pages = ["README.md", ...readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).sort().map((name) => `docs/${name}`)];
const blocks = (text: string, language: string): string[] =>
  [...text.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((match) => match[1]);
const readme = read("README.md");

/** The page's lines outside fenced code blocks (a fence's lines become empty, so line numbers hold). */
function prose(text: string): string[] {
  let fenced = false;
  return text.split("\n").map((line) => {
    if (/^ {0,3}(```|~~~)/.test(line)) {
      fenced = !fenced;
      return "";
    }
    return fenced ? "" : line;
  });
}

/** GitHub's anchor for a heading's text: markup dropped, lowercase, punctuation but '-' and '_' removed, each space a '-'. */
function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/[`*]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_\- ]/gu, "")
    .replace(/ /g, "-");
}

/** Every anchor a page's headings get, repeated headings numbered -1, -2, … as GitHub does. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of prose(text)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading === null) continue;
    const base = slug(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    out.add(count === 0 ? base : `${base}-${count}`);
  }
  return out;
}

/** The relative links of a page's prose (inline code and fenced blocks aside), with their line numbers. */
function relativeLinks(text: string): { line: number; target: string }[] {
  return prose(text).flatMap((line, index) =>
    [...line.replace(/`[^`]*`/g, "").matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
      .map((match) => match[1])
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .map((target) => ({ line: index + 1, target })),
  );
}

describe("README and docs examples", () => {
  // Only blocks in the quiet form `npm run --silent fairshare --` run: they print JSON and write
  // nothing, so a long or writing example is left out by writing it without --silent.
  const examples = pages.flatMap((page) =>
    blocks(read(page), "sh")
      .filter((block) => block.includes("npm run --silent fairshare --"))
      .map((block) => [`${page}: ${block.split("\n")[0]}`, block] as const),
  );

  it("has the fairshare examples this test runs", () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples)("example %s runs and prints JSON", (_, block) => {
    const stdout = execFileSync("bash", ["-euo", "pipefail", "-c", block], { encoding: "utf8", cwd: root });
    expect(() => JSON.parse(stdout)).not.toThrow();
  });

  it("docs/configs.md shows the example sweep file as it is in experiments/sweeps/ (its description aside)", () => {
    const shown = blocks(read("docs/configs.md"), "json").map((block) => JSON.parse(block) as Record<string, unknown>).find((json) => "grid" in json);
    const { description: _, ...file } = JSON.parse(read("experiments/sweeps/discount.json")) as Record<string, unknown>;
    expect(shown).toEqual(file);
  });
});

describe("README", () => {
  it("opens with the two set-up commands: the main job, then the tests", () => {
    const [first] = blocks(readme, "sh");
    expect(first).toMatch(/^npm ci && npm run verify-lemmas\b/);
    expect(first.split("\n")[1]).toMatch(/^npm test\b/);
  });

  it("shows the lemma table with every lemma's id and title as the code has them", () => {
    const table = blocks(readme, "text")[0];
    for (const { lemma } of LEMMAS) {
      const row = table.split("\n").find((line) => line.startsWith(`${lemma.id} `));
      expect(row, lemma.id).toBeDefined();
      expect(row).toContain(lemma.title);
    }
  });

  it("is at most 12 KiB: the reference material lives in docs/", () => {
    expect(Buffer.byteLength(readme, "utf8")).toBeLessThanOrEqual(12 * 1024);
  });

  it("links every docs page", () => {
    const linked = new Set(relativeLinks(readme).map(({ target }) => target.split("#")[0]));
    for (const page of pages.filter((page) => page !== "README.md")) expect(linked, page).toContain(page);
  });
});

describe("links in README.md and docs/*.md", () => {
  it("slugs headings as GitHub does", () => {
    expect(slug("L3. The buyer's optimal price is also p*")).toBe("l3-the-buyers-optimal-price-is-also-p");
    expect(slug("L4. The trade-off threshold increases as δ decreases")).toBe("l4-the-trade-off-threshold-increases-as-δ-decreases");
    expect(slug("`merge DIR [--out DIR]`")).toBe("merge-dir---out-dir");
    expect(slug("Output: `reports/`")).toBe("output-reports");
    expect(slug("5.1 The one-buyer one-seller market")).toBe("51-the-one-buyer-one-seller-market");
  });

  it.each(pages)("every relative link of %s leads to a file that exists, and every #anchor into a .md file to a heading", (page) => {
    const broken: string[] = [];
    for (const { line, target } of relativeLinks(read(page))) {
      const hash = target.indexOf("#");
      const path = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
      const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
      const file = path === "" ? join(root, page) : resolve(root, dirname(page), path);
      const where = `${page}:${line}: ${target}`;
      if (!file.startsWith(root) || !existsSync(file)) {
        broken.push(`${where} (no file ${relative(root, file)})`);
        continue;
      }
      if (anchor !== null && file.endsWith(".md") && !anchors(readFileSync(file, "utf8")).has(anchor)) broken.push(`${where} (no heading with that anchor)`);
    }
    expect(broken).toEqual([]);
  });
});
