// The LAO's administrator: users, their roles and accounts, and the LAO's settings
// (web/routes/auth.py and web/routes/lao_settings.py).
import { api, laoPath } from '../api.js';
import { errorText, h, status, t, table } from '../i18n.js';

const ROLES = ['viewer', 'surveyor', 'revenue', 'planner', 'admin'];
const roleName = (role) => `${t(`role_${role}`)} (${role})`;
const userPath = (name, rest) => laoPath(`/users/${encodeURIComponent(name)}${rest}`);

async function change(path, method, body, done) {
  try {
    await api(path, { method, body });
    status(done, 'ok');
  } catch (err) {
    status(errorText(err.body), 'error');
  }
  await listUsers();
}

function roleButtons(user) {
  return h('div', { class: 'role-buttons', role: 'group', 'aria-label': `${t('actions')}: ${user.username}` },
    ROLES.map((role) => {
      const held = user.roles.includes(role);
      const verb = held ? t('revoke') : t('grant');
      return h('button', {
        type: 'button',
        class: held ? 'revoke-role' : 'grant-role',
        'data-user': user.username,
        'data-role': role,
        'aria-label': `${verb} ${t(`role_${role}`)} — ${user.username}`,
        onclick: () => change(userPath(user.username, `/roles/${role}`), held ? 'DELETE' : 'PUT', undefined,
          `${held ? t('revoked') : t('granted')}: ${t(`role_${role}`)} — ${user.username}`),
      }, `${verb} ${t(`role_${role}`)}`);
    }));
}

function accountButton(user) {
  const label = user.active ? t('disable_account') : t('enable_account');
  return h('button', {
    type: 'button',
    class: 'account-toggle',
    'data-user': user.username,
    'aria-label': `${label} ${user.username}`,
    disabled: user.username === document.body.dataset.user,
    onclick: () => change(userPath(user.username, '/active'), 'PUT', { active: !user.active },
      `${t('saved')}: ${user.username} — ${user.active ? t('account_disabled') : t('account_active')}`),
  }, label);
}

async function listUsers() {
  const box = document.getElementById('users');
  try {
    const users = await api(laoPath('/users'));
    box.replaceChildren(table([t('username'), t('full_name'), t('role'), t('account'), t('actions')],
      users.map((u) => [
        u.username,
        u.full_name || '—',
        h('span', { class: 'roles', 'data-user': u.username }, (u.roles || []).map(roleName).join(', ')),
        h('span', { class: 'account' }, u.active ? t('account_active') : t('account_disabled'), ' ', accountButton(u)),
        roleButtons(u),
      ])));
    box.querySelectorAll('tbody tr').forEach((row, i) => { row.dataset.user = users[i].username; });
  } catch (err) {
    box.replaceChildren(h('p', { class: 'error' }, errorText(err.body)));
  }
}

// The settings form: names are "group.key", as the API's fields and its 422 paths are.
function fillSettings(form, settings) {
  for (const el of form.elements) {
    if (!el.name) continue;
    const [group, key] = el.name.split('.');
    const value = settings[group]?.[key];
    el.value = Array.isArray(value) ? value.join('\n') : value ?? '';
  }
}

function readSettings(form) {
  const body = { letterhead: {}, payment: {} };
  for (const el of form.elements) {
    if (!el.name) continue;
    const [group, key] = el.name.split('.');
    body[group][key] = key === 'address_lines'
      ? el.value.split('\n').map((s) => s.trim()).filter(Boolean)
      : el.value.trim();
  }
  return body;
}

function clearErrors(form) {
  form.querySelectorAll('p.error').forEach((p) => { p.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
}

/** Put each 422 message beside its field ("body.payment.tax_id" -> #err-payment-tax_id). */
function showErrors(form, body) {
  const fields = body?.details?.fields || [];
  let first = null;
  for (const f of fields) {
    const parts = f.path.split('.').slice(1, 3); // drop "body", and a list index after the key
    const slot = document.getElementById(`err-${parts.join('-')}`) || document.getElementById('err-payment');
    slot.textContent = f.message.replace(/^Value error, /, '');
    const input = form.elements.namedItem(parts.join('.'));
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      first = first || input;
    }
  }
  first?.focus();
}

async function setupSettings() {
  const form = document.getElementById('settings-form');
  const result = document.getElementById('settings-result');
  try {
    fillSettings(form, await api(laoPath('/settings')));
  } catch (err) {
    result.textContent = errorText(err.body);
  }
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    result.textContent = '';
    try {
      const saved = await api(laoPath('/settings'), { method: 'PUT', body: readSettings(form) });
      fillSettings(form, saved);
      result.textContent = saved.changed.length
        ? `${t('settings_saved')}: ${saved.changed.join(', ')}` : t('no_change');
    } catch (err) {
      result.textContent = errorText(err.body);
      showErrors(form, err.body);
    }
  });
}

export function setupAdmin() {
  listUsers();
  setupSettings();
  document.getElementById('user-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = Object.fromEntries(new FormData(ev.target));
    try {
      await api(laoPath('/users'), { method: 'POST', body });
      status(`${t('saved')}: ${body.username}`, 'ok');
      ev.target.reset();
      await listUsers();
    } catch (err) {
      status(errorText(err.body), 'error');
    }
  });
}
