import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useI18n } from '../../../i18n/index.js';
import type { Stripe } from './stripes.js';

/**
 * A stripe's context menu (right click, Shift+F10, the menu key): open the segment, or take
 * this code off it. Arrow keys move, Enter chooses, Escape or Tab closes it and gives the focus
 * back to the stripe; a press outside closes it.
 */
export function StripeMenu({
  stripe,
  x,
  y,
  onOpen,
  onRemove,
  onClose,
}: {
  stripe: Stripe;
  x: number;
  y: number;
  onOpen: () => void;
  onRemove: () => void;
  /** `refocus`: give the focus back to the stripe (not when an item moved it elsewhere). */
  onClose: (refocus: boolean) => void;
}) {
  const { t, label } = useI18n();
  const menu = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  // Where it opens, moved in as far as it must to stay inside the window.
  const [at, setAt] = useState({ left: x, top: y });
  useLayoutEffect(() => {
    const r = menu.current?.getBoundingClientRect();
    if (!r) return;
    setAt({
      left: Math.max(4, Math.min(x, window.innerWidth - r.width - 4)),
      top: Math.max(4, Math.min(y, window.innerHeight - r.height - 4)),
    });
  }, [x, y]);

  useEffect(() => {
    items()[0]?.focus();
    const onDown = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node)) close.current(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, []);

  const onKey = (e: React.KeyboardEvent) => {
    const list = items();
    const i = list.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = list.length;
      list[(i + (e.key === 'ArrowDown' ? 1 : n - 1)) % n]?.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      onClose(true);
    }
  };
  const code = label(stripe.code.label);
  return (
    <div
      ref={menu}
      className="stripe-menu"
      role="menu"
      aria-label={t('coding.stripe.menu', { code })}
      style={{ left: `${at.left}px`, top: `${at.top}px` }}
      onKeyDown={onKey}
    >
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        onClick={() => {
          onOpen();
          onClose(true);
        }}
      >
        {t('coding.stripe.open')}
      </button>
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        className="danger"
        onClick={() => {
          onClose(false);
          onRemove();
        }}
      >
        {t('coding.stripe.remove', { code })}
      </button>
    </div>
  );
}
