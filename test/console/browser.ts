import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toolPaths } from '@onewindow/stack/tools';
import { scratchDatabase, startAppHarness, type AppHarness } from '../support/app-harness';
import { Resources } from '../support/resources';

/** Screenshots, the printed notice and downloads of the console suite (git-ignored). */
export const ARTEFACTS = join(__dirname, '..', '..', 'test-artifacts', 'console');

/**
 * Debian's chromium, as the tool bootstrap found or installed it (or CHROMIUM_PATH). Playwright downloads no browser
 * of its own. Without one the suite fails at once with the bootstrap's line saying what to install.
 */
export function chromiumPath(): string {
  const tools = toolPaths();
  const path = process.env.CHROMIUM_PATH ?? tools.chromium;
  if (path && existsSync(path)) return path;
  throw new Error(
    tools.chromiumMissing ??
      `no chromium at ${path ?? '/usr/bin/chromium'}: run node scripts/bootstrap-tools.js --browser (npm test does)`,
  );
}

export interface ConsoleHarness {
  harness: AppHarness;
  browser: Browser;
  baseUrl: string;
  /** A fresh tab at the given size, signed in with the key of `role` when one is given. */
  page(role?: string, viewport?: { width: number; height: number }): Promise<Page>;
  shot(page: Page, name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real stack (global-setup's Temporal dev server and Postgres, a worker and the Nest app listening on a free
 * port) serving a fresh console build, and a headless chromium.
 */
export async function startConsole(): Promise<ConsoleHarness> {
  // First, before anything starts: without a browser the suite fails in a second, with one line.
  const executablePath = chromiumPath();
  mkdirSync(ARTEFACTS, { recursive: true });
  const consoleDir = join(ARTEFACTS, '..', 'console-build');
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'build-console.mjs')], {
    env: { ...process.env, ONEWINDOW_CONSOLE_DIR: consoleDir },
    stdio: 'ignore',
  });
  process.env.ONEWINDOW_CONSOLE_DIR = consoleDir;
  const resources = new Resources();
  return resources.startOrClean(async () => {
    // Its own database: the admin's test publishes a holiday notice, which must not change other suites' calendar.
    const harness = await startAppHarness({ databaseUrl: await scratchDatabase('console') });
    resources.add('the console harness', () => harness.stop());
    await harness.app.listen(0, '127.0.0.1');
    const { port } = (harness.server as Server).address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    resources.add(`chromium (${executablePath})`, () => browser.close());
    return {
      harness,
      browser,
      baseUrl,
      async page(role, viewport = { width: 1280, height: 800 }) {
        const context = await browser.newContext({
          viewport,
          acceptDownloads: true,
          locale: 'zh-CN',
          timezoneId: 'Asia/Shanghai',
        });
        const page = await context.newPage();
        page.setDefaultTimeout(20_000);
        await page.goto(`${baseUrl}/console/`);
        if (role) await signIn(page, harness.keys[role]);
        return page;
      },
      async shot(page, name) {
        await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
      },
      stop: () => resources.stop(),
    };
  });
}

/** Signs in with the keyboard alone: the key field has the focus order of the form, Enter submits. */
export async function signIn(page: Page, key: string | undefined): Promise<void> {
  if (!key) throw new Error('no key for this role');
  await page.getByLabel('API 密钥').fill(key);
  await page.keyboard.press('Enter');
  await page.getByRole('navigation', { name: '功能菜单' }).waitFor();
}
