// An employer's vacancies and, for each, the certified candidates who
// consented to be found (GET /vacancies/{id}/candidates: the server checks
// consent for every candidate shown).

import { h, fill } from '../dom.js';
import { t, tv, date } from '../i18n.js';
import { get, all } from '../api.js';
import { table, toCsv, download } from '../table.js';

async function vacancies(main, args, app, n, stale) {
  const query = app.me.role === 'employer' ? { employer_org_id: app.me.org_id } : {};
  const rows = await all('vacancies', query);
  if (stale()) return;
  const columns = [
    { label: t('field.title'), value: (v) => v.title, cell: (v) => h('a', { href: `#/vacancies/${v.id}` }, v.title) },
    { label: t('field.region'), value: (v) => v.region },
    { label: t('employer.openings'), value: (v) => v.openings, numeric: true },
    { label: t('employer.closes'), value: (v) => v.closes_on, cell: (v) => date(v.closes_on) },
    { label: t('field.status'), value: (v) => tv('vacancy', v.status) },
  ];
  fill(
    main,
    h('h1', null, t('employer.title')),
    h('div', { class: 'filters' }, h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => download('vacancies.csv', toCsv(columns, rows)) }, t('list.export')))),
    table(columns, rows, { caption: t('employer.title'), empty: t('employer.none') }),
  );
}

async function vacancy(main, args, app, n, stale) {
  const id = Number(args[0]);
  const [v, cands] = await Promise.all([get(`vacancies/${id}`), get(`vacancies/${id}/candidates?limit=200`)]);
  if (stale()) return;
  const columns = [
    { label: t('field.full_name'), value: (c) => c.name },
    { label: t('field.region'), value: (c) => c.region },
    { label: t('employer.essential'), value: (c) => t('employer.of', { met: c.essential_met, total: c.essential_total }) },
    { label: t('employer.optional'), value: (c) => t('employer.of', { met: c.optional_met, total: c.optional_total }) },
  ];
  fill(
    main,
    h('p', null, h('a', { href: '#/vacancies' }, t('employer.back'))),
    h('h1', null, v.title),
    h('p', { class: 'sub' }, v.region, ' · ', t('employer.openings_n', { n: v.openings }), ' · ', t('employer.closes_on', { date: date(v.closes_on) })),
    h('h2', null, t('employer.candidates')),
    h('p', null, t('employer.consent_note')),
    h('p', { id: 'candidate-count' }, t('employer.candidate_count', { n: cands.items.length })),
    h('div', { class: 'filters' }, h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => download(`candidates-${id}.csv`, toCsv(columns, cands.items)) }, t('list.export')))),
    table(columns, cands.items, { caption: t('employer.candidates'), empty: t('employer.no_candidates') }),
  );
}

export const views = { vacancies, vacancy };
