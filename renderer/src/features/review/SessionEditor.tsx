import { useState } from 'react';
import {
  DEFAULT_AUDIENCE,
  type Audience,
} from '../../../../core/shared/contract/confidentiality.js';
import type { ReviewItem } from '../../../../core/shared/contract/review.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { downloadBase64 } from '../../lib/files.js';
import { useCall } from '../../lib/useCall.js';
import { AudienceSelect } from '../confidentiality/AudienceSelect.js';
import { FollowUpTable } from './FollowUps.js';
import { ItemForm } from './ItemForm.js';
import { Participants } from './Participants.js';
import { RemarkList } from './RemarkList.js';

/** What the room will see of an item, in a few words. */
export function useShowSummary() {
  const { t } = useI18n();
  return (item: ReviewItem) =>
    [
      item.show.counts ? t('review.show.counts') : '',
      item.show.syntheses ? t('review.show.syntheses') : '',
      item.show.quotes ? t('review.show.quotesN', { n: item.show.quotes }) : '',
      item.show.hideCases ? t('review.show.hideCases') : '',
      t(`review.reveal.${item.reveal}`),
    ]
      .filter(Boolean)
      .join(' · ');
}

/** Preparing a session: title and date, the people in the room, the agenda; after it, the record. */
export function SessionEditor({
  sessionId,
  onBack,
  onPresent,
}: {
  sessionId: string;
  onBack: () => void;
  onPresent: () => void;
}) {
  const { t, label, lang } = useI18n();
  const session = useCall('review.sessions.get', { id: sessionId });
  const remarks = useCall('review.remarks.list', { sessionId });
  const summary = useShowSummary();
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [title, setTitle] = useState<string | null>(null);
  const [date, setDate] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  // Who the minutes are for (default: respondents; see AudienceSelect).
  const [audience, setAudience] = useState<Audience>(DEFAULT_AUDIENCE);
  const s = session.data;
  if (!s)
    return (
      <p role={session.error ? 'alert' : undefined}>
        {session.error?.message ?? t('common.loading')}
      </p>
    );
  const readOnly = s.closed;
  const run = async (fn: () => Promise<unknown>, ok?: string) => {
    try {
      await fn();
      setMessage(ok ? { text: ok, error: false } : null);
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    }
  };
  const minutes = async (format: 'docx' | 'html') => {
    try {
      const file = await api.call('review.minutes', { sessionId, format, lang, audience });
      downloadBase64(file.base64, file.filename, file.mime);
      // What the leak check did, beside the file name (a shield: it passed).
      const checked = file.check
        ? ` — ${t('confidentiality.checked', { n: file.check.replaced })}`
        : '';
      setMessage({
        text: t('review.minutes.done', { file: file.filename }) + checked,
        error: false,
      });
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    }
  };

  return (
    <div className="review-view">
      <p>
        <button type="button" className="link" onClick={onBack}>
          ← {t('review.sessions')}
        </button>
      </p>
      <h1>{s.title}</h1>
      <p className="muted">
        {s.date} · {s.closed ? t('review.ended') : t('review.preparing')}
      </p>
      <div className="review-actions">
        <button type="button" className="primary" onClick={onPresent}>
          {readOnly ? t('review.lookBack') : t('review.present')}
        </button>
        <AudienceSelect value={audience} onChange={setAudience} />
        <button type="button" onClick={() => void minutes('docx')}>
          {t('review.minutes.docx')}
        </button>
        <button type="button" onClick={() => void minutes('html')}>
          {t('review.minutes.html')}
        </button>
        <button
          type="button"
          onClick={() =>
            void run(() => api.call('review.sessions.update', { id: sessionId, closed: !s.closed }))
          }
        >
          {s.closed ? t('review.reopen') : t('review.end')}
        </button>
        {s.remarks === 0 && (
          <button
            type="button"
            onClick={() =>
              void run(async () => {
                await api.call('review.sessions.delete', { id: sessionId });
                onBack();
              })
            }
          >
            {t('review.delete')}
          </button>
        )}
      </div>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'ok'}>
          {message.text}
        </p>
      )}
      {!readOnly && (
        <form
          className="review-form inline"
          aria-label={t('review.session.details')}
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await api.call('review.sessions.update', {
                id: sessionId,
                ...(title !== null ? { title } : {}),
                ...(date !== null ? { date } : {}),
              });
              setTitle(null);
              setDate(null);
            }, t('review.saved'));
          }}
        >
          <label>
            {t('review.session.title')}{' '}
            <input value={title ?? s.title} onChange={(e) => setTitle(e.target.value)} />
          </label>
          <label>
            {t('review.session.date')}{' '}
            <input type="date" value={date ?? s.date} onChange={(e) => setDate(e.target.value)} />
          </label>
          <button type="submit" disabled={title === null && date === null}>
            {t('common.save')}
          </button>
        </form>
      )}

      <Participants sessionId={sessionId} people={s.participantList} readOnly={readOnly} />

      <section aria-labelledby={`${sessionId}-agenda`} className="review-section">
        <h2 id={`${sessionId}-agenda`}>{t('review.agenda', { n: s.agenda.length })}</h2>
        {s.agenda.length === 0 && <p className="muted">{t('review.agenda.empty')}</p>}
        <ol className="agenda">
          {s.agenda.map((item, i) => (
            <li key={item.id} data-testid="agenda-item">
              <div className="agenda-head">
                <strong>{label(item.name)}</strong>
                {label(item.focusLabel) && <> — {label(item.focusLabel)}</>}
              </div>
              {item.question && <p className="agenda-question">“{item.question}”</p>}
              <p className="muted">
                {summary(item)}
                {item.snapshots > 0 && ` · ${t('review.item.shown', { n: item.snapshots })}`}
                {item.remarks > 0 && ` · ${t('review.item.remarks', { n: item.remarks })}`}
              </p>
              {!readOnly && editing !== item.id && (
                <div className="agenda-actions">
                  <button
                    type="button"
                    disabled={i === 0}
                    aria-label={t('review.item.up', { n: item.position })}
                    onClick={() =>
                      void run(() =>
                        api.call('review.items.move', { id: item.id, position: item.position - 1 }),
                      )
                    }
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    disabled={i === s.agenda.length - 1}
                    aria-label={t('review.item.down', { n: item.position })}
                    onClick={() =>
                      void run(() =>
                        api.call('review.items.move', { id: item.id, position: item.position + 1 }),
                      )
                    }
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    aria-label={t('review.item.editOne', { n: item.position })}
                    onClick={() => setEditing(item.id)}
                  >
                    {t('review.edit')}
                  </button>
                  <button
                    type="button"
                    aria-label={t('review.item.removeOne', { n: item.position })}
                    onClick={() => void run(() => api.call('review.items.remove', { id: item.id }))}
                  >
                    {t('review.remove')}
                  </button>
                </div>
              )}
              {editing === item.id && (
                <ItemForm sessionId={sessionId} item={item} onDone={() => setEditing(null)} />
              )}
            </li>
          ))}
        </ol>
        {!readOnly &&
          (editing === 'new' ? (
            <ItemForm sessionId={sessionId} onDone={() => setEditing(null)} />
          ) : (
            <button type="button" onClick={() => setEditing('new')}>
              + {t('review.item.add')}
            </button>
          ))}
      </section>

      {(remarks.data?.length ?? 0) > 0 && (
        <section aria-labelledby={`${sessionId}-remarks`} className="review-section">
          <h2 id={`${sessionId}-remarks`}>
            {t('review.remarks', { n: remarks.data?.length ?? 0 })}
          </h2>
          <RemarkList remarks={remarks.data ?? []} readOnly />
        </section>
      )}
      <section aria-labelledby={`${sessionId}-fu`} className="review-section">
        <h2 id={`${sessionId}-fu`}>{t('review.fu.ofSession')}</h2>
        <FollowUpTable sessionId={sessionId} />
      </section>
    </div>
  );
}
