import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManifestEntry } from "../experiments/figure.js";

// The generated report, opened in Debian's Chromium as a reader would open it: every figure must draw,
// nothing may log an error, and nothing may be fetched from another host.
// REPORTS_DIR points it at another build of the report (e.g. a scratch one while developing).
const REPORTS = resolve(process.env.REPORTS_DIR ?? fileURLToPath(new URL("../reports/", import.meta.url)));
const INDEX = join(REPORTS, "index.html");
const MANIFEST = join(REPORTS, "figures", "manifest.json");
const CHROMIUM = "/usr/bin/chromium";
const MISSING = `${INDEX} or ${MANIFEST} is missing: run npm run figures && npm run report first`;

const manifest: ManifestEntry[] = existsSync(MANIFEST) ? JSON.parse(readFileSync(MANIFEST, "utf8")) : [];

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** Serves `root` read-only on 127.0.0.1 at a free port; anything outside `root` is a 404. */
function serve(root: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = resolve(root, `.${decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname)}`);
    if (!path.startsWith(`${root}${sep}`) || !existsSync(path) || !statSync(path).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
    createReadStream(path).pipe(response);
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done(server)));
}

describe("reports/index.html in Chromium", () => {
  let server: Server;
  let context: BrowserContext;
  let userDataDir: string;
  let origin: string;
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];
  let marks: Record<string, number> = {};
  let claimLinks: { href: string; resolves: boolean }[] = [];
  let firstSection = "";

  // A failure here is kept and rethrown by every test, so that each counts as failed (vitest would
  // count a throwing beforeAll's tests as skipped, and CI sums failed tests).
  let setupError: Error | null = null;
  const ready = (): void => {
    if (setupError !== null) throw setupError;
  };

  beforeAll(async () => {
    try {
      await openReport();
    } catch (error) {
      setupError = error as Error;
    }
  });

  async function openReport(): Promise<void> {
    if (!existsSync(INDEX) || !existsSync(MANIFEST)) throw new Error(MISSING);
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    server = await serve(REPORTS);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    userDataDir = mkdtempSync(join(tmpdir(), "fairshare-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    context.on("request", (request) => requests.push(request.url()));
    const page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${origin}/index.html`, { waitUntil: "load" });
    // vega-embed draws asynchronously: wait until every chart container holds an svg, or has said it failed.
    await page.waitForFunction(
      (ids: string[]) => ids.every((id) => document.querySelector(`.chart[data-figure-id="${id}"]`)?.querySelector("svg, .error") ?? false),
      manifest.map((entry) => entry.id),
      { timeout: 60_000 },
    );
    // The marks each chart drew: children of its `.role-mark` groups (one path, line or symbol a datum).
    marks = await page.evaluate((ids: string[]) => {
      const counts: Record<string, number> = {};
      for (const id of ids) {
        const groups = document.querySelectorAll(`.chart[data-figure-id="${id}"] svg .role-mark`);
        counts[id] = [...groups].reduce((sum, group) => sum + group.childElementCount, 0);
      }
      return counts;
    }, manifest.map((entry) => entry.id));
    // The claims section's evidence links: each must land on an element of this page.
    firstSection = await page.evaluate(() => document.querySelector("body > section")?.id ?? "");
    claimLinks = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLAnchorElement>("#claims a[href^='#']")].map((a) => ({
        href: a.getAttribute("href") ?? "",
        resolves: document.getElementById((a.getAttribute("href") ?? "").slice(1)) !== null,
      })),
    );
  }

  afterAll(async () => {
    await context?.close();
    server?.closeAllConnections();
    await new Promise((done) => (server === undefined ? done(undefined) : server.close(done)));
    if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
  });

  it("the manifest lists at least one figure", () => {
    ready();
    expect(manifest.length, MISSING).toBeGreaterThan(0);
  });

  it.each(manifest.map((entry) => [entry.id]))("figure %s is drawn in the page with at least one mark", (id) => {
    ready();
    expect(marks[id], `figure ${id}: marks drawn`).toBeGreaterThan(0);
  });

  it("the claims section comes first and every evidence link in it lands on the page", () => {
    ready();
    expect(firstSection).toBe("claims");
    expect(claimLinks.length).toBeGreaterThan(0);
    expect(claimLinks.filter((link) => !link.resolves).map((link) => link.href)).toEqual([]);
  });

  it("the page logs no console error and throws no page error", () => {
    ready();
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("every request goes to the local server (no network)", () => {
    ready();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob|about):/.test(url))).toEqual([]);
  });
});
