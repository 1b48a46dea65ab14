// The LAO's administrator: users and their roles (the API of web/routes/auth.py).
import { api, laoPath } from '../api.js';
import { errorText, h, status, t, table } from '../i18n.js';

async function listUsers() {
  const box = document.getElementById('users');
  try {
    const users = await api(laoPath('/users'));
    box.replaceChildren(table([t('username'), t('full_name'), t('role')],
      users.map((u) => [u.username, u.full_name || '—', (u.roles || []).join(', ')])));
  } catch (err) {
    box.replaceChildren(h('p', { class: 'error' }, errorText(err.body)));
  }
}

export function setupAdmin() {
  listUsers();
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
