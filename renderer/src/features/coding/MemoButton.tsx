import { useEffect, useRef, useState } from 'react';
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
  small = false,
}: {
  targetType: MemoTargetType;
  targetId: string;
  /** Accessible name of the button, the panel and the editor, e.g. "Memo bij bron". */
  label: string;
  /** The small variant (for the sidebar). */
  small?: boolean;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  /** Where the panel goes (fixed, so a scrolling sidebar never clips it). */
  const [at, setAt] = useState({ left: 0, top: 0 });
  // Whether a memo exists is asked a moment later: opening a source must not wait behind it.
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    const id = setTimeout(() => setArmed(true), 250);
    return () => clearTimeout(id);
  }, []);
  const memo = useCall('memos.get', armed || open ? { targetType, targetId } : null);
  const has = Boolean(memo.data?.bodyText.trim());
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const close = (refocus = true) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };
  const show = () => {
    const r = button.current?.getBoundingClientRect();
    if (r) {
      const width = Math.min(416, window.innerWidth * 0.8);
      setAt({
        left: Math.max(8, Math.min(r.left, window.innerWidth - width - 16)),
        top: r.bottom + 4,
      });
    }
    setOpen(true);
  };
  // A press outside closes it (what was typed is saved on the way out).
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) close(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);
  return (
    <span className="memo-button-wrap">
      <button
        ref={button}
        type="button"
        className={`memo-button${small ? ' small' : ''}${has ? ' has-memo' : ''}`}
        aria-expanded={open}
        aria-label={has ? t('coding.memo.open', { label }) : label}
        title={has ? memo.data?.bodyText.slice(0, 200) : label}
        onClick={() => (open ? close() : show())}
      >
        {t('coding.memo.button')}
        {has && <span aria-hidden="true"> ●</span>}
      </button>
      {open && (
        <div
          ref={panel}
          className="memo-popover"
          style={{ left: `${at.left}px`, top: `${at.top}px` }}
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
            <button type="button" className="small" onClick={() => close()}>
              {t('coding.segment.close')}
            </button>
          </header>
          <MemoEditor targetType={targetType} targetId={targetId} label={label} autoFocus />
        </div>
      )}
    </span>
  );
}
