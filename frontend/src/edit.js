// Survey editing: move shared vertices (one Modify over the parcel and its neighbours), snap,
// split by a drawn line, merge selected parcels, change the record; 409 opens the conflict dialog.
import Modify from 'ol/interaction/Modify.js';
import Snap from 'ol/interaction/Snap.js';
import DoubleClickZoom from 'ol/interaction/DoubleClickZoom.js';
import Draw from 'ol/interaction/Draw.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { Fill, Stroke, Style } from 'ol/style.js';
import { api, laoPath } from './api.js';
import { geojson } from './map.js';
import { showConflict } from './conflict.js';
import { errorText, status, t } from './i18n.js';

const editStyle = new Style({
  fill: new Fill({ color: 'rgba(60, 120, 220, 0.12)' }),
  stroke: new Stroke({ color: '#1f5fbf', width: 2 }),
});
const pickedStyle = new Style({
  fill: new Fill({ color: 'rgba(40, 160, 90, 0.35)' }),
  stroke: new Stroke({ color: '#1d7a45', width: 3 }),
});
const coordsKey = (f) => JSON.stringify(f.getGeometry().getCoordinates());

export class Editor {
  constructor(taxmap, search) {
    this.taxmap = taxmap;
    this.map = taxmap.map;
    this.search = search;
    this.parcel = null; // the parcel the API returned for the search
    this.tool = 'none';
    this.source = new VectorSource();
    this.layer = new VectorLayer({ source: this.source, style: editStyle, zIndex: 30 });
    this.picked = new VectorLayer({ source: new VectorSource(), style: pickedStyle, zIndex: 25 });
    this.map.addLayer(this.layer);
    this.map.addLayer(this.picked);
    this.interactions = [];
    this.original = new window.Map();
    this.merge = new window.Map(); // code -> version
    this.wire();
  }

  wire() {
    document.querySelectorAll('input[name="tool"]').forEach((radio) => {
      radio.addEventListener('change', () => this.setTool(radio.value));
    });
    document.getElementById('save-edit').addEventListener('click', () => this.saveBoundary());
    document.getElementById('cancel-edit').addEventListener('click', () => this.setTool(this.tool));
    document.getElementById('merge-do').addEventListener('click', () => this.saveMerge());
    document.getElementById('attrs-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.saveAttributes();
    });
    document.getElementById('conflict-reload').addEventListener('click', async () => {
      document.getElementById('conflict').close();
      await this.reload();
    });
    this.map.on('singleclick', (ev) => this.click(ev));
  }

  async select(parcel) {
    this.parcel = parcel;
    this.taxmap.show(parcel.geometry);
    this.fillAttributes();
    if (this.tool === 'modify') await this.startModify();
  }

  reason() {
    const field = document.getElementById('edit-reason');
    const value = field.value.trim();
    if (!value) {
      status(t('reason_needed'), 'error');
      field.focus();
    }
    return value;
  }

  /** Double-click ends a split line; it must not zoom the map meanwhile. */
  zoomOnDoubleClick(active) {
    this.map.getInteractions().forEach((i) => { if (i instanceof DoubleClickZoom) i.setActive(active); });
  }

  clear() {
    this.zoomOnDoubleClick(true);
    this.interactions.forEach((i) => this.map.removeInteraction(i));
    this.interactions = [];
    this.source.clear();
    this.picked.getSource().clear();
    this.original.clear();
    this.merge.clear();
    document.getElementById('edit-actions').hidden = true;
    document.getElementById('merge-panel').hidden = true;
    document.getElementById('attrs-form').hidden = true;
    document.getElementById('merge-list').textContent = '—';
    document.getElementById('changed-list').textContent = '—';
  }

  async setTool(tool) {
    this.tool = tool;
    this.clear();
    document.getElementById('tool-hint').textContent =
      tool === 'modify' ? t('modify_hint') : tool === 'split' ? t('split_hint') : '';
    if (tool === 'modify') await this.startModify();
    if (tool === 'split') this.startSplit();
    if (tool === 'merge') document.getElementById('merge-panel').hidden = false;
    if (tool === 'attrs') {
      document.getElementById('attrs-form').hidden = false;
      this.fillAttributes();
    }
    document.body.dataset.tool = tool; // the tool is ready (tests wait for it)
  }

  /** Load the parcel and its neighbours into one source: a shared vertex moves in all of them. */
  async startModify() {
    if (!this.parcel) return;
    this.clear();
    const [x0, y0, x1, y1] = this.parcel.bbox;
    const pad = Math.max(x1 - x0, y1 - y0) * 0.6;
    const box = [x0 - pad, y0 - pad, x1 + pad, y1 + pad].join(',');
    const data = await api(laoPath(`/parcels?bbox=${box}`));
    const features = geojson.readFeatures(data);
    this.source.addFeatures(features);
    features.forEach((f) => {
      this.original.set(f.getId(), coordsKey(f));
      f.on('change', () => this.showChanged());
    });
    const modify = new Modify({ source: this.source, pixelTolerance: 10 });
    const snap = new Snap({ source: this.source, pixelTolerance: 8 });
    this.interactions = [modify, snap];
    this.interactions.forEach((i) => this.map.addInteraction(i));
    document.getElementById('edit-actions').hidden = false;
    this.modify = modify;
  }

  changed() {
    return this.source.getFeatures().filter((f) => this.original.get(f.getId()) !== coordsKey(f));
  }

  showChanged() {
    const codes = this.changed().map((f) => f.get('code')).sort();
    document.getElementById('changed-list').textContent = codes.join(', ') || '—';
  }

  async saveBoundary() {
    const dirty = this.changed();
    if (!dirty.length) return;
    const reason = this.reason();
    if (!reason) return;
    const main = dirty.find((f) => f.get('code') === this.parcel?.code) || dirty[0];
    const body = {
      geometry: geojson.writeGeometryObject(main.getGeometry()),
      version: main.get('version'),
      reason,
      adjust: dirty.filter((f) => f !== main).map((f) => ({
        code: f.get('code'),
        geometry: geojson.writeGeometryObject(f.getGeometry()),
        version: f.get('version'),
      })),
    };
    await this.send(`/parcels/${encodeURIComponent(main.get('code'))}/boundary`, 'PUT', body, main.get('code'), main);
  }

  startSplit() {
    const draw = new Draw({ type: 'LineString', source: new VectorSource() });
    const snap = new Snap({ source: this.taxmap.parcelSource, pixelTolerance: 6 });
    draw.on('drawend', (ev) => this.saveSplit(ev.feature.getGeometry()));
    this.zoomOnDoubleClick(false);
    this.interactions = [draw, snap];
    this.interactions.forEach((i) => this.map.addInteraction(i));
  }

  async saveSplit(line) {
    const reason = this.reason();
    if (!reason || !this.parcel) return;
    const body = { line: geojson.writeGeometryObject(line), version: this.parcel.version, reason };
    await this.send(`/parcels/${encodeURIComponent(this.parcel.code)}/split`, 'POST', body, this.parcel.code);
  }

  click(ev) {
    if (this.tool !== 'merge' && this.tool !== 'none') return;
    const feature = this.map.forEachFeatureAtPixel(ev.pixel, (f) => f, {
      layerFilter: (l) => l === this.taxmap.parcels,
    });
    if (!feature) return;
    if (this.tool === 'none') {
      this.search.find(feature.get('code'));
      return;
    }
    const code = feature.get('code');
    const picked = this.picked.getSource();
    if (this.merge.has(code)) {
      this.merge.delete(code);
      picked.removeFeature(picked.getFeatureById(code));
    } else {
      this.merge.set(code, feature.get('version'));
      const copy = feature.clone();
      copy.setId(code);
      picked.addFeature(copy);
    }
    document.getElementById('merge-list').textContent = [...this.merge.keys()].join(', ') || '—';
  }

  async saveMerge() {
    if (this.merge.size < 2) return;
    const reason = this.reason();
    if (!reason) return;
    const body = { parcels: Object.fromEntries(this.merge), reason };
    const first = [...this.merge.keys()][0];
    await this.send('/parcels/merge', 'POST', body, first);
  }

  fillAttributes() {
    const form = document.getElementById('attrs-form');
    if (!this.parcel) return;
    for (const input of form.querySelectorAll('input')) {
      const value = this.parcel.record[input.name];
      input.value = value === null || value === undefined ? '' : value;
    }
  }

  async saveAttributes() {
    if (!this.parcel) return;
    const reason = this.reason();
    if (!reason) return;
    const changes = {};
    for (const input of document.getElementById('attrs-form').querySelectorAll('input')) {
      const before = this.parcel.record[input.name];
      const now = input.value.trim();
      if (now === (before === null || before === undefined ? '' : String(before))) continue;
      changes[input.name] = now === '' ? null : input.type === 'number' ? Number(now) : now;
    }
    if (!Object.keys(changes).length) return;
    const body = { version: this.parcel.version, changes, reason };
    await this.send(`/parcels/${encodeURIComponent(this.parcel.code)}`, 'PATCH', body, this.parcel.code, null, changes);
  }

  /** Send an edit; on success reload, on 409 show both versions, on 422 show the fault. */
  async send(path, method, body, code, feature = null, changes = null) {
    status(t('loading'));
    try {
      const result = await api(laoPath(path), { method, body });
      const done = result.parcels.map((p) => `${p.code} (${t('version')} ${p.version}, ${p.status})`);
      status(`${t('saved')}: ${done.join(', ')}`, 'ok');
      const active = result.parcels.find((p) => p.status === 'active');
      await this.reload(this.tool === 'split' || this.tool === 'merge' ? active?.code : null);
    } catch (err) {
      if (err.status === 409) {
        await showConflict(this.taxmap, err.body, { code, feature, changes, version: body.version });
        status(errorText(err.body), 'error');
      } else {
        status(errorText(err.body), 'error');
        const fault = err.body?.details?.faults?.[0]?.geometry;
        if (fault) this.taxmap.show(fault, { fit: false });
      }
    }
  }

  async reload(code = null) {
    const tool = this.tool;
    this.clear();
    this.taxmap.parcelSource.clear(true);
    this.taxmap.parcelSource.refresh();
    const target = code || this.parcel?.code;
    if (target) {
      const parcel = await this.search.find(target);
      if (parcel) this.parcel = parcel;
    }
    if (tool === 'modify') await this.startModify();
    if (tool === 'split') this.startSplit();
    if (tool === 'merge') document.getElementById('merge-panel').hidden = false;
    if (tool === 'attrs') document.getElementById('attrs-form').hidden = false;
  }
}
