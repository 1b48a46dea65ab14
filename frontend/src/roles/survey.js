// Survey staff: the map with editing tools, topology review items, parcel file import.
import { api, laoPath } from '../api.js';
import { Editor } from '../edit.js';
import { config, errorText, h, status, t, table } from '../i18n.js';

/** An open item's decision: a labelled reason and a button that accepts it as an exception. */
function acceptForm(item, reload) {
  const id = `reason-${item.id}`;
  const input = h('input', { id, required: true, size: 18, 'aria-label': `${t('accept_reason')} ${item.key}` });
  return h('form', {
    class: 'accept-form',
    onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        await api(laoPath(`/review-items/${item.id}/accept`), {
          method: 'POST', body: { reason: input.value, reviewer: config.username },
        });
        status(`${t('accepted')}: ${item.kind} ${item.key}`, 'ok');
        await reload();
      } catch (err) {
        status(errorText(err.body), 'error');
      }
    },
  }, input, h('button', { type: 'submit' }, t('accept')));
}

async function loadReview() {
  try {
    const items = await api(laoPath('/review-items'));
    const rows = items.map((i) => [
      `${i.kind} ${i.key}`, i.message, i.area_m2 ?? '—',
      i.status === 'open' ? acceptForm(i, loadReview) : `${t('accepted')}: ${i.decision_reason} (${i.reviewer})`,
    ]);
    document.getElementById('review-list').replaceChildren(items.length
      ? table([t('item'), t('finding'), t('area'), t('decision')], rows)
      : h('p', {}, '0'));
  } catch (err) {
    status(errorText(err.body), 'error');
  }
}

export function setupSurvey(taxmap, search) {
  const editor = new Editor(taxmap, search);
  document.getElementById('review-load').addEventListener('click', loadReview);
  document.getElementById('topology-check').addEventListener('click', async () => {
    try {
      const found = await api(laoPath('/topology/check'), { method: 'POST' });
      const counts = Object.entries(found.counts || {}).map(([k, v]) => `${k} ${v}`).join(', ') || '0';
      status(`${t('topology_checked')}: ${counts}`, 'ok');
      await loadReview();
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
