/**
 * One subscription to `gatehouse.onEvent` for the whole UI, fanned out to the components that
 * listen: job progress and completion, and workspace changes (so each screen refreshes what it
 * shows when the data behind it changed, wherever the change came from).
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { GatehouseEvent } from '../../shared/api/index.js';
import { gatehouse } from './api.js';

type Listener = (event: GatehouseEvent) => void;

interface EventHub {
  subscribe(listener: Listener): () => void;
}

const EventsContext = createContext<EventHub | null>(null);

export function EventsProvider({ children }: { children: ReactNode }) {
  const [listeners] = useState(() => new Set<Listener>());
  const [hub] = useState<EventHub>(() => ({
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  }));
  useEffect(() => {
    const api = gatehouse();
    if (!api) return;
    return api.onEvent((event) => {
      for (const listener of [...listeners]) listener(event);
    });
  }, [listeners]);
  return <EventsContext.Provider value={hub}>{children}</EventsContext.Provider>;
}

/** Calls `listener` for every event while the component is mounted (the latest listener is used). */
export function useGatehouseEvent(listener: Listener): void {
  const hub = useContext(EventsContext);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    if (!hub) return;
    return hub.subscribe((event) => latest.current(event));
  }, [hub]);
}

export type WorkspaceChange = Extract<GatehouseEvent, { type: 'workspace.changed' }>['what'];
