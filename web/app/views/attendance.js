// An instructor's attendance: their cohorts' sessions, then one session's
// sheet, made for a phone (one trainee a row, four large choices, the save
// button always in reach). POST /sessions/{id}/attendance records the
// sheet all or nothing; a changed mark is a correction the server keeps.

import { h, fill } from '../dom.js';
import { t, datetime } from '../i18n.js';
import { get, post, all } from '../api.js';
import { errorText } from '../main.js';

const MARKS = ['present', 'late', 'absent', 'excused'];

async function attendance(main, args, app, n, stale) {
  const cohorts = await all('cohorts');
  const mine = cohorts.filter((c) => (c.instructors || []).includes(app.me.user_id));
  const shown = app.me.role === 'instructor' ? mine : cohorts;
  const sessions = await Promise.all(shown.map((c) => all(`cohorts/${c.id}/sessions`).catch(() => [])));
  if (stale()) return;
  fill(
    main,
    h('h1', null, t('attendance.title')),
    shown.length === 0 ? h('p', { class: 'note' }, t('attendance.no_cohorts')) : null,
    shown.map((c, i) =>
      h(
        'section',
        { class: 'card' },
        h('h2', null, c.name),
        sessions[i].length === 0
          ? h('p', { class: 'note' }, t('attendance.no_sessions'))
          : h(
              'ul',
              null,
              sessions[i].map((s) =>
                h('li', null, h('a', { href: `#/attendance/${s.id}` }, s.title), ' · ', datetime(s.starts_at, s.time_zone)),
              ),
            ),
      ),
    ),
  );
}

async function session(main, args, app, n, stale) {
  const id = Number(args[0]);
  const s = await get(`sessions/${id}`);
  const [cohort, enrolments, people, sheet] = await Promise.all([
    get(`cohorts/${s.cohort_id}`),
    all(`cohorts/${s.cohort_id}/enrolments`),
    all('people', { cohort_id: s.cohort_id }),
    get(`sessions/${id}/attendance`),
  ]);
  if (stale()) return;
  const names = new Map(people.map((p) => [p.id, p.full_name]));
  const current = new Map(sheet.items.map((a) => [a.person_id, a.status]));
  const trainees = enrolments
    .filter((e) => e.status === 'enrolled' || e.status === 'completed')
    .map((e) => ({ id: e.person_id, name: names.get(e.person_id) || `#${e.person_id}` }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const msg = h('p', { role: 'status', id: 'sheet-status' });
  const rows = trainees.map((p) =>
    h(
      'li',
      null,
      h(
        'fieldset',
        { dataset: { person: p.id } },
        h('legend', null, p.name),
        h(
          'div',
          { class: 'choices' },
          MARKS.map((m) =>
            h('label', null, h('input', { type: 'radio', name: `p${p.id}`, value: m, checked: current.get(p.id) === m }), t(`attendance.${m}`)),
          ),
        ),
      ),
    ),
  );
  const save = h('button', { type: 'submit', class: 'primary', id: 'save-sheet' }, t('attendance.save'));
  fill(
    main,
    h('p', null, h('a', { href: '#/attendance' }, t('attendance.back'))),
    h('h1', null, s.title),
    h('p', { class: 'sub' }, cohort.name, ' · ', datetime(s.starts_at, s.time_zone), ' · ', s.venue),
    h('p', null, t('attendance.count', { marked: current.size, total: trainees.length })),
    h(
      'form',
      {
        onsubmit: async (e) => {
          e.preventDefault();
          const marks = [];
          for (const p of trainees) {
            const c = main.querySelector(`input[name="p${p.id}"]:checked`);
            if (c && c.value !== current.get(p.id)) marks.push({ person_id: p.id, status: c.value });
          }
          if (!marks.length) {
            msg.className = 'note';
            msg.textContent = t('attendance.nothing');
            return;
          }
          save.disabled = true;
          try {
            const r = await post(`sessions/${id}/attendance`, { marks });
            for (const m of marks) current.set(m.person_id, m.status);
            msg.className = 'ok';
            msg.textContent = t('attendance.saved', { changed: r.changed });
          } catch (err) {
            msg.className = 'error';
            msg.textContent = errorText(err);
          } finally {
            save.disabled = false;
          }
        },
      },
      trainees.length === 0 ? h('p', { class: 'note' }, t('attendance.no_trainees')) : h('ul', { class: 'sheet' }, rows),
      h(
        'div',
        { class: 'sticky-actions' },
        save,
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              for (const p of trainees) {
                const none = !main.querySelector(`input[name="p${p.id}"]:checked`);
                if (none) main.querySelector(`input[name="p${p.id}"][value="present"]`).checked = true;
              }
            },
          },
          t('attendance.rest_present'),
        ),
        msg,
      ),
    ),
  );
}

export const views = { attendance, session };
