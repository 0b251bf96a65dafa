/**
 * Long work (imports, audits, reports) runs in the services' workers. This keeps what the UI
 * knows about each job of this window — label, progress, outcome — from the job events, and
 * gives screens `runJob(start)`: start the job, follow its progress, resolve with its outcome.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { JobOutcome, JobKind } from '../../shared/api/index.js';
import { call } from './api.js';
import { useGatehouseEvent } from './events.js';

export interface JobView {
  jobId: string;
  kind: JobKind | null;
  label: string;
  progress: { done: number; total: number; label: string } | null;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  outcome: JobOutcome | null;
}

interface JobsApi {
  jobs: ReadonlyMap<string, JobView>;
  /** Starts a job and resolves with its outcome (done, failed or cancelled). */
  runJob(start: () => Promise<{ jobId: string }>, onStarted?: (jobId: string) => void): Promise<JobOutcome>;
  cancel(jobId: string): Promise<void>;
}

const JobsContext = createContext<JobsApi | null>(null);

export function JobsProvider({ children }: { children: ReactNode }) {
  const [jobs, setJobs] = useState<ReadonlyMap<string, JobView>>(new Map());

  const update = useCallback((jobId: string, patch: (job: JobView) => JobView) => {
    setJobs((current) => {
      const next = new Map(current);
      const known = next.get(jobId) ?? { jobId, kind: null, label: '', progress: null, state: 'running', outcome: null };
      next.set(jobId, patch(known));
      return next;
    });
  }, []);

  useGatehouseEvent((event) => {
    if (event.type === 'job.started') update(event.jobId, (j) => ({ ...j, kind: event.kind, label: event.label }));
    else if (event.type === 'job.progress') update(event.jobId, (j) => (j.state === 'running' ? { ...j, kind: event.kind, progress: event.progress } : j));
    else if (event.type === 'job.finished') update(event.jobId, (j) => ({ ...j, kind: event.kind, state: event.outcome.state, outcome: event.outcome }));
  });

  const runJob = useCallback<JobsApi['runJob']>(
    async (start, onStarted) => {
      const { jobId } = await start();
      update(jobId, (j) => j);
      onStarted?.(jobId);
      const outcome = await call('jobs.wait', { jobId });
      update(jobId, (j) => ({ ...j, kind: outcome.kind, state: outcome.state, outcome }));
      return outcome;
    },
    [update],
  );

  const cancel = useCallback(async (jobId: string) => {
    await call('jobs.cancel', { jobId });
  }, []);

  const value = useMemo(() => ({ jobs, runJob, cancel }), [jobs, runJob, cancel]);
  return <JobsContext.Provider value={value}>{children}</JobsContext.Provider>;
}

export function useJobs(): JobsApi {
  const api = useContext(JobsContext);
  if (!api) throw new Error('useJobs outside JobsProvider');
  return api;
}

export function useJob(jobId: string | null): JobView | null {
  const { jobs } = useJobs();
  return jobId === null ? null : (jobs.get(jobId) ?? null);
}
