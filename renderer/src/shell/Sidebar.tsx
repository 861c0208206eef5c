import { CodeTree } from '../features/coding/CodeTree.js';
import { MemoButton } from '../features/coding/MemoButton.js';
import { memo, useCallback, useMemo, useRef } from 'react';
import { useI18n } from '../i18n/index.js';
import type { SourceSummary } from '../../../core/shared/contract/schemas.js';
import { useCall } from '../lib/useCall.js';
import { useNav } from './nav.js';
import { groupSources } from './sourceGroups.js';

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
    <div role="listitem">
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
    </div>
  );
});

/**
 * A run of a case's sources within the case's one list (a generic element between the list and
 * its items, so a screen reader hears one list per case); `activeId` only when the open source
 * is in it.
 */
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
    <div className="source-chunk" style={{ ['--rows' as string]: list.length }}>
      {list.map((s) => (
        <SourceLink key={s.id} s={s} active={s.id === activeId} onOpen={onOpen} t={t} />
      ))}
    </div>
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
  const groups = useMemo(
    () =>
      groupSources(
        (cases.data ?? []).map((c) => ({ id: c.id, label: label(c.label) })),
        sources.data ?? [],
        t('sidebar.noCase'),
      ),
    [cases.data, sources.data, label, t],
  );
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
            <div role="list" aria-label={g.label}>
              {g.chunks.map((chunk) => (
                <SourceChunk
                  key={chunk[0]?.id}
                  list={chunk}
                  activeId={chunk.some((s) => s.id === current) ? current : undefined}
                  onOpen={openSource}
                  t={t}
                />
              ))}
            </div>
          )}
        </section>
      ))}
    </nav>
  );
}

/**
 * The code tree in a pane of its own, scrolling apart from the sources: with thousands of
 * sources it would otherwise sit below all of them. Beside the text on a wide screen, below the
 * sources on a laptop (styles.css, .workspace).
 */
export function CodePane() {
  return (
    <div className="code-pane">
      <CodeTree />
    </div>
  );
}
