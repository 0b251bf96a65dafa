/**
 * Reports: choose the sections and the signing identity (or create one), generate the PDF with
 * progress, preview its pages, verify it — or any PDF — and list the reports issued from this
 * workspace.
 */
import { useState } from 'react';
import type { GeneratedReport, ReportSection, ReportVerification } from '../../../shared/api/index.js';
import { call, fieldErrors } from '../../app/api.js';
import { baseName, formatBytes, formatDate, formatDateTime, shortHash, slug } from '../../app/format.js';
import { useJobs } from '../../app/jobs.js';
import { useCall } from '../../app/use-call.js';
import { REPORT_SECTIONS, REPORT_SECTION_LABEL } from '../../app/vocabulary.js';
import { useOpenWorkspace } from '../../app/workspace-context.js';
import { Empty, ErrorNote, Loading } from '../../components/error-note.js';
import { Field } from '../../components/field.js';
import { JobProgress } from '../../components/job-progress.js';
import { IdentityForm } from './identity-form.js';
import { ReportPreview } from './report-preview.js';
import { VerificationView } from './verification-view.js';

export function ReportsScreen() {
  const [preview, setPreview] = useState<string | null>(null);
  const [verification, setVerification] = useState<ReportVerification | null>(null);
  const [verifyError, setVerifyError] = useState<unknown>(null);
  const [verifying, setVerifying] = useState<string | null>(null);

  const verify = async (file?: string) => {
    setVerifyError(null);
    setVerification(null);
    try {
      let target = file;
      if (!target) {
        const { paths } = await call('dialogs.pick', { purpose: 'open-pdf' });
        target = paths[0];
      }
      if (!target) return;
      setVerifying(baseName(target));
      setVerification(await call('reports.verify', { file: target }));
    } catch (e) {
      setVerifyError(e);
    } finally {
      setVerifying(null);
    }
  };

  return (
    <div className="reports">
      <div className="reports-columns">
        <GeneratePanel onPreview={setPreview} onVerify={(f) => void verify(f)} />
        <section className="panel" aria-labelledby="verify-title">
          <h3 id="verify-title">Verify a PDF</h3>
          <p className="muted">Checks the signature, the attached manifest and, with this workspace open, that the report came from it unchanged.</p>
          <button type="button" className="button" onClick={() => void verify()} data-testid="verify-any">
            Verify a PDF…
          </button>
          {verifying && (
            <p className="muted" role="status">
              Verifying {verifying}…
            </p>
          )}
          <ErrorNote error={verifyError} title="The PDF could not be verified" />
          {verification && <VerificationView v={verification} />}
        </section>
      </div>
      {preview && <ReportPreview file={preview} onClose={() => setPreview(null)} />}
      <IssuedReports onPreview={setPreview} onVerify={(f) => void verify(f)} />
    </div>
  );
}

function GeneratePanel({ onPreview, onVerify }: { onPreview(file: string): void; onVerify(file: string): void }) {
  const workspace = useOpenWorkspace();
  const identities = useCall('identities.list', {});
  const { runJob } = useJobs();
  const [sections, setSections] = useState<ReportSection[]>([...REPORT_SECTIONS]);
  const [classification, setClassification] = useState(workspace.meta.classification);
  const [identity, setIdentity] = useState<string>('');
  const [passphrase, setPassphrase] = useState('');
  const [creating, setCreating] = useState(false);
  const [outFile, setOutFile] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<GeneratedReport | null>(null);

  const chosenIdentity = identity;

  const chooseFile = async () => {
    setError(null);
    try {
      const { paths } = await call('dialogs.pick', { purpose: 'save-report', defaultName: `${slug(workspace.meta.name)}-report.pdf` });
      if (paths[0]) setOutFile(paths[0]);
    } catch (e) {
      setError(e);
    }
  };

  const generate = async () => {
    setError(null);
    setResult(null);
    const local: Record<string, string> = {};
    if (sections.length === 0) local.sections = 'Choose at least one section.';
    if (chosenIdentity && !passphrase) local.passphrase = 'The passphrase of the signing identity is required.';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    try {
      const outcome = await runJob(
        () =>
          call('reports.generate', {
            ...(outFile ? { outFile, overwrite: true } : {}),
            sections: REPORT_SECTIONS.filter((s) => sections.includes(s)),
            ...(classification.trim() ? { classification: classification.trim() } : {}),
            ...(chosenIdentity ? { identity: { fingerprint: chosenIdentity, passphrase } } : {}),
          }),
        setJobId,
      );
      if (outcome.state === 'done' && outcome.result.kind === 'report') {
        setResult(outcome.result);
        setPassphrase('');
        setOutFile(null);
      } else if (outcome.state === 'failed') {
        if (outcome.error.code === 'wrong-passphrase') setErrors({ passphrase: outcome.error.message });
        else setError(outcome.error.message);
      } else if (outcome.state === 'cancelled') setError('Generating the report was cancelled; no file was kept.');
    } catch (e) {
      const byField = fieldErrors(e);
      if (Object.keys(byField).some((k) => k !== '')) setErrors(byField);
      else setError(e);
    } finally {
      setJobId(null);
    }
  };

  const toggle = (s: ReportSection) => setSections((list) => (list.includes(s) ? list.filter((x) => x !== s) : [...list, s]));

  return (
    <section className="panel" aria-labelledby="generate-title">
      <h3 id="generate-title">New report</h3>
      {workspace.runs === 0 && <p className="note">Run an audit first: a report describes a run.</p>}
      <div className="report-form" data-testid="report-form">
        <fieldset className="sections">
          <legend>Sections</legend>
          {REPORT_SECTIONS.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" checked={sections.includes(s)} onChange={() => toggle(s)} /> {REPORT_SECTION_LABEL[s]}
            </label>
          ))}
          {errors.sections && (
            <p className="field-error" role="alert">
              {errors.sections}
            </p>
          )}
        </fieldset>
        <div className="form-grid">
          <Field label="Classification" error={errors.classification}>
            {(p) => <input {...p} value={classification} onChange={(e) => setClassification(e.target.value)} />}
          </Field>
          <Field label="Signing identity" error={errors.identity ?? errors.fingerprint}>
            {(p) => (
              <select {...p} value={identity} onChange={(e) => setIdentity(e.target.value)} data-testid="identity-select">
                <option value="">Unsigned</option>
                {identities.data?.items.map((i) => (
                  <option key={i.fingerprint} value={i.fingerprint}>
                    {i.subject.CN}
                    {i.subject.O ? `, ${i.subject.O}` : ''} — valid until {formatDate(i.notAfter)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {identity && (
            <Field label="Passphrase of the identity" error={errors.passphrase}>
              {(p) => <input {...p} type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="off" data-testid="sign-passphrase" />}
            </Field>
          )}
          <div className="field">
            <span className="field-label">Save to</span>
            <span className="muted small">{outFile ?? 'Beside the workspace file (dated name)'}</span>
            <button type="button" className="button button-small" onClick={() => void chooseFile()}>
              Choose…
            </button>
          </div>
        </div>
        <ErrorNote error={identities.error} title="The signing identities could not be listed" />
        <div className="identity-area">
          {!creating ? (
            <button type="button" className="button button-small button-quiet" onClick={() => setCreating(true)} data-testid="new-identity">
              Create a signing identity…
            </button>
          ) : (
            <div className="subpanel">
              <h4>New signing identity</h4>
              <IdentityForm
                onCancel={() => setCreating(false)}
                onCreated={(created) => {
                  setCreating(false);
                  identities.reload();
                  setIdentity(created.fingerprint);
                }}
              />
            </div>
          )}
        </div>
        <div className="form-actions">
          <button type="button" onClick={() => void generate()} className="button button-primary" disabled={jobId !== null || workspace.runs === 0} data-testid="generate-report">
            Generate report
          </button>
        </div>
      </div>
      <JobProgress jobId={jobId} testId="report-progress" />
      <ErrorNote error={error ?? errors[''] ?? null} title="The report was not generated" />
      {result && (
        <div className="report-result" data-testid="report-result">
          <p>
            <strong>{baseName(result.file)}</strong> — {formatBytes(result.size)}, {result.findings} findings,{' '}
            {result.signer ? `signed by ${result.signer.subject.CN}` : 'unsigned'}.
          </p>
          <p className="small">
            SHA-256 <code className="hash">{result.sha256}</code>
          </p>
          <p className="muted small">{result.file}</p>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => onPreview(result.file)} data-testid="preview-report">
              Preview
            </button>
            <button type="button" className="button" onClick={() => onVerify(result.file)} data-testid="verify-report">
              Verify
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function IssuedReports({ onPreview, onVerify }: { onPreview(file: string): void; onVerify(file: string): void }) {
  const reports = useCall('reports.list', {}, { refreshOn: ['report'] });
  return (
    <section className="panel" aria-labelledby="issued-title">
      <h3 id="issued-title">Issued from this workspace</h3>
      {reports.loading && !reports.data && <Loading what="the reports" />}
      <ErrorNote error={reports.error} title="The reports could not be listed" />
      {reports.data && reports.data.items.length === 0 && <Empty title="No report issued yet" />}
      {reports.data && reports.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="issued-reports">
            <thead>
              <tr>
                <th scope="col">Issued</th>
                <th scope="col">File</th>
                <th scope="col">Signed by</th>
                <th scope="col">SHA-256</th>
                <th scope="col" className="num">
                  Run
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...reports.data.items].reverse().map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.createdAt)}</td>
                  <td>
                    <span className="file-name">{r.fileName}</span>
                    {!r.file && <div className="muted small">Not found beside the workspace: verify it with “Verify a PDF…”.</div>}
                  </td>
                  <td>{r.signerSubject ?? <span className="muted">unsigned</span>}</td>
                  <td>
                    <code className="hash" title={r.sha256}>
                      {shortHash(r.sha256, 16)}
                    </code>
                  </td>
                  <td className="num">{r.runId}</td>
                  <td className="actions">
                    {r.file && (
                      <>
                        <button type="button" className="button button-small" onClick={() => onPreview(r.file!)}>
                          Preview
                        </button>
                        <button type="button" className="button button-small" onClick={() => onVerify(r.file!)}>
                          Verify
                        </button>
                      </>
                    )}
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
