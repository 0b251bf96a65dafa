/**
 * Main's side of long work: each job runs in its own worker thread, so the main process (and
 * with it every window) stays responsive, a job can be stopped at any moment, and a job that
 * crashes takes nothing with it.
 *
 * Cancel: main raises the CANCEL flag; the worker stops at its next step and rolls back. If it
 * does not within `cancelGraceMs` (a long parse or rule run has no steps), main stops the thread;
 * that is safe too while the job has not committed (SQLite undoes an open transaction when the
 * thread's connection closes). Once the job committed, cancelling is refused and it completes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { ApiError } from '../../../../shared/api/envelope.js';
import { ServiceError } from '../service-error.js';
import { CANCEL, PHASE, PHASE_COMMITTED, type JobSpec, type Progress, type WorkerMessage } from './job-protocol.js';

export type RawOutcome = { state: 'done'; result: unknown } | { state: 'failed'; error: ApiError } | { state: 'cancelled' };

export interface JobRunnerOptions {
  /** The worker's entry (tests wrap it); default the compiled job-worker.js. */
  workerScript?: URL;
  cancelGraceMs?: number;
  resourceLimits?: ResourceLimits;
  /** Minimum time between two progress reports of one job (the last one always goes out). */
  progressIntervalMs?: number;
}

export interface Job {
  readonly id: string;
  readonly spec: JobSpec;
  readonly startedAt: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  progress: Progress | null;
  readonly outcome: Promise<RawOutcome>;
}

export interface JobListener {
  progress?(job: Job, progress: Progress): void;
  finished?(job: Job, outcome: RawOutcome): void;
}

interface Internal extends Job {
  worker: Worker;
  control: Int32Array;
  settled: boolean;
  terminatedByCancel: boolean;
  lastProgressAt: number;
  pendingProgress: NodeJS.Timeout | undefined;
}

/** The compiled worker beside this module, or (running from TypeScript sources, as the tests do) the one in build/. */
export function defaultWorkerScript(): URL {
  const here = new URL('./job-worker.js', import.meta.url);
  if (fs.existsSync(fileURLToPath(here))) return here;
  const source = fileURLToPath(import.meta.url);
  const marker = path.join('electron', 'node', 'services', 'jobs');
  const at = source.lastIndexOf(marker);
  const built = at === -1 ? '' : path.join(source.slice(0, at), 'build', marker, 'job-worker.js');
  if (built && fs.existsSync(built)) return pathToFileURL(built);
  throw new ServiceError('not-available', `The job worker is not built (looked for ${built || here.pathname}); run "npm run build".`);
}

let sequence = 0;

export class JobRunner {
  private readonly jobs = new Map<string, Internal>();
  private readonly listeners = new Set<JobListener>();
  private readonly options: Required<Omit<JobRunnerOptions, 'workerScript' | 'resourceLimits'>> & Pick<JobRunnerOptions, 'workerScript' | 'resourceLimits'>;

  constructor(options: JobRunnerOptions = {}) {
    this.options = { cancelGraceMs: 3_000, progressIntervalMs: 100, ...options };
  }

  listen(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  running(): Job[] {
    return [...this.jobs.values()].filter((j) => j.state === 'running');
  }

  start(spec: JobSpec): Job {
    const script = this.options.workerScript ?? defaultWorkerScript();
    const control = new Int32Array(new SharedArrayBuffer(8));
    const id = `job-${Date.now().toString(36)}-${(++sequence).toString(36)}`;
    const worker = new Worker(script, {
      workerData: { spec, control: control.buffer },
      ...(this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {}),
    });
    let resolve!: (o: RawOutcome) => void;
    const outcome = new Promise<RawOutcome>((r) => (resolve = r));
    const job: Internal = {
      id,
      spec,
      startedAt: new Date().toISOString(),
      state: 'running',
      progress: null,
      outcome,
      worker,
      control,
      settled: false,
      terminatedByCancel: false,
      lastProgressAt: 0,
      pendingProgress: undefined,
    };
    this.jobs.set(id, job);

    const settle = (o: RawOutcome): void => {
      if (job.settled) return;
      job.settled = true;
      if (job.pendingProgress) clearTimeout(job.pendingProgress);
      job.state = o.state;
      for (const l of this.listeners) l.finished?.(job, o);
      resolve(o);
    };
    let crash: string | undefined;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') this.reportProgress(job, message.progress);
      else if (message.type === 'done') settle({ state: 'done', result: message.result });
      else if (message.type === 'failed') settle({ state: 'failed', error: message.error });
      else settle({ state: 'cancelled' });
    });
    worker.on('error', (error) => {
      crash = error.message;
    });
    worker.on('exit', (code) => {
      if (job.settled) return;
      const committed = Atomics.load(control, PHASE) === PHASE_COMMITTED;
      if (job.terminatedByCancel) {
        settle(
          committed
            ? { state: 'failed', error: { code: 'cancelled', message: 'The job was stopped just after it saved its results; reload to see them.' } }
            : { state: 'cancelled' },
        );
        return;
      }
      const why = crash ?? `the worker exited with code ${code}`;
      settle({
        state: 'failed',
        error: {
          code: 'worker-crashed',
          message: committed
            ? `The job crashed after saving its results (${why}).`
            : `The job crashed (${why}). Nothing was saved: the workspace is as it was before.`,
        },
      });
    });
    return job;
  }

  /** Asks a job to stop; resolves true when it ended cancelled (nothing kept). */
  async cancel(id: string): Promise<boolean> {
    const job = this.jobs.get(id);
    if (!job || job.settled) return false;
    Atomics.store(job.control, CANCEL, 1);
    if (Atomics.load(job.control, PHASE) === PHASE_COMMITTED) return (await job.outcome).state === 'cancelled';
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), this.options.cancelGraceMs).unref());
    const first = await Promise.race([job.outcome, timer]);
    if (first === 'timeout' && !job.settled && Atomics.load(job.control, PHASE) !== PHASE_COMMITTED) {
      job.terminatedByCancel = true;
      await job.worker.terminate();
    }
    return (await job.outcome).state === 'cancelled';
  }

  /** Stops every job (app quit): they end cancelled or crashed, never half-written. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.jobs.values()].filter((j) => !j.settled).map((j) => this.cancel(j.id)));
  }

  /** Forgets finished jobs older than `keepMs`. */
  prune(keepMs = 10 * 60_000): void {
    const cutoff = Date.now() - keepMs;
    for (const [id, job] of this.jobs) if (job.settled && Date.parse(job.startedAt) < cutoff) this.jobs.delete(id);
  }

  private reportProgress(job: Internal, progress: Progress): void {
    job.progress = progress;
    const emit = () => {
      job.pendingProgress = undefined;
      job.lastProgressAt = Date.now();
      if (job.progress) for (const l of this.listeners) l.progress?.(job, job.progress);
    };
    const wait = job.lastProgressAt + this.options.progressIntervalMs - Date.now();
    if (progress.done >= progress.total || wait <= 0) {
      if (job.pendingProgress) clearTimeout(job.pendingProgress);
      emit();
    } else if (!job.pendingProgress) {
      job.pendingProgress = setTimeout(emit, wait);
    }
  }
}
