import type { Reader, Writer } from '../../../db/access.js';
import { caseById } from '../../../db/repo/cases.js';
import { entityVersions } from '../../../db/repo/changelog.js';
import { coderById } from '../../../db/repo/coders.js';
import { codeRow } from '../../../db/repo/codes.js';
import { respondentById } from '../../../db/repo/respondents.js';
import { segmentRow } from '../../../db/repo/segments.js';
import { sourceRow } from '../../../db/repo/sources.js';
import {
  insertSynthesisCell,
  synthesisCell,
  updateSynthesisCell,
  type SynthesisCellRow,
} from '../../../db/repo/syntheses.js';
import { vocabulary } from '../../../db/repo/vocabulary.js';
import type { SynthesisCell } from '../../shared/contract/matrix.js';
import { CasusError } from '../../shared/errors.js';
import { newId, now } from '../domain/ids.js';

export type CellRow = SynthesisCellRow;

/** A reference as stored: enough to show the quote even after its segment is gone. */
export interface StoredRef {
  segmentId: string;
  sourceId: string;
  start: number;
  end: number;
  quote: string;
}

export function parseRefs(json: string): StoredRef[] {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? (v as StoredRef[]) : [];
}

/** Checks that each ':'-part of a header id names a code, case, coder or vocabulary key. */
export function checkKey(r: Reader, key: string, side: 'row' | 'col'): void {
  const vocab = new Set(vocabulary(r).map((v) => v.key));
  for (const part of key.split(':')) {
    const known =
      codeRow(r, part) ?? caseById(r, part) ?? coderById(r, part) ?? (vocab.has(part) || null);
    if (!known)
      throw new CasusError(
        'not_found',
        `Matrix ${side} "${key}": "${part}" is not a code, case, coder, role or source type`,
      );
  }
}

export const getCellRow = (r: Reader, row: string, col: string): CellRow | undefined =>
  synthesisCell(r, row, col);

/** The cell as the API shows it: references numbered, resolved against current segments. */
export function toCell(r: Reader, row: string, col: string, c: CellRow | undefined): SynthesisCell {
  const coderName = (id: string | null) => (id ? (coderById(r, id)?.name ?? null) : null);
  const refs = c
    ? parseRefs(c.refs).map((ref, i) => {
        // A recoded (or resized) segment keeps its id: show it as it is now.
        const live = segmentRow(r, ref.segmentId);
        const sourceId = live?.source_id ?? ref.sourceId;
        const s = sourceRow(r, sourceId);
        const respondent = s?.respondent_id ? respondentById(r, s.respondent_id) : undefined;
        return {
          n: i + 1,
          segmentId: ref.segmentId,
          sourceId,
          start: live?.start ?? ref.start,
          end: live?.end ?? ref.end,
          quote: live?.text ?? ref.quote,
          sourceTitle: s?.title ?? '',
          respondent: respondent?.pseudonym ?? null,
          deleted: !live,
        };
      })
    : [];
  return {
    row,
    col,
    body: c?.body ?? '',
    bodyText: c?.body_text ?? '',
    status: c?.status ?? 'empty',
    statusBy: coderName(c?.status_by ?? null),
    statusAt: c?.status_at ?? null,
    updatedBy: coderName(c?.updated_by ?? null),
    updatedAt: c?.updated_at ?? null,
    refs,
  };
}

/** Inserts or updates one cell inside an action. */
export function writeCell(
  w: Writer,
  row: string,
  col: string,
  coderId: string | null,
  change: (current: CellRow) => Partial<CellRow>,
): CellRow {
  const before = getCellRow(w, row, col);
  const at = now();
  const base: CellRow = before ?? {
    id: newId(),
    row_key: row,
    col_key: col,
    body: '',
    body_text: '',
    status: 'empty',
    status_by: null,
    status_at: null,
    refs: '[]',
    updated_by: coderId,
    updated_at: at,
    created_at: at,
  };
  const patch = { ...change(base), updated_by: coderId, updated_at: at };
  return before
    ? updateSynthesisCell(w, before, patch)
    : insertSynthesisCell(w, { ...base, ...patch });
}

/** Every version of a cell from the change log, newest first. */
export function cellHistory(r: Reader, cellId: string) {
  return entityVersions(r, 'synthesis_cells', cellId)
    .filter((v) => v.after !== null)
    .map((v) => {
      const after = JSON.parse(v.after as string) as CellRow;
      return {
        seq: v.seq,
        at: v.at,
        coder: v.coder_name,
        action: v.action,
        bodyText: after.body_text,
        status: after.status,
        refCount: parseRefs(after.refs).length,
        row: after,
      };
    });
}
