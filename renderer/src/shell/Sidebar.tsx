import { CodeTree } from '../features/coding/CodeTree.js';
import { MemoButton } from '../features/coding/MemoButton.js';
import { memo, useCallback, useMemo, useRef } from 'react';
import { useI18n } from '../i18n/index.js';
import type { SourceSummary } from '../../../core/shared/contract/schemas.js';
import { useCall } from '../lib/useCall.js';
import { useNav } from './nav.js';

/**
 * The list order, except that the versions of a source stay together where its first version
 * stands, newest first (a new version is added at the end of the list otherwise).
 */
function versionsTogether(list: SourceSummary[]): SourceSummary[] {
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
 * One source in the list. Memoised: coding changes one source's count, and a list of thousands
 * of sources then re-renders that one row, not all of them.
 */
const SourceLink = memo(function SourceLink({
  s,
  active,
  onOpen,
  t,
}: {
  s: SourceSummary;
  active: boolean;
  onOpen: (id: string) => void;
  t: ReturnType<typeof useI18n>['t'];
}) {
  return (
    <li>
      <button
        type="button"
        className={
          'source-link' + (active ? ' active' : '') + (s.replacedById ? ' earlier-version' : '')
        }
        aria-current={active ? 'page' : undefined}
        onClick={() => onOpen(s.id)}
        title={
          (s.respondentPseudonym ? `${s.title} — ${s.respondentPseudonym}` : s.title) +
          (s.replacedById ? ` (${t('source.version.earlier')})` : '')
        }
      >
        <span className="source-link-title">
          {s.title}
          {s.replacedById && <span className="version-label"> {t('source.version.earlier')}</span>}
        </span>
        {s.kind === 'interview' && s.validation && (
          // Where the respondent's validation of this report stands.
          <span className={`validation-badge ${s.validation}`}>
            {t(`validation.short.${s.validation}`)}
          </span>
        )}
        {s.segmentCount > 0 && <span className="count">{s.segmentCount}</span>}
      </button>
    </li>
  );
});

/**
 * How many sources one list of the sidebar holds. A case's sources are listed in chunks that
 * the browser lays out and paints only near the screen (`content-visibility: auto`), and that
 * React renders again only when the source opened comes or goes in them: with 10,000 sources,
 * opening one costs what a few dozen rows cost, not every row's layout, paint and render.
 */
const CHUNK = 100;

/** A run of a case's sources, as one list; `activeId` only when the open source is in it. */
const SourceChunk = memo(function SourceChunk({
  list,
  activeId,
  onOpen,
  t,
}: {
  list: SourceSummary[];
  activeId: string | undefined;
  onOpen: (id: string) => void;
  t: ReturnType<typeof useI18n>['t'];
}) {
  return (
    <ul className="source-chunk" style={{ ['--rows' as string]: list.length }}>
      {list.map((s) => (
        <SourceLink key={s.id} s={s} active={s.id === activeId} onOpen={onOpen} t={t} />
      ))}
    </ul>
  );
});

/** Cases → sources, then the code tree with counts. */
export function Sidebar() {
  const { t, label } = useI18n();
  const nav = useNav();
  const cases = useCall('cases.list', {});
  const sources = useCall('sources.list', {});
  const current =
    nav.route.view === 'source' && 'sourceId' in nav.route ? nav.route.sourceId : undefined;
  // One callback for the sidebar's life: the rows stay memoised while the route changes.
  const navRef = useRef(nav);
  navRef.current = nav;
  const openSource = useCallback((id: string) => navRef.current.openSource(id), []);
  // Grouped and chunked once per answer, not on every route change.
  const groups = useMemo(() => {
    const all = sources.data ?? [];
    const heads = [
      ...(cases.data ?? []).map((c) => ({ id: c.id, label: label(c.label) })),
      ...(all.some((s) => !s.caseId) ? [{ id: '', label: t('sidebar.noCase') }] : []),
    ];
    return heads.map((g) => {
      const list = versionsTogether(all.filter((s) => (s.caseId ?? '') === g.id));
      const chunks: SourceSummary[][] = [];
      for (let i = 0; i < list.length; i += CHUNK) chunks.push(list.slice(i, i + CHUNK));
      return { ...g, count: list.length, chunks };
    });
  }, [cases.data, sources.data, label, t]);
  return (
    <nav className="sidebar" id="sources" aria-label={t('sidebar.title')}>
      <h2 className="sidebar-heading">{t('nav.cases')}</h2>
      {groups.map((g) => (
        <section key={g.id || 'none'} className="case-group" data-case-id={g.id}>
          <h3>
            {g.label} <span className="count">{g.count}</span>
            {g.id && (
              <MemoButton
                targetType="case"
                targetId={g.id}
                label={t('coding.memo.case', { label: g.label })}
                small
              />
            )}
          </h3>
          {g.count === 0 ? (
            <p className="empty small">{t('sidebar.empty')}</p>
          ) : (
            g.chunks.map((chunk) => (
              <SourceChunk
                key={chunk[0]?.id}
                list={chunk}
                activeId={chunk.some((s) => s.id === current) ? current : undefined}
                onOpen={openSource}
                t={t}
              />
            ))
          )}
        </section>
      ))}
      <CodeTree />
    </nav>
  );
}
