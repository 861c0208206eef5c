import { z } from 'zod';
import { AudienceInput, CheckedExport } from './confidentiality.js';
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
  /**
   * Who speaks in a transcript: only segments in turns of these speaker roles count (["respondent"]
   * is "the respondent's words only"); as in segment retrieval, a segment belongs to a speaker
   * when it overlaps the words of one of their turns, and sources without turns drop out.
   */
  speakerRoles: z
    .array(z.enum(['interviewer', 'respondent', 'other']))
    .max(3)
    .optional(),
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

/**
 * Segment ids of a cell, checked as Id checks each (1 to 200 characters) but in one pass over
 * the list, as a retrieval's answer ids are (search.ts): a busy cell at 10,000 sources holds
 * 14,000 ids, and a check per id cost three times as much.
 */
export const CellSegmentIds = z.array(z.string()).check((ctx) => {
  ctx.value.forEach((id, i) => {
    if (id.length < 1 || id.length > 200)
      ctx.issues.push({
        code: 'custom',
        message: 'an id of 1 to 200 characters',
        input: id,
        path: [i],
      });
  });
});

export const MatrixCell = z.object({
  row: z.string(),
  col: z.string(),
  /** The measure (a percentage when percent is row/col). */
  value: z.number(),
  /** The raw measure before percentages. */
  raw: z.number(),
  segments: CellSegmentIds,
});
export type MatrixCell = z.infer<typeof MatrixCell>;

export const PatternKind = z.enum(['all', 'several', 'one', 'none']);
export type PatternKind = z.infer<typeof PatternKind>;
export const MatrixResult = z.object({
  rows: z.array(MatrixHeader),
  cols: z.array(MatrixHeader),
  cells: z.array(MatrixCell),
  /** Per row: in how many cases it occurs (cross-case pattern), or in how many of the columns'
   * values when the columns are not cases. */
  patterns: z.array(
    z.object({
      row: z.string(),
      /** In how many of `of` values of `over` the row occurs (cases, or the columns' dimension). */
      cases: z.number().int(),
      of: z.number().int(),
      kind: PatternKind,
      over: AxisDimension,
    }),
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
    output: z.object({ segmentIds: CellSegmentIds }),
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
  'matrix.export': {
    description:
      'Exports the matrix (counts and syntheses) as a file; bytes as base64. For an audience other than the team the register is applied and the file leak-checked.',
    input: z.object({
      spec: MatrixSpec,
      format: ExportFormat,
      lang: z.enum(['nl', 'en']).default('nl'),
      title: z.string().max(300).optional(),
      /** CSV holds one table: the counts, or the syntheses with their references as text. */
      table: z.enum(['counts', 'syntheses']).default('counts'),
      /** Who it is for (default: the respondents; see confidentiality.ts). */
      audience: AudienceInput,
    }),
    output: CheckedExport,
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

/**
 * What a shade is relative to. A group row (a parent code, the sum of its children) is shaded
 * against the other group rows, every other row against the rest: on one scale the children,
 * which the cases are compared on, stayed pale beside their parents' sums.
 */
export interface HeatScale {
  /** The largest value of a row that is not a group row. */
  max: number;
  /** The largest value of a group row; null when the rows are all of one kind (one scale). */
  groupMax: number | null;
}

export function heatScale(m: {
  rows: readonly { id: string; group: boolean }[];
  cells: readonly { row: string; value: number }[];
}): HeatScale {
  const groups = new Set(m.rows.filter((r) => r.group).map((r) => r.id));
  let max = 0;
  let groupMax = 0;
  for (const c of m.cells) {
    if (groups.has(c.row)) groupMax = Math.max(groupMax, c.value);
    else max = Math.max(max, c.value);
  }
  // One scale where the rows are all of one kind.
  if (groups.size === 0) return { max, groupMax: null };
  if (groups.size === m.rows.length) return { max: groupMax, groupMax: null };
  return { max, groupMax };
}

/** The largest value a row's shades are relative to. */
export const maxFor = (scale: HeatScale, row: { group: boolean }): number =>
  row.group && scale.groupMax !== null ? scale.groupMax : scale.max;

export function heatColors(value: number, max: number): { bg: string; fg: string } | null {
  const i = heatIndex(value, max);
  if (i === null) return null;
  const bg = HEAT_PALETTE[i] ?? '#FFFFFF';
  // The ink that reads best on it (WCAG contrast): white from the dark oranges on.
  const fg = ['#1A1A1A', '#FFFFFF'].reduce((a, b) => (contrast(a, bg) >= contrast(b, bg) ? a : b));
  return { bg, fg };
}

/** WCAG 2 relative luminance of a #RRGGBB colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const c = parseInt(hex.slice(at, at + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two #RRGGBB colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
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

/** How many of a cell's segments its panel asks for at first (more on asking). */
export const CELL_PANEL_PAGE = 200;
