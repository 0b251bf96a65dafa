/**
 * Saved findings filters, per workspace, in localStorage: the contract has no call to keep them in
 * the workspace file (so they stay on this machine and are not in the audit log).
 */
import type { FindingFilter } from '../../../shared/api/index.js';

export interface FilterState {
  filter: FindingFilter;
  groupBy: 'rule' | 'control' | null;
}

export interface SavedFilter {
  name: string;
  state: FilterState;
}

const keyOf = (workspaceId: string) => `gatehouse.savedFilters.${workspaceId}`;

export function loadSavedFilters(workspaceId: string): SavedFilter[] {
  try {
    const raw = localStorage.getItem(keyOf(workspaceId));
    const parsed = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(parsed) ? (parsed as SavedFilter[]).filter((f) => typeof f?.name === 'string' && typeof f.state === 'object') : [];
  } catch {
    return [];
  }
}

export function storeSavedFilters(workspaceId: string, filters: readonly SavedFilter[]): void {
  try {
    localStorage.setItem(keyOf(workspaceId), JSON.stringify(filters));
  } catch {
    /* storage full or unavailable: the filters stay for this session */
  }
}
