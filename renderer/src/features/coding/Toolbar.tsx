import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import type { HistoryStep } from '../../../../core/shared/contract/coding.js';
import { historyWords } from './historyWords.js';
import { MemoButton } from './MemoButton.js';
import { Palette } from './Palette.js';

/** Where typing belongs to a field (its own undo), not to the workspace. */
function inField(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  return (
    tag === 'INPUT' ||
    tag === 'TEXTAREA' ||
    tag === 'SELECT' ||
    (el as HTMLElement).isContentEditable
  );
}

/** Undo/redo for every coding action (Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z), and the palette host. */
export function CodingToolbar() {
  const { t, label, lang } = useI18n();
  const state = useCall('history.state', {});
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const words = (s: HistoryStep) => historyWords(s, { t, label, lang });
  const step = async (dir: 'undo' | 'redo') => {
    try {
      const r = await api.call(dir === 'undo' ? 'history.undo' : 'history.redo', {});
      const w = words(r.step);
      setMessage({ text: dir === 'undo' ? w.undone : w.redone, error: false });
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    }
  };
  // The sentence stays a while, then goes (a new one replaces it at once).
  useEffect(() => {
    if (!message) return;
    const id = setTimeout(() => setMessage(null), message.error ? 12_000 : 6_000);
    return () => clearTimeout(id);
  }, [message]);
  const nextUndo = state.data?.nextUndo;
  const nextRedo = state.data?.nextRedo;
  const undoName = nextUndo
    ? t('history.undoNext', { what: words(nextUndo).what })
    : t('coding.undo');
  const redoName = nextRedo
    ? t('history.redoNext', { what: words(nextRedo).what })
    : t('coding.redo');
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z' || e.altKey) return;
      if (inField(document.activeElement)) return;
      e.preventDefault();
      void step(e.shiftKey ? 'redo' : 'undo');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  return (
    <span className="coding-toolbar">
      <button
        type="button"
        aria-label={undoName}
        title={undoName}
        disabled={!state.data?.undoable}
        onClick={() => void step('undo')}
      >
        ↶
      </button>
      <button
        type="button"
        aria-label={redoName}
        title={redoName}
        disabled={!state.data?.redoable}
        onClick={() => void step('redo')}
      >
        ↷
      </button>
      <MemoButton targetType="project" targetId="1" label={t('coding.memo.project')} />
      <span
        className={message ? 'history-message shown' : 'history-message'}
        role={message?.error ? 'alert' : 'status'}
      >
        {message?.text}
      </span>
      <Palette />
    </span>
  );
}
