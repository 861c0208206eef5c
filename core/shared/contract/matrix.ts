import { z } from 'zod';
import { defineMethods } from './define.js';
import { Bilingual, Id } from './schemas.js';
import { SegmentsResultSchema } from './search.js';

/** What rows and columns can be: the five code dimensions plus case and source/coder facts. */
export const AXIS_DIMENSIONS = [
  'principle',
  'category',
  'phase',
  'facet',
  'free',
  'case',
  'sourceType',
  'role',
  'coder',
] as const;
export const AxisDimension = z.enum(AXIS_DIMENSIONS);
export type AxisDimension = z.infer<typeof AxisDimension>;

export const MEASURES = ['segments', 'sources', 'respondents', 'chars', 'presence'] as const;
export const Measure = z.enum(MEASURES);
export type Measure = z.infer<typeof Measure>;

export const Percent = z.enum(['none', 'row', 'col']);

export const AxisSpec = z.object({
  dim: AxisDimension,
  /** A second dimension that splits each value of the first. */
  split: AxisDimension.optional(),
  /** Parent codes (e.g. "opgavegericht werken") whose children are hidden. */
  collapsed: z.array(Id).optional(),
});
export type AxisSpec = z.infer<typeof AxisSpec>;

export const MatrixFilter = z.object({
  /** Code ids or keys; codes of one dimension are alternatives, dimensions must all match. */
  codes: z.array(z.string().min(1)).optional(),
  /** Case ids or keys. */
  cases: z.array(z.string().min(1)).optional(),
  /** Coder ids or names: only codings by these coders count. */
  coders: z.array(z.string().min(1)).optional(),
  /** Only interview reports the respondent approved. */
  approvedOnly: z.boolean().optional(),
});
export type MatrixFilter = z.infer<typeof MatrixFilter>;

export const MatrixSpec = z.object({
  rows: AxisSpec,
  cols: AxisSpec,
  filter: MatrixFilter.default({}),
  measure: Measure.default('segments'),
  percent: Percent.default('none'),
});
export type MatrixSpec = z.input<typeof MatrixSpec>;
export type ParsedMatrixSpec = z.output<typeof MatrixSpec>;

export const MatrixHeader = z.object({
  /** A code/case/coder id or vocabulary key; split headers join two ids with ':'. */
  id: z.string(),
  label: Bilingual,
  /** For split rows: the label of the first dimension's value. */
  parentLabel: Bilingual.nullable(),
  /** True for a parent code that aggregates its children. */
  group: z.boolean(),
  /** Id of the group this header sits under (hidden when that group is collapsed). */
  groupId: z.string().nullable(),
  depth: z.number().int(),
});
export type MatrixHeader = z.infer<typeof MatrixHeader>;

export const MatrixCell = z.object({
  row: z.string(),
  col: z.string(),
  /** The measure (a percentage when percent is row/col). */
  value: z.number(),
  /** The raw measure before percentages. */
  raw: z.number(),
  segments: z.array(Id),
});
export type MatrixCell = z.infer<typeof MatrixCell>;

export const PatternKind = z.enum(['all', 'several', 'one', 'none']);
export const MatrixResult = z.object({
  rows: z.array(MatrixHeader),
  cols: z.array(MatrixHeader),
  cells: z.array(MatrixCell),
  /** Per row: in how many cases it occurs (cross-case pattern). */
  patterns: z.array(
    z.object({ row: z.string(), cases: z.number().int(), of: z.number().int(), kind: PatternKind }),
  ),
  max: z.number(),
  measure: Measure,
  percent: Percent,
});
export type MatrixResult = z.infer<typeof MatrixResult>;

export const DefinitionSchema = z.object({
  id: Id,
  name: Bilingual,
  spec: MatrixSpec,
  builtin: z.boolean(),
});
export type MatrixDefinition = z.infer<typeof DefinitionSchema>;

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
});
export type SynthesisRef = z.infer<typeof SynthesisRef>;

export const SynthesisCell = z.object({
  row: z.string(),
  col: z.string(),
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

export const CellKey = z.object({
  row: z.string().min(1).max(500),
  col: z.string().min(1).max(500),
});

export const EXPORT_FORMATS = ['json', 'csv', 'xlsx', 'html', 'docx', 'svg'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const matrixContract = defineMethods({
  'matrix.compute': {
    description: 'Computes a count matrix: rows × columns, one measure, a whole-matrix filter.',
    input: MatrixSpec.extend({
      /**
       * List each cell's segment ids (default true, the shape of the CLI's JSON). A grid that
       * only shows values passes false: cells then carry `segments: []`, and a drill-down asks
       * `matrix.cell` for its own.
       */
      includeSegments: z.boolean().optional(),
    }),
    output: MatrixResult,
  },
  'matrix.cell': {
    description:
      'The segment ids of one cell (matrix.cellSegments answers the segments themselves).',
    input: z.object({ spec: MatrixSpec, row: z.string(), col: z.string() }),
    output: z.object({ segmentIds: z.array(Id) }),
  },
  'matrix.cellSegments': {
    description:
      "One cell's segments with source, codes and context, as segments.query answers (drill-down).",
    input: z.object({
      spec: MatrixSpec,
      row: z.string(),
      col: z.string(),
      limit: z.number().int().min(1).max(10000).default(5000),
      /** Characters of context before and after each segment. */
      context: z.number().int().min(0).max(1000).default(80),
    }),
    output: SegmentsResultSchema,
  },
  'matrix.definitions.list': {
    description: 'Saved matrix definitions.',
    input: z.object({}),
    output: z.array(DefinitionSchema),
  },
  'matrix.definitions.save': {
    description: 'Saves a named matrix definition (new, or replaces one by id).',
    input: z.object({ id: Id.optional(), name: Bilingual, spec: MatrixSpec }),
    output: DefinitionSchema,
  },
  'matrix.definitions.delete': {
    description: 'Deletes a saved matrix definition.',
    input: z.object({ id: Id }),
    output: z.object({ deleted: z.boolean() }),
  },
  'matrix.synthesis.list': {
    description: 'Every framework-matrix cell that has a synthesis, status or references.',
    input: z.object({}),
    output: z.array(SynthesisCell),
  },
  'matrix.synthesis.get': {
    description: 'One framework-matrix cell (an empty cell when nothing is written yet).',
    input: CellKey,
    output: SynthesisCell,
  },
  'matrix.synthesis.save': {
    description: 'Saves the synthesis text of a cell (Lexical JSON and its plain text).',
    input: CellKey.extend({ body: z.string().max(2_000_000), bodyText: z.string().max(500_000) }),
    output: SynthesisCell,
  },
  'matrix.synthesis.setStatus': {
    description: 'Sets the status of a cell: empty → draft → agreed → validated → reviewed.',
    input: CellKey.extend({ status: SynthesisStatus }),
    output: SynthesisCell,
  },
  'matrix.synthesis.cite': {
    description: 'Attaches a segment to a cell as the next numbered reference.',
    input: CellKey.extend({ segmentId: Id }),
    output: SynthesisCell,
  },
  'matrix.synthesis.uncite': {
    description: 'Removes a reference from a cell.',
    input: CellKey.extend({ segmentId: Id }),
    output: SynthesisCell,
  },
  'matrix.synthesis.history': {
    description: 'Every saved version of a cell, newest first (from the change log).',
    input: CellKey,
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
    input: CellKey.extend({ seq: z.number().int() }),
    output: SynthesisCell,
  },
  'matrix.export': {
    description: 'Exports the matrix (counts and syntheses) as a file; bytes as base64.',
    input: z.object({
      spec: MatrixSpec,
      format: ExportFormat,
      lang: z.enum(['nl', 'en']).default('nl'),
      title: z.string().max(300).optional(),
      /** CSV holds one table: the counts, or the syntheses with their references as text. */
      table: z.enum(['counts', 'syntheses']).default('counts'),
    }),
    output: z.object({ filename: z.string(), mime: z.string(), base64: z.string() }),
  },
});

/**
 * Sequential, colour-blind-safe palette (Paul Tol's YlOrBr), light to dark; legible projected
 * because the text colour switches to white on the dark half.
 */
export const HEAT_PALETTE = [
  '#FFF7BC',
  '#FEE391',
  '#FEC44F',
  '#FB9A29',
  '#EC7014',
  '#CC4C02',
  '#993404',
  '#662506',
] as const;

/** Palette step for a value (null for zero: zero cells stay visibly empty). */
export function heatIndex(value: number, max: number): number | null {
  if (value <= 0 || max <= 0) return null;
  const i = Math.ceil((value / max) * HEAT_PALETTE.length) - 1;
  return Math.min(HEAT_PALETTE.length - 1, Math.max(0, i));
}

export function heatColors(value: number, max: number): { bg: string; fg: string } | null {
  const i = heatIndex(value, max);
  if (i === null) return null;
  return { bg: HEAT_PALETTE[i] ?? '#FFFFFF', fg: i >= 4 ? '#FFFFFF' : '#1A1A1A' };
}

/** How a value is shown: percentages with one decimal, presence as a mark, zero as nothing. */
export function formatValue(
  value: number,
  measure: Measure,
  percent: 'none' | 'row' | 'col',
): string {
  if (value === 0) return '';
  if (percent !== 'none') return `${value.toFixed(1)}%`;
  if (measure === 'presence') return '●';
  return String(value);
}
