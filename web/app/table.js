// Tables, lists with search, filters and paging, and CSV export.

import { h, fill, uid } from './dom.js';
import { t, num } from './i18n.js';

// columns: [{label, value(row), numeric?, cell?(row) -> node}]
export function table(columns, rows, { caption, empty } = {}) {
  if (!rows.length) return h('p', { class: 'note' }, empty || t('common.empty'));
  return h(
    'div',
    { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption || null },
    h(
      'table',
      null,
      caption ? h('caption', null, caption) : null,
      h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.label)))),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            null,
            columns.map((c, i) => {
              const content = c.cell ? c.cell(r) : c.numeric ? num(c.value(r)) : c.value(r);
              return i === 0
                ? h('th', { scope: 'row', class: c.numeric ? 'num' : null }, content)
                : h('td', { class: c.numeric ? 'num' : null }, content);
            }),
          ),
        ),
      ),
    ),
  );
}

// RFC 4180 CSV of rows with the columns' labels as its header. A cell that
// a spreadsheet would read as a formula (=, +, -, @, tab, CR) gets a
// leading apostrophe, so that exported names cannot run as formulas.
export function toCsv(columns, rows) {
  const cell = (v) => {
    let s = v === null || v === undefined ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [columns.map((c) => cell(c.label)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => cell(c.csv ? c.csv(r) : c.value(r))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function download(filename, text) {
  const blob = new Blob([text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// The CSV export button: rows() gives the rows (it may load them), the
// columns' labels make the header.
export function exportButton(filename, columns, rows, attrs = {}) {
  const btn = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      ...attrs,
      onclick: async () => {
        btn.disabled = true;
        try {
          download(filename, toCsv(columns, await rows()));
        } finally {
          btn.disabled = false;
        }
      },
    },
    t('list.export'),
  );
  return btn;
}

// A list screen: filters, a table, paging and CSV export.
//   title, intro: text
//   heading: 'h1' (a screen of its own, the default) or 'h2' (a section)
//   controls: an object that gets reload() (this page again)
//   filters: [{name, label, kind: 'text'|'select', options: [[value, label]]}]
//   columns: as table()
//   load(filters, {after, limit}) -> {items, next_after}  (one page)
//   loadAll(filters) -> items                         (for the CSV)
//   csvName: file name
export function listScreen(main, cfg) {
  const state = { filters: {}, after: null, stack: [], limit: 25 };
  const body = h('div', { class: 'list-body', 'aria-live': 'polite' });
  const status = h('p', { class: 'sub', role: 'status' });
  const inputs = (cfg.filters || []).map((f) => {
    const id = uid(f.name);
    const input =
      f.kind === 'select'
        ? h('select', { id, name: f.name }, h('option', { value: '' }, t('list.any')), f.options.map(([v, l]) => h('option', { value: v }, l)))
        : h('input', { id, name: f.name, type: 'search', autocomplete: 'off' });
    return { f, input, node: h('div', { class: 'field' }, h('label', { for: id }, f.label), input) };
  });
  const sizeId = uid('size');
  const size = h('select', { id: sizeId }, [10, 25, 50, 100].map((n) => h('option', { value: n, selected: n === state.limit }, num(n))));
  const prev = h('button', { type: 'button', onclick: () => go(state.stack.pop() ?? null, false) }, t('list.previous'));
  const next = h('button', { type: 'button' }, t('list.next'));
  const exportBtn = exportButton(cfg.csvName, cfg.columns, () => cfg.loadAll(state.filters));
  let nextAfter = null;
  next.addEventListener('click', () => {
    state.stack.push(state.after);
    go(nextAfter, false);
  });

  async function go(after, reset) {
    if (reset) state.stack = [];
    state.after = after;
    state.filters = Object.fromEntries(inputs.map((x) => [x.f.name, x.input.value.trim()]));
    status.textContent = t('common.loading');
    try {
      const page = await cfg.load(state.filters, { after, limit: state.limit });
      nextAfter = page.next_after;
      fill(body, table(cfg.columns, page.items, { caption: cfg.title, empty: t('list.none') }));
      prev.disabled = state.stack.length === 0;
      next.disabled = page.next_after === null || page.next_after === undefined;
      const first = state.stack.length * state.limit + (page.items.length ? 1 : 0);
      status.textContent = t('list.showing', { from: first, to: state.stack.length * state.limit + page.items.length });
    } catch (e) {
      status.textContent = '';
      fill(body, h('p', { class: 'error', role: 'alert' }, cfg.errorText(e)));
    }
  }

  let timer = null;
  for (const x of inputs) {
    x.input.addEventListener(x.f.kind === 'select' ? 'change' : 'input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => go(null, true), x.f.kind === 'select' ? 0 : 250);
    });
  }
  size.addEventListener('change', () => {
    state.limit = Number(size.value);
    go(null, true);
  });
  if (cfg.controls) cfg.controls.reload = () => go(state.after, false);
  fill(
    main,
    h(cfg.heading || 'h1', null, cfg.title),
    cfg.intro ? h('p', null, cfg.intro) : null,
    h(
      'form',
      { class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); go(null, true); } },
      inputs.map((x) => x.node),
      h('div', { class: 'field' }, h('label', { for: sizeId }, t('list.page_size')), size),
      h('div', { class: 'actions' }, exportBtn),
    ),
    status,
    body,
    h('nav', { class: 'pager', 'aria-label': t('list.paging') }, prev, next),
  );
  return go(null, true);
}

// Paging over rows already loaded (short lists filtered in the browser).
export function localPage(rows, { after, limit }) {
  const start = after ? rows.findIndex((r) => r.id === after) + 1 : 0;
  const items = rows.slice(start, start + limit);
  const more = start + limit < rows.length;
  return { items, next_after: more ? items[items.length - 1].id : null };
}

// Does row text contain the query (ignoring case)?
export function matches(q, ...fields) {
  if (!q) return true;
  const s = q.toLocaleLowerCase();
  return fields.some((f) => f && String(f).toLocaleLowerCase().includes(s));
}

// A list the server pages (after, limit) and filters by what its API
// takes (`server(filters)`: query parameters), narrowed here by what it
// does not (`local(row, filters)`, when `localActive(filters)`): then the
// whole filtered list is loaded (page by page) and paged here.
export function serverList(path, { server = () => ({}), local = () => true, localActive = () => false, fetchPage, fetchAll }) {
  const cache = new Map();
  const allOf = async (q) => {
    const key = JSON.stringify(q);
    if (!cache.has(key)) cache.set(key, fetchAll(path, q));
    return cache.get(key);
  };
  return {
    load: async (f, { after, limit }) => {
      const q = server(f);
      if (!localActive(f)) return fetchPage(path, { ...q, after, limit });
      return localPage((await allOf(q)).filter((r) => local(r, f)), { after, limit });
    },
    loadAll: async (f) => (await fetchAll(path, server(f))).filter((r) => local(r, f)),
  };
}
