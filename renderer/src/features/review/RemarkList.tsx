import type { ReviewRemark } from '../../../../core/shared/contract/review.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';

/** The room's remarks in order: tag, text, who, the cell, whether it is a follow-up. */
export function RemarkList({
  remarks,
  readOnly,
  footerId,
  onFooter,
  onError,
}: {
  remarks: ReviewRemark[];
  readOnly: boolean;
  /** The remark in the audience footer now. */
  footerId?: string | null;
  onFooter?: (remarkId: string | null) => void;
  onError?: (message: string) => void;
}) {
  const { t, label } = useI18n();
  return (
    <ol className="remark-list">
      {remarks.map((r) => (
        <li
          key={r.id}
          value={r.n}
          data-testid="remark"
          className={footerId === r.id ? 'in-footer' : undefined}
        >
          <span className={`tag-chip tag-${r.tag}`}>{t(`review.tag.${r.tag}`)}</span> {r.text}
          <span className="muted">
            {' — '}
            {r.by ?? t('review.room')}
            {r.cell ? ` · ${label(r.cell.label)}` : ''}
            {readOnly ? ` · ${t('review.item.n', { n: r.itemPosition })}` : ''}
            {r.followUp
              ? ` · ${t('review.fu.is', { state: t(`review.fu.state.${r.followUp.state}`) })}`
              : ''}
            {r.shown ? ` · ${t('review.shownToRoom')}` : ''}
          </span>
          {!readOnly && (
            <span className="remark-actions">
              {onFooter && (
                <button
                  type="button"
                  aria-pressed={footerId === r.id}
                  aria-label={t(
                    footerId === r.id ? 'review.footer.hideOne' : 'review.footer.showOne',
                    {
                      n: r.n,
                    },
                  )}
                  onClick={() => onFooter(footerId === r.id ? null : r.id)}
                >
                  {t('review.footer.show')}
                </button>
              )}
              {(!r.followUp || r.followUp.state === 'open') && (
                <button
                  type="button"
                  aria-label={t('review.remark.removeOne', { n: r.n })}
                  onClick={() =>
                    void api
                      .call('review.remarks.remove', { id: r.id })
                      .catch((e: unknown) => onError?.((e as Error).message))
                  }
                >
                  ×
                </button>
              )}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
