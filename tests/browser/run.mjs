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
    // A refused request (401 before sign-in, 404 of a breakdown the server
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
  assert.equal(await page.locator('[data-testid=breakdown-unavailable]').innerText(), cats.en['dash.breakdown_unavailable']);
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
  const median = times[2];
  t.diag(`dashboard first screen: median ${median.toFixed(0)} ms, max ${times[4].toFixed(0)} ms (5 loads)`);
  assert.ok(median < 1000, `first screen took ${median} ms`);
});

test('owner (id): figures formatted for Indonesian; nothing in another language', async (t) => {
  const page = await open(t);
  await signIn(page, 'owner.jtm', 'id');
  await ready(page, 'dashboard');
  const card = page.locator('[data-programme="JTM-HW-TVET-2025"]');
  assert.equal(await card.locator('.headline').innerText(), '424 dari 1.000 terlatih');
  const pr = (await server.api(await server.token('owner.jtm'), 'programmes/1/progress')).body.enrolments;
  const started = pr.completed + pr.enrolled + pr.withdrawn;
  const rate = new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: 1 }).format(pr.completed / started);
  assert.equal(await page.locator('[data-testid=completion]').innerText(), `Tingkat kelulusan\n${rate}\n424 dari ${started} yang memulai`);
  assert.match(await page.locator('[data-testid=budget]').innerText(), /MYR\s8\.000\.000,00/);
  assert.equal(await page.locator('[data-testid=breakdown-unavailable]').innerText(), cats.id['dash.breakdown_unavailable']);
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

test('centre admin (ms): accepts an applicant and issues a certificate by clicking', async (t) => {
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
  const row = page.locator('main tbody tr').first();
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
  for (const [i, tc] of tests.entries()) {
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
  await chrome.close();
  server.stop();
  console.error(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
