/**
 * The audit as a service: evidence paths in, findings and coverage out, optionally recorded in
 * a workspace. The CLI, the desktop app and the test transport all call this one function.
 */
import { createHash } from 'node:crypto';
import { CATALOG_VERSION } from '../../../shared/controls/index.js';
import { computeCoverage } from '../../../shared/engine/coverage.js';
import { runRules, type EngineResult, type GatewayEvidence, type RuleFailure, type SpecEvidence } from '../../../shared/engine/run.js';
import type { GatewayConfig } from '../../../shared/model/gateway.js';
import { ImportError } from '../../../shared/importers/import-error.js';
import { importOpenApi } from '../../../shared/importers/openapi/index.js';
import type { Finding } from '../../../shared/model/finding.js';
import type { SpecModel } from '../../../shared/model/spec.js';
import type { AuditResult } from '../../../shared/report/exports/audit-result.js';
import { allRules } from '../../../shared/rules/index.js';
import type { EvidenceContainer } from '../files/evidence-container.js';
import { findInputs, type EvidenceRoot, type InputProblem } from '../files/find-inputs.js';
import { buildInventory } from '../../../shared/inventory/build-inventory.js';
import type { Inventory } from '../../../shared/inventory/inventory.js';
import { matchTargets } from '../../../shared/inventory/observe.js';
import type { FieldMap } from '../../../shared/importers/traffic/json-records.js';
import { LineSources } from '../../../shared/importers/traffic/line-sources.js';
import { compileUserLogFormat, type SniffOptions as TrafficSniffOptions } from '../../../shared/importers/traffic/sniff.js';
import type { TrafficSummary } from '../../../shared/model/traffic.js';
import { importTrafficFile, type TrafficFileImport, type TrafficFileOptions } from '../traffic/import-traffic-file.js';
import { createPseudonymizer, keyCheck } from '../traffic/pseudonymizer.js';
import type { Workspace } from '../workspace/index.js';
import { TrafficStore, type OpenTrafficImport } from '../workspace/traffic-store.js';
import { TOOL } from './tool-info.js';

export interface AuditProgress {
  done: number;
  total: number;
  label: string;
}

/** How traffic evidence is read (auditInputsAsync). */
export interface TrafficAuditOptions {
  /** Mask secrets and personal data in URLs before anything is stored (default true). */
  maskUrls?: boolean;
  /** Pseudonymize client IPs, subnets and principals with HMAC-SHA256 under this key (never stored). */
  pseudonymizeKey?: Buffer;
  /** An NGINX log_format for access logs in a custom format. */
  logFormat?: string;
  /** A field mapping for JSON logs of other shapes. */
  fieldMap?: FieldMap;
}

export interface AuditOptions {
  workspace?: Workspace;
  actor?: string;
  onProgress?: (p: AuditProgress) => void;
  /** Bytes read of a traffic file (for a progress bar by bytes). */
  onBytes?: (file: string, done: number, total: number) => void;
  traffic?: TrafficAuditOptions;
  /** YYYY-MM-DD used to lapse expired risk acceptances; today by default. */
  today?: string;
  /**
   * Traffic the workspace already holds (its stored summaries), fed to the rules as they are
   * instead of re-reading the log: a re-audit keeps its traffic findings, with the same
   * fingerprints, when the log is not read again. The evidence ids join the run.
   */
  storedTraffic?: readonly StoredTraffic[];
}

/** A traffic file imported earlier: its evidence record and the summary stored with it. */
export interface StoredTraffic {
  evidenceId: number;
  name: string;
  sha256: string;
  summary: TrafficSummary;
}

export interface AuditedInput {
  /** The root file as findings cite it. */
  file: string;
  folder: string;
  kind: 'spec' | 'gateway' | 'traffic';
  format: string;
  title?: string;
  /** Operations (spec), routes (gateway) or endpoints observed (traffic). */
  operations: number;
  files: number;
  /** Traffic: requests imported. */
  requests?: number;
}

export interface AuditOutcome {
  result: AuditResult;
  audited: AuditedInput[];
  /** Inputs that could not be audited at all (missing, unreadable, not an API description). */
  problems: InputProblem[];
  ruleFailures: RuleFailure[];
  inventory: Inventory;
  /** The summaries of the traffic files read (time span, volume, top callers… for the report's traffic section). */
  traffic?: TrafficSummary[];
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

/** Specs and gateway configs read, traffic files found (read later, streamed). */
interface Collected {
  startedAt: string;
  roots: EvidenceRoot[];
  problems: InputProblem[];
  specs: (SpecEvidence & { container: EvidenceContainer })[];
  gateways: (GatewayEvidence & { container: EvidenceContainer })[];
  audited: AuditedInput[];
  fail: (container: EvidenceContainer, file: string, e: unknown) => void;
}

function collect(paths: readonly string[], options: AuditOptions): Collected {
  const startedAt = new Date().toISOString();
  const sniff: TrafficSniffOptions = {};
  if (options.traffic?.logFormat) {
    const compiled = compileUserLogFormat(options.traffic.logFormat);
    if (compiled.compiled) sniff.logFormat = compiled.compiled;
  }
  if (options.traffic?.fieldMap) sniff.fieldMap = options.traffic.fieldMap;
  const { roots, problems } = findInputs(paths, { traffic: sniff });
  const specs: Collected['specs'] = [];
  const gateways: Collected['gateways'] = [];
  const audited: AuditedInput[] = [];
  const fail = (container: EvidenceContainer, file: string, e: unknown): void => {
    if (!(e instanceof ImportError)) throw e;
    // Error messages start with the file relative to the container; prefix what the user named.
    const base = container.label.replace(/[\\/]+$/, '');
    problems.push({ input: `${base}/${file}`, message: `${base}/${e.message}` });
  };
  const structured = roots.filter((r) => r.spec || r.gateway);
  structured.forEach((root, i) => {
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
  return { startedAt, roots, problems, specs, gateways, audited, fail };
}

/** One traffic file read during the audit. */
interface TrafficRun {
  root: EvidenceRoot;
  result: TrafficFileImport;
  open?: OpenTrafficImport;
}

/** The evidence record of a traffic file: not the log (it holds unmasked personal data and can be gigabytes) but what identifies it. */
export function trafficManifest(result: TrafficFileImport): Buffer {
  const s = result.summary;
  return Buffer.from(
    JSON.stringify(
      {
        gatehouse: 'traffic-evidence',
        version: 1,
        file: result.file,
        size: result.stream.fileBytes,
        sha256: result.stream.sha256,
        gzip: result.stream.gzip,
        format: s.format,
        privacy: { pseudonymized: s.privacy.pseudonymized, maskedUrls: s.privacy.maskedUrls, ...(s.privacy.keyCheck ? { keyCheck: s.privacy.keyCheck } : {}) },
        note: 'The log itself is not kept in the workspace. Its requests are stored in traffic_batches, masked and pseudonymized as recorded here; this record identifies the original by size and SHA-256.',
      },
      null,
      2,
    ) + '\n',
  );
}

/** Evidence, models and the run, written in the caller's transaction. */
function record(ws: Workspace, c: Collected, traffic: readonly TrafficRun[], findings: Finding[], options: AuditOptions): number {
  const actor = options.actor ?? 'cli';
  const contributed = contributedOf(c);
  const items = [...contributed.values()];
  const added = ws.addEvidence(
    items.map((x) => ({ name: x.name, kind: x.kind, format: x.format.toLowerCase().replace(/[^a-z0-9.+-]/g, '-'), bytes: x.bytes, parseStatus: 'ok' as const })),
    actor,
  );
  items.forEach((x, i) => {
    const a = added[i]!;
    if (x.model && !a.duplicate) ws.saveModel(a.id, x.kind, JSON.stringify(x.model), actor);
  });
  const store = new TrafficStore(ws);
  const trafficIds: number[] = [];
  for (const t of traffic) {
    const [a] = ws.addEvidence(
      [
        {
          name: t.result.file,
          kind: 'traffic',
          format: t.result.summary.format.toLowerCase().replace(/[^a-z0-9.+-]/g, '-'),
          bytes: trafficManifest(t.result),
          parseStatus: t.result.status === 'error' ? 'error' : t.result.status,
          parseErrors: t.result.issues.slice(0, 100).map((i) => ({ message: i.message.slice(0, 10_000), ...(i.line !== undefined ? { line: i.line } : {}) })),
        },
      ],
      actor,
    );
    if (t.open) store.finishImport(t.open, a!.id, a!.duplicate, actor);
    if (!a!.duplicate) ws.saveModel(a!.id, 'traffic', JSON.stringify({ traffic: t.result.summary }), actor);
    trafficIds.push(a!.id);
  }
  return ws.recordRun(
    {
      catalogVersion: CATALOG_VERSION,
      toolVersion: TOOL.version,
      startedAt: c.startedAt,
      endedAt: new Date().toISOString(),
      evidenceIds: [...new Set([...added.map((a) => a.id), ...trafficIds, ...(options.storedTraffic ?? []).map((t) => t.evidenceId)])],
      findings,
    },
    actor,
  );
}

/** Every spec/gateway file that contributed, once (a file can be both a spec and a gateway config). */
function contributedOf(c: Collected): Map<string, { name: string; bytes: Buffer; kind: 'spec' | 'gateway'; format: string; model?: Record<string, unknown> }> {
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
  for (const spec of c.specs)
    for (const file of spec.model.files)
      add(spec.container, file, 'spec', file === spec.model.file ? formatOf(spec.model) : 'openapi-fragment', file === spec.model.file ? specSummary(spec.model) : undefined);
  for (const gw of c.gateways)
    for (const file of gw.config.files)
      add(gw.container, file, 'gateway', file === gw.config.file ? `${gw.config.product}-${gw.config.format}` : `${gw.config.product}-include`, file === gw.config.file ? gatewaySummary(gw.config) : undefined);
  return contributed;
}

function finish(c: Collected, traffic: readonly TrafficRun[], engine: EngineResult, findings: Finding[], runId: number | undefined, options: AuditOptions): AuditOutcome {
  options.onProgress?.({ done: c.roots.length + 1, total: c.roots.length + 1, label: 'done' });
  const evidence = [
    ...[...contributedOf(c).values()].map((x) => ({ name: x.name, sha256: sha256(x.bytes) })),
    ...traffic.map((t) => ({ name: t.result.file, sha256: t.result.stream.sha256 })),
    ...(options.storedTraffic ?? []).map((t) => ({ name: t.name, sha256: t.sha256 })),
  ];
  const result: AuditResult = {
    tool: TOOL,
    findings,
    coverage: computeCoverage(allRules, findings),
    rules: allRules,
    evidence,
  };
  const outcome: AuditOutcome = {
    result,
    audited: c.audited,
    problems: c.problems,
    ruleFailures: engine.ruleFailures,
    // The engine has joined the traffic into the inventory (observed requests, observed-only endpoints).
    inventory: engine.inventory,
  };
  const summaries = [...traffic.map((t) => t.result.summary), ...(options.storedTraffic ?? []).map((t) => t.summary)];
  if (summaries.length) outcome.traffic = summaries;
  if (runId !== undefined) outcome.runId = runId;
  return outcome;
}

/**
 * Audits specs and gateway configs. Traffic files (logs, HAR) are streamed, so they need
 * `auditInputsAsync`; here they are reported as not audited.
 */
export function auditInputs(paths: readonly string[], options: AuditOptions = {}): AuditOutcome {
  const c = collect(paths, options);
  for (const root of c.roots)
    if (root.traffic && !root.spec && !root.gateway)
      c.problems.push({ input: `${root.container.label.replace(/[\\/]+$/, '')}/${root.file}`, message: `${root.file}: traffic evidence is read by the streaming audit (auditInputsAsync; the CLI uses it)` });
  options.onProgress?.({ done: c.roots.length, total: c.roots.length + 1, label: 'running rules' });
  const engine = runRules({ specs: c.specs, gateways: c.gateways }, allRules);
  let findings: Finding[] = engine.findings;
  let runId: number | undefined;
  const ws = options.workspace;
  if (ws) {
    runId = ws.transaction(() => record(ws, c, [], findings, options));
    findings = ws.listFindings(runId, options.today ?? new Date().toISOString().slice(0, 10));
  }
  return finish(c, [], engine, findings, runId, options);
}

/**
 * Audits specs, gateway configs and traffic. Traffic files are streamed (never held whole),
 * each request matched to the inventory of the specs and gateways, and — with a workspace —
 * stored in batches inside the audit's one transaction, so a failure leaves the workspace as
 * it was.
 */
export async function auditInputsAsync(paths: readonly string[], options: AuditOptions = {}): Promise<AuditOutcome> {
  const c = collect(paths, options);
  const trafficRoots = c.roots.filter((r) => r.traffic && !r.spec && !r.gateway);
  const t = options.traffic ?? {};
  const compiled = t.logFormat ? compileUserLogFormat(t.logFormat) : undefined;
  if (compiled?.error) c.problems.push({ input: '--log-format', message: `the log format cannot be used: ${compiled.error}` });
  const inventory = buildInventory(
    c.specs.map((s) => s.model),
    c.gateways.map((g) => g.config),
  );
  const targets = matchTargets(inventory);
  const pseudonymize = t.pseudonymizeKey ? createPseudonymizer(t.pseudonymizeKey) : undefined;
  const check = t.pseudonymizeKey ? keyCheck(t.pseudonymizeKey) : undefined;
  const ws = options.workspace;
  const store = ws ? new TrafficStore(ws) : undefined;

  const run = async (): Promise<{ traffic: TrafficRun[]; engine: EngineResult; runId: number | undefined }> => {
    const traffic: TrafficRun[] = [];
    for (const [i, root] of trafficRoots.entries()) {
      options.onProgress?.({ done: c.audited.length + i, total: c.roots.length + 1, label: `reading ${root.file}` });
      const privacy = { pseudonymized: pseudonymize !== undefined, maskedUrls: t.maskUrls ?? true, ...(check ? { keyCheck: check } : {}) };
      const open = store?.beginImport(root.file, root.traffic!.format, privacy);
      const fileOptions: TrafficFileOptions = { maskUrls: t.maskUrls ?? true, endpoints: targets.endpoints, basePaths: targets.basePaths };
      if (pseudonymize) fileOptions.pseudonymize = pseudonymize;
      if (compiled?.compiled) fileOptions.logFormat = compiled.compiled;
      // Large plain logs are read by two worker threads; they redo the key and the format themselves.
      fileOptions.parallel = {};
      if (t.pseudonymizeKey) fileOptions.parallel.key = t.pseudonymizeKey;
      if (compiled?.compiled && t.logFormat) fileOptions.parallel.logFormat = t.logFormat;
      if (t.fieldMap) fileOptions.fieldMap = t.fieldMap;
      if (open && store) fileOptions.onBatch = (b) => store.addBatch(open, b);
      if (options.onBytes) {
        const onBytes = options.onBytes;
        fileOptions.onProgress = (done, total) => onBytes(root.file, done, total);
      }
      try {
        const result = await importTrafficFile(root.container, root.file, root.traffic, fileOptions);
        if (check) result.summary.privacy.keyCheck = check;
        if (result.status === 'error') {
          if (open) store!.abandonImport(open);
          c.fail(root.container, root.file, new ImportError(root.file, result.error ?? 'nothing could be read'));
          continue;
        }
        traffic.push(open ? { root, result, open } : { root, result });
        c.audited.push({
          file: root.file,
          folder: root.container.label,
          kind: 'traffic',
          format: result.summary.format,
          operations: result.summary.endpoints.length,
          files: 1,
          requests: result.summary.volume.requests,
        });
      } catch (e) {
        if (open) store!.abandonImport(open);
        if (e instanceof ImportError) c.fail(root.container, root.file, e);
        else if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EACCES' || (e as { code?: string }).code === 'Z_DATA_ERROR')
          c.fail(root.container, root.file, new ImportError(root.file, `cannot be read: ${(e as Error).message}`));
        else throw e;
      }
    }
    const stored = options.storedTraffic ?? [];
    for (const s of stored)
      c.audited.push({ file: s.name, folder: 'workspace', kind: 'traffic', format: s.summary.format, operations: s.summary.endpoints.length, files: 1, requests: s.summary.volume.requests });
    options.onProgress?.({ done: c.roots.length, total: c.roots.length + 1, label: 'running rules' });
    const engine = runRules(
      {
        specs: c.specs,
        gateways: c.gateways,
        traffic: [
          ...traffic.map((x) => ({ summary: x.result.summary, sources: x.result.sources })),
          ...stored.map((x) => ({ summary: x.summary, sources: new LineSources(x.summary.files?.length ? x.summary.files : [x.summary.file]) })),
        ],
      },
      allRules,
    );
    const runId = ws ? ws.transaction(() => record(ws, c, traffic, engine.findings, options)) : undefined;
    return { traffic, engine, runId };
  };

  const { traffic, engine, runId } = ws ? await ws.transactionAsync(run) : await run();
  const findings = ws && runId !== undefined ? ws.listFindings(runId, options.today ?? new Date().toISOString().slice(0, 10)) : engine.findings;
  return finish(c, traffic, engine, findings, runId, options);
}
