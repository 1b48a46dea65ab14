// Planners: base-map toggles; planning layers from GET /layers drawn from their vector tiles
// with legends; a parcel query through GET /planning/parcels (layer class and share, tax
// category, zone, block, distance to a layer) with results, a click zooming to each parcel and
// exports; the area of each class through GET /planning/summary as a bar chart, with exports.
import { api, laoPath } from '../api.js';
import { geojson } from '../map.js';
import { NO_OVERLAY_THEMES, barChart, classLabel, legend, planningTileLayer } from '../planning.js';
import { categoryName } from '../search.js';
import { config, errorText, formatArea, formatDate, formatSqm, h, status, t, table } from '../i18n.js';

const SHOWN = 200; // rows listed on screen; exports carry every row
const LIMIT = 5000; // parcels a query returns to the screen
const styleCache = new Map();
const INLINE = 'display: inline; margin: 0; font-weight: normal;';
const nowrap = (text) => h('span', { style: 'white-space: nowrap;' }, text);

const layerName = (l) => (config.lang === 'en' ? l.name_en : l.name_th);

function styleOf(code) {
  if (!styleCache.has(code)) styleCache.set(code, api(laoPath(`/layers/${encodeURIComponent(code)}/style`)));
  return styleCache.get(code);
}

function baseToggles(taxmap) {
  const box = document.getElementById('layers');
  const names = ['parcels', ...Object.keys(taxmap.tileLayers).filter((n) => n !== 'parcels')];
  for (const name of names) {
    const id = `layer-${name}`;
    const input = h('input', { type: 'checkbox', id, checked: true, onchange: (ev) => taxmap.setLayerVisible(name, ev.target.checked) });
    box.append(h('div', {}, input, h('label', { for: id }, ` ${t(`layer_${name}`)}`)));
  }
}

/** The newest date of each layer code, in the order GET /layers gives (code, then date). */
function newestByCode(rows) {
  const out = new Map();
  for (const row of rows) out.set(row.code, row);
  return [...out.values()];
}

function planningToggle(taxmap, layer, entry) {
  const id = `planning-${layer.code}`;
  const legendBox = h('div', { id: `legend-${layer.code}`, hidden: true });
  let mapLayer = null;
  const input = h('input', {
    type: 'checkbox',
    id,
    'data-code': layer.code,
    onchange: async (ev) => {
      const on = ev.target.checked;
      if (on && !mapLayer) {
        mapLayer = planningTileLayer(entry, taxmap.asOf);
        // Above the base map and the parcels, under the highlight.
        taxmap.map.getLayers().insertAt(taxmap.map.getLayers().getLength() - 1, mapLayer);
      }
      mapLayer?.setVisible(on);
      legendBox.hidden = !on;
      if (on && !legendBox.childElementCount) {
        try {
          legendBox.append(legend(await styleOf(layer.code)));
        } catch (err) {
          status(errorText(err.body), 'error');
        }
      }
    },
  });
  const when = h('span', { class: 'hint' }, ` (${formatDate(layer.as_of)})`);
  return h('div', { class: 'planning-layer' },
    h('div', {}, input, h('label', { for: id, style: INLINE }, ` ${layerName(layer)}`), when),
    legendBox);
}

function fillSelect(select, options, empty) {
  select.replaceChildren(
    ...(empty ? [h('option', { value: '' }, empty)] : []),
    ...options.map(([value, label]) => h('option', { value }, label)));
}

async function loadPlanningLayers(taxmap) {
  const box = document.getElementById('planning-layer-list');
  const rows = newestByCode(await api(laoPath('/layers')));
  const entries = Object.fromEntries((taxmap.tilejson?.planning || []).map((e) => [e.code, e]));
  box.replaceChildren(...rows.map((layer) => (layer.kind === 'vector' && entries[layer.code]
    ? planningToggle(taxmap, layer, entries[layer.code])
    : h('div', { class: 'planning-layer raster', 'data-code': layer.code },
      h('span', {}, layerName(layer)), h('span', { class: 'hint' }, ` (${formatDate(layer.as_of)}) — ${t('raster_not_drawn')}`)))));
  const classed = rows.filter((l) => !l.unit && !NO_OVERLAY_THEMES.has(l.theme)).map((l) => [l.code, layerName(l)]);
  fillSelect(document.getElementById('q-layer'), classed, t('no_filter'));
  fillSelect(document.getElementById('s-layer'), classed);
  fillSelect(document.getElementById('q-near'), rows.filter((l) => l.kind === 'vector').map((l) => [l.code, layerName(l)]), t('no_filter'));
}

async function showClasses(code) {
  const select = document.getElementById('q-class');
  select.disabled = !code;
  if (!code) {
    select.replaceChildren();
    return;
  }
  const style = await styleOf(code);
  fillSelect(select, style.classes.map((c) => [c.code, classLabel(c)]));
}

/** The query string of the form, as GET /planning/parcels reads it. */
function queryParams(form) {
  const data = new FormData(form);
  const params = new URLSearchParams();
  const layer = data.get('layer');
  if (layer) {
    const share = Number(data.get('share') || 0) / 100;
    params.append('layer', `${layer}:${data.get('class')}${share ? `:${share}` : ''}`);
  }
  if (data.get('category')) params.append('category', data.get('category'));
  for (const key of ['zone', 'block']) {
    const value = String(data.get(key) || '').trim();
    if (value) params.append(key, value);
  }
  if (data.get('near')) {
    params.append('near', data.get('near'));
    params.append('within_m', String(data.get('within_m') || ''));
  }
  return params;
}

function exportLinks(path, params, formats) {
  return h('p', { class: 'exports' }, `${t('export')}: `, formats.map((fmt, i) => {
    const query = new URLSearchParams(params);
    query.set('format', fmt);
    return [i ? ' · ' : '', h('a', { href: laoPath(`${path}?${query}`), download: '', 'data-format': fmt }, t(`format_${fmt}`))];
  }));
}

function showResults(taxmap, rows, params) {
  const results = document.getElementById('query-results');
  const total = rows.reduce((s, r) => s + r.area_m2, 0);
  const zoomTo = (r) => h('button', {
    type: 'button', class: 'zoom-to', 'data-code': r.code, 'aria-label': `${t('zoom_to')} ${r.code}`,
    style: 'margin: 0; padding: 0; border: 0; background: none; color: #1f4e8c; text-decoration: underline; white-space: nowrap;',
    onclick: () => taxmap.show(JSON.parse(r.geojson)),
  }, r.code);
  const withDistance = rows.some((r) => r.distance_m !== null);
  const headers = [t('parcel_code'), t('col_area_m2'), t('col_area_rnw'), t('land_use'), ...(withDistance ? [t('col_distance')] : [])];
  const lines = rows.slice(0, SHOWN).map((r) => [
    zoomTo(r), nowrap(formatSqm(r.area_m2)), nowrap(r.area_rai.split(' ')[0]),
    (r.categories || '').split(',').filter(Boolean).map((c) => categoryName(c, config.lang)).join(', ') || '—',
    ...(withDistance ? [r.distance_m === null ? '—' : nowrap(formatSqm(r.distance_m))] : [])]);
  const exportParams = new URLSearchParams(params);
  exportParams.set('limit', '100000');
  results.replaceChildren(...[
    h('h2', {}, t('results')),
    h('dl', {},
      h('dt', {}, t('count')), h('dd', { id: 'query-count' }, rows.length.toLocaleString('en-US')),
      h('dt', {}, t('sum_area')), h('dd', { id: 'query-area' }, formatArea(total))),
    rows.length >= LIMIT ? h('p', { class: 'hint' }, t('results_limited')) : null,
    exportLinks('/planning/parcels', exportParams, ['csv', 'xlsx', 'gpkg', 'map']),
    rows.length ? table(headers, lines) : h('p', { id: 'query-none' }, t('no_results')),
    rows.length > SHOWN ? h('p', { class: 'hint' }, `${t('rows_shown')} ${SHOWN.toLocaleString('en-US')}`) : null,
  ].filter(Boolean));
  const source = taxmap.highlight.getSource();
  source.clear();
  source.addFeatures(rows.map((r) => geojson.readFeature({ type: 'Feature', geometry: JSON.parse(r.geojson), properties: { code: r.code } })));
  if (rows.length) taxmap.map.getView().fit(source.getExtent(), { padding: [40, 40, 40, 40], maxZoom: 18 });
}

async function runQuery(taxmap, form) {
  const data = new FormData(form);
  if (data.get('near') && !String(data.get('within_m') || '').trim()) {
    status(t('within_needed'), 'error');
    document.getElementById('q-within').focus();
    return;
  }
  const params = queryParams(form);
  const query = new URLSearchParams(params);
  query.set('limit', String(LIMIT));
  status(t('loading'));
  try {
    const rows = await api(laoPath(`/planning/parcels?${query}`));
    showResults(taxmap, rows, params);
    status('');
  } catch (err) {
    status(errorText(err.body), 'error');
  }
}

async function runSummary(form) {
  const data = new FormData(form);
  const params = new URLSearchParams({ layer: data.get('layer'), by: data.get('by') });
  const box = document.getElementById('summary-results');
  try {
    const [rows, style] = await Promise.all([api(laoPath(`/planning/summary?${params}`)), styleOf(data.get('layer'))]);
    const classes = new Map(style.classes.map((c) => [c.code, c]));
    const totals = new Map();
    for (const r of rows) {
      const entry = totals.get(r.class_code) || { area: 0, parcels: 0, fill: r.fill };
      entry.area += r.area_m2;
      entry.parcels += r.parcels;
      totals.set(r.class_code, entry);
    }
    const label = (code) => (classes.has(code) ? classLabel(classes.get(code)) : code);
    const bars = [...totals].map(([code, e]) => [label(code), e.area / 1600, e.fill,
      `${(e.area / 1600).toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 })} ${t('rai')}`]);
    const layerLabel = form.querySelector('#s-layer').selectedOptions[0]?.textContent || data.get('layer');
    box.replaceChildren(
      barChart(`${t('chart_title')} — ${layerLabel}`, bars),
      table([t('class_name'), t('area'), t('count')],
        [...totals].map(([code, e]) => [label(code), formatArea(e.area), nowrap(e.parcels.toLocaleString('en-US'))])),
      exportLinks('/planning/summary', params, ['csv', 'xlsx', 'svg', 'png']));
  } catch (err) {
    status(errorText(err.body), 'error');
  }
}

export function setupPlanner(taxmap) {
  const categories = document.getElementById('q-category');
  fillSelect(categories, Object.keys(config.categories || {}).map((c) => [c, categoryName(c, config.lang)]), t('no_filter'));
  taxmap.ready.then(async () => {
    baseToggles(taxmap);
    try {
      await loadPlanningLayers(taxmap);
    } catch (err) {
      status(errorText(err.body), 'error');
    }
  });
  document.getElementById('q-layer').addEventListener('change', (ev) => showClasses(ev.target.value).catch((err) => status(errorText(err.body), 'error')));
  document.getElementById('query-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    runQuery(taxmap, ev.target);
  });
  document.getElementById('summary-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    runSummary(ev.target);
  });
}
