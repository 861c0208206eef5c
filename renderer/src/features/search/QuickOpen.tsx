import Fuse from 'fuse.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PaletteItem } from '../../../../core/shared/contract/search.js';
import { useI18n } from '../../i18n/index.js';
import { useCall } from '../../lib/useCall.js';
import { useNav } from '../../shell/nav.js';
import './search.css';

const MAX_RESULTS = 30;

/** Ctrl/Cmd+P: fuzzy quick open over sources, codes, cases, respondents and memos. */
export function QuickOpen() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'p') {
        // The browser's print dialog is of no use here; quick open is.
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-keyshortcuts="Control+P Meta+P"
        onClick={() => setOpen(true)}
      >
        {t('quickopen.button')}
      </button>
      {open && <Palette onClose={() => setOpen(false)} />}
    </>
  );
}

function Palette({ onClose }: { onClose: () => void }) {
  const { t, label } = useI18n();
  const nav = useNav();
  const items = useCall('search.palette', {});
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const opener = useRef<Element | null>(document.activeElement);
  // A chosen source takes the focus to its text; otherwise it goes back to where it was.
  const toText = useRef(false);
  useEffect(() => {
    input.current?.focus();
    const back = opener.current;
    return () => {
      if (!toText.current && back instanceof HTMLElement) back.focus();
    };
  }, []);
  const fuse = useMemo(
    () =>
      new Fuse(items.data ?? [], {
        keys: [
          { name: 'title', weight: 2 },
          { name: 'label.en', weight: 2 },
          { name: 'alt', weight: 1 },
        ],
        threshold: 0.4,
        ignoreLocation: true,
      }),
    [items.data],
  );
  const results: PaletteItem[] = text.trim()
    ? fuse.search(text.trim(), { limit: MAX_RESULTS }).map((r) => r.item)
    : (items.data ?? []).slice(0, MAX_RESULTS);

  const choose = (item: PaletteItem | undefined) => {
    if (!item) return;
    if (item.type === 'code') nav.go({ view: 'segments', params: { code: item.id } });
    else if (item.type === 'case') nav.go({ view: 'segments', params: { case: item.id } });
    else if (item.sourceId) {
      toText.current = true;
      nav.openSource(item.sourceId);
    }
    onClose();
  };

  return (
    <div
      className="quickopen-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="quickopen" role="dialog" aria-modal="true" aria-label={t('quickopen.title')}>
        <input
          ref={input}
          role="combobox"
          aria-expanded="true"
          aria-controls="quickopen-list"
          aria-activedescendant={results[active] ? `qo-${active}` : undefined}
          aria-label={t('quickopen.input')}
          placeholder={t('quickopen.input')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onClose();
            else if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => Math.min(a + 1, results.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              choose(results[active]);
            }
          }}
        />
        <ul id="quickopen-list" role="listbox" aria-label={t('quickopen.results')}>
          {results.map((item, i) => (
            <li
              key={`${item.type}:${item.id}`}
              id={`qo-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(item)}
            >
              <span className="kind">{t(`quickopen.type.${item.type}`)}</span>
              <span>{label(item.label)}</span>
              <span className="small">{label(item.detail)}</span>
            </li>
          ))}
          {results.length === 0 && <li>{t('quickopen.none')}</li>}
        </ul>
      </div>
    </div>
  );
}
