import { describe, expect, it } from "vitest";
import { FONT, type TopLevelSpec } from "../experiments/figure.js";
import { PLOT_HEIGHT, PLOT_WIDTH } from "../experiments/figure.js";
import { houseStyle, PNG_ZOOM, renderPng, renderSvg } from "../experiments/render.js";

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const revenues = [
  { seller: "S1", revenue: 4 },
  { seller: "S2", revenue: 3 },
  { seller: "S3", revenue: 0.5 },
  { seller: "S4", revenue: 2 },
];

const barChart = (): TopLevelSpec => ({
  data: { values: revenues.map((row) => ({ ...row })) },
  mark: "bar",
  encoding: {
    x: { field: "seller", type: "nominal", title: "Seller" },
    y: { field: "revenue", type: "quantitative", title: "Revenue at the fair price" },
  },
});

/** The children of the `<g class="mark-<type> role-mark …">` group: one per datum the mark drew. */
function markPaths(svg: string, type: string): string[] {
  const group = new RegExp(`<g class="mark-${type} role-mark[^"]*"[^>]*>(.*?)</g>`).exec(svg);
  if (group === null) throw new Error(`no mark-${type} role-mark group in the SVG`);
  return group[1].match(/<path\b[^>]*>/g) ?? [];
}

/** A spec's top-level entries, whichever kind of spec it is. */
const fields = (spec: TopLevelSpec): Record<string, unknown> => spec as unknown as Record<string, unknown>;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe("houseStyle", () => {
  it("houseStyle(spec) sets the house font and a white background, and defaults the size of a single view", () => {
    const styled = fields(houseStyle(barChart()));
    expect(styled.config).toEqual({ font: FONT });
    expect(styled.background).toBe("white");
    expect([styled.width, styled.height]).toEqual([PLOT_WIDTH, PLOT_HEIGHT]);
  });

  it("houseStyle(spec) keeps a size and config entries the spec gives, and never changes its input", () => {
    const spec = deepFreeze({ ...barChart(), width: 200, config: { axis: { grid: false } } } as TopLevelSpec);
    const styled = fields(houseStyle(spec));
    expect(styled.width).toBe(200);
    expect(styled.height).toBe(PLOT_HEIGHT);
    expect(styled.config).toEqual({ axis: { grid: false }, font: FONT });
  });

  it("houseStyle(spec) leaves the size of a composite (concat) spec to its parts", () => {
    const styled = fields(houseStyle({ hconcat: [barChart() as never, barChart() as never] }));
    expect("width" in styled || "height" in styled).toBe(false);
  });
});

describe("renderSvg", () => {
  it("renderSvg(spec) draws one bar per datum and the axis titles", async () => {
    const svg = await renderSvg(houseStyle(barChart()));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(markPaths(svg, "rect")).toHaveLength(revenues.length);
    expect(svg).toContain(">Seller</text>");
    expect(svg).toContain(">Revenue at the fair price</text>");
    expect(svg).toContain(`font-family="${FONT}"`);
  });

  it("renderSvg(spec) is deterministic: the same spec twice gives the same bytes", async () => {
    const spec = houseStyle(barChart());
    expect(await renderSvg(spec)).toBe(await renderSvg(spec));
  });

  it("renderSvg(spec) renders a frozen spec and leaves it unchanged (Vega tags the rows of a copy)", async () => {
    const spec = deepFreeze(houseStyle(barChart()));
    const before = JSON.stringify(spec);
    await expect(renderSvg(spec)).resolves.toContain("<svg");
    expect(JSON.stringify(spec)).toBe(before);
  });

  it("renderSvg(spec) rejects a spec with an unknown mark type, saying vega-lite could not compile it", async () => {
    const spec = { ...barChart(), mark: "banana" } as unknown as TopLevelSpec;
    await expect(renderSvg(spec)).rejects.toThrow(/vega-lite could not compile the spec/);
  });
});

describe("renderPng", () => {
  it("renderPng(svg) is a PNG twice the SVG's width and height", async () => {
    const svg = await renderSvg(houseStyle(barChart()));
    const png = renderPng(svg);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    // IHDR is the first chunk: 8-byte signature, 4-byte length, "IHDR", then width and height (big-endian).
    const ihdr = new DataView(png.buffer, png.byteOffset + 16, 8);
    const svgWidth = Number(/^<svg[^>]* width="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    const svgHeight = Number(/^<svg[^>]* height="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    expect(svgWidth).toBeGreaterThan(PLOT_WIDTH);
    expect(ihdr.getUint32(0)).toBe(PNG_ZOOM * svgWidth);
    expect(ihdr.getUint32(4)).toBe(PNG_ZOOM * svgHeight);
  });

  it("renderPng(svg) refuses text that is not SVG", () => {
    expect(() => renderPng("not an svg")).toThrow();
  });
});
