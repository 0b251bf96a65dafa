/**
 * The contract implemented, against real workspaces in a temporary folder: workspaces (create,
 * open, recent, lock across windows), path grants, import → audit → findings (filters, groups,
 * detail with excerpts, triage, notes), inventory, coverage, checklist, reports (generate, list,
 * verify with a signing identity, preview), the audit log, and the events jobs send.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GatehouseEvent } from '../../../../../shared/api/index.js';
import { contract, type ContractName, type InputOf, type OutputOf } from '../../../../../shared/api/index.js';
import { REPORT_SECTIONS } from '../../../../../shared/report/report-content.js';
import { createServices, type AppServices } from '../../../../../electron/node/services/app-services.js';
import { ServiceError } from '../../../../../electron/node/services/service-error.js';
import { toApiError } from '../../../../../electron/node/services/to-api-error.js';

const repo = path.resolve(import.meta.dirname, '../../../../..');
const SAMPLE = path.join(repo, 'assets/samples/clinic-api.yaml');

let dir: string;
let app: AppServices;
let events: { client: string; event: GatehouseEvent }[];
/** What the next native dialogs "choose". */
let answers: string[][];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-services-'));
  events = [];
  answers = [];
  app = createServices({
    userDataDir: path.join(dir, 'user-data'),
    host: { pick: async () => answers.shift() ?? [] },
    rasterize: async () => ({ pageCount: 3, png: Buffer.from('89504e470d0a1a0a0000000d4948445200000010000000200806000000', 'hex'), width: 16, height: 32 }),
  });
  app.onEvent((client, event) => events.push({ client, event }));
});
afterEach(async () => {
  await app.dispose();
});

/** Calls a service the way registerContract does: input parsed first, answer checked after. */
async function call<N extends ContractName>(name: N, input: InputOf<N>, client = 'w1'): Promise<OutputOf<N>> {
  const parsed = contract[name].input.parse(input);
  const value = await (app.services[name] as (i: unknown, c: { client: string }) => Promise<unknown>)(parsed, { client });
  return contract[name].output.parse(value) as OutputOf<N>;
}

async function failure<N extends ContractName>(name: N, input: InputOf<N>, client = 'w1') {
  const parsed = contract[name].input.safeParse(input);
  if (!parsed.success) return { code: 'invalid-input', message: parsed.error.message };
  try {
    await call(name, input, client);
  } catch (error) {
    return toApiError(error);
  }
  throw new Error(`${name} did not fail`);
}

function choose(...paths: string[]): void {
  answers.push(paths);
}

async function newWorkspace(name = 'Clinic audit', client = 'w1'): Promise<string> {
  const file = path.join(dir, `${name.replace(/\W+/g, '-')}.gatehouse`);
  choose(file);
  await call('dialogs.pick', { purpose: 'create-workspace' }, client);
  await call('workspace.create', { file, meta: { name, client: 'Northwind', auditor: 'alice' } }, client);
  return file;
}

async function runJob(start: Promise<{ jobId: string }>, client = 'w1') {
  const { jobId } = await start;
  return call('jobs.wait', { jobId }, client);
}

async function importAndAudit(client = 'w1') {
  choose(SAMPLE);
  await call('dialogs.pick', { purpose: 'evidence-files' }, client);
  const imported = await runJob(call('evidence.import', { paths: [SAMPLE] }, client), client);
  expect(imported.state).toBe('done');
  const audited = await runJob(call('audit.run', {}, client), client);
  expect(audited.state).toBe('done');
  return audited;
}

describe('workspaces', () => {
  it('creates, describes, closes and reopens from the recent list', async () => {
    const file = await newWorkspace();
    const current = await call('workspace.current', {});
    expect(current.workspace).toMatchObject({ file, meta: { name: 'Clinic audit', client: 'Northwind', auditor: 'alice' }, evidence: 0, runs: 0, latestRun: null });
    expect(existsSync(`${file}.lock`)).toBe(true);
    expect((await call('workspace.recent', {})).items).toEqual([
      expect.objectContaining({ file, name: 'Clinic audit', exists: true, lock: expect.objectContaining({ state: 'held-here' }) }),
    ]);
    expect(await call('workspace.close', {})).toEqual({ closed: true });
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(await failure('workspace.meta', {})).toMatchObject({ code: 'no-workspace' });

    // A new window may open it from the recent list without a dialog.
    expect((await call('workspace.open', { file }, 'w2')).meta.name).toBe('Clinic audit');
    expect(await call('workspace.updateMeta', { patch: { scope: 'Public API v2' } }, 'w2')).toMatchObject({ scope: 'Public API v2' });
    expect(events).toContainEqual({ client: 'w2', event: { type: 'workspace.changed', file, what: 'meta' } });
  });

  it('never opens a workspace twice: a second window is refused while the first has it', async () => {
    const file = await newWorkspace();
    expect(await failure('workspace.open', { file }, 'w2')).toMatchObject({ code: 'locked', message: expect.stringMatching(/already open in another Gatehouse window/) });
    // Another process (another services instance with a different pid in its lock) is refused too.
    const other = createServices({ userDataDir: path.join(dir, 'other-user-data'), lock: { pid: process.pid + 1, isProcessAlive: () => true } });
    other.grantFile('x', file);
    await expect(other.services['workspace.open']({ file }, { client: 'x' })).rejects.toMatchObject({ code: 'locked', message: expect.stringMatching(/already open/) });
    await other.dispose();
    await call('workspace.close', {});
    expect((await call('workspace.open', { file }, 'w2')).file).toBe(file);
  });

  it('recovers a stale lock left by a process that is gone', async () => {
    const file = await newWorkspace();
    await call('workspace.close', {});
    writeFileSync(`${file}.lock`, JSON.stringify({ app: 'gatehouse', id: 'dead', pid: 2_147_000_000, host: os.hostname(), acquiredAt: '2026-01-01T00:00:00.000Z' }));
    expect(await call('workspace.lockStatus', { file })).toMatchObject({ state: 'stale', holder: { pid: 2_147_000_000 } });
    expect((await call('workspace.open', { file })).file).toBe(file);
    expect(await call('workspace.lockStatus', { file })).toMatchObject({ state: 'held-here', holder: { pid: process.pid } });
  });

  it('only names paths the user chose: a dialog, the recent list, or what the app wrote itself', async () => {
    expect(await failure('workspace.create', { file: path.join(dir, 'x.gatehouse'), meta: { name: 'X' } })).toMatchObject({ code: 'not-allowed' });
    expect(await failure('workspace.open', { file: '/etc/passwd' })).toMatchObject({ code: 'not-allowed' });
    await newWorkspace();
    expect(await failure('evidence.import', { paths: ['/etc'] })).toMatchObject({ code: 'not-allowed' });
    expect(await failure('reports.verify', { file: '/etc/hosts' })).toMatchObject({ code: 'not-allowed' });
    expect(await failure('evidence.import', { paths: ['relative/path.yaml'] })).toMatchObject({ code: 'invalid-input' });
    // A chosen folder grants what is inside it.
    choose(path.dirname(SAMPLE));
    await call('dialogs.pick', { purpose: 'evidence-folder' });
    const { jobId } = await call('evidence.import', { paths: [SAMPLE] });
    expect((await call('jobs.wait', { jobId })).state).toBe('done');
  });

  it('refuses to create over an existing file', async () => {
    const file = await newWorkspace();
    await call('workspace.close', {});
    choose(file);
    await call('dialogs.pick', { purpose: 'create-workspace' });
    expect(await failure('workspace.create', { file, meta: { name: 'Again' } })).toMatchObject({ code: 'already-exists' });
  });
});

describe('evidence, audit and findings', () => {
  it('imports with progress events, audits, and lists the findings with filters, groups and facets', async () => {
    await newWorkspace();
    choose(SAMPLE);
    await call('dialogs.pick', { purpose: 'evidence-files' });
    const { jobId } = await call('evidence.import', { paths: [SAMPLE] });
    const outcome = await call('jobs.wait', { jobId });
    expect(outcome).toMatchObject({
      state: 'done',
      kind: 'import',
      result: { files: [{ name: 'clinic-api.yaml', kind: 'spec', format: 'openapi-3.0', size: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), status: 'ok', operations: 7 }] },
    });
    const mine = events.filter((e) => e.client === 'w1' && 'jobId' in e.event && e.event.jobId === jobId).map((e) => e.event.type);
    expect(mine[0]).toBe('job.started');
    expect(mine).toContain('job.progress');
    expect(mine.at(-1)).toBe('job.finished');
    expect((await call('evidence.list', {})).items).toEqual([expect.objectContaining({ name: 'clinic-api.yaml', inLatestRun: false, hasModel: true })]);

    const audit = await runJob(call('audit.run', {}));
    expect(audit).toMatchObject({ state: 'done', result: { kind: 'audit', runId: 1 } });
    expect((await call('evidence.list', {})).items[0]?.inLatestRun).toBe(true);
    expect((await call('audit.runs', {})).items).toHaveLength(1);

    const all = await call('findings.list', { limit: 2000 });
    expect(all.total).toBeGreaterThan(10);
    expect(all.total).toBe(all.unfiltered);
    expect(all.facets.severity.high).toBe(all.items.filter((f) => f.severity === 'high').length);
    const high = await call('findings.list', { filter: { severity: ['high'] }, groupBy: 'rule' });
    expect(high.items.every((f) => f.severity === 'high')).toBe(true);
    expect(high.groups!.reduce((n, g) => n + g.count, 0)).toBe(high.total);
    const gdpr = await call('findings.list', { filter: { catalog: ['gdpr'] }, groupBy: 'control' });
    expect(gdpr.items.every((f) => f.controls.some((c) => c.startsWith('GDPR-')))).toBe(true);
    expect(gdpr.groups!.some((g) => g.catalog === 'gdpr')).toBe(true);
    const page = await call('findings.list', { offset: 2, limit: 3 });
    expect(page.items.map((f) => f.fingerprint)).toEqual(all.items.slice(2, 5).map((f) => f.fingerprint));
    const search = await call('findings.list', { filter: { search: 'API KEY' } });
    expect(search.total).toBeGreaterThan(0);
    expect(search.total).toBeLessThan(all.total);
  });

  it('opens a finding with its rule, controls and the offending evidence lines, then triages it and adds a note', async () => {
    await newWorkspace();
    await importAndAudit();
    const { items } = await call('findings.list', { filter: { severity: ['high'] }, limit: 1 });
    const finding = items[0]!;
    const detail = await call('findings.get', { fingerprint: finding.fingerprint, radius: 2 });
    expect(detail.rule?.id).toBe(finding.ruleId);
    expect(detail.rule?.rationale.length).toBeGreaterThan(20);
    expect(detail.controls[0]).toMatchObject({ id: finding.controls[0], catalog: expect.any(String) });
    const excerpt = detail.excerpts[0]!;
    const line = finding.locations[0]!.line;
    expect(excerpt.highlight).toEqual([line]);
    expect(excerpt.startLine).toBe(Math.max(1, line - 2));
    expect(excerpt.lines.length).toBeLessThanOrEqual(5);

    expect(await failure('findings.triage', { fingerprint: finding.fingerprint, status: 'accepted-risk' })).toMatchObject({ code: 'invalid-input' });
    const decision = await call('findings.triage', { fingerprint: finding.fingerprint, status: 'accepted-risk', reason: 'WAF rule in front', expires: '2030-01-31' });
    expect(decision).toMatchObject({ status: 'accepted-risk', actor: 'alice', expires: '2030-01-31' });
    const note = await call('findings.addNote', { fingerprint: finding.fingerprint, text: 'Asked the team for the WAF export.' });
    const after = await call('findings.get', { fingerprint: finding.fingerprint });
    expect(after.finding).toMatchObject({ status: 'accepted-risk', statusReason: 'WAF rule in front' });
    expect(after.triage).toMatchObject({ status: 'accepted-risk' });
    expect(after.notes).toEqual([note]);
    expect((await call('findings.list', { filter: { status: ['accepted-risk'] } })).total).toBe(1);
    expect((await call('auditLog.list', { limit: 2 })).items.map((e) => e.action)).toEqual(['finding.note', 'triage.set']);
    expect(await failure('findings.get', { fingerprint: 'nope' })).toMatchObject({ code: 'not-found' });
  });

  it('refuses writes while a job holds the workspace, and a second job', async () => {
    await newWorkspace();
    choose(path.join(repo, 'test/fixtures/specs'));
    await call('dialogs.pick', { purpose: 'evidence-folder' });
    const { jobId } = await call('evidence.import', { paths: [path.join(repo, 'test/fixtures/specs/digitalocean/specification')] });
    expect(await failure('audit.run', {})).toMatchObject({ code: 'busy' });
    expect(await failure('checklist.answer', { itemId: 'chk.api1.bola-testing', answer: 'yes' })).toMatchObject({ code: 'busy' });
    expect((await call('jobs.list', {})).items).toEqual([expect.objectContaining({ jobId, kind: 'import', state: 'running' })]);
    expect(await call('jobs.cancel', { jobId })).toEqual({ cancelled: true });
    expect(await call('jobs.wait', { jobId })).toMatchObject({ state: 'cancelled' });
    expect((await call('evidence.list', {})).items).toEqual([]);
    expect(await failure('jobs.wait', { jobId }, 'w2')).toMatchObject({ code: 'not-found' });
  });
});

describe('inventory, controls, checklist and the audit log', () => {
  it('builds the views from the latest run', async () => {
    await newWorkspace();
    await importAndAudit();
    const inventory = await call('inventory.get', {});
    expect(inventory.counts.documented).toBe(7);
    expect(inventory.rows.find((r) => r.endpoint.startsWith('GET /patients'))).toMatchObject({ documented: true, exposed: false, observed: null });
    expect(inventory.rows.some((r) => r.findings.open > 0)).toBe(true);

    const coverage = await call('controls.coverage', {});
    expect(coverage.catalogs.map((c) => c.id)).toEqual(['owasp-api-2023', 'owasp-llm-2025', 'gdpr']);
    const api = coverage.catalogs[0]!;
    expect(api.requirements).toHaveLength(10);
    expect(api.totals.openFindings).toBeGreaterThan(0);
    expect((await call('controls.coverage', { catalog: 'gdpr' })).catalogs).toHaveLength(1);

    const { items } = await call('checklist.items', {});
    expect(items.length).toBeGreaterThan(5);
    const answer = await call('checklist.answer', { itemId: items[0]!.id, answer: 'partial', note: 'Procedure exists, never tested.', evidenceIds: [1] });
    expect(answer).toMatchObject({ answer: 'partial', evidenceIds: [1], actor: 'alice' });
    expect((await call('checklist.items', {})).items[0]!.answer).toMatchObject({ answer: 'partial' });
    expect(await failure('checklist.answer', { itemId: 'chk.nope', answer: 'yes' })).toMatchObject({ code: 'not-found' });

    const log = await call('auditLog.verify', {});
    expect(log).toMatchObject({ ok: true, problems: [], head: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const oldest = await call('auditLog.list', { order: 'oldest', limit: 1 });
    expect(oldest.items[0]!.action).toBe('workspace.create');
    expect(oldest.total).toBe(log.entries);
  });
});

describe('reports and identities', () => {
  it('creates an identity, issues a signed report, lists, previews and verifies it as trusted', async () => {
    const file = await newWorkspace();
    await importAndAudit();
    const identity = await call('identities.create', { name: 'Alice Auditor', org: 'Acme Audit', email: 'alice@example.org', passphrase: 'correct horse' });
    expect(identity).toMatchObject({ subject: { CN: 'Alice Auditor', O: 'Acme Audit', E: 'alice@example.org' }, keyType: 'rsa-3072' });
    expect((await call('identities.list', {})).items).toEqual([identity]);

    const wrong = await runJob(call('reports.generate', { identity: { fingerprint: identity.fingerprint, passphrase: 'wrong horse' } }));
    expect(wrong).toMatchObject({ state: 'failed', error: { code: 'wrong-passphrase' } });

    const done = await runJob(call('reports.generate', { sections: ['summary', 'findings'], identity: { fingerprint: identity.fingerprint, passphrase: 'correct horse' } }));
    expect(done).toMatchObject({ state: 'done', result: { kind: 'report', signer: { fingerprint: identity.fingerprint } } });
    const report = (done as Extract<typeof done, { state: 'done' }>).result as Extract<OutputOf<'jobs.wait'>, { state: 'done' }>['result'] & { kind: 'report' };
    expect(path.dirname(report.file)).toBe(path.dirname(file));
    expect((await call('reports.list', {})).items).toEqual([expect.objectContaining({ sha256: report.sha256, file: report.file, signerFingerprint: identity.fingerprint })]);

    const verification = await call('reports.verify', { file: report.file });
    expect(verification).toMatchObject({
      valid: true,
      signature: { signed: true, valid: true, trusted: true, signer: { fingerprint: identity.fingerprint } },
      workspace: { ok: true, sameWorkspace: true, recorded: true },
      problems: [],
    });
    const preview = await call('reports.preview', { file: report.file, page: 1 });
    expect(preview).toMatchObject({ pageCount: 3, width: 16, height: 32, image: expect.stringMatching(/^data:image\/png;base64,/) });

    // Writing over it needs overwrite.
    choose(report.file);
    await call('dialogs.pick', { purpose: 'save-report' });
    expect(await failure('reports.generate', { outFile: report.file })).toMatchObject({ code: 'already-exists' });
    choose(path.join(dir, 'notes.txt'));
    await call('dialogs.pick', { purpose: 'save-report' });
    expect(await failure('reports.generate', { outFile: path.join(dir, 'notes.txt') })).toMatchObject({ code: 'invalid-input' });
  });
});

describe('the contract', () => {
  it('has a service for every entry and its report sections match the report builder\'s', () => {
    expect(Object.keys(app.services).sort()).toEqual(Object.keys(contract).sort());
    expect(contract['reports.generate'].input.shape.sections.unwrap().element.options).toEqual([...REPORT_SECTIONS]);
  });

  it('maps service errors onto envelope codes', () => {
    expect(toApiError(new ServiceError('busy', 'x'))).toEqual({ code: 'busy', message: 'x' });
    expect(toApiError(Object.assign(new Error('gone'), { code: 'ENOENT' }))).toEqual({ code: 'file-missing', message: 'gone' });
  });
});
