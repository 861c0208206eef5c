import { z } from 'zod';
import {
  Coordinate,
  CUBE_DIMENSIONS,
  SynthesisStatus,
  type Coordinate as CoordinateT,
  type SynthesisStatus as SynthesisStatusT,
} from '../../shared/contract/synthesis.js';
import { CITATION_NODE } from '../../shared/matrix/citations.js';
import { editorState, paragraphNode } from '../domain/memo-body.js';
import type { Guid, RefiNote, RefiNoteTarget } from './model.js';

/*
 * Syntheses (the framework matrix's cells) travel in project.qde as Notes, so that NVivo,
 * ATLAS.ti, MAXQDA and QualCoder show them: one Note per cell, named "Synthese: <cell>", whose
 * text is the synthesis followed by its status and the passages it cites, with NoteRefs to the
 * cited selections and the codes of its cell and a Link to its case. The Note's description
 * carries the cell's coordinate, status and references in a form Casus reads back when
 * casus.json is absent.
 */

export const SYNTHESIS_NOTE_PREFIX = 'Synthese: ';
const DESCRIPTION_HEAD = 'Casus-synthese (synthesis)';
/** Between the synthesis and what Casus adds for other programs (status, cited passages). */
const SEPARATOR = '\n\n———\n';

const STATUS_WORDS: Record<SynthesisStatusT, string> = {
  empty: 'leeg (empty)',
  draft: 'concept (draft)',
  agreed: 'afgestemd (agreed)',
  validated: 'gevalideerd (validated)',
  reviewed: 'besproken (reviewed)',
};

export interface SynthesisForNote {
  guid: Guid;
  /** The cell in words (Dutch), e.g. "Multi-level × Foodvalley". */
  label: string;
  /** Code and case values already as GUIDs; vocabulary keys as they are. */
  coordinate: CoordinateT;
  bodyText: string;
  status: SynthesisStatusT;
  refs: { selectionGuid: Guid; quote: string; sourceTitle: string; live: boolean }[];
  creatingUser?: Guid;
  createdAt: string;
  modifiedAt: string;
}

const CODE_DIMENSIONS = new Set(['principle', 'category', 'phase', 'facet', 'free']);

/** Whether a cell says anything worth showing elsewhere. */
export function hasContent(c: { bodyText: string; status: string; refs: unknown[] }): boolean {
  return c.bodyText.trim() !== '' || c.refs.length > 0 || c.status !== 'empty';
}

export function synthesisNote(s: SynthesisForNote): RefiNote {
  const lines = [`Status: ${STATUS_WORDS[s.status]}`];
  if (s.refs.length > 0) {
    lines.push('Geciteerde passages (cited passages):');
    s.refs.forEach((r, i) => {
      const quote = r.quote.replace(/\s+/g, ' ').trim();
      lines.push(`[${i + 1}] “${quote}” (${r.sourceTitle || '?'})`);
    });
  }
  const body = s.bodyText.trimEnd();
  const text = `${body}${SEPARATOR}${lines.join('\n')}`;
  const description = [
    `${DESCRIPTION_HEAD} ${JSON.stringify(s.coordinate)}`,
    `status: ${s.status}`,
    `refs: ${s.refs.map((r) => r.selectionGuid).join(' ')}`,
  ].join('\n');
  const targets: RefiNoteTarget[] = [];
  for (const d of CUBE_DIMENSIONS) {
    const v = s.coordinate[d];
    if (v === undefined) continue;
    if (CODE_DIMENSIONS.has(d)) targets.push({ guid: v, kind: 'code' });
    else if (d === 'case') targets.push({ guid: v, kind: 'case' });
  }
  for (const r of s.refs) if (r.live) targets.push({ guid: r.selectionGuid, kind: 'selection' });
  return {
    guid: s.guid,
    name: `${SYNTHESIS_NOTE_PREFIX}${s.label}`,
    description,
    text,
    targets,
    ...(s.creatingUser ? { creatingUser: s.creatingUser } : {}),
    createdAt: s.createdAt,
    modifiedAt: s.modifiedAt,
  };
}

/** A synthesis as read back from its Note. */
export interface SynthesisFromNote {
  coordinate: CoordinateT;
  status: SynthesisStatusT;
  bodyText: string;
  /** GUIDs of the cited selections, in citation order. */
  refs: Guid[];
}

const Refs = z.array(z.string().regex(/^[0-9a-f-]{36}$/i)).max(10_000);

/**
 * The synthesis a Note written by Casus holds, or null when the note is not one (or its
 * description was changed beyond reading).
 */
export function readSynthesisNote(note: {
  description?: string | undefined;
  text: string;
}): SynthesisFromNote | null {
  const d = note.description;
  if (!d || !d.startsWith(DESCRIPTION_HEAD)) return null;
  const [head = '', ...rest] = d.split('\n');
  let coordinate: CoordinateT;
  try {
    const parsed = Coordinate.safeParse(JSON.parse(head.slice(DESCRIPTION_HEAD.length)));
    if (!parsed.success) return null;
    coordinate = parsed.data;
  } catch {
    return null;
  }
  const field = (name: string) =>
    rest
      .find((l) => l.startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim() ?? '';
  const status = SynthesisStatus.safeParse(field('status'));
  const refs = Refs.safeParse(
    field('refs')
      .split(/\s+/)
      .filter((x) => x !== ''),
  );
  if (!status.success || !refs.success) return null;
  const at = note.text.lastIndexOf(SEPARATOR);
  const bodyText = at >= 0 ? note.text.slice(0, at) : note.text;
  return {
    coordinate,
    status: status.data,
    bodyText,
    refs: refs.data.map((g) => g.toLowerCase()),
  };
}

const MARKER = /\[(\d{1,5})\]/g;

/**
 * The editor state of a synthesis read back from its Note: one paragraph per line, and each
 * marker "[n]" that names a cited passage (the n-th of the note's references, `cited[n - 1]`,
 * null when that passage was not imported) as a citation marker again, numbered by its place
 * among the imported references. Other brackets stay text.
 */
export function synthesisBodyFromNote(bodyText: string, cited: readonly (string | null)[]): string {
  const imported = cited.filter((g): g is string => g !== null);
  const paragraphs = bodyText.split('\n').map((line) => {
    const node = paragraphNode('');
    const children: Record<string, unknown>[] = [];
    const text = (t: string) => {
      if (t !== '') children.push({ ...textNode(t), mode: 'normal' });
    };
    let last = 0;
    for (const m of line.matchAll(MARKER)) {
      const segmentId = cited[Number(m[1]) - 1];
      if (!segmentId) continue;
      text(line.slice(last, m.index));
      children.push({
        ...textNode(`[${imported.indexOf(segmentId) + 1}]`),
        type: CITATION_NODE,
        mode: 'token',
        segmentId,
      });
      last = m.index + m[0].length;
    }
    text(line.slice(last));
    return { ...node, children };
  });
  return editorState(paragraphs);
}

function textNode(text: string): Record<string, unknown> {
  return { type: 'text', version: 1, text, format: 0, style: '', mode: 'normal', detail: 0 };
}
