/** An error shown where it happened, in words. */
import { describeError } from '../app/api.js';

export function ErrorNote({ error, title, testId }: { error: unknown; title?: string; testId?: string }) {
  if (error === null || error === undefined) return null;
  return (
    <div className="error-note" role="alert" data-testid={testId ?? 'error-note'}>
      {title && <strong>{title}: </strong>}
      {describeError(error)}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}
