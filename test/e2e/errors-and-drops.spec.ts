/**
 * The other ways in, and what the UI says when something goes wrong: the sample audit, files
 * dropped on the window, a broken spec (its parse error at its line), a traffic log and a HAR file
 * dropped (read at once), a workspace already open in another window (locked), the recent list and
 * closing a workspace. Each page is its own client of the transport, as each window is in the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, openApp, REPO, shot, test } from './fixtures.js';

test.describe.configure({ mode: 'serial' });

const SPEC_TEXT = fs.readFileSync(path.join(REPO, 'assets', 'samples', 'clinic-api.yaml'), 'utf8');

test('opens the sample audit: the clinic API, its gateway and its access log, imported and audited in the user-data folder', async ({ browser, gatehouse }) => {
  const { page, problems } = await openApp(browser, gatehouse.transport, 'sample');
  // No dialog: the sample lives in the user-data folder, built by one call on first use.
  await page.getByTestId('open-sample').click();
  await expect(page.getByTestId('workspace-title')).toHaveText('Northwind Clinic API (sample)', { timeout: 90_000 });
  await expect(page.getByTestId('findings-grid')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('findings-summary')).toContainText(/\d+ findings/);
  await expect(page.getByTestId('chip-traffic')).toContainText(/[1-9]/);
  await shot(page, '30-sample-findings');
  // Closed, so that another window may open it.
  await page.getByTestId('close-workspace').click();
  await expect(page.getByRole('heading', { name: 'Audit workspaces' })).toBeVisible();
  expect(problems).toEqual([]);
  await page.close();
});

test('imports files dropped on the window, and names each problem in words', async ({ browser, gatehouse }) => {
  const { page, problems } = await openApp(browser, gatehouse.transport, 'drops');
  await page.getByLabel('Audit name (required)').fill('Dropped evidence');
  gatehouse.transport.answerDialog([path.join(gatehouse.dir, 'drops.gatehouse')], 'create-workspace');
  await page.getByTestId('create-workspace').click();
  await expect(page.getByTestId('drop-zone')).toBeVisible();

  const drop = async (files: { name: string; text: string }[]) => {
    const dataTransfer = await page.evaluateHandle((list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/plain' }));
      return dt;
    }, files);
    await page.dispatchEvent('[data-testid="drop-zone"]', 'dragover', { dataTransfer });
    await page.dispatchEvent('[data-testid="drop-zone"]', 'drop', { dataTransfer });
  };

  await drop([{ name: 'dropped-api.yaml', text: SPEC_TEXT }]);
  const dropped = page.getByTestId('import-result').filter({ hasText: 'dropped-api.yaml' });
  await expect(dropped).toBeVisible({ timeout: 60_000 });
  await expect(dropped).toContainText('API description');
  await expect(dropped.locator('code.hash').first()).toHaveText(/^[0-9a-f]{64}$/);

  // A broken spec, picked with the dialog: the parse error names the file and the line.
  const broken = path.join(gatehouse.dir, 'broken-api.yaml');
  fs.writeFileSync(broken, 'openapi: 3.0.3\ninfo:\n  title: Broken\n  version: "1"\npaths:\n  /a:\n    get: {responses: {"200": {description: ok}}\n  /b: [\n');
  gatehouse.transport.answerDialog([broken], 'evidence-files');
  await page.getByTestId('add-files').click();
  const error = page.getByTestId('parse-error').filter({ hasText: 'broken-api.yaml:' }).first();
  await expect(error).toBeVisible({ timeout: 60_000 });
  await expect(error).toContainText(/broken-api\.yaml:\d+/);

  // A dropped traffic log is read at once (it is not kept, so it cannot be read again later).
  await drop([{ name: 'access.log', text: '198.51.100.7 - - [10/Oct/2026:13:55:36 +0000] "GET /v2/patients/1 HTTP/1.1" 200 512 "-" "curl/8.0"\n'.repeat(20) }]);
  const log = page.getByTestId('import-result').filter({ hasText: 'access.log' }).first();
  await expect(log).toBeVisible({ timeout: 60_000 });
  await expect(log).toContainText('Traffic log');
  await expect(log).toContainText('20 requests read now');
  // A HAR file too.
  const har = { log: { version: '1.2', creator: { name: 'e2e', version: '1' }, entries: [
    { startedDateTime: '2026-10-10T13:55:36.000Z', time: 12, request: { method: 'GET', url: 'https://api.northwind-clinic.example/v2/patients/1', httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
      response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 2, mimeType: 'application/json', text: '{}' }, redirectURL: '', headersSize: -1, bodySize: 2 }, cache: {}, timings: { send: 0, wait: 12, receive: 0 } },
  ] } };
  await drop([{ name: 'session.har', text: JSON.stringify(har) }]);
  const harCard = page.getByTestId('import-result').filter({ hasText: 'session.har' }).first();
  await expect(harCard).toBeVisible({ timeout: 60_000 });
  await expect(harCard).toContainText('Traffic log');
  await expect(harCard).toContainText('1 request read now');
  await shot(page, '31-drops-and-errors');
  expect(problems).toEqual([]);
  await page.close();
});

test('a workspace open in another window is refused (locked), in words, where it was asked for', async ({ browser, gatehouse }) => {
  const one = await openApp(browser, gatehouse.transport, 'one');
  const file = path.join(gatehouse.dir, 'shared.gatehouse');
  await one.page.getByLabel('Audit name (required)').fill('Held elsewhere');
  gatehouse.transport.answerDialog([file], 'create-workspace');
  await one.page.getByTestId('create-workspace').click();
  await expect(one.page.getByTestId('workspace-title')).toHaveText('Held elsewhere');

  const two = await openApp(browser, gatehouse.transport, 'two');
  gatehouse.transport.answerDialog([file], 'open-workspace');
  await two.page.getByTestId('open-workspace').click();
  await expect(two.page.getByRole('alert').filter({ hasText: 'already open in another Gatehouse window' })).toBeVisible();
  // The recent list knows it and who holds it.
  await expect(two.page.getByTestId('recent-list')).toContainText('Held elsewhere');
  await expect(two.page.getByTestId('recent-list')).toContainText('Open in another Gatehouse window.');
  await shot(two.page, '32-locked');

  // Closed in the first window, it opens from the recent list in the second.
  await one.page.getByTestId('close-workspace').click();
  await expect(one.page.getByRole('heading', { name: 'Audit workspaces' })).toBeVisible();
  await expect(one.page.getByTestId('nav-findings')).toBeDisabled();
  await two.page.getByTestId('nav-start').click();
  await two.page.getByTestId('recent-list').getByRole('listitem').filter({ hasText: 'Held elsewhere' }).getByRole('button', { name: 'Open', exact: true }).click();
  await expect(two.page.getByTestId('workspace-title')).toHaveText('Held elsewhere');
  await expect(two.page.getByText('No evidence yet')).toBeVisible();
  // Alt+3 goes to the findings: none yet, and the screen says what to do.
  await two.page.keyboard.press('Alt+3');
  await expect(two.page.getByText('No audit run yet')).toBeVisible();
  await shot(two.page, '33-findings-not-audited');
  expect([...one.problems, ...two.problems]).toEqual([]);
  await one.page.close();
  await two.page.close();
});
