/**
 * Findings: every finding of the latest run in a virtual table (smooth at 50,000 rows), filtered
 * and searched on the services' side, grouped by rule or control, with the selected finding's
 * detail beside the table.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FindingFilter } from '../../../shared/api/index.js';
import type { Finding, FindingGroup } from '../../app/types.js';
import { useNavigation, type Route } from '../../app/navigation.js';
import { plural } from '../../app/format.js';
import { useCall } from '../../app/use-call.js';
import { SEVERITY_LABEL, SOURCE_LABEL } from '../../app/vocabulary.js';
import { useOpenWorkspace } from '../../app/workspace-context.js';
import { SeverityBadge, StatusBadge } from '../../components/badges.js';
import { Empty, ErrorNote } from '../../components/error-note.js';
import { VirtualGrid } from '../../components/virtual-grid.js';
import { FindingDetailPanel } from './finding-detail.js';
import { FindingsFilters, isFiltered } from './findings-filters.js';
import { useFindingsPages, type BaseQuery } from './findings-pages.js';
import type { FilterState } from './saved-filters.js';

type SortBy = 'severity' | 'rule' | 'location' | 'status' | 'occurrences';
type Sort = { by: SortBy; direction: 'asc' | 'desc' } | undefined;

const ROW_HEIGHT = 36;
const NO_GROUPS: readonly FindingGroup[] = [];

/** The last filters used per workspace, so coming back to the screen keeps them. */
const lastState = new Map<string, { state: FilterState; sort: Sort; group: string | null }>();

export function FindingsScreen({ route }: { route: Extract<Route, { screen: 'findings' }> }) {
  const workspace = useOpenWorkspace();
  const nav = useNavigation();
  const remembered = route.filter || route.groupBy ? undefined : lastState.get(workspace.file);
  const [state, setState] = useState<FilterState>(remembered?.state ?? { filter: route.filter ?? {}, groupBy: route.groupBy ?? null });
  const [sort, setSort] = useState<Sort>(remembered?.sort);
  const [group, setGroup] = useState<string | null>(remembered?.group ?? null);
  const [selected, setSelected] = useState<number | null>(null);
  const [open, setOpen] = useState<string | null>(route.open ?? null);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    lastState.set(workspace.file, { state, sort, group });
  }, [workspace.file, state, sort, group]);

  const stateRef = useRef(state);
  stateRef.current = state;
  const changeState = useCallback((next: FilterState) => {
    if (stateRef.current.groupBy !== next.groupBy) setGroup(null);
    setState(next);
    setSelected(null);
  }, []);

  const tableFilter: FindingFilter = useMemo(() => {
    if (!group || !state.groupBy) return state.filter;
    return state.groupBy === 'rule' ? { ...state.filter, ruleId: [group] } : { ...state.filter, control: [group], catalog: undefined };
  }, [state, group]);

  const base: BaseQuery = useMemo(() => ({ filter: stripUndefined(tableFilter), ...(sort ? { sort } : {}) }), [tableFilter, sort]);
  const pages = useFindingsPages(base);
  const resetKey = JSON.stringify(base);

  const rules = useCall('findings.list', { limit: 1, groupBy: 'rule' }, { refreshOn: ['run'] });
  const controls = useCall('findings.list', { limit: 1, groupBy: 'control' }, { refreshOn: ['run'] });
  const evidence = useCall('evidence.list', {}, { refreshOn: ['evidence', 'run'] });
  const groups = useCall('findings.list', state.groupBy ? { limit: 1, groupBy: state.groupBy, filter: stripUndefined(state.filter) } : null, {
    refreshOn: ['run', 'triage'],
  });

  const grid = useRef<HTMLDivElement>(null);
  const closeDetail = useCallback(() => {
    setOpen(null);
    grid.current?.querySelector<HTMLElement>('[role="grid"]')?.focus();
  }, []);
  const filterEndpoint = useCallback(
    (endpoint: string) => changeState({ ...stateRef.current, filter: { ...stateRef.current.filter, endpoint } }),
    [changeState],
  );
  const filterControl = useCallback(
    (control: string) => changeState({ ...stateRef.current, filter: { ...stateRef.current.filter, control: [control], catalog: undefined } }),
    [changeState],
  );
  const selectGroup = useCallback((key: string) => {
    setGroup((current) => (key === current ? null : key));
    setSelected(null);
  }, []);
  const openRef = useRef(open);
  openRef.current = open;
  const closeRef = useRef(closeDetail);
  closeRef.current = closeDetail;

  // "/" focuses the search box; Escape closes the detail.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
      if (e.key === '/' && !typing) {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'Escape' && !e.defaultPrevented && openRef.current !== null) {
        e.preventDefault();
        closeRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const select = (index: number) => {
    setSelected(index);
    if (open !== null) {
      const f = pages.rowAt(index);
      if (f) setOpen(f.fingerprint);
    }
  };
  const activate = (index: number) => {
    setSelected(index);
    const f = pages.rowAt(index);
    if (f) setOpen(f.fingerprint);
  };

  const evidenceNames = useMemo(() => uniqueNames(evidence.data?.items.map((e) => e.name) ?? []), [evidence.data]);
  const meta = pages.meta;
  const notAudited = meta !== null && meta.runId === null;

  const sortHeader = (by: SortBy, label: string) => {
    const active = sort?.by === by;
    const next: Sort = !active ? { by, direction: by === 'occurrences' ? 'desc' : 'asc' } : sort!.direction === 'asc' ? { by, direction: 'desc' } : undefined;
    return (
      <button type="button" className={`sort${active ? ' is-active' : ''}`} onClick={() => setSort(next)} aria-label={`Sort by ${label.toLowerCase()}`}>
        {label}
        <span aria-hidden="true">{active ? (sort!.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    );
  };

  const header = (
    <>
      <div role="columnheader" aria-sort={ariaSort(sort, 'severity')}>
        {sortHeader('severity', 'Severity')}
      </div>
      <div role="columnheader" aria-sort={ariaSort(sort, 'status')}>
        {sortHeader('status', 'Status')}
      </div>
      <div role="columnheader" aria-sort={ariaSort(sort, 'rule')}>
        {sortHeader('rule', 'Finding')}
      </div>
      <div role="columnheader" aria-sort={ariaSort(sort, 'location')}>
        {sortHeader('location', 'Location')}
      </div>
      <div role="columnheader">Endpoints</div>
      <div role="columnheader">Controls</div>
      <div role="columnheader" className="num" aria-sort={ariaSort(sort, 'occurrences')}>
        {sortHeader('occurrences', 'Places')}
      </div>
    </>
  );

  const renderRow = (index: number) => {
    const f = pages.rowAt(index);
    if (!f) return <LoadingRow />;
    return <FindingRow f={f} />;
  };

  return (
    <div className="findings">
      <FindingsFilters
        state={state}
        onChange={changeState}
        facets={meta?.facets ?? null}
        rules={rules.data?.groups ?? NO_GROUPS}
        controls={controls.data?.groups ?? NO_GROUPS}
        evidence={evidenceNames}
        workspaceId={workspace.meta.id}
        searchRef={searchRef}
      />
      <div className="findings-summary" role="status" aria-live="polite" data-testid="findings-summary">
        {meta === null
          ? 'Loading findings…'
          : notAudited
            ? 'Not audited yet.'
            : meta.total === meta.unfiltered
              ? `${plural(meta.total, 'finding')}`
              : `${meta.total.toLocaleString()} of ${plural(meta.unfiltered, 'finding')} match`}
        {group && (
          <span>
            {' '}
            in <code>{group}</code>{' '}
            <button type="button" className="link" onClick={() => setGroup(null)}>
              (all groups)
            </button>
          </span>
        )}
        <span className="muted findings-keys"> ↑↓ select · Enter open · Esc close · / search</span>
      </div>
      <ErrorNote error={pages.error} title="The findings could not be read" />
      {notAudited ? (
        <Empty title="No audit run yet">
          <p>Import evidence and run the audit to see findings.</p>
          <button type="button" className="button" onClick={() => nav.go({ screen: 'evidence' })}>
            Go to Evidence
          </button>
        </Empty>
      ) : (
        <div className={`findings-body${state.groupBy ? ' has-groups' : ''}${open ? ' has-detail' : ''}`}>
          {state.groupBy && (
            <GroupList
              by={state.groupBy}
              groups={groups.data?.groups ?? null}
              error={groups.error}
              selected={group}
              onSelect={selectGroup}
            />
          )}
          <div className="findings-table" ref={grid}>
            {meta !== null && meta.total === 0 ? (
              <Empty title={isFiltered(tableFilter) ? 'No finding matches these filters' : 'The audit found nothing'}>
                {isFiltered(tableFilter) && (
                  <button type="button" className="button" onClick={() => changeState({ filter: {}, groupBy: state.groupBy })}>
                    Clear the filters
                  </button>
                )}
              </Empty>
            ) : (
              <VirtualGrid
                rowCount={meta?.total ?? 0}
                rowHeight={ROW_HEIGHT}
                header={header}
                rowClass="findings-row"
                renderRow={renderRow}
                selected={selected}
                onSelect={select}
                onActivate={activate}
                onVisibleRange={pages.ensure}
                label="Findings"
                testId="findings-grid"
                resetKey={resetKey}
                rowClassName={(i) => {
                  const f = pages.rowAt(i);
                  return f && open === f.fingerprint ? 'is-open' : '';
                }}
              />
            )}
          </div>
          {open && (
            <FindingDetailPanel
              fingerprint={open}
              onClose={closeDetail}
              onFilterEndpoint={filterEndpoint}
              onFilterControl={filterControl}
            />
          )}
        </div>
      )}
    </div>
  );
}

function ariaSort(sort: Sort, by: SortBy): 'ascending' | 'descending' | 'none' {
  return sort?.by === by ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
}

function stripUndefined(filter: FindingFilter): FindingFilter {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out as FindingFilter;
}

function uniqueNames(names: string[]): string[] {
  return [...new Set(names)].sort((a, b) => a.localeCompare(b));
}

const LoadingRow = memo(function LoadingRow() {
  return (
    <>
      {Array.from({ length: 7 }, (_, i) => (
        <div key={i} role="gridcell" className="cell-loading">
          <span className="skeleton" />
        </div>
      ))}
    </>
  );
});

const FindingRow = memo(function FindingRow({ f }: { f: Finding }) {
  const loc = f.locations[0];
  return (
    <>
      <div role="gridcell">
        <SeverityBadge severity={f.severity} />
      </div>
      <div role="gridcell">
        <StatusBadge status={f.status} />
      </div>
      <div role="gridcell" className="cell-finding" title={`${f.title}\n${f.message}`}>
        <span className="cell-title">{f.title}</span> <span className="cell-rule muted">{f.ruleId}</span>
      </div>
      <div role="gridcell" className="cell-mono" title={loc ? `${loc.file}:${loc.line}` : SOURCE_LABEL[f.source]}>
        {loc ? `${loc.file}${loc.line > 0 ? `:${loc.line}` : ''}` : <span className="muted">{SOURCE_LABEL[f.source]}</span>}
      </div>
      <div role="gridcell" className="cell-mono" title={f.endpoints.join('\n')}>
        {f.endpoints[0] ?? <span className="muted">—</span>}
        {f.endpoints.length > 1 && <span className="muted"> +{f.endpoints.length - 1}</span>}
      </div>
      <div role="gridcell" className="cell-controls" title={f.controls.join(', ')}>
        {f.controls.join(' ')}
      </div>
      <div role="gridcell" className="num">
        {f.occurrences}
      </div>
    </>
  );
});

const GroupList = memo(function GroupList(props: { by: 'rule' | 'control'; groups: readonly FindingGroup[] | null; error: unknown; selected: string | null; onSelect(key: string): void }) {
  return (
    <div className="group-list" role="region" aria-label={props.by === 'rule' ? 'Groups by rule' : 'Groups by control'} data-testid="group-list">
      <ErrorNote error={props.error} title="The groups could not be read" />
      {props.groups === null && !props.error && <p className="muted">Grouping…</p>}
      <ul>
        {props.groups?.map((g) => (
          <li key={g.key}>
            <button
              type="button"
              className={`group-item${props.selected === g.key ? ' is-current' : ''}`}
              aria-pressed={props.selected === g.key}
              onClick={() => props.onSelect(g.key)}
              title={`${g.key} — ${g.title}: ${g.count} findings, ${g.open} open, worst ${SEVERITY_LABEL[g.worstSeverity]}`}
            >
              <span className={`dot dot-${g.worstSeverity}`} aria-hidden="true" />
              <span className="group-key">{g.key}</span>
              <span className="group-count">
                {g.open.toLocaleString()}
                <span className="muted">/{g.count.toLocaleString()}</span>
              </span>
              <span className="group-title muted">{g.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
});
