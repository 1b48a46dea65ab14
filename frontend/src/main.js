// Entry point: read the page's config and start the screen it names.
import { fromLonLat } from 'ol/proj.js';
import { TaxMap } from './map.js';
import { setupAsOf, setupSearch } from './search.js';
import { config } from './i18n.js';
import { setupSurvey } from './roles/survey.js';
import { setupPlanner } from './roles/planner.js';
import { setupRevenue } from './roles/revenue.js';
import { setupAdmin } from './roles/admin.js';

function rememberLanguage() {
  // The switch link sets ?lang=; remember it, and reuse it when a page is opened without one.
  const params = new URLSearchParams(window.location.search);
  document.getElementById('lang-switch')?.addEventListener('click', (ev) => {
    localStorage.setItem('taxmap_lang', ev.currentTarget.dataset.lang);
  });
  const stored = localStorage.getItem('taxmap_lang');
  if (!params.has('lang') && stored && stored !== config.lang) {
    params.set('lang', stored);
    window.location.replace(`${window.location.pathname}?${params}`);
    return false;
  }
  if (params.has('lang')) localStorage.setItem('taxmap_lang', config.lang);
  return true;
}

async function start() {
  if (!rememberLanguage()) return;
  const app = { config };
  if (['survey', 'planner', 'map'].includes(config.screen)) {
    const taxmap = new TaxMap('map');
    let editor = null;
    const search = setupSearch(async (parcel) => {
      if (editor) await editor.select(parcel);
      else taxmap.show(parcel.geometry);
    }, config.lang);
    setupAsOf(taxmap, config.today);
    if (config.screen === 'survey') editor = setupSurvey(taxmap, search);
    if (config.screen === 'planner') setupPlanner(taxmap);
    // Where a WGS 84 point is on screen (tests drag vertices by it).
    const pixelOf = (lon, lat) => taxmap.map.getPixelFromCoordinate(fromLonLat([lon, lat]));
    Object.assign(app, { taxmap, search, editor, map: taxmap.map, pixelOf });
  }
  if (config.screen === 'revenue') setupRevenue();
  if (config.screen === 'admin') setupAdmin();
  window.taxmap = app; // for the browser tests and the console
  if (app.taxmap) await app.taxmap.ready;
  document.body.dataset.ready = 'true';
}

start();
