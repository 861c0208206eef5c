import Fuse from 'fuse.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Code } from '../../../../core/shared/contract/schemas.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { unchangedBy } from '../../lib/cache.js';
import { useCall } from '../../lib/useCall.js';
import { focusText } from '../../shell/textFocus.js';
import { codePassage, showStoredSegment } from './optimisticCoding.js';
import { getCoding, recentCodes, rememberCodes, setCoding, useCoding } from './store.js';

/**
 * The coding palette: fuzzy search over both languages' labels and keys, recent codes first,
 * several codes chosen in one go; prompts for the expected dimensions still missing.
 */
export function Palette() {
  const { t, label } = useI18n();
  const coding = useCoding();
  const codes = useCall('codes.tree', coding.paletteOpen ? {} : null);
  const info = useCall('project.info', coding.paletteOpen ? {} : null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [chosen, setChosen] = useState<string[]>([]);
  const [touched, setTouched] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  // What had the focus before the palette: it gets it back when the palette is cancelled.
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    if (coding.paletteOpen) {
      opener.current =
        document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setQuery(getCoding().paletteQuery);
      setTouched(getCoding().paletteQuery !== '');
      setChosen([]);
      setActive(0);
      setConfirming(false);
      setError(null);
      inputRef.current?.focus();
    }
  }, [coding.paletteOpen]);

  const all = useMemo(() => codes.data ?? [], [codes.data]);
  const fuse = useMemo(
    () =>
      new Fuse(all, {
        keys: ['label.nl', 'label.en', 'key'],
        threshold: 0.4,
        ignoreLocation: true,
      }),
    [all],
  );
  const byId = useMemo(() => new Map(all.map((c) => [c.id, c])), [all]);
  const existing = coding.paletteSegmentId ? coding.paletteExisting : [];
  const have = new Set([...chosen, ...existing].map((id) => byId.get(id)?.dimension));
  const missing = (info.data?.expectedDimensions ?? []).filter((d) => !have.has(d));

  const results: Code[] = useMemo(() => {
    if (query.trim()) return fuse.search(query.trim(), { limit: 30 }).map((r) => r.item);
    const recent = recentCodes();
    const rank = (c: Code) => {
      const m = missing.indexOf(c.dimension);
      const r = recent.indexOf(c.id);
      // Codes of the first missing dimension first, recent ones first within.
      return (m < 0 ? 100 : m) * 1000 + (r < 0 ? 500 : r);
    };
    return [...all].sort((a, b) => rank(a) - rank(b)).slice(0, 50);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `missing` derives from chosen
  }, [query, fuse, all, chosen.join(), existing.join(), info.data]);

  if (!coding.paletteOpen) return null;
  const close = () => {
    setCoding({ paletteOpen: false, paletteSegmentId: null });
    const back = opener.current;
    if (back?.isConnected && back !== document.body) back.focus({ preventScroll: true });
    else focusText();
  };
  const toggle = (id: string) => {
    setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
    setQuery('');
    setActive(0);
    setTouched(false);
    setConfirming(false);
  };
  const apply = async () => {
    const ids = chosen.filter((id) => !existing.includes(id));
    if (ids.length === 0) return;
    if (missing.length > 0 && !confirming) {
      setConfirming(true);
      return;
    }
    const sel = coding.selection;
    try {
      let segmentId: string;
      if (coding.paletteSegmentId) {
        const seg = await api.call('coding.apply', {
          segmentId: coding.paletteSegmentId,
          codeIds: ids,
        });
        showStoredSegment(seg);
        unchangedBy('comments.list');
        segmentId = seg.id;
      } else {
        if (!sel) {
          setError(t('coding.palette.noSelection'));
          return;
        }
        segmentId = (await codePassage(sel, ids)).id;
      }
      rememberCodes(ids);
      setCoding({ paletteOpen: false, paletteSegmentId: null, openSegmentId: segmentId });
      // Coded: on with the text, from the passage just coded (the view stays where it was).
      focusText();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const dims = missing.map((d) => t(`coding.dim.${d}`)).join(', ');
  const activeCode = results[active];

  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label={t(coding.paletteSegmentId ? 'coding.palette.addTo' : 'coding.palette.title')}
        onMouseDown={(e) => e.stopPropagation()}
      >
        <p className="palette-target">
          {coding.paletteSegmentId
            ? t('coding.palette.addTo')
            : coding.selection
              ? `“${coding.selection.text.slice(0, 120)}${coding.selection.text.length > 120 ? '…' : ''}”`
              : t('coding.palette.noSelection')}
        </p>
        <input
          ref={inputRef}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={activeCode ? `palette-${activeCode.id}` : undefined}
          aria-label={t('coding.palette.search')}
          placeholder={t('coding.palette.search')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setTouched(e.target.value !== '');
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              close();
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              setTouched(true);
              setActive((a) => Math.min(a + 1, results.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setTouched(true);
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              if (!e.ctrlKey && !e.metaKey && touched && activeCode) toggle(activeCode.id);
              else void apply();
            } else if (e.key === 'Backspace' && query === '' && chosen.length) {
              setChosen((c) => c.slice(0, -1));
            }
          }}
        />
        {chosen.length > 0 && (
          <ul className="palette-chosen" aria-label={t('coding.palette.chosen')}>
            {chosen.map((id) => {
              const c = byId.get(id);
              if (!c) return null;
              return (
                <li key={id}>
                  <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
                  {label(c.label)}
                  <button
                    type="button"
                    aria-label={t('coding.palette.remove', { label: label(c.label) })}
                    onClick={() => toggle(id)}
                  >
                    ×
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {missing.length > 0 && (
          <p className={confirming ? 'palette-missing warn' : 'palette-missing'} role="status">
            {confirming
              ? t('coding.palette.missingConfirm', { dims })
              : t('coding.palette.missing', { dims })}
          </p>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <ul
          id="palette-list"
          role="listbox"
          aria-label={t('coding.palette.results')}
          aria-multiselectable="true"
        >
          {results.map((c, i) => (
            <li
              key={c.id}
              id={`palette-${c.id}`}
              role="option"
              aria-selected={chosen.includes(c.id) || existing.includes(c.id)}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                toggle(c.id);
              }}
            >
              <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
              <span className="palette-label">{label(c.label)}</span>
              <span className="palette-dim">{t(`coding.dim.${c.dimension}`)}</span>
              {c.key && <span className="palette-key">{c.key}</span>}
            </li>
          ))}
        </ul>
        <p className="palette-help">
          {t('coding.palette.help')}{' '}
          <button type="button" onClick={() => void apply()} disabled={chosen.length === 0}>
            {t('coding.palette.apply')}
          </button>
        </p>
      </div>
    </div>
  );
}
