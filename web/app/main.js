// The application shell: header (brand, menu for the role, language switch,
// sign-out), a hash router (#/dashboard, #/cohorts/9 ...) and the screens of
// views/. The server decides what each account may see and do; the menu
// only leaves out what a role has no use for.

import { h, fill } from './dom.js';
import * as i18n from './i18n.js';
import { t } from './i18n.js';
import { get, post, onSignedOut, ApiError } from './api.js';

const views = {
  signin: () => import('./views/signin.js'),
  dashboard: () => import('./views/dashboard.js'),
  partnerships: () => import('./views/lists.js'),
  programmes: () => import('./views/lists.js'),
  cohorts: () => import('./views/lists.js'),
  people: () => import('./views/lists.js'),
  cohort: () => import('./views/cohort.js'),
  assessments: () => import('./views/assessments.js'),
  certificates: () => import('./views/certificates.js'),
  attendance: () => import('./views/attendance.js'),
  session: () => import('./views/attendance.js'),
  me: () => import('./views/trainee.js'),
  vacancies: () => import('./views/employer.js'),
  vacancy: () => import('./views/employer.js'),
  verify: () => import('./views/verify.js'),
  judging: () => import('./views/judge.js'),
  score: () => import('./views/judge.js'),
  organisations: () => import('./views/lists.js'),
};

// Screens that need no account.
const PUBLIC = new Set(['signin', 'verify']);

const MENUS = {
  system_admin: ['dashboard', 'organisations', 'partnerships', 'programmes', 'cohorts', 'people', 'certificates', 'vacancies'],
  programme_owner: ['dashboard', 'partnerships', 'programmes', 'cohorts', 'people', 'certificates'],
  partner: ['dashboard', 'programmes', 'cohorts'],
  centre_admin: ['cohorts', 'programmes', 'people', 'certificates'],
  instructor: ['attendance', 'cohorts'],
  trainee: ['me', 'programmes'],
  employer: ['vacancies'],
  judge: ['judging', 'programmes'],
};

export const app = {
  me: null, // GET /api/v1/me, or null when signed out
  home() {
    const menu = MENUS[app.me && app.me.role] || ['programmes'];
    return menu[0];
  },
  go(path) {
    if (location.hash === `#/${path}`) route();
    else location.hash = `#/${path}`;
  },
  async signedIn() {
    app.me = await get('me');
  },
  rerender: () => route(),
};

const top = document.getElementById('top');
const main = document.getElementById('main');

function langSwitch() {
  const id = 'lang-switch';
  const sel = h(
    'select',
    {
      id,
      onchange: async (e) => {
        await i18n.load(e.target.value);
        route();
      },
    },
    i18n.LANGS.map((l) => h('option', { value: l, selected: l === i18n.current() }, t(`lang.${l}`))),
  );
  return h('div', { class: 'lang' }, h('label', { for: id }, t('shell.language')), sel);
}

function header(active) {
  const items = [];
  if (app.me) {
    for (const name of MENUS[app.me.role] || []) {
      items.push(
        h('li', null, h('a', { href: `#/${name}`, 'aria-current': name === active ? 'page' : null }, t(`nav.${name}`))),
      );
    }
  }
  items.push(h('li', null, h('a', { href: '#/verify', 'aria-current': active === 'verify' ? 'page' : null }, t('nav.verify'))));
  const user = app.me
    ? h(
        'div',
        { class: 'user' },
        h('span', { class: 'who' }, app.me.username, ' · ', t(`role.${app.me.role}`)),
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            id: 'signout',
            onclick: async () => {
              try {
                await post('auth/logout');
              } catch (e) {
                // signed out already
              }
              app.me = null;
              app.go('signin');
            },
          },
          t('shell.signout'),
        ),
      )
    : h('a', { href: '#/signin', class: 'signin-link' }, t('shell.signin'));
  fill(
    top,
    h('a', { href: '#/', class: 'brand' }, h('img', { src: '/app/icon.svg', alt: '', width: 28, height: 28 }), t('shell.brand')),
    h('nav', { 'aria-label': t('shell.menu') }, h('ul', null, items)),
    h('div', { class: 'tools' }, langSwitch(), user),
  );
}

// Show an error from the API in the user's language.
export function errorText(e) {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('error.network');
    if (e.status === 403) return t('error.forbidden');
    if (e.status === 404) return t('error.notfound');
    if (e.status === 409) return t('error.conflict', { detail: e.message });
    if (e.status === 422) return t('error.invalid', { field: e.problem.field || '', detail: e.message });
    if (e.status === 429) return t('error.rate');
  }
  return t('error.generic');
}

let routing = 0;
async function route() {
  const n = ++routing;
  let path = location.hash.replace(/^#\/?/, '');
  // The public page a certificate's QR code opens, /verify/{uuid}, is this
  // application too (the server answers it with index.html).
  const qr = /^\/verify\/([0-9a-fA-F-]{36})$/.exec(location.pathname);
  if (!location.hash && qr) path = `verify/${qr[1]}`;
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let name = parts[0] || '';
  if (!name) name = app.me ? app.home() : 'signin';
  let args = parts.slice(1);
  // Detail screens: #/cohorts/9, #/attendance/181, #/vacancies/7,
  // #/judging/3/9 (round 3, entry 9).
  if (name === 'cohorts' && args[1] === 'assessments') name = 'assessments';
  else if (name === 'cohorts' && args.length) name = 'cohort';
  else if (name === 'attendance' && args.length) name = 'session';
  else if (name === 'vacancies' && args.length) name = 'vacancy';
  else if (name === 'judging' && args.length) name = 'score';
  if (!views[name]) name = app.me ? app.home() : 'signin';
  if (!app.me && !PUBLIC.has(name)) {
    sessionStorage.setItem('tunas.after', location.hash);
    name = 'signin';
    args = [];
  }
  header(name === 'cohort' || name === 'assessments' ? 'cohorts' : name === 'session' ? 'attendance' : name === 'vacancy' ? 'vacancies' : name === 'score' ? 'judging' : name);
  document.getElementById('skip').textContent = t('shell.skip');
  delete main.dataset.ready;
  fill(main, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  try {
    const mod = await views[name]();
    if (n !== routing) return;
    const view = mod.views ? mod.views[name] : mod.default;
    await view(main, args, app, n, () => n !== routing);
  } catch (e) {
    if (n !== routing) return;
    console.error(e);
    fill(main, h('p', { class: 'error', role: 'alert' }, errorText(e)));
  }
  if (n === routing) {
    const h1 = main.querySelector('h1');
    document.title = h1 ? `${h1.textContent} · ${t('shell.brand')}` : t('shell.brand');
    main.dataset.ready = name;
    // Each screen's time to ready, for bench/web.
    performance.mark(`tunas-ready-${name}`);
  }
}

onSignedOut(() => {
  if (app.me) {
    app.me = null;
    app.go('signin');
  }
});

document.getElementById('skip').addEventListener('click', () => main.focus());
window.addEventListener('hashchange', () => {
  route();
  main.focus({ preventScroll: true });
});

async function boot() {
  await i18n.load(i18n.preferred());
  try {
    await app.signedIn();
  } catch (e) {
    app.me = null; // not signed in: sign-in, or the public screens
  }
  await route();
}

boot();
