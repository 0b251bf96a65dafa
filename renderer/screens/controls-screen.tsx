/**
 * Controls: OWASP API Security Top 10 2023, OWASP Top 10 for LLM Applications 2025 and GDPR as
 * matrices — per requirement, the rules that check it, the findings (open / all), the worst
 * severity and the manual checklist answers — with a chart; everything clicks through to the
 * findings.
 */
import { useState, type KeyboardEvent } from 'react';
import type { CatalogCoverage } from '../../shared/api/index.js';
import type { CatalogId } from '../app/types.js';
import { useNavigation, type Route } from '../app/navigation.js';
import { useCall } from '../app/use-call.js';
import { CATALOGS, CATALOG_SHORT, CHECKLIST_ANSWER_LABEL } from '../app/vocabulary.js';
import { SeverityBadge } from '../components/badges.js';
import { ErrorNote, Loading } from '../components/error-note.js';
import { CoverageChart } from './coverage-chart.js';

export function ControlsScreen({ route }: { route: Extract<Route, { screen: 'controls' }> }) {
  const coverage = useCall('controls.coverage', {}, { refreshOn: ['run', 'triage', 'checklist'] });
  const [tab, setTab] = useState<CatalogId>(route.catalog ?? 'owasp-api-2023');
  const nav = useNavigation();

  if (!coverage.data) {
    return (
      <div>
        {coverage.loading && <Loading what="the coverage" />}
        <ErrorNote error={coverage.error} title="The coverage could not be computed" />
      </div>
    );
  }
  const catalogs = coverage.data.catalogs;
  const current = catalogs.find((c) => c.id === tab) ?? catalogs[0];

  const onTabKey = (event: KeyboardEvent) => {
    const i = CATALOGS.indexOf(tab as (typeof CATALOGS)[number]);
    const next = event.key === 'ArrowRight' ? (i + 1) % CATALOGS.length : event.key === 'ArrowLeft' ? (i + CATALOGS.length - 1) % CATALOGS.length : -1;
    if (next >= 0) {
      event.preventDefault();
      setTab(CATALOGS[next]!);
      document.getElementById(`tab-${CATALOGS[next]}`)?.focus();
    }
  };

  return (
    <div className="controls">
      {coverage.data.runId === null && <p className="note">No audit run yet: the matrices list every requirement, with no findings.</p>}
      <div className="tabs" role="tablist" aria-label="Control catalogs" onKeyDown={onTabKey}>
        {catalogs.map((c) => (
          <button
            key={c.id}
            id={`tab-${c.id}`}
            type="button"
            role="tab"
            aria-selected={c.id === current?.id}
            aria-controls={`panel-${c.id}`}
            tabIndex={c.id === current?.id ? 0 : -1}
            className={`tab${c.id === current?.id ? ' is-current' : ''}`}
            onClick={() => setTab(c.id)}
            data-testid={`tab-${c.id}`}
          >
            {CATALOG_SHORT[c.id]}
            <span className="tab-count">{c.totals.openFindings}</span>
          </button>
        ))}
      </div>
      {current && (
        <div role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`}>
          <CatalogPanel catalog={current} onOpen={(control) => nav.go({ screen: 'findings', filter: { control: [control] } })} onChecklist={(item) => nav.go({ screen: 'checklist', item })} />
        </div>
      )}
    </div>
  );
}

function CatalogPanel({ catalog, onOpen, onChecklist }: { catalog: CatalogCoverage; onOpen(control: string): void; onChecklist(item: string): void }) {
  const t = catalog.totals;
  return (
    <div className="catalog">
      <p className="catalog-summary">
        <strong>{catalog.title}</strong> <span className="muted">({catalog.version})</span> — {t.requirements} requirements, {t.withRules} checked by rules,{' '}
        {t.withOpenFindings} with open findings, {t.openFindings.toLocaleString()} open findings in all.
        {catalog.id === 'gdpr' && <span className="muted"> Findings are evidence for or against a requirement, never a statement of compliance.</span>}
      </p>
      <div className="panel chart-panel">
        <CoverageChart catalog={catalog} onOpen={onOpen} />
        <p className="chart-legend muted small">
          <span className="legend-swatch bar-high" aria-hidden="true" /> open (colour: worst severity) <span className="legend-swatch bar-closed" aria-hidden="true" /> suppressed or
          triaged · “no rule”: only the checklist and the auditor can speak to it
        </p>
      </div>
      <div className="table-wrap table-card">
        <table className="table matrix" data-testid={`matrix-${catalog.id}`}>
          <thead>
            <tr>
              <th scope="col">Requirement</th>
              <th scope="col" className="num">
                Rules
              </th>
              <th scope="col" className="num">
                Open
              </th>
              <th scope="col" className="num">
                Not open
              </th>
              <th scope="col">Worst</th>
              <th scope="col">Checklist</th>
            </tr>
          </thead>
          <tbody>
            {catalog.requirements.map((r) => (
              <tr key={r.id}>
                <th scope="row" className="matrix-req">
                  <code>{r.id}</code> {r.title}
                  <div className="muted small">{r.summary}</div>
                  {r.limits && (
                    <details className="limits">
                      <summary>What automated evidence cannot show</summary>
                      <p className="small">{r.limits}</p>
                    </details>
                  )}
                </th>
                <td className="num">{r.rules.length || <span className="muted">—</span>}</td>
                <td className="num">
                  {r.findings.total > 0 ? (
                    <button type="button" className="link" onClick={() => onOpen(r.id)} aria-label={`Show the ${r.findings.total} findings of ${r.id}`}>
                      <strong>{r.findings.open}</strong>
                    </button>
                  ) : (
                    <span className="muted">0</span>
                  )}
                </td>
                <td className="num">{r.findings.total - r.findings.open}</td>
                <td>{r.worstSeverity ? <SeverityBadge severity={r.worstSeverity} /> : <span className="muted">—</span>}</td>
                <td>
                  {r.checklist.length === 0 && <span className="muted">—</span>}
                  {r.checklist.map((c) => (
                    <button key={c.itemId} type="button" className="link checklist-link" onClick={() => onChecklist(c.itemId)} title={c.itemId}>
                      {c.answer ? CHECKLIST_ANSWER_LABEL[c.answer] : 'Unanswered'}
                    </button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
