/**
 * Evidence: bring in specs, gateway configurations and traffic logs (drop them, or pick files or
 * a folder), follow each import, and read what it found — kind, format, size, SHA-256 and counts,
 * or the parse error at its line. Then run the audit over everything imported.
 */
import { useState, type DragEvent } from 'react';
import type { AuditRunResult, ImportResult, JobOutcome } from '../../shared/api/index.js';
import { call } from '../app/api.js';
import { baseName, formatBytes, formatDateTime, plural } from '../app/format.js';
import { useJobs } from '../app/jobs.js';
import { useNavigation } from '../app/navigation.js';
import { readDrop, toDroppedFiles } from '../app/read-drop.js';
import { useCall } from '../app/use-call.js';
import { EVIDENCE_KIND_LABEL, SEVERITIES } from '../app/vocabulary.js';
import { useOpenWorkspace } from '../app/workspace-context.js';
import { SeverityBadge } from '../components/badges.js';
import { Empty, ErrorNote, Loading } from '../components/error-note.js';
import { Field } from '../components/field.js';
import { JobProgress } from '../components/job-progress.js';

interface ImportRecord {
  id: number;
  what: string;
  outcome: JobOutcome;
}

/** The imports of this session, per workspace file: they stay when you switch screens. */
const importHistory = new Map<string, ImportRecord[]>();
let importSerial = 0;

export function EvidenceScreen() {
  const workspace = useOpenWorkspace();
  const [history, setHistory] = useState<ImportRecord[]>(() => importHistory.get(workspace.file) ?? []);
  const remember = (record: ImportRecord) => {
    const next = [record, ...(importHistory.get(workspace.file) ?? [])].slice(0, 20);
    importHistory.set(workspace.file, next);
    setHistory(next);
  };
  return (
    <div className="evidence">
      <div className="evidence-top">
        <ImportPanel onImported={remember} />
        <AuditPanel />
      </div>
      {history.length > 0 && (
        <section className="panel" aria-labelledby="imports-title">
          <h3 id="imports-title">Imports</h3>
          {history.map((r) => (
            <ImportOutcome key={r.id} record={r} />
          ))}
        </section>
      )}
      <EvidenceList />
    </div>
  );
}

function ImportPanel({ onImported }: { onImported(record: ImportRecord): void }) {
  const { runJob } = useJobs();
  const [jobId, setJobId] = useState<string | null>(null);
  const [reading, setReading] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const busy = jobId !== null || reading !== null;

  const run = async (what: string, start: () => Promise<{ jobId: string }>) => {
    setError(null);
    try {
      const outcome = await runJob(start, setJobId);
      onImported({ id: ++importSerial, what, outcome });
    } catch (e) {
      setError(e);
    } finally {
      setJobId(null);
    }
  };

  const pick = async (purpose: 'evidence-files' | 'evidence-folder') => {
    setError(null);
    try {
      const { paths } = await call('dialogs.pick', { purpose });
      if (paths.length === 0) return;
      await run(paths.length === 1 ? paths[0]! : plural(paths.length, 'file'), () => call('evidence.import', { paths }));
    } catch (e) {
      setError(e);
    }
  };

  const onDrop = async (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    if (busy) return;
    setError(null);
    try {
      setReading('Reading what was dropped');
      const entries = await readDrop(event.dataTransfer);
      if (entries.length === 0) {
        setReading(null);
        setError(new Error('Nothing to import: drop files or folders.'));
        return;
      }
      setReading(`Reading ${plural(entries.length, 'file')}`);
      const files = await toDroppedFiles(entries);
      setReading(null);
      const what = files.length === 1 ? files[0]!.path : `${plural(files.length, 'dropped file')}`;
      await run(what, () => call('evidence.importDropped', { files }));
    } catch (e) {
      setError(e);
    } finally {
      setReading(null);
    }
  };

  return (
    <section className="panel" aria-labelledby="import-title">
      <h3 id="import-title">Import evidence</h3>
      <div
        className={`drop-zone${over ? ' is-over' : ''}${busy ? ' is-busy' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = busy ? 'none' : 'copy';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => void onDrop(e)}
      >
        <p className="drop-title">Drop API descriptions, gateway configurations, logs or HAR files here</p>
        <p className="muted">
          OpenAPI 2/3 (JSON, YAML), Kong, Tyk, AWS, Azure APIM, Apigee, Envoy and NGINX configurations, access logs and HAR. Folders are searched; files
          are recognised by their content. A dropped log or HAR file is read at once (URLs masked, the log itself not kept); one added with the buttons is
          read again, where it is, by every audit run.
        </p>
        <div className="drop-actions">
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void pick('evidence-files')} data-testid="add-files">
            Add files…
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void pick('evidence-folder')} data-testid="add-folder">
            Add a folder…
          </button>
        </div>
      </div>
      {reading && (
        <p className="muted" role="status">
          {reading}…
        </p>
      )}
      <JobProgress jobId={jobId} testId="import-progress" />
      <ErrorNote error={error} title="The import did not start" />
    </section>
  );
}

function ImportOutcome({ record }: { record: ImportRecord }) {
  const { outcome } = record;
  if (outcome.state === 'cancelled') return <p className="muted">Import of {record.what} cancelled: nothing was stored.</p>;
  if (outcome.state === 'failed') return <ErrorNote error={outcome.error.message} title={`Import of ${record.what} failed`} />;
  if (outcome.result.kind !== 'import') return null;
  const result: ImportResult = outcome.result;
  return (
    <div className="import-outcome" data-testid="import-result">
      <p className="import-outcome-title">
        <strong title={record.what}>{baseName(record.what)}</strong> — {result.files.length === 0 ? 'nothing imported' : `${plural(result.files.length, 'file')} read`}
        {result.files.some((f) => f.status === 'error') && <span className="danger-text"> · {plural(result.files.filter((f) => f.status === 'error').length, 'file')} could not be read</span>}
      </p>
      {result.problems.length > 0 && (
        <ul className="problem-list" role="alert">
          {result.problems.map((p, i) => (
            <li key={i}>
              <Problem input={p.input} message={p.message} />
            </li>
          ))}
        </ul>
      )}
      {result.files.length > 0 && (
        <div className="table-wrap">
          <table className="table import-table">
            <colgroup>
              <col className="col-file" />
              <col className="col-kind" />
              <col className="col-format" />
              <col className="col-size" />
              <col className="col-hash" />
              <col className="col-counts" />
              <col className="col-result" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Kind</th>
                <th scope="col">Format</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">SHA-256</th>
                <th scope="col" className="num">
                  Counts
                </th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {result.files.map((f, i) => [
                <tr key={i} className={f.status === 'error' ? 'row-error' : ''}>
                  <td>
                    <span className="file-name">{f.name}</span>
                    {f.title && <div className="muted small">{f.title}</div>}
                    {f.duplicate && <div className="muted small">Already in the workspace (same SHA-256): not stored twice.</div>}
                    {!f.root && <div className="muted small">Reached through a $ref or include.</div>}
                  </td>
                  <td>{EVIDENCE_KIND_LABEL[f.kind]}</td>
                  <td>{f.format}</td>
                  <td className="num">{formatBytes(f.size)}</td>
                  <td>
                    {f.sha256 ? (
                      <code className="hash" title={f.sha256}>
                        {f.sha256}
                      </code>
                    ) : (
                      <span className="muted small">recorded when audited</span>
                    )}
                  </td>
                  <td className="num">
                    {f.operations !== undefined ? plural(f.operations, countWord(f.kind)) : '—'}
                  </td>
                  <td>
                    {f.status === 'ok' && <span className="ok-text">Read</span>}
                    {f.status === 'partial' && <span className="warn-text">Read with problems</span>}
                    {f.status === 'error' && <span className="danger-text">Not readable</span>}
                    {f.note && <div className="muted small">{f.note}</div>}
                  </td>
                </tr>,
                f.errors.length > 0 && (
                  <tr key={`${i}-errors`} className={f.status === 'error' ? 'row-error' : 'row-warn'}>
                    <td colSpan={7}>
                      <ul className="parse-errors">
                        {f.errors.map((e, j) => (
                          <li key={j} data-testid="parse-error">
                            <code>
                              {f.name}
                              {e.line !== undefined ? `:${e.line}` : ''}
                              {e.column !== undefined ? `:${e.column}` : ''}
                            </code>{' '}
                            {e.message}
                            {e.pointer && <span className="muted small"> ({e.pointer})</span>}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ),
              ])}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** A named input's problem; the message often starts with the name already. */
function Problem({ input, message }: { input: string; message: string }) {
  const name = baseName(input);
  if (message.startsWith(`${name}:`) || message.startsWith(`${input}:`)) return <>{message}</>;
  return (
    <>
      <code>{name}</code>: {message}
    </>
  );
}

/** What an import or a run counts for each kind of evidence. */
function countWord(kind: 'spec' | 'gateway' | 'traffic' | 'other'): string {
  return kind === 'gateway' ? 'route' : kind === 'traffic' ? 'endpoint' : 'operation';
}

function AuditPanel() {
  const workspace = useOpenWorkspace();
  const { runJob } = useJobs();
  const nav = useNavigation();
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<AuditRunResult | null>(null);
  const [maskUrls, setMaskUrls] = useState(true);
  const [secret, setSecret] = useState('');
  const [logFormat, setLogFormat] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const runAudit = async () => {
    setError(null);
    setResult(null);
    const local: Record<string, string> = {};
    if (secret && secret.length < 8) local.secret = 'Use at least 8 characters, or leave it empty.';
    setFieldErrors(local);
    if (Object.keys(local).length > 0) return;
    try {
      const outcome = await runJob(
        () =>
          call('audit.run', {
            traffic: { maskUrls, ...(secret ? { pseudonymizeSecret: secret } : {}), ...(logFormat.trim() ? { logFormat: logFormat.trim() } : {}) },
          }),
        setJobId,
      );
      if (outcome.state === 'done' && outcome.result.kind === 'audit') setResult(outcome.result);
      else if (outcome.state === 'failed') setError(outcome.error.message);
      else if (outcome.state === 'cancelled') setError('The audit was cancelled: nothing was recorded.');
    } catch (e) {
      setError(e);
    } finally {
      setJobId(null);
    }
  };

  return (
    <section className="panel" aria-labelledby="audit-title">
      <h3 id="audit-title">Audit</h3>
      <p className="muted">
        Runs every rule over all the evidence in this workspace and records the run. Triage decisions carry over to findings seen before.{' '}
        {workspace.latestRun ? `Latest run: ${formatDateTime(workspace.latestRun.endedAt)}, ${plural(workspace.latestRun.summary.total, 'finding')}.` : 'Not audited yet.'}
      </p>
      <details className="options">
        <summary>Traffic log options</summary>
        <div className="form-grid">
          <label className="check field-wide">
            <input type="checkbox" checked={maskUrls} onChange={(e) => setMaskUrls(e.target.checked)} /> Mask secrets and personal data in URLs before
            storing
          </label>
          <Field label="Pseudonymize clients with this secret (optional, never stored)" error={fieldErrors.secret}>
            {(p) => <input {...p} type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="off" />}
          </Field>
          <Field label="NGINX log_format of custom access logs (optional)">
            {(p) => <input {...p} value={logFormat} onChange={(e) => setLogFormat(e.target.value)} className="mono" />}
          </Field>
        </div>
      </details>
      <div className="form-actions">
        <button type="button" className="button button-primary" disabled={jobId !== null || workspace.evidence === 0} onClick={() => void runAudit()} data-testid="run-audit">
          Run audit
        </button>
        {workspace.evidence === 0 && <span className="muted">Import evidence first.</span>}
      </div>
      <JobProgress jobId={jobId} testId="audit-progress" />
      <ErrorNote error={error} title="The audit did not complete" />
      {result && (
        <div className="audit-result" data-testid="audit-result">
          <p>
            <strong>{plural(result.findings, 'finding')}</strong>, {result.open.toLocaleString()} open
            {workspace.runs > 1 ? `, ${result.new.toLocaleString()} new since the previous run.` : '.'}
          </p>
          <div className="chips">
            {SEVERITIES.map((s) => (
              <SeverityBadge key={s} severity={s} count={result.bySeverity[s] ?? 0} />
            ))}
          </div>
          <ul className="plain-list">
            {result.audited.map((a, i) => (
              <li key={i}>
                <code>{a.file}</code> — {EVIDENCE_KIND_LABEL[a.kind]}, {a.format}
                {a.title ? ` “${a.title}”` : ''}: {plural(a.operations, countWord(a.kind))}
                {a.requests !== undefined ? `, ${plural(a.requests, 'request')}` : ''}
                {a.files > 1 ? `, ${a.files} files` : ''}
              </li>
            ))}
          </ul>
          {result.problems.length > 0 && (
            <ul className="problem-list" role="alert">
              {result.problems.map((p, i) => (
                <li key={i}>
                  <Problem input={p.input} message={p.message} />
                </li>
              ))}
            </ul>
          )}
          {result.ruleFailures.length > 0 && (
            <ul className="problem-list" role="alert">
              {result.ruleFailures.map((r, i) => (
                <li key={i}>
                  Rule <code>{r.ruleId}</code> failed on <code>{r.evidence}</code>: {r.message}
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="button" onClick={() => nav.go({ screen: 'findings' })} data-testid="see-findings">
            See the findings
          </button>
        </div>
      )}
    </section>
  );
}

function EvidenceList() {
  const list = useCall('evidence.list', {}, { refreshOn: ['evidence', 'run'] });
  return (
    <section className="panel" aria-labelledby="evidence-list-title">
      <h3 id="evidence-list-title">In this workspace</h3>
      {list.loading && !list.data && <Loading what="evidence" />}
      <ErrorNote error={list.error} title="The evidence list could not be read" />
      {list.data && list.data.items.length === 0 && (
        <Empty title="No evidence yet">Import an API description, a gateway configuration or a traffic log to start.</Empty>
      )}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="evidence-table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Kind</th>
                <th scope="col">Format</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">SHA-256</th>
                <th scope="col">Imported</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    <span className="file-name">{e.name}</span>
                    {e.inLatestRun && <div className="muted small">In the latest run</div>}
                  </td>
                  <td>{EVIDENCE_KIND_LABEL[e.kind]}</td>
                  <td>{e.format}</td>
                  <td className="num">{formatBytes(e.size)}</td>
                  <td>
                    <code className="hash" title={e.sha256}>
                      {e.sha256}
                    </code>
                  </td>
                  <td>
                    {formatDateTime(e.importedAt)}
                    <div className="muted small">by {e.importedBy}</div>
                  </td>
                  <td>
                    {e.parseStatus === 'ok' ? <span className="ok-text">Read</span> : e.parseStatus === 'partial' ? <span className="warn-text">Partly read</span> : <span className="danger-text">Not readable</span>}
                    {e.parseErrors.map((p, i) => (
                      <div key={i} className="small">
                        <code>
                          {e.name}
                          {p.line !== undefined ? `:${p.line}` : ''}
                        </code>{' '}
                        {p.message}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
