/**
 * Calling the contract: `call(name, input)` resolves to the value or throws a CallError that
 * carries the contract's error code and message. Invalid-input messages name their fields
 * (`meta.name: name is required; meta.periodEnd: …`): `fieldErrors` splits them so a form can
 * show each next to its field.
 */
import type { ApiError, ContractName, ErrorCode, GatehouseApi, InputOf, OutputOf } from '../../shared/api/index.js';

export class CallError extends Error {
  readonly code: ErrorCode;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'CallError';
    this.code = error.code;
  }
}

export function gatehouse(): GatehouseApi | undefined {
  return typeof window !== 'undefined' ? (window as { gatehouse?: GatehouseApi }).gatehouse : undefined;
}

export async function call<N extends ContractName>(name: N, input: InputOf<N>): Promise<OutputOf<N>> {
  const api = gatehouse();
  if (!api) throw new CallError({ code: 'not-available', message: 'The Gatehouse services are not connected to this window.' });
  const answer = await api.invoke(name, input);
  if (answer.ok) return answer.value;
  throw new CallError(answer.error);
}

/** Words for any failure, for people. */
export function describeError(error: unknown): string {
  if (error instanceof CallError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function errorCode(error: unknown): ErrorCode | null {
  return error instanceof CallError ? error.code : null;
}

/**
 * `meta.name: name is required; meta.periodEnd: periodEnd is before periodStart` →
 * `{ name: 'name is required', periodEnd: 'periodEnd is before periodStart' }` (the last path
 * segment is the key; the prefix given is stripped). Parts without a field go under `''`.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof CallError) || error.code !== 'invalid-input') return {};
  const out: Record<string, string> = {};
  for (const part of error.message.split('; ')) {
    const m = /^([A-Za-z0-9_.[\]]+): (.*)$/s.exec(part);
    if (!m) {
      out[''] = out[''] ? `${out['']}; ${part}` : part;
      continue;
    }
    const key = m[1]!.split('.').filter((s) => !/^\d+$/.test(s)).at(-1) ?? '';
    out[key] = out[key] ? `${out[key]}; ${m[2]!}` : m[2]!;
  }
  return out;
}
