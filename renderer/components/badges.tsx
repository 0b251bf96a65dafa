/** Severity, status and yes/no marks: a colour and always a word (never colour alone). */
import type { FindingStatus, Severity } from '../../shared/model/finding.js';
import { SEVERITY_LABEL, STATUS_LABEL } from '../app/vocabulary.js';

export function SeverityBadge({ severity, count }: { severity: Severity; count?: number }) {
  return (
    <span className={`badge sev sev-${severity}`}>
      {SEVERITY_LABEL[severity]}
      {count !== undefined && <span className="badge-count">{count.toLocaleString()}</span>}
    </span>
  );
}

export function StatusBadge({ status }: { status: FindingStatus | 'confirmed' }) {
  return <span className={`badge status status-${status}`}>{status === 'confirmed' ? 'Confirmed' : STATUS_LABEL[status]}</span>;
}

export function Flag({ on, label }: { on: boolean; label: string }) {
  return (
    <span className={`flag ${on ? 'flag-on' : 'flag-off'}`} title={`${label}: ${on ? 'yes' : 'no'}`}>
      <span aria-hidden="true">{on ? '●' : '○'}</span> {label}
      <span className="visually-hidden">{on ? ' yes' : ' no'}</span>
    </span>
  );
}
