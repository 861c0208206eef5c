import { useEffect, useId, useRef, useState } from 'react';
import type { ActivityEntry } from '../../../../core/shared/contract/audit.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { downloadBase64 } from '../../lib/files.js';
import { useCall } from '../../lib/useCall.js';
import { useOpenTarget } from './openTarget.js';
import './audit.css';

/** Kinds of change as the log's action prefixes. */
const KINDS: Record<string, string[]> = {
  coding: ['coding.', 'search.autocode'],
  segments: ['segments.update', 'segments.recode', 'segments.uncode'],
  codes: ['codes.'],
  memos: ['memos.'],
  synthesis: ['matrix.synthesis.'],
  import: ['import.', 'refi.'],
  report: ['report.', 'validation.'],
  comments: ['comments.', 'segments.review'],
  history: ['history.'],
};

interface Filter {
  coder: string;
  kind: string;
  caseId: string;
  sourceId: string;
  codeId: string;
  from: string;
  to: string;
}
const NO_FILTER: Filter = {
  coder: '',
  kind: '',
  caseId: '',
  sourceId: '',
  codeId: '',
  from: '',
  to: '',
};

const PAGE = 50;

/** The filter as the contract's input (empty fields left out). */
function toInput(f: Filter) {
  return {
    ...(f.coder ? { coderIds: [f.coder] } : {}),
    ...(f.kind ? { kinds: KINDS[f.kind] ?? [] } : {}),
    ...(f.caseId ? { caseId: f.caseId } : {}),
    ...(f.sourceId ? { sourceId: f.sourceId } : {}),
    ...(f.codeId ? { codeId: f.codeId } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
  };
}

/** The change log in words: who, when, what; filtered, paged, each entry opening its target. */
export function ActivityView() {
  const { t, label, lang } = useI18n();
  const id = useId();
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const input = toInput(filter);
  const first = useCall('activity.list', { ...input, limit: PAGE });
  // Pages loaded after the first; they start again when the first page changes (a filter, a write).
  const [more, setMore] = useState<{ entries: ActivityEntry[]; next: number | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [pseudonymise, setPseudonymise] = useState(false);
  const list = useRef<HTMLOListElement>(null);
  const focusFrom = useRef<number | null>(null);
  useEffect(() => setMore(null), [first.data]);

  const coders = useCall('coders.list', {});
  const cases = useCall('cases.list', {});
  const sources = useCall('sources.list', {});
  const codes = useCall('codes.tree', {});

  const entries = [...(first.data?.entries ?? []), ...(more?.entries ?? [])];
  const next = more ? more.next : (first.data?.next ?? null);

  // After "load more", the keyboard goes to the first entry loaded.
  useEffect(() => {
    if (focusFrom.current === null) return;
    const item = list.current?.querySelectorAll<HTMLElement>('li')[focusFrom.current];
    focusFrom.current = null;
    item?.focus();
  }, [more]);

  const loadMore = async () => {
    if (next === null) return;
    setLoadingMore(true);
    try {
      const page = await api.call('activity.list', { ...input, before: next, limit: PAGE });
      focusFrom.current = entries.length;
      setMore({ entries: [...(more?.entries ?? []), ...page.entries], next: page.next });
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    } finally {
      setLoadingMore(false);
    }
  };
  const exportAs = async (format: 'csv' | 'xlsx') => {
    try {
      const file = await api.call('activity.export', { ...input, format, lang, pseudonymise });
      downloadBase64(file.base64, file.fileName, file.mime);
      setMessage({ text: t('audit.activity.exported', { file: file.fileName }), error: false });
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    }
  };
  const set = (key: keyof Filter) => (value: string) => setFilter((f) => ({ ...f, [key]: value }));
  const select = (
    key: keyof Filter,
    name: string,
    any: string,
    options: { value: string; label: string }[],
  ) => (
    <label>
      {name}{' '}
      <select value={filter[key]} onChange={(e) => set(key)(e.target.value)}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  const shownSources = (sources.data ?? []).filter(
    (s) => !filter.caseId || s.caseId === filter.caseId,
  );

  return (
    <section className="activity-view" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('audit.activity.title')}</h1>
      <p className="muted">{t('audit.activity.intro')}</p>
      <div className="audit-filters" role="group" aria-label={t('audit.activity.filters')}>
        {select(
          'coder',
          t('audit.activity.coder'),
          t('audit.activity.anyCoder'),
          (coders.data ?? []).map((c) => ({ value: c.id, label: c.name })),
        )}
        {select(
          'kind',
          t('audit.activity.kind'),
          t('audit.activity.anyKind'),
          Object.keys(KINDS).map((k) => ({ value: k, label: t(`audit.kind.${k}`) })),
        )}
        {select(
          'caseId',
          t('audit.activity.case'),
          t('audit.activity.anyCase'),
          (cases.data ?? []).map((c) => ({ value: c.id, label: label(c.label) })),
        )}
        {select(
          'sourceId',
          t('audit.activity.source'),
          t('audit.activity.anySource'),
          shownSources.map((s) => ({ value: s.id, label: s.title })),
        )}
        {select(
          'codeId',
          t('audit.activity.code'),
          t('audit.activity.anyCode'),
          (codes.data ?? []).map((c) => ({ value: c.id, label: label(c.label) })),
        )}
        <label>
          {t('audit.activity.from')}{' '}
          <input type="date" value={filter.from} onChange={(e) => set('from')(e.target.value)} />
        </label>
        <label>
          {t('audit.activity.to')}{' '}
          <input type="date" value={filter.to} onChange={(e) => set('to')(e.target.value)} />
        </label>
        <button type="button" onClick={() => setFilter(NO_FILTER)}>
          {t('audit.activity.clear')}
        </button>
      </div>
      <div className="audit-export" role="group" aria-label={t('audit.activity.export')}>
        <span>{t('audit.activity.export')}:</span>
        {(['csv', 'xlsx'] as const).map((f) => (
          <button key={f} type="button" onClick={() => void exportAs(f)}>
            {t('audit.activity.exportAs', { format: f.toUpperCase() })}
          </button>
        ))}
        <label>
          <input
            type="checkbox"
            checked={pseudonymise}
            onChange={(e) => setPseudonymise(e.target.checked)}
          />{' '}
          {t('audit.activity.pseudonymise')}
        </label>
      </div>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'ok'}>
          {message.text}
        </p>
      )}
      {first.error && (
        <p role="alert" className="error">
          {first.error.message}
        </p>
      )}
      {!first.data ? (
        !first.error && <p>{t('common.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="empty">{t('audit.activity.none')}</p>
      ) : (
        <>
          <p role="status" aria-busy={first.loading}>
            {t('audit.activity.shown', { n: entries.length })}
          </p>
          <ol className="activity-list" aria-label={t('audit.activity.list')} ref={list}>
            {entries.map((e) => (
              <ActivityItem key={e.group} entry={e} />
            ))}
          </ol>
          {next !== null ? (
            <button type="button" disabled={loadingMore} onClick={() => void loadMore()}>
              {t('audit.activity.more')}
            </button>
          ) : (
            <p className="muted">{t('audit.activity.end')}</p>
          )}
        </>
      )}
    </section>
  );
}

function ActivityItem({ entry }: { entry: ActivityEntry }) {
  const { t, label, date } = useI18n();
  const open = useOpenTarget();
  const who = entry.coder ?? t('audit.activity.someone');
  const what = `${who} ${label(entry.text)}`;
  return (
    <li tabIndex={-1} className="activity-entry" data-action={entry.action}>
      <time dateTime={entry.at}>{date(entry.at, 'dateTime')}</time>{' '}
      <span className="activity-what">
        <strong>{who}</strong> {label(entry.text)}
      </span>
      {entry.target && (
        <button
          type="button"
          className="link"
          aria-label={t('audit.activity.open', { what })}
          onClick={() => entry.target && open(entry.target)}
        >
          {t('audit.activity.openShort')}
        </button>
      )}
    </li>
  );
}
