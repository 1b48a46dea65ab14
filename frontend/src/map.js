// The map: vector tiles when the server offers them, parcels as GeoJSON near the ground (for
// picking and editing), a highlight layer, and the as-of date that every parcel layer follows.
import Map from 'ol/Map.js';
import View from 'ol/View.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import MVT from 'ol/format/MVT.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorTileLayer from 'ol/layer/VectorTile.js';
import TileLayer from 'ol/layer/Tile.js';
import VectorSource from 'ol/source/Vector.js';
import VectorTileSource from 'ol/source/VectorTile.js';
import XYZ from 'ol/source/XYZ.js';
import { bbox as bboxStrategy } from 'ol/loadingstrategy.js';
import { transformExtent } from 'ol/proj.js';
import { Fill, Stroke, Style, Text } from 'ol/style.js';
import { api, laoPath, withAsOf } from './api.js';
import { config } from './i18n.js';

export const EDIT_ZOOM = 15;
export const geojson = new GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });

const parcelStyle = (feature, resolution) => new Style({
  fill: new Fill({ color: 'rgba(255, 253, 247, 0.55)' }),
  stroke: new Stroke({ color: '#6b7480', width: 1 }),
  text: resolution < 1.2 ? new Text({ text: feature.get('code'), font: '12px sans-serif' }) : undefined,
});
export const highlightStyle = new Style({
  fill: new Fill({ color: 'rgba(255, 200, 40, 0.35)' }),
  stroke: new Stroke({ color: '#c25700', width: 3 }),
});
const tileStyles = {
  base: new Style({ stroke: new Stroke({ color: '#9b8e72', width: 1 }), fill: new Fill({ color: 'rgba(217,212,199,0.4)' }) }),
  parcels: new Style({ stroke: new Stroke({ color: '#8a929c', width: 0.6 }) }),
  blocks: new Style({ stroke: new Stroke({ color: '#3d7a3d', width: 1.5 }) }),
  zones: new Style({ stroke: new Stroke({ color: '#1f4e8c', width: 2 }) }),
  buildings: new Style({ fill: new Fill({ color: 'rgba(150,80,60,0.5)' }) }),
};

export class TaxMap {
  constructor(target) {
    this.asOf = null; // null = today
    this.tileLayers = {};
    this.parcelSource = new VectorSource({
      format: geojson,
      strategy: bboxStrategy,
      loader: (extent, _resolution, projection, success, failure) => {
        const [x0, y0, x1, y1] = transformExtent(extent, projection, 'EPSG:4326');
        const when = this.asOf ? `&as_of=${this.asOf}` : '';
        api(laoPath(`/parcels?bbox=${x0},${y0},${x1},${y1}${when}`))
          .then((data) => {
            const found = geojson.readFeatures(data).filter((f) => !this.parcelSource.getFeatureById(f.getId()));
            this.parcelSource.addFeatures(found);
            success(found);
          })
          .catch(() => { this.parcelSource.removeLoadedExtent(extent); failure(); });
      },
    });
    this.parcels = new VectorLayer({ source: this.parcelSource, style: parcelStyle, minZoom: EDIT_ZOOM });
    this.highlight = new VectorLayer({ source: new VectorSource(), style: highlightStyle, zIndex: 20 });
    this.map = new Map({
      target,
      layers: [this.parcels, this.highlight],
      view: new View({ center: [0, 0], zoom: 2, maxZoom: 22 }),
      controls: undefined,
    });
    this.ready = this.init();
  }

  async init() {
    const [extent] = await Promise.all([
      api(laoPath('/extent')).catch(() => null),
      this.addTiles().catch(() => null),
    ]);
    if (extent?.bbox && !this.placed) {
      this.map.getView().fit(transformExtent(extent.bbox, 'EPSG:4326', 'EPSG:3857'), { padding: [20, 20, 20, 20] });
    }
  }

  /** Add the server's vector tiles (and imagery) when /tiles/{lao}/tilejson.json answers. */
  async addTiles() {
    const response = await fetch(`/tiles/${encodeURIComponent(config.lao)}/tilejson.json`, { credentials: 'same-origin' });
    if (!response.ok) return;
    const tj = await response.json();
    this.tilejson = tj;
    const imagery = tj.imagery?.tiles?.[0];
    if (imagery) {
      this.map.getLayers().insertAt(0, new TileLayer({ source: new XYZ({ url: imagery }), properties: { name: 'imagery' } }));
    }
    // TileJSON `sources`: one tile URL per source (base holds boundary, tambons, roads, water).
    const sources = tj.sources || {};
    for (const name of ['base', 'zones', 'blocks', 'parcels', 'buildings'].filter((n) => sources[n]?.tiles?.length)) {
      const template = sources[name].tiles[0];
      const source = new VectorTileSource({ format: new MVT(), url: this.tileUrl(template, name) });
      const layer = new VectorTileLayer({
        source,
        style: tileStyles[name],
        maxZoom: name === 'parcels' ? EDIT_ZOOM : undefined,
        properties: { name },
      });
      this.tileLayers[name] = { layer, template };
      this.map.getLayers().insertAt(this.map.getLayers().getLength() - 2, layer);
    }
  }

  tileUrl(template, name) {
    return name === 'parcels' ? withAsOf(template, this.asOf) : template;
  }

  /** Show the fabric, and the planning layers in force, as they were on a day (null: today). */
  setAsOf(day) {
    this.asOf = day;
    this.parcelSource.clear(true);
    this.parcelSource.refresh();
    const tiles = this.tileLayers.parcels;
    if (tiles) tiles.layer.getSource().setUrl(this.tileUrl(tiles.template, 'parcels'));
    for (const layer of this.map.getLayers().getArray()) {
      if (String(layer.get('name')).startsWith('planning:')) {
        layer.getSource().setUrl(withAsOf(layer.get('template'), day));
      }
    }
  }

  setLayerVisible(name, visible) {
    if (name === 'parcels') this.parcels.setVisible(visible);
    this.tileLayers[name]?.layer.setVisible(visible);
  }

  /** Highlight a GeoJSON geometry (WGS 84) and zoom to it. */
  show(geometry, { fit = true } = {}) {
    const source = this.highlight.getSource();
    source.clear();
    if (!geometry) return;
    const feature = geojson.readFeature({ type: 'Feature', geometry, properties: {} });
    source.addFeature(feature);
    this.placed = true;
    if (fit) this.map.getView().fit(feature.getGeometry().getExtent(), { padding: [80, 80, 80, 80], maxZoom: 20 });
  }

  /** Resolve once the map has rendered everything it is loading. */
  idle() {
    return new Promise((resolve) => this.map.once('rendercomplete', () => resolve()));
  }
}
