/**
 * Exporting a chart figure as a file: SVG by serialising the chart's surface (vector, editable), PNG by
 * rasterising the whole figure with html-to-image.
 */

/** The drawing surface of a chart: recharts' or that of the plain-SVG charts and heatmaps. */
const SURFACE = '.recharts-wrapper > svg.recharts-surface, .chart-plot > svg.chart-surface';
const LEGEND_ITEM = '.recharts-legend-item, .chart-legend-item';
const LEGEND_TEXT = '.recharts-legend-item-text, .chart-legend-text';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** Elements carrying this attribute (the figure's buttons) are left out of exported images. */
export const EXPORT_IGNORE = 'data-export-ignore';

// SVG paint and text properties that CSS may set; all of them inherit, so each is written only where it
// differs from the parent's, which keeps a 400-point scatter small.
const INHERITED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'visibility',
] as const;

const TITLE_HEIGHT = 28;
const LEGEND_ROW = 20;
const LEGEND_FONT_SIZE = 12;
const ICON_SIZE = 14;
// Without layout (tests, detached nodes) legend widths are estimated from an average glyph width of
// 0.6 em, close for sans-serif UI fonts.
const GLYPH_WIDTH = 0.6 * LEGEND_FONT_SIZE;
const FALLBACK_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Copies the computed paint and text styles of `src` and its descendants onto the clone `dst`. */
function inlineStyles(src: Element, dst: Element, parent: CSSStyleDeclaration | null): void {
  const style = getComputedStyle(src);
  for (const prop of INHERITED) {
    const value = style.getPropertyValue(prop);
    if (value && value !== parent?.getPropertyValue(prop)) dst.setAttribute(prop, value);
  }
  const opacity = style.getPropertyValue('opacity');
  if (opacity && opacity !== '1') dst.setAttribute('opacity', opacity);
  const from = src.children;
  const to = dst.children;
  for (let i = 0; i < from.length && i < to.length; i++) {
    inlineStyles(from[i] as Element, to[i] as Element, style);
  }
}

function svgElement<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, String(v));
  return el;
}

/** A clone of `svg` with its styles inlined and interactive attributes removed. */
function standaloneClone(svg: SVGSVGElement): SVGSVGElement {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone, null);
  for (const attr of ['style', 'role', 'tabindex', 'class']) clone.removeAttribute(attr);
  for (const el of clone.querySelectorAll('[tabindex]')) el.removeAttribute('tabindex');
  return clone;
}

interface LegendItem {
  readonly icon: SVGSVGElement | null;
  readonly label: Element | null;
  readonly text: string;
}

function legendItems(figure: Element): LegendItem[] {
  return [...figure.querySelectorAll(LEGEND_ITEM)].map((item) => {
    const label = item.querySelector(LEGEND_TEXT);
    return { icon: item.querySelector('svg'), label, text: label?.textContent ?? '' };
  });
}

function placeIcon(icon: SVGSVGElement, x: number, y: number, size: number): SVGSVGElement {
  const clone = standaloneClone(icon);
  clone.setAttribute('x', String(x));
  clone.setAttribute('y', String(y));
  clone.setAttribute('width', String(size));
  clone.setAttribute('height', String(size));
  return clone;
}

/**
 * Legends are HTML (recharts' over space it leaves at the foot of the surface, ours below it). With
 * layout (a browser), each entry is redrawn where it is on screen, relative to the surface; null without
 * layout.
 */
function measuredLegend(
  items: readonly LegendItem[],
  surface: SVGSVGElement,
  top: number,
): { group: SVGGElement; bottom: number } | null {
  const box = surface.getBoundingClientRect();
  const width = Number(surface.getAttribute('width'));
  if (!(box.width > 0) || items.length === 0) return null;
  const scale = width / box.width;
  const group = svgElement('g', { class: 'legend' });
  // How far below the surface's top the legend reaches: a legend drawn below the surface needs room.
  let bottom = 0;
  for (const item of items) {
    for (const el of [item.icon, item.label])
      if (el) bottom = Math.max(bottom, (el.getBoundingClientRect().bottom - box.top) * scale);
    if (item.icon) {
      const r = item.icon.getBoundingClientRect();
      const size = r.width * scale;
      group.append(placeIcon(item.icon, (r.left - box.left) * scale, top + (r.top - box.top) * scale, size));
    }
    if (item.label) {
      const r = item.label.getBoundingClientRect();
      const style = getComputedStyle(item.label.firstElementChild ?? item.label);
      const text = svgElement('text', {
        x: (r.left - box.left) * scale,
        y: top + (r.top - box.top + r.height / 2) * scale,
        'dominant-baseline': 'central',
        'font-size': style.getPropertyValue('font-size') || LEGEND_FONT_SIZE,
        fill: style.getPropertyValue('color') || '#333333',
      });
      text.textContent = item.text;
      group.append(text);
    }
  }
  return { group, bottom };
}

/** Without layout (tests, detached nodes): entries in centred rows below the chart, widths estimated. */
function estimatedLegend(items: readonly LegendItem[], width: number, top: number) {
  const group = svgElement('g', { class: 'legend', 'font-size': LEGEND_FONT_SIZE, fill: '#333333' });
  const rows: { item: LegendItem; width: number }[][] = [];
  let row: (typeof rows)[number] = [];
  let used = 0;
  for (const item of items) {
    const w = ICON_SIZE + 4 + item.text.length * GLYPH_WIDTH + 16;
    if (row.length > 0 && used + w > width) {
      rows.push(row);
      row = [];
      used = 0;
    }
    row.push({ item, width: w });
    used += w;
  }
  if (row.length > 0) rows.push(row);
  rows.forEach((r, i) => {
    let x = Math.max(0, (width - r.reduce((sum, e) => sum + e.width, 0)) / 2);
    const y = top + i * LEGEND_ROW;
    for (const { item, width: w } of r) {
      if (item.icon) group.append(placeIcon(item.icon, x, y + (LEGEND_ROW - ICON_SIZE) / 2, ICON_SIZE));
      const text = svgElement('text', {
        x: x + ICON_SIZE + 4,
        y: y + LEGEND_ROW / 2,
        'dominant-baseline': 'central',
      });
      text.textContent = item.text;
      group.append(text);
      x += w;
    }
  });
  return { group, height: rows.length > 0 ? rows.length * LEGEND_ROW + 8 : 0 };
}

/**
 * The chart in `figure` as a standalone SVG document, or null when the figure shows no chart: the title
 * above, the surface with its styles inlined, the legend where the page shows it (below the chart when
 * there is no layout to measure), on white.
 */
export function chartSvg(figure: Element, title: string): string | null {
  const surface = figure.querySelector<SVGSVGElement>(SURFACE);
  if (!surface) return null;
  const width = Number(surface.getAttribute('width')) || surface.clientWidth;
  const height = Number(surface.getAttribute('height')) || surface.clientHeight;
  if (!(width > 0 && height > 0)) return null;

  const chart = standaloneClone(surface);
  chart.setAttribute('x', '0');
  chart.setAttribute('y', String(TITLE_HEIGHT));
  chart.setAttribute('width', String(width));
  chart.setAttribute('height', String(height));
  for (const el of [...chart.children]) {
    if ((el.localName === 'title' || el.localName === 'desc') && !el.textContent) el.remove();
  }

  const items = legendItems(figure);
  const measured = measuredLegend(items, surface, TITLE_HEIGHT);
  const { group, height: legendHeight } = measured
    ? { group: measured.group, height: measured.bottom > height ? measured.bottom - height + 6 : 0 }
    : estimatedLegend(items, width, TITLE_HEIGHT + height);
  const total = TITLE_HEIGHT + height + legendHeight;
  const font = getComputedStyle(figure).getPropertyValue('font-family') || FALLBACK_FONT;
  const root = svgElement('svg', {
    width,
    height: total,
    viewBox: `0 0 ${width} ${total}`,
    'font-family': font,
  });
  root.setAttributeNS(XMLNS_NS, 'xmlns', SVG_NS);
  const name = svgElement('title', {});
  name.textContent = title;
  const heading = svgElement('text', { x: 8, y: 19, 'font-size': 15, 'font-weight': 600, fill: '#222222' });
  heading.textContent = title;
  root.append(
    name,
    svgElement('rect', { width: '100%', height: '100%', fill: '#ffffff' }),
    heading,
    chart,
    group,
  );

  const text = new XMLSerializer().serializeToString(root);
  // Serialisers differ on whether they write the namespace of a root created with createElementNS.
  return /^<svg[^>]*\sxmlns=/.test(text) ? text : text.replace('<svg', `<svg xmlns="${SVG_NS}"`);
}

/** The whole figure (title, chart, legend, caption; not its buttons) as a PNG data URL at 2x. */
export async function chartPng(figure: HTMLElement): Promise<string> {
  const { toPng } = await import('html-to-image');
  return toPng(figure, {
    pixelRatio: 2,
    backgroundColor: '#ffffff',
    // html-to-image passes text nodes too, despite its HTMLElement signature.
    filter: (node: Node) => !(node instanceof Element && node.hasAttribute(EXPORT_IGNORE)),
  });
}

/** Saves `href` (an object or data URL) as `filename` through a temporary link. */
export function downloadHref(href: string, filename: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  downloadHref(url, filename);
  // Revoking at once can cancel the download in some browsers; a second is plenty for it to start.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
