/**
 * The window: a sidebar of screens, a header with the open workspace, running jobs and the theme,
 * and the current screen inside its own error boundary (a failing screen never blanks the window).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ErrorBoundary } from '../components/error-boundary.js';
import { ErrorNote } from '../components/error-note.js';
import { AuditLogScreen } from '../screens/audit-log-screen.js';
import { ChecklistScreen } from '../screens/checklist-screen.js';
import { ControlsScreen } from '../screens/controls-screen.js';
import { EvidenceScreen } from '../screens/evidence-screen.js';
import { FindingsScreen } from '../screens/findings/findings-screen.js';
import { InventoryScreen } from '../screens/inventory-screen.js';
import { ReportsScreen } from '../screens/reports/reports-screen.js';
import { StartScreen } from '../screens/start-screen.js';
import { call, gatehouse } from './api.js';
import { EventsProvider } from './events.js';
import { JobsProvider, useJobs } from './jobs.js';
import { NavigationProvider, useNavigation, type Route, type ScreenId } from './navigation.js';
import { applyTheme, storedTheme, type ThemeChoice } from './theme.js';
import { SEVERITIES, SEVERITY_LABEL } from './vocabulary.js';
import { useWorkspace, WorkspaceProvider } from './workspace-context.js';

interface ScreenEntry {
  id: ScreenId;
  label: string;
  title: string;
  needsWorkspace: boolean;
}

const SCREENS: readonly ScreenEntry[] = [
  { id: 'start', label: 'Workspaces', title: 'Workspaces', needsWorkspace: false },
  { id: 'evidence', label: 'Evidence', title: 'Evidence', needsWorkspace: true },
  { id: 'findings', label: 'Findings', title: 'Findings', needsWorkspace: true },
  { id: 'inventory', label: 'Inventory', title: 'Endpoint inventory', needsWorkspace: true },
  { id: 'controls', label: 'Controls', title: 'Controls', needsWorkspace: true },
  { id: 'checklist', label: 'Checklist', title: 'Manual checklist', needsWorkspace: true },
  { id: 'reports', label: 'Reports', title: 'Reports', needsWorkspace: true },
  { id: 'log', label: 'Audit log', title: 'Audit log', needsWorkspace: true },
];

export function App() {
  if (!gatehouse()) {
    return (
      <div className="not-connected" role="alert">
        <h1>Gatehouse</h1>
        <p>This window is not connected to the Gatehouse services (window.gatehouse is missing).</p>
        <p className="muted">Open Gatehouse through the desktop app, or through the test transport's page address.</p>
      </div>
    );
  }
  return (
    <EventsProvider>
      <JobsProvider>
        <WorkspaceProvider>
          <NavigationProvider initial={{ screen: 'start' }}>
            <ErrorBoundary what="Gatehouse">
              <Shell />
            </ErrorBoundary>
          </NavigationProvider>
        </WorkspaceProvider>
      </JobsProvider>
    </EventsProvider>
  );
}

function Shell() {
  const { workspace, error } = useWorkspace();
  const nav = useNavigation();
  const main = useRef<HTMLElement>(null);
  const wasOpen = useRef<string | null>(null);

  // Follow the workspace: opening one shows its evidence (or findings once audited); closing one
  // returns to the start screen.
  useEffect(() => {
    if (workspace === undefined) return;
    const file = workspace?.file ?? null;
    if (file === wasOpen.current) return;
    const before = wasOpen.current;
    wasOpen.current = file;
    if (file === null) nav.go({ screen: 'start' });
    else if (nav.held()) return;
    else if (before !== null || nav.route.screen === 'start') nav.go({ screen: workspace && workspace.runs > 0 ? 'findings' : 'evidence' });
  }, [workspace?.file, workspace === undefined]);

  // Alt+1 … Alt+8 switch screens.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const n = Number(event.key);
      if (!Number.isInteger(n) || n < 1 || n > SCREENS.length) return;
      const entry = SCREENS[n - 1]!;
      if (entry.needsWorkspace && !workspace) return;
      event.preventDefault();
      nav.go({ screen: entry.id } as Route);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [nav, workspace]);

  const current = SCREENS.find((s) => s.id === nav.route.screen) ?? SCREENS[0]!;
  const showing: ScreenEntry = current.needsWorkspace && !workspace ? SCREENS[0]! : current;

  return (
    <div className="app">
      <button type="button" className="skip-link" onClick={() => main.current?.focus()}>
        Skip to content
      </button>
      <nav className="sidebar" aria-label="Screens">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>{' '}
          Gatehouse
        </div>
        <ul>
          {SCREENS.map((s, i) => {
            const disabled = s.needsWorkspace && !workspace;
            return (
              <li key={s.id}>
                <button
                  type="button"
                  className={`nav-item${showing.id === s.id ? ' is-current' : ''}`}
                  aria-current={showing.id === s.id ? 'page' : undefined}
                  aria-keyshortcuts={`Alt+${i + 1}`}
                  title={`${s.title} (Alt+${i + 1})`}
                  disabled={disabled}
                  onClick={() => nav.go({ screen: s.id } as Route)}
                  data-testid={`nav-${s.id}`}
                >
                  {s.label}
                </button>
              </li>
            );
          })}
        </ul>
        <ThemeSwitch />
      </nav>
      <div className="main-column">
        <Header />
        {error !== null && <ErrorNote error={error} title="The services did not answer" />}
        <main ref={main} id="main" tabIndex={-1} className="screen" aria-label={showing.title}>
          <ErrorBoundary key={`${showing.id}`} what={`The ${showing.title.toLowerCase()} screen`}>
            {workspace === undefined ? null : <ScreenFor route={showing.id === nav.route.screen ? nav.route : { screen: 'start' }} />}
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}

function ScreenFor({ route }: { route: Route }): ReactNode {
  switch (route.screen) {
    case 'start':
      return <StartScreen />;
    case 'evidence':
      return <EvidenceScreen />;
    case 'findings':
      return <FindingsScreen route={route} />;
    case 'inventory':
      return <InventoryScreen />;
    case 'controls':
      return <ControlsScreen route={route} />;
    case 'checklist':
      return <ChecklistScreen route={route} />;
    case 'reports':
      return <ReportsScreen />;
    case 'log':
      return <AuditLogScreen />;
  }
}

function Header() {
  const { workspace } = useWorkspace();
  const { jobs, cancel } = useJobs();
  const [closeError, setCloseError] = useState<unknown>(null);
  const running = [...jobs.values()].filter((j) => j.state === 'running');
  const run = workspace?.latestRun ?? null;
  return (
    <header className="app-header">
      <div className="header-workspace">
        {workspace ? (
          <>
            <h1 className="header-title" data-testid="workspace-title">
              {workspace.meta.name}
            </h1>
            <span className="header-sub muted">
              {[workspace.meta.client, workspace.meta.classification].filter(Boolean).join(' · ')}
            </span>
          </>
        ) : (
          <h1 className="header-title">No workspace open</h1>
        )}
      </div>
      {run && (
        <div className="header-run" aria-label="Latest audit run">
          <span className="header-run-label">Latest run</span>
          {SEVERITIES.map((s) => (
            <span key={s} className={`run-count sev-text-${s}`} title={`${SEVERITY_LABEL[s]} findings in the latest run`}>
              <span className={`dot dot-${s}`} aria-hidden="true" />
              {(run.summary.bySeverity[s] ?? 0).toLocaleString()}
              <span className="visually-hidden"> {SEVERITY_LABEL[s]}</span>
            </span>
          ))}
        </div>
      )}
      {running.length > 0 && (
        <div className="header-jobs" role="status" aria-live="polite">
          {running.map((j) => (
            <span key={j.jobId} className="header-job">
              <progress max={j.progress?.total || undefined} value={j.progress && j.progress.total > 0 ? j.progress.done : undefined} aria-label={j.label} />
              <span className="header-job-label">{j.label || 'Working'}</span>
              <button type="button" className="button button-small button-quiet" onClick={() => void cancel(j.jobId)}>
                Cancel
              </button>
            </span>
          ))}
        </div>
      )}
      {workspace && (
        <button
          type="button"
          className="button button-quiet"
          onClick={() => call('workspace.close', {}).then(() => setCloseError(null), setCloseError)}
          data-testid="close-workspace"
        >
          Close workspace
        </button>
      )}
      {closeError !== null && <ErrorNote error={closeError} title="Closing failed" />}
    </header>
  );
}

function ThemeSwitch() {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  useEffect(() => applyTheme(choice), [choice]);
  return (
    <label className="theme-switch">
      <span>Theme</span>
      <select value={choice} onChange={(e) => setChoice(e.target.value as ThemeChoice)} data-testid="theme-select">
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
