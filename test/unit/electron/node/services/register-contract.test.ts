/**
 * The IPC wiring, with a stand-in for Electron's ipcMain (Electron cannot run here): one handler
 * per contract entry and no other, the sender check (foreign origin, subframe, gone frame), zod
 * rejection naming the field, output validation, and errors mapped onto the envelope.
 */
import { describe, expect, it, vi } from 'vitest';
import { CONTRACT_NAMES, channelOf, contract, type ContractName, type Envelope } from '../../../../../shared/api/index.js';
import type { Services } from '../../../../../electron/node/services/app-services.js';
import { registerContract, type IpcLike } from '../../../../../electron/node/services/register-contract.js';
import { ServiceError } from '../../../../../electron/node/services/service-error.js';
import { WorkspaceError } from '../../../../../electron/node/workspace/workspace-error.js';
import { APP_ENTRY, isAppFrame, type FrameLike } from '../../../../../electron/main/security-settings.js';

/** What main's handlers receive from Electron, reduced to what the wiring reads. */
interface FakeEvent {
  senderFrame: FrameLike | null;
  sender: { id: number };
}

class FakeIpcMain implements IpcLike<FakeEvent> {
  readonly handlers = new Map<string, (event: FakeEvent, ...args: unknown[]) => Promise<Envelope<unknown>>>();
  handle(channel: string, listener: (event: FakeEvent, ...args: unknown[]) => Promise<Envelope<unknown>>): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke would get; an unregistered channel rejects, as in Electron. */
  invoke(channel: string, event: FakeEvent, ...args: unknown[]): Promise<Envelope<unknown>> {
    const handler = this.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return handler(event, ...args);
  }
}

const appFrame: FakeEvent = { senderFrame: { url: APP_ENTRY, parent: null }, sender: { id: 7 } };

/** Services that answer what the contract expects for the calls the tests make, and fail loudly otherwise. */
function fakeServices(overrides: Partial<Record<ContractName, (input: never, ctx: { client: string }) => Promise<unknown>>> = {}): Services {
  const all = Object.fromEntries(
    CONTRACT_NAMES.map((name) => [name, async () => Promise.reject(new ServiceError('not-available', `${name} is not faked`))]),
  );
  return { ...all, ...overrides } as unknown as Services;
}

const info = { name: 'gatehouse', version: '0.1.0', catalogVersion: '2026.11.0', catalogs: [], rules: 1, platform: 'linux' };

function wire(services: Services, onError = vi.fn()) {
  const ipc = new FakeIpcMain();
  registerContract(ipc, services, { isTrustedSender: (e) => isAppFrame(e.senderFrame), clientOf: (e) => String(e.sender.id), onError });
  return ipc;
}

describe('registerContract', () => {
  it('registers exactly one handler per contract entry, and no other channel exists', async () => {
    const ipc = wire(fakeServices());
    expect([...ipc.handlers.keys()].sort()).toEqual(CONTRACT_NAMES.map(channelOf).sort());
    expect(Object.keys(contract).sort()).toEqual([...CONTRACT_NAMES].sort());
    await expect(ipc.invoke('gatehouse:shell.exec', appFrame, { cmd: 'id' })).rejects.toThrow(/No handler/);
    await expect(ipc.invoke('workspace.open', appFrame, { file: '/x' })).rejects.toThrow(/No handler/);
  });

  it('refuses services outside the contract and a contract entry without a service', () => {
    const extra = { ...fakeServices(), 'shell.exec': async () => 'pwned' } as unknown as Services;
    expect(() => registerContract(new FakeIpcMain(), extra, { isTrustedSender: () => true, clientOf: () => 'x' })).toThrow(/outside the contract: shell.exec/);
    const missing = { ...fakeServices() } as Record<string, unknown>;
    delete missing['findings.list'];
    expect(() => registerContract(new FakeIpcMain(), missing as unknown as Services, { isTrustedSender: () => true, clientOf: () => 'x' })).toThrow(
      /findings.list has no service/,
    );
  });

  it('answers the app\'s own main frame with the envelope and passes the calling window as the client', async () => {
    const seen: string[] = [];
    const ipc = wire(fakeServices({ 'app.info': async (_i, ctx) => (seen.push(ctx.client), info) }));
    expect(await ipc.invoke(channelOf('app.info'), appFrame, {})).toEqual({ ok: true, value: info });
    expect(await ipc.invoke(channelOf('app.info'), appFrame)).toEqual({ ok: true, value: info });
    expect(seen).toEqual(['7', '7']);
  });

  it('refuses a foreign origin, a subframe, another scheme and a frame that is gone, without calling the service', async () => {
    const service = vi.fn(async () => info);
    const ipc = wire(fakeServices({ 'app.info': service }));
    const senders: FakeEvent[] = [
      { senderFrame: { url: 'https://evil.example/index.html', parent: null }, sender: { id: 1 } },
      { senderFrame: { url: APP_ENTRY, parent: { url: APP_ENTRY } }, sender: { id: 1 } },
      { senderFrame: { url: 'app://gatehouse.evil/index.html', parent: null }, sender: { id: 1 } },
      { senderFrame: { url: 'file:///tmp/index.html', parent: null }, sender: { id: 1 } },
      { senderFrame: { url: 'app://user:pw@gatehouse/index.html', parent: null }, sender: { id: 1 } },
      { senderFrame: null, sender: { id: 1 } },
    ];
    for (const sender of senders) {
      const answer = await ipc.invoke(channelOf('app.info'), sender, {});
      expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(service).not.toHaveBeenCalled();
  });

  it('rejects bad input with invalid-input naming the field, before the service runs', async () => {
    const create = vi.fn();
    const ipc = wire(fakeServices({ 'workspace.create': create }));
    const missingName = await ipc.invoke(channelOf('workspace.create'), appFrame, { file: '/tmp/a.gatehouse', meta: { auditor: 'alice' } });
    expect(missingName).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!missingName.ok) expect(missingName.error.message).toMatch(/^workspace\.create: meta\.name: /);

    const unknownKey = await ipc.invoke(channelOf('workspace.create'), appFrame, { file: '/tmp/a.gatehouse', meta: { name: 'A' }, shell: true });
    expect(unknownKey.ok === false && unknownKey.error.message).toMatch(/shell/);

    const period = await ipc.invoke(channelOf('workspace.create'), appFrame, {
      file: '/tmp/a.gatehouse',
      meta: { name: 'A', periodStart: '2026-05-01', periodEnd: '2026-04-01' },
    });
    expect(period.ok === false && period.error.message).toMatch(/meta\.periodEnd: periodEnd is before periodStart/);

    const triage = await ipc.invoke(channelOf('findings.triage'), appFrame, { fingerprint: 'fp', status: 'false-positive' });
    expect(triage.ok === false && triage.error.message).toMatch(/reason: a reason is required/);

    const twoArgs = await ipc.invoke(channelOf('app.info'), appFrame, {}, { extra: true });
    expect(twoArgs).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(create).not.toHaveBeenCalled();
  });

  it('hands the service the parsed input with defaults filled in', async () => {
    const list = vi.fn(async () => ({ runId: null, total: 0, unfiltered: 0, offset: 0, items: [], groups: null, facets: { severity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, status: { open: 0, suppressed: 0, 'false-positive': 0, 'accepted-risk': 0 }, source: { spec: 0, gateway: 0, traffic: 0, cross: 0 } } }));
    const ipc = wire(fakeServices({ 'findings.list': list }));
    const answer = await ipc.invoke(channelOf('findings.list'), appFrame, { filter: { severity: ['high'] } });
    expect(answer.ok).toBe(true);
    expect(list).toHaveBeenCalledWith({ filter: { severity: ['high'] }, offset: 0, limit: 200 }, { client: '7' });
  });

  it('checks the service\'s answer against the output schema', async () => {
    const onError = vi.fn();
    const ipc = wire(fakeServices({ 'app.info': async () => ({ ...info, rules: 'many' }) }), onError);
    const answer = await ipc.invoke(channelOf('app.info'), appFrame, {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-output' } });
    expect(answer.ok === false && answer.error.message).toMatch(/value\.rules|rules:/);
    expect(onError).toHaveBeenCalledOnce();

    // Unknown keys in an answer are dropped, never passed on.
    const extra = wire(fakeServices({ 'app.info': async () => ({ ...info, secret: 'x' }) }));
    expect(await extra.invoke(channelOf('app.info'), appFrame, {})).toEqual({ ok: true, value: info });
  });

  it('maps service errors onto stable codes, and anything unexpected onto internal', async () => {
    const onError = vi.fn();
    const ipc = wire(
      fakeServices({
        'workspace.meta': async () => {
          throw new ServiceError('no-workspace', 'No workspace is open in this window');
        },
        'workspace.open': async () => {
          throw new WorkspaceError('migration-edited', 'migration 0001 was edited', '/tmp/a.gatehouse');
        },
        'audit.runs': async () => {
          throw new TypeError('x is undefined');
        },
      }),
      onError,
    );
    expect(await ipc.invoke(channelOf('workspace.meta'), appFrame, {})).toEqual({ ok: false, error: { code: 'no-workspace', message: 'No workspace is open in this window' } });
    expect(await ipc.invoke(channelOf('workspace.open'), appFrame, { file: '/tmp/a.gatehouse' })).toMatchObject({ ok: false, error: { code: 'migration' } });
    expect(await ipc.invoke(channelOf('audit.runs'), appFrame, {})).toEqual({ ok: false, error: { code: 'internal', message: 'x is undefined' } });
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('can be removed again (dispose)', () => {
    const ipc = new FakeIpcMain();
    const registration = registerContract(ipc, fakeServices(), { isTrustedSender: () => true, clientOf: () => 'x' });
    expect(registration.channels).toHaveLength(CONTRACT_NAMES.length);
    registration.dispose();
    expect(ipc.handlers.size).toBe(0);
  });
});
