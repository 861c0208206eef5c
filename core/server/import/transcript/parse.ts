import { decodeText } from '../encoding.js';
import { ParseFailure } from '../errors.js';
import { parseDocx } from '../formats/docx.js';
import { formatSize, withDefaults, type ImportLimits } from '../limits.js';
import { extensionOf, toImportError } from '../parse-document.js';
import { readCaptions } from './captions.js';
import { readTranscriptLines } from './lines.js';
import { cuesToTurns, speakersOf } from './turns.js';
import type { Cue, ParsedTranscript, TranscriptFormat } from './types.js';

/** Extensions that always hold a transcript. */
export const CAPTION_EXTENSIONS = ['vtt', 'srt'] as const;
/** Extensions that may hold one (a Teams or Zoom transcript saved as a document). */
export const TRANSCRIPT_DOCUMENT_EXTENSIONS = ['docx', 'txt'] as const;

export function transcriptFormatOf(extension: string): TranscriptFormat | undefined {
  return (['vtt', 'srt', 'docx', 'txt'] as const).find((f) => f === extension);
}

const SRT_START = /^\s*\d+\s*\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->/;

/**
 * Reads a transcript: WebVTT, SRT, or a Teams/Zoom transcript saved as .docx or .txt. Returns null
 * for a .docx or .txt that is an ordinary document; throws a ParseFailure for a caption file
 * without cues. The speakers keep the names the file gives them (see types.ts).
 */
export async function parseTranscript(
  bytes: Uint8Array,
  format: TranscriptFormat,
  limits: ImportLimits,
): Promise<ParsedTranscript | null> {
  let cues: Cue[] | null;
  let read = format;
  if (format === 'docx') {
    const doc = await parseDocx(bytes, limits);
    // A line break inside a paragraph separates the speaker line from the words in some exports.
    cues = readTranscriptLines(
      doc.blocks.flatMap((b) => doc.text.slice(b.start, b.end).split('\n')),
    );
  } else {
    const { text } = decodeText(bytes);
    // A caption file saved as .txt is read as what it is.
    if (format === 'txt' && /^WEBVTT/.test(text)) read = 'vtt';
    else if (format === 'txt' && SRT_START.test(text)) read = 'srt';
    cues =
      read === 'vtt' || read === 'srt'
        ? await readCaptions(text, read)
        : readTranscriptLines(text.split('\n'));
  }
  if (cues === null) return null;
  const turns = cuesToTurns(cues);
  if (turns.length === 0) throw new ParseFailure('empty', 'the transcript holds no words');
  const warnings: string[] = [];
  const unnamed = turns.filter((t) => t.speaker === '').length;
  if (unnamed > 0) {
    warnings.push(
      unnamed === turns.length
        ? 'the transcript names no speakers'
        : `${unnamed} of ${turns.length} turns name no speaker`,
    );
  }
  return {
    format: read === format ? format : read,
    turns,
    speakers: speakersOf(turns),
    durationMs: turns.reduce((m, t) => Math.max(m, t.endMs), 0),
    warnings,
  };
}

/**
 * parseTranscript for a named file, with the checks every import makes (empty, too large, a
 * format that holds no transcript); every refusal is an ImportError naming the file.
 */
export async function parseTranscriptFile(
  bytes: Uint8Array,
  fileName: string,
  limits?: Partial<ImportLimits>,
): Promise<ParsedTranscript | null> {
  const lim = withDefaults(limits);
  try {
    if (bytes.length === 0) throw new ParseFailure('empty');
    if (bytes.length > lim.maxFileBytes) {
      throw new ParseFailure(
        'too-large',
        `${formatSize(bytes.length)}; the limit is ${formatSize(lim.maxFileBytes)}`,
      );
    }
    const format = transcriptFormatOf(extensionOf(fileName));
    if (!format) {
      throw new ParseFailure(
        'unsupported',
        `.${extensionOf(fileName) || '(no extension)'} holds no transcript; transcripts are .vtt, .srt, .docx or .txt`,
      );
    }
    return await parseTranscript(bytes, format, lim);
  } catch (err) {
    throw toImportError(err, fileName);
  }
}
