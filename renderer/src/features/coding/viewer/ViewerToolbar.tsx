import { memo } from 'react';
import type { Code } from '../../../../../core/shared/contract/schemas.js';
import { useI18n } from '../../../i18n/index.js';
import { api } from '../../../lib/api.js';
import { useCall } from '../../../lib/useCall.js';
import { showStoredSegment } from '../optimisticCoding.js';
import { getCoding, openPalette, setCoding, useCoding, type ReviewStateName } from '../store.js';
import { sameCodeLook } from './renamedStripes.js';

const REVIEW_FILTERS: readonly ReviewStateName[] = ['questioned', 'unreviewed', 'ok', 'settled'];

interface ToolbarProps {
  codes: Code[];
  onError: (message: string) => void;
}

/**
 * The same toolbar: the codes it lists look the same (their counts, which change with every
 * coding, are not shown here).
 */
const sameToolbar = (p: ToolbarProps, q: ToolbarProps) =>
  p.onError === q.onError &&
  (p.codes === q.codes ||
    (p.codes.length === q.codes.length &&
      p.codes.every((c, i) => sameCodeLook(c, q.codes[i] as Code))));

/**
 * The viewer's toolbar: code the selection (palette, in vivo), its length, and the filters of
 * what the viewer shows (snap to words, hide all, one coder, one code). Memoised: coding a
 * passage renders the viewer twice (pending, stored) and changes the codes' counts only.
 */
export const ViewerToolbar = memo(function ViewerToolbar({ codes, onError }: ToolbarProps) {
  const { t, label } = useI18n();
  const coding = useCoding();
  const coders = useCall('coders.list', {});
  const inVivo = () => {
    const sel = getCoding().selection;
    if (!sel) return;
    void api.call('coding.inVivo', { sourceId: sel.sourceId, start: sel.start, end: sel.end }).then(
      (r) => {
        showStoredSegment(r.segment);
        setCoding({ openSegmentId: r.segment.id });
      },
      (err: Error) => onError(err.message),
    );
  };
  return (
    <div className="viewer-toolbar" role="toolbar" aria-label={t('coding.viewer.filters')}>
      {/* Two groups that wrap as wholes: what to do with the selection, what to show. */}
      <span className="viewer-actions">
        <button type="button" disabled={!coding.selection} onClick={() => openPalette('')}>
          {t('coding.viewer.code')}
        </button>
        <button type="button" disabled={!coding.selection} onClick={inVivo}>
          {t('coding.viewer.inVivo')}
        </button>
        <span className="selection-info" role="status">
          {coding.selection &&
            t('coding.viewer.selection', { n: coding.selection.end - coding.selection.start })}
        </span>
      </span>
      <span className="viewer-filters">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={coding.snapWords}
            onChange={(e) => setCoding({ snapWords: e.target.checked })}
          />
          {t('coding.viewer.snap')}
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={coding.hideAll}
            onChange={(e) => setCoding({ hideAll: e.target.checked })}
          />
          {t('coding.viewer.hideAll')}
        </label>
        <label>
          <span className="sr-only">{t('coding.viewer.onlyCoder')}</span>
          <select
            aria-label={t('coding.viewer.onlyCoder')}
            value={coding.onlyCoder ?? ''}
            onChange={(e) => setCoding({ onlyCoder: e.target.value || null })}
          >
            <option value="">{t('coding.viewer.allCoders')}</option>
            {(coders.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">{t('coding.viewer.onlyCodes')}</span>
          <select
            aria-label={t('coding.viewer.onlyCodes')}
            value={coding.onlyCodes[0] ?? ''}
            onChange={(e) => setCoding({ onlyCodes: e.target.value ? [e.target.value] : [] })}
          >
            <option value="">{t('coding.viewer.allCodes')}</option>
            {codes.map((c) => (
              <option key={c.id} value={c.id}>
                {label(c.label)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">{t('coding.viewer.onlyReview')}</span>
          <select
            aria-label={t('coding.viewer.onlyReview')}
            value={coding.onlyReview ?? ''}
            onChange={(e) =>
              setCoding({
                onlyReview: REVIEW_FILTERS.find((s) => s === e.target.value) ?? null,
              })
            }
          >
            <option value="">{t('coding.viewer.allReviews')}</option>
            {REVIEW_FILTERS.map((s) => (
              <option key={s} value={s}>
                {t(`coding.viewer.review.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </span>
    </div>
  );
}, sameToolbar);
