import { execFile } from "node:child_process";
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManifestEntry } from "../experiments/figure.js";
import { EXPLORER_MARKS, EXPLORER_PARAMS } from "../experiments/figures/explorer.js";

// The generated report, opened in Debian's Chromium as a reader would open it: every figure must draw,
// nothing may log an error, and nothing may be fetched from another host; the explorer must react to its
// sliders and show the T̂ that `fairshare horizon` prints.
// REPORTS_DIR points it at another build of the report (e.g. a scratch one while developing).
const REPORTS = resolve(process.env.REPORTS_DIR ?? fileURLToPath(new URL("../reports/", import.meta.url)));
const INDEX = join(REPORTS, "index.html");
const MANIFEST = join(REPORTS, "figures", "manifest.json");
const CHROMIUM = "/usr/bin/chromium";
const MISSING = `${INDEX} or ${MANIFEST} is missing: run npm run figures && npm run report first`;

const manifest: ManifestEntry[] = existsSync(MANIFEST) ? JSON.parse(readFileSync(MANIFEST, "utf8")) : [];

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

/** `That` as `fairshare horizon` prints it for the market at the most exploitative price, p = c. */
async function horizonThat(market: { V: number; pstar: number; c: number; delta: number; rho: string }): Promise<number | null> {
  const args = ["cli/fairshare.ts", "horizon", "--V", String(market.V), "--pstar", String(market.pstar), "--c", String(market.c), "--p", String(market.c), "--delta", String(market.delta), "--rho", market.rho];
  const { stdout } = await promisify(execFile)(TSX, args, { cwd: ROOT });
  return (JSON.parse(stdout) as { That: number | null }).That;
}

/** The explorer's slider (or select) values, and what it draws: each curve's path and the T̂ line of its text. */
interface ExplorerState {
  signals: Record<string, number | string>;
  paths: string[];
  text: string;
}

async function explorerState(page: Page): Promise<ExplorerState> {
  return page.evaluate(({ marks, names }: { marks: { curves: string; horizon: string }; names: string[] }) => {
    const view = (window as unknown as { __explorerView: { signal(name: string): number | string } }).__explorerView;
    const chart = document.getElementById("explorer-chart")!;
    return {
      signals: Object.fromEntries(names.map((name) => [name, view.signal(name)])),
      paths: [...chart.querySelectorAll(`svg .${marks.curves} path`)].map((path) => path.getAttribute("d") ?? ""),
      text: chart.querySelector(`svg .${marks.horizon} text`)?.textContent ?? "",
    };
  }, { marks: EXPLORER_MARKS, names: Object.values(EXPLORER_PARAMS) });
}

/** Moves the explorer's control `name` to `value` as a reader would (input and change events), and waits until the view has run. */
async function setControl(page: Page, name: string, value: string): Promise<void> {
  await page.evaluate(
    async ([name, value]) => {
      const control = document.querySelector<HTMLInputElement | HTMLSelectElement>(`#explorer-chart [name="${name}"]`);
      if (control === null) throw new Error(`no control named ${name} in the explorer`);
      control.value = value;
      control.dispatchEvent(new Event("input", { bubbles: true }));
      control.dispatchEvent(new Event("change", { bubbles: true }));
      await (window as unknown as { __explorerView: { runAsync(): Promise<unknown> } }).__explorerView.runAsync();
    },
    [name, value] as const,
  );
}

/** The T̂ the explorer shows: the integer of its text, or null for "never". */
function shownHorizon(text: string): number | null {
  const match = /T̂\(c, δ\) = (\d+|never)/.exec(text);
  if (match === null) throw new Error(`no T̂ in the explorer's text ${JSON.stringify(text)}`);
  return match[1] === "never" ? null : Number(match[1]);
}

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
  let page: Page;

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
    page = await context.newPage();
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
    await page.waitForFunction(() => document.getElementById("explorer-chart")?.querySelector(".error") ?? document.getElementById("explorer-chart")?.dataset.ready === "true", undefined, { timeout: 60_000 });
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

  it("the explorer comes right after the claims, with a slider per parameter, a select of the family, its curves and T̂", async () => {
    ready();
    const sections = await page.evaluate(() => [...document.querySelectorAll("body > section")].map((section) => section.id));
    expect(sections.slice(0, 2)).toEqual(["claims", "explorer"]);
    const controls = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement>("#explorer-chart input, #explorer-chart select")].map((control) => `${control.name}:${control.type}`),
    );
    expect(controls).toEqual(["V:range", "pstar:range", "c:range", "delta:range", "family:select-one", "eta:range", "gamma:range"]);
    const state = await explorerState(page);
    expect(state.paths).toHaveLength(5);
    expect(state.paths.every((d) => d.length > 100)).toBe(true);
    expect(state.signals).toMatchObject({ V: 10, pstar: 6, c: 1, delta: 0.9, family: "power", gamma: 0.5 });
    expect(shownHorizon(state.text)).toBe(await horizonThat({ V: 10, pstar: 6, c: 1, delta: 0.9, rho: "power:0.5" }));
  });

  it("moving a slider redraws the explorer's curves and its T̂", async () => {
    ready();
    const before = await explorerState(page);
    await setControl(page, "delta", "0.5");
    const after = await explorerState(page);
    expect(after.signals.delta).toBe(0.5);
    expect(after.paths).toHaveLength(5);
    // Every curve but U_1 = V − p depends on δ, and U_1 moves with the y scale when the others do.
    expect(after.paths.filter((d, k) => d !== before.paths[k]).length).toBeGreaterThanOrEqual(4);
    expect(shownHorizon(before.text)).not.toBeNull();
    expect(shownHorizon(after.text)).toBeNull();
    await setControl(page, "V", "12");
    expect((await explorerState(page)).paths[0]).not.toBe(after.paths[0]);
  });

  // A linear market with a finite T̂ (7), the same with δ ≤ δ₀ (never), and a power market with a finite T̂ (14).
  const settings: Array<{ controls: Record<string, string>; never: boolean }> = [
    { controls: { family: "linear", V: "10", pstar: "6", c: "2", delta: "0.9", eta: "0.5" }, never: false },
    { controls: { family: "linear", V: "10", pstar: "6", c: "2", delta: "0.7", eta: "0.5" }, never: true },
    { controls: { family: "power", V: "15", pstar: "7.5", c: "3", delta: "0.8", gamma: "0.2" }, never: false },
  ];
  it.each(settings.map((s): [string, (typeof settings)[number]] => [JSON.stringify(s.controls), s]))("the explorer's T̂ is `horizon --p c`'s That at %s", async (_, { controls, never }) => {
    ready();
    for (const [name, value] of Object.entries(controls)) await setControl(page, name, value);
    const { signals, text } = await explorerState(page);
    for (const [name, value] of Object.entries(controls)) expect(String(signals[name]), name).toBe(value);
    const parameter = signals.family === "linear" ? signals.eta : signals.gamma;
    const That = await horizonThat({ V: Number(signals.V), pstar: Number(signals.pstar), c: Number(signals.c), delta: Number(signals.delta), rho: `${signals.family}:${parameter}` });
    expect(That === null).toBe(never);
    expect(shownHorizon(text)).toBe(That);
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
