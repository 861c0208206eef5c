import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { useProjectEpoch } from '../lib/cache.js';
import { prefetch } from '../lib/useCall.js';
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

const HOME: Route = { view: 'source' };

/**
 * The route belongs to the project it was set in: when another project opens, the navigation
 * starts at home (no open source, cell or panel of the old project stays addressed).
 */
export function NavProvider({ children }: { children: ReactNode }) {
  const epoch = useProjectEpoch();
  const [state, setState] = useState<{ epoch: number; route: Route }>({ epoch, route: HOME });
  const route = state.epoch === epoch ? state.route : HOME;
  const value = useMemo<Nav>(
    () => ({
      route,
      go: (next) => setState({ epoch, route: next }),
      openSource: (sourceId, highlight, opts) => {
        // The text and its codings are asked for at once, not after the views have rendered
        // the change (a list of thousands of sources takes a while): the answers are on their
        // way meanwhile. Read already, they are not asked again.
        prefetch('sources.get', { id: sourceId });
        prefetch('segments.forSource', { sourceId });
        setState({ epoch, route: { view: 'source', sourceId, highlight } });
        if (!opts?.keepFocus) focusText(sourceId);
      },
    }),
    [route, epoch],
  );
  return <NavContext.Provider value={value}>{children}</NavContext.Provider>;
}

export function useNav(): Nav {
  const ctx = useContext(NavContext);
  if (!ctx) throw new Error('useNav outside NavProvider');
  return ctx;
}
