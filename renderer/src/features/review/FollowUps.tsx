import { useState } from 'react';
import type { MatrixSpec } from '../../../../core/shared/contract/matrix.js';
import type { FollowUpState, ReviewFollowUp } from '../../../../core/shared/contract/review.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import './review.css';

/**
 * The follow-ups of group reviews where the researchers meet them: a badge on a framework
 * matrix cell, a list in the cell panel, a table per session. A follow-up lies on a cell of the
 * study's cube (its coordinate), so it shows in every view of that cell.
 */

/** Open follow-ups on a cell of the framework matrix (rendered inside the cell). */
export function FollowUpBadge({ spec, row, col }: { spec: MatrixSpec; row: string; col: string }) {
  const { t } = useI18n();
  // One read for the whole view, shared by every cell's badge.
  const view = useCall('review.followups.forView', { spec });
  const here = view.data?.find((c) => c.row === row && c.col === col);
  if (!here) return null;
  return (
    <span
      className={`followup-badge${here.open ? ' open' : ''}`}
      data-testid="followup-badge"
      title={t('review.fu.badge', { open: here.open, total: here.total })}
    >
      {here.open ? `⚑ ${here.open}` : `✓ ${here.total}`}
    </span>
  );
}

function FollowUpItem({ f, showCell }: { f: ReviewFollowUp; showCell: boolean }) {
  const { t, label } = useI18n();
  const [reason, setReason] = useState('');
  const [dismissing, setDismissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = async (state: FollowUpState, why?: string) => {
    try {
      setError(null);
      await api.call('review.followups.setState', {
        id: f.id,
        state,
        ...(why ? { reason: why } : {}),
      });
      setDismissing(false);
      setReason('');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <li className={`followup state-${f.state}`} data-testid="followup">
      <p className="followup-text">
        <span className={`tag-chip tag-${f.tag}`}>{t(`review.tag.${f.tag}`)}</span> {f.text}
        <span className="muted">
          {' — '}
          {f.by ?? t('review.room')} · {f.sessionTitle} ({f.sessionDate}) #{f.n}
        </span>
      </p>
      {showCell && f.cell && <p className="muted">{label(f.cell.label)}</p>}
      <p className="followup-state">
        <strong>{t(`review.fu.state.${f.state}`)}</strong>
        {f.state === 'dismissed' && f.reason && <> — {f.reason}</>}
        {f.resolvedBy && (
          <span className="muted">
            {' '}
            ({f.resolvedBy}, {f.resolvedAt ? new Date(f.resolvedAt).toLocaleDateString() : ''})
          </span>
        )}
      </p>
      {f.edit && (
        <p className="followup-edit">
          {t('review.fu.edit', {
            when: new Date(f.edit.at).toLocaleString(),
            who: f.edit.coder ?? '—',
          })}
          <q>
            {f.edit.bodyText.length > 160 ? `${f.edit.bodyText.slice(0, 159)}…` : f.edit.bodyText}
          </q>
        </p>
      )}
      <div className="followup-actions">
        {f.state === 'open' ? (
          <>
            <button type="button" onClick={() => void set('done')}>
              {t('review.fu.done')}
            </button>
            {dismissing ? (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (reason.trim()) void set('dismissed', reason.trim());
                }}
              >
                <input
                  aria-label={t('review.fu.reason')}
                  placeholder={t('review.fu.reason')}
                  value={reason}
                  autoFocus
                  onChange={(e) => setReason(e.target.value)}
                />
                <button type="submit" disabled={!reason.trim()}>
                  {t('review.fu.dismiss')}
                </button>
                <button type="button" onClick={() => setDismissing(false)}>
                  {t('common.cancel')}
                </button>
              </form>
            ) : (
              <button type="button" onClick={() => setDismissing(true)}>
                {t('review.fu.dismiss')}…
              </button>
            )}
          </>
        ) : (
          <button type="button" onClick={() => void set('open')}>
            {t('review.fu.reopen')}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </li>
  );
}

/** The follow-ups on one cell, in the matrix's cell panel, and the step to "reviewed". */
export function FollowUpList({ spec, row, col }: { spec: MatrixSpec; row: string; col: string }) {
  const { t } = useI18n();
  const at = { spec, row, col };
  const list = useCall('review.followups.list', { at });
  const cell = useCall('matrix.synthesis.get', { at });
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const items = list.data ?? [];
  if (items.length === 0) return null;
  const open = items.filter((f) => f.state === 'open').length;
  const reviewed = cell.data?.status === 'reviewed';
  const confirm = async () => {
    try {
      await api.call('matrix.synthesis.setStatus', { at, status: 'reviewed' });
      setMessage({ text: t('review.fu.reviewedOk'), error: false });
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    }
  };
  return (
    <section className="followups" aria-label={t('review.fu.title', { n: items.length })}>
      <h3>{t('review.fu.title', { n: items.length })}</h3>
      <ul className="followup-list">
        {items.map((f) => (
          <FollowUpItem key={f.id} f={f} showCell={false} />
        ))}
      </ul>
      {!reviewed && !cell.data?.notWritable && (
        <p>
          <button type="button" disabled={open > 0} onClick={() => void confirm()}>
            {t('review.fu.confirmReviewed')}
          </button>{' '}
          {open > 0 && <span className="muted">{t('review.fu.stillOpen', { n: open })}</span>}
        </p>
      )}
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'ok'}>
          {message.text}
        </p>
      )}
    </section>
  );
}

/** Every follow-up of a session (or of all sessions), with the cell each lies on. */
export function FollowUpTable({ sessionId, state }: { sessionId?: string; state?: FollowUpState }) {
  const { t } = useI18n();
  const list = useCall('review.followups.list', {
    ...(sessionId ? { sessionId } : {}),
    ...(state ? { state } : {}),
  });
  const items = list.data ?? [];
  return items.length === 0 ? (
    <p className="muted">{t('review.fu.none')}</p>
  ) : (
    <ul className="followup-list">
      {items.map((f) => (
        <FollowUpItem key={f.id} f={f} showCell />
      ))}
    </ul>
  );
}
