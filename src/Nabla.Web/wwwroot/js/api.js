// The JSON API client used by every page script: adds the antiforgery token to state-changing calls and turns an
// error answer ({"ok":false,"error":{message, position, hint}}) into an ApiError carrying those fields.

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message ?? `request failed (${status})`);
    this.status = status;
    this.position = error?.position ?? null;
    this.hint = error?.hint ?? null;
  }
}

function token() {
  return document.querySelector('meta[name="nabla-token"]')?.content ?? '';
}

async function send(method, path, body, signal) {
  const init = { method, headers: { Accept: 'application/json' }, signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET') init.headers['X-Nabla-Token'] = token();
  const response = await fetch(path, init);
  let payload = null;
  const text = await response.text();
  if (text) {
    try { payload = JSON.parse(text); } catch { payload = null; }
  }
  if (!response.ok || payload?.ok === false) throw new ApiError(response.status, payload?.error);
  return payload;
}

/** GET a JSON resource under /api. */
export const get = (path, signal) => send('GET', path, undefined, signal);

/** POST a JSON body to /api and return the JSON answer. */
export const post = (path, body, signal) => send('POST', path, body, signal);

/**
 * Calls `fn` at most once per `ms` while input keeps arriving, always with the latest arguments, and aborts the
 * previous request (for live previews while typing or dragging).
 */
export function latest(fn, ms = 120) {
  let timer = null;
  let controller = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      controller?.abort();
      controller = new AbortController();
      fn(controller.signal, ...args);
    }, ms);
  };
}

/** Escapes text for insertion into HTML (learner input is never rendered as HTML). */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
