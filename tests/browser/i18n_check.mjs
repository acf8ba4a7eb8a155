// Static checks of the interface's message catalogues (web/i18n) and code
// (web/app), run by tests/browser/run.mjs as TAP test cases:
//   - en, ms and id have exactly the same keys, and no value is empty;
//   - every key the code names literally (t('x.y'), tv('x', ...)) is there;
//   - no UI text is written into the code: a string literal of two or more
//     words, outside comments and console calls, is reported;
//   - index.html carries no text but the product name.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const LANGS = ['en', 'ms', 'id'];

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (p.endsWith('.js')) out.push(p);
  }
  return out;
}

// The source with comments and console.* calls blanked, strings kept.
function stripComments(src) {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && src[i + 1] === '*') {
      i += 2;
      while (i < src.length && !(src[i] === '*' && src[i + 1] === '/')) i++;
      i++;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j;
    } else {
      out += c;
    }
  }
  return out.replace(/console\.\w+\([^;]*\);/g, '');
}

export function checks(webDir) {
  const results = [];
  const cats = Object.fromEntries(LANGS.map((l) => [l, JSON.parse(readFileSync(join(webDir, 'i18n', `${l}.json`), 'utf8'))]));
  const keys = Object.fromEntries(LANGS.map((l) => [l, new Set(Object.keys(cats[l]))]));

  for (const l of ['ms', 'id']) {
    const missing = [...keys.en].filter((k) => !keys[l].has(k));
    const extra = [...keys[l]].filter((k) => !keys.en.has(k));
    results.push({ name: `catalogue ${l} has exactly the keys of en`, ok: !missing.length && !extra.length, detail: `missing: ${missing.join(' ')}; extra: ${extra.join(' ')}` });
  }
  for (const l of LANGS) {
    const empty = Object.entries(cats[l]).filter(([, v]) => typeof v !== 'string' || !v.trim()).map(([k]) => k);
    results.push({ name: `catalogue ${l} has no empty message`, ok: !empty.length, detail: empty.join(' ') });
  }
  // Placeholders ({name}) agree across languages.
  const ph = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  const badPh = [...keys.en].filter((k) => LANGS.some((l) => cats[l][k] !== undefined && ph(cats[l][k]) !== ph(cats.en[k])));
  results.push({ name: 'catalogues agree on every message\'s placeholders', ok: !badPh.length, detail: badPh.join(' ') });

  const files = walk(join(webDir, 'app'));
  const used = new Set();
  const prose = [];
  for (const f of files) {
    const src = stripComments(readFileSync(f, 'utf8'));
    for (const m of src.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1]);
    for (const m of src.matchAll(/\btv\(\s*'([\w.]+)'/g)) {
      if (![...keys.en].some((k) => k.startsWith(`${m[1]}.`))) used.add(`${m[1]}.*`);
    }
    for (const m of src.matchAll(/(['"`])((?:\\.|(?!\1).)*)\1/g)) {
      const s = m[2].replace(/\$\{[^}]*\}/g, ' ').trim();
      const words = s.split(/\s+/).filter((w) => /[A-Za-z]{2,}/.test(w));
      // Words a person reads: two with a capital, or three or more (class
      // lists are one or two lower-case words).
      if ((words.length >= 2 && /\b[A-Z][a-z]/.test(s)) || words.length >= 3) {
        prose.push(`${relative(webDir, f)}: ${m[0].slice(0, 60)}`);
      }
    }
  }
  const unknown = [...used].filter((k) => !keys.en.has(k));
  results.push({ name: 'every message the code names is in the catalogues', ok: !unknown.length, detail: unknown.join(' ') });
  results.push({ name: 'no interface text is hard-coded in web/app', ok: !prose.length, detail: prose.join('\n') });

  const html = readFileSync(join(webDir, 'index.html'), 'utf8');
  const text = html
    .replace(/<title>Tunas<\/title>/, '')
    .replace(/<[^>]*>/g, '')
    .trim();
  results.push({ name: 'index.html holds no text but the product name', ok: text === '', detail: text.slice(0, 200) });
  return results;
}
