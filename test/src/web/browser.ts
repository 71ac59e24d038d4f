// The browser the web tests drive: Debian's chromium, headless, through playwright-core.
// Every request to anything but this machine is aborted and recorded, so a test can fail
// when a page tries to leave it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { startStack, type Stack } from '../harness';

export const CHROMIUM = process.env.XIANJIE_CHROMIUM ?? '/usr/bin/chromium';
const REPO = path.join(__dirname, '..', '..', '..');
/** Where the tests write a screenshot of each view (the README shows two copied from a run). */
export const SCREENSHOTS = path.join(REPO, 'web', 'screenshots', 'test-run');

/**
 * Builds the console as `npm run build` does, so the tests serve what they test, into a
 * directory of this test file's own (another file may be serving web/dist meanwhile);
 * returns the directory.
 */
export function buildConsole(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'xianjie-web-'));
  execFileSync(process.execPath, [path.join(REPO, 'web', 'build.mjs'), '--out', dir], { stdio: 'pipe' });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return dir;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--lang=zh-CN'],
  });
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A fresh browser profile (its own sessionStorage) whose requests may not leave the machine. */
async function localContext(browser: Browser, baseURL: string, outside: string[]): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Europe/London' });
  await context.route(
    (url) => (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:' || url.protocol === 'wss:') && !LOCAL_HOSTS.has(url.hostname),
    (route) => {
      outside.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  return context;
}

export interface WebStack {
  stack: Stack;
  browser: Browser;
  /** The console's URL: the gateway's origin. */
  base: string;
  /** A new browser profile on the console whose requests may not leave the machine. */
  context(): Promise<BrowserContext>;
}

/**
 * For a test file: builds the console, starts the system (gateway as in development or in
 * production) and one browser before its tests, stops both after; after each test, fails
 * it if any page asked for anything outside this machine.
 */
export function webStack(mode: 'development' | 'production'): WebStack {
  const outside: string[] = [];
  const web = {} as WebStack;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = buildConsole();
    [web.stack, web.browser] = await Promise.all([startStack('pglite', undefined, { web: mode, webDir: dir }), launchBrowser()]);
    web.base = web.stack.gateway.url.replace(/\/graphql$/, '');
    web.context = () => localContext(web.browser, web.base, outside);
  });
  afterAll(async () => {
    await web.browser?.close();
    await web.stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    expect(outside).toEqual([]);
  });
  return web;
}
