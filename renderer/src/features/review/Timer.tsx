import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/index.js';

const mmss = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/** The session's clock (start, pause, reset) and the time on the current item. */
export function Timer({ itemKey }: { itemKey: string | null }) {
  const { t } = useI18n();
  const [running, setRunning] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const [since, setSince] = useState<number | null>(null);
  const [itemStart, setItemStart] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  useEffect(() => setItemStart(Date.now()), [itemKey]);
  const total = elapsed + (running && since !== null ? now - since : 0);
  return (
    <div className="timer" role="group" aria-label={t('review.timer')}>
      <span role="timer" className="timer-total">
        {mmss(total)}
      </span>
      <button
        type="button"
        onClick={() => {
          if (running) {
            setElapsed(total);
            setSince(null);
          } else setSince(Date.now());
          setRunning(!running);
        }}
      >
        {running ? t('review.timer.pause') : t('review.timer.start')}
      </button>
      <button
        type="button"
        onClick={() => {
          setElapsed(0);
          setSince(running ? Date.now() : null);
        }}
      >
        {t('review.timer.reset')}
      </button>
      {itemKey && (
        <span className="muted">
          {t('review.timer.item', { time: mmss(Math.max(0, now - itemStart)) })}
        </span>
      )}
    </div>
  );
}
