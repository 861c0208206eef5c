/**
 * A transcript as read from a file, before its speakers are mapped. It holds the speakers' names
 * as the file gives them (often real names): it lives in memory only, between the parse worker
 * and the import, and is never stored as it is (see core/server/transcripts/compose.ts).
 */

export type TranscriptFormat = 'vtt' | 'srt' | 'docx' | 'txt';

/** One caption cue or transcript line: a stretch of speech by one speaker. */
export interface Cue {
  /** The speaker's name as written in the file; '' when the file names none. */
  speaker: string;
  startMs: number;
  endMs: number;
  text: string;
}

/** Consecutive cues of one speaker, merged: one block of the stored text. */
export interface RawTurn {
  speaker: string;
  startMs: number;
  endMs: number;
  /** The words, whitespace collapsed, NFC. */
  text: string;
}

export interface SpeakerFound {
  /** As written in the file; '' for cues without a speaker. */
  name: string;
  turns: number;
  /** Milliseconds spoken (the turns' durations added up). */
  spokenMs: number;
  /** The start of the speaker's first turn, to help recognise who it is. */
  firstWords: string;
}

export interface ParsedTranscript {
  format: TranscriptFormat;
  turns: RawTurn[];
  /** In order of first appearance. */
  speakers: SpeakerFound[];
  /** The end of the last turn. */
  durationMs: number;
  warnings: string[];
}
