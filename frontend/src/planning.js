// Planning layers on the map and in charts: vector tiles of a planning layer (made by
// tile_planning in PostGIS, each feature carrying its class colour), legends from a layer's
// style, and an accessible SVG bar chart.
import MVT from 'ol/format/MVT.js';
import VectorTileLayer from 'ol/layer/VectorTile.js';
import VectorTileSource from 'ol/source/VectorTile.js';
import { Circle, Fill, Stroke, Style } from 'ol/style.js';
import { withAsOf } from './api.js';
import { config, h } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
// Layers whose features are not overlaid on parcels (landuse/services.py NO_OVERLAY_THEMES):
// they can be measured from but not filtered by class.
export const NO_OVERLAY_THEMES = new Set(['road', 'river', 'building_observed', 'sign_observed']);

function rgba(hex, alpha) {
  const n = Number.parseInt(String(hex || '#888888').slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

const styles = new Map();
function classStyle(feature) {
  const fill = feature.get('fill') || '#888888';
  // A hatched plan zone (ก.2: white with a green frame and hatching) is outlined in its hatch colour.
  const line = feature.get('hatch') || fill;
  const key = `${fill}|${line}`;
  if (!styles.has(key)) {
    styles.set(key, new Style({
      fill: new Fill({ color: rgba(fill, 0.45) }),
      stroke: new Stroke({ color: rgba(line, 1), width: feature.get('hatch') ? 2.5 : 1.5 }),
      image: new Circle({ radius: 4, fill: new Fill({ color: rgba(fill, 0.9) }), stroke: new Stroke({ color: '#333', width: 1 }) }),
    }));
  }
  return styles.get(key);
}

/**
 * A map layer of one planning layer's vector tiles (a TileJSON `planning` entry): the layer
 * dated on or before `asOf` (null: the newest). TaxMap.setAsOf moves it with the date slider.
 */
export function planningTileLayer(entry, asOf) {
  return new VectorTileLayer({
    source: new VectorTileSource({ format: new MVT(), url: withAsOf(entry.tiles[0], asOf), maxZoom: entry.maxzoom }),
    minZoom: entry.minzoom - 0.01, // a layer's minZoom is exclusive
    style: classStyle,
    opacity: 0.85,
    properties: { name: `planning:${entry.code}`, template: entry.tiles[0] },
  });
}

/** The label of a class of a layer's style in the page's language. */
export const classLabel = (c) => `${c.code} ${config.lang === 'en' ? c.label_en : c.label_th}`;

/** A legend: one swatch and label per class of a layer's style. */
export function legend(style) {
  return h('ul', { class: 'legend', 'data-layer': style.layer, style: 'list-style: none; padding-left: 0.5rem; margin: 0.2rem 0;' },
    [...style.classes].sort((a, b) => a.code.localeCompare(b.code, 'th')).map((c) => h('li', { 'data-class': c.code },
      h('span', { 'aria-hidden': 'true', style: `display: inline-block; width: 1.4em; height: 0.9em; margin-right: 0.4em; vertical-align: middle; background: ${c.fill}; border: ${c.hatch ? 2 : 1}px solid ${c.hatch || c.stroke};` }),
      classLabel(c))));
}

function svgEl(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A horizontal bar chart of [label, value, colour, valueText] rows, read aloud as its table. */
export function barChart(title, bars) {
  const rowHeight = 22;
  const labelWidth = 170;
  const width = 380;
  const most = Math.max(1e-9, ...bars.map((b) => b[1]));
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${bars.length * rowHeight + 28}`, role: 'img', class: 'chart' });
  svg.setAttribute('aria-label', `${title}: ${bars.map((b) => `${b[0]} ${b[3]}`).join('; ')}`);
  svg.append(svgEl('title', {}, title), svgEl('text', { x: 0, y: 14, 'font-size': 12, 'font-weight': 'bold' }, title));
  bars.forEach(([label, value, colour, valueText], i) => {
    const y = 24 + i * rowHeight;
    const length = Math.max(1, (value / most) * (width - labelWidth - 70));
    const bar = svgEl('rect', { x: labelWidth, y, width: length, height: rowHeight - 6, fill: colour, stroke: '#555', 'stroke-width': 0.5, 'data-value': value });
    svg.append(
      svgEl('text', { x: labelWidth - 4, y: y + 12, 'text-anchor': 'end', 'font-size': 10 }, label.length > 34 ? `${label.slice(0, 33)}…` : label),
      bar,
      svgEl('text', { x: labelWidth + length + 4, y: y + 12, 'font-size': 10 }, valueText));
  });
  return svg;
}
