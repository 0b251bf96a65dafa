/**
 * Importing evidence into a workspace (runs in the job worker): every file the user named is
 * recognised by content, parsed with positions, and stored byte for byte with its SHA-256, its
 * parse status (or the parse error at its line) and, for roots, the model summary later stages
 * read. Everything is stored in one transaction; an `evidence.import` log entry records the batch
 * (which files came in together), which is what an audit run later reads back.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportedFile, ImportResult, ParseIssue } from '../../../../shared/api/schemas/evidence.js';
import { ImportError } from '../../../../shared/importers/import-error.js';
import { importOpenApi } from '../../../../shared/importers/openapi/index.js';
import type { EvidenceContainer } from '../../files/evidence-container.js';
import { EvidenceFolder } from '../../files/evidence-folder.js';
import { findInputs, type EvidenceRoot } from '../../files/find-inputs.js';
import type { Workspace } from '../../workspace/index.js';
import { formatOf, gatewaySummary, specSummary, trafficManifest } from '../audit-service.js';
import { inventoryFromSummaries, type StoredModel } from '../../../../shared/inventory/from-summaries.js';
import { matchTargets } from '../../../../shared/inventory/observe.js';
import { importTrafficFile } from '../../traffic/import-traffic-file.js';
import { TrafficStore } from '../../workspace/traffic-store.js';
import { runModels } from '../stored-evidence.js';
import type { Progress } from './job-protocol.js';

/** The log action of an import batch; audit runs read these entries back. */
export const IMPORT_ACTION = 'evidence.import';
/** The log action that remembers where a traffic log is (it is streamed by the audit run, never copied). */
export const TRAFFIC_SOURCE_ACTION = 'evidence.traffic-source';

interface Pending {
  key: string;
  name: string;
  source: string;
  kind: 'spec' | 'gateway';
  format: string;
  bytes: Buffer;
  root: boolean;
  errors: ParseIssue[];
  title?: string;
  operations?: number;
  model?: Record<string, unknown>;
}

export interface ImportHooks {
  progress(p: Progress): void;
  /** Shows a path to people (the dropped-files import hides its temporary folder). */
  label(p: string): string;
  /**
   * Whether traffic logs can be remembered by path (false for dropped files: their temporary
   * copy is gone after the import, and the audit run must read the log again).
   */
  trafficByPath: boolean;
}

const formatId = (format: string): string => format.toLowerCase().replace(/[^a-z0-9.+-]/g, '-').replace(/^[^a-z0-9]+/, '') || 'unknown';

export async function importEvidence(ws: Workspace, inputs: readonly string[], actor: string, hooks: ImportHooks): Promise<ImportResult> {
  const { roots, problems } = findInputs(inputs);
  const pending = new Map<string, Pending>();
  const total = roots.length + 1;

  const bytesOf = (container: EvidenceContainer, file: string): Buffer | undefined => container.read.get(file) ?? container.readBytes(file);
  const add = (container: EvidenceContainer, file: string, entry: Omit<Pending, 'key' | 'name' | 'source' | 'bytes'>): void => {
    const key = `${container.label}\0${file}`;
    const known = pending.get(key);
    if (known) {
      // A file can be both a spec and a gateway config (an AWS export): one evidence, both models.
      if (entry.model) known.model = { ...(known.model ?? {}), ...entry.model };
      if (entry.root) known.root = true;
      known.errors.push(...entry.errors);
      return;
    }
    const bytes = bytesOf(container, file);
    if (!bytes) return;
    pending.set(key, { key, name: file, source: hooks.label(path.join(container.label, file)), bytes, ...entry });
  };
  const failure = (container: EvidenceContainer, rootFile: string, kind: 'spec' | 'gateway', error: unknown): void => {
    if (!(error instanceof ImportError)) throw error;
    const where = error.file !== rootFile ? `${error.file}: ` : '';
    const issue: ParseIssue = { message: `${where}${error.reason}` };
    if (error.line > 0) {
      issue.line = error.line;
      issue.column = error.column;
    }
    add(container, rootFile, { kind, format: 'unknown', root: true, errors: [issue] });
  };

  roots.forEach((root, i) => {
    hooks.progress({ done: i, total, label: `reading ${root.file}` });
    if (root.spec) {
      try {
        const { model } = importOpenApi(root.file, root.container);
        for (const file of model.files) {
          if (file === model.file) {
            add(root.container, file, {
              kind: 'spec',
              format: formatOf(model),
              root: true,
              errors: [],
              operations: model.operations.length,
              model: { spec: specSummary(model) },
              ...(model.title ? { title: model.title } : {}),
            });
          } else add(root.container, file, { kind: 'spec', format: 'openapi-fragment', root: false, errors: [] });
        }
      } catch (error) {
        failure(root.container, root.file, 'spec', error);
      }
    }
    if (root.gateway) {
      try {
        const { config } = root.gateway.parse(root.file, root.container);
        for (const file of config.files) {
          if (file === config.file) {
            add(root.container, file, {
              kind: 'gateway',
              format: `${config.product}-${config.format}`,
              root: true,
              errors: [],
              operations: config.routes.length,
              model: { gateway: gatewaySummary(config) },
            });
          } else add(root.container, file, { kind: 'gateway', format: `${config.product}-include`, root: false, errors: [] });
        }
      } catch (error) {
        failure(root.container, root.file, 'gateway', error);
      }
    }
  });

  const traffic: { path: string; file: ImportedFile }[] = [];
  /** Traffic that is read now (dropped files, archives): its temporary copy is gone after the import. */
  const readNow: { root: EvidenceRoot; where: string }[] = [];
  for (const root of roots) {
    if (!root.traffic || root.spec || root.gateway) continue;
    const where = path.join(root.container.label, root.file);
    if (!hooks.trafficByPath || !(root.container instanceof EvidenceFolder)) {
      readNow.push({ root, where });
      continue;
    }
    let size = 0;
    try {
      size = fs.statSync(where).size;
    } catch {
      problems.push({ input: where, message: `${root.file}: cannot be read` });
      continue;
    }
    traffic.push({
      path: path.resolve(where),
      file: {
        name: root.file,
        source: hooks.label(where),
        kind: 'traffic',
        format: formatId(root.traffic.format),
        size,
        sha256: null,
        evidenceId: null,
        duplicate: false,
        root: true,
        status: 'ok',
        errors: [],
        note: `${root.traffic.label}: read by the next audit run (masked before storing; the log itself is not copied into the workspace)`,
      },
    });
  }

  const items = [...pending.values()];
  hooks.progress({ done: roots.length, total, label: `storing ${items.length} file${items.length === 1 ? '' : 's'}` });
  const files: ImportedFile[] = [];
  const store = (): void => {
    const added = ws.addEvidence(
      items.map((it) => ({
        name: it.name,
        kind: it.kind,
        format: formatId(it.format),
        bytes: it.bytes,
        parseStatus: it.errors.length > 0 ? ('error' as const) : ('ok' as const),
        parseErrors: it.errors,
      })),
      actor,
    );
    items.forEach((it, k) => {
      const a = added[k]!;
      hooks.progress({ done: roots.length, total, label: `storing ${it.name} (${k + 1} of ${items.length})` });
      if (it.model && !a.duplicate && it.errors.length === 0) ws.saveModel(a.id, it.kind, JSON.stringify(it.model), actor);
      const file: ImportedFile = {
        name: it.name,
        source: it.source,
        kind: it.kind,
        format: formatId(it.format),
        size: it.bytes.length,
        sha256: a.sha256,
        evidenceId: a.id,
        duplicate: a.duplicate,
        root: it.root,
        status: it.errors.length > 0 ? 'error' : 'ok',
        errors: it.errors,
      };
      if (it.title !== undefined) file.title = it.title;
      if (it.operations !== undefined) file.operations = it.operations;
      files.push(file);
    });
    if (files.length > 0) {
      ws.appendLog(IMPORT_ACTION, { sources: [...new Set(items.map((it) => it.source))], items: files.map((f) => ({ id: f.evidenceId, name: f.name })) }, actor);
    }
    for (const t of traffic) {
      ws.appendLog(TRAFFIC_SOURCE_ACTION, { path: t.path, name: t.file.name, format: t.file.format, size: t.file.size }, actor);
      files.push(t.file);
    }
  };
  if (readNow.length > 0) {
    // Read inside the same transaction: the requests go into traffic_batches as they stream, and
    // a failure or a cancel leaves the workspace as it was.
    await ws.transactionAsync(async () => {
      store();
      for (const [i, t] of readNow.entries()) {
        hooks.progress({ done: roots.length, total, label: `reading ${t.root.file} (${i + 1} of ${readNow.length})` });
        const read = await readTrafficNow(ws, t.root, actor, items, hooks);
        if ('problem' in read) problems.push({ input: t.where, message: read.problem });
        else files.push({ ...read.file, source: hooks.label(t.where) });
      }
    });
  } else if (items.length > 0 || traffic.length > 0) {
    ws.transaction(store);
  }
  hooks.progress({ done: total, total, label: 'done' });
  return { kind: 'import', files, problems: problems.map((p) => ({ input: hooks.label(p.input), message: hooks.label(p.message) })) };
}

/**
 * The spec and gateway models a log read now is matched against: the newest stored model per
 * evidence name in the workspace, and those of this import (a spec dropped with its log).
 */
function matchModels(ws: Workspace, items: readonly Pending[]): StoredModel[] {
  const newest = new Map<string, number>();
  for (const e of ws.listEvidence()) if (e.hasModel && e.kind !== 'traffic' && e.parseStatus !== 'error') newest.set(e.name, e.id);
  const models = new Map(runModels(ws, [...newest.values()]).models.map((m) => [m.evidence, m] as const));
  for (const it of items) if (it.model && it.errors.length === 0) models.set(it.name, { evidence: it.name, kind: it.kind, model: it.model });
  return [...models.values()];
}

/**
 * Reads a traffic file now (a dropped log, or one inside an archive): streamed, URLs masked, its
 * requests stored in batches, its summary stored as the evidence's model and its record (not the
 * log) as the evidence. Audit runs read that stored summary again. Called inside the import's
 * transaction.
 */
async function readTrafficNow(
  ws: Workspace,
  root: EvidenceRoot,
  actor: string,
  items: readonly Pending[],
  hooks: ImportHooks,
): Promise<{ file: ImportedFile } | { problem: string }> {
  const { inventory } = inventoryFromSummaries(matchModels(ws, items));
  const targets = matchTargets(inventory);
  const store = new TrafficStore(ws);
  const privacy = { pseudonymized: false, maskedUrls: true };
  const open = store.beginImport(root.file, root.traffic!.format, privacy);
  let result;
  try {
    result = await importTrafficFile(root.container, root.file, root.traffic, {
      maskUrls: true,
      endpoints: targets.endpoints,
      basePaths: targets.basePaths,
      onBatch: (b) => store.addBatch(open, b),
      onProgress: (done, totalBytes) => hooks.progress({ done: Math.min(done, totalBytes), total: Math.max(totalBytes, 1), label: `reading ${root.file} (${Math.round(done / 1024)} of ${Math.round(totalBytes / 1024)} KB)` }),
    });
  } catch (error) {
    store.abandonImport(open);
    if (error instanceof ImportError) return { problem: `${root.file}: ${error.reason}` };
    throw error;
  }
  if (result.status === 'error') {
    store.abandonImport(open);
    return { problem: `${root.file}: ${result.error ?? 'nothing could be read'}` };
  }
  const format = formatId(result.summary.format);
  const [added] = ws.addEvidence(
    [
      {
        name: root.file,
        kind: 'traffic',
        format,
        bytes: trafficManifest(result),
        parseStatus: result.status,
        parseErrors: result.issues.slice(0, 100).map((i) => ({ message: i.message.slice(0, 10_000), ...(i.line !== undefined ? { line: i.line } : {}) })),
      },
    ],
    actor,
  );
  store.finishImport(open, added!.id, added!.duplicate, actor);
  // Also when the same log was read before: the summary is matched anew against today's endpoints.
  ws.saveModel(added!.id, 'traffic', JSON.stringify({ traffic: result.summary }), actor);
  ws.appendLog(IMPORT_ACTION, { sources: ['dropped traffic'], items: [{ id: added!.id, name: root.file }] }, actor);
  const s = result.summary;
  return {
    file: {
      name: root.file,
      source: root.file,
      kind: 'traffic',
      format,
      size: result.stream.fileBytes,
      // The log's own SHA-256 (what `sha256sum` prints); the evidence record that identifies it holds it too.
      sha256: result.stream.sha256,
      evidenceId: added!.id,
      duplicate: added!.duplicate,
      root: true,
      status: result.status,
      // Lines that could not be read are listed; remarks on a clean read (what the format lacks) go in the note.
      errors: result.status === 'ok' ? [] : result.issues.slice(0, 20).map((i) => ({ message: i.message, ...(i.line !== undefined ? { line: i.line } : {}) })),
      operations: s.endpoints.length,
      note:
        `${s.volume.requests.toLocaleString('en')} request${s.volume.requests === 1 ? '' : 's'} read now, URLs masked; the log itself is not kept` +
        (result.status === 'ok' && result.issues.length ? `. ${result.issues.map((i) => i.message).join('. ')}` : ''),
    },
  };
}
