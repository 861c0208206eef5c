import { useEffect, useId, useRef, useState } from 'react';
import type { MediaInfo } from '../../../../core/shared/contract/media.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { fileForCall } from '../../lib/files.js';
import { useCall } from '../../lib/useCall.js';
import { mediaUrl, registerPlayer } from './player.js';

const ACCEPT = '.m4a,.mp3,.wav,.mp4,.webm,audio/*,video/*';

/** Choosing a recording file and attaching it (uploaded ahead in browser mode). */
function AttachRecording({ sourceId, replace }: { sourceId: string; replace: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const attach = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      await api.call('media.attach', {
        sourceId,
        file: await fileForCall(file),
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="media-attach">
      <label htmlFor={id}>
        {t(replace ? 'transcripts.media.replace' : 'transcripts.media.attach')}
      </label>
      <input
        id={id}
        type="file"
        accept={ACCEPT}
        disabled={busy}
        data-testid="media-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void attach(file);
        }}
      />
      {busy && <span role="status">{t('transcripts.media.attaching')}</span>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * The recording of a transcript: a player (audio or video) that reports where it is, so the
 * turns can follow it; or why it cannot play (missing, changed) and a way to attach one.
 */
export function MediaPlayer({
  sourceId,
  onTime,
}: {
  sourceId: string;
  onTime: (ms: number) => void;
}) {
  const { t } = useI18n();
  const status = useCall('media.status', { sourceId });
  const media: MediaInfo | null | undefined =
    status.data === undefined ? undefined : status.data.media;
  const ref = useRef<HTMLMediaElement | null>(null);
  const playable = media?.state === 'ok' ? media : null;
  useEffect(() => {
    const el = ref.current;
    if (!playable || !el) return;
    return registerPlayer(sourceId, el);
  }, [sourceId, playable?.sha256, playable]);
  if (status.error) return null;
  if (media === undefined) return null;
  if (media === null) return <AttachRecording sourceId={sourceId} replace={false} />;
  if (!playable)
    return (
      <div className="media-player">
        <p role="status" className="media-problem" data-testid="media-problem">
          {t(`transcripts.media.${media.state === 'missing' ? 'missing' : 'changed'}`, {
            name: media.fileName,
          })}
        </p>
        <AttachRecording sourceId={sourceId} replace />
      </div>
    );
  const props = {
    ref: (el: HTMLMediaElement | null) => {
      ref.current = el;
    },
    src: mediaUrl(sourceId, playable.sha256),
    controls: true,
    preload: 'metadata' as const,
    'aria-label': t('transcripts.media.player', { name: playable.fileName }),
    'data-testid': 'media-player',
    onTimeUpdate: (e: React.SyntheticEvent<HTMLMediaElement>) =>
      onTime(e.currentTarget.currentTime * 1000),
    onSeeked: (e: React.SyntheticEvent<HTMLMediaElement>) =>
      onTime(e.currentTarget.currentTime * 1000),
  };
  return (
    <div className="media-player">
      {playable.kind === 'video' ? <video {...props} /> : <audio {...props} />}
      <details className="media-replace">
        <summary>{t('transcripts.media.other')}</summary>
        <AttachRecording sourceId={sourceId} replace />
      </details>
    </div>
  );
}
