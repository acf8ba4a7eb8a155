// A judge's screens (docs/COMPETITIONS.md). #/judging: the competition rounds
// whose panel the judge sits on (GET /rounds/{id}/panel answers 403 to a judge
// not on it), each with the entries assigned to them
// (GET /rounds/{id}/assignments, /rounds/{id}/entries: the server shows a
// judge only their own) and the conflicts of interest they declared
// (GET /competitions/{id}/conflicts). #/judging/R/E: one entry scored
// against the round's rubric, one whole number per criterion from 0 to its
// maximum (PUT /rounds/{id}/entries/{id}/scores); the server takes scores
// only while the round is judging and only from a judge assigned the entry.

import { h, fill } from '../dom.js';
import { t, tv, num } from '../i18n.js';
import { get, put, all, ApiError } from '../api.js';
import { table } from '../table.js';
import { errorText } from '../main.js';

// A read the caller may be refused (not on this panel): null then.
async function maybe(path) {
  try {
    return await get(path);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return null;
    throw e;
  }
}

const scoredText = (n, total) => t('judge.scored', { n, total });

async function judging(main, args, app, n, stale) {
  const comps = await all('competitions');
  const rounds = (await Promise.all(comps.map((c) => get(`competitions/${c.id}/rounds`)))).flatMap((r, i) => r.items.map((x) => ({ comp: comps[i], round: x })));
  const panels = await Promise.all(rounds.map((x) => maybe(`rounds/${x.round.id}/panel`)));
  const mine = rounds.filter((x, i) => panels[i] && panels[i].items.some((j) => j.user_id === app.me.user_id));
  const loaded = await Promise.all(
    mine.map(async (x) => {
      const [assignments, entries] = await Promise.all([get(`rounds/${x.round.id}/assignments`), get(`rounds/${x.round.id}/entries`)]);
      return { ...x, assignments: assignments.items, entries: new Map(entries.items.map((e) => [e.id, e])) };
    }),
  );
  const compIds = [...new Set(mine.map((x) => x.comp.id))];
  const conflicts = new Map(await Promise.all(compIds.map(async (id) => [id, (await get(`competitions/${id}/conflicts`)).items])));
  if (stale()) return;

  const section = (x) => {
    const r = x.round;
    const size = r.criteria.length;
    const columns = [
      {
        label: t('judge.entry'),
        value: (a) => (x.entries.get(a.entry_id) || {}).name || `#${a.entry_id}`,
        cell: (a) => h('a', { href: `#/judging/${r.id}/${a.entry_id}` }, (x.entries.get(a.entry_id) || {}).name || `#${a.entry_id}`),
      },
      { label: t('judge.project'), value: (a) => (x.entries.get(a.entry_id) || {}).title || '' },
      { label: t('judge.kind'), value: (a) => tv('entrykind', (x.entries.get(a.entry_id) || {}).kind || '') },
      { label: t('judge.scores'), value: (a) => scoredText(a.scored, size), cell: (a) => h('span', { dataset: { scored: a.scored === size ? 'all' : 'part' } }, scoredText(a.scored, size)) },
    ];
    const declared = (conflicts.get(x.comp.id) || []).filter((c) => c.judge_user_id === app.me.user_id);
    const caption = `${x.comp.title}: ${r.name}`;
    return h(
      'section',
      { class: 'round', dataset: { round: r.id } },
      h('h2', null, caption),
      h(
        'p',
        { class: 'sub' },
        t('judge.round_status', { status: tv('roundstatus', r.status) }),
        ' · ',
        t('judge.assigned_n', { n: x.assignments.length }),
      ),
      h('p', { class: 'note' }, r.status === 'judging' ? t('judge.open_note') : t('judge.closed_note')),
      table(columns, x.assignments, { caption, empty: t('judge.no_entries') }),
      declared.length
        ? h(
            'div',
            { class: 'conflicts' },
            h('h3', null, t('judge.conflicts')),
            h('ul', null, declared.map((c) => h('li', null, t('judge.conflict_line', { entry: c.entry_id, reason: c.reason })))),
          )
        : null,
    );
  };

  fill(
    main,
    h('h1', null, t('judge.title')),
    h('p', null, t('judge.intro')),
    loaded.length ? loaded.map(section) : h('p', { class: 'note' }, t('judge.none')),
  );
}

async function score(main, args, app, n, stale) {
  const roundId = Number(args[0]);
  const entryId = Number(args[1]);
  const base = `rounds/${roundId}`;
  const [round, entry, mine] = await Promise.all([get(`rounds/${roundId}`), get(`entries/${entryId}`), get(`rounds/${roundId}/scores?entry_id=${entryId}`)]);
  if (stale()) return;
  const open = round.status === 'judging';
  const current = new Map(mine.items.map((s) => [s.criterion_id, s.score]));
  const status = h('p', { role: 'status', id: 'score-status' });
  const progress = h('p', { id: 'score-progress' });
  const showProgress = () => {
    progress.textContent = scoredText(current.size, round.criteria.length);
  };
  showProgress();
  const inputs = round.criteria.map((c) => {
    const id = `score-${c.id}`;
    const hint = `${id}-hint`;
    const input = h('input', {
      id,
      name: `criterion-${c.id}`,
      type: 'number',
      inputmode: 'numeric',
      min: 0,
      max: c.max_score,
      step: 1,
      value: current.has(c.id) ? String(current.get(c.id)) : null,
      disabled: !open,
      'aria-describedby': hint,
    });
    return {
      c,
      input,
      field: h('div', { class: 'field' }, h('label', { for: id }, c.name), input, h('span', { class: 'sub', id: hint }, t('judge.criterion_hint', { weight: num(c.weight), max: num(c.max_score) }))),
    };
  });
  const save = h('button', { type: 'submit' }, t('judge.save'));
  const form = h(
    'form',
    {
      class: 'score-form',
      onsubmit: async (e) => {
        e.preventDefault();
        const scores = inputs.filter((x) => x.input.value !== '').map((x) => ({ criterion_id: x.c.id, score: Number(x.input.value) }));
        if (!scores.length) {
          status.className = 'error';
          status.textContent = t('judge.nothing');
          return;
        }
        save.disabled = true;
        status.className = '';
        status.textContent = t('common.saving');
        try {
          const r = await put(`${base}/entries/${entryId}/scores`, { scores });
          current.clear();
          for (const s of r.items) current.set(s.criterion_id, s.score);
          for (const x of inputs) x.input.value = current.has(x.c.id) ? String(current.get(x.c.id)) : '';
          showProgress();
          status.className = 'ok';
          status.textContent = t('judge.saved', { name: entry.name });
        } catch (err) {
          status.className = 'error';
          status.textContent = errorText(err);
        } finally {
          save.disabled = false;
        }
      },
    },
    h('fieldset', null, h('legend', null, t('judge.rubric')), inputs.map((x) => x.field)),
    open ? h('div', { class: 'actions' }, save) : null,
    status,
  );
  fill(
    main,
    h('p', null, h('a', { href: '#/judging' }, t('judge.back'))),
    h('h1', null, entry.name),
    h('p', { class: 'sub' }, entry.title, ' · ', round.name, ' · ', t('judge.round_status', { status: tv('roundstatus', round.status) })),
    h('p', { class: 'note' }, open ? t('judge.open_note') : t('judge.closed_note')),
    progress,
    form,
  );
}

export const views = { judging, score };
