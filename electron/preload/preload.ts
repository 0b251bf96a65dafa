/**
 * The preload: exposes the contract as `window.gatehouse` and nothing else — one method per
 * contract entry (`gatehouse.workspace.open({file})`), a generic `invoke(name, input)`, and an
 * event subscription that hands the page the event data only (never Electron's event object or
 * ipcRenderer). Runs sandboxed, so it is bundled into one CommonJS file (vite.preload.config.ts).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { GatehouseApi } from '../../shared/api/index.js';
import { CONTRACT_NAMES, EVENT_CHANNEL, channelOf, isContractName, splitName } from '../../shared/api/names.js';

function invoke(name: unknown, input: unknown): Promise<unknown> {
  if (!isContractName(name)) {
    return Promise.resolve({ ok: false, error: { code: 'invalid-input', message: `${String(name)} is not a Gatehouse call` } });
  }
  return ipcRenderer.invoke(channelOf(name), input === undefined ? {} : input);
}

function onEvent(listener: unknown): () => void {
  if (typeof listener !== 'function') throw new TypeError('gatehouse.onEvent takes a function');
  const forward = (_event: IpcRendererEvent, data: unknown) => (listener as (data: unknown) => void)(data);
  ipcRenderer.on(EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  };
}

const areas: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
for (const name of CONTRACT_NAMES) {
  const { area, verb } = splitName(name);
  (areas[area] ??= {})[verb] = (input?: unknown) => invoke(name, input);
}

const api = { ...areas, invoke, onEvent, transport: 'electron' } as unknown as GatehouseApi;
contextBridge.exposeInMainWorld('gatehouse', api);
