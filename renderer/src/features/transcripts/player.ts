import { useSyncExternalStore } from 'react';
import { apiToken, host } from '../../lib/api.js';

/*
 * The transcript players on screen, by source: a turn's button and a coded segment's "play"
 * reach the player of their source through here, without the viewer knowing about media.
 */

const players = new Map<string, HTMLMediaElement>();
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((l) => l());

export function registerPlayer(sourceId: string, el: HTMLMediaElement): () => void {
  players.set(sourceId, el);
  changed();
  return () => {
    if (players.get(sourceId) === el) players.delete(sourceId);
    changed();
  };
}

/** Plays the source's recording from `ms`; false when no player for it is on screen. */
export function playFrom(sourceId: string, ms: number): boolean {
  const el = players.get(sourceId);
  if (!el) return false;
  el.currentTime = ms / 1000;
  // A browser may refuse to start playing (autoplay rules); the position is set all the same.
  el.play().catch(() => undefined);
  return true;
}

/** Whether a player for the source is on screen. */
export function useHasPlayer(sourceId: string): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => players.has(sourceId),
  );
}

/**
 * Where the player reads a recording: our own server (the token in the query, since a media
 * element sends no header of ours) or, on the desktop, the app:// protocol. The hash in the
 * URL makes a replaced recording a new address.
 */
export function mediaUrl(sourceId: string, sha256: string): string {
  const base = `/media/${encodeURIComponent(sourceId)}?v=${sha256.slice(0, 16)}`;
  return host === 'browser' ? `${base}&token=${encodeURIComponent(apiToken)}` : base;
}
