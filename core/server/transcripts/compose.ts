import type { TurnRow } from '../../../db/repo/transcripts.js';
import type { Block, StructuredText } from '../../shared/blocks.js';
import { formatTime } from '../../shared/transcripts/times.js';
import type { SpeakerRole } from '../../shared/contract/transcripts.js';
import type { RawTurn } from '../import/transcript/types.js';

/**
 * From a transcript as read (speakers by the names in the file) to what is stored: the plain text
 * with one block per turn, "R: words", and the turns. The names of the file appear nowhere in
 * the result: every speaker is written by the label the mapping gives it.
 */

/** Who a speaker of the file turned out to be, with the label the text writes. */
export interface MappedSpeaker {
  role: SpeakerRole;
  /** The coder or respondent id; null for others. */
  ref: string | null;
  label: string;
}

export type TurnContent = Omit<TurnRow, 'source_id'>;

export interface ComposedTranscript extends StructuredText {
  turns: TurnContent[];
}

/** What the mapping says of one speaker, before labels are given out. */
export interface SpeakerIdentity {
  role: SpeakerRole;
  ref: string | null;
  /**
   * The label this speaker must get: the one the team chose (others), or in name style the
   * pseudonym or interviewer's name; null to number by role.
   */
  preferred: string | null;
}

const ROLE_LETTER: Record<SpeakerRole, string> = { interviewer: 'I', respondent: 'R', other: 'S' };

/**
 * Labels for the speakers of a file, in order of appearance. Role style: "I" and "R" when there is
 * one of each, "I1", "I2"… when there are more; others "S1", "S2"… unless the team named them.
 * Name style: the respondent's pseudonym, the interviewer's name. Two names of the file that are
 * the same person (Teams lists "Jan" and "Jan (Gast)" when someone switches devices) get one
 * label; two different people never share one.
 */
export function labelSpeakers(
  names: readonly string[],
  identityOf: (name: string) => SpeakerIdentity,
): Map<string, MappedSpeaker> {
  // One entry per person: same role and ref, or (others) the same chosen label.
  const people = new Map<string, { identity: SpeakerIdentity; names: string[] }>();
  names.forEach((name, i) => {
    const id = identityOf(name);
    const key = id.ref
      ? `${id.role}:${id.ref}`
      : id.role === 'other' && id.preferred
        ? `other-label:${id.preferred}`
        : `${id.role}#${i}`;
    const p = people.get(key);
    if (p) p.names.push(name);
    else people.set(key, { identity: id, names: [name] });
  });
  const count = (role: SpeakerRole) =>
    [...people.values()].filter((p) => p.identity.role === role && !p.identity.preferred).length;
  const seen: Record<SpeakerRole, number> = { interviewer: 0, respondent: 0, other: 0 };
  const used = new Set<string>();
  const out = new Map<string, MappedSpeaker>();
  for (const { identity, names: ofPerson } of people.values()) {
    const { role } = identity;
    let label: string;
    if (identity.preferred) label = identity.preferred;
    else {
      seen[role]++;
      label =
        role !== 'other' && count(role) === 1
          ? ROLE_LETTER[role]
          : `${ROLE_LETTER[role]}${seen[role]}`;
    }
    // Never the same label for two people: "R" chosen twice becomes "R", "R (2)".
    const base = label;
    for (let n = 2; used.has(label.toLowerCase()); n++) label = `${base} (${n})`;
    used.add(label.toLowerCase());
    for (const name of ofPerson) out.set(name, { role, ref: identity.ref, label });
  }
  return out;
}

/**
 * The stored text and turns. Consecutive turns of one person merge (after mapping, "Jan" and
 * "Jan (Gast)" are one speaker). With `timestamps`, each turn starts with its time:
 * "[0:03:12] R: words".
 */
export function composeTranscript(
  turns: readonly RawTurn[],
  speakers: ReadonlyMap<string, MappedSpeaker>,
  options: { timestamps: boolean },
): ComposedTranscript {
  const merged: { speaker: MappedSpeaker; startMs: number; endMs: number; text: string }[] = [];
  for (const t of turns) {
    const speaker = speakers.get(t.speaker);
    if (!speaker)
      throw new Error(`No label for a speaker of the transcript (turn at ${t.startMs} ms)`);
    const last = merged[merged.length - 1];
    if (last && last.speaker.label === speaker.label) {
      last.text = `${last.text} ${t.text}`;
      last.endMs = Math.max(last.endMs, t.endMs);
    } else merged.push({ speaker, startMs: t.startMs, endMs: t.endMs, text: t.text });
  }
  let text = '';
  const blocks: Block[] = [];
  const rows: TurnContent[] = [];
  merged.forEach((t, i) => {
    if (i > 0) text += '\n';
    const start = text.length;
    const stamp = options.timestamps ? `[${formatTime(t.startMs)}] ` : '';
    text += `${stamp}${t.speaker.label}: `;
    const wordsStart = text.length;
    text += t.text;
    blocks.push({ type: 'paragraph', start, end: text.length });
    rows.push({
      block: i,
      start_ms: t.startMs,
      end_ms: Math.max(t.startMs, t.endMs),
      speaker_role: t.speaker.role,
      speaker_ref: t.speaker.ref,
      speaker_label: t.speaker.label,
      words_start: wordsStart,
      words_end: text.length,
    });
  });
  return { text, blocks, marks: [], turns: rows };
}

/** Lower-case name particles and Teams' guest marks: no name on their own. */
const NOT_A_NAME = new Set([
  'de',
  'den',
  'der',
  'van',
  'von',
  'ter',
  'ten',
  'het',
  'gast',
  'guest',
]);

/** The name and each of its parts that can name someone alone ("Jürgen", "Müller-Öztürk"). */
function namesOf(name: string): string[] {
  const full = name.replace(/\([^)]*\)/g, ' ').trim();
  const parts = full.split(/\s+/).filter((w) => w.length >= 3 && !NOT_A_NAME.has(w.toLowerCase()));
  return [name.trim(), full, ...parts].filter((n) => n.length >= 3);
}

/**
 * A title or file name with the speakers' names of the file replaced by their labels
 * ("Interview Jan de Vries" → "Interview R", "Interview Jan" → "Interview R"): the whole name
 * first, then each part of it, as whole words only.
 */
export function withoutNames(value: string, speakers: ReadonlyMap<string, MappedSpeaker>): string {
  const replacements: [string, string][] = [];
  for (const [name, s] of speakers) for (const n of namesOf(name)) replacements.push([n, s.label]);
  replacements.sort((a, b) => b[0].length - a[0].length);
  let out = value;
  for (const [name, label] of replacements) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(
      new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu'),
      () => label,
    );
  }
  return out;
}
