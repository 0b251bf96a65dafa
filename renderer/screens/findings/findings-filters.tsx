/**
 * The findings filter bar: search, severity / status / source chips with their counts, control,
 * rule and evidence pickers, grouping, and saved filters.
 */
import { memo, useEffect, useRef, useState } from 'react';
import type { FindingFilter } from '../../../shared/api/index.js';
import type { CatalogId, FindingGroup } from '../../app/types.js';
import type { FindingSource, FindingStatus, Severity } from '../../../shared/model/finding.js';
import type { PagesMeta } from './findings-pages.js';
import { deleteFilter, loadSavedFilters, saveFilter, type FilterState, type SavedFilter } from './saved-filters.js';
import { describeError } from '../../app/api.js';
import { useGatehouseEvent } from '../../app/events.js';
import { CATALOGS, CATALOG_LABEL, CATALOG_SHORT, SEVERITIES, SEVERITY_LABEL, SOURCES, SOURCE_LABEL, STATUSES, STATUS_LABEL } from '../../app/vocabulary.js';

interface Props {
  state: FilterState;
  onChange(state: FilterState): void;
  facets: PagesMeta['facets'] | null;
  rules: readonly FindingGroup[];
  controls: readonly FindingGroup[];
  evidence: readonly string[];
  workspaceId: string;
  searchRef: React.RefObject<HTMLInputElement | null>;
}

function toggle<T>(list: readonly T[] | undefined, value: T): T[] | undefined {
  const set = new Set(list ?? []);
  if (set.has(value)) set.delete(value);
  else set.add(value);
  return set.size > 0 ? [...set] : undefined;
}

function withFilter(state: FilterState, patch: Partial<FindingFilter>): FilterState {
  const filter: FindingFilter = { ...state.filter, ...patch };
  for (const key of Object.keys(filter) as (keyof FindingFilter)[]) if (filter[key] === undefined) delete filter[key];
  return { ...state, filter };
}

export function isFiltered(filter: FindingFilter): boolean {
  return Object.values(filter).some((v) => v !== undefined && (!Array.isArray(v) || v.length > 0) && v !== '');
}

export const FindingsFilters = memo(function FindingsFilters({ state, onChange, facets, rules, controls, evidence, workspaceId, searchRef }: Props) {
  const { filter } = state;
  const [search, setSearch] = useState(filter.search ?? '');
  const latest = useRef(state);
  latest.current = state;

  useEffect(() => setSearch(filter.search ?? ''), [filter.search]);
  useEffect(() => {
    if ((filter.search ?? '') === search) return;
    const timer = setTimeout(() => onChange(withFilter(latest.current, { search: search.trim() ? search : undefined })), 250);
    return () => clearTimeout(timer);
  }, [search, filter.search, onChange]);

  const controlValue = filter.catalog?.[0] ? `catalog:${filter.catalog[0]}` : filter.control?.[0] ? `control:${filter.control[0]}` : '';
  const setControl = (value: string) => {
    if (value.startsWith('catalog:')) onChange(withFilter(state, { catalog: [value.slice(8) as CatalogId], control: undefined }));
    else if (value.startsWith('control:')) onChange(withFilter(state, { control: [value.slice(8)], catalog: undefined }));
    else onChange(withFilter(state, { control: undefined, catalog: undefined }));
  };

  return (
    <div className="filters" role="search" aria-label="Filter findings">
      <div className="filters-row">
        <input
          ref={searchRef}
          type="search"
          className="filters-search"
          placeholder="Search findings  ( / )"
          aria-label="Search findings by title, message, rule, endpoint or file"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="findings-search"
        />
        <select aria-label="Control" value={controlValue} onChange={(e) => setControl(e.target.value)} data-testid="filter-control">
          <option value="">Any control</option>
          {CATALOGS.map((catalog) => (
            <optgroup key={catalog} label={CATALOG_LABEL[catalog]}>
              <option value={`catalog:${catalog}`}>Any {CATALOG_SHORT[catalog]} requirement</option>
              {controls
                .filter((c) => c.catalog === catalog)
                .map((c) => (
                  <option key={c.key} value={`control:${c.key}`}>
                    {c.key} {c.title} ({c.count})
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
        <select
          aria-label="Rule"
          value={filter.ruleId?.[0] ?? ''}
          onChange={(e) => onChange(withFilter(state, { ruleId: e.target.value ? [e.target.value] : undefined }))}
          data-testid="filter-rule"
        >
          <option value="">Any rule</option>
          {rules.map((r) => (
            <option key={r.key} value={r.key}>
              {r.key} ({r.count})
            </option>
          ))}
        </select>
        <select
          aria-label="Evidence"
          value={filter.evidence?.[0] ?? ''}
          onChange={(e) => onChange(withFilter(state, { evidence: e.target.value ? [e.target.value] : undefined }))}
          data-testid="filter-evidence"
        >
          <option value="">Any evidence</option>
          {evidence.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <select
          aria-label="Group by"
          value={state.groupBy ?? ''}
          onChange={(e) => onChange({ ...state, groupBy: e.target.value === 'rule' || e.target.value === 'control' ? e.target.value : null })}
          data-testid="group-by"
        >
          <option value="">No grouping</option>
          <option value="rule">Group by rule</option>
          <option value="control">Group by control</option>
        </select>
      </div>
      <div className="filters-row">
        <ChipGroup<Severity>
          label="Severity"
          values={SEVERITIES}
          labels={SEVERITY_LABEL}
          selected={filter.severity}
          counts={facets?.severity}
          chipClass={(v) => `chip-sev chip-sev-${v}`}
          onToggle={(v) => onChange(withFilter(state, { severity: toggle(filter.severity, v) }))}
        />
        <ChipGroup<FindingStatus>
          label="Status"
          values={STATUSES}
          labels={STATUS_LABEL}
          selected={filter.status}
          counts={facets?.status}
          onToggle={(v) => onChange(withFilter(state, { status: toggle(filter.status, v) }))}
        />
        <ChipGroup<FindingSource>
          label="Source"
          values={SOURCES}
          labels={SOURCE_LABEL}
          selected={filter.source}
          counts={facets?.source}
          onToggle={(v) => onChange(withFilter(state, { source: toggle(filter.source, v) }))}
        />
        {filter.endpoint && (
          <span className="chip is-on">
            Endpoint <code>{filter.endpoint}</code>
            <button type="button" className="chip-remove" aria-label="Remove the endpoint filter" onClick={() => onChange(withFilter(state, { endpoint: undefined }))}>
              ×
            </button>
          </span>
        )}
        <SavedFilters workspaceId={workspaceId} state={state} onApply={onChange} />
        {(isFiltered(filter) || state.groupBy) && (
          <button type="button" className="button button-small button-quiet" onClick={() => onChange({ filter: {}, groupBy: null })} data-testid="clear-filters">
            Clear all
          </button>
        )}
      </div>
    </div>
  );
});

function ChipGroup<T extends string>(props: {
  label: string;
  values: readonly T[];
  labels: Record<T, string>;
  selected: readonly T[] | undefined;
  counts: Record<T, number> | undefined;
  chipClass?: (value: T) => string;
  onToggle(value: T): void;
}) {
  return (
    <div className="chip-group" role="group" aria-label={props.label}>
      <span className="chip-group-label">{props.label}</span>
      {props.values.map((value) => {
        const on = props.selected?.includes(value) ?? false;
        const count = props.counts?.[value];
        return (
          <button
            key={value}
            type="button"
            className={`chip${on ? ' is-on' : ''} ${props.chipClass?.(value) ?? ''}`}
            aria-pressed={on}
            onClick={() => props.onToggle(value)}
            data-testid={`chip-${value}`}
          >
            {props.labels[value]}
            {count !== undefined && <span className="chip-count">{count.toLocaleString()}</span>}
          </button>
        );
      })}
    </div>
  );
}

function SavedFilters({ workspaceId, state, onApply }: { workspaceId: string; state: FilterState; onApply(state: FilterState): void }) {
  const [saved, setSaved] = useState<SavedFilter[]>([]);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    loadSavedFilters(workspaceId).then(
      (items) => {
        if (live) setSaved(items);
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [workspaceId, tick]);
  // Another window (or this one) saved or deleted a filter in the workspace.
  useGatehouseEvent((event) => {
    if (event.type === 'workspace.changed' && event.what === 'filters') setTick((t) => t + 1);
  });

  const save = async () => {
    const trimmed = name.trim();
    if (!trimmed) return;
    setError(null);
    try {
      const stored = await saveFilter(trimmed, state);
      setSaved((list) => [...list.filter((f) => f.name !== stored.name), stored].sort((x, y) => x.name.localeCompare(y.name)));
      setNaming(false);
      setName('');
      setChosen(stored.name);
    } catch (e) {
      setError(e);
    }
  };
  const remove = async () => {
    setError(null);
    try {
      await deleteFilter(chosen);
      setSaved((list) => list.filter((f) => f.name !== chosen));
      setChosen('');
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="saved-filters">
      <select
        aria-label="Saved filters"
        value={chosen}
        onChange={(e) => {
          setChosen(e.target.value);
          const found = saved.find((f) => f.name === e.target.value);
          if (found) onApply(found.state);
        }}
        data-testid="saved-filters"
      >
        <option value="">Saved filters ({saved.length})</option>
        {saved.map((f) => (
          <option key={f.name} value={f.name}>
            {f.name}
          </option>
        ))}
      </select>
      {chosen && (
        <button type="button" className="button button-small button-quiet" onClick={() => void remove()} aria-label={`Delete the saved filter ${chosen}`} data-testid="delete-saved-filter">
          Delete
        </button>
      )}
      {naming ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <input aria-label="Name of the saved filter" value={name} onChange={(e) => setName(e.target.value)} autoFocus placeholder="Name" data-testid="saved-filter-name" />
          <button type="submit" className="button button-small" disabled={!name.trim()}>
            Save
          </button>
          <button type="button" className="button button-small button-quiet" onClick={() => setNaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" className="button button-small" onClick={() => setNaming(true)} data-testid="save-filter">
          Save filter…
        </button>
      )}
      {error !== null && (
        <span className="field-error" role="alert">
          {describeError(error)}
        </span>
      )}
    </div>
  );
}
