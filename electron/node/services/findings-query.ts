/**
 * Filtering, sorting, grouping and paging a run's findings for the findings screen. Pure: the
 * services hand in the findings (cached per run and triage state) and the control catalogs.
 */
import type { CatalogId } from '../../../shared/model/control.js';
import { compareFindings, SEVERITY_ORDER, severityRank, type Finding, type FindingSource, type FindingStatus, type Severity } from '../../../shared/model/finding.js';
import type { z } from 'zod';
import type { FindingsPage, FindingsQuery } from '../../../shared/api/schemas/findings.js';

export type ParsedFindingsQuery = z.output<typeof FindingsQuery>;

export interface ControlLookup {
  catalogOf(control: string): CatalogId | null;
  titleOf(control: string): string;
}

const STATUSES: readonly FindingStatus[] = ['open', 'suppressed', 'false-positive', 'accepted-risk'];
const SOURCES: readonly FindingSource[] = ['spec', 'gateway', 'traffic', 'cross'];

function searchText(f: Finding): string {
  return [f.title, f.message, f.ruleId, ...f.endpoints, ...f.evidence, ...f.locations.map((l) => l.file), ...f.controls].join('\n').toLowerCase();
}

export function filterFindings(findings: readonly Finding[], filter: ParsedFindingsQuery['filter'], controls: ControlLookup): Finding[] {
  const inSet = <T>(list: readonly T[] | undefined) => (list && list.length > 0 ? new Set(list) : undefined);
  const severity = inSet(filter.severity);
  const status = inSet(filter.status);
  const source = inSet(filter.source);
  const confidence = inSet(filter.confidence);
  const control = inSet(filter.control);
  const catalog = inSet(filter.catalog);
  const rule = inSet(filter.ruleId);
  const evidence = inSet(filter.evidence);
  const search = filter.search?.trim().toLowerCase();
  return findings.filter(
    (f) =>
      (!severity || severity.has(f.severity)) &&
      (!status || status.has(f.status)) &&
      (!source || source.has(f.source)) &&
      (!confidence || confidence.has(f.confidence)) &&
      (!control || f.controls.some((c) => control.has(c))) &&
      (!catalog || f.controls.some((c) => {
        const id = controls.catalogOf(c);
        return id !== null && catalog.has(id);
      })) &&
      (!rule || rule.has(f.ruleId)) &&
      (!evidence || f.evidence.some((e) => evidence.has(e))) &&
      (filter.endpoint === undefined || f.endpoints.includes(filter.endpoint)) &&
      (!search || searchText(f).includes(search)),
  );
}

function comparatorOf(sort: ParsedFindingsQuery['sort']): (a: Finding, b: Finding) => number {
  if (!sort) return compareFindings;
  const dir = sort.direction === 'desc' ? -1 : 1;
  const key: (a: Finding, b: Finding) => number =
    sort.by === 'severity'
      ? (a, b) => severityRank(a.severity) - severityRank(b.severity)
      : sort.by === 'rule'
        ? (a, b) => a.ruleId.localeCompare(b.ruleId)
        : sort.by === 'status'
          ? (a, b) => STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status)
          : sort.by === 'occurrences'
            ? (a, b) => a.occurrences - b.occurrences
            : (a, b) => {
                const la = a.locations[0];
                const lb = b.locations[0];
                return (la?.file ?? '').localeCompare(lb?.file ?? '') || (la?.line ?? 0) - (lb?.line ?? 0);
              };
  return (a, b) => dir * key(a, b) || compareFindings(a, b);
}

function groupFindings(findings: readonly Finding[], by: 'rule' | 'control', controls: ControlLookup): NonNullable<FindingsPage['groups']> {
  const groups = new Map<string, { key: string; title: string; catalog?: CatalogId; count: number; open: number; worst: Severity }>();
  const add = (key: string, title: string, f: Finding, catalog?: CatalogId | null) => {
    let g = groups.get(key);
    if (!g) {
      g = { key, title, count: 0, open: 0, worst: f.severity, ...(catalog ? { catalog } : {}) };
      groups.set(key, g);
    }
    g.count += 1;
    if (f.status === 'open') g.open += 1;
    if (severityRank(f.severity) < severityRank(g.worst)) g.worst = f.severity;
  };
  for (const f of findings) {
    if (by === 'rule') add(f.ruleId, f.title, f);
    else for (const c of f.controls) add(c, controls.titleOf(c), f, controls.catalogOf(c));
  }
  return [...groups.values()]
    .sort((a, b) => severityRank(a.worst) - severityRank(b.worst) || b.open - a.open || a.key.localeCompare(b.key))
    .map((g) => ({ key: g.key, title: g.title, ...(g.catalog ? { catalog: g.catalog } : {}), count: g.count, open: g.open, worstSeverity: g.worst }));
}

function count<K extends string>(keys: readonly K[], values: Iterable<K>): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const v of values) out[v] += 1;
  return out;
}

export function queryFindings(runId: number | null, findings: readonly Finding[], query: ParsedFindingsQuery, controls: ControlLookup): FindingsPage {
  const filtered = filterFindings(findings, query.filter, controls);
  const sorted = query.sort ? [...filtered].sort(comparatorOf(query.sort)) : filtered; // findings come in the engine's order
  return {
    runId,
    total: filtered.length,
    unfiltered: findings.length,
    offset: query.offset,
    items: sorted.slice(query.offset, query.offset + query.limit),
    groups: query.groupBy ? groupFindings(filtered, query.groupBy, controls) : null,
    facets: {
      severity: count(SEVERITY_ORDER, findings.map((f) => f.severity)),
      status: count(STATUSES, findings.map((f) => f.status)),
      source: count(SOURCES, findings.map((f) => f.source)),
    },
  };
}
