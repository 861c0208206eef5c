import { readFile } from 'node:fs/promises';
import type { Reader, Writer } from '../../../db/access.js';
import { allMedia, putMedia } from '../../../db/repo/media.js';
import { insertTurns, turnsOf, type TurnRow } from '../../../db/repo/transcripts.js';
import type { Block } from '../../shared/blocks.js';
import { MEDIA_TYPES, mediaExtOf } from '../media/kinds.js';
import { checkMedia, mediaPath, storeMediaBytes } from '../media/store.js';
import type { CasusExtension } from './extension.js';
import { derivedGuid } from './guid.js';
import type { Guid, RefiProject, RefiSyncPoint, RefiTextSource } from './model.js';

/*
 * Transcripts and their recordings in REFI-QDA (issue 20). Writing: a transcript's turns travel
 * in casus.json, and where a recording is attached (and its file is there) the source becomes
 * the Transcript of an AudioSource/VideoSource with a SyncPoint at every turn's start and end,
 * the file in the .qdpx's sources folder (write-transcript.ts). Reading: the turns come back from
 * casus.json, or, from another program's file, from the timed sync points at line starts of
 * lines that begin with a speaker label ("R: …"); the recording is stored beside the new project.
 */

type ExtTurns = NonNullable<CasusExtension['sources'][string]['turns']>;

/** A transcript's turns for casus.json; undefined for a source without turns. */
export function turnsForExtension(
  db: Reader,
  sourceId: string,
  guidFor: (id: string) => Guid,
): ExtTurns | undefined {
  const turns = turnsOf(db, sourceId);
  if (turns.length === 0) return undefined;
  return turns.map((t) => ({
    block: t.block,
    startMs: t.start_ms,
    endMs: t.end_ms,
    role: t.speaker_role,
    ref: t.speaker_ref ? guidFor(t.speaker_ref) : null,
    label: t.speaker_label,
    wordsStart: t.words_start,
    wordsEnd: t.words_end,
  }));
}

/**
 * Gives every exported transcript whose recording is beside the project its recording: the
 * file's bytes and a timed sync point at each turn's start and end. A recording that is missing
 * or changed is left out (the transcript goes as a TextSource).
 */
export async function addRecordings(
  db: Reader,
  project: RefiProject,
  ext: CasusExtension,
  folder: string | null,
  guidFor: (id: string) => Guid,
): Promise<void> {
  if (folder === null) return;
  const bySource = new Map(project.textSources.map((s) => [s.guid, s] as const));
  for (const media of allMedia(db)) {
    const s = bySource.get(guidFor(media.source_id));
    const turns = s ? ext.sources[s.guid]?.turns : undefined;
    if (!s || !turns?.length || (await checkMedia(folder, media)) !== 'ok') continue;
    const guid = derivedGuid(s.guid, 'recording');
    const blocks = ext.sources[s.guid]?.blocks ?? [];
    const points: RefiSyncPoint[] = [];
    for (const t of turns) {
      const b = blocks[t.block] as { start?: unknown; end?: unknown } | undefined;
      const start = typeof b?.start === 'number' ? b.start : t.wordsStart;
      const end = typeof b?.end === 'number' ? b.end : t.wordsEnd;
      points.push({
        guid: derivedGuid(s.guid, 'turn-start', String(t.block)),
        position: start,
        timeMs: t.startMs,
      });
      points.push({
        guid: derivedGuid(s.guid, 'turn-end', String(t.block)),
        position: end,
        timeMs: t.endMs,
      });
    }
    s.recording = {
      guid,
      kind: media.kind,
      name: media.original_name,
      path: `internal://${guid}.${media.ext}`,
      bytes: new Uint8Array(await readFile(mediaPath(folder, media))),
      syncPoints: points,
    };
  }
}

/** Stores the recordings a .qdpx carries beside the project it becomes (before it is built). */
export async function storeRecordings(project: RefiProject, folder: string): Promise<void> {
  for (const s of project.textSources) {
    const rec = s.recording;
    const ext = mediaExtOf(rec?.path ?? '') ?? mediaExtOf(rec?.name ?? '');
    if (!rec?.bytes || !ext) continue;
    rec.stored = { ...(await storeMediaBytes(folder, rec.bytes, ext)), ext };
  }
}

const LABEL = /^(?:\[[\d:.]+\]\s*)?([^:\n\t]{1,40}):\s*/;

function roleOf(label: string): TurnRow['speaker_role'] {
  if (/^(i|interviewer|int)$/i.test(label)) return 'interviewer';
  if (/^(r|respondent|resp)$/i.test(label)) return 'respondent';
  return 'other';
}

/** Turns from another program's file: lines with a speaker label and a timed point at their start. */
function turnsFromSyncPoints(s: RefiTextSource, blocks: readonly Block[]): ExtTurns {
  const timed = new Map<number, number>();
  for (const p of s.recording?.syncPoints ?? [])
    if (p.timeMs !== undefined && !timed.has(p.position)) timed.set(p.position, p.timeMs);
  const turns: ExtTurns = [];
  blocks.forEach((b, i) => {
    const startMs = timed.get(b.start);
    const m = LABEL.exec(s.text.slice(b.start, b.end));
    if (startMs === undefined || !m?.[1]?.trim()) return;
    const next = blocks[i + 1];
    const endMs = timed.get(b.end) ?? (next ? timed.get(next.start) : undefined) ?? startMs;
    const label = m[1].trim();
    turns.push({
      block: i,
      startMs,
      endMs: Math.max(startMs, endMs),
      role: roleOf(label),
      ref: null,
      label,
      wordsStart: b.start + m[0].length,
      wordsEnd: b.end,
    });
  });
  return turns;
}

/**
 * Writes a transcript's turns and its recording's row, in the import's action, for a source just
 * inserted. People the turns name are kept only when the import made them.
 */
export function importTranscript(
  w: Writer,
  s: RefiTextSource,
  extTurns: ExtTurns | undefined,
  blocks: readonly Block[],
  known: (ref: string) => boolean,
  at: string,
): number {
  const turns = extTurns ?? (s.recording ? turnsFromSyncPoints(s, blocks) : []);
  const length = s.text.length;
  const valid = turns.filter(
    (t) =>
      t.block >= 0 &&
      t.block < blocks.length &&
      t.wordsStart <= t.wordsEnd &&
      t.wordsEnd <= length &&
      t.endMs >= t.startMs &&
      t.startMs >= 0,
  );
  insertTurns(
    w,
    valid.map((t) => ({
      source_id: s.guid,
      block: t.block,
      start_ms: t.startMs,
      end_ms: t.endMs,
      speaker_role: t.role,
      speaker_ref: t.ref && known(t.ref) ? t.ref : null,
      speaker_label: t.label,
      words_start: t.wordsStart,
      words_end: t.wordsEnd,
    })),
  );
  const stored = s.recording?.stored;
  if (stored && valid.length > 0)
    putMedia(w, {
      source_id: s.guid,
      kind: MEDIA_TYPES[stored.ext].kind,
      ext: stored.ext,
      sha256: stored.sha256,
      size: stored.size,
      original_name: s.recording?.name ?? `recording.${stored.ext}`,
      attached_by: null,
      attached_at: at,
    });
  return valid.length;
}
