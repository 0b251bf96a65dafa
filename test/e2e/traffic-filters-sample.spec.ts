/**
 * The desktop's traffic and the workspace-kept filters, in Chromium through the test transport:
 * the sample audit opens by one call (spec, Kong configuration and access log, audited) with
 * traffic findings; the inventory shows what was observed (requests, callers) and clicks through
 * to an endpoint's findings; an access log dropped on the window is read at once, and a re-audit
 * keeps its findings; a saved filter lives in the workspace and survives a reload. Each changed
 * screen is photographed in the light and the dark theme (test-results/screens/4x-…).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openApp, REPO, shot, test } from './fixtures.js';

test.describe.configure({ mode: 'serial' });

const SAMPLES = path.join(REPO, 'assets', 'samples');

async function bothThemes(page: Page, name: string): Promise<void> {
  await shot(page, `${name}-light`);
  await page.getByTestId('theme-select').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await shot(page, `${name}-dark`);
  await page.getByTestId('theme-select').selectOption('light');
}

async function sourceCount(page: Page, source: string): Promise<number> {
  const text = await page.getByTestId(`chip-${source}`).locator('.chip-count').textContent();
  return Number((text ?? '').replace(/[^\d]/g, ''));
}

test('opens the sample audit by one call: spec, gateway and access log, audited, with traffic findings and an observed inventory', async ({ browser, gatehouse }) => {
  const { page, problems } = await openApp(browser, gatehouse.transport, 'sample-walk');
  await expect(page.getByTestId('fresh-sample')).toBeVisible();
  await bothThemes(page, '39-start-sample');
  await page.getByTestId('open-sample').click();
  await expect(page.getByTestId('workspace-title')).toHaveText('Northwind Clinic API (sample)', { timeout: 90_000 });
  await expect(page.getByTestId('findings-grid')).toBeVisible({ timeout: 90_000 });
  expect(await sourceCount(page, 'spec')).toBeGreaterThan(0);
  expect(await sourceCount(page, 'gateway')).toBeGreaterThan(0);
  expect(await sourceCount(page, 'traffic')).toBeGreaterThanOrEqual(4);
  await bothThemes(page, '40-sample-findings');

  // The inventory: observed counts and callers from the access log.
  await page.keyboard.press('Alt+4');
  const counts = page.getByTestId('inventory-counts');
  await expect(counts).toContainText('Observed in traffic');
  await expect(counts.locator('.stat').filter({ hasText: 'Observed in traffic' }).locator('.stat-value')).toHaveText(/^[1-9]\d*$/);
  const row = page.getByTestId('inventory-table').locator('tr').filter({ hasText: '/patients/{patientId}' }).filter({ hasText: 'GET' }).first();
  await expect(row.getByTestId('inventory-requests')).toContainText('190');
  await expect(row.getByTestId('inventory-requests')).toContainText(/\d+ callers/);
  await expect(page.getByText('clinic-access.log — traffic')).toBeVisible();
  await row.getByRole('button', { name: 'GET /patients/{patientId}', exact: true }).click();
  const observed = page.getByTestId('endpoint-observed');
  await expect(observed).toContainText('190 requests in clinic-access.log');
  await expect(observed).toContainText('ip 203.0.113.66');
  await expect(observed).toContainText('160 requests');
  await bothThemes(page, '41-inventory-observed');

  // Click through to that endpoint's findings, traffic ones among them.
  await page.getByTestId('endpoint-findings').click();
  await expect(page.getByTestId('findings-grid')).toBeVisible();
  await expect(page.getByText('GET /patients/{patientId}').first()).toBeVisible();
  await expect(page.getByTestId('findings-summary')).toContainText('match');
  await expect(page.getByTestId('findings-grid')).toContainText(/enumerat/i);
  await shot(page, '42-inventory-to-findings');

  await page.getByTestId('close-workspace').click();
  await expect(page.getByRole('heading', { name: 'Audit workspaces' })).toBeVisible();
  expect(problems).toEqual([]);
  await page.close();
});

test('reads an access log dropped on the window at once, keeps its findings on a re-audit, and keeps a saved filter in the workspace across a reload', async ({
  browser,
  gatehouse,
}) => {
  const { page, problems } = await openApp(browser, gatehouse.transport, 'drop-log');
  await page.getByLabel('Audit name (required)').fill('Dropped log');
  gatehouse.transport.answerDialog([path.join(gatehouse.dir, 'dropped-log.gatehouse')], 'create-workspace');
  await page.getByTestId('create-workspace').click();
  await expect(page.getByTestId('drop-zone')).toBeVisible();

  const files = ['clinic-api.yaml', 'clinic-access.log'].map((name) => ({ name, text: fs.readFileSync(path.join(SAMPLES, name), 'utf8') }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/plain' }));
    return dt;
  }, files);
  await page.dispatchEvent('[data-testid="drop-zone"]', 'dragover', { dataTransfer });
  await page.dispatchEvent('[data-testid="drop-zone"]', 'drop', { dataTransfer });
  const card = page.getByTestId('import-result').filter({ hasText: 'clinic-access.log' }).first();
  await expect(card).toBeVisible({ timeout: 60_000 });
  await expect(card).toContainText('Traffic log');
  await expect(card).toContainText('356 requests read now');
  await expect(page.getByTestId('import-result').filter({ hasText: 'clinic-api.yaml' }).first()).toContainText('API description');
  await bothThemes(page, '43-evidence-dropped-log');

  const audit = async () => {
    await page.getByTestId('run-audit').click();
    const result = page.getByTestId('audit-result');
    await expect(result).toBeVisible({ timeout: 90_000 });
    await expect(result).toContainText('clinic-access.log');
    await page.getByTestId('see-findings').click();
    await expect(page.getByTestId('findings-grid')).toBeVisible();
    return sourceCount(page, 'traffic');
  };
  const first = await audit();
  expect(first).toBeGreaterThanOrEqual(4);
  await page.getByTestId('nav-evidence').click();
  expect(await audit()).toBe(first);

  // A saved filter: in the workspace, not in this browser's storage, and there after a reload.
  await page.getByTestId('chip-traffic').click();
  await expect(page.getByTestId('findings-summary')).toContainText(`${first} of`);
  await page.getByTestId('save-filter').click();
  await page.getByTestId('saved-filter-name').fill('Traffic only');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('saved-filters')).toContainText('Traffic only');
  await bothThemes(page, '44-findings-saved-filter');
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('gatehouse.savedFilters')))).toEqual([]);

  await page.reload();
  await page.getByTestId('nav-findings').click();
  await expect(page.getByTestId('findings-grid')).toBeVisible();
  await expect(page.getByTestId('saved-filters')).toContainText('Traffic only');
  await expect(page.getByTestId('chip-traffic')).toHaveAttribute('aria-pressed', 'false');
  await page.getByTestId('saved-filters').selectOption('Traffic only');
  await expect(page.getByTestId('chip-traffic')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('findings-summary')).toContainText(`${first} of`);
  // The audit log recorded it.
  await page.getByTestId('nav-log').click();
  await expect(page.locator('code', { hasText: 'filter.save' }).first()).toBeVisible();
  expect(problems).toEqual([]);
  await page.close();
});
