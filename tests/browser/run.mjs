// The browser tests: the real server with the demo data, driven by clicking
// in Debian's chromium. Prints TAP (one line per test case) and, on stderr,
// "browser: N passed, M failed" for scripts/count-results.py.
//   node tests/browser/run.mjs TUNAS_BINARY WEB_DIR
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checks } from './i18n_check.mjs';
import { startServer, startChromium } from './harness.mjs';

const [binary, webDir] = process.argv.slice(2);
const cats = Object.fromEntries(['en', 'ms', 'id'].map((l) => [l, JSON.parse(readFileSync(join(webDir, 'i18n', `${l}.json`), 'utf8'))]));
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
let server;
let chrome;

// A fresh browser context (no cookies, no storage) and page. Console
// errors and CSP violations fail the test.
async function open(t, { width = 1280, height = 800 } = {}) {
  const context = await chrome.browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  t.contexts.push(context);
  const page = await context.newPage();
  page.on('console', (m) => {
    // A refused request (401 before sign-in, 404 of a breakdown a server
    // lacks) is an answer the page handles, not an error of the page.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) t.errors.push(m.text());
  });
  page.on('pageerror', (e) => t.errors.push(String(e)));
  return page;
}

async function ready(page, name) {
  await page.waitForSelector(`main[data-ready="${name}"]`, { timeout: 15000 });
}

async function lang(page, code) {
  await page.selectOption('#lang-switch', code);
  await page.waitForFunction((c) => document.documentElement.lang === c, code);
}

async function signIn(page, user, code = 'en') {
  await page.goto(`${server.base}/`);
  await ready(page, 'signin');
  if (code !== 'en') {
    await lang(page, code);
    await ready(page, 'signin');
  }
  await page.fill('#username', user);
  await page.fill('#password', server.password);
  await page.click('form button[type=submit]');
}

const text = (page) => page.locator('main').innerText();

// No message of another language shows on the screen: every message of
// more than one word that differs from this language's is absent.
async function assertOneLanguage(page, code) {
  const body = await page.locator('body').innerText();
  for (const other of ['en', 'ms', 'id']) {
    if (other === code) continue;
    for (const [k, v] of Object.entries(cats[other])) {
      // Lower-case terms (statuses, kinds of employment) also occur in the
      // data (a programme's English description); they are checked where
      // they show instead.
      if (v === cats[code][k] || !/\s/.test(v) || /\{/.test(v) || v === v.toLowerCase()) continue;
      if (Object.values(cats[code]).includes(v)) continue;
      assert.ok(!body.includes(v), `${code} screen shows ${other} message ${k}: "${v}"`);
    }
  }
}

// ---- static checks of the catalogues and code
for (const c of checks(webDir)) {
  test(`i18n: ${c.name}`, () => assert.ok(c.ok, c.detail));
}

// ---- the server's side of the interface
test('server: / is the app with a strict CSP; files revalidate by ETag; no path escapes web/', async () => {
  let r = await fetch(`${server.base}/`);
  assert.equal(r.status, 200);
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.match(await r.text(), /<script type="module" src="\/app\/main.js">/);
  r = await fetch(`${server.base}/app/main.js`);
  assert.equal(r.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  const etag = r.headers.get('etag');
  r = await fetch(`${server.base}/app/main.js`, { headers: { 'If-None-Match': etag } });
  assert.equal(r.status, 304);
  r = await fetch(`${server.base}/vendor/chart.js/chart.umd.min.js`);
  assert.equal(r.status, 200);
  for (const p of ['/app/../index.html', '/app/%2e%2e/index.html', '/vendor/chart.js/../package.json', '/vendor/chart.js/chart.umd.js.map', '/i18n/.hidden.json', '/package.json', '/node_modules/chart.js/package.json']) {
    r = await fetch(`${server.base}${p}`);
    assert.equal(r.status, 404, p);
  }
});

test('server: a cookie-signed write without X-Requested-With is refused (CSRF); the cookie is HttpOnly and SameSite=Strict', async () => {
  const r = await fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'centre.ilpkl', password: server.password }) });
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const session = cookie.split(';')[0];
  const w = await fetch(`${server.base}/api/v1/auth/logout`, { method: 'POST', headers: { Cookie: session } });
  assert.equal(w.status, 403);
  const ok = await fetch(`${server.base}/api/v1/me`, { headers: { Cookie: session } });
  assert.equal(ok.status, 200);
});

// ---- sign-in and languages
test('sign-in: the screen in each language, the choice remembered after a reload (ms)', async (t) => {
  const page = await open(t);
  await page.goto(`${server.base}/`);
  await ready(page, 'signin');
  for (const code of ['en', 'id', 'ms']) {
    await lang(page, code);
    await ready(page, 'signin');
    assert.equal(await page.locator('h1').innerText(), cats[code]['signin.title']);
    assert.equal(await page.locator('label[for=password]').innerText(), cats[code]['signin.password']);
    await assertOneLanguage(page, code);
  }
  await page.reload();
  await ready(page, 'signin');
  assert.equal(await page.locator('h1').innerText(), cats.ms['signin.title']);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ms');
});

test('sign-in: a wrong password is refused with the message in Bahasa Indonesia', async (t) => {
  const page = await open(t);
  await page.goto(`${server.base}/`);
  await ready(page, 'signin');
  await lang(page, 'id');
  await page.fill('#username', 'owner.jtm');
  await page.fill('#password', 'not-the-password');
  await page.click('form button[type=submit]');
  await page.waitForSelector('#signin-error:not([hidden])');
  assert.equal(await page.locator('#signin-error').innerText(), cats.id['signin.failed']);
});

// ---- the programme owner
test('owner (en): signs in by keyboard; the dashboard shows 424 of 1,000 trained and the rates; first screen timed', async (t) => {
  const page = await open(t);
  await page.goto(`${server.base}/`);
  await ready(page, 'signin');
  await page.focus('#username');
  await page.keyboard.type('owner.jtm');
  await page.keyboard.press('Tab');
  await page.keyboard.type(server.password);
  await page.keyboard.press('Enter');
  await ready(page, 'dashboard');
  const card = page.locator('[data-programme="JTM-HW-TVET-2025"]');
  assert.equal(await card.locator('.headline').innerText(), '424 of 1,000 trained');
  assert.match(await card.innerText(), /42\.4% of target · 74 in training/);
  const main = await text(page);
  assert.ok(!main.includes('KEMNAKER-HW-SMARTGEN'), 'another owner\'s programme is not on the dashboard');
  // Completion counts those who started (completed, enrolled, withdrawn);
  // withdrawals vary with the demo's seed, so the figures come from the API.
  const pr = (await server.api(await server.token('owner.jtm'), 'programmes/1/progress')).body.enrolments;
  const started = pr.completed + pr.enrolled + pr.withdrawn;
  const rate = (l) => new Intl.NumberFormat(l, { style: 'percent', maximumFractionDigits: 1 }).format(pr.completed / started);
  assert.equal(await page.locator('[data-testid=completion]').innerText(), `Completion rate\n${rate('en-MY')}\n424 of ${started} who started`);
  assert.match(await page.locator('[data-testid=certification]').innerText(), /93\.9%[\s\S]*398 certified of 424 completed/);
  assert.match(await page.locator('[data-testid=placement]').innerText(), /55\.2%[\s\S]*234 in work of 424 completed/);
  assert.match(await page.locator('[data-testid=budget]').innerText(), /RM\s8,000,000\.00/);
  // The breakdown by region, as GET /programmes/1/breakdown answers it:
  // a chart and, for screen readers and keyboards, the same figures as a
  // table; then by gender, with the values through the catalogue.
  const owner = await server.token('owner.jtm');
  const byRegion = (await server.api(owner, 'programmes/1/breakdown?by=region')).body.rows;
  const selangor = byRegion.find((r) => r.key === 'Selangor');
  assert.ok(selangor && selangor.completed > 0, JSON.stringify(byRegion));
  const bd = page.locator('.breakdown');
  await bd.locator('table').waitFor();
  assert.equal(await bd.locator('caption').innerText(), 'People by Region');
  assert.deepEqual(await bd.locator('thead th').allInnerTexts(), ['Region', 'Enrolled', 'Completed', 'Certified', 'In work']);
  assert.deepEqual(await bd.locator('tbody th').allInnerTexts(), byRegion.map((r) => r.key));
  const fmt = (n) => new Intl.NumberFormat('en-MY').format(n);
  assert.deepEqual(await bd.locator('tbody tr', { hasText: 'Selangor' }).locator('td').allInnerTexts(), [selangor.enrolled, selangor.completed, selangor.certified, selangor.placed].map(fmt));
  assert.match(await bd.locator('canvas').getAttribute('aria-label'), /^Chart of people by Region/);
  await page.selectOption('.breakdown select', 'gender');
  await page.waitForFunction(() => document.querySelector('.breakdown caption')?.textContent === 'People by Gender');
  const byGender = (await server.api(owner, 'programmes/1/breakdown?by=gender')).body.rows;
  assert.deepEqual(await bd.locator('tbody th').allInnerTexts(), byGender.map((r) => cats.en[`sex.${r.key}`]));
  const [bcsv] = await Promise.all([page.waitForEvent('download'), bd.locator('button').click()]);
  const blines = readFileSync(await bcsv.path(), 'utf8').trimEnd().split('\r\n');
  assert.equal(blines[0], 'Gender,Enrolled,Completed,Certified,In work');
  assert.equal(blines.length, byGender.length + 1);
  const female = byGender.find((r) => r.key === 'F');
  assert.ok(blines.includes(`female,${female.enrolled},${female.completed},${female.certified},${female.placed}`), blines.join(' | '));
  await page.waitForFunction(() => window.Chart && document.querySelectorAll('canvas').length >= 1);
  // Time to the first screen with the session already held: navigation
  // start to the mark the dashboard sets when its figures are shown.
  const times = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${server.base}/?r=${i}#/dashboard`);
    await ready(page, 'dashboard');
    times.push(await page.evaluate(() => performance.getEntriesByName('tunas-dashboard-first-screen')[0].startTime));
  }
  times.sort((a, b) => a - b);
  // Reported, not asserted: the 1 s target is bench/web's (`bench/run web`,
  // docs/PERFORMANCE.md); tests do not fail on time.
  t.diag(`dashboard first screen: median ${times[2].toFixed(0)} ms, max ${times[4].toFixed(0)} ms (5 loads; target 1000 ms, measured by bench/run web)`);
});

test('owner (id): figures formatted for Indonesian; nothing in another language', async (t) => {
  const page = await open(t);
  await signIn(page, 'owner.jtm', 'id');
  await ready(page, 'dashboard');
  const card = page.locator('[data-programme="JTM-HW-TVET-2025"]');
  // The figures move as earlier cases complete enrolments; the form is Indonesian's.
  assert.match(await card.locator('.headline').innerText(), /^\d{3} dari 1\.000 terlatih$/);
  const pr = (await server.api(await server.token('owner.jtm'), 'programmes/1/progress')).body.enrolments;
  const started = pr.completed + pr.enrolled + pr.withdrawn;
  const rate = new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: 1 }).format(pr.completed / started);
  assert.equal(await page.locator('[data-testid=completion]').innerText(), `Tingkat kelulusan\n${rate}\n424 dari ${started} yang memulai`);
  assert.match(await page.locator('[data-testid=budget]').innerText(), /MYR\s8\.000\.000,00/);
  const byRegion = (await server.api(await server.token('owner.jtm'), 'programmes/1/breakdown?by=region')).body.rows;
  const kl = byRegion.find((r) => r.key === 'WP Kuala Lumpur');
  const bd = page.locator('.breakdown');
  await bd.locator('table').waitFor();
  assert.equal(await bd.locator('caption').innerText(), 'Orang menurut Wilayah');
  const fmt = (n) => new Intl.NumberFormat('id-ID').format(n);
  assert.deepEqual(await bd.locator('tbody tr', { hasText: 'WP Kuala Lumpur' }).locator('td').allInnerTexts(), [kl.enrolled, kl.completed, kl.certified, kl.placed].map(fmt));
  await assertOneLanguage(page, 'id');
});

test('owner (ms): programmes list searched and exported as CSV', async (t) => {
  const page = await open(t);
  await signIn(page, 'owner.jtm', 'ms');
  await ready(page, 'dashboard');
  await page.click(`nav a[href="#/programmes"]`);
  await ready(page, 'programmes');
  assert.equal(await page.locator('main tbody tr').count(), 4);
  await page.fill(`input[name=q]`, 'SmartGen');
  await page.waitForFunction(() => document.querySelectorAll('main tbody tr').length === 1);
  assert.match(await page.locator('main tbody tr').innerText(), /KEMNAKER-HW-SMARTGEN-2019/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`text=${cats.ms['list.export']}`)]);
  const csv = readFileSync(await download.path(), 'utf8');
  const lines = csv.trim().split('\r\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^Kod,Nama,Pemilik,Sasaran,Belanjawan,Mata wang,Mula,Tamat$/);
  assert.match(lines[1], /^KEMNAKER-HW-SMARTGEN-2019,/);
  await assertOneLanguage(page, 'ms');
});

// ---- the training centre
test('centre admin (en): people searched by name and paged', async (t) => {
  const page = await open(t);
  await signIn(page, 'centre.ilpkl');
  await ready(page, 'cohorts');
  await page.click(`nav a[href="#/people"]`);
  await ready(page, 'people');
  await page.waitForSelector('main tbody tr');
  assert.equal(await page.locator('main tbody tr').count(), 25);
  await page.click(`text=${cats.en['list.next']}`);
  await page.waitForFunction(() => /Showing 26 to 50/.test(document.querySelector('main [role=status]').textContent));
  await page.fill('input[name=name]', 'nur');
  await page.waitForFunction(() => /Showing 1 to/.test(document.querySelector('main [role=status]').textContent));
  const names = await page.locator('main tbody th').allInnerTexts();
  assert.ok(names.length > 0);
  for (const n of names) assert.match(n, /^nur/i);
});

test('centre admin (ms): accepts an applicant by clicking (a full cohort puts them on its waitlist)', async (t) => {
  const page = await open(t);
  await signIn(page, 'centre.ilpkl', 'ms');
  await ready(page, 'cohorts');
  // The cohort with applicants: find it through the API, click it in the list.
  const token = await server.token('centre.ilpkl');
  const cohorts = (await server.api(token, 'cohorts?limit=200')).body.items;
  let target = null;
  for (const c of cohorts) {
    const counts = (await server.api(token, `cohorts/${c.id}/counts`)).body;
    if (counts.applied > 0) {
      target = c;
      break;
    }
  }
  assert.ok(target, 'a cohort with applicants');
  await page.click(`main a[href="#/cohorts/${target.id}"]`);
  await ready(page, 'cohort');
  await page.selectOption('#status-filter', 'applied');
  const row = page.locator('#enrolments tbody tr').first();
  const name = await row.locator('th').innerText();
  await row.locator(`button:has-text("${cats.ms['move.accepted']}")`).click();
  await page.waitForFunction(() => document.querySelector('#cohort-status').textContent.length > 0 && !/Menyimpan/.test(document.querySelector('#cohort-status').textContent));
  const status = await page.locator('#cohort-status').innerText();
  assert.ok(status === `${name} kini diterima.` || status === `${name} kini dalam senarai menunggu.`, status);
});

test('centre admin (en): revokes a certificate; the public page shows it not valid with the reason as text', async (t) => {
  const page = await open(t);
  await signIn(page, 'centre.ilpkl');
  await ready(page, 'cohorts');
  await page.click(`nav a[href="#/certificates"]`);
  await ready(page, 'certificates');
  const row = page.locator('main tbody tr', { has: page.locator('[data-status=active]') }).first();
  const holder = await row.locator('th').innerText();
  const verifyHref = await row.locator('a[href^="#/verify/"]').getAttribute('href');
  await row.getByRole('button', { name: `Revoke the certificate of ${holder}` }).click();
  const reason = '<img src=x onerror=alert(1)> issued in error';
  await row.locator('input').fill(reason);
  await row.locator(`button:has-text("${cats.en['certs.confirm']}")`).click();
  await row.locator('.ok').waitFor();
  assert.equal(await row.locator('.ok').innerText(), `The certificate of ${holder} is revoked.`);
  const pub = await open(t);
  await pub.goto(`${server.base}/${verifyHref}`);
  await ready(pub, 'verify');
  await pub.waitForSelector('#verdict');
  assert.equal(await pub.locator('#verdict').innerText(), 'Not valid');
  assert.ok((await pub.locator('main').innerText()).includes(reason));
  assert.equal(await pub.locator('main img').count(), 0);
});

// ---- the instructor, on a phone
test('instructor (ms, 360 px phone): takes attendance for a session and it is kept', async (t) => {
  const page = await open(t, { width: 360, height: 740 });
  await signIn(page, 'instructor.ilpkl', 'ms');
  await ready(page, 'attendance');
  assert.match(await text(page), /5G cohort 3/);
  await page.locator('main a[href^="#/attendance/"]').last().click();
  await ready(page, 'session');
  const first = page.locator('.sheet fieldset').first();
  const person = await first.getAttribute('data-person');
  const current = await first.locator('input:checked').getAttribute('value').catch(() => null);
  const choice = current === 'late' ? 'present' : 'late';
  await first.locator(`label:has(input[value=${choice}])`).click();
  await page.click('#save-sheet');
  await page.waitForFunction(() => /Disimpan/.test(document.querySelector('#sheet-status').textContent));
  assert.equal(await page.locator('#sheet-status').innerText(), 'Disimpan: 1 tanda direkodkan.');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling at 360 px');
  await page.reload();
  await ready(page, 'session');
  assert.equal(await page.locator(`fieldset[data-person="${person}"] input:checked`).getAttribute('value'), choice);
  await assertOneLanguage(page, 'ms');
});

// ---- the trainee
test('trainee (id): own page with enrolment, progress and matching jobs', async (t) => {
  const page = await open(t);
  await signIn(page, 'trainee.demo', 'id');
  await ready(page, 'me');
  const main = await text(page);
  assert.match(main, /5G cohort 3/);
  assert.match(main, /terdaftar/);
  assert.match(main, /2 dari 4 kompeten/);
  assert.equal(await page.locator('#no-certs').innerText(), cats.id['me.no_certificates']);
  assert.match(main, /5G RAN engineer/);
  assert.match(main, /Anda memenuhi 1 dari 3 syarat utama/);
  await assertOneLanguage(page, 'id');
});

// ---- the employer
test('employer (en): a vacancy\'s consenting candidates', async (t) => {
  const page = await open(t);
  await signIn(page, 'employer.demo');
  await ready(page, 'vacancies');
  assert.equal(await page.locator('main tbody tr').count(), 2);
  await page.locator('main tbody a').first().click();
  await ready(page, 'vacancy');
  assert.match(await page.locator('#candidate-count').innerText(), /^\d+ candidates$/);
  assert.ok((await page.locator('main tbody tr').count()) > 0);
});

// ---- anyone
test('public verification (ms, no account): valid, suspended and unknown certificates', async (t) => {
  const token = await server.token('admin');
  const certs = [];
  for (let after = 0; ; ) {
    const p = (await server.api(token, `certificates?limit=200&after=${after}`)).body;
    certs.push(...p.items);
    if (!p.next_after || certs.some((c) => c.status === 'suspended')) break;
    after = p.next_after;
  }
  const good = certs.find((c) => c.status === 'active');
  const suspended = certs.find((c) => c.status === 'suspended');
  const page = await open(t, { width: 360, height: 740 });
  await page.goto(`${server.base}/#/verify`);
  await ready(page, 'verify');
  await lang(page, 'ms');
  await ready(page, 'verify');
  await page.fill('#cert-number', good.uuid);
  await page.click('main form button[type=submit]');
  await page.waitForSelector('#verdict');
  assert.equal(await page.locator('#verdict').innerText(), 'Sijil sah');
  assert.ok((await text(page)).includes(good.holder_name));
  await page.goto(`${server.base}/#/verify/${suspended.uuid}`);
  await page.waitForFunction(() => /Tidak sah/.test(document.querySelector('#verdict')?.textContent || ''));
  assert.equal(await page.locator('#why').innerText(), 'Sijil ini digantung.');
  await page.goto(`${server.base}/#/verify/00000000-0000-4000-8000-000000000000`);
  await page.waitForFunction(() => /Tiada sijil/.test(document.querySelector('#verdict')?.textContent || ''));
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling at 360 px');
  await assertOneLanguage(page, 'ms');
});

// ---- assessment, completion and certificates, end to end
// Every page of a list, through the API (for looking data up).
async function apiAll(token, path) {
  const items = [];
  for (let after = 0; ; ) {
    const sep = path.includes('?') ? '&' : '?';
    const p = (await server.api(token, `${path}${sep}limit=200${after ? `&after=${after}` : ''}`)).body;
    items.push(...p.items);
    if (!p.next_after) return items;
    after = p.next_after;
  }
}

// 5G cohort 3 (in training, taught by instructor.ilpkl): trainees whose
// only missing requirement is unit 5G-U04, which nobody has attempted yet.
// Their attendance already meets the 80% rule (docs/DEMO.md).
async function oneUnitShort() {
  const token = await server.token('centre.ilpkl');
  const cohort = (await apiAll(token, 'cohorts')).find((c) => c.name === '5G cohort 3');
  const course = (await apiAll(token, `programmes/${cohort.programme_id}/courses`)).find((c) => c.code === 'JTMHW-5G-HCIA');
  const unit = (await apiAll(token, `courses/${course.id}/units`)).find((u) => u.code === '5G-U04');
  const people = new Map((await apiAll(token, `people?cohort_id=${cohort.id}`)).map((p) => [p.id, p]));
  const out = [];
  for (const e of await apiAll(token, `cohorts/${cohort.id}/enrolments`)) {
    if (e.status !== 'enrolled') continue;
    const c = (await server.api(token, `cohorts/${cohort.id}/completion/${e.person_id}`)).body;
    if (c.reasons.length === 1 && c.units_competent === c.units_total - 1 && c.attendance >= 80) out.push({ person: people.get(e.person_id), enrolment: e, completion: c });
    if (out.length === 3) break;
  }
  return { token, cohort, unit, candidates: out };
}

test('assessment (ms): an instructor records a unit attempt by clicking; a second assessor signs it off', async (t) => {
  const { cohort, unit, candidates } = await oneUnitShort();
  const who = candidates[0];
  assert.ok(who, 'a trainee one unit short of completion');
  const name = who.person.full_name;
  const unitLabel = `${unit.code} ${unit.title}`;
  // The instructor, on the screen reached from the cohort.
  const page = await open(t);
  await signIn(page, 'instructor.ilpkl', 'ms');
  await ready(page, 'attendance');
  await page.click('nav a[href="#/cohorts"]');
  await ready(page, 'cohorts');
  await page.click(`main a[href="#/cohorts/${cohort.id}"]`);
  await ready(page, 'cohort');
  await page.click('#to-assessments');
  await ready(page, 'assessments');
  assert.equal(await page.locator('h1').innerText(), `Penilaian: ${cohort.name}`);
  await page.selectOption('#assess-form select[name=person_id]', { label: name });
  await page.selectOption('#assess-form select[name=unit_id]', { label: unitLabel });
  await page.getByRole('radio', { name: cats.ms['result.competent'], exact: true }).check();
  await page.fill('#assess-form input[name=score]', '78');
  await page.fill('#assess-form textarea[name=rubric]', 'Practical 70% (drive test, KPI report), written 30%; pass at 60.');
  await page.fill('#assess-form textarea[name=evidence]', 'Ran a drive test on the lab gNodeB; throughput and handover KPIs within target; report filed.');
  await page.click('#record-attempt');
  await page.waitForFunction(() => /direkodkan|error/.test(document.querySelector('#assess-status').textContent + document.querySelector('#assess-status').className), null, { timeout: 10000 }).catch(() => {});
  assert.equal(await page.locator('#assess-status').innerText(), `Percubaan 1 bagi ${unitLabel} untuk ${name} direkodkan. Ia dikira setelah penilai kedua mengesahkannya.`);
  // Their own attempt awaits someone else: no sign-off button for them.
  await page.selectOption('.attempts select', { label: name });
  await page.waitForFunction((u) => [...document.querySelectorAll('.attempts tbody tr')].some((r) => r.textContent.includes(u)), unit.code);
  const mine = page.locator('.attempts tbody tr', { hasText: unit.code });
  assert.equal(await mine.count(), 1);
  assert.match(await mine.innerText(), /kompeten[\s\S]*78[\s\S]*Menunggu penilai kedua/);
  assert.equal(await mine.locator('button').count(), 0);
  await assertOneLanguage(page, 'ms');
  // The centre admin signs it off.
  const admin = await open(t);
  await signIn(admin, 'centre.ilpkl', 'ms');
  await ready(admin, 'cohorts');
  await admin.goto(`${server.base}/#/cohorts/${cohort.id}/assessments`);
  await ready(admin, 'assessments');
  await admin.selectOption('.attempts select', { label: name });
  await admin.waitForFunction((u) => [...document.querySelectorAll('.attempts tbody tr')].some((r) => r.textContent.includes(u)), unit.code);
  await admin.getByRole('button', { name: `Sahkan ${unitLabel} untuk ${name}` }).click();
  await admin.waitForFunction(() => /disahkan/.test(document.querySelector('#signoff-status').textContent));
  assert.equal(await admin.locator('#signoff-status').innerText(), `${unitLabel} untuk ${name} telah disahkan.`);
  await admin.waitForSelector('.attempts tbody tr [data-signed=yes] >> nth=0');
  const row = admin.locator('.attempts tbody tr', { hasText: unit.code });
  assert.match(await row.innerText(), /Disahkan /);
  // The trainee now meets every rule of the cohort.
  const c = (await server.api(await server.token('centre.ilpkl'), `cohorts/${cohort.id}/completion/${who.person.id}`)).body;
  assert.deepEqual([c.complete, c.units_competent, c.units_total], [true, 4, 4]);
});

test('certificate (en): completed and issued by clicking; the PDF downloads; the QR page /verify/{uuid} shows it valid in three languages, the choice remembered', async (t) => {
  const { token, cohort, unit, candidates } = await oneUnitShort();
  const who = candidates[0];
  assert.ok(who, 'a trainee one unit short of completion');
  const name = who.person.full_name;
  // Set-up through the API, as the people who would: the instructor
  // records the last unit, the centre admin signs it off.
  const instructor = await server.token('instructor.ilpkl');
  const a = await server.api(instructor, `cohorts/${cohort.id}/assessments`, { method: 'POST', body: JSON.stringify({ person_id: who.person.id, unit_id: unit.id, result: 'competent', score: 81, evidence: 'Optimised a cluster: KPIs within target.', assessed_on: '2026-11-16' }) });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal((await server.api(token, `assessments/${a.body.id}/verify`, { method: 'POST', body: '{}' })).status, 200);
  // The centre admin completes the enrolment and issues the certificate.
  const page = await open(t);
  await signIn(page, 'centre.ilpkl');
  await ready(page, 'cohorts');
  await page.click(`main a[href="#/cohorts/${cohort.id}"]`);
  await ready(page, 'cohort');
  await page.selectOption('#status-filter', 'enrolled');
  await page.getByRole('button', { name: `Completed: ${name}` }).click();
  await page.waitForFunction((n) => document.querySelector('#cohort-status').textContent === `${n} is now completed.`, name);
  await page.selectOption('#status-filter', 'completed');
  await page.getByRole('button', { name: `Issue certificate to ${name}` }).click();
  await page.waitForFunction((n) => document.querySelector('#cohort-status').textContent === `Certificate issued to ${n}.`, name);
  const row = page.locator('#enrolments tbody tr', { hasText: name });
  assert.match(await row.innerText(), /certificate active/);
  // Its PDF.
  const [download] = await Promise.all([page.waitForEvent('download'), row.locator('a.cert-pdf').click()]);
  const pdf = readFileSync(await download.path());
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.ok(pdf.length > 1000, `a PDF of ${pdf.length} bytes`);
  const cert = (await apiAll(token, `certificates?cohort_id=${cohort.id}`)).find((x) => x.person_id === who.person.id);
  assert.equal(download.suggestedFilename(), `certificate-${cert.id}.pdf`);
  assert.equal(await row.locator('a.cert-verify').getAttribute('href'), `#/verify/${cert.uuid}`);
  // The page its QR code opens, without an account.
  const pub = await open(t, { width: 360, height: 740 });
  await pub.goto(`${server.base}/verify/${cert.uuid}`);
  await ready(pub, 'verify');
  await pub.waitForSelector('#verdict');
  assert.equal(await pub.locator('#verdict').innerText(), 'Valid certificate');
  const facts = await pub.locator('main dl').innerText();
  assert.ok(facts.includes(name), facts);
  assert.ok(facts.includes(cert.uuid), facts);
  for (const [code, valid] of [['ms', 'Sijil sah'], ['id', 'Sertifikat sah']]) {
    await lang(pub, code);
    await ready(pub, 'verify');
    await pub.waitForSelector('#verdict');
    assert.equal(await pub.locator('#verdict').innerText(), valid);
    await assertOneLanguage(pub, code);
  }
  await pub.reload();
  await ready(pub, 'verify');
  await pub.waitForSelector('#verdict');
  assert.equal(await pub.locator('#verdict').innerText(), 'Sertifikat sah');
  assert.equal(await pub.evaluate(() => document.documentElement.lang), 'id');
  assert.ok(await pub.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling at 360 px');
});

test('server: /verify/{uuid} is the interface (CSP, no account); a malformed number is not', async () => {
  const uuid = '00000000-0000-4000-8000-000000000000';
  let r = await fetch(`${server.base}/verify/${uuid}`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-security-policy'), /default-src 'self'/);
  assert.match(await r.text(), /<script type="module" src="\/app\/main.js">/);
  r = await fetch(`${server.base}/verify/${uuid}x`);
  assert.notEqual(r.status, 200);
  r = await fetch(`${server.base}/api/v1/verify/${uuid}`);
  assert.equal(r.status, 404);
});

// ---- enrolment management: the waitlist
test('waitlist (en): a full cohort\'s waitlist in the order places are offered; a withdrawal promotes the first', async (t) => {
  const token = await server.token('centre.ilpkl');
  const cohort = (await apiAll(token, 'cohorts')).find((c) => c.name === 'Cloud cohort 3');
  const people = new Map((await apiAll(token, `people?cohort_id=${cohort.id}`)).map((p) => [p.id, p.full_name]));
  const waiting = (await apiAll(token, `cohorts/${cohort.id}/enrolments`)).filter((e) => e.status === 'waitlisted').sort((a, b) => a.applied_at - b.applied_at || a.id - b.id);
  assert.ok(waiting.length >= 2, 'Cloud cohort 3 has a waitlist');
  const page = await open(t);
  await signIn(page, 'centre.ilpkl');
  await ready(page, 'cohorts');
  await page.click(`main a[href="#/cohorts/${cohort.id}"]`);
  await ready(page, 'cohort');
  assert.equal(await page.locator('#cohort-places').innerText(), `${cohort.capacity} of ${cohort.capacity} places taken, 0 free`);
  assert.equal(await page.locator('#waitlist p.sub').innerText(), cats.en['waitlist.full']);
  const names = await page.locator('#waitlist tbody tr td:nth-child(2)').allInnerTexts();
  assert.deepEqual(names, waiting.map((e) => people.get(e.person_id)));
  assert.deepEqual(await page.locator('#waitlist tbody th').allInnerTexts(), waiting.map((e, i) => String(i + 1)));
  // Full: nobody on the list can be accepted (the server would refuse).
  assert.equal(await page.locator('#waitlist button:has-text("Accept")').count(), 0);
  assert.ok((await page.locator('#waitlist button:has-text("Reject")').count()) === waiting.length);
  // An accepted trainee withdraws: the first in line takes the place.
  await page.selectOption('#status-filter', 'accepted');
  const leaver = await page.locator('#enrolments tbody tr th').first().innerText();
  await page.getByRole('button', { name: `Withdraw: ${leaver}` }).click();
  await page.waitForFunction((n) => document.querySelector('#cohort-status').textContent === `${n} is now withdrawn.`, leaver);
  const first = people.get(waiting[0].person_id);
  assert.deepEqual(await page.locator('#waitlist tbody tr td:nth-child(2)').allInnerTexts(), waiting.slice(1).map((e) => people.get(e.person_id)));
  const promoted = page.locator('#enrolments tbody tr', { hasText: first });
  assert.match(await promoted.innerText(), /accepted\s+promoted from the waitlist/);
  assert.equal(await page.locator('#cohort-places').innerText(), `${cohort.capacity} of ${cohort.capacity} places taken, 0 free`);
});

// ---- lists: the server pages and filters
test('lists (en): cohorts paged by the server and filtered by programme with ?programme_id=; free text narrows here', async (t) => {
  const page = await open(t);
  const requests = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/')) requests.push(r.url().replace(server.base, ''));
  });
  await signIn(page, 'owner.jtm');
  await ready(page, 'dashboard');
  await page.click('nav a[href="#/cohorts"]');
  await ready(page, 'cohorts');
  assert.ok(requests.includes('/api/v1/cohorts?limit=25'), requests.join(' '));
  assert.equal(await page.locator('main tbody tr').count(), 25);
  await page.click(`text=${cats.en['list.next']}`);
  await page.waitForFunction(() => /Showing 26 to/.test(document.querySelector('main [role=status]').textContent));
  assert.ok(requests.some((u) => /^\/api\/v1\/cohorts\?after=\d+&limit=25$/.test(u)), requests.join(' '));
  const token = await server.token('owner.jtm');
  const progs = await apiAll(token, 'programmes');
  const smartgen = progs.find((p) => p.code === 'KEMNAKER-HW-SMARTGEN-2019');
  const expected = (await apiAll(token, `cohorts?programme_id=${smartgen.id}`)).length;
  await page.selectOption('main select[name=programme]', { label: smartgen.code });
  await page.waitForFunction((n) => document.querySelectorAll('main tbody tr').length === n, Math.min(expected, 25));
  assert.ok(requests.includes(`/api/v1/cohorts?programme_id=${smartgen.id}&limit=25`), requests.join(' '));
  for (const p of await page.locator('main tbody td:nth-child(2)').allInnerTexts()) assert.equal(p, smartgen.code);
  await page.fill('main input[name=q]', 'Medan');
  await page.waitForFunction(() => document.querySelectorAll('main tbody tr').length === 4);
  for (const n of await page.locator('main tbody th').allInnerTexts()) assert.match(n, /^BBPVP Medan/);
});

// ---- CSV from every list screen
test('CSV (en): every list screen exports its rows, with the header row and the values shown', async (t) => {
  const token = await server.token('admin');
  const page = await open(t);
  await signIn(page, 'admin');
  await ready(page, 'dashboard');
  const csvOf = async (button) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    return { name: d.suggestedFilename(), lines: readFileSync(await d.path(), 'utf8').trimEnd().split('\r\n') };
  };
  const quoted = (s) => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const cohorts = await apiAll(token, 'cohorts');
  const partnerships = await apiAll(token, 'partnerships');
  const people = await apiAll(token, 'people');
  const certs = await apiAll(token, 'certificates');
  const vacancies = await apiAll(token, 'vacancies');
  const cloud3 = cohorts.find((c) => c.name === 'Cloud cohort 3');
  const g5 = cohorts.find((c) => c.name === '5G cohort 3');
  const cases = [
    ['partnerships', 'partnerships.csv', 'Title,Parties,Signed,Ends', partnerships.length, quoted(partnerships[0].title)],
    ['programmes', 'programmes.csv', 'Code,Name,Owner,Target,Budget,Currency,Starts,Ends', 4, 'JTM-HW-TVET-2025,'],
    ['cohorts', 'cohorts.csv', 'Name,Programme,Training centre,Places,Starts,Ends', cohorts.length, '5G cohort 3,JTM-HW-TVET-2025,'],
    ['people', 'people.csv', 'Name,Identity number,Sex,Born,Education,Region,Employment', people.length, quoted(people[people.length - 1].full_name)],
    ['certificates', 'certificates.csv', 'Holder,Achievement,Status,Issued,Actions', certs.length, 'suspended'],
    [`cohorts/${g5.id}`, `cohort-${g5.id}-enrolments.csv`, 'Name,Status,Reason', null, 'enrolled'],
    [`cohorts/${cloud3.id}`, `cohort-${cloud3.id}-waitlist.csv`, 'Place in line,Name,Applied,Reason', null, '1,'],
    [`cohorts/${g5.id}/assessments`, `cohort-${g5.id}-assessments.csv`, 'Trainee,Competency unit,Attempt,Result,Score,Assessed on,Rubric notes,Evidence,Sign-off', null, '5G-U01 Describe 5G network architecture and the NR air interface'],
    ['vacancies', 'vacancies.csv', 'Title,Region,Openings,Closes,Status', vacancies.length, quoted(vacancies[0].title)],
    [`vacancies/${vacancies[0].id}`, `candidates-${vacancies[0].id}.csv`, 'Name,Region,Essential skills,Other skills', null, ' of '],
  ];
  for (const [route, file, header, count, known] of cases) {
    await page.goto(`${server.base}/#/${route}`);
    const view = route.includes('/assessments') ? 'assessments' : route.startsWith('cohorts/') ? 'cohort' : route.startsWith('vacancies/') ? 'vacancy' : route;
    await ready(page, view);
    const button = file.includes('waitlist') ? '#export-waitlist' : file.includes('enrolments') ? '#export-enrolments' : `main button:has-text("${cats.en['list.export']}")`;
    const { name, lines } = await csvOf(button);
    assert.equal(name, file);
    assert.equal(lines[0], header, file);
    if (count !== null) assert.equal(lines.length - 1, count, `${file}: rows`);
    else assert.ok(lines.length > 1, `${file}: rows`);
    assert.ok(lines.slice(1).some((l) => l.includes(known)), `${file} holds ${known}`);
  }
});

// ---- the partner: the programme's targets against actuals
// A catalogue message with its placeholders filled, numbers in the locale.
const msg = (code, key, params) => cats[code][key].replace(/\{(\w+)\}/g, (m, k) => (typeof params[k] === 'number' ? new Intl.NumberFormat({ en: 'en-MY', ms: 'ms-MY', id: 'id-ID' }[code], { maximumFractionDigits: 1 }).format(params[k]) : String(params[k])));
const pctIn = (code, r) => new Intl.NumberFormat({ en: 'en-MY', ms: 'ms-MY', id: 'id-ID' }[code], { style: 'percent', maximumFractionDigits: 1 }).format(r);

test('partner (id): partner.huawei sees the JTM programme\'s dashboard, targets against actuals as the API gives them', async (t) => {
  const token = await server.token('partner.huawei');
  const progs = await apiAll(token, 'programmes');
  const jtm = progs.find((p) => p.code === 'JTM-HW-TVET-2025');
  const pr = (await server.api(token, `programmes/${jtm.id}/progress`)).body;
  const funding = await server.api(token, `programmes/${jtm.id}/funding`);
  const placements = await server.api(token, 'placement-rates?by=programme');
  const readable = [];
  for (const p of progs) if ((await server.api(token, `programmes/${p.id}/progress`)).status === 200) readable.push(p.code);
  const page = await open(t);
  await signIn(page, 'partner.huawei', 'id');
  await ready(page, 'dashboard');
  assert.equal(await page.locator('h1').innerText(), cats.id['dash.title']);
  assert.deepEqual((await page.locator('li.card.programme').evaluateAll((els) => els.map((e) => e.dataset.programme))).sort(), readable.sort());
  const card = page.locator(`[data-programme="${jtm.code}"]`);
  assert.equal(await card.locator('.headline').innerText(), msg('id', 'dash.trained_of', { trained: pr.trained, target: pr.target }));
  // The figures move as earlier cases complete enrolments; the form is Indonesian's.
  assert.match(await card.locator('.headline').innerText(), /^\d{3} dari 1\.000 terlatih$/);
  assert.equal(await card.locator('.sub').innerText(), `${msg('id', 'dash.percent_of_target', { percent: pctIn('id', pr.percent_of_target / 100) })} · ${msg('id', 'dash.in_training', { n: pr.in_training })}`);
  await page.click(`[data-programme="${jtm.code}"] h2 a`);
  await page.waitForSelector('[data-testid=completion]');
  const c = pr.enrolments;
  const started = c.completed + c.enrolled + c.withdrawn;
  assert.equal(await page.locator('[data-testid=completion]').innerText(), `${cats.id['dash.completion_rate']}\n${pctIn('id', c.completed / started)}\n${msg('id', 'dash.completion_detail', { completed: c.completed, started })}`);
  const cert = await page.locator('[data-testid=certification] dd').innerText();
  if (funding.status === 200) assert.equal(cert, `${pctIn('id', funding.body.certifications / funding.body.completions)}\n${msg('id', 'dash.certification_detail', { certified: funding.body.certifications, completed: funding.body.completions })}`);
  else assert.equal(cert, cats.id['common.none']);
  const placed = placements.status === 200 ? placements.body.items.find((r) => r.id === jtm.id) : null;
  const place = await page.locator('[data-testid=placement] dd').innerText();
  if (placed) assert.equal(place, `${pctIn('id', placed.rate)}\n${msg('id', 'dash.placement_detail', { placed: placed.placed, completed: placed.completed })}`);
  else assert.equal(place, cats.id['common.none']);
  await assertOneLanguage(page, 'id');
});

// ---- the system admin: the directory, the programmes and the people
test('system admin (en): reaches the organisations, programmes and people lists; national IDs in full only where the API gives them in full', async (t) => {
  const token = await server.token('admin');
  const page = await open(t);
  await signIn(page, 'admin');
  await ready(page, 'dashboard');
  await page.click('nav a[href="#/organisations"]');
  await ready(page, 'organisations');
  const orgs = (await server.api(token, 'organisations?limit=25')).body.items;
  assert.deepEqual(await page.locator('main tbody th').allInnerTexts(), orgs.map((o) => o.name));
  await page.selectOption('main select[name=kind]', 'government');
  const gov = (await apiAll(token, 'organisations')).filter((o) => o.kind === 'government');
  await page.waitForFunction((n) => document.querySelectorAll('main tbody tr').length === n, Math.min(gov.length, 25));
  for (const k of await page.locator('main tbody td:nth-child(3)').allInnerTexts()) assert.equal(k, cats.en['orgkind.government']);
  await page.click('nav a[href="#/programmes"]');
  await ready(page, 'programmes');
  const progs = await apiAll(token, 'programmes');
  assert.deepEqual((await page.locator('main tbody th').allInnerTexts()).sort(), progs.map((p) => p.code).sort());
  await page.click('nav a[href="#/people"]');
  await ready(page, 'people');
  const people = (await server.api(token, 'people/search', { method: 'POST', body: JSON.stringify({ limit: 25 }) })).body.items;
  assert.ok(people.length > 0);
  const ids = await page.locator('main tbody td:nth-child(2)').allInnerTexts();
  assert.deepEqual(ids, people.map((p) => p.id_number));
  for (const p of people) assert.equal(p.id_masked, false, 'the API gives a system admin numbers in full');
  for (const n of ids) assert.doesNotMatch(n, /\*/);
  // The same screen for a programme owner: the API masks, and so does the screen.
  const owner = await server.token('owner.jtm');
  const theirs = (await server.api(owner, 'people/search', { method: 'POST', body: JSON.stringify({ limit: 25 }) })).body.items;
  const page2 = await open(t);
  await signIn(page2, 'owner.jtm');
  await ready(page2, 'dashboard');
  await page2.click('nav a[href="#/people"]');
  await ready(page2, 'people');
  const shown = await page2.locator('main tbody td:nth-child(2)').allInnerTexts();
  assert.deepEqual(shown, theirs.map((p) => p.id_number));
  for (const n of shown) assert.match(n, /^\*+.{4}$/);
});

// ---- the judge: scoring an entry against the round's rubric
// The Tech4Good selection round (open in the demo) made ready for judging as
// its organiser would through the API: judge.demo and judge.jpa on its panel
// (the round needs its civil servants there), entries assigned, the round
// moved to judging. Done once; later callers find it judging.
let judgingSetup = null;
async function judgingRound() {
  if (judgingSetup) return judgingSetup;
  const org = await server.token('partner.huawei');
  const comp = (await apiAll(org, 'competitions')).find((c) => c.code === 'HW-SFTF-MY-2025');
  let round = (await server.api(org, `competitions/${comp.id}/rounds`)).body.items[0];
  const entries = (await server.api(org, `rounds/${round.id}/entries`)).body.items;
  const judges = {};
  for (const u of ['judge.jpa', 'judge.demo']) judges[u] = (await server.api(await server.token(u), 'me')).body.user_id;
  if (round.status === 'open') {
    const panel = (await server.api(org, `rounds/${round.id}/panel`)).body.items.map((j) => j.user_id);
    for (const id of Object.values(judges)) {
      if (panel.includes(id)) continue;
      const r = await server.api(org, `rounds/${round.id}/panel`, { method: 'POST', body: JSON.stringify({ user_id: id }) });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const plan = [[entries[0], 'judge.jpa'], [entries[1], 'judge.jpa'], [entries[0], 'judge.demo'], [entries[2], 'judge.demo'], [entries[3], 'judge.demo']];
    for (const [e, u] of plan) {
      const r = await server.api(org, `rounds/${round.id}/assignments`, { method: 'POST', body: JSON.stringify({ entry_id: e.id, judge_user_id: judges[u] }) });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    const r = await server.api(org, `rounds/${round.id}/status`, { method: 'POST', body: JSON.stringify({ status: 'judging' }) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    round = r.body;
  }
  assert.equal(round.status, 'judging');
  const panel = (await server.api(org, `rounds/${round.id}/panel`)).body.items;
  assert.ok(panel.filter((j) => j.civil_servant).length >= round.min_civil_servants, 'the civil servants are on the panel');
  judgingSetup = { comp, round, entries, judges };
  return judgingSetup;
}

test('judge (ms): judge.jpa sees the rounds of their panels and their entries, scores one against the rubric by clicking; kept after a reload and stored', async (t) => {
  const { comp, round, entries, judges } = await judgingRound();
  const token = await server.token('judge.jpa');
  const mine = (await server.api(token, `rounds/${round.id}/assignments`)).body.items;
  const names = new Map(entries.map((e) => [e.id, e.name]));
  assert.deepEqual(mine.map((a) => a.entry_id), [entries[0].id, entries[1].id]);
  const page = await open(t);
  await signIn(page, 'judge.jpa', 'ms');
  // The judge's home is the judging screen, first in their menu.
  await ready(page, 'judging');
  assert.equal(await page.locator('nav a').first().getAttribute('href'), '#/judging');
  assert.equal(await page.locator('h1').innerText(), cats.ms['judge.title']);
  const sec = page.locator(`section[data-round="${round.id}"]`);
  assert.equal(await sec.locator('h2').innerText(), `${comp.title}: ${round.name}`);
  assert.match(await sec.innerText(), new RegExp(cats.ms['judge.round_status'].replace('{status}', cats.ms['roundstatus.judging'])));
  assert.deepEqual(await sec.locator('tbody th').allInnerTexts(), mine.map((a) => names.get(a.entry_id)));
  // Every round whose panel judge.jpa sits on, with only the entries the server gives them.
  const comps = await apiAll(token, 'competitions');
  const onPanel = [];
  for (const c of comps) {
    for (const r of (await server.api(token, `competitions/${c.id}/rounds`)).body.items) {
      if ((await server.api(token, `rounds/${r.id}/panel`)).status === 200) onPanel.push(String(r.id));
    }
  }
  assert.deepEqual(await page.locator('section.round').evaluateAll((els) => els.map((e) => e.dataset.round)), onPanel);
  const prelim = (await server.api(token, 'competitions/1/rounds')).body.items[0];
  const prelimMine = (await server.api(token, `rounds/${prelim.id}/assignments`)).body.items;
  assert.equal(await page.locator(`section[data-round="${prelim.id}"] tbody tr`).count(), prelimMine.length);
  await assertOneLanguage(page, 'ms');
  // Score the first entry: one whole number per criterion, within its max.
  const entry = entries[0];
  await sec.locator(`a[href="#/judging/${round.id}/${entry.id}"]`).click();
  await ready(page, 'score');
  assert.equal(await page.locator('h1').innerText(), entry.name);
  const given = [8, 75, 7];
  for (const [i, c] of round.criteria.entries()) {
    const input = page.getByLabel(c.name, { exact: true });
    assert.equal(await input.getAttribute('max'), String(c.max_score));
    assert.equal(await input.inputValue(), '');
    await input.fill(String(c.max_score + 1));
    assert.equal(await input.evaluate((el) => el.validity.rangeOverflow), true, `${c.name}: above its max`);
    await input.fill(String(given[i]));
  }
  await page.click(`main button[type=submit]:has-text("${cats.ms['judge.save']}")`);
  await page.waitForFunction((s) => document.querySelector('#score-status').textContent === s, cats.ms['judge.saved'].replace('{name}', entry.name));
  assert.equal(await page.locator('#score-progress').innerText(), msg('ms', 'judge.scored', { n: 3, total: 3 }));
  await page.reload();
  await ready(page, 'score');
  for (const [i, c] of round.criteria.entries()) assert.equal(await page.getByLabel(c.name, { exact: true }).inputValue(), String(given[i]));
  await assertOneLanguage(page, 'ms');
  // Stored: the judge's own scores, and as the organiser sees them.
  const stored = (await server.api(token, `rounds/${round.id}/scores?entry_id=${entry.id}`)).body.items;
  assert.deepEqual(stored.map((s) => [s.criterion_id, s.score, s.judge_user_id]), round.criteria.map((c, i) => [c.id, given[i], judges['judge.jpa']]));
  const org = (await server.api(await server.token('partner.huawei'), `rounds/${round.id}/scores?entry_id=${entry.id}`)).body.items;
  assert.deepEqual(org.filter((s) => s.judge_user_id === judges['judge.jpa']).map((s) => s.score), given);
  // Back on the list, the entry is fully scored.
  await page.click(`main a[href="#/judging"]`);
  await ready(page, 'judging');
  assert.equal(await sec.locator('tbody tr', { hasText: entry.name }).locator('td').last().innerText(), msg('ms', 'judge.scored', { n: 3, total: 3 }));
});

// ---- the trainee's pathways
test('trainee (en): every matching vacancy the API gives, each with its pathway', async (t) => {
  const token = await server.token('trainee.demo');
  const me = (await server.api(token, 'me')).body;
  const jobs = (await server.api(token, `people/${me.person_id}/vacancies?limit=200`)).body.items;
  const page = await open(t);
  await signIn(page, 'trainee.demo');
  await ready(page, 'me');
  assert.equal(await page.locator('main li.card').count(), jobs.length);
  assert.equal(await page.locator('#job-count').innerText(), `${jobs.length} open vacancies match your verified skills.`);
  for (const j of jobs) {
    const card = page.locator(`li.card[data-vacancy="${j.vacancy_id}"]`);
    assert.equal(await card.locator('h3').innerText(), j.title);
    const p = (await server.api(token, `people/${me.person_id}/pathway?vacancy_id=${j.vacancy_id}`)).body;
    if (p && p.steps && p.steps.length) assert.equal(await card.locator('ul li').count(), p.steps.length, j.title);
  }
});

// ---- accessibility, measured with axe-core (WCAG 2.1 A and AA rules)
const AXE = readFileSync(join(webDir, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
// WCAG 2.1 A and AA, and axe's best practices (landmarks, headings).
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
async function axe(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not
  // govern; the page itself never loads it.
  await page.evaluate(`${AXE}\n;0`);
  const r = await page.evaluate((values) => window.axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] }), AXE_TAGS);
  return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}
const audits = [
  ['sign-in', null, '', 'signin', {}],
  ['dashboard', 'owner.jtm', 'dashboard', 'dashboard', {}],
  ['partnerships list', 'owner.jtm', 'partnerships', 'partnerships', {}],
  ['programmes list', 'owner.jtm', 'programmes', 'programmes', {}],
  ['cohorts list', 'centre.ilpkl', 'cohorts', 'cohorts', {}],
  ['people list', 'centre.ilpkl', 'people', 'people', {}],
  ['certificates list', 'centre.ilpkl', 'certificates', 'certificates', {}],
  ['cohort with waitlist', 'centre.ilpkl', 'cohorts/11', 'cohort', {}],
  ['assessments', 'centre.ilpkl', 'cohorts/9/assessments', 'assessments', {}],
  ['attendance at 360 px', 'instructor.ilpkl', 'attendance', 'attendance', { width: 360, height: 740 }],
  ['attendance sheet at 360 px', 'instructor.ilpkl', 'attendance/SESSION', 'session', { width: 360, height: 740 }],
  ['trainee page', 'trainee.demo', 'me', 'me', {}],
  ['employer vacancies', 'employer.demo', 'vacancies', 'vacancies', {}],
  ['employer candidates', 'employer.demo', 'vacancies/VACANCY', 'vacancy', {}],
  ['verify (QR page)', null, 'VERIFY', 'verify', { width: 360, height: 740 }],
  ['organisations list', 'admin', 'organisations', 'organisations', {}],
  ['judge: rounds and entries', 'judge.jpa', 'judging', 'judging', {}],
  ['judge: scoring an entry', 'judge.jpa', 'judging/JUDGED', 'score', {}],
];
test('axe: the audit reports a control without a label and an image without a text alternative', async (t) => {
  // The audits below find nothing on the screens; this shows they would.
  const page = await open(t);
  await page.goto(`${server.base}/`);
  await ready(page, 'signin');
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = '/app/icon.svg';
    document.querySelector('main').append(img, document.createElement('select'));
  });
  const ids = (await axe(page)).map((v) => v.split(' ')[0]);
  assert.ok(ids.includes('image-alt'), ids.join(' '));
  assert.ok(ids.includes('select-name'), ids.join(' '));
});

for (const [label, user, route, view, size] of audits) {
  test(`axe (WCAG 2.1 A/AA, best practices): ${label}`, async (t) => {
    const page = await open(t, size);
    if (user) {
      await signIn(page, user);
      await page.waitForSelector('main[data-ready]:not([data-ready=signin])', { timeout: 15000 });
    }
    let url = `${server.base}/#/${route}`;
    if (route === 'VERIFY') {
      const c = (await server.api(await server.token('admin'), 'certificates?limit=1')).body.items[0];
      url = `${server.base}/verify/${c.uuid}`;
    } else if (route.includes('SESSION')) {
      const s = (await server.api(await server.token('instructor.ilpkl'), 'cohorts/9/sessions?limit=1')).body.items[0];
      url = url.replace('SESSION', s.id);
    } else if (route.includes('JUDGED')) {
      const { round, entries } = await judgingRound();
      url = url.replace('JUDGED', `${round.id}/${entries[1].id}`);
    } else if (route.includes('VACANCY')) {
      const me = (await server.api(await server.token('employer.demo'), 'me')).body;
      const v = (await server.api(await server.token('employer.demo'), `vacancies?employer_org_id=${me.org_id}`)).body.items[0];
      url = url.replace('VACANCY', v.id);
    }
    await page.goto(url);
    await ready(page, view);
    if (view === 'dashboard') await page.waitForFunction(() => document.querySelectorAll('canvas').length >= 1 && window.Chart);
    if (view === 'verify') await page.waitForSelector('#verdict');
    const found = await axe(page);
    assert.deepEqual(found, [], `${label}: ${found.length} violations`);
  });
}

// ---- accessibility
test('accessibility: every control has a label and the screens fit 360 px', async (t) => {
  const page = await open(t, { width: 360, height: 740 });
  await signIn(page, 'owner.jtm');
  await ready(page, 'dashboard');
  for (const screen of ['dashboard', 'programmes', 'cohorts', 'people', 'certificates', 'verify']) {
    await page.goto(`${server.base}/#/${screen}`);
    await ready(page, screen);
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea, button')]
        .filter((el) => el.type !== 'hidden' && !el.closest('[hidden]'))
        .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(unlabelled, [], screen);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), `${screen}: no sideways scrolling at 360 px`);
  }
});

// ---- run
async function main() {
  let passed = 0;
  let failed = 0;
  console.log('TAP version 13');
  console.log(`1..${tests.length}`);
  try {
    server = await startServer(binary, webDir);
    chrome = await startChromium(webDir);
  } catch (e) {
    console.log(`Bail out! ${String(e.message).split('\n')[0]}`);
    console.error(e);
    console.error(`browser: 0 passed, ${tests.length} failed`);
    if (server) server.stop();
    process.exit(1);
  }
  // TUNAS_BROWSER_ONLY=regex runs the matching cases only (the rest are
  // reported as skipped), for working on one screen.
  const only = process.env.TUNAS_BROWSER_ONLY ? new RegExp(process.env.TUNAS_BROWSER_ONLY) : null;
  for (const [i, tc] of tests.entries()) {
    if (only && !only.test(tc.name)) {
      console.log(`ok ${i + 1} - ${tc.name} # SKIP not selected`);
      continue;
    }
    const t = { contexts: [], errors: [], diags: [], diag: (s) => t.diags.push(s) };
    let err = null;
    try {
      await tc.fn(t);
      assert.deepEqual(t.errors, [], 'errors in the browser console');
    } catch (e) {
      err = e;
    }
    for (const c of t.contexts) await c.close().catch(() => {});
    for (const d of t.diags) console.log(`# ${d}`);
    if (err) {
      failed++;
      console.log(`not ok ${i + 1} - ${tc.name}`);
      for (const line of String(err.stack || err).split('\n').slice(0, 12)) console.log(`  # ${line}`);
    } else {
      passed++;
      console.log(`ok ${i + 1} - ${tc.name}`);
    }
  }
  try {
    await chrome.close();
  } finally {
    server.stop();
  }
  console.error(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
