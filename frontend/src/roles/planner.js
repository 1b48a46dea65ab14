// Planners: layer toggles from the server's tilejson, and a parcel query over the map view
// (area range and code prefix) with totals, a size chart and CSV/GeoJSON exports.
import { transformExtent } from 'ol/proj.js';
import { api, laoPath } from '../api.js';
import { geojson } from '../map.js';
import { errorText, formatArea, h, status, t, table } from '../i18n.js';

const BINS = [0, 400, 1600, 6400, 16000, Infinity]; // m²: 1 ngan, 1 rai, 4 rai, 10 rai

function layerToggles(taxmap) {
  const box = document.getElementById('layers');
  const names = ['parcels', ...Object.keys(taxmap.tileLayers).filter((n) => n !== 'parcels')];
  for (const name of names) {
    const id = `layer-${name}`;
    const input = h('input', { type: 'checkbox', id, checked: true, onchange: (ev) => taxmap.setLayerVisible(name, ev.target.checked) });
    box.append(h('div', {}, input, h('label', { for: id }, ` ${t(`layer_${name}`)}`)));
  }
}

function chart(features) {
  const counts = BINS.slice(0, -1).map((lo, i) => features.filter((f) => f.properties.area_m2 >= lo && f.properties.area_m2 < BINS[i + 1]).length);
  const most = Math.max(1, ...counts);
  const labels = ['< 1 งาน', '1 งาน–1 ไร่', '1–4 ไร่', '4–10 ไร่', '> 10 ไร่'];
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 300 140');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('chart'));
  counts.forEach((c, i) => {
    const height = (c / most) * 100;
    const bar = document.createElementNS(ns, 'rect');
    Object.entries({ x: 10 + i * 58, y: 110 - height, width: 44, height, fill: '#3d7a3d' }).forEach(([k, v]) => bar.setAttribute(k, v));
    const label = document.createElementNS(ns, 'text');
    Object.entries({ x: 32 + i * 58, y: 125, 'text-anchor': 'middle', 'font-size': 9 }).forEach(([k, v]) => label.setAttribute(k, v));
    label.textContent = labels[i];
    const value = document.createElementNS(ns, 'text');
    Object.entries({ x: 32 + i * 58, y: 105 - height, 'text-anchor': 'middle', 'font-size': 10 }).forEach(([k, v]) => value.setAttribute(k, v));
    value.textContent = String(c);
    svg.append(bar, label, value);
  });
  return svg;
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  return h('a', { href: url, download: name }, name);
}

export function setupPlanner(taxmap) {
  taxmap.ready.then(() => layerToggles(taxmap));
  document.getElementById('query-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = new FormData(ev.target);
    const min = Number(form.get('min') || 0);
    const max = form.get('max') ? Number(form.get('max')) : Infinity;
    const prefix = String(form.get('prefix') || '').trim().toUpperCase();
    const view = taxmap.map.getView().calculateExtent(taxmap.map.getSize());
    const box = transformExtent(view, 'EPSG:3857', 'EPSG:4326').join(',');
    const when = taxmap.asOf ? `&as_of=${taxmap.asOf}` : '';
    try {
      const data = await api(laoPath(`/parcels?bbox=${box}${when}`));
      const found = data.features.filter((f) => f.properties.area_m2 >= min && f.properties.area_m2 <= max && f.properties.code.startsWith(prefix));
      const total = found.reduce((s, f) => s + f.properties.area_m2, 0);
      const csv = ['code,version,area_m2', ...found.map((f) => `${f.properties.code},${f.properties.version},${f.properties.area_m2}`)].join('\n');
      const collection = JSON.stringify({ type: 'FeatureCollection', features: found });
      const results = document.getElementById('query-results');
      results.replaceChildren(
        h('h2', {}, t('results')),
        h('dl', {}, h('dt', {}, t('count')), h('dd', { id: 'query-count' }, found.length.toLocaleString('en-US')),
          h('dt', {}, t('sum_area')), h('dd', { id: 'query-area' }, formatArea(total))),
        chart(found),
        h('p', {}, download('parcels.csv', 'text/csv', csv), ' · ', download('parcels.geojson', 'application/geo+json', collection)),
        table([t('parcel_code'), t('area')], found.slice(0, 50).map((f) => [f.properties.code, formatArea(f.properties.area_m2)])));
      taxmap.highlight.getSource().clear();
      taxmap.highlight.getSource().addFeatures(geojson.readFeatures({ type: 'FeatureCollection', features: found }));
    } catch (err) {
      status(errorText(err.body), 'error');
    }
  });
}
