/**
 * The audit as a service: evidence paths in, findings and coverage out, optionally recorded in
 * a workspace. The CLI, the desktop app and the test transport all call this one function.
 */
import { createHash } from 'node:crypto';
import { CATALOG_VERSION } from '../../../shared/controls/index.js';
import { computeCoverage } from '../../../shared/engine/coverage.js';
import { runRules, type RuleFailure, type SpecEvidence } from '../../../shared/engine/run.js';
import { ImportError } from '../../../shared/importers/import-error.js';
import { importOpenApi } from '../../../shared/importers/openapi/index.js';
import type { Finding } from '../../../shared/model/finding.js';
import type { SpecModel } from '../../../shared/model/spec.js';
import type { AuditResult } from '../../../shared/report/exports/audit-result.js';
import { allRules } from '../../../shared/rules/index.js';
import { EvidenceFolder } from '../files/evidence-folder.js';
import { findInputs, type InputProblem } from '../files/find-inputs.js';
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
  format: string;
  title?: string;
  operations: number;
  files: number;
}

export interface AuditOutcome {
  result: AuditResult;
  audited: AuditedInput[];
  /** Inputs that could not be audited at all (missing, unreadable, not an API description). */
  problems: InputProblem[];
  ruleFailures: RuleFailure[];
  runId?: number;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export function formatOf(model: SpecModel): string {
  return model.version === '2.0' ? 'swagger-2.0' : `openapi-${model.version}`;
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
  const folders = new Map<string, EvidenceFolder>();
  const specs: (SpecEvidence & { folder: EvidenceFolder })[] = [];
  const audited: AuditedInput[] = [];
  roots.forEach((root, i) => {
    options.onProgress?.({ done: i, total: roots.length + 1, label: `reading ${root.file}` });
    let folder = folders.get(root.folder);
    if (!folder) folders.set(root.folder, (folder = new EvidenceFolder(root.folder)));
    try {
      const { model, sources } = importOpenApi(root.file, folder);
      specs.push({ model, sources, folder });
      const a: AuditedInput = { file: root.file, folder: root.folder, format: formatOf(model), operations: model.operations.length, files: model.files.length };
      if (model.title) a.title = model.title;
      audited.push(a);
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      problems.push({ input: `${root.folder}/${root.file}`, message: e.message });
    }
  });
  options.onProgress?.({ done: roots.length, total: roots.length + 1, label: 'running rules' });
  const engine = runRules(specs, allRules);
  let findings: Finding[] = engine.findings;
  const evidence: { name: string; sha256: string }[] = [];
  for (const spec of specs)
    for (const file of spec.model.files) {
      const bytes = spec.folder.read.get(file);
      if (bytes) evidence.push({ name: file, sha256: sha256(bytes) });
    }

  let runId: number | undefined;
  const ws = options.workspace;
  if (ws) {
    const actor = options.actor ?? 'cli';
    const today = options.today ?? new Date().toISOString().slice(0, 10);
    runId = ws.transaction(() => {
      const evidenceIds: number[] = [];
      for (const spec of specs) {
        const items = spec.model.files.map((file) => ({
          name: file,
          kind: 'spec' as const,
          format: file === spec.model.file ? formatOf(spec.model) : 'openapi-fragment',
          bytes: spec.folder.read.get(file)! as Uint8Array<ArrayBuffer>,
          parseStatus: 'ok' as const,
        }));
        const added = ws.addEvidence(items, actor);
        evidenceIds.push(...added.map((a) => a.id));
        const rootId = added[0]?.id;
        if (rootId !== undefined && !added[0]!.duplicate) ws.saveModel(rootId, 'spec', JSON.stringify(specSummary(spec.model)), actor);
      }
      return ws.recordRun(
        {
          catalogVersion: CATALOG_VERSION,
          toolVersion: TOOL.version,
          startedAt,
          endedAt: new Date().toISOString(),
          evidenceIds,
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
  const outcome: AuditOutcome = { result, audited, problems, ruleFailures: engine.ruleFailures };
  if (runId !== undefined) outcome.runId = runId;
  return outcome;
}
