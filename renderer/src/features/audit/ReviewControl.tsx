import { useId, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { usePast } from './usePast.js';

export const REVIEW_STATES = ['unreviewed', 'ok', 'questioned', 'settled'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/**
 * The review state of a coded segment: not reviewed, OK, questioned (with a comment, which starts
 * a thread on the segment) or settled. Radio buttons (arrow keys move between them); choosing
 * "questioned" asks for the question first.
 */
export function ReviewControl({ segmentId }: { segmentId: string }) {
  const { t } = useI18n();
  const id = useId();
  const past = usePast();
  const reviews = useCall('reviews.states', { segmentId });
  const state: ReviewState = reviews.data?.states[segmentId] ?? 'unreviewed';
  const [asking, setAsking] = useState(false);
  const [question, setQuestion] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const apply = async (next: ReviewState, comment?: string) => {
    try {
      const r = await api.call('segments.review', {
        segmentId,
        state: next,
        ...(comment ? { comment } : {}),
      });
      setError(null);
      setAsking(false);
      setQuestion('');
      setDone(t('audit.review.set', { state: t(`audit.review.${r.state}`) }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const shown: ReviewState = asking ? 'questioned' : state;

  return (
    <fieldset className="review-control" disabled={past !== null}>
      <legend>{t('audit.review.state')}</legend>
      {REVIEW_STATES.map((s) => (
        <label key={s} className={`review-option ${s}`}>
          <input
            type="radio"
            name={`${id}-state`}
            value={s}
            checked={shown === s}
            onChange={() => {
              setDone(null);
              if (s === 'questioned') {
                setAsking(true);
                setError(null);
              } else void apply(s);
            }}
          />{' '}
          {t(`audit.review.${s}`)}
        </label>
      ))}
      {asking && (
        <form
          className="review-question"
          onSubmit={(e) => {
            e.preventDefault();
            if (!question.trim()) setError(t('audit.review.needComment'));
            else void apply('questioned', question.trim());
          }}
        >
          <label htmlFor={`${id}-why`}>{t('audit.review.why')}</label>
          <textarea
            id={`${id}-why`}
            rows={2}
            aria-required="true"
            aria-invalid={error !== null}
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
          />
          <button type="submit">{t('audit.review.ask')}</button>{' '}
          <button
            type="button"
            onClick={() => {
              setAsking(false);
              setError(null);
            }}
          >
            {t('audit.review.cancel')}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {done && (
        <p role="status" className="ok small">
          {done}
        </p>
      )}
    </fieldset>
  );
}
