import { useId, useState } from 'react';
import { formatTime } from '../../../../core/shared/transcripts/times.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { useNav } from '../../shell/nav.js';
import { MediaPlayer } from './MediaPlayer.js';
import { playFrom } from './player.js';
import './transcripts.css';

const EXCERPT = 90;

/**
 * The speaker turns of a transcript, beside its text: each with its time and speaker; choosing
 * one shows its words in the text. Below them, coding every turn of one speaker at once. A
 * source without turns shows nothing.
 */
export function TurnsPanel({ sourceId }: { sourceId: string }) {
  const { t, label } = useI18n();
  const nav = useNav();
  const id = useId();
  const turns = useCall('transcripts.turns', { sourceId });
  const source = useCall('sources.get', { id: sourceId });
  const codes = useCall('codes.tree', {});
  const [speaker, setSpeaker] = useState('');
  const [codeId, setCodeId] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  // The turn the recording is in while it plays (its block), set only when it changes.
  const [playing, setPlaying] = useState<number | null>(null);
  const data = turns.data;
  const text = source.data?.id === sourceId ? source.data.text : '';
  if (!data || data.sourceId !== sourceId || data.turns.length === 0) return null;
  const follow = (ms: number) => {
    let current: number | null = null;
    for (const turn of data.turns) {
      if (turn.startMs > ms) break;
      if (ms < Math.max(turn.endMs, turn.startMs + 1)) current = turn.block;
    }
    if (current !== playing) setPlaying(current);
  };
  const chosenSpeaker = speaker || data.speakers.find((s) => s.role === 'respondent')?.label || '';
  const codeSpeaker = async () => {
    setStatus(null);
    try {
      const r = await api.call('transcripts.codeSpeaker', {
        sourceId,
        speaker: chosenSpeaker,
        codeIds: [codeId],
      });
      setStatus({ ok: true, text: t('transcripts.coded', { n: r.segmentIds.length }) });
    } catch (e) {
      setStatus({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <section className="turns-panel" aria-labelledby={`${id}-title`} data-testid="turns-panel">
      <details open>
        <summary>
          <h2 id={`${id}-title`}>{t('transcripts.turns.title', { n: data.turns.length })}</h2>
        </summary>
        <MediaPlayer sourceId={sourceId} onTime={follow} />
        <ol className="turns">
          {data.turns.map((turn) => {
            const words = text.slice(turn.wordsStart, turn.wordsEnd);
            const excerpt =
              words.length > EXCERPT ? `${words.slice(0, EXCERPT).replace(/\s\S*$/, '')}…` : words;
            return (
              <li
                key={turn.block}
                className={`turn turn-${turn.role}${turn.block === playing ? ' turn-playing' : ''}`}
              >
                <button
                  type="button"
                  data-testid="turn"
                  aria-current={turn.block === playing ? 'time' : undefined}
                  onClick={() => {
                    // With a recording on screen, the turn plays from its start as well.
                    playFrom(sourceId, turn.startMs);
                    nav.openSource(
                      sourceId,
                      { start: turn.wordsStart, end: turn.wordsEnd },
                      { keepFocus: true },
                    );
                  }}
                  aria-label={t('transcripts.turn.show', {
                    speaker: turn.speaker,
                    from: formatTime(turn.startMs),
                    to: formatTime(turn.endMs),
                  })}
                >
                  <span className="turn-time">
                    {formatTime(turn.startMs)}–{formatTime(turn.endMs)}
                  </span>
                  <span className="turn-speaker">{turn.speaker}</span>
                  <span className="turn-words">{excerpt}</span>
                </button>
              </li>
            );
          })}
        </ol>
        <div className="code-speaker">
          <label htmlFor={`${id}-speaker`}>{t('transcripts.codeSpeaker.speaker')}</label>
          <select
            id={`${id}-speaker`}
            value={chosenSpeaker}
            onChange={(e) => setSpeaker(e.target.value)}
          >
            {data.speakers.map((s) => (
              <option key={s.label} value={s.label}>
                {s.label} ({t(`transcripts.role.${s.role}`)})
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-code`}>{t('transcripts.codeSpeaker.code')}</label>
          <select id={`${id}-code`} value={codeId} onChange={(e) => setCodeId(e.target.value)}>
            <option value="">—</option>
            {(codes.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {label(c.label)}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={codeId === '' || chosenSpeaker === ''}
            onClick={() => void codeSpeaker()}
          >
            {t('transcripts.codeSpeaker.button')}
          </button>
          {status && (
            <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'hint' : 'error'}>
              {status.text}
            </p>
          )}
        </div>
      </details>
    </section>
  );
}
