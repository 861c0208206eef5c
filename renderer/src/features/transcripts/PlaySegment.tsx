import { useI18n } from '../../i18n/index.js';
import { useCall } from '../../lib/useCall.js';
import { playFrom, useHasPlayer } from './player.js';

/**
 * Plays a coded segment of a transcript from the start of the turn it begins in. Shown only
 * when the source's recording is on screen.
 */
export function PlaySegment({ sourceId, start }: { sourceId: string; start: number }) {
  const { t } = useI18n();
  const hasPlayer = useHasPlayer(sourceId);
  const turns = useCall('transcripts.turns', hasPlayer ? { sourceId } : null);
  if (!hasPlayer || !turns.data || turns.data.sourceId !== sourceId) return null;
  const turn =
    turns.data.turns.find((x) => start >= x.start && start < x.end) ??
    [...turns.data.turns].reverse().find((x) => x.start <= start);
  if (!turn) return null;
  return (
    <button
      type="button"
      data-testid="play-segment"
      onClick={() => playFrom(sourceId, turn.startMs)}
    >
      {t('transcripts.media.playSegment')}
    </button>
  );
}
