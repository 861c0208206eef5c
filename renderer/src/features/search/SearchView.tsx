import { useState, type ReactNode } from 'react';
import {
  RANK_AT_MOST,
  type SearchFilters,
  type SearchHit,
  type Snippet,
} from '../../../../core/shared/contract/search.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { useNav } from '../../shell/nav.js';
import './search.css';

/** Snippet text as elements with <mark> runs: imported text never becomes markup. */
export function SnippetText({ snippet }: { snippet: Snippet }) {
  const out: ReactNode[] = [];
  let at = 0;
  snippet.highlights.forEach((h, i) => {
    if (h.start > at) out.push(snippet.text.slice(at, h.start));
    out.push(<mark key={i}>{snippet.text.slice(h.start, h.end)}</mark>);
    at = h.end;
  });
  if (at < snippet.text.length) out.push(snippet.text.slice(at));
  return (
    <>
      {snippet.cutStart && '… '}
      {out}
      {snippet.cutEnd && ' …'}
    </>
  );
}

type Unit = 'hit' | 'sentence' | 'paragraph';

// The search survives a visit to a hit's source: opening a hit and coming back is the common path.
const sticky = new Map<string, unknown>();
function useSticky<T>(key: string, initial: T): [T, (v: T) => void] {
  const [value, setValue] = useState<T>(() => (sticky.has(key) ? (sticky.get(key) as T) : initial));
  return [
    value,
    (v: T) => {
      sticky.set(key, v);
      setValue(v);
    },
  ];
}
const hitKey = (h: SearchHit) => `${h.sourceId}:${h.hit.start}:${h.hit.end}`;

export function SearchView() {
  const { t, label, date, number } = useI18n();
  const nav = useNav();
  const cases = useCall('cases.list', {});
  const vocab = useCall('vocabulary.list', {});
  const codes = useCall('codes.tree', {});
  const [text, setText] = useSticky('text', '');
  const [insideWords, setInsideWords] = useSticky('insideWords', false);
  const [caseId, setCaseId] = useSticky('caseId', '');
  const [docType, setDocType] = useSticky('docType', '');
  const [role, setRole] = useSticky('role', '');
  const [dateFrom, setDateFrom] = useSticky('dateFrom', '');
  const [dateTo, setDateTo] = useSticky('dateTo', '');
  const [submitted, setSubmitted] = useSticky<{
    query: string;
    insideWords: boolean;
    filters: SearchFilters;
    order?: 'relevance';
  } | null>('submitted', null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [unit, setUnit] = useState<Unit>('sentence');
  const [codeIds, setCodeIds] = useState<string[]>([]);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const result = useCall('search.query', submitted ? { ...submitted, limit: 200 } : null);

  const submit = () => {
    const filters: SearchFilters = {};
    if (caseId) filters.caseIds = [caseId];
    if (docType) filters.documentTypes = [docType];
    if (role) filters.roles = [role];
    if (dateFrom) filters.dateFrom = dateFrom;
    if (dateTo) filters.dateTo = dateTo;
    setSelected(new Set());
    setStatus(null);
    setSubmitted({ query: text, insideWords, filters });
  };

  const hits = result.data?.hits ?? [];
  const caseLabel = (id: string | null) => {
    const c = cases.data?.find((x) => x.id === id);
    return c ? label(c.label) : t('search.noCase');
  };
  // Grouped by case, then source, in rank order of each group's best hit.
  const bySource = new Map<string, SearchHit[]>();
  for (const h of hits) bySource.set(h.sourceId, [...(bySource.get(h.sourceId) ?? []), h]);

  const autocode = async () => {
    if (codeIds.length === 0) {
      setStatus({ text: t('search.needCodes'), error: true });
      return;
    }
    const chosen = hits.filter((h) => selected.has(hitKey(h)));
    try {
      const r = await api.call('search.autocode', {
        hits: chosen.map((h) => ({ sourceId: h.sourceId, start: h.hit.start, end: h.hit.end })),
        unit,
        codeIds,
      });
      setStatus({
        text: t('search.coded', {
          segments: t('count.segments', { n: r.segmentIds.length }),
          codings: t('search.newCodings', { n: r.codingsAdded }),
        }),
        error: false,
      });
      setSelected(new Set());
    } catch (e) {
      setStatus({ text: e instanceof Error ? e.message : String(e), error: true });
    }
  };

  return (
    <section className="search-view" aria-labelledby="search-title">
      <h1 id="search-title">{t('search.title')}</h1>
      <form
        className="search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label className="query">
          {t('search.query')}
          <input
            type="search"
            value={text}
            placeholder={t('search.placeholder')}
            aria-describedby="search-help"
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <button type="submit">{t('search.submit')}</button>
        <label className="inline">
          <input
            type="checkbox"
            checked={insideWords}
            onChange={(e) => setInsideWords(e.target.checked)}
          />
          {t('search.insideWords')}
        </label>
        <label>
          {t('search.case')}
          <select value={caseId} onChange={(e) => setCaseId(e.target.value)}>
            <option value="">{t('search.allCases')}</option>
            {cases.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {label(c.label)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('search.documentType')}
          <select value={docType} onChange={(e) => setDocType(e.target.value)}>
            <option value="">{t('search.allTypes')}</option>
            {vocab.data?.documentTypes.map((d) => (
              <option key={d.key} value={d.key}>
                {label(d.label)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('search.role')}
          <select value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="">{t('search.allRoles')}</option>
            {vocab.data?.roles.map((d) => (
              <option key={d.key} value={d.key}>
                {label(d.label)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('search.dateFrom')}
          <input type="date" value={dateFrom} onChange={(e) => setDateFrom(e.target.value)} />
        </label>
        <label>
          {t('search.dateTo')}
          <input type="date" value={dateTo} onChange={(e) => setDateTo(e.target.value)} />
        </label>
      </form>
      <p id="search-help" className="search-help">
        {t('search.help')}
      </p>
      {result.error && (
        <p role="alert" className="error">
          {result.error.message}
        </p>
      )}
      {result.data && (
        <>
          <p role="status">
            {t('search.results', { n: result.data.total })}
            {result.data.total > hits.length &&
              ` (${t(result.data.order === 'sources' ? 'search.showingFirst' : 'search.showing', { n: hits.length })})`}
          </p>
          {result.data.order === 'sources' && submitted && (
            <p className="search-order">
              {t('search.inSourceOrder', { n: RANK_AT_MOST })}{' '}
              <button
                type="button"
                onClick={() => setSubmitted({ ...submitted, order: 'relevance' })}
              >
                {t('search.rankAnyway')}
              </button>
            </p>
          )}
          <ul className="per-case" aria-label={t('search.perCase')}>
            {result.data.perCase.map((c) => (
              <li key={c.caseId ?? 'none'}>
                {caseLabel(c.caseId)}: <strong>{number(c.count)}</strong>
              </li>
            ))}
          </ul>
          {hits.length > 0 && (
            <div className="autocode-bar" role="group" aria-label={t('search.autocode')}>
              <label>
                <input
                  type="checkbox"
                  checked={selected.size === hits.length}
                  onChange={(e) =>
                    setSelected(e.target.checked ? new Set(hits.map(hitKey)) : new Set())
                  }
                />
                {t('search.selectAll')}
              </label>
              <label>
                {t('search.unit')}
                <select value={unit} onChange={(e) => setUnit(e.target.value as Unit)}>
                  <option value="hit">{t('search.unit.hit')}</option>
                  <option value="sentence">{t('search.unit.sentence')}</option>
                  <option value="paragraph">{t('search.unit.paragraph')}</option>
                </select>
              </label>
              <label>
                {t('search.codes')}
                <select
                  multiple
                  size={4}
                  value={codeIds}
                  onChange={(e) => setCodeIds([...e.target.selectedOptions].map((o) => o.value))}
                >
                  {codes.data?.map((c) => (
                    <option key={c.id} value={c.id}>
                      {label(c.label)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" disabled={selected.size === 0} onClick={() => void autocode()}>
                {t('search.codeSelected', { n: selected.size })}
              </button>
            </div>
          )}
          {status && (
            <p role={status.error ? 'alert' : 'status'} className={status.error ? 'error' : ''}>
              {status.text}
            </p>
          )}
          {hits.length === 0 && <p className="empty">{t('search.none')}</p>}
          {[...bySource.entries()].map(([sourceId, list]) => {
            const first = list[0] as SearchHit;
            return (
              <section key={sourceId} className="hit-source" aria-label={first.sourceTitle}>
                <h3>
                  {first.sourceTitle}
                  <span className="small">
                    {' · '}
                    {caseLabel(first.caseId)}
                    {first.respondentPseudonym && ` · ${first.respondentPseudonym}`}
                    {first.date && ` · ${date(first.date)}`}
                  </span>
                </h3>
                <ul className="hit-list">
                  {list.map((h) => (
                    <li key={hitKey(h)} className="hit">
                      <input
                        type="checkbox"
                        aria-label={`${t('search.select')}: ${h.snippet.text.slice(0, 60)}`}
                        checked={selected.has(hitKey(h))}
                        onChange={(e) => {
                          const next = new Set(selected);
                          if (e.target.checked) next.add(hitKey(h));
                          else next.delete(hitKey(h));
                          setSelected(next);
                        }}
                      />
                      <button
                        type="button"
                        className="snippet"
                        title={t('search.open', { title: h.sourceTitle })}
                        onClick={() => nav.openSource(h.sourceId, h.hit)}
                      >
                        <SnippetText snippet={h.snippet} />
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </>
      )}
    </section>
  );
}
