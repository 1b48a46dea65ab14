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

/** Counter payment for an issued notice: amount, day (B.E. shown), then receipt and balance. */
function paymentForm(taxes) {
  const open = taxes.notices.filter((n) => n.status === 'issued');
  if (!open.length) return null;
  const today = config.today;
  const result = h('div', { id: 'payment-result', role: 'status', 'aria-live': 'polite' });
  const owed = h('output', { id: 'pay-balance-before', for: 'pay-notice' }, '…');
  const dayBE = h('output', { id: 'pay-date-be', for: 'pay-date' }, formatDate(today));
  const amount = h('input', { id: 'pay-amount', name: 'amount', inputmode: 'decimal', required: true, value: open[0].amount });
  const notice = h('select', { id: 'pay-notice', name: 'notice_no' },
    open.map((n) => h('option', { value: n.notice_no, 'data-amount': n.amount }, n.notice_no)));
  const date = h('input', { id: 'pay-date', name: 'paid_on', type: 'date', required: true, value: today, max: today, 'aria-describedby': 'pay-date-be' });
  const balanceOf = (no) => api(laoPath(`/notices/${encodeURIComponent(no)}/balance`));
  const showOwed = async () => {
    try {
      owed.textContent = formatMoney((await balanceOf(notice.value)).total);
    } catch (err) {
      owed.textContent = errorText(err.body);
    }
  };
  notice.addEventListener('change', () => {
    amount.value = notice.selectedOptions[0].dataset.amount;
    showOwed();
  });
  date.addEventListener('input', () => { dayBE.textContent = formatDate(date.value); });
  // Cash needs nothing more; a cheque or a transfer must be traceable on the receipt.
  const method = h('select', { id: 'pay-method', name: 'method' },
    ['cash', 'cheque', 'transfer'].map((m) => h('option', { value: m }, t(`method_${m}`))));
  const methodRef = h('input', { id: 'pay-method-ref', name: 'method_ref', maxlength: 120, disabled: true });
  const refLabel = h('label', { for: 'pay-method-ref', hidden: true }, t('method_ref_cheque'));
  method.addEventListener('change', () => {
    const cash = method.value === 'cash';
    methodRef.disabled = cash;
    methodRef.required = !cash;
    methodRef.hidden = cash;
    refLabel.hidden = cash;
    refLabel.textContent = t(`method_ref_${method.value === 'transfer' ? 'transfer' : 'cheque'}`);
  });
  methodRef.hidden = true;
  const form = h('form', { id: 'payment-form' },
    h('fieldset', {}, h('legend', {}, t('record_payment')),
      h('label', { for: 'pay-notice' }, t('notice_no')), notice,
      h('p', {}, `${t('balance_now')}: `, owed),
      h('label', { for: 'pay-amount' }, t('paid_amount')), amount,
      h('label', { for: 'pay-date' }, t('paid_on')), date, ' ', dayBE,
      h('p', {}, `${t('pay_channel')}: ${t('channel_counter')}`),
      h('label', { for: 'pay-method' }, t('pay_method')), method,
      refLabel, methodRef,
      h('label', { for: 'pay-by' }, t('received_by')),
      h('input', { id: 'pay-by', name: 'received_by', required: true, value: document.body.dataset.user || '' }),
      h('button', { type: 'submit' }, t('record_payment'))),
    result);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    result.replaceChildren(t('loading'));
    try {
      const receipt = await api(laoPath('/payments'), { method: 'POST', body: data });
      const after = await balanceOf(receipt.notice_no);
      const pdf = laoPath(`/receipts/${encodeURIComponent(receipt.receipt_no)}.pdf`);
      result.replaceChildren(
        h('p', {}, `${t('receipt_no')} `, h('strong', { id: 'receipt-no' }, receipt.receipt_no),
          ` — ${formatDate(receipt.paid_on)}, ${formatMoney(receipt.amount)} (${receipt.amount_words})`),
        h('p', {}, h('a', { id: 'receipt-pdf', href: pdf, download: `${config.lao}-${receipt.receipt_no}.pdf` }, t('receipt_pdf'))),
        h('p', {}, `${t('balance_after')}: `, h('strong', { id: 'balance-after' }, formatMoney(after.total))),
        Number(receipt.overpayment) > 0
          ? h('p', { id: 'overpayment' }, `${t('overpayment')}: ${formatMoney(receipt.overpayment)}`) : null);
      owed.textContent = formatMoney(after.total);
      status(`${t('saved')}: ${t('receipt_no')} ${receipt.receipt_no}`, 'ok');
    } catch (err) {
      result.replaceChildren(h('p', { class: 'error' }, errorText(err.body)));
    }
  });
  showOwed();
  return form;
}

/** Today's arrears per taxpayer (the Land Office list and the warning letters start here). */
async function loadArrears() {
  const box = document.getElementById('arrears-list');
  try {
    const found = await api(laoPath('/arrears'));
    box.replaceChildren(found.rows.length
      ? table([t('taxpayer_key'), t('name'), t('tax_due'), t('penalty'), t('surcharge'), t('total_baht'), t('days_overdue')],
        found.rows.map((r) => [r.taxpayer_key, r.name, r.tax, r.penalty, r.surcharge, r.total, String(r.days_overdue)]))
      : h('p', {}, t('arrears_none')));
  } catch (err) {
    box.replaceChildren(h('p', { class: 'error' }, errorText(err.body)));
  }
}

export function setupRevenue() {
  document.getElementById('arrears-load').addEventListener('click', loadArrears);
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
