/**
 * A whole audit through the UI, in Chromium, against the real services behind the HTTP test
 * transport: create a workspace, import a spec, a gateway configuration and an access log, run
 * the audit, see, filter and group the findings, triage one and note it, look at the inventory
 * and the control matrices, answer a checklist item, create a signing identity, generate,
 * preview and verify a signed report, and check the audit log's chain. Every screen is
 * photographed (test-results/screens) in the light theme, and the main ones in the dark theme.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { accessLog, expect, openApp, REPO, shot, test, type WatchedPage } from './fixtures.js';

test.describe.configure({ mode: 'serial' });

const SPEC = path.join(REPO, 'assets', 'samples', 'clinic-api.yaml');
const GATEWAY = path.join(REPO, 'test', 'fixtures', 'gateways', 'kong', 'own', 'ai-and-limits.yaml');

let app: WatchedPage;
let page: Page;
let workspaceFile: string;

test.beforeAll(async ({ browser, gatehouse }) => {
  app = await openApp(browser, gatehouse.transport);
  page = app.page;
  workspaceFile = path.join(gatehouse.dir, 'clinic-audit.gatehouse');
});

test.afterAll(async () => {
  await page?.close();
});

test('the start screen offers new, open, recent and the sample, and says what is wrong in the form', async ({ gatehouse }) => {
  await expect(page.getByRole('heading', { name: 'Audit workspaces' })).toBeVisible();
  // The token left the address bar as soon as the shim read it.
  expect(page.url()).not.toContain(gatehouse.transport.token);
  await expect(page.getByTestId('app-info')).toContainText('rules');
  await expect(page.getByTestId('nav-findings')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Open a workspace…' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open the sample audit' })).toBeVisible();

  // Submitting without a name: the error is next to the field, and no dialog was asked for.
  await page.getByTestId('create-workspace').click();
  await expect(page.getByText('Name the audit.')).toBeVisible();
  await expect(page.getByLabel('Audit name (required)')).toHaveAttribute('aria-invalid', 'true');
  await shot(page, '01-start');
});

test('creates a workspace described by name, client, auditor, scope and period', async ({ gatehouse }) => {
  const form = page.getByTestId('new-workspace-form');
  await form.getByLabel('Audit name (required)').fill('Northwind Clinic API — Q4 review');
  await form.getByLabel('Client').fill('Northwind Clinic');
  await form.getByLabel('Auditor').fill('Ada Auditor');
  await form.getByLabel('Scope').fill('Public API v2, the Kong gateway in front of it, one day of access logs.');
  await form.getByLabel('Period start').fill('2026-10-01');
  await form.getByLabel('Period end').fill('2026-10-31');
  await shot(page, '02-new-workspace-form');
  gatehouse.transport.answerDialog([workspaceFile], 'create-workspace');
  await page.getByTestId('create-workspace').click();

  await expect(page.getByTestId('workspace-title')).toHaveText('Northwind Clinic API — Q4 review');
  await expect(page.getByRole('heading', { name: 'Import evidence' })).toBeVisible();
  expect(fs.existsSync(workspaceFile)).toBe(true);
  await expect(page.getByText('No evidence yet')).toBeVisible();
  await shot(page, '03-evidence-empty');
});

async function importFile(gatehouse: { transport: { answerDialog(paths: string[], purpose?: 'evidence-files'): void } }, file: string) {
  gatehouse.transport.answerDialog([file], 'evidence-files');
  await page.getByTestId('add-files').click();
  const result = page.getByTestId('import-result').filter({ hasText: path.basename(file) }).first();
  await expect(result).toBeVisible({ timeout: 60_000 });
  return result;
}

test('imports the spec: kind, format, size, SHA-256 and operations', async ({ gatehouse }) => {
  const result = await importFile(gatehouse, SPEC);
  await expect(result).toContainText('API description');
  await expect(result).toContainText(/openapi/i);
  await expect(result).toContainText('KB');
  await expect(result).toContainText(/operations?/);
  await expect(result.locator('code.hash').first()).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId('evidence-table')).toContainText('clinic-api.yaml');
});

test('imports a gateway configuration (Kong decK)', async ({ gatehouse }) => {
  const result = await importFile(gatehouse, GATEWAY);
  await expect(result).toContainText('Gateway configuration');
  await expect(result).toContainText(/routes?/);
  await expect(page.getByTestId('evidence-table')).toContainText('ai-and-limits.yaml');
});

test('imports an access log (read where it is, by the next audit)', async ({ gatehouse }) => {
  const log = accessLog(gatehouse.dir);
  test.info().annotations.push({ type: 'access log', description: log.fromFixtures ? log.file : 'test/fixtures/logs is missing: a generated combined-format log was used' });
  const result = await importFile(gatehouse, log.file);
  await expect(result).toContainText('Traffic log');
  await expect(result).toContainText('recorded when audited');
  await shot(page, '04-evidence-imported');
});

test('runs the audit and sees its summary', async () => {
  await page.getByTestId('run-audit').click();
  const result = page.getByTestId('audit-result');
  await expect(result).toBeVisible({ timeout: 90_000 });
  await expect(result).toContainText(/\d+ findings?/);
  await expect(result).toContainText('clinic-api.yaml');
  await expect(result).toContainText(/requests?/);
  await shot(page, '05-audit-done');
  await page.getByTestId('see-findings').click();
  await expect(page.getByTestId('findings-grid')).toBeVisible();
});

function rows() {
  return page.getByTestId('findings-grid').locator('[role="row"][aria-rowindex]:not([aria-rowindex="1"])');
}

test('lists the findings in the virtual table, with facet counts', async () => {
  await expect(rows().first()).toContainText(/critical|high|medium|low|info/i);
  const summary = await page.getByTestId('findings-summary').textContent();
  const total = Number(/([\d,]+) findings?/.exec(summary ?? '')?.[1]?.replace(/,/g, ''));
  expect(total).toBeGreaterThan(5);
  await expect(page.getByTestId('chip-open')).toContainText(/\d/);
  await expect(page.getByTestId('chip-spec')).toContainText(/\d/);
  await shot(page, '06-findings');
});

test('filters by severity, source, control and search, groups by rule and saves a filter', async () => {
  await page.getByTestId('chip-high').click();
  await expect(page.getByTestId('findings-summary')).toContainText(/of [\d,]+ findings? match/);
  const high = await rows().count();
  expect(high).toBeGreaterThan(0);
  for (const row of await rows().all()) await expect(row).toContainText('High');
  await page.getByTestId('chip-high').click();

  await page.getByTestId('chip-gateway').click();
  await expect(page.getByTestId('findings-summary')).toContainText('match');
  await expect(rows().first()).toContainText('ai-and-limits.yaml');
  await page.getByTestId('chip-gateway').click();

  await page.getByTestId('filter-control').selectOption('catalog:owasp-llm-2025');
  await expect(rows().first()).toContainText(/LLM\d\d:2025/);
  await page.getByTestId('filter-control').selectOption('');

  await page.getByTestId('findings-search').fill('patient');
  await expect(page.getByTestId('findings-summary')).toContainText('match');
  await page.getByTestId('save-filter').click();
  await page.getByTestId('saved-filter-name').fill('Patient data');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('saved-filters')).toContainText('Patient data');
  await page.getByTestId('findings-search').fill('');
  await expect(page.getByTestId('findings-summary')).not.toContainText('match');
  await page.getByTestId('saved-filters').selectOption('Patient data');
  await expect(page.getByTestId('findings-search')).toHaveValue('patient');
  await expect(page.getByTestId('findings-summary')).toContainText('match');
  await shot(page, '07-findings-filtered');
  await page.getByTestId('clear-filters').click();

  await page.getByTestId('group-by').selectOption('rule');
  const groups = page.getByTestId('group-list').getByRole('button');
  await expect(groups.first()).toBeVisible();
  const firstGroup = (await groups.first().locator('.group-key').textContent()) ?? '';
  await groups.first().click();
  await expect(page.getByTestId('findings-summary')).toContainText(firstGroup);
  for (const row of (await rows().all()).slice(0, 5)) await expect(row).toContainText(firstGroup);
  await shot(page, '08-findings-grouped-by-rule');
  await page.getByTestId('group-by').selectOption('control');
  await expect(groups.first()).toContainText(/API\d+:2023|LLM\d+:2025|GDPR/);
  await shot(page, '09-findings-grouped-by-control');
  await page.getByTestId('clear-filters').click();
});

test('opens a finding with the keyboard: evidence lines highlighted, then triages it and adds a note', async () => {
  await page.getByTestId('chip-spec').click();
  const grid = page.getByTestId('findings-grid');
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('finding-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByRole('heading', { level: 2 })).not.toBeEmpty();
  await expect(detail.getByText('Why it matters')).toBeVisible();
  await expect(detail.getByText('Remediation')).toBeVisible();
  const excerpt = detail.getByTestId('excerpt').first();
  await expect(excerpt).toBeVisible();
  await expect(excerpt.locator('.code-line.is-hit')).toHaveCount(1);
  await expect(excerpt.locator('.code-num').first()).toHaveText(/^\d+$/);
  await shot(page, '10-finding-detail');

  const title = (await detail.getByRole('heading', { level: 2 }).textContent()) ?? '';
  // A false positive needs a reason: the error is shown at the field.
  await detail.getByText('False positive', { exact: true }).click();
  await detail.getByTestId('triage-save').click();
  await expect(detail.getByText('Say why this is a false positive.')).toBeVisible();
  await detail.getByTestId('triage-reason').fill('The staging server is not reachable from outside the VPN.');
  await detail.getByTestId('triage-save').click();
  await expect(detail.getByTestId('triage-current')).toContainText('False positive by Ada Auditor');
  await expect(page.getByTestId('chip-false-positive')).toContainText('1');

  await detail.getByTestId('note-text').fill('Checked with the client on 2026-10-12; see ticket SEC-412.');
  await detail.getByTestId('note-add').click();
  await expect(detail.getByText('Checked with the client on 2026-10-12')).toBeVisible();
  await expect(detail).toContainText('Notes (1)');
  await shot(page, '11-finding-triaged');

  // Accepted risk with an expiry, then reopened: each decision is recorded.
  await detail.getByText('Accepted risk', { exact: true }).click();
  await detail.getByTestId('triage-reason').fill('Compensating control: IP allow-list at the edge.');
  await detail.getByTestId('triage-expires').fill('2027-03-31');
  await detail.getByTestId('triage-save').click();
  await expect(detail.getByTestId('triage-current')).toContainText('Accepted risk');
  await detail.getByText('Reopen', { exact: true }).click();
  await detail.getByTestId('triage-save').click();
  await expect(detail.getByTestId('triage-current')).toContainText('Open (reopen)');
  await detail.getByText('False positive', { exact: true }).click();
  await detail.getByTestId('triage-reason').fill('The staging server is not reachable from outside the VPN.');
  await detail.getByTestId('triage-save').click();
  await expect(detail.getByTestId('triage-current')).toContainText('False positive');

  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
  await expect(grid).toBeFocused();
  expect(title.length).toBeGreaterThan(3);
  await page.getByTestId('clear-filters').click();
});

test('shows the inventory with documented / exposed / observed flags and clicks through to findings', async () => {
  await page.keyboard.press('Alt+4');
  await expect(page.getByTestId('inventory-counts')).toBeVisible();
  await expect(page.getByTestId('inventory-counts')).toContainText('Endpoints');
  const table = page.getByTestId('inventory-table');
  await expect(table).toContainText('/patients/{patientId}');
  await expect(table.getByText('Documented').first()).toBeVisible();
  await shot(page, '12-inventory');
  await page.getByTestId('inventory-findings-link').first().click();
  await expect(page.getByTestId('findings-grid')).toBeVisible();
  await expect(page.getByText(/^Endpoint/).first()).toBeVisible();
  await expect(page.getByTestId('findings-summary')).toContainText('match');
});

test('shows the three control matrices with a chart, and clicks through to findings', async () => {
  await page.getByTestId('nav-controls').click();
  await expect(page.getByTestId('matrix-owasp-api-2023')).toContainText('API1:2023');
  await expect(page.getByTestId('chart-owasp-api-2023').locator('.chart-bar').first()).toBeVisible();
  await shot(page, '13-controls-owasp-api');
  await page.getByTestId('tab-owasp-llm-2025').click();
  await expect(page.getByTestId('matrix-owasp-llm-2025')).toContainText('LLM01:2025');
  await shot(page, '14-controls-owasp-llm');
  await page.getByTestId('tab-gdpr').click();
  await expect(page.getByTestId('matrix-gdpr')).toContainText('GDPR-32');
  await shot(page, '15-controls-gdpr');
  await page.getByTestId('tab-owasp-api-2023').click();
  const bar = page.getByTestId('chart-owasp-api-2023').locator('g.chart-row.is-clickable').first();
  const label = (await bar.getAttribute('aria-label')) ?? '';
  const control = label.split(' ')[0]!;
  await bar.click();
  await expect(page.getByTestId('findings-grid')).toBeVisible();
  await expect(page.getByTestId('filter-control')).toHaveValue(`control:${control}`);
  await expect(rows().first()).toContainText(control);
});

test('answers a checklist item with a note and cited evidence', async () => {
  await page.getByTestId('nav-checklist').click();
  const item = page.locator('[data-testid^="checklist-chk."]').first();
  await expect(item).toBeVisible();
  await item.getByText('Partial', { exact: true }).click();
  await item.getByLabel('Note').fill('A breach procedure exists (v1.3) but was never tested.');
  await item.getByLabel('clinic-api.yaml').check();
  await item.getByRole('button', { name: 'Save answer' }).click();
  await expect(item.getByText(/Answered partial by Ada Auditor/)).toBeVisible();
  await expect(page.getByText(/^1$/).first()).toBeVisible();
  await shot(page, '16-checklist');
});

test('creates a signing identity, generates a signed report, previews and verifies it', async ({ gatehouse }) => {
  await page.getByTestId('nav-reports').click();
  await expect(page.getByText('No report issued yet')).toBeVisible();
  await page.getByTestId('new-identity').click();
  const form = page.getByTestId('identity-form');
  await form.getByLabel('Signer name').fill('Ada Auditor');
  await form.getByLabel('Organisation').fill('Gatehouse Audits');
  await form.getByLabel('E-mail').fill('ada@audits.example');
  await expect(form.getByLabel('Key')).toHaveValue('rsa-3072');
  await form.getByLabel('Passphrase', { exact: true }).fill('correct horse battery');
  await form.getByLabel('Passphrase again').fill('correct horse battery');
  await shot(page, '17-reports-identity');
  await form.getByTestId('identity-create').click();
  await expect(page.getByTestId('identity-select')).toContainText('Ada Auditor', { timeout: 60_000 });

  // A wrong passphrase is named at its field.
  await page.getByTestId('sign-passphrase').fill('not the passphrase');
  await page.getByTestId('generate-report').click();
  await expect(page.getByTestId('report-form').getByRole('alert').or(page.getByRole('alert').filter({ hasText: /passphrase/i })).first()).toBeVisible({ timeout: 60_000 });

  await page.getByTestId('sign-passphrase').fill('correct horse battery');
  await page.getByTestId('generate-report').click();
  const result = page.getByTestId('report-result');
  await expect(result).toBeVisible({ timeout: 90_000 });
  await expect(result).toContainText('signed by Ada Auditor');
  await shot(page, '18-report-generated');

  await result.getByTestId('preview-report').click();
  const preview = page.getByTestId('report-preview');
  await expect(preview.locator('img.preview-page')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('preview-page')).toContainText(/Page 1 of \d+/);
  await preview.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByTestId('preview-page')).toContainText('Page 2');
  await expect(preview.locator('img.preview-page')).toHaveAttribute('alt', /Page 2/, { timeout: 60_000 });
  await preview.scrollIntoViewIfNeeded();
  await shot(page, '19-report-preview');

  await result.getByTestId('verify-report').click();
  const verification = page.getByTestId('verification');
  await expect(verification).toContainText('Valid', { timeout: 60_000 });
  await expect(verification).toContainText('signed by Ada Auditor');
  await expect(verification).toContainText('The signature is valid');
  await expect(page.getByTestId('issued-reports')).toContainText('.pdf');
  await verification.scrollIntoViewIfNeeded();
  await shot(page, '20-report-verified');

  // Any PDF, through the open dialog: the same file, chosen again.
  const pdf = fs.readdirSync(gatehouse.dir).find((f) => f.endsWith('.pdf'));
  expect(pdf).toBeDefined();
  gatehouse.transport.answerDialog([path.join(gatehouse.dir, pdf!)], 'open-pdf');
  await page.getByTestId('verify-any').click();
  await expect(page.getByTestId('verification')).toContainText('Valid');
});

test('shows the audit log and its intact chain, with every decision recorded', async () => {
  await page.getByTestId('nav-log').click();
  await expect(page.getByTestId('log-verification')).toContainText('Intact');
  const table = page.getByTestId('log-table');
  await expect(table).toContainText('triage');
  await expect(table).toContainText('finding.note');
  await expect(table).toContainText('checklist');
  await expect(table).toContainText('report');
  await shot(page, '21-audit-log');
});

test('dark theme: the main screens read as well', async () => {
  await page.getByTestId('theme-select').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await shot(page, '22-dark-audit-log');
  await page.getByTestId('nav-findings').click();
  await expect(rows().first()).toBeVisible();
  await rows().nth(1).click();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('finding-detail')).toBeVisible();
  await shot(page, '23-dark-findings-detail');
  await page.getByTestId('nav-controls').click();
  await shot(page, '24-dark-controls');
  await page.getByTestId('nav-evidence').click();
  await shot(page, '25-dark-evidence');
  await page.getByTestId('theme-select').selectOption('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);
});

test('nothing went to the console: no errors, no CSP violations', async () => {
  expect(app.problems).toEqual([]);
});
