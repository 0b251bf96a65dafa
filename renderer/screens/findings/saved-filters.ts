/**
 * Saved findings filters live in the workspace (`findings.filters` / `saveFilter` /
 * `deleteFilter`, migration 0004), so they travel with the audit and are in its log. Filters an
 * earlier version kept in this machine's localStorage are moved into the workspace once.
 */
import type { FindingFilter, SavedFilter } from '../../../shared/api/index.js';
import { call } from '../../app/api.js';

export interface FilterState {
  filter: FindingFilter;
  groupBy: 'rule' | 'control' | null;
}

export type { SavedFilter };

const legacyKey = (workspaceId: string) => `gatehouse.savedFilters.${workspaceId}`;

/** Filters an earlier version stored in localStorage for this workspace (removed once moved). */
function legacyFilters(workspaceId: string): { name: string; state: FilterState }[] {
  try {
    const raw = localStorage.getItem(legacyKey(workspaceId));
    const parsed = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(parsed) ? (parsed as { name: string; state: FilterState }[]).filter((f) => typeof f?.name === 'string' && typeof f.state === 'object') : [];
  } catch {
    return [];
  }
}

/** Moves localStorage filters into the workspace (once), then lists the workspace's. */
export async function loadSavedFilters(workspaceId: string): Promise<SavedFilter[]> {
  const legacy = legacyFilters(workspaceId);
  if (legacy.length) {
    const { items } = await call('findings.filters', {});
    const known = new Set(items.map((f) => f.name));
    for (const f of legacy) {
      if (known.has(f.name.trim())) continue;
      try {
        await call('findings.saveFilter', { name: f.name, state: { filter: f.state.filter ?? {}, groupBy: f.state.groupBy ?? null } });
      } catch {
        /* a filter the contract refuses (an older shape) is dropped */
      }
    }
    try {
      localStorage.removeItem(legacyKey(workspaceId));
    } catch {
      /* storage unavailable */
    }
  }
  return (await call('findings.filters', {})).items;
}

/** JSON drops undefined keys; the contract refuses nothing it would keep. */
function plain(state: FilterState): FilterState {
  return JSON.parse(JSON.stringify(state)) as FilterState;
}

export async function saveFilter(name: string, state: FilterState): Promise<SavedFilter> {
  return call('findings.saveFilter', { name, state: plain(state) });
}

export async function deleteFilter(name: string): Promise<boolean> {
  return (await call('findings.deleteFilter', { name })).deleted;
}
