/**
 * The contract implemented: one async function per entry of shared/api/contract.ts, Electron-free,
 * so main (over IPC) and the test transport (over HTTP) serve the very same services.
 *
 * Calls come from a *client* (a window; the test transport's page). Each client has at most one
 * workspace open, the paths the user granted it (dialogs, the recent list) and its jobs. A
 * workspace is open in one client at a time, and the lock file beside it keeps other processes
 * out. Long work goes to the job runner (a worker thread per job) and reports back as events.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { OutputOf, ParsedInputOf } from '../../../shared/api/contract.js';
import type { ContractName } from '../../../shared/api/names.js';
import type { GatehouseEvent } from '../../../shared/api/events.js';
import { JobOutcome, JobResult, type JobKind } from '../../../shared/api/schemas/jobs.js';
import type { IdentitySummary } from '../../../shared/api/schemas/identities.js';
import type { DialogPurpose } from '../../../shared/api/schemas/app.js';
import { SavedFilter } from '../../../shared/api/schemas/findings.js';
import type { SavedFilterRecord } from '../workspace/index.js';
import { CATALOG_VERSION, CATALOGS } from '../../../shared/controls/index.js';
import type { Finding } from '../../../shared/model/finding.js';
import { findChecklistItem } from '../../../shared/report/checklist.js';
import { allRules } from '../../../shared/rules/index.js';
import { Workspace } from '../workspace/index.js';
import { queryFindings } from './findings-query.js';
import { IdentityStore } from './identity-store.js';
import { JobRunner, type Job, type JobRunnerOptions, type RawOutcome } from './jobs/job-runner.js';
import type { JobSpec } from './jobs/job-protocol.js';
import { PathGrants } from './path-grants.js';
import { popplerRasterizer, type PdfRasterizer } from './pdf-preview.js';
import { normalize, RecentWorkspaces } from './recent-workspaces.js';
import { buildSample, findSamplesDir, sampleFile } from './sample-workspace.js';
import { verifyReport } from './report-service.js';
import { ServiceError } from './service-error.js';
import { TOOL } from './tool-info.js';
import { describeHolder, inspectLock, LockError, WorkspaceLock, type LockOptions } from './workspace-lock.js';
import {
  checklistView,
  controlLookup,
  coverageView,
  evidenceList,
  findingDetail,
  inventoryView,
  latestRun,
  logPage,
  logVerification,
  NOTE_ACTION,
  verificationView,
  workspaceInfo,
} from './workspace-views.js';

/** Who is calling: a window (its webContents id) or the test transport's page. */
export interface CallContext {
  client: string;
}

export type ServiceFn<N extends ContractName> = (input: ParsedInputOf<N>, ctx: CallContext) => Promise<OutputOf<N>>;
export type Services = { [N in ContractName]: ServiceFn<N> };

/** What the host (Electron main, the test transport) provides that Node alone cannot. */
export interface ServiceHost {
  /** A native dialog; resolves to the chosen paths ([] when cancelled). */
  pick?(client: string, request: { purpose: DialogPurpose; defaultName?: string }): Promise<string[]>;
  /** Asks the user, then opens the link in the system browser; resolves whether it did. */
  openExternal?(client: string, url: string): Promise<boolean>;
}

export interface ServicesOptions {
  /** Where the recent list and signing identities live (Electron's app.getPath('userData')). */
  userDataDir: string;
  host?: ServiceHost;
  jobs?: JobRunnerOptions;
  lock?: LockOptions;
  rasterize?: PdfRasterizer;
  /** Largest PDF reports.verify reads. */
  maxPdfBytes?: number;
  /** Where the sample evidence is (assets/samples; found beside the app by default). */
  samplesDir?: string;
}

export interface AppServices {
  services: Services;
  /** Events for one client (a window): job progress and completion, workspace changes. */
  onEvent(listener: (client: string, event: GatehouseEvent) => void): () => void;
  /** A path the user chose outside the contract (a file opened from the system). */
  grantFile(client: string, file: string): void;
  grantFolder(client: string, folder: string): void;
  /** The window closed: cancel its jobs, close its workspace, release the lock. */
  closeClient(client: string): Promise<void>;
  /** App quit: every client closed. */
  dispose(): Promise<void>;
  readonly runner: JobRunner;
}

interface OpenWorkspace {
  file: string;
  ws: Workspace;
  lock: WorkspaceLock;
  /** Bumped on every change, so cached views know they are stale. */
  version: number;
  findings?: { key: string; runId: number | null; list: Finding[] };
  /** Where this app wrote reports, by SHA-256 (the workspace keeps only the file name). */
  reportFiles: Map<string, string>;
}

interface Session {
  client: string;
  grants: PathGrants;
  open: OpenWorkspace | null;
}

interface TrackedJob {
  job: Job;
  client: string;
  kind: JobKind;
  label: string;
  workspace: string;
  /** Report jobs: the output did not exist before, so a cancelled job removes what it left. */
  cleanup?: string;
}

const DEFAULT_ACTOR = 'auditor';

function localDate(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function fileStamp(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${localDate(date)}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** A stored filter in the contract's shape; one written by another build that does not fit is left out. */
function savedFilterView(record: SavedFilterRecord): z.output<typeof SavedFilter>[] {
  const parsed = SavedFilter.safeParse(record);
  return parsed.success ? [parsed.data] : [];
}

export function createServices(options: ServicesOptions): AppServices {
  const recent = new RecentWorkspaces(options.userDataDir);
  const identities = new IdentityStore(options.userDataDir);
  const runner = new JobRunner(options.jobs);
  const rasterize = options.rasterize ?? popplerRasterizer;
  const maxPdfBytes = options.maxPdfBytes ?? 512 * 1024 * 1024;
  const sessions = new Map<string, Session>();
  /** normalized workspace path → client that has it open. */
  const openBy = new Map<string, string>();
  const jobs = new Map<string, TrackedJob>();
  const listeners = new Set<(client: string, event: GatehouseEvent) => void>();

  const emit = (client: string, event: GatehouseEvent): void => {
    for (const l of listeners) l(client, event);
  };

  const session = (client: string): Session => {
    let s = sessions.get(client);
    if (!s) sessions.set(client, (s = { client, grants: new PathGrants(), open: null }));
    return s;
  };

  const need = (ctx: CallContext): OpenWorkspace => {
    const open = session(ctx.client).open;
    if (!open || !open.ws.isOpen) throw new ServiceError('no-workspace', 'No workspace is open in this window: create or open one first.');
    return open;
  };

  const changed = (open: OpenWorkspace, client: string, what: Extract<GatehouseEvent, { type: 'workspace.changed' }>['what']): void => {
    open.version += 1;
    emit(client, { type: 'workspace.changed', file: open.file, what });
  };

  /**
   * A job holds the workspace's write transaction while it works (a traffic audit can hold it for
   * minutes); a write from main would wait on SQLite's busy timeout with the main thread blocked.
   * So writes are refused at once while a job runs on the workspace; reads always work (WAL).
   */
  const writable = (open: OpenWorkspace): OpenWorkspace => {
    const busy = [...jobs.values()].find((t) => t.workspace === open.file && t.job.state === 'running');
    if (busy) throw new ServiceError('busy', `The ${busy.kind} running on this workspace (${busy.label}) is writing to it; try again when it finishes, or cancel it.`);
    return open;
  };

  const actorFor = (open: OpenWorkspace, actor: string | undefined): string => actor ?? (open.ws.getMeta().auditor.trim() || DEFAULT_ACTOR);

  const requireGranted = (ctx: CallContext, target: string, what: string, alsoRecent = false): string => {
    if (!path.isAbsolute(target)) throw new ServiceError('invalid-input', `${what} must be an absolute path (got ${target})`);
    const resolved = path.resolve(target);
    if (session(ctx.client).grants.allows(resolved) || (alsoRecent && recent.has(resolved))) return resolved;
    throw new ServiceError('not-allowed', `${resolved} was not chosen in this window; pick it with the ${what === 'workspace' ? 'open dialog or the recent list' : 'dialog'} first.`);
  };

  /** Runs' findings with today's triage, cached until the workspace changes or the day does. */
  const findingsOf = (open: OpenWorkspace, runId?: number): { runId: number | null; list: Finding[] } => {
    const id = runId ?? latestRun(open.ws)?.id ?? null;
    const today = localDate();
    const key = `${id}:${open.version}:${today}`;
    if (open.findings?.key === key) return open.findings;
    const list = id === null ? [] : open.ws.listFindings(id, today);
    open.findings = { key, runId: id, list };
    return open.findings;
  };

  // ---- workspaces -----------------------------------------------------------------------------

  const closeOpen = async (client: string): Promise<boolean> => {
    const s = session(client);
    const open = s.open;
    if (!open) return false;
    await Promise.all(
      [...jobs.values()].filter((t) => t.workspace === open.file && t.job.state === 'running').map((t) => runner.cancel(t.job.id)),
    );
    s.open = null;
    openBy.delete(normalize(open.file));
    try {
      open.ws.close();
    } finally {
      open.lock.release();
    }
    emit(client, { type: 'workspace.changed', file: open.file, what: 'closed' });
    return true;
  };

  const adopt = async (ctx: CallContext, file: string, make: (lock: WorkspaceLock) => Workspace): Promise<OpenWorkspace> => {
    const key = normalize(file);
    const holder = openBy.get(key);
    if (holder !== undefined && holder !== ctx.client) {
      throw new ServiceError('locked', `${file} is already open in another Gatehouse window; switch to that window or close the workspace there.`);
    }
    const s = session(ctx.client);
    if (s.open && normalize(s.open.file) === key) return s.open;
    let lock: WorkspaceLock;
    try {
      lock = WorkspaceLock.acquire(file, options.lock);
    } catch (error) {
      if (error instanceof LockError) throw new ServiceError('locked', error.message);
      throw error;
    }
    let ws: Workspace;
    try {
      ws = make(lock);
    } catch (error) {
      lock.release();
      throw error;
    }
    await closeOpen(ctx.client);
    const open: OpenWorkspace = { file: ws.file, ws, lock, version: 0, reportFiles: new Map() };
    s.open = open;
    openBy.set(key, ctx.client);
    const meta = ws.getMeta();
    try {
      recent.touch({ file: ws.file, name: meta.name, client: meta.client, openedAt: new Date().toISOString() });
    } catch {
      /* the recent list is a convenience */
    }
    s.grants.grantFile(ws.file);
    emit(ctx.client, { type: 'workspace.changed', file: ws.file, what: 'opened' });
    return open;
  };

  const lockStatus = (file: string): OutputOf<'workspace.lockStatus'> => {
    const owner = openBy.get(normalize(file));
    const state = inspectLock(file, options.lock);
    if (state.state === 'free') return { state: 'free', holder: null, message: 'Not open anywhere.' };
    const holder = state.holder && {
      pid: state.holder.pid,
      host: state.holder.host,
      acquiredAt: state.holder.acquiredAt,
      heartbeatAt: state.heartbeatAt.toISOString(),
    };
    if (state.state === 'stale') return { state: 'stale', holder, message: `A lock was left behind (${state.why}); opening recovers it.` };
    if (state.ours || owner !== undefined) return { state: 'held-here', holder, message: 'Open in a window of this Gatehouse.' };
    return { state: 'held', holder, message: `Open in ${describeHolder(state.holder)}.` };
  };

  // ---- jobs -----------------------------------------------------------------------------------

  const toOutcome = (tracked: TrackedJob, raw: RawOutcome): z.output<typeof JobOutcome> => {
    const base = { jobId: tracked.job.id, kind: tracked.kind };
    if (raw.state === 'cancelled') return { state: 'cancelled', ...base };
    if (raw.state === 'failed') return { state: 'failed', ...base, error: raw.error };
    const parsed = JobResult.safeParse(raw.result);
    if (!parsed.success) return { state: 'failed', ...base, error: { code: 'invalid-output', message: `the ${tracked.kind} job returned an unexpected result` } };
    return { state: 'done', ...base, result: parsed.data };
  };

  runner.listen({
    progress(job, progress) {
      const tracked = jobs.get(job.id);
      if (tracked) emit(tracked.client, { type: 'job.progress', jobId: job.id, kind: tracked.kind, progress });
    },
    finished(job, raw) {
      const tracked = jobs.get(job.id);
      if (!tracked) return;
      const outcome = toOutcome(tracked, raw);
      if (outcome.state === 'done' && outcome.result.kind === 'report') {
        const open = session(tracked.client).open;
        open?.reportFiles.set(outcome.result.sha256, outcome.result.file);
        session(tracked.client).grants.grantFile(outcome.result.file);
      }
      if (outcome.state === 'cancelled' && tracked.cleanup) fs.rmSync(tracked.cleanup, { force: true });
      const open = session(tracked.client).open;
      if (open && open.file === tracked.workspace) {
        changed(open, tracked.client, tracked.kind === 'import' ? 'evidence' : tracked.kind === 'audit' ? 'run' : 'report');
      }
      emit(tracked.client, { type: 'job.finished', jobId: job.id, kind: tracked.kind, outcome });
    },
  });

  const startJob = (ctx: CallContext, open: OpenWorkspace, kind: JobKind, label: string, spec: JobSpec, cleanup?: string): { jobId: string } => {
    const busy = [...jobs.values()].find((t) => t.workspace === open.file && t.job.state === 'running');
    if (busy) throw new ServiceError('busy', `Wait for the running ${busy.kind} (${busy.label}) to finish, or cancel it.`);
    runner.prune();
    for (const [id, t] of jobs) if (runner.get(id) === undefined && t.job.state !== 'running') jobs.delete(id);
    const job = runner.start(spec);
    const tracked: TrackedJob = { job, client: ctx.client, kind, label, workspace: open.file, ...(cleanup ? { cleanup } : {}) };
    jobs.set(job.id, tracked);
    emit(ctx.client, { type: 'job.started', jobId: job.id, kind, label });
    return { jobId: job.id };
  };

  const ownJob = (ctx: CallContext, jobId: string): TrackedJob => {
    const tracked = jobs.get(jobId);
    if (!tracked || tracked.client !== ctx.client) throw new ServiceError('not-found', `There is no job ${jobId} in this window.`);
    return tracked;
  };

  const reportFileOf = (open: OpenWorkspace, record: { sha256: string; fileName: string }): string | null => {
    const known = open.reportFiles.get(record.sha256);
    if (known) return known;
    const beside = path.join(path.dirname(open.file), record.fileName);
    return fs.existsSync(beside) ? beside : null;
  };

  // ---- the contract ---------------------------------------------------------------------------

  let sampleBuild: Promise<void> | null = null;

  const services: Services = {
    'app.info': async () => ({
      name: TOOL.name,
      version: TOOL.version,
      catalogVersion: CATALOG_VERSION,
      catalogs: CATALOGS.map((c) => ({ id: c.id, title: c.title, version: c.version, requirements: c.requirements.length })),
      rules: allRules.length,
      platform: process.platform,
    }),

    'app.openExternal': async ({ url }, ctx) => {
      if (!options.host?.openExternal) throw new ServiceError('not-available', 'Opening links is not available here.');
      return { opened: await options.host.openExternal(ctx.client, url) };
    },

    'dialogs.pick': async (input, ctx) => {
      if (!options.host?.pick) throw new ServiceError('not-available', 'Native dialogs are not available here.');
      const paths = (await options.host.pick(ctx.client, input.defaultName === undefined ? { purpose: input.purpose } : { purpose: input.purpose, defaultName: input.defaultName }))
        .filter((p) => path.isAbsolute(p))
        .map((p) => path.resolve(p));
      const grants = session(ctx.client).grants;
      for (const p of paths) {
        if (input.purpose === 'evidence-folder') grants.grantFolder(p);
        else grants.grantFile(p);
      }
      return { paths };
    },

    'workspace.create': async ({ file, meta }, ctx) => {
      const target = requireGranted(ctx, file, 'the new workspace file');
      if (fs.existsSync(target)) throw new ServiceError('already-exists', `${target} already exists; choose another name or open it instead.`);
      const open = await adopt(ctx, target, () => {
        const ws = Workspace.open(target, { create: true });
        try {
          ws.init(meta);
          return ws;
        } catch (error) {
          ws.close();
          for (const suffix of ['', '-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
          throw error;
        }
      });
      return workspaceInfo(open.ws);
    },

    'workspace.open': async ({ file }, ctx) => {
      const target = requireGranted(ctx, file, 'workspace', true);
      const open = await adopt(ctx, target, () => Workspace.open(target, { create: false }));
      return workspaceInfo(open.ws);
    },

    'workspace.current': async (_input, ctx) => {
      const open = session(ctx.client).open;
      return { workspace: open && open.ws.isOpen ? workspaceInfo(open.ws) : null };
    },

    'workspace.recent': async () => ({
      items: recent.list().map((e) => ({ ...e, exists: fs.existsSync(e.file), lock: lockStatus(e.file) })),
    }),

    'workspace.forgetRecent': async ({ file }) => ({ removed: recent.remove(file) }),

    'workspace.close': async (_input, ctx) => ({ closed: await closeOpen(ctx.client) }),

    'workspace.meta': async (_input, ctx) => need(ctx).ws.getMeta(),

    'workspace.updateMeta': async ({ patch, actor }, ctx) => {
      const open = writable(need(ctx));
      const meta = open.ws.updateMeta(patch, actor);
      changed(open, ctx.client, 'meta');
      try {
        recent.touch({ file: open.file, name: meta.name, client: meta.client, openedAt: new Date().toISOString() });
      } catch {
        /* convenience only */
      }
      return meta;
    },

    'workspace.lockStatus': async ({ file }, ctx) => lockStatus(requireGranted(ctx, file, 'workspace', true)),

    'workspace.openSample': async ({ fresh }, ctx) => {
      const file = sampleFile(options.userDataDir);
      if (fresh && fs.existsSync(file)) {
        const mine = session(ctx.client).open;
        if (mine && normalize(mine.file) === normalize(file)) await closeOpen(ctx.client);
        const status = lockStatus(file);
        if (status.state === 'held' || status.state === 'held-here') throw new ServiceError('locked', `The sample workspace is open in another window (${status.message}); close it there first.`);
        for (const suffix of ['', '-wal', '-shm', '.lock']) fs.rmSync(file + suffix, { force: true });
      }
      if (!fs.existsSync(file)) {
        sampleBuild ??= buildSample(runner, file, options.samplesDir ?? findSamplesDir()).finally(() => {
          sampleBuild = null;
        });
        await sampleBuild;
      }
      const open = await adopt(ctx, file, () => Workspace.open(file, { create: false }));
      return workspaceInfo(open.ws);
    },

    'evidence.import': async ({ paths }, ctx) => {
      const open = need(ctx);
      const inputs = paths.map((p) => {
        const resolved = requireGranted(ctx, p, 'evidence');
        return { path: resolved, label: resolved };
      });
      const label = inputs.length === 1 ? path.basename(inputs[0]!.path) : `${inputs.length} files and folders`;
      return startJob(ctx, open, 'import', `importing ${label}`, { kind: 'import', workspace: open.file, inputs, actor: actorFor(open, undefined) });
    },

    'evidence.importDropped': async ({ files }, ctx) => {
      const open = need(ctx);
      const bytes = files.reduce((n, f) => n + (f.base64.length * 3) / 4, 0);
      if (bytes > 400 * 1024 * 1024) throw new ServiceError('invalid-input', 'files: the drop is larger than 400 MB; import the folder with the dialog instead');
      const label = files.length === 1 ? files[0]!.path : `${files.length} dropped files`;
      return startJob(ctx, open, 'import', `importing ${label}`, { kind: 'import-dropped', workspace: open.file, files, actor: actorFor(open, undefined) });
    },

    'evidence.list': async (_input, ctx) => ({ items: evidenceList(need(ctx).ws) }),

    'audit.run': async ({ actor, traffic }, ctx) => {
      const open = need(ctx);
      return startJob(ctx, open, 'audit', 'auditing the evidence', { kind: 'audit', workspace: open.file, actor: actorFor(open, actor), traffic });
    },

    'audit.runs': async (_input, ctx) => ({ items: need(ctx).ws.listRuns() }),

    'jobs.wait': async ({ jobId }, ctx) => {
      const tracked = ownJob(ctx, jobId);
      return toOutcome(tracked, await tracked.job.outcome);
    },

    'jobs.cancel': async ({ jobId }, ctx) => ({ cancelled: await runner.cancel(ownJob(ctx, jobId).job.id) }),

    'jobs.list': async (_input, ctx) => ({
      items: [...jobs.values()]
        .filter((t) => t.client === ctx.client && runner.get(t.job.id) !== undefined)
        .map((t) => ({
          jobId: t.job.id,
          kind: t.kind,
          label: t.label,
          workspace: t.workspace,
          startedAt: t.job.startedAt,
          state: t.job.state,
          progress: t.job.progress,
        })),
    }),

    'findings.list': async (query, ctx) => {
      const open = need(ctx);
      const { runId, list } = findingsOf(open, query.runId);
      return queryFindings(runId, list, query, controlLookup);
    },

    'findings.get': async ({ fingerprint, runId, radius }, ctx) => {
      const open = need(ctx);
      const found = findingsOf(open, runId);
      const finding = found.list.find((f) => f.fingerprint === fingerprint);
      if (!finding) throw new ServiceError('not-found', `There is no finding ${fingerprint} in run ${found.runId ?? '(none yet)'}.`);
      const run = open.ws.listRuns().find((r) => r.id === found.runId) ?? null;
      return findingDetail(open.ws, run, finding, radius);
    },

    'findings.triage': async ({ fingerprint, status, reason, expires, actor }, ctx) => {
      const open = writable(need(ctx));
      const decision = open.ws.setTriage(fingerprint, { status, reason, ...(expires != null ? { expires } : {}), actor: actorFor(open, actor) });
      changed(open, ctx.client, 'triage');
      return decision;
    },

    'findings.filters': async (_input, ctx) => ({ items: need(ctx).ws.listSavedFilters().flatMap((f) => savedFilterView(f)) }),

    'findings.saveFilter': async ({ name, state, actor }, ctx) => {
      const open = writable(need(ctx));
      const saved = open.ws.saveFilter(name, state, actorFor(open, actor));
      changed(open, ctx.client, 'filters');
      const view = savedFilterView(saved);
      if (!view.length) throw new ServiceError('internal', `the filter ${name} was saved but cannot be read back`);
      return view[0]!;
    },

    'findings.deleteFilter': async ({ name, actor }, ctx) => {
      const open = writable(need(ctx));
      const deleted = open.ws.deleteFilter(name, actorFor(open, actor));
      if (deleted) changed(open, ctx.client, 'filters');
      return { deleted };
    },

    'findings.addNote': async ({ fingerprint, text, actor }, ctx) => {
      const open = writable(need(ctx));
      if (!findingsOf(open).list.some((f) => f.fingerprint === fingerprint)) {
        throw new ServiceError('not-found', `There is no finding ${fingerprint} in the latest run.`);
      }
      const entry = open.ws.appendLog(NOTE_ACTION, { fingerprint, text }, actorFor(open, actor));
      changed(open, ctx.client, 'note');
      return { seq: entry.seq, at: entry.at, actor: entry.actor, text };
    },

    'inventory.get': async (_input, ctx) => {
      const open = need(ctx);
      const { runId, list } = findingsOf(open);
      const run = runId === null ? null : (open.ws.listRuns().find((r) => r.id === runId) ?? null);
      return inventoryView(open.ws, run, list);
    },

    'controls.coverage': async ({ catalog, runId }, ctx) => {
      const open = need(ctx);
      const found = findingsOf(open, runId);
      const run = found.runId === null ? null : (open.ws.listRuns().find((r) => r.id === found.runId) ?? null);
      return coverageView(open.ws, run, found.list, catalog);
    },

    'checklist.items': async (_input, ctx) => ({ items: checklistView(need(ctx).ws) }),

    'checklist.answer': async ({ itemId, answer, note, evidenceIds, actor }, ctx) => {
      const open = writable(need(ctx));
      if (!findChecklistItem(itemId)) throw new ServiceError('not-found', `There is no checklist item ${itemId}.`);
      const saved = open.ws.answerChecklist(itemId, answer, note, actorFor(open, actor), evidenceIds);
      changed(open, ctx.client, 'checklist');
      return saved;
    },

    'reports.generate': async (input, ctx) => {
      const open = need(ctx);
      const outFile =
        input.outFile !== undefined
          ? requireGranted(ctx, input.outFile, 'the report file')
          : path.join(path.dirname(open.file), `${path.basename(open.file).replace(/\.[^.]+$/, '')}-report-${fileStamp()}.pdf`);
      if (!/\.pdf$/i.test(outFile)) throw new ServiceError('invalid-input', 'outFile: a report is written to a .pdf file');
      if (!input.overwrite && fs.existsSync(outFile)) throw new ServiceError('already-exists', `${outFile} already exists; choose another name or allow overwriting.`);
      const sign = input.identity ? { p12: new Uint8Array(identities.p12(input.identity.fingerprint)), passphrase: input.identity.passphrase } : undefined;
      const spec: JobSpec = {
        kind: 'report',
        workspace: open.file,
        outFile,
        overwrite: input.overwrite,
        ...(input.sections ? { sections: input.sections } : {}),
        ...(input.classification !== undefined ? { classification: input.classification } : {}),
        ...(sign ? { sign } : {}),
        actor: actorFor(open, input.actor),
      };
      return startJob(ctx, open, 'report', `writing ${path.basename(outFile)}`, spec, fs.existsSync(outFile) ? undefined : outFile);
    },

    'reports.verify': async ({ file }, ctx) => {
      const target = requireGranted(ctx, file, 'the PDF');
      const size = fs.statSync(target).size;
      if (size > maxPdfBytes) throw new ServiceError('invalid-input', `file: ${target} is larger than ${Math.round(maxPdfBytes / 1024 / 1024)} MB`);
      const open = session(ctx.client).open;
      const trusted = identities.trustedCertsPem();
      const verification = verifyReport(fs.readFileSync(target), {
        ...(open && open.ws.isOpen ? { workspace: open.ws } : {}),
        ...(trusted.length > 0 ? { trustedCertsPem: trusted } : {}),
      });
      return verificationView(target, verification);
    },

    'reports.list': async (_input, ctx) => {
      const open = need(ctx);
      return {
        items: open.ws.listReports().map((r) => {
          const file = reportFileOf(open, r);
          if (file) session(ctx.client).grants.grantFile(file);
          return { ...r, file };
        }),
      };
    },

    'reports.preview': async ({ file, page, width }, ctx) => {
      const target = requireGranted(ctx, file, 'the PDF');
      const image = await rasterize(target, page, width);
      return { file: target, page, pageCount: image.pageCount, image: `data:image/png;base64,${image.png.toString('base64')}`, width: image.width, height: image.height };
    },

    'identities.create': async (input) => {
      const job = runner.start({ kind: 'identity', userDataDir: options.userDataDir, identity: input });
      const raw = await job.outcome;
      if (raw.state === 'done') return raw.result as IdentitySummary;
      if (raw.state === 'failed') throw new ServiceError(raw.error.code, raw.error.message);
      throw new ServiceError('cancelled', 'Creating the identity was cancelled.');
    },

    'identities.list': async () => ({ items: identities.list().map(({ certPem: _pem, ...summary }) => summary) }),

    'auditLog.list': async (input, ctx) => logPage(need(ctx).ws, input),

    'auditLog.verify': async (_input, ctx) => logVerification(need(ctx).ws),
  };

  return {
    services,
    runner,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    grantFile: (client, file) => session(client).grants.grantFile(path.resolve(file)),
    grantFolder: (client, folder) => session(client).grants.grantFolder(path.resolve(folder)),
    async closeClient(client) {
      await Promise.all([...jobs.values()].filter((t) => t.client === client && t.job.state === 'running').map((t) => runner.cancel(t.job.id)));
      await closeOpen(client);
      sessions.delete(client);
    },
    async dispose() {
      await runner.stopAll();
      for (const client of [...sessions.keys()]) await closeOpen(client);
      sessions.clear();
    },
  };
}


