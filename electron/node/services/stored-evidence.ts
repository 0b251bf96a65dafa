/**
 * What a workspace stored of its evidence, read back for the views, reports and re-audits:
 * spec and gateway models (joined into the inventory), and traffic summaries (`{traffic: …}`,
 * the observed side of the inventory and what the traffic rules read on a re-audit).
 */
import { inventoryFromSummaries, type StoredModel, type SummariesInventory } from '../../../shared/inventory/from-summaries.js';
import { addObserved, inventoryEndpointOf } from '../../../shared/inventory/observe.js';
import type { InventoryEndpoint } from '../../../shared/inventory/inventory.js';
import type { CallerCount, TrafficSummary } from '../../../shared/model/traffic.js';
import type { EvidenceRecord, Workspace } from '../workspace/index.js';
import type { StoredTraffic } from './audit-service.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A stored traffic summary as the rules and the inventory need it (older or altered models are skipped). */
function trafficSummaryOf(model: unknown): TrafficSummary | null {
  const t = isObject(model) ? model.traffic : undefined;
  if (!isObject(t) || typeof t.file !== 'string' || !Array.isArray(t.endpoints) || !isObject(t.volume)) return null;
  return t as unknown as TrafficSummary;
}

export interface RunModels {
  /** Spec and gateway models, for `inventoryFromSummaries`. */
  models: StoredModel[];
  traffic: StoredTraffic[];
  problems: string[];
}

/** The stored models of the given evidence (a run's), split into spec/gateway models and traffic summaries. */
export function runModels(ws: Workspace, evidenceIds: readonly number[]): RunModels {
  const evidence = new Map(ws.listEvidence().map((e) => [e.id, e] as const));
  const out: RunModels = { models: [], traffic: [], problems: [] };
  for (const id of evidenceIds) {
    const record = evidence.get(id);
    if (record && !record.hasModel) continue;
    const stored = ws.getModel(id);
    if (!stored) continue;
    const name = record?.name ?? `evidence ${id}`;
    let model: unknown;
    try {
      model = JSON.parse(stored.json);
    } catch (error) {
      out.problems.push(`${name}: the stored model is not JSON (${(error as Error).message})`);
      continue;
    }
    if (stored.kind === 'traffic' || (isObject(model) && 'traffic' in model)) {
      const summary = trafficSummaryOf(model);
      if (summary) out.traffic.push({ evidenceId: id, name, sha256: record?.sha256 ?? '', summary });
      else out.problems.push(`${name}: the stored traffic summary cannot be read`);
      continue;
    }
    out.models.push({ evidence: name, kind: stored.kind, model });
  }
  return out;
}

/**
 * Traffic the workspace holds that a re-audit should keep: the newest stored summary per file
 * name among traffic evidence that imported cleanly, leaving out the names the run reads again.
 */
export function storedTrafficFor(ws: Workspace, rereadNames: ReadonlySet<string>): StoredTraffic[] {
  const newest = new Map<string, EvidenceRecord>();
  for (const e of ws.listEvidence()) {
    if (e.kind !== 'traffic' || !e.hasModel || e.parseStatus === 'error' || rereadNames.has(e.name)) continue;
    newest.set(e.name, e);
  }
  return runModels(
    ws,
    [...newest.values()].map((e) => e.id),
  ).traffic;
}

export interface ObservedDetail {
  /** Top callers over every traffic file, most requests first (at most 10). */
  callers: CallerCount[];
  /** Distinct callers, summed over files (a caller seen in two files counts twice). */
  distinctCallers: number;
  byClass: Record<'1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'other', number>;
}

export interface RunInventory {
  inventory: SummariesInventory;
  traffic: StoredTraffic[];
  /** Per inventory endpoint observed in traffic: callers and status classes. */
  observed: Map<InventoryEndpoint, ObservedDetail>;
  problems: string[];
}

/** The run's inventory with the traffic it observed joined in (`addObserved`), plus callers per endpoint. */
export function runInventoryOf(ws: Workspace, evidenceIds: readonly number[]): RunInventory {
  const read = runModels(ws, evidenceIds);
  const inventory = inventoryFromSummaries(read.models);
  const summaries = read.traffic.map((t) => t.summary);
  const observed = new Map<InventoryEndpoint, ObservedDetail>();
  if (summaries.length) {
    addObserved(inventory.inventory, summaries);
    const callers = new Map<InventoryEndpoint, Map<string, number>>();
    for (const summary of summaries)
      for (const stat of summary.endpoints) {
        const target = inventoryEndpointOf(inventory.inventory, stat.method, stat.template);
        if (!target?.observed) continue;
        let detail = observed.get(target);
        if (!detail) observed.set(target, (detail = { callers: [], distinctCallers: 0, byClass: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 } }));
        detail.distinctCallers += stat.distinctCallers ?? 0;
        for (const k of Object.keys(detail.byClass) as (keyof ObservedDetail['byClass'])[]) detail.byClass[k] += stat.byClass?.[k] ?? 0;
        let counts = callers.get(target);
        if (!counts) callers.set(target, (counts = new Map()));
        for (const c of stat.callers ?? []) counts.set(c.caller, (counts.get(c.caller) ?? 0) + c.requests);
      }
    for (const [target, counts] of callers) {
      observed.get(target)!.callers = [...counts]
        .map(([caller, requests]) => ({ caller, requests }))
        .sort((a, b) => b.requests - a.requests || a.caller.localeCompare(b.caller))
        .slice(0, 10);
    }
  }
  return { inventory, traffic: read.traffic, observed, problems: [...read.problems, ...inventory.problems] };
}
