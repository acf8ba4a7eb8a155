// A programme owner's dashboard: each programme's target against what has
// been achieved (GET /programmes/{id}/progress), then for one programme the
// rates (completion, certification, placement), the budget, the enrolment
// pipeline as a chart, and breakdowns by region, gender, education level
// and partner (GET /programmes/{id}/breakdown?by=...).

import { h, fill, uid } from '../dom.js';
import * as i18n from '../i18n.js';
import { t, pct, money, date } from '../i18n.js';
import { get, all, ApiError } from '../api.js';
import { bar } from '../charts.js';
import { table, exportButton } from '../table.js';

const STATUSES = ['applied', 'accepted', 'waitlisted', 'rejected', 'enrolled', 'completed', 'withdrawn'];
const BREAKDOWNS = ['region', 'gender', 'edu_level', 'partner'];

async function progressOf(p) {
  try {
    return await get(`programmes/${p.id}/progress`);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return null;
    throw e;
  }
}

// A figure from an endpoint the caller may not be allowed to read.
async function maybe(path) {
  try {
    return await get(path);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return null;
    throw e;
  }
}

function summaryCard(p, pr, selected) {
  return h(
    'li',
    { class: `card programme${selected ? ' selected' : ''}`, dataset: { programme: p.code } },
    h('h2', null, h('a', { href: `#/dashboard/${p.id}` }, p.name)),
    h('p', { class: 'headline', dataset: { testid: 'headline' } }, t('dash.trained_of', { trained: pr.trained, target: pr.target })),
    h('progress', { max: Math.max(pr.target, pr.trained), value: pr.trained, 'aria-label': t('dash.progress_label', { name: p.code }) }),
    h(
      'p',
      { class: 'sub' },
      t('dash.percent_of_target', { percent: pct(pr.percent_of_target / 100) }),
      ' · ',
      t('dash.in_training', { n: pr.in_training }),
    ),
  );
}

function rate(label, value, detail, testid) {
  return h('div', { class: 'stat', dataset: { testid } }, h('dt', null, label), h('dd', null, h('strong', null, value), detail ? h('span', { class: 'sub' }, detail) : null));
}

export default async function dashboard(main, args, app, n, stale) {
  const programmes = await all('programmes');
  const progress = await Promise.all(programmes.map(progressOf));
  if (stale()) return;
  const mine = programmes.map((p, i) => ({ p, pr: progress[i] })).filter((x) => x.pr);
  const wanted = Number(args[0]);
  const chosen = mine.find((x) => x.p.id === wanted) || mine[0];
  const detail = h('section', { class: 'detail', 'aria-live': 'polite' });
  fill(
    main,
    h('h1', null, t('dash.title')),
    mine.length === 0
      ? h('p', { class: 'note' }, t('dash.none'))
      : h('ul', { class: 'cards', 'aria-label': t('dash.programmes') }, mine.map((x) => summaryCard(x.p, x.pr, x === chosen))),
    detail,
  );
  // The first screen is up: the browser tests time this mark.
  performance.mark('tunas-dashboard-first-screen');
  if (chosen) await programmeDetail(detail, chosen.p, chosen.pr, stale);
}

async function programmeDetail(el, p, pr, stale) {
  const [funding, placements] = await Promise.all([maybe(`programmes/${p.id}/funding`), maybe('placement-rates?by=programme')]);
  if (stale()) return;
  const c = pr.enrolments;
  const started = c.completed + c.enrolled + c.withdrawn;
  const placed = placements ? placements.items.find((r) => r.id === p.id) : null;
  const stats = h(
    'dl',
    { class: 'stats' },
    rate(t('dash.completion_rate'), pct(started ? c.completed / started : null), t('dash.completion_detail', { completed: c.completed, started }), 'completion'),
    rate(
      t('dash.certification_rate'),
      funding && funding.completions ? pct(funding.certifications / funding.completions) : t('common.none'),
      funding ? t('dash.certification_detail', { certified: funding.certifications, completed: funding.completions }) : null,
      'certification',
    ),
    rate(
      t('dash.placement_rate'),
      placed ? pct(placed.rate) : t('common.none'),
      placed ? t('dash.placement_detail', { placed: placed.placed, completed: placed.completed }) : null,
      'placement',
    ),
    rate(
      t('dash.budget'),
      p.budget ? money(p.budget.amount, p.budget.currency) : t('common.none'),
      funding ? t('dash.spent', { spent: money(funding.spent_minor / 100, funding.currency) }) : null,
      'budget',
    ),
  );
  const canvas = h('canvas', { role: 'img', 'aria-label': t('dash.pipeline_chart', { name: p.code }) });
  const pipeline = table(
    [
      { label: t('dash.status'), value: (s) => t(`status.${s}`) },
      { label: t('dash.people'), value: (s) => c[s], numeric: true },
    ],
    STATUSES,
    { caption: t('dash.pipeline') },
  );
  const byId = uid('by');
  const bySelect = h('select', { id: byId }, BREAKDOWNS.map((b) => h('option', { value: b }, t(`dash.by.${b}`))));
  const breakdownBody = h('div', { class: 'breakdown-body' });
  fill(
    el,
    h('h2', null, p.name),
    h('p', { class: 'sub' }, t('dash.dates', { from: date(p.starts_on), to: date(p.ends_on) })),
    stats,
    h('div', { class: 'two' }, h('div', { class: 'chart' }, canvas), pipeline),
    h(
      'section',
      { class: 'breakdown', 'aria-labelledby': `${byId}-h` },
      h('h3', { id: `${byId}-h` }, t('dash.breakdown')),
      h('div', { class: 'field inline' }, h('label', { for: byId }, t('dash.breakdown_by')), bySelect),
      breakdownBody,
    ),
  );
  bySelect.addEventListener('change', () => breakdown(breakdownBody, p, bySelect.value, stale));
  await Promise.all([
    bar(canvas, STATUSES.map((s) => t(`status.${s}`)), [{ label: t('dash.people'), data: STATUSES.map((s) => c[s]) }], { locale: i18n.locale() }),
    breakdown(breakdownBody, p, bySelect.value, stale),
  ]);
}

// The breakdown of one programme by one dimension: a chart, the same
// figures as a table, and their CSV. A server without the endpoint (an
// older version answers 404) gets the catalogue's "unavailable" message.
async function breakdown(el, p, by, stale) {
  let data;
  try {
    data = await get(`programmes/${p.id}/breakdown?by=${encodeURIComponent(by)}`);
  } catch (e) {
    if (stale()) return;
    if (e instanceof ApiError && (e.status === 404 || e.status === 403)) {
      fill(el, h('p', { class: 'note', dataset: { testid: 'breakdown-unavailable' } }, t('dash.breakdown_unavailable')));
      return;
    }
    throw e;
  }
  if (stale()) return;
  const rows = data.rows || [];
  const keyLabel = (k) => (by === 'gender' ? i18n.tv('sex', k) : k);
  const canvas = h('canvas', { role: 'img', 'aria-label': t('dash.breakdown_chart', { by: t(`dash.by.${by}`) }) });
  const columns = [
    { label: t(`dash.by.${by}`), value: (r) => keyLabel(r.key) },
    { label: t('dash.enrolled'), value: (r) => r.enrolled, numeric: true },
    { label: t('dash.completed'), value: (r) => r.completed, numeric: true },
    { label: t('dash.certified'), value: (r) => r.certified, numeric: true },
    { label: t('dash.placed'), value: (r) => r.placed, numeric: true },
  ];
  fill(
    el,
    h('div', { class: 'chart tall' }, canvas),
    table(columns, rows, { caption: t('dash.breakdown_table', { by: t(`dash.by.${by}`) }) }),
    h('div', { class: 'filters' }, h('div', { class: 'actions' }, exportButton(`${p.code}-by-${by}.csv`, columns, async () => rows))),
  );
  await bar(
    canvas,
    rows.map((r) => keyLabel(r.key)),
    ['enrolled', 'completed', 'certified', 'placed'].map((k) => ({ label: t(`dash.${k}`), data: rows.map((r) => r[k]) })),
    { locale: i18n.locale() },
  );
}
