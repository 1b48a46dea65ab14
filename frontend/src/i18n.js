// UI strings come from the page (web/ui_strings.py); formats follow Thai conventions.
const strings = JSON.parse(document.getElementById('taxmap-strings')?.textContent || '{}');
export const config = JSON.parse(document.getElementById('taxmap-config')?.textContent || '{}');

export function t(key) {
  return strings[key] ?? key;
}

const SQM_PER_WAH = 4;

/** "2-1-35.50 ไร่-งาน-ตร.ว. (3,742.00 m²)", as taxmap/core/units.py format_area writes it. */
export function formatArea(m2) {
  const wahTotal = Math.round((m2 / SQM_PER_WAH) * 100) / 100;
  const rai = Math.floor(wahTotal / 400);
  const ngan = Math.floor((wahTotal - rai * 400) / 100);
  const wah = wahTotal - rai * 400 - ngan * 100;
  const metres = m2.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${rai}-${ngan}-${wah.toFixed(2)} ไร่-งาน-ตร.ว. (${metres} m²)`;
}

// planner
/** Square metres (or metres) with thousands separators and two decimals: "3,742.00". */
export function formatSqm(value) {
  return Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
// end planner

/** A date as B.E. in Thai ("24 พฤศจิกายน 2569") or English with B.E. */
export function formatDate(iso) {
  if (!iso) return '—';
  const day = new Date(`${iso}T00:00:00`);
  if (config.lang === 'en') {
    const text = day.toLocaleDateString('en-GB', { day: 'numeric', month: 'long' });
    return `${text} ${day.getFullYear() + 543} B.E.`;
  }
  return day.toLocaleDateString('th-TH-u-ca-buddhist', { day: 'numeric', month: 'long', year: 'numeric' });
}

export function formatMoney(text) {
  const n = Number(text);
  return `${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${t('baht')}`;
}

/** Pick the Thai or English message of an API error body. */
export function errorText(body) {
  if (!body) return t('error');
  const main = config.lang === 'en' ? body.message : body.message_th || body.message;
  return main || t('error');
}

/** Build an element: h('td', {class: 'x'}, 'text', child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) el.append(c);
  return el;
}

export function table(headers, rows) {
  return h('table', {},
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
}

export function status(text, kind = 'info') {
  const el = document.getElementById('status');
  if (!el) return;
  el.className = kind;
  el.textContent = text;
}
