import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { focusText } from './textFocus.js';

/** Where the main pane is. Feature views are addressed by their id. */
export type Route =
  | {
      view: 'source';
      sourceId?: string | undefined;
      highlight?: { start: number; end: number } | undefined;
    }
  | { view: string; params?: Record<string, string> | undefined };

interface Nav {
  route: Route;
  go(route: Route): void;
  /**
   * Opens a source, optionally scrolled to and highlighting a range of its plain text. The
   * keyboard goes to its text (the reason to open it), unless `keepFocus` is given.
   */
  openSource(
    sourceId: string,
    highlight?: { start: number; end: number },
    opts?: { keepFocus?: boolean },
  ): void;
}

const NavContext = createContext<Nav | null>(null);

export function NavProvider({ children }: { children: ReactNode }) {
  const [route, setRoute] = useState<Route>({ view: 'source' });
  const value = useMemo<Nav>(
    () => ({
      route,
      go: setRoute,
      openSource: (sourceId, highlight, opts) => {
        setRoute({ view: 'source', sourceId, highlight });
        if (!opts?.keepFocus) focusText(sourceId);
      },
    }),
    [route],
  );
  return <NavContext.Provider value={value}>{children}</NavContext.Provider>;
}

export function useNav(): Nav {
  const ctx = useContext(NavContext);
  if (!ctx) throw new Error('useNav outside NavProvider');
  return ctx;
}
