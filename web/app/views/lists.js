// The lists: organisations, partnerships, programmes, cohorts and people, each with search,
// filters, paging and CSV export. The server pages every list (after,
// limit) and filters what its API can: cohorts by programme
// (?programme_id=), people by name prefix, region and cohort
// (POST /people/search keeps names out of URLs). Free-text search of
// partnerships, programmes and cohorts, which the API does not offer, is
// done here over the list the server gives.

import { h } from '../dom.js';
import { t, tv, date, money } from '../i18n.js';
import { all, page, post } from '../api.js';
import { listScreen, serverList, matches } from '../table.js';
import { errorText } from '../main.js';

async function orgNames() {
  const orgs = await all('organisations');
  return new Map(orgs.map((o) => [o.id, o.short_name || o.name]));
}

// The public directory of organisations (GET /organisations).
async function organisations(main) {
  const orgs = await orgNames();
  return listScreen(main, {
    title: t('nav.organisations'),
    filters: [
      { name: 'q', label: t('list.search') },
      { name: 'kind', label: t('field.org_kind'), kind: 'select', options: ['government', 'industry', 'academic', 'training_centre', 'employer'].map((k) => [k, tv('orgkind', k)]) },
    ],
    columns: [
      { label: t('field.name'), value: (r) => r.name },
      { label: t('field.short_name'), value: (r) => r.short_name || '' },
      { label: t('field.org_kind'), value: (r) => tv('orgkind', r.kind) },
      { label: t('field.country'), value: (r) => r.country },
      { label: t('field.region'), value: (r) => r.region || '' },
      { label: t('field.parent'), value: (r) => (r.parent_id ? orgs.get(r.parent_id) || '' : '') },
    ],
    csvName: 'organisations.csv',
    errorText,
    ...serverList('organisations', {
      local: (r, f) => matches(f.q, r.name, r.short_name, r.region) && (!f.kind || r.kind === f.kind),
      localActive: (f) => !!(f.q || f.kind),
      fetchPage: page,
      fetchAll: all,
    }),
  });
}

async function partnerships(main) {
  const orgs = await orgNames();
  const parties = (r) => r.parties.map((id) => orgs.get(id) || id).join(', ');
  return listScreen(main, {
    title: t('nav.partnerships'),
    filters: [{ name: 'q', label: t('list.search') }],
    columns: [
      { label: t('field.title'), value: (r) => r.title },
      { label: t('field.parties'), value: parties },
      { label: t('field.signed_on'), value: (r) => r.signed_on, cell: (r) => date(r.signed_on) },
      { label: t('field.ends_on'), value: (r) => r.ends_on || '', cell: (r) => date(r.ends_on) },
    ],
    csvName: 'partnerships.csv',
    errorText,
    ...serverList('partnerships', {
      local: (r, f) => matches(f.q, r.title, r.purpose, parties(r)),
      localActive: (f) => !!f.q,
      fetchPage: page,
      fetchAll: all,
    }),
  });
}

async function programmes(main) {
  const [orgs, currencies] = await Promise.all([orgNames(), all('programmes').then((rows) => [...new Set(rows.map((r) => r.currency))].sort())]);
  return listScreen(main, {
    title: t('nav.programmes'),
    filters: [
      { name: 'q', label: t('list.search') },
      { name: 'currency', label: t('field.currency'), kind: 'select', options: currencies.map((c) => [c, c]) },
    ],
    columns: [
      { label: t('field.code'), value: (r) => r.code },
      { label: t('field.name'), value: (r) => r.name },
      { label: t('field.owner'), value: (r) => orgs.get(r.owner_org_id) || '' },
      { label: t('field.target'), value: (r) => r.target_headcount, numeric: true },
      { label: t('field.budget'), value: (r) => (r.budget ? r.budget.amount : ''), cell: (r) => (r.budget ? money(r.budget.amount, r.budget.currency) : t('common.none')), numeric: true },
      { label: t('field.currency'), value: (r) => r.currency },
      { label: t('field.starts_on'), value: (r) => r.starts_on, cell: (r) => date(r.starts_on) },
      { label: t('field.ends_on'), value: (r) => r.ends_on, cell: (r) => date(r.ends_on) },
    ],
    csvName: 'programmes.csv',
    errorText,
    ...serverList('programmes', {
      local: (r, f) => matches(f.q, r.code, r.name, r.description, orgs.get(r.owner_org_id)) && (!f.currency || r.currency === f.currency),
      localActive: (f) => !!(f.q || f.currency),
      fetchPage: page,
      fetchAll: all,
    }),
  });
}

async function cohorts(main) {
  const [progs, orgs] = await Promise.all([all('programmes'), orgNames()]);
  const code = new Map(progs.map((p) => [p.id, p.code]));
  return listScreen(main, {
    title: t('nav.cohorts'),
    filters: [
      { name: 'q', label: t('list.search') },
      { name: 'programme', label: t('field.programme'), kind: 'select', options: progs.map((p) => [String(p.id), p.code]) },
    ],
    columns: [
      { label: t('field.name'), value: (r) => r.name, cell: (r) => h('a', { href: `#/cohorts/${r.id}` }, r.name) },
      { label: t('field.programme'), value: (r) => code.get(r.programme_id) || '' },
      { label: t('field.centre'), value: (r) => orgs.get(r.centre_org_id) || '' },
      { label: t('field.capacity'), value: (r) => r.capacity, numeric: true },
      { label: t('field.starts_on'), value: (r) => r.starts_on, cell: (r) => date(r.starts_on) },
      { label: t('field.ends_on'), value: (r) => r.ends_on, cell: (r) => date(r.ends_on) },
    ],
    csvName: 'cohorts.csv',
    errorText,
    ...serverList('cohorts', {
      server: (f) => (f.programme ? { programme_id: f.programme } : {}),
      local: (r, f) => matches(f.q, r.name, orgs.get(r.centre_org_id)),
      localActive: (f) => !!f.q,
      fetchPage: page,
      fetchAll: all,
    }),
  });
}

export const personColumns = () => [
  { label: t('field.full_name'), value: (r) => r.full_name },
  { label: t('field.id_number'), value: (r) => r.id_number },
  { label: t('field.sex'), value: (r) => tv('sex', r.sex) },
  { label: t('field.birth_year'), value: (r) => r.birth_year, cell: (r) => String(r.birth_year ?? '') },
  { label: t('field.edu_level'), value: (r) => r.edu_level },
  { label: t('field.region'), value: (r) => r.region },
  { label: t('field.employment'), value: (r) => tv('employment', r.employment) },
];

async function people(main) {
  const cohortRows = await all('cohorts');
  const body = (f) => {
    const b = {};
    if (f.name) b.name_prefix = f.name;
    if (f.region) b.region = f.region;
    if (f.cohort) b.cohort_id = Number(f.cohort);
    return b;
  };
  return listScreen(main, {
    title: t('nav.people'),
    intro: t('people.intro'),
    filters: [
      { name: 'name', label: t('people.name_prefix') },
      { name: 'region', label: t('field.region') },
      { name: 'cohort', label: t('field.cohort'), kind: 'select', options: cohortRows.map((c) => [String(c.id), c.name]) },
    ],
    columns: personColumns(),
    errorText,
    load: (f, { after, limit }) => post('people/search', { ...body(f), limit, ...(after ? { after } : {}) }),
    loadAll: async (f) => {
      const items = [];
      let after = null;
      for (;;) {
        const p = await post('people/search', { ...body(f), limit: 200, ...(after ? { after } : {}) });
        items.push(...p.items);
        if (!p.next_after || items.length >= 20000) return items;
        after = p.next_after;
      }
    },
    csvName: 'people.csv',
  });
}

export const views = { organisations, partnerships, programmes, cohorts, people };
