// Message catalogues and formats. Every word the interface shows comes from
// /i18n/{en,ms,id}.json through t(); numbers, dates and money are formatted
// for the chosen language's locale with Intl. The choice is remembered in
// localStorage and applies to the whole page, so no screen mixes languages.

export const LANGS = ['en', 'ms', 'id'];
const LOCALES = { en: 'en-MY', ms: 'ms-MY', id: 'id-ID' };
const KEY = 'tunas.lang';

let lang = 'en';
let cat = {};
const cache = {};

// The remembered choice, else the browser's language, else English.
export function preferred() {
  let saved = null;
  try {
    saved = localStorage.getItem(KEY);
  } catch (e) {
    saved = null;
  }
  if (LANGS.includes(saved)) return saved;
  for (const l of navigator.languages || []) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'ms' || base === 'id') return base;
    if (base === 'en') return 'en';
  }
  return 'en';
}

export async function load(l) {
  if (!LANGS.includes(l)) l = 'en';
  if (!cache[l]) {
    const res = await fetch(`/i18n/${l}.json`, { credentials: 'same-origin' });
    cache[l] = await res.json();
  }
  lang = l;
  cat = cache[l];
  document.documentElement.lang = l;
  try {
    localStorage.setItem(KEY, l);
  } catch (e) {
    // private browsing: the choice lasts for this page only
  }
}

export function current() {
  return lang;
}

export function locale() {
  return LOCALES[lang];
}

// The message for key, with {name} placeholders filled from params
// (numbers are formatted for the locale).
export function t(key, params) {
  let s = cat[key];
  if (s === undefined) {
    console.error(`tunas: no message ${key} in ${lang}`);
    s = key;
  }
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, name) => {
      const v = params[name];
      if (v === undefined || v === null) return m;
      return typeof v === 'number' ? num(v) : String(v);
    });
  }
  return s;
}

// Does the catalogue have key (for values from the data, like a status)?
export function has(key) {
  return Object.prototype.hasOwnProperty.call(cat, key);
}

// A value from the data shown through the catalogue when it knows it
// (`prefix.value`), as itself otherwise.
export function tv(prefix, value) {
  const key = `${prefix}.${value}`;
  return has(key) ? cat[key] : String(value);
}

const nf = {};
function formatter(kind, opts) {
  const k = `${lang}/${kind}`;
  if (!nf[k]) nf[k] = new Intl.NumberFormat(LOCALES[lang], opts);
  return nf[k];
}

export function num(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return t('common.none');
  return formatter('n', { maximumFractionDigits: 1 }).format(n);
}

// A ratio (0..1) as a percentage.
export function pct(r) {
  if (r === null || r === undefined || !Number.isFinite(r)) return t('common.none');
  return formatter('p', { style: 'percent', maximumFractionDigits: 1 }).format(r);
}

// An amount in a currency (MYR, IDR): `amount` is a decimal string or a
// number of major units.
export function money(amount, currency) {
  if (amount === null || amount === undefined || !currency) return t('common.none');
  const k = `${lang}/c/${currency}`;
  if (!nf[k]) nf[k] = new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency });
  return nf[k].format(Number(amount));
}

// A calendar date "2025-02-10" (no time zone: it is a day).
export function date(iso) {
  if (!iso) return t('common.none');
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

// A moment: an RFC 3339 string (shown in its own zone when given) or Unix
// seconds.
export function datetime(v, timeZone) {
  if (v === null || v === undefined || v === '') return t('common.none');
  const d = typeof v === 'number' ? new Date(v * 1000) : new Date(v);
  const opts = { dateStyle: 'medium', timeStyle: 'short' };
  if (timeZone) opts.timeZone = timeZone;
  return new Intl.DateTimeFormat(LOCALES[lang], opts).format(d);
}
