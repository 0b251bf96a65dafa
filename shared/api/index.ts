/**
 * shared/api: the one contract between the UI and the services (see contract.ts), its envelope,
 * its events, and the shape of `window.gatehouse` that the preload (Electron) and the HTTP shim
 * (tests) both provide.
 */
import type { Contract, InputOf, OutputOf } from './contract.js';
import type { Envelope } from './envelope.js';
import type { GatehouseEvent } from './events.js';
import type { AreaOf, ContractArea, ContractName, VerbOf } from './names.js';

export * from './names.js';
export * from './envelope.js';
export * from './contract.js';
export * from './events.js';
export * from './schemas/app.js';
export * from './schemas/audit.js';
export * from './schemas/audit-log.js';
export * from './schemas/checklist.js';
export * from './schemas/common.js';
export * from './schemas/controls.js';
export * from './schemas/evidence.js';
export * from './schemas/findings.js';
export * from './schemas/identities.js';
export * from './schemas/inventory.js';
export * from './schemas/jobs.js';
export * from './schemas/reports.js';
export * from './schemas/workspace.js';

/** One typed call: input as the caller may write it, answer as an envelope. */
export type CallOf<N extends ContractName> = (input: InputOf<N>) => Promise<Envelope<OutputOf<N>>>;

type NamesIn<A extends ContractArea> = Extract<ContractName, `${A}.${string}`>;

/** `gatehouse.workspace.open({file})`, `gatehouse.findings.list({...})`, … */
export type GatehouseAreas = {
  [A in ContractArea]: { [N in NamesIn<A> as VerbOf<N>]: CallOf<N> };
};

/** The whole of `window.gatehouse`: typed calls per area, a generic invoke, and events. */
export type GatehouseApi = GatehouseAreas & {
  invoke<N extends ContractName>(name: N, input: InputOf<N>): Promise<Envelope<OutputOf<N>>>;
  /** Calls `listener` for every event; returns the function that unsubscribes. */
  onEvent(listener: (event: GatehouseEvent) => void): () => void;
  /** `electron` in the app, `http` under the test transport. */
  readonly transport: 'electron' | 'http';
};

export type { Contract, AreaOf };
