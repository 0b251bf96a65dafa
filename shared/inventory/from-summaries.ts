/**
 * Rebuilds the inventory from what a workspace keeps of a run's evidence: spec summaries (the
 * operations with method, path, auth, security, deprecation and place) and gateway models (the
 * whole normalized GatewayConfig). Pure: the caller reads the workspace and hands the parsed
 * JSON over, so the desktop app, the CLI and the report build the same inventory.
 */
import type { GatewayConfig } from '../model/gateway.js';
import type { SourceRef } from '../model/source.js';
import type { SecurityRequirement } from '../model/spec.js';
import { joinInventory } from './build-inventory.js';
import type { DocumentedOperation, Inventory } from './inventory.js';

/** One stored model: the evidence file it was built from and its parsed JSON. */
export interface StoredModel {
  /** The evidence name (the spec's or gateway config's root file). */
  evidence: string;
  /** The kind the workspace stored it under (`spec` or `gateway`). */
  kind: string;
  model: unknown;
}

export interface InventorySources {
  specs: { file: string; title?: string; operations: number }[];
  gateways: { file: string; product: string; format: string; routes: number }[];
}

export interface SummariesInventory {
  inventory: Inventory;
  sources: InventorySources;
  /** Stored models that could not be read (named with the reason); the rest still joins. */
  problems: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function sourceRef(v: unknown, fallbackFile: string): SourceRef {
  if (isObject(v) && typeof v.file === 'string' && typeof v.pointer === 'string') return { file: v.file, pointer: v.pointer };
  return { file: fallbackFile, pointer: '' };
}

/** A spec summary (see `specSummary` in the audit service) as documented operations. */
export function documentedFromSummary(file: string, summary: Record<string, unknown>): DocumentedOperation[] {
  const servers = Array.isArray(summary.servers) ? summary.servers.filter((s): s is string => typeof s === 'string') : [];
  const ops = Array.isArray(summary.operations) ? summary.operations : [];
  const out: DocumentedOperation[] = [];
  for (const op of ops) {
    if (!isObject(op)) continue;
    const method = str(op.method);
    const path = str(op.path);
    if (!method || !path) continue;
    const auth = op.auth === 'none' || op.auth === 'optional' || op.auth === 'required' ? op.auth : 'none';
    const d: DocumentedOperation = {
      spec: file,
      endpoint: str(op.endpoint) ?? `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      auth,
      security: Array.isArray(op.security) ? (op.security.filter(isObject) as SecurityRequirement[]) : [],
      deprecated: op.deprecated === true,
      servers,
      at: sourceRef(op.at, file),
    };
    const operationId = str(op.operationId);
    if (operationId !== undefined) d.operationId = operationId;
    out.push(d);
  }
  return out;
}

/** A stored gateway model, with missing lists defaulted so a model from an older build still joins. */
function gatewayFromModel(evidence: string, m: Record<string, unknown>): GatewayConfig {
  if (!Array.isArray(m.routes)) throw new Error('it has no routes list');
  const config = m as unknown as GatewayConfig;
  return {
    ...config,
    file: str(m.file) ?? evidence,
    files: Array.isArray(m.files) ? (m.files as string[]) : [evidence],
    format: str(m.format) ?? 'unknown',
    listeners: Array.isArray(m.listeners) ? config.listeners : [],
    upstreams: Array.isArray(m.upstreams) ? config.upstreams : [],
    secrets: Array.isArray(m.secrets) ? config.secrets : [],
    settings: isObject(m.settings) ? config.settings : {},
    problems: Array.isArray(m.problems) ? config.problems : [],
    routes: config.routes.filter(isObject).map((r) => ({
      ...r,
      methods: Array.isArray(r.methods) ? r.methods : [],
      hosts: Array.isArray(r.hosts) ? r.hosts : [],
      protocols: Array.isArray(r.protocols) ? r.protocols : [],
      pathTemplate: typeof r.pathTemplate === 'string' ? r.pathTemplate : typeof r.rawPath === 'string' ? r.rawPath : '/',
      controls: {
        ...r.controls,
        authentication: r.controls?.authentication ?? [],
        authorization: r.controls?.authorization ?? [],
        rateLimits: r.controls?.rateLimits ?? [],
        logging: r.controls?.logging ?? [],
        ai: r.controls?.ai ?? [],
      },
      at: sourceRef(r.at, evidence),
    })),
  };
}

/**
 * The inventory of a run from its stored models. A stored model holds `{spec: …}`,
 * `{gateway: …}` or both (a file can be both); a bare spec summary (older workspaces) is read too.
 */
export function inventoryFromSummaries(models: readonly StoredModel[]): SummariesInventory {
  const documented: DocumentedOperation[] = [];
  const gateways: GatewayConfig[] = [];
  const sources: InventorySources = { specs: [], gateways: [] };
  const problems: string[] = [];
  for (const stored of models) {
    if (!isObject(stored.model)) {
      problems.push(`${stored.evidence}: the stored model is not an object`);
      continue;
    }
    const m = stored.model;
    const spec = isObject(m.spec) ? m.spec : stored.kind === 'spec' && Array.isArray(m.operations) ? m : undefined;
    const gateway = isObject(m.gateway) ? m.gateway : stored.kind === 'gateway' && Array.isArray(m.routes) ? m : undefined;
    if (spec) {
      const ops = documentedFromSummary(stored.evidence, spec);
      documented.push(...ops);
      const s: InventorySources['specs'][number] = { file: stored.evidence, operations: ops.length };
      const title = str(spec.title);
      if (title) s.title = title;
      sources.specs.push(s);
    }
    if (gateway) {
      try {
        const g = gatewayFromModel(stored.evidence, gateway);
        gateways.push(g);
        sources.gateways.push({ file: g.file, product: g.product, format: g.format, routes: g.routes.length });
      } catch (e) {
        problems.push(`${stored.evidence}: the stored gateway model cannot be read (${(e as Error).message})`);
      }
    }
    if (!spec && !gateway) problems.push(`${stored.evidence}: the stored ${stored.kind} model holds neither a spec summary nor a gateway model`);
  }
  return { inventory: joinInventory(documented, gateways), sources, problems };
}
