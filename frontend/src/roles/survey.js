// Survey staff: the map with editing tools, topology review items, parcel file import.
import { api, laoPath } from '../api.js';
import { Editor } from '../edit.js';
import { errorText, h, status, t, table } from '../i18n.js';

export function setupSurvey(taxmap, search) {
  const editor = new Editor(taxmap, search);
  document.getElementById('review-load').addEventListener('click', async () => {
    try {
      const items = await api(laoPath('/review-items?status=open'));
      document.getElementById('review-list').replaceChildren(items.length
        ? table([t('item'), t('status'), t('area')], items.map((i) => [`${i.kind} ${i.key}`, i.status, i.area_m2 ?? '—']))
        : h('p', {}, '0'));
    } catch (err) {
      status(errorText(err.body), 'error');
    }
  });
  document.getElementById('import-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = new FormData(ev.target);
    if (!form.get('dry_run')) form.set('dry_run', 'false');
    try {
      const report = await api(laoPath('/imports/parcels'), { method: 'POST', form });
      document.getElementById('import-report').textContent = JSON.stringify(report, null, 2);
    } catch (err) {
      document.getElementById('import-report').textContent = errorText(err.body);
    }
  });
  return editor;
}
