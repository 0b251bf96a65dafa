/**
 * One finding in full: what and why, where (the evidence lines with the offending ones
 * highlighted), which controls, and its triage and notes — each decision and note goes to the
 * workspace's audit log.
 */
import { memo, useEffect, useRef, useState, type FormEvent } from 'react';
import type { FindingDetail } from '../../../shared/api/index.js';
import { call, fieldErrors } from '../../app/api.js';
import { formatDate, formatDateTime } from '../../app/format.js';
import { useCall } from '../../app/use-call.js';
import { CATALOG_SHORT, CONFIDENCE_LABEL, SOURCE_LABEL, TRIAGE_LABEL, type TriageStatus } from '../../app/vocabulary.js';
import { SeverityBadge, StatusBadge } from '../../components/badges.js';
import { ErrorNote, Loading } from '../../components/error-note.js';
import { Field } from '../../components/field.js';

interface Props {
  fingerprint: string;
  onClose(): void;
  onFilterEndpoint(endpoint: string): void;
  onFilterControl(control: string): void;
}

export const FindingDetailPanel = memo(function FindingDetailPanel({ fingerprint, onClose, onFilterEndpoint, onFilterControl }: Props) {
  const detail = useCall('findings.get', { fingerprint, radius: 4 }, { refreshOn: ['triage', 'note', 'run'] });
  const heading = useRef<HTMLHeadingElement>(null);

  const d = detail.data && detail.data.finding.fingerprint === fingerprint ? detail.data : null;

  return (
    <aside
      className="detail"
      aria-label="Finding detail"
      data-testid="finding-detail"
    >
      <div className="detail-toolbar">
        <button type="button" className="button button-small button-quiet" onClick={onClose} aria-label="Close the finding detail (Escape)" data-testid="close-detail">
          ✕ Close
        </button>
      </div>
      {!d && detail.loading && <Loading what="the finding" />}
      <ErrorNote error={detail.error} title="The finding could not be read" />
      {d && <DetailBody d={d} heading={heading} onFilterEndpoint={onFilterEndpoint} onFilterControl={onFilterControl} />}
    </aside>
  );
});

function DetailBody({
  d,
  heading,
  onFilterEndpoint,
  onFilterControl,
}: {
  d: FindingDetail;
  heading: React.RefObject<HTMLHeadingElement | null>;
  onFilterEndpoint(endpoint: string): void;
  onFilterControl(control: string): void;
}) {
  const f = d.finding;
  const shownStatus = d.triage?.status === 'confirmed' && f.status === 'open' ? 'confirmed' : f.status;
  return (
    <div className="detail-body">
      <div className="detail-badges">
        <SeverityBadge severity={f.severity} />
        <StatusBadge status={shownStatus} />
        <span className="badge badge-quiet">Confidence: {CONFIDENCE_LABEL[f.confidence].toLowerCase()}</span>
        <span className="badge badge-quiet">Source: {SOURCE_LABEL[f.source].toLowerCase()}</span>
      </div>
      <h2 ref={heading} tabIndex={-1} className="detail-title">
        {f.title}
      </h2>
      <p className="detail-rule">
        <code>{f.ruleId}</code> · {f.occurrences === 1 ? 'one place' : `${f.occurrences.toLocaleString()} places`}
      </p>
      <p className="detail-message">{f.message}</p>
      {f.statusReason && (
        <p className="note">
          <strong>{f.status === 'suppressed' ? 'Suppressed in the evidence' : 'Reason'}:</strong> {f.statusReason}
          {f.expires && <> · expires {formatDate(f.expires)}</>}
        </p>
      )}

      <h3>Where</h3>
      {d.excerpts.length === 0 && (
        <ul className="plain-list">
          {f.locations.map((l, i) => (
            <li key={i}>
              <code>
                {l.file}
                {l.line > 0 ? `:${l.line}` : ''}
              </code>{' '}
              <span className="muted">{l.pointer}</span>
            </li>
          ))}
          {f.locations.length === 0 && <li className="muted">No location in a file (the finding is about the evidence as a whole).</li>}
        </ul>
      )}
      {d.excerpts.map((x, i) => (
        <figure key={i} className="excerpt" data-testid="excerpt">
          <figcaption>
            <code>
              {x.file}:{x.highlight.join(',')}
            </code>{' '}
            <span className="muted excerpt-pointer">{x.pointer}</span>
          </figcaption>
          <pre className="code" aria-label={`Lines ${x.startLine} to ${x.startLine + x.lines.length - 1} of ${x.file}`}>
            {x.lines.map((line, j) => {
              const n = x.startLine + j;
              const hit = x.highlight.includes(n);
              return (
                <span key={n} className={`code-line${hit ? ' is-hit' : ''}`}>
                  <span className="code-num" aria-hidden="true">
                    {n}
                  </span>
                  <span className="code-text">{line || ' '}</span>
                  {hit && <span className="visually-hidden"> (offending line {n})</span>}
                  {'\n'}
                </span>
              );
            })}
          </pre>
        </figure>
      ))}
      {f.locations.length > d.excerpts.length && d.excerpts.length > 0 && (
        <p className="muted small">{f.locations.length - d.excerpts.length} more location(s) are not shown.</p>
      )}

      {f.endpoints.length > 0 && (
        <>
          <h3>Endpoints ({f.endpoints.length})</h3>
          <ul className="endpoint-list">
            {f.endpoints.map((e) => (
              <li key={e}>
                <button type="button" className="link" onClick={() => onFilterEndpoint(e)} title="Show the findings of this endpoint">
                  <code>{e}</code>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>Controls</h3>
      <ul className="control-list">
        {d.controls.map((c) => (
          <li key={c.id}>
            <button type="button" className="link" onClick={() => onFilterControl(c.id)}>
              <code>{c.id}</code>
            </button>{' '}
            {c.title} {c.catalog && <span className="muted small">({CATALOG_SHORT[c.catalog]})</span>}
          </li>
        ))}
        {d.controls.length === 0 && <li className="muted">Not mapped to a control.</li>}
      </ul>

      {d.rule && (
        <>
          <h3>Why it matters</h3>
          <p>{d.rule.rationale}</p>
        </>
      )}
      <h3>Remediation</h3>
      <p>{f.remediation || d.rule?.remediation}</p>
      {f.equivalents.length > 0 && (
        <p className="muted small">
          Equivalent peer rules: <code>{f.equivalents.join(', ')}</code>
        </p>
      )}

      <TriageForm d={d} />
      <Notes d={d} />
      <p className="muted small detail-fingerprint">
        Fingerprint <code>{f.fingerprint}</code>
      </p>
    </div>
  );
}

const CHOICES: readonly TriageStatus[] = ['confirmed', 'false-positive', 'accepted-risk', 'open'];

function TriageForm({ d }: { d: FindingDetail }) {
  const current = d.triage;
  const [status, setStatus] = useState<TriageStatus>(current?.status ?? 'confirmed');
  const [reason, setReason] = useState(current?.reason ?? '');
  const [expires, setExpires] = useState(current?.expires ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const needsReason = status === 'false-positive' || status === 'accepted-risk';

  useEffect(() => {
    setStatus(d.triage?.status ?? 'confirmed');
    setReason(d.triage?.reason ?? '');
    setExpires(d.triage?.expires ?? '');
    setErrors({});
    setError(null);
  }, [d.finding.fingerprint, d.triage?.updatedAt, d.triage?.status, d.triage?.reason, d.triage?.expires]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(null);
    if (needsReason && !reason.trim()) {
      setErrors({ reason: status === 'false-positive' ? 'Say why this is a false positive.' : 'Say why the risk is accepted.' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const decision = await call('findings.triage', {
        fingerprint: d.finding.fingerprint,
        status,
        reason: reason.trim(),
        expires: status === 'accepted-risk' && expires ? expires : null,
      });
      setSaved(`Recorded: ${TRIAGE_LABEL[decision.status]}.`);
    } catch (e) {
      const byField = fieldErrors(e);
      if (byField.reason || byField.expires) setErrors(byField);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="triage" aria-labelledby="triage-title">
      <h3 id="triage-title">Triage</h3>
      {current ? (
        <p className="muted small" data-testid="triage-current">
          {TRIAGE_LABEL[current.status]} by {current.actor}, {formatDateTime(current.updatedAt)}
          {current.reason && <> — “{current.reason}”</>}
          {current.expires && <> · expires {formatDate(current.expires)}</>}
        </p>
      ) : (
        <p className="muted small">Not triaged yet.</p>
      )}
      <form onSubmit={(e) => void submit(e)} data-testid="triage-form">
        <fieldset className="segmented">
          <legend className="visually-hidden">Decision</legend>
          {CHOICES.map((choice) => (
            <label key={choice} className={`segment${status === choice ? ' is-on' : ''}`}>
              <input type="radio" name="triage-status" value={choice} checked={status === choice} onChange={() => setStatus(choice)} />
              {choice === 'open' ? 'Reopen' : choice === 'confirmed' ? 'Confirm' : TRIAGE_LABEL[choice]}
            </label>
          ))}
        </fieldset>
        <Field label={needsReason ? 'Reason (required)' : 'Reason (optional)'} error={errors.reason}>
          {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="triage-reason" />}
        </Field>
        {status === 'accepted-risk' && (
          <Field label="Accepted until (optional)" error={errors.expires} hint="After this date the finding is open again.">
            {(p) => <input {...p} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} data-testid="triage-expires" />}
          </Field>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="triage-save">
            Record decision
          </button>
          {saved && (
            <span className="ok-text" role="status">
              {saved}
            </span>
          )}
        </div>
        <ErrorNote error={error ?? errors[''] ?? null} title="The decision was not recorded" />
      </form>
    </section>
  );
}

function Notes({ d }: { d: FindingDetail }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      setError('Write the note first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await call('findings.addNote', { fingerprint: d.finding.fingerprint, text });
      setText('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="notes" aria-labelledby="notes-title">
      <h3 id="notes-title">Notes ({d.notes.length})</h3>
      <ol className="note-list">
        {d.notes.map((n) => (
          <li key={n.seq}>
            <p>{n.text}</p>
            <p className="muted small">
              {n.actor}, {formatDateTime(n.at)} · audit log entry {n.seq}
            </p>
          </li>
        ))}
      </ol>
      <form onSubmit={(e) => void submit(e)} className="note-form">
        <Field label="Add a note">
          {(p) => <textarea {...p} rows={2} value={text} onChange={(e) => setText(e.target.value)} data-testid="note-text" />}
        </Field>
        <button type="submit" className="button" disabled={busy} data-testid="note-add">
          Add note
        </button>
        <ErrorNote error={error} title="The note was not added" />
      </form>
    </section>
  );
}
