import { useSyncExternalStore } from 'react';

/** A coded segment's review state (see core/shared/contract/audit.ts). */
export type ReviewStateName = 'unreviewed' | 'ok' | 'questioned' | 'settled';

/** The passage the researcher has selected in the viewer, in plain-text offsets. */
export interface TextSelection {
  sourceId: string;
  start: number;
  end: number;
  text: string;
}

export interface CodingState {
  selection: TextSelection | null;
  /** The segment whose details are open. */
  openSegmentId: string | null;
  /** Show codings of these codes only (empty: all). */
  onlyCodes: string[];
  /** Show codings of this coder only. */
  onlyCoder: string | null;
  /** Show only codings whose segment is in this review state (issue 15), e.g. questioned. */
  onlyReview: ReviewStateName | null;
  hideAll: boolean;
  snapWords: boolean;
  paletteOpen: boolean;
  /** When set, the palette adds codes to this segment instead of coding the selection. */
  paletteSegmentId: string | null;
  /** Codes the segment being added to already carries. */
  paletteExisting: string[];
  /** What the palette's search starts with (the letter typed to open it). */
  paletteQuery: string;
}

let state: CodingState = {
  selection: null,
  openSegmentId: null,
  onlyCodes: [],
  onlyCoder: null,
  onlyReview: null,
  hideAll: false,
  snapWords: localStorage.getItem('casus.snapWords') === '1',
  paletteOpen: false,
  paletteSegmentId: null,
  paletteExisting: [],
  paletteQuery: '',
};
const listeners = new Set<() => void>();

export function setCoding(patch: Partial<CodingState>): void {
  state = { ...state, ...patch };
  if (patch.snapWords !== undefined)
    localStorage.setItem('casus.snapWords', patch.snapWords ? '1' : '0');
  for (const l of listeners) l();
}

/** Opens the palette for the selection, its search starting with `query`. */
export function openPalette(query: string): void {
  setCoding({
    paletteOpen: true,
    paletteSegmentId: null,
    paletteExisting: [],
    paletteQuery: query,
  });
}

export function getCoding(): CodingState {
  return state;
}

export function useCoding(): CodingState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

const RECENT_KEY = 'casus.recentCodes';

/** Recently applied codes, most recent first (kept per browser profile). */
export function recentCodes(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberCodes(ids: string[]): void {
  const next = [...ids, ...recentCodes().filter((id) => !ids.includes(id))].slice(0, 30);
  localStorage.setItem(RECENT_KEY, JSON.stringify(next));
}

/** The drag payload type for a text selection dropped on a code. */
export const RANGE_MIME = 'application/x-casus-range';
export const CODE_MIME = 'application/x-casus-code';
