import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
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
  const { t } = useI18n();
  const state = useCall('history.state', {});
  const [message, setMessage] = useState('');
  const step = async (dir: 'undo' | 'redo') => {
    try {
      const r = await api.call(dir === 'undo' ? 'history.undo' : 'history.redo', {});
      setMessage(t(dir === 'undo' ? 'coding.undone' : 'coding.redone', { action: r.action }));
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
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
        aria-label={t('coding.undo')}
        title={t('coding.undo')}
        disabled={!state.data?.undoable}
        onClick={() => void step('undo')}
      >
        ↶
      </button>
      <button
        type="button"
        aria-label={t('coding.redo')}
        title={t('coding.redo')}
        disabled={!state.data?.redoable}
        onClick={() => void step('redo')}
      >
        ↷
      </button>
      <MemoButton targetType="project" targetId="1" label={t('coding.memo.project')} />
      <span className="sr-only" role="status">
        {message}
      </span>
      <Palette />
    </span>
  );
}
