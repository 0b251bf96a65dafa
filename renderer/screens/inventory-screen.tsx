/**
 * Inventory: every endpoint of the latest run, joined across sources — documented (spec), exposed
 * (gateway), observed (traffic) — with the controls in force and traffic volume; each links to
 * its findings.
 */
import { Fragment, useMemo, useState } from 'react';
import type { InventoryRow } from '../../shared/api/index.js';
import { formatDateTime, plural } from '../app/format.js';
import { useNavigation } from '../app/navigation.js';
import { useCall } from '../app/use-call.js';
import { Flag } from '../components/badges.js';
import { Empty, ErrorNote, Loading } from '../components/error-note.js';

type View = 'all' | 'undocumented' | 'unrouted' | 'both' | 'observed' | 'findings';

const VIEWS: Record<View, { label: string; test(row: InventoryRow): boolean }> = {
  all: { label: 'All endpoints', test: () => true },
  both: { label: 'Documented and exposed', test: (r) => r.documented && r.exposed },
  undocumented: { label: 'Exposed but not documented', test: (r) => r.exposed && !r.documented },
  unrouted: { label: 'Documented but not exposed', test: (r) => r.documented && !r.exposed },
  observed: { label: 'Seen in traffic', test: (r) => r.observed !== null },
  findings: { label: 'With open findings', test: (r) => r.findings.open > 0 },
};

function controlsSummary(row: InventoryRow): string[] {
  const c = row.controls;
  if (!c) return [];
  const parts: string[] = [];
  if (c.authentication.length) parts.push(`Auth: ${c.authentication.join(', ')}`);
  if (c.authorization.length) parts.push(`Authz: ${c.authorization.join(', ')}`);
  if (c.rateLimits.length) parts.push(`Rate: ${c.rateLimits.join(', ')}`);
  if (c.sizeLimit) parts.push(`Size: ${c.sizeLimit}`);
  if (c.cors) parts.push(`CORS: ${c.cors}`);
  if (c.requestValidation) parts.push(`Validation: ${c.requestValidation}`);
  if (c.logging.length) parts.push(`Logging: ${c.logging.join(', ')}`);
  if (c.ai.length) parts.push(`AI: ${c.ai.join(', ')}`);
  return parts;
}

export function InventoryScreen() {
  const nav = useNavigation();
  const inventory = useCall('inventory.get', {}, { refreshOn: ['run', 'triage'] });
  const [view, setView] = useState<View>('all');
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<string | null>(null);

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (inventory.data?.rows ?? []).filter((r) => VIEWS[view].test(r) && (!needle || r.endpoint.toLowerCase().includes(needle)));
  }, [inventory.data, view, search]);

  if (!inventory.data) {
    return (
      <div className="inventory">
        {inventory.loading && <Loading what="the inventory" />}
        <ErrorNote error={inventory.error} title="The inventory could not be built" />
      </div>
    );
  }
  const d = inventory.data;
  if (d.runId === null) {
    return (
      <Empty title="No audit run yet">
        <p>The inventory joins the endpoints of the evidence an audit run read.</p>
        <button type="button" className="button" onClick={() => nav.go({ screen: 'evidence' })}>
          Go to Evidence
        </button>
      </Empty>
    );
  }
  const counts = d.counts;
  return (
    <div className="inventory">
      <div className="stat-cards" data-testid="inventory-counts">
        <Stat label="Endpoints" value={counts.endpoints} />
        <Stat label="Documented" value={counts.documented} />
        <Stat label="Exposed" value={counts.exposed} />
        <Stat label="Documented and exposed" value={counts.documentedAndExposed} />
        <Stat label="Exposed, undocumented" value={counts.undocumented} tone={counts.undocumented > 0 ? 'warn' : undefined} />
        <Stat label="Documented, not routed" value={counts.unrouted} />
        <Stat label="Observed in traffic" value={counts.observed} />
      </div>
      {d.problems.length > 0 && (
        <ul className="problem-list" role="alert">
          {d.problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
      <div className="toolbar">
        <input type="search" aria-label="Search endpoints" placeholder="Search endpoints…" value={search} onChange={(e) => setSearch(e.target.value)} />
        <select aria-label="Show" value={view} onChange={(e) => setView(e.target.value as View)} data-testid="inventory-view">
          {(Object.keys(VIEWS) as View[]).map((v) => (
            <option key={v} value={v}>
              {VIEWS[v].label}
            </option>
          ))}
        </select>
        <span className="muted">{plural(rows.length, 'endpoint')}</span>
      </div>
      {rows.length === 0 ? (
        <Empty title="No endpoint matches" />
      ) : (
        <div className="table-wrap table-card">
          <table className="table inventory-table" data-testid="inventory-table">
            <thead>
              <tr>
                <th scope="col">Endpoint</th>
                <th scope="col">Sources</th>
                <th scope="col">Controls in force</th>
                <th scope="col" className="num">
                  Requests
                </th>
                <th scope="col" className="num">
                  Findings
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const summary = controlsSummary(r);
                const isOpen = expanded === r.endpoint;
                return (
                  <Fragment key={r.endpoint}>
                    <tr>
                      <td>
                        <button type="button" className="link endpoint" aria-expanded={isOpen} onClick={() => setExpanded(isOpen ? null : r.endpoint)}>
                          <span className={`method method-${r.method.toLowerCase()}`}>{r.method}</span> <code>{r.path}</code>
                        </button>
                      </td>
                      <td className="flags">
                        <Flag on={r.documented} label="Documented" />
                        <Flag on={r.exposed} label="Exposed" />
                        <Flag on={r.observed !== null} label="Observed" />
                      </td>
                      <td className="small">{summary.length > 0 ? summary.join(' · ') : <span className="muted">{r.exposed ? 'none found' : 'not routed'}</span>}</td>
                      <td className="num" data-testid="inventory-requests">
                        {r.observed ? (
                          <>
                            {r.observed.requests.toLocaleString()}
                            <span className="muted small block">{plural(r.observed.distinctCallers, 'caller')}</span>
                          </>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td className="num">
                        {r.findings.total > 0 ? (
                          <button
                            type="button"
                            className="link"
                            onClick={() => nav.go({ screen: 'findings', filter: { endpoint: r.endpoint } })}
                            aria-label={`${r.findings.open} open of ${r.findings.total} findings on ${r.endpoint}`}
                            data-testid="inventory-findings-link"
                          >
                            <strong>{r.findings.open}</strong>
                            <span className="muted">/{r.findings.total}</span>
                          </button>
                        ) : (
                          <span className="muted">0</span>
                        )}
                      </td>
                    </tr>
                    {isOpen && (
                      <tr className="row-detail">
                        <td colSpan={5}>
                          <EndpointDetail row={r} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <section className="panel" aria-labelledby="sources-title">
        <h3 id="sources-title">Sources joined</h3>
        <ul className="plain-list">
          {d.sources.specs.map((s) => (
            <li key={s.file}>
              <code>{s.file}</code> — API description{s.title ? ` “${s.title}”` : ''}, {plural(s.operations, 'operation')}
            </li>
          ))}
          {d.sources.gateways.map((g) => (
            <li key={g.file}>
              <code>{g.file}</code> — {g.product} ({g.format}), {plural(g.routes, 'route')}
            </li>
          ))}
          {d.sources.traffic.map((t) => (
            <li key={t.file}>
              <code>{t.file}</code> — traffic ({t.format}), {plural(t.requests, 'request')} to {plural(t.endpoints, 'endpoint')}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function Stat({ label, value, tone }: { label: string; value: number | null; tone?: 'warn' | undefined }) {
  return (
    <div className={`stat${tone ? ` stat-${tone}` : ''}`}>
      <span className="stat-value">{value === null ? '—' : value.toLocaleString()}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

function EndpointDetail({ row }: { row: InventoryRow }) {
  const nav = useNavigation();
  return (
    <div className="endpoint-detail">
      {row.documentedBy.length > 0 && (
        <div>
          <h4>Documented by</h4>
          <ul className="plain-list">
            {row.documentedBy.map((d, i) => (
              <li key={i}>
                <code>{d.spec}</code> {d.operationId && <>operation <code>{d.operationId}</code></>} · auth: {d.auth}
                {d.deprecated && <span className="warn-text"> · deprecated</span>} <span className="muted small">{d.location.pointer}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {row.exposedBy.length > 0 && (
        <div>
          <h4>Exposed by</h4>
          <ul className="plain-list">
            {row.exposedBy.map((x, i) => (
              <li key={i}>
                <code>{x.gateway}</code> ({x.product}) route <code>{x.route}</code> {x.methods.join(', ')} <code>{x.path}</code> · match {x.match}
                {x.hosts.length > 0 && <> · hosts {x.hosts.join(', ')}</>}
                {!x.effective && <span className="warn-text"> · shadowed by another route</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {row.observed && (
        <div data-testid="endpoint-observed">
          <h4>Observed</h4>
          <p>
            {plural(row.observed.requests, 'request')} in {row.observed.evidence.join(', ')}, from {formatDateTime(row.observed.firstSeen)} to{' '}
            {formatDateTime(row.observed.lastSeen)}. Status: {(['2xx', '3xx', '4xx', '5xx'] as const)
              .filter((k) => row.observed!.byClass[k] > 0)
              .map((k) => `${row.observed!.byClass[k].toLocaleString()} ${k}`)
              .join(', ') || 'none recorded'}
            .
          </p>
          {row.observed.callers.length > 0 && (
            <>
              <h4>Top callers ({plural(row.observed.distinctCallers, 'distinct caller')})</h4>
              <ul className="plain-list caller-list">
                {row.observed.callers.map((c) => (
                  <li key={c.caller}>
                    <code>{c.caller}</code> <span className="muted">{plural(c.requests, 'request')}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {row.findings.total > 0 && (
        <div>
          <button type="button" className="button button-small" onClick={() => nav.go({ screen: 'findings', filter: { endpoint: row.endpoint } })} data-testid="endpoint-findings">
            Show the {plural(row.findings.total, 'finding')} on this endpoint ({row.findings.open} open)
          </button>
        </div>
      )}
    </div>
  );
}
