import { z } from 'zod';
import { defineMethods } from './define.js';
import { MatrixSpec } from './matrix.js';
import { Bilingual, Id } from './schemas.js';

/**
 * The framework matrix's syntheses. A synthesis is a statement about one cell of the study's
 * cube: a value for some of its dimensions (principle, factor category, phase, facet, free code,
 * case, document type, respondent role). It is stored under that coordinate, so it shows in every
 * matrix view whose cell resolves to exactly that coordinate, whatever the layout: rows, columns
 * and the filter each fix dimensions. A view whose cells combine several values of a dimension
 * (two phases in the filter, say) shows the syntheses of the finer cells read-only.
 */

export const CUBE_DIMENSIONS = [
  'principle',
  'category',
  'phase',
  'facet',
  'free',
  'case',
  'sourceType',
  'role',
] as const;
export const CubeDimension = z.enum(CUBE_DIMENSIONS);
export type CubeDimension = z.infer<typeof CubeDimension>;

/** A value (code id, case id or vocabulary key) for each fixed dimension. */
export const Coordinate = z.partialRecord(CubeDimension, z.string().min(1).max(200));
export type Coordinate = z.infer<typeof Coordinate>;

/** The one text form of a coordinate: its dimensions in cube order, as JSON. */
export function coordinateKey(c: Coordinate): string {
  const ordered: Record<string, string> = {};
  for (const d of CUBE_DIMENSIONS) {
    const v = c[d];
    if (v !== undefined) ordered[d] = v;
  }
  return JSON.stringify(ordered);
}

/** Whether `finer` fixes every dimension `coarse` fixes, to the same value, and more. */
export function isFinerThan(finer: Coordinate, coarse: Coordinate): boolean {
  const f = CUBE_DIMENSIONS.filter((d) => finer[d] !== undefined);
  const c = CUBE_DIMENSIONS.filter((d) => coarse[d] !== undefined);
  return f.length > c.length && c.every((d) => finer[d] === coarse[d]);
}

export const SYNTHESIS_STATUSES = ['empty', 'draft', 'agreed', 'validated', 'reviewed'] as const;
export const SynthesisStatus = z.enum(SYNTHESIS_STATUSES);
export type SynthesisStatus = z.infer<typeof SynthesisStatus>;

export const SynthesisRef = z.object({
  n: z.number().int(),
  segmentId: Id,
  sourceId: Id,
  start: z.number().int(),
  end: z.number().int(),
  /** The quote as cited: kept so a deleted segment still shows what it said. */
  quote: z.string(),
  sourceTitle: z.string(),
  /** Pseudonym of the respondent, never a real name. */
  respondent: z.string().nullable(),
  /** The segment no longer exists. */
  deleted: z.boolean(),
  /** A marker ("[n]") places it in the synthesis text. */
  placed: z.boolean(),
});
export type SynthesisRef = z.infer<typeof SynthesisRef>;

export const SynthesisCell = z.object({
  /** Null for a cell nothing has been written in yet. */
  id: Id.nullable(),
  coordinate: Coordinate,
  /** The coordinate in words, e.g. "Multi-level — Politiek-bestuurlijk × Foodvalley". */
  label: Bilingual,
  body: z.string(),
  bodyText: z.string(),
  status: SynthesisStatus,
  statusBy: z.string().nullable(),
  statusAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  refs: z.array(SynthesisRef),
});
export type SynthesisCell = z.infer<typeof SynthesisCell>;

/**
 * Why the cells of a view take no synthesis of their own: an axis that is not a dimension of the
 * study (coder), a filter that combines several values of a dimension, or a filter on a dimension
 * an axis already spreads out.
 */
export const NotWritable = z.object({
  /** unassigned: a split's "(no …)" row, whose cells are no coordinate of the cube. */
  kind: z.enum(['axis', 'several', 'overlap', 'unassigned']),
  dimension: z.string(),
});
export type NotWritable = z.infer<typeof NotWritable>;

/** A cell of a matrix view, or a coordinate named directly (CLI, reports). */
export const SynthesisAt = z.union([
  z.object({
    spec: MatrixSpec,
    row: z.string().min(1).max(500),
    col: z.string().min(1).max(500),
  }),
  z.object({ coordinate: Coordinate }),
]);
export type SynthesisAt = z.infer<typeof SynthesisAt>;
const At = z.object({ at: SynthesisAt });

export const synthesisContract = defineMethods({
  'matrix.synthesis.list': {
    description: 'Every synthesis written in the project, with its coordinate.',
    input: z.object({}),
    output: z.array(SynthesisCell),
  },
  'matrix.synthesis.forView': {
    description:
      'The syntheses a matrix view shows: per cell its own synthesis (same coordinate) and how many finer cells have one.',
    input: z.object({ spec: MatrixSpec }),
    output: z.object({
      notWritable: NotWritable.nullable(),
      cells: z.array(
        z.object({
          row: z.string(),
          col: z.string(),
          cell: SynthesisCell.nullable(),
          finer: z.number().int(),
        }),
      ),
    }),
  },
  'matrix.synthesis.get': {
    description:
      'One cell: its synthesis (empty when nothing is written yet), whether it can be written, and the finer syntheses it aggregates.',
    input: At,
    output: SynthesisCell.extend({
      notWritable: NotWritable.nullable(),
      finer: z.array(SynthesisCell),
    }),
  },
  'matrix.synthesis.save': {
    description: 'Saves the synthesis text of a cell (Lexical JSON and its plain text).',
    input: At.extend({ body: z.string().max(2_000_000), bodyText: z.string().max(500_000) }),
    output: SynthesisCell,
  },
  'matrix.synthesis.setStatus': {
    description: 'Sets the status of a cell: empty → draft → agreed → validated → reviewed.',
    input: At.extend({ status: SynthesisStatus }),
    output: SynthesisCell,
  },
  'matrix.synthesis.cite': {
    description: 'Attaches a segment to a cell as the next numbered reference.',
    input: At.extend({ segmentId: Id }),
    output: SynthesisCell,
  },
  'matrix.synthesis.uncite': {
    description: 'Removes a reference from a cell.',
    input: At.extend({ segmentId: Id }),
    output: SynthesisCell,
  },
  'matrix.synthesis.history': {
    description: 'Every saved version of a cell, newest first (from the change log).',
    input: At,
    output: z.array(
      z.object({
        seq: z.number().int(),
        at: z.string(),
        coder: z.string().nullable(),
        action: z.string(),
        bodyText: z.string(),
        status: SynthesisStatus,
        refCount: z.number().int(),
      }),
    ),
  },
  'matrix.synthesis.restore': {
    description: 'Restores a cell to an earlier version (text, status and references).',
    input: At.extend({ seq: z.number().int() }),
    output: SynthesisCell,
  },
});
