/**
 * An audit run over what the workspace holds (runs in the job worker). The evidence bytes are
 * written back into a private temporary folder, one sub-folder per import batch so that every
 * file keeps the relative name it was imported under (and `$ref`s between files of a batch
 * still resolve), then `auditInputs` audits those folders and records the run in one
 * transaction. The same bytes are found again by SHA-256, so no evidence is duplicated.
 *
 * When a name was imported again later (an updated spec), only the newest bytes are audited.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditRunResult } from '../../../../shared/api/schemas/audit.js';
import { normalizeRelativePath } from '../../../../shared/importers/file-access.js';
import type { EvidenceRecord, Workspace } from '../../workspace/index.js';
import { auditInputsAsync } from '../audit-service.js';
import { ServiceError } from '../service-error.js';
import { storedTrafficFor } from '../stored-evidence.js';
import { IMPORT_ACTION, TRAFFIC_SOURCE_ACTION } from './import-evidence.js';
import type { Progress } from './job-protocol.js';

export interface EvidenceBatch {
  /** Oldest first. */
  index: number;
  items: { id: number; name: string }[];
}

/** The import batches recorded in the log, plus one for evidence that came in another way (the CLI). */
export function evidenceBatches(ws: Workspace): EvidenceBatch[] {
  const evidence = new Map(ws.listEvidence().map((e) => [e.id, e]));
  const batches: EvidenceBatch[] = [];
  const seen = new Set<number>();
  for (const entry of ws.listLog()) {
    if (entry.action !== IMPORT_ACTION || !Array.isArray(entry.details.items)) continue;
    const items = (entry.details.items as unknown[]).flatMap((item) => {
      const { id, name } = (item ?? {}) as { id?: unknown; name?: unknown };
      return typeof id === 'number' && typeof name === 'string' && evidence.has(id) ? [{ id, name }] : [];
    });
    items.forEach((i) => seen.add(i.id));
    if (items.length > 0) batches.push({ index: batches.length, items });
  }
  const others = [...evidence.values()].filter((e) => !seen.has(e.id));
  if (others.length > 0) {
    // Newest bytes per name.
    const byName = new Map<string, EvidenceRecord>();
    for (const e of others) byName.set(e.name, e);
    batches.unshift({ index: -1, items: [...byName.values()].map((e) => ({ id: e.id, name: e.name })) });
  }
  return batches;
}

/**
 * What each batch contributes: a name imported again in a later batch is audited from the later
 * batch only; files whose import failed are left out (they fail the same way again).
 */
export function planBatches(batches: readonly EvidenceBatch[], evidence: ReadonlyMap<number, EvidenceRecord>): EvidenceBatch[] {
  const newer = new Set<string>();
  const planned: EvidenceBatch[] = [];
  for (const batch of [...batches].reverse()) {
    // Traffic evidence is a record of a log, not the log: the run reads its stored summary instead.
    const items = batch.items.filter(
      (i) => !newer.has(i.name) && evidence.get(i.id)?.parseStatus !== 'error' && evidence.get(i.id)?.kind !== 'traffic' && normalizeRelativePath(i.name) === i.name,
    );
    batch.items.forEach((i) => newer.add(i.name));
    if (items.some((i) => evidence.get(i.id)?.hasModel)) planned.unshift({ index: batch.index, items });
  }
  return planned;
}

/** Traffic logs the workspace was told about (newest entry per path), that are still there, and the names they are audited under. */
export function trafficSources(ws: Workspace): { paths: string[]; missing: string[]; names: Set<string> } {
  const byPath = new Map<string, string>();
  for (const entry of ws.listLog()) {
    if (entry.action !== TRAFFIC_SOURCE_ACTION || typeof entry.details.path !== 'string' || !path.isAbsolute(entry.details.path)) continue;
    byPath.set(entry.details.path, typeof entry.details.name === 'string' ? entry.details.name : path.basename(entry.details.path));
  }
  const paths: string[] = [];
  const missing: string[] = [];
  const names = new Set<string>();
  for (const p of byPath.keys()) {
    const there = fs.existsSync(p);
    (there ? paths : missing).push(p);
    if (there) names.add(byPath.get(p)!);
  }
  return { paths, missing, names };
}

export interface AuditHooks {
  progress(p: Progress): void;
  /** Called as traffic logs are read (bytes); may throw to cancel. */
  bytes?(file: string, done: number, total: number): void;
}

export interface AuditTrafficOptions {
  maskUrls: boolean;
  pseudonymizeSecret?: string;
  logFormat?: string;
}

export async function auditWorkspace(ws: Workspace, actor: string, hooks: AuditHooks, traffic: AuditTrafficOptions = { maskUrls: true }): Promise<AuditRunResult> {
  const evidence = new Map(ws.listEvidence().map((e) => [e.id, e]));
  const batches = planBatches(evidenceBatches(ws), evidence);
  const logs = trafficSources(ws);
  // Traffic read earlier (dropped logs, the sample, CLI audits, logs no longer where they were):
  // its stored summaries go to the rules again, so its findings and their triage stay.
  const storedTraffic = storedTrafficFor(ws, logs.names);
  if (batches.length === 0 && logs.paths.length === 0 && storedTraffic.length === 0) {
    throw new ServiceError('invalid-input', 'There is no evidence to audit yet: import an API description, a gateway configuration or a traffic log first.');
  }
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-audit-'));
  try {
    fs.chmodSync(temp, 0o700);
    const folders = batches.map((batch, b) => {
      const folder = path.join(temp, `batch-${b + 1}`);
      for (const item of batch.items) {
        const target = path.join(folder, ...item.name.split('/'));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, ws.getEvidenceBytes(item.id));
      }
      return folder;
    });
    const hide = (text: string): string => text.split(temp + path.sep).join('').replace(/batch-\d+[\\/]/g, '');
    const outcome = await auditInputsAsync([...folders, ...logs.paths], {
      workspace: ws,
      actor,
      storedTraffic,
      onProgress: (p) => hooks.progress({ ...p, label: hide(p.label) }),
      ...(hooks.bytes ? { onBytes: hooks.bytes } : {}),
      traffic: {
        maskUrls: traffic.maskUrls,
        ...(traffic.pseudonymizeSecret !== undefined ? { pseudonymizeKey: Buffer.from(traffic.pseudonymizeSecret, 'utf8') } : {}),
        ...(traffic.logFormat !== undefined ? { logFormat: traffic.logFormat } : {}),
      },
    });
    if (outcome.runId === undefined) throw new ServiceError('internal', 'the audit did not record a run');
    const findings = outcome.result.findings;
    const run = ws.listRuns().find((r) => r.id === outcome.runId);
    return {
      kind: 'audit',
      runId: outcome.runId,
      findings: findings.length,
      open: findings.filter((f) => f.status === 'open').length,
      new: run?.summary.new ?? 0,
      bySeverity: run?.summary.bySeverity ?? { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      audited: outcome.audited.map((a) => ({
        file: a.file,
        kind: a.kind,
        format: a.format,
        ...(a.title !== undefined ? { title: a.title } : {}),
        operations: a.operations,
        files: a.files,
        ...(a.requests !== undefined ? { requests: a.requests } : {}),
      })),
      problems: [
        ...outcome.problems.map((p) => ({ input: hide(p.input), message: hide(p.message) })),
        ...logs.missing.map((p) => ({
          input: p,
          message: storedTraffic.some((t) => t.name === path.basename(p))
            ? `${p}: the traffic log imported from here is no longer there; what the last run read of it was used again (import it again from where it is now to re-read it)`
            : `${p}: the traffic log imported from here is no longer there; import it again from where it is now`,
        })),
      ],
      ruleFailures: outcome.ruleFailures.map((f) => ({ ruleId: f.ruleId, evidence: f.evidence, message: f.message })),
    };
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}
