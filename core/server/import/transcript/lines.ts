import { parseTime, TIME } from '../../../shared/transcripts/times.js';
import type { Cue } from './types.js';

/**
 * Transcripts that Teams and Zoom give as documents (.docx, .txt), read line by line:
 *
 * - Teams:      `Jan de Vries   0:03:12` (or `0:03`), the words on the lines after it;
 * - Zoom:       `[Jan de Vries] 10:02:33`, the words after it on the same line or the next;
 * - old Teams:  `0:0:3.12 --> 0:0:7.5`, then the speaker's name, then the words;
 * - inline:     `[00:03:12] Jan de Vries: words` or `00:03:12 Jan de Vries: words`.
 *
 * Lines before the first speaker (a meeting title, a date, a duration) are left out. A cue ends
 * where the next begins; the last one where it starts, as the file does not say.
 */

interface Header {
  speaker: string;
  startMs: number;
  endMs?: number;
  /** Words on the header line itself (Zoom, inline). */
  rest: string;
}

const NAME = String.raw`[^\s\d\[\]:][^\[\]:\t]{0,59}?`;
const TEAMS = new RegExp(String.raw`^(${NAME})(?:\t|\s{2,}|\s+)(${TIME})$`);
const ZOOM = new RegExp(String.raw`^\[(${NAME})\]\s+(${TIME})(?:\s+(.*))?$`);
const RANGE = new RegExp(String.raw`^(${TIME})\s*-->\s*(${TIME})$`);
const INLINE = new RegExp(String.raw`^\[?(${TIME})\]?\s+(${NAME}):\s*(.*)$`);

/** At most this many words: "De vergadering begon om 10:30" is a sentence, not a speaker. */
const MAX_NAME_WORDS = 5;

function nameOk(name: string): boolean {
  const words = name.trim().split(/\s+/);
  return words.length <= MAX_NAME_WORDS && !/[.!?,;]$/.test(name.trim());
}

/** Name particles written in lower case ("Jan de Vries", "Ludwig van Beethoven"). */
const PARTICLES = new Set([
  'de',
  'den',
  'der',
  'van',
  'von',
  'ter',
  'ten',
  'te',
  "'t",
  'la',
  'le',
  'du',
  'da',
  'di',
  'del',
  'y',
  'e',
  'bin',
  'al',
]);

/**
 * A Teams speaker line has nothing but the name before the time, so a sentence that ends with a
 * time ("We begonnen om 10:30") would look like one: a name's other words start with a capital.
 */
function teamsNameOk(name: string): boolean {
  const [first = '', ...rest] = name.trim().split(/\s+/);
  return (
    nameOk(name) &&
    first.toLowerCase() !== first.toUpperCase() &&
    rest.every((w) => PARTICLES.has(w.toLowerCase()) || w[0] !== w[0]!.toLowerCase())
  );
}

function header(line: string, next: string | undefined): (Header & { used: number }) | null {
  let m = RANGE.exec(line);
  if (m && next !== undefined && next.trim() !== '' && nameOk(next) && !RANGE.test(next)) {
    const startMs = parseTime(m[1]!);
    const endMs = parseTime(m[2]!);
    if (startMs !== null && endMs !== null)
      return { speaker: next.trim(), startMs, endMs: Math.max(startMs, endMs), rest: '', used: 2 };
  }
  m = ZOOM.exec(line);
  if (m && nameOk(m[1]!)) {
    const startMs = parseTime(m[2]!);
    if (startMs !== null) return { speaker: m[1]!.trim(), startMs, rest: m[3] ?? '', used: 1 };
  }
  m = INLINE.exec(line);
  if (m && nameOk(m[2]!)) {
    const startMs = parseTime(m[1]!);
    if (startMs !== null) return { speaker: m[2]!.trim(), startMs, rest: m[3] ?? '', used: 1 };
  }
  m = TEAMS.exec(line);
  if (m && teamsNameOk(m[1]!)) {
    const startMs = parseTime(m[2]!);
    if (startMs !== null) return { speaker: m[1]!.trim(), startMs, rest: '', used: 1 };
  }
  return null;
}

/** Teams adds lines such as "Jan de Vries started transcription"; they are no speech. */
const NOTICE = /\b(started|stopped) transcription$|\b(is gestart|is gestopt) met transcriberen$/i;

/**
 * The cues of a transcript document, or null when the lines are not one: fewer than two speaker
 * lines, times running backwards, or speaker lines lost among many others (a report that mentions
 * a time now and then is no transcript).
 */
export function readTranscriptLines(lines: readonly string[]): Cue[] | null {
  const cues: (Cue & { open: boolean })[] = [];
  let headers = 0;
  let other = 0;
  let lastStart = -1;
  let backwards = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\u00a0/g, ' ').trim();
    if (line === '') continue;
    const h = header(line, lines[i + 1]);
    if (h) {
      headers++;
      if (h.startMs < lastStart) backwards++;
      lastStart = h.startMs;
      cues.push({
        speaker: h.speaker,
        startMs: h.startMs,
        endMs: h.endMs ?? h.startMs,
        open: h.endMs === undefined,
        text: h.rest.trim(),
      });
      i += h.used - 1;
      continue;
    }
    const cur = cues[cues.length - 1];
    if (!cur) continue; // the title, date and duration above the first speaker
    other++;
    if (NOTICE.test(line)) continue;
    cur.text = cur.text === '' ? line : `${cur.text} ${line}`;
  }
  if (headers < 2 || backwards > headers / 10 || headers < (headers + other) / 6) return null;
  // A cue without its own end runs to the start of the next.
  for (let i = 0; i < cues.length; i++) {
    const c = cues[i]!;
    if (c.open) c.endMs = Math.max(c.startMs, cues[i + 1]?.startMs ?? c.startMs);
  }
  return cues
    .filter((c) => c.text !== '')
    .map(({ speaker, startMs, endMs, text }) => ({ speaker, startMs, endMs, text }));
}
