/** A running job's progress: a bar, what it is doing, and a cancel button. */
import { useJob, useJobs } from '../app/jobs.js';

export function JobProgress({ jobId, testId }: { jobId: string | null; testId?: string }) {
  const job = useJob(jobId);
  const { cancel } = useJobs();
  if (!job || job.state !== 'running') return null;
  const p = job.progress;
  const determinate = p !== null && p.total > 0;
  return (
    <div className="job-progress" role="status" aria-live="polite" data-testid={testId ?? 'job-progress'}>
      <div className="job-progress-text">
        <span>{job.label || 'Working'}</span>
        {p && <span className="muted"> — {p.label}</span>}
        {determinate && (
          <span className="muted">
            {' '}
            ({p.done.toLocaleString()} of {p.total.toLocaleString()})
          </span>
        )}
      </div>
      {determinate ? <progress max={p.total} value={p.done} aria-label={job.label} /> : <progress aria-label={job.label} />}
      <button type="button" className="button button-small" onClick={() => void cancel(job.jobId)}>
        Cancel
      </button>
    </div>
  );
}
