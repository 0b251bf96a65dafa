/**
 * The e2e fixtures: the real services behind the HTTP test transport (loopback, random token) on
 * a fresh temporary folder per worker, pages that fail the test on console errors, page errors or
 * CSP violations, and screenshots in test-results/screens (git-ignored, never committed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { startTestTransport, type TestTransport } from '../../electron/node/test-transport/test-transport.js';

export const REPO = path.resolve(import.meta.dirname, '..', '..');
export const SCREENS = path.join(REPO, 'test-results', 'screens');

export interface Gatehouse {
  transport: TestTransport;
  /** A temporary folder for workspaces, reports and generated evidence. */
  dir: string;
}

export const test = base.extend<object, { gatehouse: Gatehouse }>({
  gatehouse: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-e2e-'));
      const transport = await startTestTransport({ userDataDir: path.join(dir, 'user-data') });
      await use({ transport, dir });
      await transport.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

export { expect };

/** Everything the page complained about: console errors, uncaught errors, CSP violations. */
export interface WatchedPage {
  page: Page;
  problems: string[];
}

/**
 * A page of the app for one client of the transport (each client is one "window": its own open
 * workspace and granted paths).
 */
export async function openApp(browser: Browser, transport: TestTransport, client = 'default'): Promise<WatchedPage> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const url = client === 'default' ? transport.pageUrl : `${transport.pageUrl}&gatehouse-client=${client}`;
  const response = await page.goto(url);
  expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
  return { page, problems };
}

export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENS, { recursive: true });
  const file = path.join(SCREENS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * An access log in the combined format: the traffic engineer's fixture (test/fixtures/logs) when
 * it is there, otherwise one for the clinic API written here.
 */
export function accessLog(dir: string): { file: string; fromFixtures: boolean } {
  // The traffic engineer's Apache combined access log (10,000 lines; see its PROVENANCE.md).
  const fixture = path.join(REPO, 'test', 'fixtures', 'logs', 'apache_logs');
  if (fs.existsSync(fixture)) return { file: fixture, fromFixtures: true };
  const lines: string[] = [];
  const paths = [
    ['GET', '/v2/patients/1001', 200],
    ['GET', '/v2/patients/1002', 200],
    ['GET', '/v2/patients/search?email=jane.doe%40example.org', 200],
    ['GET', '/v2/appointments', 200],
    ['POST', '/v2/appointments', 201],
    ['GET', '/v2/reports/export?api_key=sk_live_4f9a8b7c6d5e4f3a2b1c', 200],
    ['POST', '/v2/assistant/chat/completions', 200],
    ['GET', '/v2/internal/debug', 200],
    ['DELETE', '/v2/admin/users/7', 204],
  ] as const;
  const start = Date.UTC(2026, 9, 10, 8, 0, 0);
  for (let i = 0; i < 240; i++) {
    const [method, url, status] = paths[i % paths.length]!;
    const at = new Date(start + i * 7_000);
    const stamp = `${String(at.getUTCDate()).padStart(2, '0')}/Oct/2026:${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}:${String(at.getUTCSeconds()).padStart(2, '0')} +0000`;
    const ip = `198.51.100.${(i % 23) + 1}`;
    lines.push(`${ip} - - [${stamp}] "${method} ${url} HTTP/1.1" ${status} ${300 + (i % 50)} "-" "clinic-app/3.2 (Android 14)"`);
  }
  const file = path.join(dir, 'access.log');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { file, fromFixtures: false };
}
