import { useEffect, useId, useRef, useState } from 'react';
import type { Code } from '../../../../core/shared/contract/schemas.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';

/**
 * Split a code: from its segment list, choose the segments whose coding moves to a new sibling
 * code (codes.split, one undoable action).
 */
export function SplitDialog({
  code,
  onClose,
  onDone,
}: {
  code: Code;
  onClose: () => void;
  onDone: (created: Code) => void;
}) {
  const { t, label } = useI18n();
  const titleId = useId();
  const segments = useCall('segments.forCode', { codeId: code.id });
  const sources = useCall('sources.list', {});
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [nl, setNl] = useState('');
  const [en, setEn] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  // In on open; back to what opened it (the code's Split button) on close.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    first.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  const name = label(code.label);
  const titles = new Map((sources.data ?? []).map((s) => [s.id, s.title]));
  const list = segments.data ?? [];
  const bySource = new Map<string, typeof list>();
  for (const s of list) bySource.set(s.sourceId, [...(bySource.get(s.sourceId) ?? []), s]);
  const toggle = (id: string) =>
    setPicked((p) => {
      const next = new Set(p);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const submit = async () => {
    setBusy(true);
    try {
      const created = await api.call('codes.split', {
        id: code.id,
        segmentIds: [...picked],
        label: { nl: nl.trim(), en: en.trim() },
      });
      onDone(created);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="dialog-backdrop" onMouseDown={onClose}>
      <div
        className="dialog split-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <header>
          <h2 id={titleId}>{t('coding.split.title', { label: name })}</h2>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </header>
        <p>{t('coding.split.help', { label: name })}</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (picked.size > 0 && nl.trim()) void submit();
          }}
        >
          <div className="split-names">
            <label>
              {t('coding.split.labelNl')}
              <input ref={first} value={nl} onChange={(e) => setNl(e.target.value)} required />
            </label>
            <label>
              {t('coding.split.labelEn')}
              <input value={en} onChange={(e) => setEn(e.target.value)} />
            </label>
          </div>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          {segments.data && list.length === 0 && <p>{t('coding.split.empty')}</p>}
          {list.length > 0 && (
            <div className="split-tools">
              <button type="button" onClick={() => setPicked(new Set(list.map((s) => s.id)))}>
                {t('coding.split.all')}
              </button>
              <button type="button" onClick={() => setPicked(new Set())}>
                {t('coding.split.none')}
              </button>
            </div>
          )}
          <div
            className="split-list"
            role="group"
            aria-label={t('coding.split.segments', { label: name })}
          >
            {[...bySource.entries()].map(([sourceId, segs]) => (
              <fieldset key={sourceId}>
                <legend>{titles.get(sourceId) ?? sourceId}</legend>
                {segs.map((s) => (
                  <label key={s.id} className="split-item">
                    <input
                      type="checkbox"
                      checked={picked.has(s.id)}
                      onChange={() => toggle(s.id)}
                      aria-label={t('coding.split.pick', {
                        text: s.text.length > 80 ? `${s.text.slice(0, 80)}…` : s.text,
                      })}
                    />
                    <span className="split-quote">{s.text}</span>
                  </label>
                ))}
              </fieldset>
            ))}
          </div>
          <div className="dialog-actions">
            <button type="submit" disabled={busy || picked.size === 0 || !nl.trim()}>
              {t('coding.split.apply', { n: picked.size })}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
