// The browser suite's fixtures: the real `tunas` binary on a fresh SQLite
// database loaded with `tunas demo` (a random password for the demo
// accounts), and Debian's chromium, headless, started with the flags the
// project requires and a fresh profile, driven by playwright-core over CDP.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

export const CHROMIUM = process.env.TUNAS_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startServer(binary, webDir) {
  const dir = mkdtempSync(join(tmpdir(), 'tunas-browser-'));
  const db = join(dir, 'tunas.db');
  const password = `web-${randomBytes(12).toString('base64url')}`;
  const env = { ...process.env, TUNAS_DEMO_PASSWORD: password };
  delete env.TUNAS_DB;
  const load = spawnSync(binary, ['--db', db, 'demo'], { env, encoding: 'utf8', timeout: 600000 });
  if (load.status !== 0) throw new Error(`tunas demo failed: ${load.stdout}${load.stderr}`);
  const portFile = join(dir, 'port');
  const proc = spawn(binary, ['--db', db, 'serve', '--address', '127.0.0.1', '--port', '0', '--port-file', portFile, '--rate', '0', '--login-rate', '0', '--quiet', '--web', webDir], {
    env: { ...env, TUNAS_DEMO_PASSWORD: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600 && !existsSync(portFile); i++) await sleep(100);
  await sleep(50);
  const port = Number(readFileSync(portFile, 'utf8').trim());
  if (!port) throw new Error('tunas serve did not start');
  const base = `http://127.0.0.1:${port}`;
  return {
    dir,
    db,
    password,
    base,
    stop() {
      proc.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
    // Sign in over the API (for looking data up, not for what is tested).
    async token(user) {
      const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: user, password }) });
      return (await r.json()).token;
    },
    async api(token, path, opts = {}) {
      const r = await fetch(`${base}/api/v1/${path}`, { ...opts, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(opts.headers || {}) } });
      return { status: r.status, body: await r.json().catch(() => null) };
    },
  };
}

export async function startChromium(webDir) {
  const require = createRequire(join(webDir, 'package.json'));
  const { chromium } = require('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'tunas-chromium-'));
  const proc = spawn(CHROMIUM, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const ws = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${err}`)), 60000);
    proc.stderr.on('data', (d) => {
      err += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', () => reject(new Error(`chromium exited: ${err}`)));
  });
  const browser = await chromium.connectOverCDP(ws);
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
      // Wait for chromium to exit before its profile is removed: it may
      // still be writing there.
      const exited = proc.exitCode !== null ? Promise.resolve() : new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}
