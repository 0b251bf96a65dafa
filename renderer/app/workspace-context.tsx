/**
 * The workspace open in this window (or none), kept current from workspace events: opened,
 * closed, described, evidence added, audited.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { WorkspaceInfo } from '../../shared/api/index.js';
import { call } from './api.js';
import { useGatehouseEvent } from './events.js';

interface WorkspaceState {
  /** undefined while the first answer is on its way. */
  workspace: WorkspaceInfo | null | undefined;
  error: unknown;
  refresh(): Promise<WorkspaceInfo | null>;
  /** Sets what a create/open call answered, without waiting for the event. */
  adopt(info: WorkspaceInfo | null): void;
}

const WorkspaceContext = createContext<WorkspaceState | null>(null);

export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const [workspace, setWorkspace] = useState<WorkspaceInfo | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);

  const refresh = useCallback(async () => {
    try {
      const { workspace: info } = await call('workspace.current', {});
      setWorkspace(info);
      setError(null);
      return info;
    } catch (e) {
      setError(e);
      setWorkspace((w) => (w === undefined ? null : w));
      return null;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useGatehouseEvent((event) => {
    if (event.type === 'workspace.changed' && ['opened', 'closed', 'meta', 'evidence', 'run', 'report'].includes(event.what)) void refresh();
  });

  const value = useMemo(() => ({ workspace, error, refresh, adopt: setWorkspace }), [workspace, error, refresh]);
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): WorkspaceState {
  const state = useContext(WorkspaceContext);
  if (!state) throw new Error('useWorkspace outside WorkspaceProvider');
  return state;
}

/** The open workspace; screens that need one are only shown while one is open. */
export function useOpenWorkspace(): WorkspaceInfo {
  const { workspace } = useWorkspace();
  if (!workspace) throw new Error('This screen needs an open workspace.');
  return workspace;
}
