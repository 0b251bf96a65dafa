/**
 * The findings table's data: pages of 200 rows fetched as they scroll into view, so the table
 * knows the total at once and holds only what was looked at. A new query starts over; a refresh
 * (triage, a new run) keeps showing the old rows until their new versions arrive.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FindingsPage, FindingsQuery } from '../../../shared/api/index.js';
import type { Finding } from '../../app/types.js';
import { call } from '../../app/api.js';
import { useGatehouseEvent } from '../../app/events.js';

export const PAGE_SIZE = 200;
const FETCH_INTERVAL = 60;
/** Rows the grid renders beyond the view (VirtualGrid's default overscan), plus one. */
const OVERSCAN = 9;

export type BaseQuery = Omit<FindingsQuery, 'offset' | 'limit' | 'groupBy'>;

export interface PagesMeta {
  runId: number | null;
  total: number;
  unfiltered: number;
  facets: FindingsPage['facets'];
}

interface Store {
  key: string;
  /** Rows that pass the filter, once a page said. */
  total: number | null;
  pages: Map<number, Finding[]>;
  inflight: Set<number>;
  previous: Store | null;
}

export interface FindingsPages {
  meta: PagesMeta | null;
  error: unknown;
  /** The row at an index, or undefined while its page is on its way. */
  rowAt(index: number): Finding | undefined;
  /** Fetches the pages that hold these rows (inclusive). */
  ensure(first: number, last: number): void;
  /** Bumped whenever rows arrive (a dependency for memoized rendering). */
  version: number;
  loading: boolean;
}

export function useFindingsPages(base: BaseQuery): FindingsPages {
  const key = JSON.stringify(base);
  const store = useRef<Store>({ key: '', total: null, pages: new Map(), inflight: new Set(), previous: null });
  const visible = useRef<[number, number]>([0, 50]);
  const [meta, setMeta] = useState<PagesMeta | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [refresh, setRefresh] = useState(0);
  const [loading, setLoading] = useState(true);

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const fetchRef = useRef<() => void>(() => {});

  const load = useCallback((target: Store, page: number) => {
    if (target.pages.has(page) || target.inflight.has(page)) return;
    if (page > 0 && target.total !== null && page * PAGE_SIZE >= target.total) return;
    target.inflight.add(page);
    const query = JSON.parse(target.key) as BaseQuery;
    call('findings.list', { ...query, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
      (answer) => {
        target.inflight.delete(page);
        if (store.current !== target) return;
        target.pages.set(page, answer.items);
        target.total = answer.total;
        if (target.inflight.size === 0) target.previous = null;
        // The view may now be settled: fetch what is around it (and anything still missing in it).
        if (timer.current === null) timer.current = setTimeout(() => fetchRef.current(), FETCH_INTERVAL);
        const next: PagesMeta = { runId: answer.runId, total: answer.total, unfiltered: answer.unfiltered, facets: answer.facets };
        // Same counts: keep the same object, so nothing that depends only on them renders again.
        setMeta((current) => (current && JSON.stringify(current) === JSON.stringify(next) ? current : next));
        setError(null);
        setLoading(false);
        setVersion((v) => v + 1);
      },
      (e: unknown) => {
        target.inflight.delete(page);
        if (store.current !== target) return;
        setError(e);
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    const isRefresh = store.current.key === key;
    const next: Store = { key, total: null, pages: new Map(), inflight: new Set(), previous: isRefresh ? store.current : null };
    store.current = next;
    setLoading(true);
    if (!isRefresh) {
      visible.current = [0, 50];
      setMeta(null);
    }
    const [first, last] = visible.current;
    load(next, 0);
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) load(next, p);
  }, [key, refresh, load]);

  useGatehouseEvent((event) => {
    if (event.type === 'workspace.changed' && (event.what === 'triage' || event.what === 'run')) setRefresh((r) => r + 1);
  });

  const rowAt = useCallback((index: number) => {
    const page = Math.floor(index / PAGE_SIZE);
    const s = store.current;
    return (s.pages.get(page) ?? s.previous?.pages.get(page))?.[index % PAGE_SIZE];
  }, []);

  // While the list scrolls, the pages in view (and half a page beyond, either way) are fetched at
  // most every FETCH_INTERVAL ms: a fling over thousands of rows does not queue a request for
  // every page it passes, and a steady scroll finds the next page already there.
  const fetchVisible = useCallback(() => {
    timer.current = null;
    // The rows in view plus the few the grid renders beyond them (its overscan).
    const first = Math.max(0, visible.current[0] - OVERSCAN);
    const last = visible.current[1] + OVERSCAN;
    const s = store.current;
    const from = Math.max(0, Math.floor((first - PAGE_SIZE / 2) / PAGE_SIZE));
    const to = Math.floor((last + PAGE_SIZE / 2) / PAGE_SIZE);
    // The pages in view first; the ones around them once the view has its rows (a fling that
    // is still moving would not use them).
    let settled = true;
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) {
      if (!s.pages.has(p)) settled = false;
      load(s, p);
    }
    if (settled) for (let p = from; p <= to; p++) load(s, p);
  }, [load]);

  fetchRef.current = fetchVisible;

  const ensure = useCallback(
    (first: number, last: number) => {
      visible.current = [first, last];
      const s = store.current;
      const missing = !s.pages.has(Math.floor(Math.max(0, first - OVERSCAN) / PAGE_SIZE)) || !s.pages.has(Math.floor((last + OVERSCAN) / PAGE_SIZE));
      if (timer.current === null) timer.current = setTimeout(fetchVisible, missing ? FETCH_INTERVAL / 2 : FETCH_INTERVAL);
    },
    [fetchVisible],
  );

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  return { meta, error, rowAt, ensure, version, loading };
}
