import { useId, useState } from 'react';
import type { MemoListing, MemoTargetType } from '../../../../core/shared/contract/coding.js';
import { useI18n } from '../../i18n/index.js';
import { useCall } from '../../lib/useCall.js';
import { useNav } from '../../shell/nav.js';
import { MemoEditor } from '../coding/MemoEditor.js';

const TYPES: MemoTargetType[] = ['project', 'case', 'source', 'code', 'segment'];
const NO_AUTHOR = '-';

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * Every memo of the project, newest change first, filtered by what it is on, by author and by
 * its text. A memo is edited in place; "open" goes to what it is on (a source, a passage in its
 * source, the segments of a code or case).
 */
export function MemoOverview() {
  const { t, label, lang } = useI18n();
  const ids = useId();
  const memos = useCall('memos.list', {});
  const [type, setType] = useState<MemoTargetType | ''>('');
  const [author, setAuthor] = useState('');
  const [text, setText] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  // While a memo is edited the list keeps its order: saving moves it to the top otherwise.
  const [order, setOrder] = useState<string[] | null>(null);

  const all = memos.data ?? [];
  const authors = [
    ...new Map(all.flatMap((m) => (m.author ? [[m.author.id, m.author]] : []))).values(),
  ];
  const ordered = order ? [...all].sort((a, b) => rank(order, a.id) - rank(order, b.id)) : all;
  const shown = ordered.filter(
    (m) =>
      (!type || m.targetType === type) &&
      (!author || (author === NO_AUTHOR ? !m.author : m.author?.id === author)) &&
      (!text ||
        fold(`${m.text} ${label(m.target.label)} ${m.target.quote ?? ''}`).includes(fold(text))),
  );

  const startEditing = (id: string | null) => {
    setEditing(id);
    setOrder(id ? all.map((m) => m.id) : null);
  };

  return (
    <section className="memo-overview" aria-labelledby={`${ids}-title`}>
      <h1 id={`${ids}-title`}>{t('memos.title')}</h1>
      <p className="hint">{t('memos.help')}</p>
      <div className="memo-filters" role="group" aria-label={t('memos.filters')}>
        <label>
          {t('memos.filter.type')}
          <select value={type} onChange={(e) => setType(e.target.value as MemoTargetType | '')}>
            <option value="">{t('memos.filter.all')}</option>
            {TYPES.map((k) => (
              <option key={k} value={k}>
                {t(`memos.type.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('memos.filter.author')}
          <select value={author} onChange={(e) => setAuthor(e.target.value)}>
            <option value="">{t('memos.filter.all')}</option>
            {authors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
            {all.some((m) => !m.author) && (
              <option value={NO_AUTHOR}>{t('memos.filter.noAuthor')}</option>
            )}
          </select>
        </label>
        <label className="grow">
          {t('memos.filter.text')}
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
      </div>
      {memos.error && (
        <p role="alert" className="error">
          {memos.error.message}
        </p>
      )}
      {memos.data && (
        <p role="status">{t('memos.count', { n: shown.length, total: all.length })}</p>
      )}
      {memos.data && all.length === 0 && <p className="empty">{t('memos.none')}</p>}
      {memos.data && all.length > 0 && shown.length === 0 && (
        <p className="empty">{t('memos.noMatch')}</p>
      )}
      {shown.length > 0 && (
        <ul className="memo-list" aria-label={t('memos.list')}>
          {shown.map((m) => (
            <MemoItem
              key={m.id}
              memo={m}
              editing={editing === m.id}
              onEdit={(on) => startEditing(on ? m.id : null)}
              date={new Date(m.updatedAt).toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', {
                dateStyle: 'medium',
                timeStyle: 'short',
              })}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function rank(order: string[], id: string): number {
  const i = order.indexOf(id);
  return i < 0 ? order.length : i;
}

function MemoItem({
  memo: m,
  editing,
  onEdit,
  date,
}: {
  memo: MemoListing;
  editing: boolean;
  onEdit: (on: boolean) => void;
  date: string;
}) {
  const { t, label } = useI18n();
  const nav = useNav();
  const headingId = useId();
  const typeName = t(`memos.type.${m.targetType}`);
  const target = label(m.target.label);
  const open = (() => {
    const sourceId = m.target.sourceId;
    if (m.targetType === 'source' && sourceId)
      return { text: t('memos.openSource'), go: () => nav.openSource(sourceId) };
    if (m.targetType === 'segment' && sourceId && m.target.range) {
      const range = m.target.range;
      return { text: t('memos.openPassage'), go: () => nav.openSource(sourceId, range) };
    }
    if (m.targetType === 'code')
      return {
        text: t('memos.openCode'),
        go: () => nav.go({ view: 'segments', params: { code: m.targetId } }),
      };
    if (m.targetType === 'case')
      return {
        text: t('memos.openCase'),
        go: () => nav.go({ view: 'segments', params: { case: m.targetId } }),
      };
    return null;
  })();
  return (
    <li className={`memo-item type-${m.targetType}`} aria-labelledby={headingId}>
      <div className="memo-item-head">
        <span className="memo-type">{typeName}</span>
        <h2 id={headingId}>{target || typeName}</h2>
        <span className="memo-meta">
          {m.author && <span>{t('memos.by', { name: m.author.name })}</span>}
          <span>{t('memos.changed', { date })}</span>
        </span>
      </div>
      {m.target.quote && <blockquote className="memo-quote">{m.target.quote}</blockquote>}
      {editing ? (
        <MemoEditor
          targetType={m.targetType}
          targetId={m.targetId}
          label={t('memos.editorLabel', { type: typeName.toLowerCase(), label: target })}
          autoFocus
        />
      ) : (
        <p className="memo-text">{m.text}</p>
      )}
      <div className="memo-actions">
        <button type="button" aria-expanded={editing} onClick={() => onEdit(!editing)}>
          {editing ? t('memos.doneEditing') : t('memos.edit')}
          <span className="sr-only">
            : {t('memos.editorLabel', { type: typeName.toLowerCase(), label: target })}
          </span>
        </button>
        {open && (
          <button type="button" onClick={open.go}>
            {open.text}
            <span className="sr-only">: {target}</span>
          </button>
        )}
      </div>
    </li>
  );
}
