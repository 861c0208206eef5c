import { derivedGuid } from './guid.js';
import type { Guid, RefiSyncPoint, RefiTextSource } from './model.js';
import type { XmlWriter } from './xml.js';

/*
 * A transcript with its recording, as REFI-QDA has it: an AudioSource (or VideoSource) whose
 * <Transcript> carries the plain text (plainTextPath, as a TextSource's) and <SyncPoint>s: at
 * every turn's start and end with its time, and at every selection's ends, whose
 * <TranscriptSelection> names them (fromSyncPoint, toSyncPoint). A point between two timed ones
 * gets the time in proportion to its place in the text, so programs that place selections on
 * the recording's time line find them where the words are.
 */

/** What the writer of the whole project lends: its note references, variables and dates. */
export interface TranscriptWriting {
  noteRefs(target: Guid): void;
  variableValues(): void;
  dt(v: string | undefined): string | undefined;
  plainTextPath: string;
}

/** The time at a text position: that of a timed point there, else interpolated between two. */
function timeAt(timed: readonly RefiSyncPoint[], position: number): number | undefined {
  let before: RefiSyncPoint | undefined;
  let after: RefiSyncPoint | undefined;
  for (const p of timed) {
    if (p.timeMs === undefined) continue;
    if (p.position <= position) before = p;
    else {
      after = p;
      break;
    }
  }
  if (!before) return after?.timeMs;
  if (before.position === position || !after) return before.timeMs;
  const span = after.position - before.position;
  const share = span > 0 ? (position - before.position) / span : 0;
  return Math.round(before.timeMs! + share * (after.timeMs! - before.timeMs!));
}

/** The sync points of a transcript: the timed ones and one at every selection end. */
export function syncPointsOf(s: RefiTextSource): {
  points: RefiSyncPoint[];
  at: Map<number, Guid>;
} {
  const timed = [...(s.recording?.syncPoints ?? [])].sort((a, b) => a.position - b.position);
  const at = new Map<number, Guid>();
  const points: RefiSyncPoint[] = [];
  for (const p of timed)
    if (!at.has(p.position)) {
      at.set(p.position, p.guid);
      points.push(p);
    }
  for (const sel of s.selections)
    for (const position of [sel.start, sel.end])
      if (!at.has(position)) {
        const guid = derivedGuid(s.guid, 'sync', String(position));
        at.set(position, guid);
        points.push({ guid, position, timeMs: timeAt(timed, position) });
      }
  points.sort((a, b) => a.position - b.position);
  return { points, at };
}

export function writeTranscriptSource(
  w: XmlWriter,
  s: RefiTextSource,
  refs: Map<Guid, Guid[]>,
  io: TranscriptWriting,
): void {
  const rec = s.recording!;
  const element = rec.kind === 'video' ? 'VideoSource' : 'AudioSource';
  w.start(element, {
    guid: rec.guid,
    name: rec.name,
    path: rec.path,
    creatingUser: s.creatingUser,
    creationDateTime: io.dt(s.createdAt),
  });
  w.start('Transcript', {
    guid: s.guid,
    name: s.name,
    plainTextPath: io.plainTextPath,
    creatingUser: s.creatingUser,
    creationDateTime: io.dt(s.createdAt),
    modifiedDateTime: io.dt(s.modifiedAt),
  });
  w.text('Description', s.description);
  const { points, at } = syncPointsOf(s);
  for (const p of points)
    w.empty('SyncPoint', { guid: p.guid, position: p.position, timeStamp: p.timeMs });
  for (const sel of s.selections) {
    w.start('TranscriptSelection', {
      guid: sel.guid,
      name: sel.name ?? s.text.slice(sel.start, Math.min(sel.end, sel.start + 60)),
      fromSyncPoint: at.get(sel.start),
      toSyncPoint: at.get(sel.end),
      creatingUser: sel.creatingUser,
      creationDateTime: io.dt(sel.createdAt),
      modifiedDateTime: io.dt(sel.modifiedAt),
    });
    w.text('Description', sel.description);
    for (const c of sel.codings) {
      w.start('Coding', {
        guid: c.guid,
        creatingUser: c.creatingUser,
        creationDateTime: io.dt(c.createdAt),
      });
      w.empty('CodeRef', { targetGUID: c.codeGuid });
      io.noteRefs(c.guid);
      w.end('Coding');
    }
    io.noteRefs(sel.guid);
    w.end('TranscriptSelection');
  }
  io.noteRefs(s.guid);
  w.end('Transcript');
  io.variableValues();
  w.end(element);
}

/** The media file's name in the .qdpx's sources folder, from its `internal://` path. */
export function internalMediaName(s: RefiTextSource): string | undefined {
  const path = s.recording?.path;
  return path?.startsWith('internal://') ? path.slice('internal://'.length) : undefined;
}
