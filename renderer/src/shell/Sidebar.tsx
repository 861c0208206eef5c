import { CodeTree } from '../features/coding/CodeTree.js';
import { MemoButton } from '../features/coding/MemoButton.js';
import { useI18n } from '../i18n/index.js';
import { useCall } from '../lib/useCall.js';
import { useNav } from './nav.js';

/** Cases → sources, then the code tree with counts. */
export function Sidebar() {
  const { t, label } = useI18n();
  const nav = useNav();
  const cases = useCall('cases.list', {}, { scope: 'cases' });
  const sources = useCall('sources.list', {}, { scope: ['sources', 'segments'] });
  const current =
    nav.route.view === 'source' && 'sourceId' in nav.route ? nav.route.sourceId : undefined;
  const groups = [
    ...(cases.data ?? []).map((c) => ({ id: c.id, label: label(c.label) })),
    ...((sources.data ?? []).some((s) => !s.caseId)
      ? [{ id: '', label: t('sidebar.noCase') }]
      : []),
  ];
  return (
    <nav className="sidebar" aria-label={t('sidebar.title')}>
      <h2 className="sidebar-heading">{t('nav.cases')}</h2>
      {groups.map((g) => {
        const list = (sources.data ?? []).filter((s) => (s.caseId ?? '') === g.id);
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
                  <li key={s.id}>
                    <button
                      type="button"
                      className={s.id === current ? 'source-link active' : 'source-link'}
                      aria-current={s.id === current ? 'page' : undefined}
                      onClick={() => nav.openSource(s.id)}
                      title={
                        s.respondentPseudonym ? `${s.title} — ${s.respondentPseudonym}` : s.title
                      }
                    >
                      {s.title}
                      {s.segmentCount > 0 && <span className="count">{s.segmentCount}</span>}
                    </button>
                  </li>
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
