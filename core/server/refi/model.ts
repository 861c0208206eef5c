/**
 * The intermediate model between REFI-QDA XML and the Casus database.
 *
 * Everything here is already in Casus terms: GUIDs are normalised (lower case, no braces), text is
 * NFC with `\n` line endings, and selection offsets are UTF-16 code units into that text, end
 * exclusive. The reader converts from whatever the file used; the writer writes these as is.
 */

/** Lower-case GUID without braces, e.g. `0b8d2f7e-...`. */
export type Guid = string;

export interface RefiUser {
  guid: Guid;
  name: string;
  /** The optional `id` attribute some tools use for initials or login names. */
  id?: string;
}

export interface RefiCode {
  guid: Guid;
  name: string;
  /** `#rrggbb` (three-digit colours are expanded; letter case as in the file). */
  color?: string;
  description?: string;
  isCodable: boolean;
  children: RefiCode[];
}

export interface RefiCoding {
  guid: Guid;
  codeGuid: Guid;
  creatingUser?: Guid;
  createdAt?: string;
}

export interface RefiTextSelection {
  guid: Guid;
  name?: string;
  description?: string;
  /** UTF-16 code units into the Casus text, end exclusive. */
  start: number;
  end: number;
  creatingUser?: Guid;
  createdAt?: string;
  modifiedAt?: string;
  codings: RefiCoding[];
}

export type RefiVariableType = 'Text' | 'Boolean' | 'Integer' | 'Float' | 'Date' | 'DateTime';

export interface RefiVariable {
  guid: Guid;
  name: string;
  type: RefiVariableType;
  description?: string;
}

export interface RefiVariableValue {
  variableGuid: Guid;
  /** Always the lexical form as written in XML (`true`, `12`, `2024-01-31`, ...). */
  value: string;
}

/** Where a Casus text source came from in the REFI file. */
export type RefiTextOrigin =
  | { kind: 'text' }
  | { kind: 'pdf-representation'; parentGuid: Guid }
  | { kind: 'transcript'; parentGuid: Guid; media: 'audio' | 'video' };

export interface RefiTextSource {
  guid: Guid;
  name: string;
  description?: string;
  /** NFC, `\n` line endings, no BOM. */
  text: string;
  origin: RefiTextOrigin;
  selections: RefiTextSelection[];
  variableValues: RefiVariableValue[];
  creatingUser?: Guid;
  createdAt?: string;
  modifiedAt?: string;
  /** The formatted original (a .docx, written as richTextPath), when there is one. */
  original?: { name: string; bytes: Uint8Array };
  /**
   * A transcript with its recording: written as the Transcript of an AudioSource/VideoSource,
   * read from one (see transcript-recording.ts).
   */
  recording?: RefiRecording;
}

/** A point of a transcript's text at a moment of its recording (`timeMs` absent: text only). */
export interface RefiSyncPoint {
  guid: Guid;
  /** UTF-16 code units into the transcript's text. */
  position: number;
  timeMs?: number;
}

/** The AudioSource/VideoSource a transcript belongs to. */
export interface RefiRecording {
  guid: Guid;
  kind: 'audio' | 'video';
  name: string;
  /** The `path` attribute (`internal://<file>` for a file in the .qdpx's sources folder). */
  path?: string;
  /** The media file's bytes: from the .qdpx on reading, from beside the project on writing. */
  bytes?: Uint8Array;
  /** The sync points that carry a time (turn starts and ends), by position. */
  syncPoints: RefiSyncPoint[];
  /** Set on import once the bytes are stored beside the new project. */
  stored?: { sha256: string; size: number; ext: 'm4a' | 'mp3' | 'wav' | 'mp4' | 'webm' };
}

/** A PDF, picture, audio or video source: Casus keeps only the text it carries. */
export interface RefiMediaSource {
  guid: Guid;
  kind: 'pdf' | 'picture' | 'audio' | 'video';
  name: string;
  description?: string;
  /** The original `path` attribute (`internal://...`, `relative://...`, `absolute://...`). */
  path?: string;
  /** GUIDs of the text sources made from its representation or transcripts. */
  textSourceGuids: Guid[];
}

export type RefiTargetKind =
  | 'project'
  | 'user'
  | 'code'
  | 'source'
  | 'selection'
  | 'coding'
  | 'case'
  | 'note'
  | 'set'
  | 'variable';

export interface RefiNoteTarget {
  guid: Guid;
  kind: RefiTargetKind;
}

export interface RefiNote {
  guid: Guid;
  name: string;
  description?: string;
  text: string;
  targets: RefiNoteTarget[];
  creatingUser?: Guid;
  createdAt?: string;
  modifiedAt?: string;
}

export interface RefiCase {
  guid: Guid;
  name: string;
  description?: string;
  sourceGuids: Guid[];
  selectionGuids: Guid[];
  codeGuids: Guid[];
  variableValues: RefiVariableValue[];
}

export interface RefiSet {
  guid: Guid;
  name: string;
  description?: string;
  codeGuids: Guid[];
  sourceGuids: Guid[];
  noteGuids: Guid[];
}

export interface RefiProject {
  name: string;
  origin?: string;
  description?: string;
  createdAt?: string;
  modifiedAt?: string;
  creatingUser?: Guid;
  users: RefiUser[];
  codes: RefiCode[];
  variables: RefiVariable[];
  cases: RefiCase[];
  textSources: RefiTextSource[];
  mediaSources: RefiMediaSource[];
  notes: RefiNote[];
  sets: RefiSet[];
}

export interface RefiCodebook {
  origin?: string;
  codes: RefiCode[];
  sets: RefiSet[];
}

export function emptyProject(name: string): RefiProject {
  return {
    name,
    users: [],
    codes: [],
    variables: [],
    cases: [],
    textSources: [],
    mediaSources: [],
    notes: [],
    sets: [],
  };
}

/** Depth-first walk over a code tree, parents before children. */
export function* walkCodes(
  codes: readonly RefiCode[],
  parent: RefiCode | null = null,
): Generator<{ code: RefiCode; parent: RefiCode | null; depth: number }> {
  const stack: { code: RefiCode; parent: RefiCode | null; depth: number }[] = [];
  for (let i = codes.length - 1; i >= 0; i--) stack.push({ code: codes[i]!, parent, depth: 0 });
  while (stack.length > 0) {
    const item = stack.pop()!;
    yield item;
    const kids = item.code.children;
    for (let i = kids.length - 1; i >= 0; i--) {
      stack.push({ code: kids[i]!, parent: item.code, depth: item.depth + 1 });
    }
  }
}
