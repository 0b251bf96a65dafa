/**
 * Which screen is showing, and what it was asked to show (a findings filter from a click-through,
 * a finding to open). No URL routing: the app is one window over one workspace.
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import type { FindingFilter } from '../../shared/api/index.js';
import type { CatalogId } from './types.js';

export type Route =
  | { screen: 'start' }
  | { screen: 'evidence' }
  | { screen: 'findings'; filter?: FindingFilter; groupBy?: 'rule' | 'control'; open?: string }
  | { screen: 'inventory' }
  | { screen: 'controls'; catalog?: CatalogId }
  | { screen: 'checklist'; item?: string }
  | { screen: 'reports' }
  | { screen: 'log' };

export type ScreenId = Route['screen'];

interface Navigation {
  route: Route;
  /** Bumped on every navigation, so a screen can tell a new request from a re-render. */
  serial: number;
  go(route: Route): void;
  /**
   * While held, opening a workspace does not move away from the current screen (the sample flow
   * creates, imports and audits in one go, and shows its progress and errors where it started).
   */
  hold(on: boolean): void;
  readonly held: () => boolean;
}

const NavigationContext = createContext<Navigation | null>(null);

export function NavigationProvider({ children, initial }: { children: ReactNode; initial: Route }) {
  const [state, setState] = useState({ route: initial, serial: 0 });
  const go = useCallback((route: Route) => setState((s) => ({ route, serial: s.serial + 1 })), []);
  const holding = useRef(false);
  const hold = useCallback((on: boolean) => {
    holding.current = on;
  }, []);
  const held = useCallback(() => holding.current, []);
  const value = useMemo(() => ({ ...state, go, hold, held }), [state, go, hold, held]);
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

export function useNavigation(): Navigation {
  const nav = useContext(NavigationContext);
  if (!nav) throw new Error('useNavigation outside NavigationProvider');
  return nav;
}
