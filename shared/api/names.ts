/**
 * The names of the contract's calls and the channels they travel on, without zod: the preload
 * (bundled into one small sandboxed script) and the test transport's browser shim need only
 * these. `contract.ts` is checked against this list at compile time (`satisfies`), so a name here
 * without a schema there, or the other way round, does not build.
 */

export const CONTRACT_NAMES = [
  'app.info',
  'app.openExternal',
  'dialogs.pick',
  'workspace.create',
  'workspace.open',
  'workspace.current',
  'workspace.recent',
  'workspace.forgetRecent',
  'workspace.close',
  'workspace.meta',
  'workspace.updateMeta',
  'workspace.lockStatus',
  'workspace.openSample',
  'evidence.import',
  'evidence.importDropped',
  'evidence.list',
  'audit.run',
  'audit.runs',
  'jobs.wait',
  'jobs.cancel',
  'jobs.list',
  'findings.list',
  'findings.get',
  'findings.triage',
  'findings.addNote',
  'findings.filters',
  'findings.saveFilter',
  'findings.deleteFilter',
  'inventory.get',
  'controls.coverage',
  'checklist.items',
  'checklist.answer',
  'reports.generate',
  'reports.verify',
  'reports.list',
  'reports.preview',
  'identities.create',
  'identities.list',
  'auditLog.list',
  'auditLog.verify',
] as const;

export type ContractName = (typeof CONTRACT_NAMES)[number];

/** `workspace.open` → `workspace`. */
export type AreaOf<N extends string> = N extends `${infer A}.${string}` ? A : never;
/** `workspace.open` → `open`. */
export type VerbOf<N extends string> = N extends `${string}.${infer V}` ? V : never;
export type ContractArea = AreaOf<ContractName>;

/** The IPC channel (and HTTP path segment) of a call: `gatehouse:workspace.open`. */
export const CHANNEL_PREFIX = 'gatehouse:';
export function channelOf(name: ContractName): string {
  return CHANNEL_PREFIX + name;
}

/** The one channel main sends events on (progress, completion, workspace changes). */
export const EVENT_CHANNEL = 'gatehouse:event';

export function isContractName(value: unknown): value is ContractName {
  return typeof value === 'string' && (CONTRACT_NAMES as readonly string[]).includes(value);
}

/** Splits a name into its area and verb (every name has exactly one dot). */
export function splitName(name: ContractName): { area: string; verb: string } {
  const dot = name.indexOf('.');
  return { area: name.slice(0, dot), verb: name.slice(dot + 1) };
}
