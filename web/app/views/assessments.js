// A cohort's assessments: an assessor (instructor, centre admin) records a
// trainee's attempt at a competency unit — result, score, rubric and
// evidence — with POST /cohorts/{id}/assessments, and a second person
// signs it off with POST /assessments/{id}/verify (four eyes). Attempts are
// never changed: a re-assessment is a new attempt. The list is paged by
// the server and narrowed to one trainee by its person_id filter.

import { h, fill, uid } from '../dom.js';
import { t, tv, date, datetime } from '../i18n.js';
import { get, post, all, page } from '../api.js';
import { listScreen } from '../table.js';
import { errorText } from '../main.js';

const RESULTS = ['competent', 'not_yet_competent'];

// Today in the browser's zone, as a calendar date.
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// The units the cohort is assessed on: those of the courses its timetable
// teaches, or of all its programme's courses when no session names one.
async function unitsOf(c) {
  const [courses, sessions] = await Promise.all([all(`programmes/${c.programme_id}/courses`), all(`cohorts/${c.id}/sessions`).catch(() => [])]);
  const taught = new Set(sessions.map((s) => s.course_id).filter(Boolean));
  const chosen = courses.filter((x) => !taught.size || taught.has(x.id));
  const lists = await Promise.all(chosen.map((x) => all(`courses/${x.id}/units`)));
  return lists.flat();
}

export default async function assessments(main, args, app, n, stale) {
  const id = Number(args[0]);
  const c = await get(`cohorts/${id}`);
  const [enrolments, people, units] = await Promise.all([all(`cohorts/${id}/enrolments`), all('people', { cohort_id: id }), unitsOf(c)]);
  if (stale()) return;
  const names = new Map(people.map((p) => [p.id, p.full_name]));
  const unitById = new Map(units.map((u) => [u.id, u]));
  const unitName = (uid_) => {
    const u = unitById.get(uid_);
    return u ? `${u.code} ${u.title}` : `#${uid_}`;
  };
  const trainees = enrolments
    .filter((e) => e.status === 'enrolled' || e.status === 'completed')
    .map((e) => ({ id: e.person_id, name: names.get(e.person_id) || `#${e.person_id}` }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const nameOf = (pid) => names.get(pid) || `#${pid}`;
  const controls = {};
  // Assessors (the server's rule): system admins, centre admins and
  // instructors; a programme owner may read the attempts but is refused
  // recording or signing off, so is offered neither.
  const assesses = ['system_admin', 'centre_admin', 'instructor'].includes(app.me.role);

  // ---- the form
  const msg = h('p', { role: 'status', id: 'assess-status' });
  const ids = { person: uid('a-person'), unit: uid('a-unit'), score: uid('a-score'), rubric: uid('a-rubric'), evidence: uid('a-evidence'), on: uid('a-on') };
  const person = h('select', { id: ids.person, name: 'person_id', required: true }, h('option', { value: '' }, t('assess.choose')), trainees.map((p) => h('option', { value: p.id }, p.name)));
  const unit = h('select', { id: ids.unit, name: 'unit_id', required: true }, h('option', { value: '' }, t('assess.choose')), units.map((u) => h('option', { value: u.id }, `${u.code} ${u.title}`)));
  const results = RESULTS.map((r) => h('label', null, h('input', { type: 'radio', name: 'result', value: r, required: true }), tv('result', r)));
  const score = h('input', { id: ids.score, name: 'score', type: 'number', min: 0, max: 100, step: 1, inputmode: 'numeric', 'aria-describedby': `${ids.score}-help` });
  const rubric = h('textarea', { id: ids.rubric, name: 'rubric', rows: 3, maxlength: 2000 });
  const evidence = h('textarea', { id: ids.evidence, name: 'evidence', rows: 3, maxlength: 2000, required: true });
  const on = h('input', { id: ids.on, name: 'assessed_on', type: 'date', required: true, value: today() });
  const save = h('button', { type: 'submit', class: 'primary', id: 'record-attempt' }, t('assess.record'));
  const form = h(
    'form',
    {
      class: 'card',
      id: 'assess-form',
      onsubmit: async (e) => {
        e.preventDefault();
        const result = form.querySelector('input[name=result]:checked');
        const body = {
          person_id: Number(person.value),
          unit_id: Number(unit.value),
          result: result ? result.value : '',
          evidence: evidence.value.trim(),
          assessed_on: on.value,
        };
        if (score.value !== '') body.score = Number(score.value);
        if (rubric.value.trim()) body.rubric = rubric.value.trim();
        save.disabled = true;
        msg.className = '';
        msg.textContent = t('common.saving');
        try {
          const a = await post(`cohorts/${id}/assessments`, body);
          msg.className = 'ok';
          msg.textContent = t('assess.recorded', { attempt: a.attempt, unit: unitName(a.unit_id), name: nameOf(a.person_id) });
          evidence.value = '';
          score.value = '';
          if (controls.reload) await controls.reload();
        } catch (err) {
          msg.className = 'error';
          msg.textContent = errorText(err);
        } finally {
          save.disabled = false;
        }
      },
    },
    h('h2', null, t('assess.new')),
    h('p', { class: 'note' }, t('assess.new_intro')),
    h('div', { class: 'field' }, h('label', { for: ids.person }, t('assess.trainee')), person),
    h('div', { class: 'field' }, h('label', { for: ids.unit }, t('assess.unit')), unit),
    h('fieldset', { class: 'field choices-field' }, h('legend', null, t('assess.result')), h('div', { class: 'choices' }, results)),
    h('div', { class: 'field' }, h('label', { for: ids.score }, t('assess.score')), score, h('p', { class: 'sub', id: `${ids.score}-help` }, t('assess.score_help'))),
    h('div', { class: 'field' }, h('label', { for: ids.rubric }, t('assess.rubric')), rubric),
    h('div', { class: 'field' }, h('label', { for: ids.evidence }, t('assess.evidence')), evidence),
    h('div', { class: 'field' }, h('label', { for: ids.on }, t('assess.assessed_on')), on),
    save,
    msg,
  );

  // ---- the attempts
  const listMsg = h('p', { role: 'status', id: 'signoff-status' });
  const columns = [
    { label: t('assess.trainee'), value: (a) => nameOf(a.person_id) },
    { label: t('assess.unit'), value: (a) => unitName(a.unit_id) },
    { label: t('assess.attempt'), value: (a) => a.attempt, numeric: true },
    { label: t('assess.result'), value: (a) => tv('result', a.result) },
    { label: t('assess.score'), value: (a) => (a.score === null ? '' : a.score), cell: (a) => (a.score === null ? t('common.none') : String(a.score)), numeric: true },
    { label: t('assess.assessed_on'), value: (a) => a.assessed_on, cell: (a) => date(a.assessed_on) },
    { label: t('assess.rubric'), value: (a) => a.rubric },
    { label: t('assess.evidence'), value: (a) => a.evidence },
    {
      label: t('assess.signoff'),
      value: (a) => (a.verified_at ? datetime(a.verified_at) : ''),
      cell: (a) => {
        if (a.verified_at) return h('span', { class: 'ok', dataset: { signed: 'yes' } }, t('assess.signed', { when: datetime(a.verified_at) }));
        // The assessor cannot sign off their own attempt (the server
        // answers 403): someone else must.
        if (!assesses) return h('span', { class: 'note', dataset: { signed: 'no' } }, t('assess.awaiting'));
        if (a.assessor_user_id === app.me.user_id) return h('span', { class: 'note', dataset: { signed: 'no' } }, t('assess.awaiting_other'));
        return h(
          'button',
          {
            type: 'button',
            'aria-label': t('assess.signoff_label', { unit: unitName(a.unit_id), name: nameOf(a.person_id) }),
            onclick: async () => {
              listMsg.className = '';
              listMsg.textContent = t('common.saving');
              try {
                await post(`assessments/${a.id}/verify`);
                listMsg.className = 'ok';
                listMsg.textContent = t('assess.verified', { unit: unitName(a.unit_id), name: nameOf(a.person_id) });
                await controls.reload();
              } catch (err) {
                listMsg.className = 'error';
                listMsg.textContent = errorText(err);
              }
            },
          },
          t('assess.signoff_do'),
        );
      },
    },
  ];
  const list = h('section', { class: 'attempts' });
  fill(
    main,
    h('p', null, h('a', { href: `#/cohorts/${id}` }, t('assess.back', { name: c.name }))),
    h('h1', null, t('assess.title', { name: c.name })),
    h('p', null, t('assess.intro')),
    !assesses ? null : trainees.length && units.length ? form : h('p', { class: 'note' }, t('assess.nothing')),
    listMsg,
    list,
  );
  return listScreen(list, {
    heading: 'h2',
    title: t('assess.attempts'),
    controls,
    filters: [{ name: 'person', label: t('assess.trainee'), kind: 'select', options: trainees.map((p) => [String(p.id), p.name]) }],
    columns,
    errorText,
    load: (f, { after, limit }) => page(`cohorts/${id}/assessments`, { person_id: f.person, after, limit }),
    loadAll: (f) => all(`cohorts/${id}/assessments`, { person_id: f.person }),
    csvName: `cohort-${id}-assessments.csv`,
  });
}
