// Revenue officers: find a taxpayer, read their assessment line by line, issue notices,
// download a notice PDF, record a counter payment, print register documents.
import { api, laoPath } from '../api.js';
import { categoryName } from '../search.js';
import { config, errorText, formatDate, formatMoney, h, status, t, table } from '../i18n.js';

const year = () => Number(document.getElementById('tax-year').value) || config.year + 543;

function explanation(detail) {
  return h('section', { class: 'assessment', 'data-taxpayer': detail.taxpayer_no },
    h('h3', {}, `${t('assessment')} ${t('tax_year')} ${detail.tax_year + 543} — ${detail.owner_name}`),
    h('h4', {}, t('explanation')),
    table([t('item'), t('category'), t('value'), t('allowance'), t('rates'), t('rule'), t('amount')],
      detail.lines.map((l) => [l.item, categoryName(l.category, config.lang), l.value, l.allowance,
        String(l.rates ?? '—'), `${l.rule} (${l.data})`, l.amount])),
    h('p', { class: 'total' }, `${t('total')}: `, h('strong', { id: `total-${detail.taxpayer_no}` }, formatMoney(detail.total))));
}

async function openOwner(ownerNo) {
  const panel = document.getElementById('taxpayer');
  panel.replaceChildren(h('p', {}, t('loading')));
  try {
    const taxes = await api(laoPath(`/owners/${ownerNo}/taxes?year=${year()}`));
    const details = await Promise.all(taxes.assessments.map((a) => api(laoPath(`/rolls/${year()}/taxpayers/${a.taxpayer_no}`))));
    const pdf = (n) => laoPath(`/notices/${encodeURIComponent(n.notice_no)}.pdf`);
    panel.replaceChildren(
      h('h2', { id: 'taxpayer-name' }, `${taxes.name_th} (${t('owner_no')} ${taxes.owner_no})`),
      ...details.map(explanation),
      h('h3', {}, t('notices')),
      taxes.notices.length
        ? table([t('notice_no'), t('amount'), t('due_on'), t('status'), ''], taxes.notices.map((n) => [
          n.notice_no, formatMoney(n.amount), formatDate(n.due_on), t(`notice_${n.status}`),
          h('a', { href: pdf(n), download: `${config.lao}-${n.notice_no}.pdf`, class: 'notice-pdf' }, t('download_pdf'))]))
        : h('p', { id: 'no-notices' }, '—'),
      paymentForm(taxes),
      h('h3', {}, t('documents')),
      h('ul', {},
        h('li', {}, h('a', { href: laoPath(`/owners/${taxes.owner_no}/register.pdf`) }, t('owner_register'))),
        h('li', {}, h('a', { href: laoPath(`/owners/${taxes.owner_no}/land-list.pdf?year=${year()}`) }, t('land_list')))));
    panel.dataset.owner = String(ownerNo);
  } catch (err) {
    panel.replaceChildren(h('p', { class: 'error' }, err.body ? errorText(err.body) : String(err)));
  }
}

function paymentForm(taxes) {
  const open = taxes.notices.filter((n) => n.status === 'issued');
  if (!open.length) return null;
  const result = h('p', { id: 'payment-result', 'aria-live': 'polite' });
  const form = h('form', { id: 'payment-form' },
    h('fieldset', {}, h('legend', {}, t('record_payment')),
      h('label', { for: 'pay-notice' }, t('notice_no')),
      h('select', { id: 'pay-notice', name: 'notice_no' }, open.map((n) => h('option', { value: n.notice_no }, n.notice_no))),
      h('label', { for: 'pay-amount' }, t('paid_amount')),
      h('input', { id: 'pay-amount', name: 'amount', inputmode: 'decimal', required: true, value: open[0].amount }),
      h('label', { for: 'pay-by' }, t('received_by')),
      h('input', { id: 'pay-by', name: 'received_by', required: true, value: document.body.dataset.user || '' }),
      h('button', { type: 'submit' }, t('record_payment'))),
    result);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    try {
      const receipt = await api(laoPath('/payments'), { method: 'POST', body: data });
      result.textContent = `${t('receipt')} ${receipt.receipt_no ?? ''}`;
    } catch (err) {
      result.textContent = errorText(err.body);
    }
  });
  return form;
}

export function setupRevenue() {
  const results = document.getElementById('taxpayer-results');
  document.getElementById('taxpayer-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const q = document.getElementById('taxpayer-q').value.trim();
    if (!q) return;
    try {
      const page = await api(laoPath(`/owners?q=${encodeURIComponent(q)}&limit=20`));
      results.replaceChildren(h('p', {}, `${page.total.toLocaleString('en-US')} ${t('results')}`),
        table([t('owner_no'), t('name'), ''], page.owners.map((o) => [String(o.owner_no), o.name_th,
          h('button', { type: 'button', class: 'open-owner', 'data-owner': o.owner_no, onclick: () => openOwner(o.owner_no) }, t('assessment'))])));
    } catch (err) {
      results.replaceChildren(h('p', { class: 'error' }, errorText(err.body)));
    }
  });
  document.getElementById('issue-notices').addEventListener('click', async () => {
    status(t('loading'));
    try {
      const report = await api(laoPath(`/rolls/${year()}/notices`), { method: 'POST', body: {} });
      status(`${t('issued')}: ${Number(report.issued).toLocaleString('en-US')}`, 'ok');
      const owner = document.getElementById('taxpayer').dataset.owner;
      if (owner) await openOwner(owner);
    } catch (err) {
      status(errorText(err.body), 'error');
    }
  });
}
