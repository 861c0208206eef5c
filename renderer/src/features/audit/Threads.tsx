import { useId, useState } from 'react';
import type { CommentTarget, Thread } from '../../../../core/shared/contract/audit.js';
import { formatList } from '../../i18n/format.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { useOpenTarget } from './openTarget.js';
import { usePast } from './usePast.js';

/** "@name" words stand out in a comment's text. */
function WithMentions({ text }: { text: string }) {
  const parts = text.split(/(@[\p{L}\p{N}]+)/u);
  return <>{parts.map((p, i) => (i % 2 === 1 ? <mark key={i}>{p}</mark> : p))}</>;
}

/** How to mention a coder, with the project's coders' names. */
export function MentionHint({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const coders = useCall('coders.list', {});
  const names = (coders.data ?? []).map((c) => `@${c.name.split(/\s+/)[0] ?? c.name}`);
  if (names.length === 0) return null;
  return (
    <p id={id} className="muted small">
      {t('audit.comments.mentionHint', { names: formatList(lang, names) })}
    </p>
  );
}

/** A text box and a button: a new thread or an answer. Disabled in the past. */
function CommentForm({
  label,
  button,
  onSubmit,
}: {
  label: string;
  button: string;
  onSubmit: (text: string) => Promise<unknown>;
}) {
  const { t, date } = useI18n();
  const id = useId();
  const past = usePast();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!text.trim()) return;
    setBusy(true);
    try {
      await onSubmit(text.trim());
      setText('');
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="comment-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={`${id}-text`}>{label}</label>
      <textarea
        id={`${id}-text`}
        rows={2}
        value={text}
        disabled={past !== null}
        aria-describedby={`${id}-hint`}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Ctrl+Enter posts, as in most comment boxes.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      />
      {past ? (
        <p id={`${id}-hint`} className="muted small">
          {t('audit.travel.readOnly', { when: date(past.at, 'dateTime') })}
        </p>
      ) : (
        <MentionHint id={`${id}-hint`} />
      )}
      <button type="submit" disabled={busy || past !== null || !text.trim()}>
        {button}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

/** One thread: its comments, an answer box, resolve or reopen; where it belongs, if asked. */
export function ThreadView({ thread, showWhere }: { thread: Thread; showWhere?: boolean }) {
  const { t, label, date, lang } = useI18n();
  const past = usePast();
  const open = useOpenTarget();
  const [error, setError] = useState<string | null>(null);
  const where = label(thread.where);
  const resolve = async (resolved: boolean) => {
    try {
      await api.call('comments.resolve', { threadId: thread.id, resolved });
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <article
      className={`comment-thread${thread.resolved ? ' resolved' : ''}`}
      aria-label={t('audit.comments.thread', { where })}
    >
      {showWhere && (
        <p className="thread-where">
          {thread.open ? (
            <button
              type="button"
              className="link"
              aria-label={t('audit.comments.jump', { where })}
              onClick={() => thread.open && open(thread.open)}
            >
              {where}
            </button>
          ) : (
            where
          )}
        </p>
      )}
      <ol className="comments">
        {thread.comments.map((c) => (
          <li key={c.id}>
            <p className="comment-by muted small">
              {t('audit.comments.by', {
                who: c.author ?? t('audit.activity.someone'),
                when: date(c.createdAt, 'dateTime'),
              })}
            </p>
            <p className="comment-text">
              <WithMentions text={c.text} />
            </p>
            {c.mentions.length > 0 && (
              <p className="muted small">
                {t('audit.comments.mentions', { names: formatList(lang, c.mentions) })}
              </p>
            )}
          </li>
        ))}
      </ol>
      <p className="thread-state">
        {thread.resolved ? (
          <span className="muted small">
            {t('audit.comments.resolved', {
              who: thread.resolvedBy ?? t('audit.activity.someone'),
              when: thread.resolvedAt ? date(thread.resolvedAt, 'dateTime') : '—',
            })}
          </span>
        ) : (
          <span className="status-badge open">{t('audit.comments.open')}</span>
        )}{' '}
        <button
          type="button"
          disabled={past !== null}
          onClick={() => void resolve(!thread.resolved)}
        >
          {thread.resolved ? t('audit.comments.reopen') : t('audit.comments.resolve')}
        </button>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <CommentForm
        label={t('audit.comments.replyLabel')}
        button={t('audit.comments.reply')}
        onSubmit={(text) => api.call('comments.add', { threadId: thread.id, text })}
      />
    </article>
  );
}

/** The threads on one thing (a coded segment, a cell, a code), and a box to start one. */
export function Threads({ target, title }: { target: CommentTarget; title?: string }) {
  const { t } = useI18n();
  const id = useId();
  const threads = useCall('comments.list', { target });
  return (
    <section className="comment-threads" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title ?? t('audit.comments.title')}</h3>
      {threads.error && (
        <p role="alert" className="error">
          {threads.error.message}
        </p>
      )}
      {threads.data?.length === 0 && <p className="muted">{t('audit.comments.none')}</p>}
      {(threads.data ?? []).map((th) => (
        <ThreadView key={th.id} thread={th} />
      ))}
      <CommentForm
        label={t('audit.comments.new')}
        button={t('audit.comments.add')}
        onSubmit={(text) => api.call('comments.add', { target, text })}
      />
    </section>
  );
}
