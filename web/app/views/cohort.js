// One cohort: its places, its waitlist in the order the server promotes
// from it, and its enrolments by status, with the moves the server allows
// (accept, waitlist, reject, enrol, complete, withdraw) and certificate
// issue for those who completed. The buttons offer only legal moves; the
// server decides whether this account may make them, whether a place is
// free, and whether the completion rules hold. After every move the
// cohort is read again: a withdrawal can promote someone from the
// waitlist.

import { h, fill } from '../dom.js';
import { t, tv, date, datetime } from '../i18n.js';
import { get, post, all } from '../api.js';
import { table, exportButton } from '../table.js';
import { errorText } from '../main.js';

const MOVES = {
  applied: ['accepted', 'waitlisted', 'rejected', 'withdrawn'],
  waitlisted: ['accepted', 'rejected', 'withdrawn'],
  accepted: ['enrolled', 'withdrawn'],
  enrolled: ['completed', 'withdrawn'],
};
const STATUSES = ['applied', 'waitlisted', 'accepted', 'enrolled', 'completed', 'rejected', 'withdrawn'];

async function load(id) {
  const [c, enrolments, people, certs, counts] = await Promise.all([
    get(`cohorts/${id}`),
    all(`cohorts/${id}/enrolments`),
    all('people', { cohort_id: id }),
    all('certificates', { cohort_id: id }),
    get(`cohorts/${id}/counts`),
  ]);
  return { c, enrolments, counts, names: new Map(people.map((p) => [p.id, p.full_name])), certified: new Map(certs.map((x) => [x.person_id, x])) };
}

// The waitlist in the server's order: who applied first, then the lower id.
function waitlistOf(enrolments) {
  return enrolments.filter((e) => e.status === 'waitlisted').sort((a, b) => a.applied_at - b.applied_at || a.id - b.id);
}

export default async function cohort(main, args, app, n, stale) {
  const id = Number(args[0]);
  let d = await load(id);
  if (stale()) return;
  const msg = h('p', { role: 'status', id: 'cohort-status' });
  const filter = h('select', { id: 'status-filter' }, h('option', { value: '' }, t('list.any')), STATUSES.map((s) => h('option', { value: s }, tv('status', s))));
  const places = h('p', { id: 'cohort-places' });
  const countLine = h('p', { id: 'cohort-counts' });
  const waitBody = h('div', { id: 'waitlist' });
  const body = h('div', { id: 'enrolments' });
  const nameOf = (e) => d.names.get(e.person_id) || `#${e.person_id}`;
  const taken = () => d.counts.accepted + d.counts.enrolled + d.counts.completed;
  // Who decides on enrolments and issues certificates (the server's rule;
  // an instructor sees the cohort but is refused, so is offered nothing).
  const decides = ['system_admin', 'centre_admin', 'programme_owner'].includes(app.me.role);

  async function act(fn) {
    msg.className = '';
    msg.textContent = t('common.saving');
    try {
      const done = await fn();
      d = await load(id);
      msg.className = 'ok';
      msg.textContent = done;
      render();
    } catch (e) {
      msg.className = 'error';
      msg.textContent = errorText(e);
    }
  }

  function moveButton(e, to) {
    const name = nameOf(e);
    return h(
      'button',
      {
        type: 'button',
        class: to === 'rejected' || to === 'withdrawn' ? 'danger' : null,
        'aria-label': t('cohort.move_label', { action: t(`move.${to}`), name }),
        onclick: () =>
          act(async () => {
            const r = await post(`enrolments/${e.id}/status`, { status: to });
            return t('cohort.moved', { name, status: tv('status', r.status) });
          }),
      },
      t(`move.${to}`),
    );
  }

  function certLinks(cert) {
    return [
      h('span', { dataset: { status: cert.status } }, t('cohort.certificate', { status: tv('certstatus', cert.status) })),
      h('a', { href: `/api/v1/certificates/${cert.id}/pdf`, download: `certificate-${cert.id}.pdf`, class: 'cert-pdf' }, t('me.pdf')),
      h('a', { href: `#/verify/${cert.uuid}`, class: 'cert-verify' }, t('me.verify')),
    ];
  }

  const columns = [
    { label: t('field.full_name'), value: nameOf },
    { label: t('field.status'), value: (e) => tv('status', e.status) },
    { label: t('cohort.reason'), value: (e) => e.reason },
    {
      label: t('cohort.actions'),
      value: () => '',
      cell: (e) => {
        const name = nameOf(e);
        // Accepting from the waitlist needs a free place; the server
        // refuses it otherwise (409), so the button is not offered.
        const moves = (decides ? MOVES[e.status] || [] : []).filter((to) => !(e.status === 'waitlisted' && to === 'accepted' && taken() >= d.c.capacity));
        const items = moves.map((to) => moveButton(e, to));
        if (e.status === 'completed') {
          const cert = d.certified.get(e.person_id);
          if (cert) items.push(...certLinks(cert));
          else if (decides)
            items.push(
              h(
                'button',
                {
                  type: 'button',
                  class: 'primary',
                  'aria-label': t('cohort.issue_label', { name }),
                  onclick: () =>
                    act(async () => {
                      await post('certificates', { person_id: e.person_id, cohort_id: id });
                      return t('cohort.issued', { name });
                    }),
                },
                t('cohort.issue'),
              ),
            );
        }
        return h('div', { class: 'row-actions' }, items);
      },
    },
  ];

  const waitColumns = [
    { label: t('waitlist.position'), value: (e) => d.wait.indexOf(e) + 1, numeric: true },
    { label: t('field.full_name'), value: nameOf },
    { label: t('waitlist.applied'), value: (e) => datetime(e.applied_at) },
    { label: t('cohort.reason'), value: (e) => e.reason },
    { label: t('cohort.actions'), value: () => '', cell: columns[3].cell },
  ];

  function render() {
    d.wait = waitlistOf(d.enrolments);
    const free = Math.max(0, d.c.capacity - taken());
    places.textContent = t('cohort.places', { taken: taken(), capacity: d.c.capacity, free });
    countLine.textContent = STATUSES.map((s) => t('cohort.count', { status: tv('status', s), n: d.counts[s] || 0 })).join(' · ');
    fill(
      waitBody,
      d.wait.length === 0
        ? h('p', { class: 'note' }, t('waitlist.empty'))
        : [
            h('p', { class: 'sub' }, free ? t('waitlist.free', { n: free }) : t('waitlist.full')),
            table(waitColumns, d.wait, { caption: t('waitlist.title') }),
          ],
    );
    const rows = d.enrolments.filter((e) => !filter.value || e.status === filter.value);
    fill(body, table(columns, rows, { caption: t('cohort.enrolments'), empty: t('list.none') }));
  }
  filter.addEventListener('change', render);
  fill(
    main,
    h('p', null, h('a', { href: '#/cohorts' }, t('cohort.back'))),
    h('h1', null, d.c.name),
    h('p', { class: 'sub' }, t('dash.dates', { from: date(d.c.starts_on), to: date(d.c.ends_on) }), ' · ', t('cohort.capacity', { n: d.c.capacity })),
    places,
    countLine,
    h('p', { class: 'links' }, h('a', { href: `#/cohorts/${id}/assessments`, id: 'to-assessments' }, t('assess.title_short')), ' · ', h('a', { href: '#/attendance' }, t('nav.attendance'))),
    msg,
    h(
      'section',
      { id: 'waitlist-section' },
      h('h2', { id: 'waitlist-h' }, t('waitlist.title')),
      h('p', { class: 'note' }, t('waitlist.intro')),
      h('div', { class: 'filters' }, h('div', { class: 'actions' }, exportButton(`cohort-${id}-waitlist.csv`, waitColumns.slice(0, 4), async () => d.wait, { id: 'export-waitlist' }))),
      waitBody,
    ),
    h(
      'section',
      { id: 'enrolments-section' },
      h('h2', { id: 'enrolments-h' }, t('cohort.enrolments')),
      h(
        'div',
        { class: 'filters' },
        h('div', { class: 'field' }, h('label', { for: 'status-filter' }, t('field.status')), filter),
        h('div', { class: 'actions' }, exportButton(`cohort-${id}-enrolments.csv`, columns.slice(0, 3), async () => d.enrolments, { id: 'export-enrolments' })),
      ),
      body,
    ),
  );
  render();
}
