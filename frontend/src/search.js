// Find a parcel by code (suggestions as you type) and show its register summary.
import { transformExtent } from 'ol/proj.js';
import { api, laoPath } from './api.js';
import { config, errorText, formatArea, formatDate, h, status, t } from './i18n.js';

const CATEGORY_EN = {
  agri: 'Agriculture',
  res_main: 'Main residence (land and house)',
  res_bldg: 'Main residence (house only)',
  res_other: 'Other residence',
  other: 'Other use',
  vacant: 'Vacant or unused',
};

export function categoryName(code, lang) {
  return (lang === 'en' ? CATEGORY_EN[code] : config.categories?.[code]) || code;
}

export function parcelInfo(p, lang) {
  return h('article', { class: 'parcel-card', 'data-code': p.code, 'data-version': p.version },
    h('h2', {}, `${t('parcel')} ${p.code}`),
    h('dl', {},
      h('dt', {}, t('version')), h('dd', { id: 'info-version' }, String(p.version)),
      h('dt', {}, t('block')), h('dd', {}, p.block || '—'),
      h('dt', {}, t('area')), h('dd', { id: 'info-area' }, p.area_text),
      p.legal_area_text ? [h('dt', {}, t('legal_area')), h('dd', {}, p.legal_area_text)] : null,
      h('dt', {}, t('valid_from')), h('dd', {}, formatDate(p.valid_from)),
      h('dt', {}, t('owners')),
      h('dd', {}, p.owners.length ? h('ul', {}, p.owners.map((o) => h('li', {}, `${o.name_th} (${o.owner_no}) ${o.share}`))) : '—'),
      h('dt', {}, t('land_use')),
      h('dd', {}, p.land_use.map((u) => `${categoryName(u.category, lang)} ${u.area_sq_wah} ตร.ว.`).join(', ') || '—')));
}

/** Wire the find form; `onFound(parcel)` gets the parcel the API returned. */
export function setupSearch(onFound, lang) {
  const form = document.getElementById('find-form');
  const input = document.getElementById('parcel-code');
  const list = document.getElementById('code-list');
  if (!form) return { find: async () => null };
  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) return;
    timer = setTimeout(async () => {
      const codes = await api(laoPath(`/parcel-codes?q=${encodeURIComponent(q)}&limit=15`)).catch(() => []);
      list.replaceChildren(...codes.map((c) => h('option', { value: c.code })));
    }, 200);
  });
  async function find(code) {
    const info = document.getElementById('parcel-info');
    try {
      const parcel = await api(laoPath(`/parcels/${encodeURIComponent(code.trim().toUpperCase())}`));
      info.replaceChildren(parcelInfo(parcel, lang));
      await onFound(parcel);
      return parcel;
    } catch (err) {
      info.replaceChildren(h('p', { class: 'error' }, errorText(err.body)));
      status(errorText(err.body), 'error');
      return null;
    }
  }
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (input.value.trim()) find(input.value);
  });
  return { find };
}

/** The as-of slider: one step a day from 1 January 2020 to today. */
export function setupAsOf(taxmap, today) {
  const slider = document.getElementById('as-of');
  const label = document.getElementById('as-of-label');
  if (!slider) return;
  const start = new Date('2020-01-01T00:00:00Z');
  const end = new Date(`${today}T00:00:00Z`);
  const days = Math.round((end - start) / 86400000);
  slider.max = String(days);
  slider.value = String(days);
  slider.setAttribute('aria-valuetext', t('today'));
  const dayOf = (n) => new Date(start.getTime() + n * 86400000).toISOString().slice(0, 10);
  slider.addEventListener('input', () => {
    const n = Number(slider.value);
    const text = n === days ? t('today') : formatDate(dayOf(n));
    label.textContent = text;
    slider.setAttribute('aria-valuetext', text);
  });
  const info = h('p', { id: 'as-of-info', 'aria-live': 'polite' });
  slider.closest('fieldset').append(info);
  slider.addEventListener('change', async () => {
    const n = Number(slider.value);
    const day = n === days ? null : dayOf(n);
    taxmap.setAsOf(day);
    await describeAsOf(taxmap, day, info);
  });
}

/** Say which version of the selected parcel the map shows on a day, and outline that boundary. */
async function describeAsOf(taxmap, day, info) {
  const card = document.querySelector('#parcel-info .parcel-card');
  const extent = taxmap.highlight.getSource().getExtent();
  if (!card || !Number.isFinite(extent[0])) {
    info.textContent = '';
    return;
  }
  const code = card.dataset.code;
  const [x0, y0, x1, y1] = transformExtent(extent, 'EPSG:3857', 'EPSG:4326');
  const when = day ? `&as_of=${day}` : '';
  const label = day ? formatDate(day) : t('today');
  try {
    const data = await api(laoPath(`/parcels?bbox=${x0},${y0},${x1},${y1}${when}`));
    const found = data.features.find((f) => f.properties.code === code);
    info.dataset.code = code;
    info.dataset.version = found ? String(found.properties.version) : '';
    info.textContent = found
      ? `${label}: ${t('parcel')} ${code} ${t('version')} ${found.properties.version}, ${formatArea(found.properties.area_m2)}`
      : `${label}: ${t('parcel')} ${code} — ${t('not_found')}`;
    if (found) taxmap.show(found.geometry, { fit: false });
  } catch (err) {
    info.textContent = errorText(err.body);
  }
}
