/** What verifying a PDF found: signature, signer, attachments, and whether it matches this workspace. */
import type { ReportVerification } from '../../../shared/api/index.js';
import { baseName, formatDateTime } from '../../app/format.js';

function Check({ ok, label, detail }: { ok: boolean | null; label: string; detail?: string }) {
  return (
    <li className={ok === null ? 'check-na' : ok ? 'check-ok' : 'check-bad'}>
      <span aria-hidden="true">{ok === null ? '–' : ok ? '✓' : '✗'}</span> {label}
      <span className="visually-hidden">{ok === null ? ': not checked' : ok ? ': yes' : ': no'}</span>
      {detail && <span className="muted small"> — {detail}</span>}
    </li>
  );
}

export function VerificationView({ v }: { v: ReportVerification }) {
  const s = v.signature;
  return (
    <div className={`verification ${v.valid ? 'is-valid' : 'is-invalid'}`} data-testid="verification">
      <p className="verification-verdict" role="status">
        <strong>{v.valid ? 'Valid' : 'Not valid'}</strong>: {baseName(v.file)}
        {!s.signed && ' is not signed.'}
        {s.signed && s.signer && (
          <>
            {' '}
            signed by {s.signer.subject.CN}
            {s.signer.subject.O && `, ${s.signer.subject.O}`}
            {s.signer.subject.E && ` <${s.signer.subject.E}>`}
            {s.signingTime && ` on ${formatDateTime(s.signingTime)}`}.
          </>
        )}
      </p>
      <ul className="checks">
        <Check ok={s.signed} label="Signed" />
        {s.signed && (
          <>
            <Check ok={s.digestMatches} label="The signed bytes are unchanged (digest matches)" />
            <Check ok={s.signatureValid} label="The signature is valid" />
            <Check ok={s.coversWholeFile} label="The signature covers the whole file" />
            <Check ok={s.certValidAtSigning} label="The certificate was valid when it signed" />
            <Check ok={s.trusted} label="Signed by an identity of this machine" />
          </>
        )}
        {v.workspace && (
          <>
            <Check ok={v.workspace.sameWorkspace} label="Issued from the open workspace" />
            <Check ok={v.workspace.recorded} label="Recorded among this workspace's reports" />
            <Check ok={v.workspace.logAnchorFound} label="Its audit-log anchor is in the workspace's log" />
            <Check ok={v.workspace.evidence.every((e) => e.status === 'match')} label="Its evidence matches the workspace's" detail={v.workspace.evidence.filter((e) => e.status !== 'match').map((e) => `${e.name}: ${e.status}`).join(', ') || undefined} />
          </>
        )}
      </ul>
      <p className="small">
        SHA-256 <code className="hash">{v.sha256}</code>
      </p>
      {v.manifest && (
        <p className="small muted">
          Report {v.manifest.reportId} of “{v.manifest.workspace.name}”, generated {formatDateTime(v.manifest.generatedAt)}: {v.manifest.findings.total} findings (
          {v.manifest.findings.open} open), {v.manifest.evidence.length} evidence files.
          {v.attachments.length > 0 && ` Attachments: ${v.attachments.join(', ')}.`}
        </p>
      )}
      {[...v.problems, ...s.problems].length > 0 && (
        <ul className="problem-list" role="alert">
          {[...new Set([...v.problems, ...s.problems])].map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
      {v.notes.length > 0 && (
        <ul className="plain-list small muted">
          {v.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
