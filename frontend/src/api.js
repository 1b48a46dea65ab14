// Fetch JSON from the API; state-changing calls carry the session's CSRF token.
import { config } from './i18n.js';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

function csrf() {
  const hit = document.cookie.split('; ').find((c) => c.startsWith('taxmap_csrf='));
  return hit ? decodeURIComponent(hit.slice('taxmap_csrf='.length)) : '';
}

let inFlight = 0;
function busy(delta) {
  inFlight += delta;
  document.body.dataset.busy = String(inFlight); // tests wait for body[data-busy="0"]
}

export async function api(path, options = {}) {
  busy(1);
  try {
    return await request(path, options);
  } finally {
    busy(-1);
  }
}

async function request(path, { method = 'GET', body, form } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf();
  let payload;
  if (form) payload = form;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** A tile or API URL for a past day: `as_of` added (no change for today, a null day). */
export const withAsOf = (url, day) => (day ? `${url}${url.includes('?') ? '&' : '?'}as_of=${day}` : url);

export const laoPath = (rest) => `/api/v1/laos/${encodeURIComponent(config.lao)}${rest}`;
