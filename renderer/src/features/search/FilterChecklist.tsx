import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../../i18n/index.js';

export interface FilterOption {
  value: string;
  label: string;
}

/** Case- and accent-blind text for matching what is typed against labels. */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * One filter of the segment browser: a visible label, a button that says what is chosen, and a
 * panel with a search field and a checklist of the options (any number can be ticked). Escape
 * or a press outside closes the panel.
 */
export function FilterChecklist({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: FilterOption[];
  value: string[];
  onChange: (value: string[]) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const chosen = options.filter((o) => value.includes(o.value));
  const shown = query ? options.filter((o) => fold(o.label).includes(fold(query))) : options;
  const summary =
    chosen.length === 0
      ? t('segments.filter.any')
      : chosen.length <= 2
        ? chosen.map((c) => c.label).join(', ')
        : t('segments.filter.chosen', { n: chosen.length });

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  const flip = (v: string, on: boolean) =>
    onChange(on ? [...value, v] : value.filter((x) => x !== v));

  return (
    <div className={`filter-checklist${chosen.length ? ' active' : ''}`} ref={root}>
      <span id={`${id}-label`} className="filter-label">
        {label}
      </span>
      <button
        type="button"
        ref={toggle}
        className="filter-toggle"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-summary`}
        onClick={() => setOpen((o) => !o)}
      >
        <span id={`${id}-summary`}>{summary}</span>
        <span aria-hidden="true"> ▾</span>
      </button>
      {open && (
        <div
          id={`${id}-panel`}
          className="filter-panel"
          role="group"
          aria-labelledby={`${id}-label`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close();
            }
          }}
        >
          <input
            type="search"
            autoFocus
            value={query}
            aria-label={t('segments.filter.search', { label })}
            placeholder={t('segments.filter.search', { label })}
            onChange={(e) => setQuery(e.target.value)}
          />
          {shown.length === 0 ? (
            <p className="empty">{t('segments.filter.noMatch')}</p>
          ) : (
            <ul>
              {shown.map((o) => (
                <li key={o.value}>
                  <label>
                    <input
                      type="checkbox"
                      checked={value.includes(o.value)}
                      onChange={(e) => flip(o.value, e.target.checked)}
                    />
                    {o.label}
                  </label>
                </li>
              ))}
            </ul>
          )}
          <div className="filter-panel-actions">
            <button type="button" disabled={value.length === 0} onClick={() => onChange([])}>
              {t('segments.filter.clear')}
            </button>
            <button type="button" onClick={close}>
              {t('common.close')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
