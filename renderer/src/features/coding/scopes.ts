import { invalidateScopes } from '../../lib/useCall.js';

/**
 * Invalidation scopes of the coding workspace (see `invalidateScopes` in lib/useCall.ts):
 * - `source:<id>`: the codings of one source, as the viewer shows them;
 * - `segments`: anything counting or listing segments (code tree counts, source list counts);
 * - `codes`: the code tree itself (labels, colours, structure);
 * - `history`: what can be undone; `memos`; `favourites`; `coders`.
 * Views of other features declare no scope and re-read on every invalidation.
 */
export const sourceScope = (sourceId: string): string => `source:${sourceId}`;

/** After a coding write: the source's codings (when given), segment counts and the history. */
export function codingChanged(sourceId?: string, ...more: string[]): void {
  invalidateScopes('segments', 'history', ...(sourceId ? [sourceScope(sourceId)] : []), ...more);
}
