import type { SourceSummary } from '../../../core/shared/contract/schemas.js';

/**
 * How many sources one list of the sidebar holds. A case's sources are listed in chunks that
 * the browser lays out and paints only near the screen (`content-visibility: auto`), and that
 * React renders again only when the source opened comes or goes in them: with 10,000 sources,
 * opening one costs what a few dozen rows cost, not every row's layout, paint and render.
 */
export const SOURCE_CHUNK = 100;

/** A case (or the sources without one: id '') with its sources in list order, in chunks. */
export interface SourceGroup {
  id: string;
  label: string;
  count: number;
  chunks: SourceSummary[][];
}

/**
 * The list order, except that the versions of a source stay together where its first version
 * stands, newest first (a new version is added at the end of the list otherwise).
 */
export function versionsTogether(list: SourceSummary[]): SourceSummary[] {
  if (!list.some((s) => s.previousVersionId)) return list;
  const byId = new Map(list.map((s, i) => [s.id, { s, i }]));
  const first = (s: SourceSummary): number => {
    const seen = new Set<string>();
    let at = s;
    while (at.previousVersionId && !seen.has(at.id)) {
      seen.add(at.id);
      const prev = byId.get(at.previousVersionId);
      if (!prev) break;
      at = prev.s;
    }
    return byId.get(at.id)!.i;
  };
  return list
    .map((s) => ({ s, group: first(s) }))
    .sort((a, b) => a.group - b.group || b.s.createdAt.localeCompare(a.s.createdAt))
    .map((x) => x.s);
}

/**
 * The sidebar's groups: each case in the order given, then (when there are any) the sources
 * without a case under `noCase`; each group's sources with their versions together, in chunks
 * of `size`.
 */
export function groupSources(
  cases: { id: string; label: string }[],
  sources: SourceSummary[],
  noCase: string,
  size: number = SOURCE_CHUNK,
): SourceGroup[] {
  const heads = [...cases, ...(sources.some((s) => !s.caseId) ? [{ id: '', label: noCase }] : [])];
  const byCase = new Map<string, SourceSummary[]>(heads.map((h) => [h.id, []]));
  for (const s of sources) byCase.get(s.caseId ?? '')?.push(s);
  return heads.map((h) => {
    const list = versionsTogether(byCase.get(h.id) ?? []);
    const chunks: SourceSummary[][] = [];
    for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
    return { ...h, count: list.length, chunks };
  });
}
