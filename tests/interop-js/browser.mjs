// A tiny scripted "browser": fetch with a cookie jar, manual redirects and HTML form submission. Enough to drive the
// issuer's login and consent pages over plain HTTP without a real browser (the Chromium tests cover the real one).

/** Cookie jar keyed by cookie name (one host: the issuer under test). */
export class CookieJar {
  #cookies = new Map();

  store(response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header() {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

const decode = (text) => text
  .replace(/&quot;/g, '"').replace(/&#x2B;/gi, '+').replace(/&#x2F;/gi, '/').replace(/&#x3D;/gi, '=')
  .replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const attribute = (tag, name) => {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return match ? decode(match[1] ?? match[2]) : undefined;
};

/** The forms of a page: action, method, named inputs and named submit buttons. */
export function parseForms(html) {
  const forms = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, head, body] = match;
    const fields = new Map();
    for (const input of body.matchAll(/<input\b[^>]*>/gi)) {
      const name = attribute(input[0], 'name');
      const type = (attribute(input[0], 'type') ?? 'text').toLowerCase();
      if (!name || type === 'submit' || ((type === 'checkbox' || type === 'radio') && !/\schecked\b/i.test(input[0]))) continue;
      fields.set(name, attribute(input[0], 'value') ?? '');
    }
    const buttons = [...body.matchAll(/<button\b[^>]*>/gi)].map((b) => ({
      id: attribute(b[0], 'id'), name: attribute(b[0], 'name'), value: attribute(b[0], 'value') ?? '',
    }));
    forms.push({ action: attribute(head, 'action'), method: (attribute(head, 'method') ?? 'get').toLowerCase(), fields, buttons });
  }
  return forms;
}

/** Sends a request with the jar's cookies, without following redirects. */
export async function send(jar, url, init = {}) {
  const headers = new Headers(init.headers);
  const cookie = jar.header();
  if (cookie) headers.set('cookie', cookie);
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(response);
  return response;
}
