/**
 * The audit log: every change to the workspace, append-only and hash-chained, with the chain's
 * verification — which entry was edited or removed, if any.
 */
import { useState } from 'react';
import type { LogEntry } from '../app/types.js';
import { formatDateTime, plural, shortHash } from '../app/format.js';
import { useCall } from '../app/use-call.js';
import { ErrorNote, Loading } from '../components/error-note.js';

const PAGE = 100;
const EVERY_CHANGE = ['opened', 'meta', 'evidence', 'run', 'triage', 'note', 'checklist', 'report', 'filters'] as const;

type Entry = { seq: number; at: string; actor: string; action: string; details: Record<string, unknown>; prevHash: string; hash: string };

export function AuditLogScreen() {
  const [offset, setOffset] = useState(0);
  const [order, setOrder] = useState<'newest' | 'oldest'>('newest');
  const [action, setAction] = useState('');
  const verification = useCall('auditLog.verify', {}, { refreshOn: EVERY_CHANGE });
  const page = useCall('auditLog.list', { offset, limit: PAGE, order, ...(action ? { action } : {}) }, { refreshOn: EVERY_CHANGE });
  const actions = useCall('auditLog.list', { limit: 1000, order: 'oldest' }, { refreshOn: EVERY_CHANGE });
  const knownActions = [...new Set((actions.data?.items ?? []).map((e) => e.action))].sort();
  const v = verification.data;

  return (
    <div className="audit-log">
      <section className={`panel log-status ${v ? (v.ok ? 'is-valid' : 'is-invalid') : ''}`} aria-labelledby="chain-title" data-testid="log-verification">
        <h3 id="chain-title">Chain</h3>
        {verification.loading && !v && <Loading what="the verification" />}
        <ErrorNote error={verification.error} title="The chain could not be verified" />
        {v && (
          <>
            <p role="status">
              {v.ok ? (
                <>
                  <strong className="ok-text">✓ Intact</strong>: {plural(v.entries, 'entry', 'entries')}, each hash chained to the one before; none edited or removed.
                </>
              ) : (
                <>
                  <strong className="danger-text">✗ Broken</strong>: {plural(v.problems.length, 'problem')} in {plural(v.entries, 'entry', 'entries')}.
                </>
              )}
            </p>
            <p className="small">
              Head <code className="hash">{v.head ?? '—'}</code>
            </p>
            {v.problems.length > 0 && (
              <ul className="problem-list" role="alert">
                {v.problems.map((p, i) => (
                  <li key={i}>
                    Entry {p.seq}: {p.reason}
                  </li>
                ))}
              </ul>
            )}
            <button type="button" className="button button-small" onClick={verification.reload} data-testid="verify-log">
              Verify again
            </button>
          </>
        )}
      </section>
      <div className="toolbar">
        <select
          aria-label="Action"
          value={action}
          onChange={(e) => {
            setAction(e.target.value);
            setOffset(0);
          }}
        >
          <option value="">All actions</option>
          {knownActions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <select
          aria-label="Order"
          value={order}
          onChange={(e) => {
            setOrder(e.target.value as 'newest' | 'oldest');
            setOffset(0);
          }}
        >
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
        </select>
        {page.data && (
          <span className="muted">
            {page.data.total === 0 ? 'No entries' : `${offset + 1}–${Math.min(offset + PAGE, page.data.total)} of ${page.data.total.toLocaleString()}`}
          </span>
        )}
        <button type="button" className="button button-small" disabled={offset === 0} onClick={() => setOffset((o) => Math.max(0, o - PAGE))}>
          ‹ Previous
        </button>
        <button type="button" className="button button-small" disabled={!page.data || offset + PAGE >= page.data.total} onClick={() => setOffset((o) => o + PAGE)}>
          Next ›
        </button>
      </div>
      <ErrorNote error={page.error} title="The log could not be read" />
      {page.data && (
        <div className="table-wrap table-card">
          <table className="table log-table" data-testid="log-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Details</th>
                <th scope="col">Hash</th>
              </tr>
            </thead>
            <tbody>
              {(page.data.items as Entry[]).map((e) => (
                <tr key={e.seq} className={v?.problems.some((p) => p.seq === e.seq) ? 'row-error' : ''}>
                  <td className="num">{e.seq}</td>
                  <td className="nowrap">{formatDateTime(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td className="log-details">
                    <Details details={e.details} />
                  </td>
                  <td>
                    <code className="hash" title={`hash ${e.hash}\nprevious ${e.prevHash}`}>
                      {shortHash(e.hash, 10)}
                    </code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function summarize(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 80)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `${value.length} item${value.length === 1 ? '' : 's'}`;
  return '{…}';
}

function Details({ details }: { details: LogEntry['details'] }) {
  const entries = Object.entries(details);
  if (entries.length === 0) return <span className="muted">—</span>;
  const json = JSON.stringify(details, null, 2);
  return (
    <details>
      <summary>
        {entries
          .slice(0, 4)
          .map(([k, v]) => `${k}: ${summarize(v)}`)
          .join(' · ')}
        {entries.length > 4 && ' …'}
      </summary>
      <pre className="code small">{json.length > 20000 ? `${json.slice(0, 20000)}\n…` : json}</pre>
    </details>
  );
}
