import {
  DEFAULT_AUDIENCE,
  type Audience,
} from '../../../../core/shared/contract/confidentiality.js';
import { AudienceSelect } from '../confidentiality/AudienceSelect.js';
import { useState } from 'react';
import type { SegmentQuery } from '../../../../core/shared/contract/search.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { useNav } from '../../shell/nav.js';
import { downloadBase64 } from '../../lib/files.js';
import { Threads } from '../audit/index.js';
import { FilterChecklist } from './FilterChecklist.js';
import { SegmentList } from './SegmentList.js';
import './search.css';

type ListKey =
  | 'principles'
  | 'categories'
  | 'phases'
  | 'facets'
  | 'allCodes'
  | 'anyCodes'
  | 'noneCodes'
  | 'caseIds'
  | 'documentTypes'
  | 'roles'
  | 'coderIds'
  | 'speakerRoles';
type Filters = Partial<Record<ListKey, string[]>>;

const SPEAKER_ROLES = ['respondent', 'interviewer', 'other'] as const;
type SpeakerRole = (typeof SPEAKER_ROLES)[number];
const isSpeakerRole = (v: string): v is SpeakerRole =>
  (SPEAKER_ROLES as readonly string[]).includes(v);

/** Remounts the browser when quick open arrives with another code or case. */
export function SegmentsView() {
  const nav = useNav();
  const params = 'params' in nav.route ? nav.route.params : undefined;
  return <SegmentBrowser key={JSON.stringify(params ?? {})} params={params} />;
}

/** The coded-segment browser: slice the codings by every dimension, read, recode, export. */
function SegmentBrowser({ params }: { params: Record<string, string> | undefined }) {
  const { t, label, lang } = useI18n();
  // Quick open and other views can arrive with a code or a case chosen.
  const [filters, setFilters] = useState<Filters>(() => ({
    ...(params?.code ? { anyCodes: [params.code] } : {}),
    ...(params?.case ? { caseIds: [params.case] } : {}),
  }));
  const [sort, setSort] = useState<'case' | 'source' | 'date'>('case');
  const [groupBy, setGroupBy] = useState<'none' | 'case' | 'code'>('none');
  const [error, setError] = useState<string | null>(null);
  const [questionedOnly, setQuestionedOnly] = useState(false);
  // Who an export is for (default: respondents; see AudienceSelect).
  const [audience, setAudience] = useState<Audience>(DEFAULT_AUDIENCE);
  const codes = useCall('codes.tree', {});
  const cases = useCall('cases.list', {});
  const vocab = useCall('vocabulary.list', {});
  const coders = useCall('coders.list', {});
  const query: SegmentQuery = { sort, groupBy };
  for (const [k, v] of Object.entries(filters)) {
    if (!v.length) continue;
    if (k === 'speakerRoles') query.speakerRoles = v.filter(isSpeakerRole);
    else query[k as Exclude<ListKey, 'speakerRoles'>] = v;
  }
  // Questioned codings: asked of the server, so none beyond the list's limit is missed.
  if (questionedOnly) query.reviewStates = ['questioned'];
  const result = useCall('segments.query', query);
  const shown = result.data?.segments ?? [];
  const groups = result.data?.groups;

  const set = (key: ListKey) => (v: string[]) => setFilters((f) => ({ ...f, [key]: v }));
  const codesOf = (dimension?: string) =>
    (codes.data ?? [])
      .filter((c) => !dimension || c.dimension === dimension)
      .map((c) => ({ value: c.id, label: label(c.label) }));

  const exportAs = async (format: 'csv' | 'xlsx') => {
    try {
      const file = await api.call('segments.export', {
        ...query,
        format,
        lang,
        audience,
      });
      downloadBase64(file.base64, file.fileName, file.mimeType);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="segments-view" aria-labelledby="segments-title">
      <h1 id="segments-title">{t('segments.title')}</h1>
      <p className="search-help">{t('segments.filterHint')}</p>
      <div className="segment-filters" role="group" aria-label={t('search.filters')}>
        <FilterChecklist
          label={t('segments.principles')}
          options={codesOf('principle')}
          value={filters.principles ?? []}
          onChange={set('principles')}
        />
        <FilterChecklist
          label={t('segments.categories')}
          options={codesOf('category')}
          value={filters.categories ?? []}
          onChange={set('categories')}
        />
        <FilterChecklist
          label={t('segments.phases')}
          options={codesOf('phase')}
          value={filters.phases ?? []}
          onChange={set('phases')}
        />
        <FilterChecklist
          label={t('segments.facets')}
          options={codesOf('facet')}
          value={filters.facets ?? []}
          onChange={set('facets')}
        />
        <FilterChecklist
          label={t('segments.cases')}
          options={(cases.data ?? []).map((c) => ({ value: c.id, label: label(c.label) }))}
          value={filters.caseIds ?? []}
          onChange={set('caseIds')}
        />
        <FilterChecklist
          label={t('segments.allCodes')}
          options={codesOf()}
          value={filters.allCodes ?? []}
          onChange={set('allCodes')}
        />
        <FilterChecklist
          label={t('segments.anyCodes')}
          options={codesOf()}
          value={filters.anyCodes ?? []}
          onChange={set('anyCodes')}
        />
        <FilterChecklist
          label={t('segments.noneCodes')}
          options={codesOf()}
          value={filters.noneCodes ?? []}
          onChange={set('noneCodes')}
        />
        <FilterChecklist
          label={t('segments.types')}
          options={(vocab.data?.documentTypes ?? []).map((d) => ({
            value: d.key,
            label: label(d.label),
          }))}
          value={filters.documentTypes ?? []}
          onChange={set('documentTypes')}
        />
        <FilterChecklist
          label={t('segments.roles')}
          options={(vocab.data?.roles ?? []).map((d) => ({ value: d.key, label: label(d.label) }))}
          value={filters.roles ?? []}
          onChange={set('roles')}
        />
        <FilterChecklist
          label={t('segments.coders')}
          options={(coders.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={filters.coderIds ?? []}
          onChange={set('coderIds')}
        />
        <FilterChecklist
          label={t('segments.speakerRoles')}
          options={SPEAKER_ROLES.map((r) => ({ value: r, label: t(`transcripts.role.${r}`) }))}
          value={filters.speakerRoles ?? []}
          onChange={set('speakerRoles')}
        />
      </div>
      <div className="autocode-bar">
        <label>
          {t('segments.sort')}
          <select value={sort} onChange={(e) => setSort(e.target.value as typeof sort)}>
            <option value="case">{t('segments.sort.case')}</option>
            <option value="source">{t('segments.sort.source')}</option>
            <option value="date">{t('segments.sort.date')}</option>
          </select>
        </label>
        <label>
          {t('segments.group')}
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as typeof groupBy)}>
            <option value="none">{t('segments.group.none')}</option>
            <option value="case">{t('segments.group.case')}</option>
            <option value="code">{t('segments.group.code')}</option>
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={questionedOnly}
            onChange={(e) => setQuestionedOnly(e.target.checked)}
          />{' '}
          {t('audit.review.questionedOnly')}
        </label>
        <button type="button" onClick={() => setFilters({})}>
          {t('segments.clear')}
        </button>
        <AudienceSelect value={audience} onChange={setAudience} />
        <button type="button" onClick={() => void exportAs('csv')}>
          {t('segments.exportCsv')}
        </button>
        <button type="button" onClick={() => void exportAs('xlsx')}>
          {t('segments.exportXlsx')}
        </button>
      </div>
      {params?.code && (
        <Threads target={{ type: 'code', id: params.code }} title={t('audit.comments.onCode')} />
      )}
      {(error ?? result.error) && (
        <p role="alert" className="error">
          {error ?? result.error?.message}
        </p>
      )}
      {result.data && (
        <>
          <p role="status" aria-busy={result.loading}>
            {questionedOnly
              ? t('audit.review.questionedCount', { n: result.data.total })
              : t('segments.count', { n: result.data.total })}
            {result.data.truncated &&
              ` (${t('segments.truncated', { n: result.data.segments.length })})`}
          </p>
          {shown.length === 0 ? (
            <p className="empty">{t('segments.none')}</p>
          ) : (
            <SegmentList segments={shown} groups={groups} label={t('segments.list')} />
          )}
        </>
      )}
    </section>
  );
}
