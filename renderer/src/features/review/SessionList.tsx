import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { FollowUpTable } from './FollowUps.js';

const today = () => new Date().toISOString().slice(0, 10);

/** The project's group-review sessions, a new one, and the follow-ups still open. */
export function SessionList({
  onOpen,
  onPresent,
}: {
  onOpen: (id: string) => void;
  onPresent: (id: string) => void;
}) {
  const { t } = useI18n();
  const sessions = useCall('review.sessions.list', {});
  const [title, setTitle] = useState('');
  const [date, setDate] = useState(today);
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    setError(null);
    try {
      const s = await api.call('review.sessions.create', { title: title.trim(), date });
      setTitle('');
      onOpen(s.id);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const list = sessions.data ?? [];
  return (
    <div className="review-view">
      <h1>{t('review.title')}</h1>
      <p className="muted">{t('review.intro')}</p>
      <form
        className="review-form inline"
        aria-label={t('review.new')}
        onSubmit={(e) => {
          e.preventDefault();
          if (title.trim()) void create();
        }}
      >
        <label>
          {t('review.session.title')}{' '}
          <input
            value={title}
            placeholder={t('review.session.titleHint')}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label>
          {t('review.session.date')}{' '}
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={!title.trim()}>
          {t('review.new')}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <section className="review-section" aria-labelledby="review-sessions">
        <h2 id="review-sessions">{t('review.sessions')}</h2>
        {list.length === 0 ? (
          <p className="muted">{sessions.data ? t('review.noSessions') : t('common.loading')}</p>
        ) : (
          <table className="review-table">
            <thead>
              <tr>
                <th scope="col">{t('review.session.date')}</th>
                <th scope="col">{t('review.session.title')}</th>
                <th scope="col">{t('review.col.items')}</th>
                <th scope="col">{t('review.col.remarks')}</th>
                <th scope="col">{t('review.col.open')}</th>
                <th scope="col">{t('review.col.state')}</th>
                <th scope="col">
                  <span className="sr-only">{t('review.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id}>
                  <td>{s.date}</td>
                  <td>
                    <button type="button" className="link" onClick={() => onOpen(s.id)}>
                      {s.title}
                    </button>
                  </td>
                  <td>{s.items}</td>
                  <td>{s.remarks}</td>
                  <td>{s.openFollowUps}</td>
                  <td>{s.closed ? t('review.ended') : t('review.preparing')}</td>
                  <td>
                    <button
                      type="button"
                      aria-label={t(s.closed ? 'review.lookBackOne' : 'review.presentOne', {
                        title: s.title,
                      })}
                      onClick={() => onPresent(s.id)}
                    >
                      {s.closed ? t('review.lookBack') : t('review.present')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="review-section" aria-labelledby="review-open-fu">
        <h2 id="review-open-fu">{t('review.fu.open')}</h2>
        <FollowUpTable state="open" />
      </section>
    </div>
  );
}
