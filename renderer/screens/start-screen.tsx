/**
 * Start: describe and create a new audit workspace, open one, reopen a recent one, or open the
 * sample audit (the bundled clinic API, its Kong configuration and access log, imported and
 * audited by one call into a workspace in the user-data folder).
 */
import { useState, type FormEvent } from 'react';
import type { RecentWorkspace } from '../../shared/api/index.js';
import { call, describeError, fieldErrors } from '../app/api.js';
import { baseName, formatDateTime, slug } from '../app/format.js';
import { useNavigation } from '../app/navigation.js';
import { useCall } from '../app/use-call.js';
import { useWorkspace } from '../app/workspace-context.js';
import { ErrorNote, Loading } from '../components/error-note.js';
import { Field } from '../components/field.js';

export function StartScreen() {
  const { workspace } = useWorkspace();
  return (
    <div className="start">
      <section className="start-intro">
        <h2>Audit workspaces</h2>
        <p className="muted">
          One workspace file holds an audit: its evidence, findings, triage, checklist answers, reports and a hash-chained audit log. Nothing leaves
          this machine.
        </p>
        {workspace && (
          <p className="note" data-testid="open-workspace-note">
            <strong>{workspace.meta.name}</strong> is open ({baseName(workspace.file)}). Creating or opening another closes it.
          </p>
        )}
      </section>
      <div className="start-columns">
        <NewWorkspace />
        <div className="start-side">
          <OpenWorkspace />
          <SampleWorkspace />
          <RecentWorkspaces />
        </div>
      </div>
      <AppInfo />
    </div>
  );
}

interface MetaForm {
  name: string;
  client: string;
  auditor: string;
  scope: string;
  periodStart: string;
  periodEnd: string;
  classification: string;
}

const EMPTY_META: MetaForm = { name: '', client: '', auditor: '', scope: '', periodStart: '', periodEnd: '', classification: 'confidential' };

function NewWorkspace() {
  const { adopt } = useWorkspace();
  const [form, setForm] = useState<MetaForm>(EMPTY_META);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof MetaForm) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const local: Record<string, string> = {};
    if (!form.name.trim()) local.name = 'Name the audit.';
    if (form.periodStart && form.periodEnd && form.periodEnd < form.periodStart) local.periodEnd = 'The period ends before it starts.';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const { paths } = await call('dialogs.pick', { purpose: 'create-workspace', defaultName: `${slug(form.name)}.gatehouse` });
      const file = paths[0];
      if (!file) return;
      const info = await call('workspace.create', {
        file,
        meta: {
          name: form.name.trim(),
          client: form.client.trim(),
          auditor: form.auditor.trim(),
          scope: form.scope.trim(),
          periodStart: form.periodStart || null,
          periodEnd: form.periodEnd || null,
          classification: form.classification.trim() || 'confidential',
        },
      });
      adopt(info);
      setForm(EMPTY_META);
    } catch (e) {
      const byField = fieldErrors(e);
      if (Object.keys(byField).some((k) => k !== '')) setErrors(byField);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="new-ws-title">
      <h3 id="new-ws-title">New audit</h3>
      <form className="form-grid" onSubmit={(e) => void submit(e)} noValidate data-testid="new-workspace-form">
        <Field label="Audit name (required)" error={errors.name} wide>
          {(p) => <input {...p} value={form.name} onChange={set('name')} autoComplete="off" placeholder="Northwind Clinic API — Q3 review" />}
        </Field>
        <Field label="Client" error={errors.client}>
          {(p) => <input {...p} value={form.client} onChange={set('client')} autoComplete="organization" />}
        </Field>
        <Field label="Auditor" error={errors.auditor}>
          {(p) => <input {...p} value={form.auditor} onChange={set('auditor')} autoComplete="name" />}
        </Field>
        <Field label="Scope" error={errors.scope} wide hint="What is in and out of the audit: APIs, environments, gateways.">
          {(p) => <textarea {...p} rows={3} value={form.scope} onChange={set('scope')} />}
        </Field>
        <Field label="Period start" error={errors.periodStart}>
          {(p) => <input {...p} type="date" value={form.periodStart} onChange={set('periodStart')} />}
        </Field>
        <Field label="Period end" error={errors.periodEnd}>
          {(p) => <input {...p} type="date" value={form.periodEnd} onChange={set('periodEnd')} />}
        </Field>
        <Field label="Classification" error={errors.classification} hint="Printed on every report page.">
          {(p) => <input {...p} value={form.classification} onChange={set('classification')} />}
        </Field>
        <div className="form-actions field-wide">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="create-workspace">
            {busy ? 'Creating…' : 'Create workspace…'}
          </button>
          <span className="muted">You choose where the workspace file is saved.</span>
        </div>
        {(errors[''] || error !== null) && <ErrorNote error={error ?? errors['']} title="The workspace was not created" />}
      </form>
    </section>
  );
}

function OpenWorkspace() {
  const { adopt } = useWorkspace();
  const [error, setError] = useState<unknown>(null);
  const open = async () => {
    setError(null);
    try {
      const { paths } = await call('dialogs.pick', { purpose: 'open-workspace' });
      if (!paths[0]) return;
      adopt(await call('workspace.open', { file: paths[0] }));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="panel" aria-labelledby="open-ws-title">
      <h3 id="open-ws-title">Open</h3>
      <p className="muted">A workspace file (.gatehouse) from this machine.</p>
      <button type="button" className="button" onClick={() => void open()} data-testid="open-workspace">
        Open a workspace…
      </button>
      <ErrorNote error={error} title="The workspace was not opened" />
    </section>
  );
}

function SampleWorkspace() {
  const { adopt } = useWorkspace();
  const nav = useNavigation();
  const [step, setStep] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const openSample = async (fresh: boolean) => {
    setError(null);
    nav.hold(true);
    setStep(fresh ? 'Building a fresh copy of the sample (import and audit)' : 'Opening the sample (built and audited on first use)');
    try {
      const info = await call('workspace.openSample', { fresh });
      adopt(info);
      nav.hold(false);
      nav.go({ screen: 'findings' });
    } catch (e) {
      setError(e);
    } finally {
      nav.hold(false);
      setStep(null);
    }
  };

  return (
    <section className="panel" aria-labelledby="sample-title">
      <h3 id="sample-title">Sample audit</h3>
      <p className="muted">
        A fictional clinic API with deliberate problems: its API description, the Kong configuration in front of it and a morning of its access log, imported
        and audited. Kept in Gatehouse’s own data folder.
      </p>
      <div className="form-actions">
        <button type="button" className="button" disabled={step !== null} onClick={() => void openSample(false)} data-testid="open-sample">
          Open the sample audit
        </button>
        <button
          type="button"
          className="button button-quiet"
          disabled={step !== null}
          onClick={() => void openSample(true)}
          title="Builds the sample again from its evidence: triage, notes and answers given in it are discarded"
          data-testid="fresh-sample"
        >
          Start it afresh
        </button>
      </div>
      {step && (
        <p className="muted" role="status">
          {step}…
        </p>
      )}
      <ErrorNote error={error} title="The sample could not be opened" />
    </section>
  );
}

function lockWords(item: RecentWorkspace): string | null {
  if (!item.exists) return 'The file was moved or deleted.';
  if (item.lock.state === 'held') return item.lock.message;
  if (item.lock.state === 'held-here') return 'Open in another Gatehouse window.';
  if (item.lock.state === 'stale') return item.lock.message;
  return null;
}

function RecentWorkspaces() {
  const { adopt, workspace } = useWorkspace();
  const recent = useCall('workspace.recent', {}, { refreshOn: ['opened', 'closed', 'meta'] });
  const [error, setError] = useState<{ file: string; error: unknown } | null>(null);

  const open = async (file: string) => {
    setError(null);
    try {
      adopt(await call('workspace.open', { file }));
    } catch (e) {
      setError({ file, error: e });
    }
  };
  const forget = async (file: string) => {
    try {
      await call('workspace.forgetRecent', { file });
      recent.reload();
    } catch (e) {
      setError({ file, error: e });
    }
  };

  return (
    <section className="panel" aria-labelledby="recent-title">
      <h3 id="recent-title">Recent</h3>
      {recent.loading && !recent.data && <Loading what="recent workspaces" />}
      <ErrorNote error={recent.error} title="The recent list could not be read" />
      {recent.data && recent.data.items.length === 0 && <p className="muted">No workspace opened yet.</p>}
      {recent.data && recent.data.items.length > 0 && (
        <ul className="recent-list" data-testid="recent-list">
          {recent.data.items.map((item) => {
            const problem = lockWords(item);
            const isOpen = workspace?.file === item.file;
            return (
              <li key={item.file} className="recent-item">
                <div className="recent-main">
                  <span className="recent-name">{item.name}</span>
                  {item.client && <span className="muted"> · {item.client}</span>}
                  <div className="recent-file muted" title={item.file}>
                    {item.file}
                  </div>
                  <div className="recent-meta muted">
                    Opened {formatDateTime(item.openedAt)}
                    {problem && !isOpen && <span className={item.exists ? 'warn-text' : 'danger-text'}> — {problem}</span>}
                  </div>
                  {error?.file === item.file && <ErrorNote error={describeError(error.error)} />}
                </div>
                <div className="recent-actions">
                  <button type="button" className="button button-small" disabled={!item.exists || isOpen} onClick={() => void open(item.file)}>
                    {isOpen ? 'Open now' : 'Open'}
                  </button>
                  <button type="button" className="button button-small button-quiet" onClick={() => void forget(item.file)} aria-label={`Forget ${item.name}`}>
                    Forget
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function AppInfo() {
  const info = useCall('app.info', {});
  if (!info.data) return <ErrorNote error={info.error} title="The app information could not be read" />;
  const d = info.data;
  return (
    <footer className="app-info muted" data-testid="app-info">
      {d.name} {d.version} · {d.rules} rules · catalog {d.catalogVersion}: {d.catalogs.map((c) => `${c.title} (${c.requirements})`).join(', ')}
    </footer>
  );
}
