import { CodeTree } from '../features/coding/CodeTree.js';
import { MemoButton } from '../features/coding/MemoButton.js';
import { memo, useCallback, useRef } from 'react';
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
  const groups = [
    ...(cases.data ?? []).map((c) => ({ id: c.id, label: label(c.label) })),
    ...((sources.data ?? []).some((s) => !s.caseId)
      ? [{ id: '', label: t('sidebar.noCase') }]
      : []),
  ];
  return (
    <nav className="sidebar" id="sources" aria-label={t('sidebar.title')}>
      <h2 className="sidebar-heading">{t('nav.cases')}</h2>
      {groups.map((g) => {
        const list = versionsTogether(
          (sources.data ?? []).filter((s) => (s.caseId ?? '') === g.id),
        );
        return (
          <section key={g.id || 'none'} className="case-group" data-case-id={g.id}>
            <h3>
              {g.label} <span className="count">{list.length}</span>
              {g.id && (
                <MemoButton
                  targetType="case"
                  targetId={g.id}
                  label={t('coding.memo.case', { label: g.label })}
                  small
                />
              )}
            </h3>
            {list.length === 0 ? (
              <p className="empty small">{t('sidebar.empty')}</p>
            ) : (
              <ul>
                {list.map((s) => (
                  <SourceLink
                    key={s.id}
                    s={s}
                    active={s.id === current}
                    onOpen={openSource}
                    t={t}
                  />
                ))}
              </ul>
            )}
          </section>
        );
      })}
      <CodeTree />
    </nav>
  );
}
