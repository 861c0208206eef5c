import { useRef, useState } from 'react';
import type { MemoTargetType } from '../../../../core/shared/contract/coding.js';
import { useI18n } from '../../i18n/index.js';
import { useCall } from '../../lib/useCall.js';
import { MemoEditor } from './MemoEditor.js';

/**
 * A memo button (marked when a memo exists) opening the memo in a small panel beside it;
 * the memo saves as you type, Escape or the close button closes the panel.
 */
export function MemoButton({
  targetType,
  targetId,
  label,
  align = 'left',
}: {
  targetType: MemoTargetType;
  targetId: string;
  /** Accessible name of the button, the panel and the editor, e.g. "Memo bij bron". */
  label: string;
  align?: 'left' | 'right';
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const memo = useCall('memos.get', { targetType, targetId }, { scope: 'memos' });
  const has = Boolean(memo.data?.bodyText.trim());
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <span className="memo-button-wrap">
      <button
        ref={button}
        type="button"
        className={has ? 'small memo-button has-memo' : 'small memo-button'}
        aria-expanded={open}
        aria-label={has ? t('coding.memo.open', { label }) : label}
        title={has ? memo.data?.bodyText.slice(0, 200) : label}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {t('coding.memo.button')}
        {has && <span aria-hidden="true"> ●</span>}
      </button>
      {open && (
        <div
          className={`memo-popover ${align}`}
          role="dialog"
          aria-label={label}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close();
            }
          }}
        >
          <header>
            <strong>{label}</strong>
            <button type="button" className="small" onClick={close}>
              {t('coding.segment.close')}
            </button>
          </header>
          <MemoEditor targetType={targetType} targetId={targetId} label={label} autoFocus />
        </div>
      )}
    </span>
  );
}
