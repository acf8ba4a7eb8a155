// The one way the interface talks to the server: the documented JSON API
// under /api/v1 (docs/openapi.yaml), signed in by the session cookie that
// sign-in sets (HttpOnly, SameSite=Strict). The token in sign-in's answer
// is never kept: script cannot read the cookie, so an injected script could
// not steal the session either. Every request carries X-Requested-With,
// which the server requires of cookie-authenticated writes (CSRF).

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && problem.detail) || String(status));
    this.status = status;
    this.problem = problem || {};
  }
}

const listeners = new Set();
// fn() is called when a request finds the session gone (401).
export function onSignedOut(fn) {
  listeners.add(fn);
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json', 'X-Requested-With': 'tunas-web' };
  const opts = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(`/api/v1/${path}`, opts);
  } catch (e) {
    throw new ApiError(0, { detail: String(e) });
  }
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    if (res.status === 401 && path !== 'auth/login') listeners.forEach((fn) => fn());
    throw new ApiError(res.status, typeof data === 'object' ? data : null);
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const put = (path, body) => api('PUT', path, body);

// One page of a list: {items, next_after}. `query` is an object of
// parameters; `after` and `limit` page it.
export function page(path, query = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== '' && v !== null && v !== undefined) q.set(k, v);
  const s = q.toString();
  return get(s ? `${path}?${s}` : path);
}

// Every item of a list, page by page (200 a page), up to `max` items.
export async function all(path, query = {}, max = 5000) {
  const items = [];
  let after = null;
  for (;;) {
    const p = await page(path, { ...query, limit: 200, after });
    items.push(...p.items);
    if (p.next_after === null || p.next_after === undefined || items.length >= max) return items;
    after = p.next_after;
  }
}
