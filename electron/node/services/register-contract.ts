/**
 * The one place calls from the UI come in. `registerContract` registers one handler per contract
 * entry on an `ipcMain`-like object (Electron's ipcMain in the app, an HTTP adapter in the test
 * transport) and nothing else, so a channel outside the contract never exists. Every call:
 *
 *   1. checks the sender is the app's own main frame (`isTrustedSender`), else `forbidden`;
 *   2. parses the input with the entry's zod schema, else `invalid-input` naming the field;
 *   3. calls the service with the parsed input and the calling client;
 *   4. checks the answer against the output schema, else `invalid-output`;
 *   5. answers with the envelope `{ok: true, value}` or `{ok: false, error: {code, message}}`.
 *
 * Electron-free: main passes ipcMain and a sender check built on `senderFrame`.
 */
import { contract } from '../../../shared/api/contract.js';
import { describeIssues, fail, ok, type Envelope } from '../../../shared/api/envelope.js';
import { CONTRACT_NAMES, channelOf, type ContractName } from '../../../shared/api/names.js';
import type { Services } from './app-services.js';
import { toApiError } from './to-api-error.js';

/** The part of Electron's ipcMain this needs. */
export interface IpcLike<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<Envelope<unknown>>): void;
  removeHandler?(channel: string): void;
}

export interface RegisterOptions<E> {
  /** True only for the app's own top-level frame (app scheme, main frame). */
  isTrustedSender(event: E): boolean;
  /** The client (window) a call comes from: sessions, workspaces and jobs are per client. */
  clientOf(event: E): string;
  /** Told about errors the user sees as `internal` or `invalid-output` (for main's log). */
  onError?(name: ContractName, error: unknown): void;
}

export interface Registration {
  channels: string[];
  dispose(): void;
}

export function registerContract<E>(ipc: IpcLike<E>, services: Services, options: RegisterOptions<E>): Registration {
  const extra = Object.keys(services).filter((key) => !(CONTRACT_NAMES as readonly string[]).includes(key));
  if (extra.length > 0) throw new Error(`services outside the contract: ${extra.join(', ')}`);
  const channels: string[] = [];
  for (const name of CONTRACT_NAMES) {
    const service = services[name] as (input: unknown, ctx: { client: string }) => Promise<unknown>;
    if (typeof service !== 'function') throw new Error(`the contract entry ${name} has no service`);
    const entry = contract[name];
    const channel = channelOf(name);
    ipc.handle(channel, async (event, ...args) => {
      try {
        if (!options.isTrustedSender(event)) {
          return fail('forbidden', `${name} refused: the call did not come from Gatehouse's own window.`);
        }
        if (args.length > 1) return fail('invalid-input', `${name} takes one input object, got ${args.length} arguments`);
        const parsed = entry.input.safeParse(args[0] === undefined ? {} : args[0]);
        if (!parsed.success) return fail('invalid-input', `${name}: ${describeIssues(parsed.error)}`);
        const value = await service(parsed.data, { client: options.clientOf(event) });
        const checked = entry.output.safeParse(value);
        if (!checked.success) {
          options.onError?.(name, checked.error);
          return fail('invalid-output', `${name} answered outside the contract (${describeIssues(checked.error, 'value')}); this is a bug in Gatehouse.`);
        }
        return ok(checked.data);
      } catch (error) {
        const apiError = toApiError(error);
        if (apiError.code === 'internal') options.onError?.(name, error);
        return { ok: false, error: apiError };
      }
    });
    channels.push(channel);
  }
  return {
    channels,
    dispose() {
      for (const channel of channels) ipc.removeHandler?.(channel);
    },
  };
}
