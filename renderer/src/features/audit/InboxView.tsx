import { useId, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useCall } from '../../lib/useCall.js';
import { REVIEW_STATES } from './ReviewControl.js';
import { ThreadView } from './Threads.js';
import './audit.css';

/**
 * Comments and review: a coder's inbox (threads that mention them or are about their codings,
 * open ones first; or every thread), and the review counts per coder and per code.
 */
export function InboxView() {
  const { t } = useI18n();
  const id = useId();
  const session = useCall('session.get', {});
  const coders = useCall('coders.list', {});
  const [chosen, setChosen] = useState<string>('');
  const [openOnly, setOpenOnly] = useState(false);
  const coderId = chosen || session.data?.coder?.id || '';
  const all = coderId === '*';
  const inbox = useCall('comments.inbox', !all && coderId ? { coderId } : null);
  const everything = useCall('comments.list', all ? (openOnly ? { open: true } : {}) : null);
  const source = all ? everything : inbox;
  const threads = (source.data ?? []).filter((th) => !openOnly || !th.resolved);
  const who = coders.data?.find((c) => c.id === coderId)?.name ?? '—';

  return (
    <section className="inbox-view" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('audit.inbox.title')}</h1>
      <div className="audit-filters">
        <label>
          {t('audit.inbox.for')}{' '}
          <select value={coderId} onChange={(e) => setChosen(e.target.value)}>
            {(coders.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
            <option value="*">{t('audit.inbox.all')}</option>
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={openOnly}
            onChange={(e) => setOpenOnly(e.target.checked)}
          />{' '}
          {t('audit.inbox.openOnly')}
        </label>
      </div>
      {!all && <p className="muted">{t('audit.inbox.intro', { who })}</p>}
      {source.error && (
        <p role="alert" className="error">
          {source.error.message}
        </p>
      )}
      {source.data && (
        <p role="status">
          {t('audit.inbox.count', {
            n: threads.length,
            open: threads.filter((th) => !th.resolved).length,
          })}
        </p>
      )}
      {source.data && threads.length === 0 && <p className="empty">{t('audit.inbox.none')}</p>}
      <div className="inbox-threads">
        {threads.map((th) => (
          <ThreadView key={th.id} thread={th} showWhere />
        ))}
      </div>
      <ReviewSummary />
    </section>
  );
}

/** How many codings are in each review state, per coder and per code. */
function ReviewSummary() {
  const { t, label, number } = useI18n();
  const id = useId();
  const summary = useCall('reviews.summary', {});
  const data = summary.data;
  const table = (
    caption: string,
    rows: { key: string; name: string; counts: Record<string, number> }[],
  ) => (
    <table className="review-summary">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{caption}</th>
          {REVIEW_STATES.map((s) => (
            <th key={s} scope="col">
              {t(`audit.review.${s}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.name}</th>
            {REVIEW_STATES.map((s) => (
              <td key={s} className={r.counts[s] && s === 'questioned' ? 'questioned' : undefined}>
                {number(r.counts[s] ?? 0)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <section aria-labelledby={`${id}-title`} className="review-summaries">
      <h2 id={`${id}-title`}>{t('audit.review.summary')}</h2>
      {summary.error && (
        <p role="alert" className="error">
          {summary.error.message}
        </p>
      )}
      {data &&
        (data.perCoder.length === 0 ? (
          <p className="muted">{t('audit.review.noneYet')}</p>
        ) : (
          <>
            {table(
              t('audit.review.perCoder'),
              data.perCoder.map((c) => ({
                key: c.coderId ?? '-',
                name: c.coder,
                counts: c.counts,
              })),
            )}
            {table(
              t('audit.review.perCode'),
              [...data.perCode]
                .sort((a, b) => label(a.label).localeCompare(label(b.label)))
                .map((c) => ({ key: c.codeId, name: label(c.label), counts: c.counts })),
            )}
          </>
        ))}
    </section>
  );
}
