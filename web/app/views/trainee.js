// A trainee's own page: their enrolments with progress towards completion,
// their certificates (PDF to download, public verification link), and the
// vacancies their verified competencies match, each with the shortest
// training pathway to it.

import { h, fill } from '../dom.js';
import { t, tv, pct, date, datetime, money } from '../i18n.js';
import { get, all, ApiError } from '../api.js';
import { table } from '../table.js';

async function maybe(promise) {
  try {
    return await promise;
  } catch (e) {
    if (e instanceof ApiError && [403, 404, 422].includes(e.status)) return null;
    throw e;
  }
}

export default async function me(main, args, app, n, stale) {
  if (!app.me.person_id) {
    fill(main, h('h1', null, t('nav.me')), h('p', { class: 'note' }, t('me.no_person')));
    return;
  }
  const pid = app.me.person_id;
  const [person, enrolments, certs, jobs] = await Promise.all([
    get(`people/${pid}`),
    all(`people/${pid}/enrolments`),
    all('certificates', { person_id: pid }),
    maybe(get(`people/${pid}/vacancies?limit=200`)),
  ]);
  const cohorts = await Promise.all(enrolments.map((e) => get(`cohorts/${e.cohort_id}`)));
  const completion = await Promise.all(enrolments.map((e) => maybe(get(`cohorts/${e.cohort_id}/completion/${pid}`))));
  // Every matching vacancy the server gives (up to its limit of 200),
  // each with its own pathway.
  const vacancies = jobs ? jobs.items : [];
  const pathways = await Promise.all(vacancies.map((v) => maybe(get(`people/${pid}/pathway?vacancy_id=${v.vacancy_id}`))));
  if (stale()) return;
  fill(
    main,
    h('h1', null, t('me.title', { name: person.full_name })),
    h('h2', null, t('me.enrolments')),
    table(
      [
        { label: t('field.cohort'), value: (e) => cohorts[enrolments.indexOf(e)].name },
        { label: t('field.status'), value: (e) => tv('status', e.status) },
        { label: t('me.attendance'), value: (e) => { const c = completion[enrolments.indexOf(e)]; return c ? pct(c.attendance / 100) : t('common.none'); } },
        { label: t('me.units'), value: (e) => { const c = completion[enrolments.indexOf(e)]; return c ? t('me.units_of', { done: c.units_competent, total: c.units_total }) : t('common.none'); } },
        { label: t('me.complete'), value: (e) => { const c = completion[enrolments.indexOf(e)]; return c ? (c.complete ? t('common.yes') : t('common.no')) : t('common.none'); } },
      ],
      enrolments,
      { caption: t('me.enrolments') },
    ),
    h('h2', null, t('me.certificates')),
    certs.length === 0
      ? h('p', { class: 'note', id: 'no-certs' }, t('me.no_certificates'))
      : table(
          [
            { label: t('verify.achievement'), value: (c) => c.achievement },
            { label: t('field.status'), value: (c) => tv('certstatus', c.status) },
            { label: t('me.issued'), value: (c) => datetime(c.issued_at) },
            {
              label: t('me.download'),
              value: () => '',
              cell: (c) => [h('a', { href: `/api/v1/certificates/${c.id}/pdf`, download: `certificate-${c.id}.pdf` }, t('me.pdf')), ' · ', h('a', { href: `#/verify/${c.uuid}` }, t('me.verify'))],
            },
          ],
          certs,
          { caption: t('me.certificates') },
        ),
    h('h2', null, t('me.jobs')),
    vacancies.length ? h('p', { class: 'sub', id: 'job-count' }, t('me.job_count', { n: vacancies.length })) : null,
    vacancies.length === 0
      ? h('p', { class: 'note' }, t('me.no_jobs'))
      : h(
          'ul',
          { class: 'cards' },
          vacancies.map((v, i) => {
            const p = pathways[i];
            return h(
              'li',
              { class: 'card', dataset: { vacancy: v.vacancy_id } },
              h('h3', null, v.title),
              h('p', { class: 'sub' }, v.region),
              h('p', null, t('me.match', { met: v.essential_met, total: v.essential_total })),
              p && p.steps.length
                ? h(
                    'div',
                    null,
                    h('p', null, t('me.pathway')),
                    h('ul', null, p.steps.map((s) => h('li', null, t('me.step', { course: s.course, date: date(s.starts_on), hours: s.hours, fee: money(s.fee_minor / 100, s.currency) })))),
                  )
                : h('p', { class: 'note' }, t('me.ready')),
            );
          }),
        ),
  );
}
