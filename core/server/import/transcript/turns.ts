import type { Cue, RawTurn, SpeakerFound } from './types.js';

/** Control characters and invisible marks carry no words; any run of whitespace is one space. */
const DROP = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\ufeff\u200b]/g;

export function cleanWords(text: string): string {
  return text.normalize('NFC').replace(DROP, '').replace(/\s+/g, ' ').trim();
}

/**
 * A pause this long (ms) ends a turn when the file names no speakers at all, so that an SRT
 * without names becomes paragraphs rather than one block of the whole interview.
 */
export const UNNAMED_PAUSE_MS = 2000;

/**
 * Consecutive cues of one speaker merge into one turn. Cues are taken in order of their start
 * (captions may overlap when two people speak at once; the one who started first comes first),
 * keeping the file's order for equal starts. A turn runs from its first cue's start to the
 * latest end of its cues.
 */
export function cuesToTurns(cues: readonly Cue[]): RawTurn[] {
  const ordered = cues
    .map((c, i) => ({ ...c, text: cleanWords(c.text), speaker: cleanWords(c.speaker), i }))
    .filter((c) => c.text !== '')
    .sort((a, b) => a.startMs - b.startMs || a.i - b.i);
  const turns: RawTurn[] = [];
  for (const c of ordered) {
    const last = turns[turns.length - 1];
    const pause = last ? c.startMs - last.endMs : 0;
    if (last && last.speaker === c.speaker && !(c.speaker === '' && pause >= UNNAMED_PAUSE_MS)) {
      last.text = `${last.text} ${c.text}`;
      last.endMs = Math.max(last.endMs, c.endMs);
    } else {
      turns.push({ speaker: c.speaker, startMs: c.startMs, endMs: c.endMs, text: c.text });
    }
  }
  return turns;
}

const FIRST_WORDS = 80;

/** The speakers of the turns in order of first appearance, with what helps recognise them. */
export function speakersOf(turns: readonly RawTurn[]): SpeakerFound[] {
  const byName = new Map<string, SpeakerFound>();
  for (const t of turns) {
    let s = byName.get(t.speaker);
    if (!s) {
      const firstWords =
        t.text.length > FIRST_WORDS
          ? `${t.text.slice(0, FIRST_WORDS).replace(/\s\S*$/, '')}…`
          : t.text;
      s = { name: t.speaker, turns: 0, spokenMs: 0, firstWords };
      byName.set(t.speaker, s);
    }
    s.turns++;
    s.spokenMs += t.endMs - t.startMs;
  }
  return [...byName.values()];
}
