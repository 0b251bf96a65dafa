/**
 * The preload, with Electron's contextBridge and ipcRenderer stood in: it exposes
 * `window.gatehouse` and nothing else — one method per contract entry, invoke, onEvent — sends
 * only contract channels, and gives listeners the event data, never Electron's event object.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTRACT_NAMES, EVENT_CHANNEL, channelOf, splitName } from '../../../../shared/api/names.js';

const exposed = new Map<string, any>();
const invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } }));
const listeners = new Map<string, (event: unknown, data: unknown) => void>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke,
    on: (channel: string, listener: (event: unknown, data: unknown) => void) => listeners.set(channel, listener),
    removeListener: (channel: string) => listeners.delete(channel),
  },
}));

beforeAll(async () => {
  await import('../../../../electron/preload/preload.js');
});

describe('preload', () => {
  it('exposes window.gatehouse only, with one method per contract entry', () => {
    expect([...exposed.keys()]).toEqual(['gatehouse']);
    const api = exposed.get('gatehouse');
    const areas = [...new Set(CONTRACT_NAMES.map((n) => splitName(n).area))];
    expect(Object.keys(api).sort()).toEqual([...areas, 'invoke', 'onEvent', 'transport'].sort());
    for (const name of CONTRACT_NAMES) {
      const { area, verb } = splitName(name);
      expect(api[area][verb], name).toBeTypeOf('function');
    }
    expect(Object.keys(api.workspace).sort()).toEqual(CONTRACT_NAMES.filter((n) => n.startsWith('workspace.')).map((n) => splitName(n).verb).sort());
    expect(api.transport).toBe('electron');
  });

  it('sends each call on its contract channel, and refuses names outside the contract without sending', async () => {
    const api = exposed.get('gatehouse');
    expect(await api.workspace.open({ file: '/a.gatehouse' })).toEqual({ ok: true, value: { channel: channelOf('workspace.open'), input: { file: '/a.gatehouse' } } });
    expect(await api.app.info()).toEqual({ ok: true, value: { channel: 'gatehouse:app.info', input: {} } });
    invoke.mockClear();
    expect(await api.invoke('shell.exec', { cmd: 'id' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await api.invoke('gatehouse:event', {})).toMatchObject({ ok: false });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('hands listeners the event data only, and unsubscribes', () => {
    const api = exposed.get('gatehouse');
    const seen: unknown[] = [];
    const stop = api.onEvent((data: unknown) => seen.push(data));
    const event = { type: 'workspace.changed', file: '/a.gatehouse', what: 'triage' };
    listeners.get(EVENT_CHANNEL)!({ sender: 'ipcRenderer', ports: [] }, event);
    expect(seen).toEqual([event]);
    stop();
    expect(listeners.has(EVENT_CHANNEL)).toBe(false);
    expect(() => api.onEvent('not a function')).toThrow(TypeError);
  });
});
