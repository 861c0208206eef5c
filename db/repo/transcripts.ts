import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';

export type SpeakerRole = 'interviewer' | 'respondent' | 'other';

/** A speaker turn as stored: one block of the source's text (see migration 017). */
export interface TurnRow {
  source_id: string;
  block: number;
  start_ms: number;
  end_ms: number;
  speaker_role: SpeakerRole;
  speaker_ref: string | null;
  speaker_label: string;
  words_start: number;
  words_end: number;
}

/** A turn with the span of its block (the label and the words). */
export interface TurnWithBlock extends TurnRow {
  start: number;
  end: number;
}

const insertTurn = sql.run<TurnRow>(
  `INSERT INTO turns (source_id, block, start_ms, end_ms, speaker_role, speaker_ref, speaker_label,
     words_start, words_end)
   VALUES (@source_id, @block, @start_ms, @end_ms, @speaker_role, @speaker_ref, @speaker_label,
     @words_start, @words_end)`,
);
const turnsOfSource = sql.rows<TurnWithBlock, { id: string }>(
  `SELECT t.*, b.start, b.end FROM turns t
   JOIN blocks b ON b.source_id = t.source_id AND b.seq = t.block
   WHERE t.source_id = @id ORDER BY t.block`,
);
const hasTurns = sql.values<number, { id: string }>(
  'SELECT EXISTS (SELECT 1 FROM turns WHERE source_id = @id)',
);

/**
 * Writes the turns of a source just inserted, in the same action. Like its blocks, the turns are
 * content that never changes once written: the source's own change-log entry stands for them.
 */
export function insertTurns(w: Writer, turns: readonly TurnRow[]): void {
  const tx = writing(w);
  for (const t of turns) tx.run(insertTurn, t);
}

export const turnsOf = (r: Reader, sourceId: string): TurnWithBlock[] =>
  reading(r).all(turnsOfSource, { id: sourceId });

export const isTranscript = (r: Reader, sourceId: string): boolean =>
  reading(r).get(hasTurns, { id: sourceId }) === 1;
