/**
 * The desktop's traffic, saved filters and sample, against real workspace files: a dropped access
 * log is read at once and stored; re-audits keep the traffic findings (same fingerprints, triage
 * kept) whether the log is dropped, picked and then moved away, or re-read; the inventory shows
 * observed counts and callers; saved filters live in the workspace (registerContract with the
 * stand-in ipcMain, zod refusing bad input, the audit log recording them); the sample workspace
 * opens with one call, audited, traffic included.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelOf, contract, type ContractName, type Envelope, type InputOf, type OutputOf } from '../../../../../shared/api/index.js';
import { createServices, type AppServices } from '../../../../../electron/node/services/app-services.js';
import { auditInputsAsync } from '../../../../../electron/node/services/audit-service.js';
import { registerContract, type IpcLike } from '../../../../../electron/node/services/register-contract.js';
import { Workspace } from '../../../../../electron/node/workspace/index.js';

const repo = path.resolve(import.meta.dirname, '../../../../..');
const SAMPLES = path.join(repo, 'assets/samples');
const SPEC = path.join(SAMPLES, 'clinic-api.yaml');
const LOG = path.join(SAMPLES, 'clinic-access.log');

let dir: string;
let app: AppServices;
let answers: string[][];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-desktop-'));
  answers = [];
  app = createServices({ userDataDir: path.join(dir, 'user-data'), host: { pick: async () => answers.shift() ?? [] } });
});
afterEach(async () => {
  await app.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function call<N extends ContractName>(name: N, input: InputOf<N>, client = 'w1'): Promise<OutputOf<N>> {
  const parsed = contract[name].input.parse(input);
  const value = await (app.services[name] as (i: unknown, c: { client: string }) => Promise<unknown>)(parsed, { client });
  return contract[name].output.parse(value) as OutputOf<N>;
}

async function waitJob(start: Promise<{ jobId: string }>) {
  const { jobId } = await start;
  const outcome = await call('jobs.wait', { jobId });
  if (outcome.state !== 'done') throw new Error(`job ${outcome.state}: ${outcome.state === 'failed' ? outcome.error.message : ''}`);
  return outcome.result;
}

async function newWorkspace(name: string): Promise<string> {
  const file = path.join(dir, `${name}.gatehouse`);
  answers.push([file]);
  await call('dialogs.pick', { purpose: 'create-workspace' });
  await call('workspace.create', { file, meta: { name, auditor: 'alice' } });
  return file;
}

const b64 = (file: string) => fs.readFileSync(file).toString('base64');

async function trafficFindings() {
  const page = await call('findings.list', { filter: { source: ['traffic'] }, limit: 2000 });
  return page.items.map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, status: f.status })).sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
}

describe('traffic in the desktop workspace', () => {
  it('reads a dropped access log at once, and re-audits keep its findings with the same fingerprints and their triage', async () => {
    const file = await newWorkspace('dropped');
    const imported = await waitJob(
      call('evidence.importDropped', {
        files: [
          { path: 'clinic-api.yaml', base64: b64(SPEC) },
          { path: 'clinic-access.log', base64: b64(LOG) },
        ],
      }),
    );
    expect(imported.kind).toBe('import');
    if (imported.kind !== 'import') return;
    expect(imported.problems).toEqual([]);
    const log = imported.files.find((f) => f.name === 'clinic-access.log');
    // The card names the log as dropped: its own size and SHA-256 (the workspace keeps a record of it, not the log).
    expect(log).toMatchObject({ kind: 'traffic', status: 'ok', evidenceId: expect.any(Number), size: fs.statSync(LOG).size, sha256: createHash('sha256').update(fs.readFileSync(LOG)).digest('hex') });
    expect(log?.note).toMatch(/^356 requests read now, URLs masked/);

    await waitJob(call('audit.run', {}));
    const first = await trafficFindings();
    expect(first.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['traffic.access.object-enumeration', 'traffic.data.secrets-in-urls']));
    const target = first.find((f) => f.ruleId === 'traffic.access.object-enumeration')!;
    await call('findings.triage', { fingerprint: target.fingerprint, status: 'accepted-risk', reason: 'a test client walking ids 1001-1160', expires: '2099-12-31' });

    await waitJob(call('audit.run', {}));
    const second = await trafficFindings();
    expect(second.map((f) => f.fingerprint)).toEqual(first.map((f) => f.fingerprint));
    expect(second.find((f) => f.fingerprint === target.fingerprint)?.status).toBe('accepted-risk');
    expect(second.filter((f) => f.status === 'open')).toHaveLength(first.length - 1);
    const runs = (await call('audit.runs', {})).items;
    expect(runs).toHaveLength(2);
    expect(runs[1]!.summary.new).toBe(0);

    // The workspace file itself holds it: closed and reopened by another process, the same.
    await call('workspace.close', {});
    const ws = Workspace.open(file, { create: false });
    try {
      const latest = ws.listRuns().at(-1)!;
      const stored = ws.listFindings(latest.id).filter((f) => f.source === 'traffic');
      expect(stored.map((f) => f.fingerprint).sort()).toEqual(first.map((f) => f.fingerprint));
      expect(latest.evidenceIds).toContain(log!.evidenceId);
    } finally {
      ws.close();
    }
  });

  it('keeps the traffic findings when a picked log is no longer where it was, and says it used what it read', async () => {
    await newWorkspace('moved');
    const logCopy = path.join(dir, 'logs', 'clinic-access.log');
    fs.mkdirSync(path.dirname(logCopy));
    fs.copyFileSync(LOG, logCopy);
    answers.push([SPEC, logCopy]);
    await call('dialogs.pick', { purpose: 'evidence-files' });
    await waitJob(call('evidence.import', { paths: [SPEC, logCopy] }));
    await waitJob(call('audit.run', {}));
    const first = await trafficFindings();
    expect(first.length).toBeGreaterThan(2);

    fs.rmSync(logCopy);
    const again = await waitJob(call('audit.run', {}));
    if (again.kind !== 'audit') throw new Error('not an audit');
    expect(again.problems.map((p) => p.message).join('\n')).toMatch(/no longer there; what the last run read of it was used again/);
    expect(await trafficFindings()).toEqual(first);
  });

  it('re-audits a workspace the CLI wrote (spec and log audited there) without losing its traffic findings', async () => {
    const file = path.join(dir, 'cli.gatehouse');
    const ws = Workspace.open(file, { create: true });
    let before: string[];
    try {
      ws.init({ name: 'From the CLI', auditor: 'alice' });
      const outcome = await auditInputsAsync([SPEC, LOG], { workspace: ws, actor: 'cli' });
      before = outcome.result.findings.filter((f) => f.source === 'traffic').map((f) => f.fingerprint).sort();
      expect(before.length).toBeGreaterThan(2);
    } finally {
      ws.close();
    }
    answers.push([file]);
    await call('dialogs.pick', { purpose: 'open-workspace' });
    await call('workspace.open', { file });
    const rerun = await waitJob(call('audit.run', {}));
    if (rerun.kind !== 'audit') throw new Error('not an audit');
    expect(rerun.audited.map((a) => [a.file, a.kind])).toEqual(expect.arrayContaining([['clinic-access.log', 'traffic'], ['clinic-api.yaml', 'spec']]));
    expect((await trafficFindings()).map((f) => f.fingerprint)).toEqual(before);
    expect((await call('inventory.get', {})).counts.observed).toBeGreaterThan(0);
  });

  it('shows observed flags, request counts and callers in the inventory, and links each endpoint to its findings', async () => {
    await newWorkspace('inventory');
    await waitJob(
      call('evidence.importDropped', {
        files: ['clinic-api.yaml', 'clinic-kong.yaml', 'clinic-access.log'].map((name) => ({ path: name, base64: b64(path.join(SAMPLES, name)) })),
      }),
    );
    await waitJob(call('audit.run', {}));
    const inventory = await call('inventory.get', {});
    expect(inventory.problems).toEqual([]);
    expect(inventory.sources.traffic).toEqual([{ file: 'clinic-access.log', format: expect.any(String), requests: 356, endpoints: expect.any(Number) }]);
    expect(inventory.counts.observed).toBeGreaterThanOrEqual(6);
    const patient = inventory.rows.find((r) => r.endpoint === 'GET /patients/{patientId}')!;
    // 30 from the app's ordinary use plus the 160-request walk.
    expect(patient.observed).toMatchObject({ requests: 190, evidence: ['clinic-access.log'] });
    expect(patient.observed!.callers[0]).toEqual({ caller: 'ip 203.0.113.66', requests: 160 });
    expect(patient.observed!.byClass['4xx']).toBe(23);
    expect(patient.observed!.distinctCallers).toBeGreaterThan(1);
    expect(patient.findings.total).toBeGreaterThan(0);
    // The inventory's findings count is exactly what the Findings screen lists for the endpoint.
    const onEndpoint = await call('findings.list', { filter: { endpoint: patient.endpoint }, limit: 2000 });
    expect(onEndpoint.total).toBe(patient.findings.total);
    expect(onEndpoint.items.some((f) => f.source === 'traffic')).toBe(true);
    // Documented but never called: not observed.
    const deleteUser = inventory.rows.find((r) => r.endpoint === 'DELETE /admin/users/{userId}');
    expect(deleteUser?.observed?.requests).toBe(4);
  });
});

/** A stand-in for Electron's ipcMain, as register-contract.test.ts uses. */
class FakeIpcMain implements IpcLike<{ sender: { id: number } }> {
  readonly handlers = new Map<string, (event: { sender: { id: number } }, ...args: unknown[]) => Promise<Envelope<unknown>>>();
  handle(channel: string, listener: (event: { sender: { id: number } }, ...args: unknown[]) => Promise<Envelope<unknown>>): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(name: ContractName, input: unknown): Promise<Envelope<unknown>> {
    return this.handlers.get(channelOf(name))!({ sender: { id: 1 } }, input);
  }
}

describe('saved filters in the workspace, over registerContract', () => {
  it('saves, lists, replaces and deletes through the contract, refuses bad input by field, and logs each change', async () => {
    const file = await newWorkspace('filters');
    const ipc = new FakeIpcMain();
    registerContract(ipc, app.services, { isTrustedSender: () => true, clientOf: () => 'w1' });

    const state = { filter: { severity: ['high', 'critical'], source: ['traffic'] }, groupBy: 'rule' };
    expect(await ipc.invoke('findings.saveFilter', { name: '  Traffic, high  ', state })).toEqual({
      ok: true,
      value: { name: 'Traffic, high', state, savedBy: 'alice', savedAt: expect.any(String) },
    });
    await ipc.invoke('findings.saveFilter', { name: 'Open', state: { filter: { status: ['open'] }, groupBy: null } });
    const listed = (await ipc.invoke('findings.filters', {})) as Envelope<OutputOf<'findings.filters'>>;
    expect(listed.ok && listed.value.items.map((f) => f.name)).toEqual(['Open', 'Traffic, high']);

    // zod in main: unknown severities, unknown keys, an empty name, a name too long.
    for (const bad of [
      { name: 'x', state: { filter: { severity: ['urgent'] }, groupBy: null } },
      { name: 'x', state: { filter: {}, groupBy: null, sql: 'DROP TABLE findings' } },
      { name: '   ', state: { filter: {}, groupBy: null } },
      { name: 'n'.repeat(101), state: { filter: {}, groupBy: null } },
      { name: 'x', state: { filter: { endpoint: '' }, groupBy: 'everything' } },
    ]) {
      const answer = await ipc.invoke('findings.saveFilter', bad);
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(await ipc.invoke('findings.deleteFilter', { name: 'x', extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });

    // Replacing keeps one filter of that name.
    await ipc.invoke('findings.saveFilter', { name: 'Open', state: { filter: { status: ['open'], source: ['spec'] }, groupBy: 'control' } });
    expect(await ipc.invoke('findings.deleteFilter', { name: 'Traffic, high' })).toEqual({ ok: true, value: { deleted: true } });
    expect(await ipc.invoke('findings.deleteFilter', { name: 'Traffic, high' })).toEqual({ ok: true, value: { deleted: false } });

    // In the file: another process opening it sees the filter, and the log holds every change.
    await call('workspace.close', {});
    const ws = Workspace.open(file, { create: false });
    try {
      expect(ws.listSavedFilters()).toEqual([{ name: 'Open', state: { filter: { status: ['open'], source: ['spec'] }, groupBy: 'control' }, savedBy: 'alice', savedAt: expect.any(String) }]);
      const log = ws.listLog().filter((e) => e.action.startsWith('filter.'));
      expect(log.map((e) => [e.action, e.details.name, e.details.replaced])).toEqual([
        ['filter.save', 'Traffic, high', false],
        ['filter.save', 'Open', false],
        ['filter.save', 'Open', true],
        ['filter.delete', 'Traffic, high', undefined],
      ]);
      expect(ws.verifyLog().ok).toBe(true);
    } finally {
      ws.close();
    }
  });
});

describe('the sample workspace', () => {
  it('is built in the user-data folder on first use by one call, audited with its traffic, then reopened as it is or afresh', async () => {
    const info = await call('workspace.openSample', {});
    expect(info.file).toBe(path.join(dir, 'user-data', 'samples', 'northwind-clinic-sample.gatehouse'));
    expect(info).toMatchObject({ meta: { name: 'Northwind Clinic API (sample)' }, evidence: 3, runs: 1 });
    const page = await call('findings.list', {});
    expect(page.facets.source).toMatchObject({ spec: expect.any(Number), gateway: expect.any(Number), traffic: expect.any(Number) });
    expect(page.facets.source.traffic).toBeGreaterThanOrEqual(4);
    expect(page.facets.source.gateway).toBeGreaterThan(0);
    expect(fs.readdirSync(path.dirname(info.file)).filter((f) => f.includes('.building'))).toEqual([]);

    // Triage something, then: opening again keeps it; afresh starts over.
    const one = page.items[0]!;
    await call('findings.triage', { fingerprint: one.fingerprint, status: 'false-positive', reason: 'sample' });
    await call('workspace.close', {});
    expect((await call('workspace.openSample', {})).runs).toBe(1);
    expect((await call('findings.list', { filter: { status: ['false-positive'] } })).total).toBe(1);

    // Another window cannot take it afresh while this one has it open.
    await expect(call('workspace.openSample', { fresh: true }, 'w2')).rejects.toMatchObject({ code: 'locked' });
    const fresh = await call('workspace.openSample', { fresh: true });
    expect(fresh.runs).toBe(1);
    expect((await call('findings.list', { filter: { status: ['false-positive'] } })).total).toBe(0);
    expect(contract['workspace.openSample'].input.safeParse({ fresh: 'yes' }).success).toBe(false);
  });
});
