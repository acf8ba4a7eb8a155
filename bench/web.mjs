// The browser interface's speed: time to the dashboard's first screen in
// Debian's chromium, against the 1 s target (docs/PERFORMANCE.md), with
// the sign-in screen measured in the same run as the baseline (the same
// page, modules and catalogue, without the data the dashboard asks for).
//   node bench/web.mjs TUNAS_BINARY WEB_DIR [LOADS]     (bench/run web)
// The server is the real `tunas serve` on a fresh demo database, the
// browser the one tests/browser drives (same flags, fresh profile). Each
// load is a navigation measured by the page's own clock: from navigation
// start to the performance mark the screen sets when it is drawn
// (tunas-dashboard-first-screen, tunas-ready-signin). Two cases:
//   cold: a new browser context (empty cache, the session cookie set by
//         signing in through the API first), as a first visit;
//   warm: the same page loaded again (files revalidated by ETag: 304s).
import { resolve } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { startServer, startChromium } from '../tests/browser/harness.mjs';

const [binary, webArg, loadsArg] = process.argv.slice(2);
const webDir = resolve(webArg || 'web');
const LOADS = Number(loadsArg || 20);
const TARGET_MS = 1000;

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}
const ms = (x) => `${x.toFixed(0)} ms`;

async function mark(page, name) {
  await page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, { timeout: 30000 });
  return page.evaluate((n) => performance.getEntriesByName(n)[0].startTime, name);
}

async function measure(chrome, base, password, { user, route, markName }) {
  const cold = [];
  const warm = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } });
    if (user) {
      const r = await context.request.post(`${base}/api/v1/auth/login`, { data: { username: user, password } });
      if (!r.ok()) throw new Error(`sign-in of ${user}: ${r.status()}`);
    }
    const page = await context.newPage();
    await page.goto(`${base}/?load=${i}#/${route}`);
    cold.push(await mark(page, markName));
    await page.goto(`${base}/?load=${i}w#/${route}`);
    warm.push(await mark(page, markName));
    await context.close();
  }
  return { cold: stats(cold), warm: stats(warm) };
}

async function main() {
  const server = await startServer(binary, webDir);
  const chrome = await startChromium(webDir);
  try {
    const version = chrome.browser.version();
    console.log(`web: chromium ${version} (headless), ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; tunas serve on the demo data; ${LOADS} loads of each`);
    const base = await measure(chrome, server.base, server.password, { user: null, route: 'signin', markName: 'tunas-ready-signin' });
    const dash = await measure(chrome, server.base, server.password, { user: 'owner.jtm', route: 'dashboard', markName: 'tunas-dashboard-first-screen' });
    for (const kind of ['cold', 'warm']) {
      const d = dash[kind];
      const b = base[kind];
      const verdict = d.p95 < TARGET_MS ? 'meets' : 'MISSES';
      console.log(
        `web: dashboard first screen (owner.jtm), ${kind}: median ${ms(d.median)}, p95 ${ms(d.p95)}, max ${ms(d.max)} ` +
          `(target < ${TARGET_MS} ms: ${verdict}); baseline sign-in screen ${kind}: median ${ms(b.median)}, p95 ${ms(b.p95)}; ` +
          `median ratio ${(d.median / b.median).toFixed(2)}`,
      );
    }
  } finally {
    await chrome.close();
    server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
