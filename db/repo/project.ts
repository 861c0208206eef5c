import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { ProjectRow } from '../tables.js';

const one = sql.rows<ProjectRow>('SELECT * FROM project WHERE id = 1');

/** The project row (one per file). */
export function projectRow(r: Reader): ProjectRow {
  const row = reading(r).get(one);
  if (!row) throw new Error('The project file has no project row');
  return row;
}

/** The per-project settings object (expected dimensions, favourites, …). */
export type ProjectSettings = Record<string, unknown>;

export function projectSettings(r: Reader): ProjectSettings {
  return JSON.parse(projectRow(r).settings) as ProjectSettings;
}

export function insertProject(w: Writer, row: ProjectRow): void {
  writing(w).insert('project', row);
}

export function updateProject(w: Writer, patch: Partial<Omit<ProjectRow, 'id'>>): ProjectRow {
  return writing(w).update('project', projectRow(w), patch);
}

/** Rewrites the settings through `change`; logged like any update. */
export function updateSettings(
  w: Writer,
  change: (settings: ProjectSettings) => ProjectSettings,
): ProjectSettings {
  const next = change(projectSettings(w));
  updateProject(w, { settings: JSON.stringify(next) });
  return next;
}

const COUNTED = [
  'cases',
  'sources',
  'codes',
  'segments',
  'codings',
  'memos',
  'respondents',
  'coders',
] as const;
export type Counted = (typeof COUNTED)[number];

/**
 * Segments and codings are summed from the counts the triggers of migration 022 keep: counting
 * them walked a whole index (a million codings: 40 MB, most of opening a large project).
 */
const KEPT: Partial<Record<Counted, string>> = {
  segments: 'SELECT coalesce(sum(n), 0) FROM source_segment_counts',
  codings: 'SELECT coalesce(sum(codings), 0) FROM code_counts',
};
const countAll = sql.rows<Record<Counted, number>>(
  `SELECT ${COUNTED.map((t) => `(${KEPT[t] ?? `SELECT count(*) FROM ${t}`}) AS ${t}`).join(', ')}`,
);

/** How many rows each main table holds. */
export function tableCounts(r: Reader): Record<Counted, number> {
  return reading(r).get(countAll) as Record<Counted, number>;
}
