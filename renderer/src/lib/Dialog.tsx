import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.js';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), ' +
  'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * The shell of a modal dialog: a backdrop, a panel (role=dialog, aria-modal, labelled by its
 * title), a header with the title and a close button, and an error line. Escape closes it. On
 * open the focus moves to the close button; Tab stays inside; on close the focus goes back to
 * what had it before (the button that opened it), so a keyboard user is never left on the page.
 */
export function Dialog({
  title,
  onClose,
  canClose = true,
  error,
  className,
  children,
}: {
  title: ReactNode;
  onClose: () => void;
  /** False while something runs that must not be left (the close button is disabled). */
  canClose?: boolean;
  error?: string | null | undefined;
  /** Extra class of the panel (a feature's width, via --dialog-width). */
  className?: string | undefined;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const titleId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const close = useRef({ onClose, canClose });
  close.current = { onClose, canClose };

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeButton.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && close.current.canClose) close.current.onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  /** Tab from the last control goes to the first, Shift+Tab from the first to the last. */
  const keepFocusInside = (e: React.KeyboardEvent) => {
    if (e.key !== 'Tab' || !panel.current) return;
    const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="dialog-backdrop">
      <div
        ref={panel}
        className={className ? `dialog ${className}` : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={keepFocusInside}
      >
        <header>
          <h2 id={titleId}>{title}</h2>
          <button type="button" ref={closeButton} onClick={onClose} disabled={!canClose}>
            {t('common.close')}
          </button>
        </header>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {children}
      </div>
    </div>
  );
}
