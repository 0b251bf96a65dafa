/**
 * The audit as a service: evidence paths in, findings and coverage out, optionally recorded in
 * a workspace. The CLI, the desktop app and the test transport all call this one function.
 */
import { createHash } from 'node:crypto';
import { CATALOG_VERSION } from '../../../shared/controls/index.js';
import { computeCoverage } from '../../../shared/engine/coverage.js';
import { runRules, type GatewayEvidence, type RuleFailure, type SpecEvidence } from '../../../shared/engine/run.js';
import type { GatewayConfig } from '../../../shared/model/gateway.js';
import { ImportError } from '../../../shared/importers/import-error.js';
import { importOpenApi } from '../../../shared/importers/openapi/index.js';
import type { Finding } from '../../../shared/model/finding.js';
import type { SpecModel } from '../../../shared/model/spec.js';
import type { AuditResult } from '../../../shared/report/exports/audit-result.js';
import { allRules } from '../../../shared/rules/index.js';
import type { EvidenceContainer } from '../files/evidence-container.js';
import { findInputs, type InputProblem } from '../files/find-inputs.js';
import type { Inventory } from '../../../shared/inventory/inventory.js';
import type { Workspace } from '../workspace/index.js';
import { TOOL } from './tool-info.js';

export interface AuditProgress {
  done: number;
  total: number;
  label: string;
}

export interface AuditOptions {
  workspace?: Workspace;
  actor?: string;
  onProgress?: (p: AuditProgress) => void;
  /** YYYY-MM-DD used to lapse expired risk acceptances; today by default. */
  today?: string;
}

export interface AuditedInput {
  /** The root file as findings cite it. */
  file: string;
  folder: string;
  kind: 'spec' | 'gateway';
  format: string;
  title?: string;
  /** Operations (spec) or routes (gateway). */
  operations: number;
  files: number;
}

export interface AuditOutcome {
  result: AuditResult;
  audited: AuditedInput[];
  /** Inputs that could not be audited at all (missing, unreadable, not an API description). */
  problems: InputProblem[];
  ruleFailures: RuleFailure[];
  inventory: Inventory;
  runId?: number;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export function formatOf(model: SpecModel): string {
  return model.version === '2.0' ? 'swagger-2.0' : `openapi-${model.version}`;
}

/** What the workspace keeps of a gateway config (the whole normalized model: it is plain data). */
export function gatewaySummary(config: GatewayConfig): Record<string, unknown> {
  return { ...config };
}

/** What the workspace keeps of a spec model: the endpoint inventory later stages join on. */
export function specSummary(model: SpecModel): Record<string, unknown> {
  return {
    version: model.versionString,
    title: model.title ?? null,
    apiVersion: model.apiVersion ?? null,
    files: model.files,
    servers: model.servers.map((s) => s.url),
    securitySchemes: model.securitySchemes.map((s) => ({ name: s.name, type: s.type, scheme: s.scheme ?? null, in: s.in ?? null })),
    operations: model.operations.map((o) => ({
      endpoint: o.endpoint,
      method: o.method,
      path: o.path,
      operationId: o.operationId ?? null,
      auth: o.auth,
      security: o.security,
      deprecated: o.deprecated,
      at: o.at,
    })),
  };
}

export function auditInputs(paths: readonly string[], options: AuditOptions = {}): AuditOutcome {
  const startedAt = new Date().toISOString();
  const { roots, problems } = findInputs(paths);
  const specs: (SpecEvidence & { container: EvidenceContainer })[] = [];
  const gateways: (GatewayEvidence & { container: EvidenceContainer })[] = [];
  const audited: AuditedInput[] = [];
  const fail = (container: EvidenceContainer, file: string, e: unknown): void => {
    if (!(e instanceof ImportError)) throw e;
    // Error messages start with the file relative to the container; prefix what the user named.
    const base = container.label.replace(/[\\/]+$/, '');
    problems.push({ input: `${base}/${file}`, message: `${base}/${e.message}` });
  };
  roots.forEach((root, i) => {
    options.onProgress?.({ done: i, total: roots.length + 1, label: `reading ${root.file}` });
    if (root.spec) {
      try {
        const { model, sources } = importOpenApi(root.file, root.container);
        specs.push({ model, sources, container: root.container });
        const a: AuditedInput = {
          file: root.file,
          folder: root.container.label,
          kind: 'spec',
          format: formatOf(model),
          operations: model.operations.length,
          files: model.files.length,
        };
        if (model.title) a.title = model.title;
        audited.push(a);
      } catch (e) {
        fail(root.container, root.file, e);
        return;
      }
    }
    if (root.gateway) {
      try {
        const { config, sources } = root.gateway.parse(root.file, root.container);
        gateways.push({ config, sources, container: root.container });
        audited.push({
          file: root.file,
          folder: root.container.label,
          kind: 'gateway',
          format: config.format,
          operations: config.routes.length,
          files: config.files.length,
        });
      } catch (e) {
        fail(root.container, root.file, e);
      }
    }
  });
  options.onProgress?.({ done: roots.length, total: roots.length + 1, label: 'running rules' });
  const engine = runRules({ specs, gateways }, allRules);
  let findings: Finding[] = engine.findings;

  // Every file that contributed, once (a file can be both a spec and a gateway config).
  const contributed = new Map<string, { name: string; bytes: Buffer; kind: 'spec' | 'gateway'; format: string; model?: Record<string, unknown> }>();
  const add = (container: EvidenceContainer, file: string, kind: 'spec' | 'gateway', format: string, model?: Record<string, unknown>): void => {
    const bytes = container.read.get(file) ?? container.readBytes(file);
    if (!bytes) return;
    const key = `${container.label}\0${file}`;
    const known = contributed.get(key);
    if (known) {
      if (model) known.model = { ...(known.model ?? {}), [kind]: model };
      return;
    }
    contributed.set(key, { name: file, bytes, kind, format, ...(model ? { model: { [kind]: model } } : {}) });
  };
  for (const spec of specs)
    for (const file of spec.model.files)
      add(spec.container, file, 'spec', file === spec.model.file ? formatOf(spec.model) : 'openapi-fragment', file === spec.model.file ? specSummary(spec.model) : undefined);
  for (const gw of gateways)
    for (const file of gw.config.files)
      add(gw.container, file, 'gateway', file === gw.config.file ? `${gw.config.product}-${gw.config.format}` : `${gw.config.product}-include`, file === gw.config.file ? gatewaySummary(gw.config) : undefined);
  const evidence = [...contributed.values()].map((c) => ({ name: c.name, sha256: sha256(c.bytes) }));

  let runId: number | undefined;
  const ws = options.workspace;
  if (ws) {
    const actor = options.actor ?? 'cli';
    const today = options.today ?? new Date().toISOString().slice(0, 10);
    runId = ws.transaction(() => {
      const items = [...contributed.values()];
      const added = ws.addEvidence(
        items.map((c) => ({ name: c.name, kind: c.kind, format: c.format.toLowerCase().replace(/[^a-z0-9.+-]/g, '-'), bytes: c.bytes as Uint8Array<ArrayBuffer>, parseStatus: 'ok' as const })),
        actor,
      );
      items.forEach((c, i) => {
        const a = added[i]!;
        if (c.model && !a.duplicate) ws.saveModel(a.id, c.kind, JSON.stringify(c.model), actor);
      });
      return ws.recordRun(
        {
          catalogVersion: CATALOG_VERSION,
          toolVersion: TOOL.version,
          startedAt,
          endedAt: new Date().toISOString(),
          evidenceIds: [...new Set(added.map((a) => a.id))],
          findings,
        },
        actor,
      );
    });
    findings = ws.listFindings(runId, today);
  }
  options.onProgress?.({ done: roots.length + 1, total: roots.length + 1, label: 'done' });
  const result: AuditResult = {
    tool: TOOL,
    findings,
    coverage: computeCoverage(allRules, findings),
    rules: allRules,
    evidence,
  };
  const outcome: AuditOutcome = { result, audited, problems, ruleFailures: engine.ruleFailures, inventory: engine.inventory };
  if (runId !== undefined) outcome.runId = runId;
  return outcome;
}
