// The 409 dialog: the version the editor worked from beside the version someone saved first.
import { getArea } from 'ol/sphere.js';
import { Stroke, Style } from 'ol/style.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { api, laoPath } from './api.js';
import { geojson } from './map.js';
import { errorText, formatArea, formatDate, h, t } from './i18n.js';

const yoursStyle = new Style({ stroke: new Stroke({ color: '#c0392b', width: 3, lineDash: [8, 6] }) });
const theirsStyle = new Style({ stroke: new Stroke({ color: '#1f4e8c', width: 3 }) });
let overlay;

// A field's label when the page has one (record_road -> ถนน), else its name.
const label = (name) => (t(`record_${name}`) === `record_${name}` ? name : t(`record_${name}`));

function describe(rows) {
  return h('dl', {}, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** Open the dialog for a 409 body; `mine` says what the editor tried to save. */
export async function showConflict(taxmap, body, mine) {
  const details = body?.details || {};
  const code = details.code || mine.code;
  const current = await api(laoPath(`/parcels/${encodeURIComponent(code)}`)).catch(() => null);
  const yourArea = mine.feature ? getArea(mine.feature.getGeometry()) : null;
  const changes = mine.changes
    ? Object.entries(mine.changes).map(([k, v]) => `${t(`record_${k}`)}: ${v ?? '—'}`).join('; ')
    : t('tool_modify');
  document.getElementById('conflict-message').textContent = errorText(body);
  document.getElementById('conflict-yours').replaceChildren(describe([
    [t('parcel'), code],
    [t('version'), String(details.your_version ?? mine.version)],
    [t('changed_fields'), changes],
    yourArea ? [t('area'), `≈ ${formatArea(yourArea)}`] : [t('area'), '—'],
  ]));
  document.getElementById('conflict-theirs').replaceChildren(describe([
    [t('parcel'), code],
    [t('version'), String(details.current_version ?? current?.version ?? '—')],
    [t('changed_fields'), (details.changed || []).map(label).join(', ') || '—'],
    [t('area'), current ? formatArea(current.area_m2) : '—'],
    [t('valid_from'), current ? formatDate(current.valid_from) : '—'],
  ]));
  if (!overlay) {
    overlay = new VectorLayer({ source: new VectorSource(), zIndex: 40 });
    taxmap.map.addLayer(overlay);
  }
  const source = overlay.getSource();
  source.clear();
  if (current) {
    const theirs = geojson.readFeature({ type: 'Feature', geometry: current.geometry, properties: {} });
    theirs.setStyle(theirsStyle);
    source.addFeature(theirs);
  }
  if (mine.feature) {
    const yours = mine.feature.clone();
    yours.setStyle(yoursStyle);
    source.addFeature(yours);
  }
  const dialog = document.getElementById('conflict');
  dialog.addEventListener('close', () => source.clear(), { once: true });
  dialog.showModal();
}
