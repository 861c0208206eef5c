import type { Db } from '../../../db/open.js';
import {
  MatrixSpec,
  type MatrixDefinition,
  type matrixContract,
} from '../../shared/contract/matrix.js';
import { CasusError } from '../../shared/errors.js';
import type { ServiceContext } from '../context.js';
import { newId, now } from '../domain/ids.js';
import type { HandlersFor } from '../handlers.js';
import { cellSegments, computeMatrix } from '../matrix/engine.js';
import { exportMatrix } from '../matrix/export.js';
import {
  cellHistory,
  checkKey,
  getCellRow,
  parseRefs,
  toCell,
  writeCell,
  type CellRow,
} from '../matrix/synthesis.js';

interface DefinitionRow {
  id: string;
  name_nl: string;
  name_en: string;
  spec: string;
  builtin: number;
}

const toDefinition = (r: DefinitionRow): MatrixDefinition => ({
  id: r.id,
  name: { nl: r.name_nl, en: r.name_en },
  spec: MatrixSpec.parse(JSON.parse(r.spec)),
  builtin: r.builtin === 1,
});

const BUILTIN: { id: string; nl: string; en: string; spec: object }[] = [
  {
    id: 'regio-deals-principles-cases',
    nl: 'Uitgangspunten × casussen',
    en: 'Principles × cases',
    spec: { rows: { dim: 'principle', split: 'category' }, cols: { dim: 'case' } },
  },
  {
    id: 'regio-deals-factors-cases',
    nl: 'Factoren × casussen',
    en: 'Factors × cases',
    spec: { rows: { dim: 'category' }, cols: { dim: 'case' } },
  },
];

/**
 * Adds the Regio Deals template's saved matrices to a new project (the migration covers projects
 * that existed before it). Idempotent.
 */
export function installMatrixDefaults(db: Db): void {
  const p = db.prepare('SELECT template FROM project WHERE id = 1').get() as
    { template: string } | undefined;
  if (p?.template !== 'regio-deals') return;
  const insert = db.prepare(
    `INSERT OR IGNORE INTO matrix_definitions (id, name_nl, name_en, spec, builtin, sort, created_at)
     VALUES (?, ?, ?, ?, 1, ?, ?)`,
  );
  BUILTIN.forEach((d, i) =>
    insert.run(d.id, d.nl, d.en, JSON.stringify(MatrixSpec.parse(d.spec)), i, now()),
  );
}

function checkCell(ctx: ServiceContext, row: string, col: string): Db {
  const db = ctx.db();
  checkKey(db, row, 'row');
  checkKey(db, col, 'col');
  return db;
}

export const matrixHandlers: HandlersFor<typeof matrixContract> = {
  'matrix.compute': ({ includeSegments, ...spec }, ctx) => {
    const { bucket: _bucket, ...result } = computeMatrix(ctx.db(), spec, {
      includeSegments: includeSegments ?? true,
    });
    return result;
  },
  // Only this cell's segments are gathered; unknown rows and columns are refused by name.
  'matrix.cell': ({ spec, row, col }, ctx) => ({
    segmentIds: cellSegments(ctx.db(), spec, row, col),
  }),
  'matrix.definitions.list': (_input, ctx) =>
    (
      ctx
        .db()
        .prepare('SELECT * FROM matrix_definitions ORDER BY builtin DESC, sort, name_nl')
        .all() as DefinitionRow[]
    ).map(toDefinition),
  'matrix.definitions.save': ({ id, name, spec }, ctx) => {
    const db = ctx.db();
    if (!name.nl.trim() && !name.en.trim())
      throw new CasusError('invalid_input', 'A saved matrix needs a name');
    // Fails early on unknown filter codes/cases/coders rather than saving a broken definition.
    computeMatrix(db, spec, { includeSegments: false });
    const finalId = id ?? newId();
    return ctx.action('matrix.definitions.save', (log) => {
      const before = db.prepare('SELECT * FROM matrix_definitions WHERE id = ?').get(finalId) as
        (DefinitionRow & { sort: number; created_at: string }) | undefined;
      if (id && !before) throw new CasusError('not_found', `No saved matrix with id ${id}`);
      const row = {
        id: finalId,
        name_nl: name.nl.trim() || name.en.trim(),
        name_en: name.en.trim() || name.nl.trim(),
        spec: JSON.stringify(spec),
        builtin: before?.builtin ?? 0,
        sort: before?.sort ?? 100,
        created_at: before?.created_at ?? now(),
      };
      db.prepare(
        `INSERT INTO matrix_definitions (id, name_nl, name_en, spec, builtin, sort, created_at)
         VALUES (@id, @name_nl, @name_en, @spec, @builtin, @sort, @created_at)
         ON CONFLICT (id) DO UPDATE SET name_nl = excluded.name_nl, name_en = excluded.name_en,
           spec = excluded.spec`,
      ).run(row);
      log.record('matrix_definitions', finalId, before ?? null, row);
      return toDefinition(row);
    });
  },
  'matrix.definitions.delete': ({ id }, ctx) => {
    const db = ctx.db();
    const before = db.prepare('SELECT * FROM matrix_definitions WHERE id = ?').get(id);
    if (!before) throw new CasusError('not_found', `No saved matrix with id ${id}`);
    ctx.action('matrix.definitions.delete', (log) => {
      db.prepare('DELETE FROM matrix_definitions WHERE id = ?').run(id);
      log.record('matrix_definitions', id, before, null);
    });
    return { deleted: true };
  },
  'matrix.synthesis.list': (_input, ctx) => {
    const db = ctx.db();
    return (
      db.prepare('SELECT * FROM synthesis_cells ORDER BY row_key, col_key').all() as CellRow[]
    ).map((r) => toCell(db, r.row_key, r.col_key, r));
  },
  'matrix.synthesis.get': ({ row, col }, ctx) => {
    const db = checkCell(ctx, row, col);
    return toCell(db, row, col, getCellRow(db, row, col));
  },
  'matrix.synthesis.save': ({ row, col, body, bodyText }, ctx) => {
    const db = checkCell(ctx, row, col);
    if (body !== '') {
      try {
        const parsed = JSON.parse(body) as { root?: unknown };
        if (typeof parsed !== 'object' || parsed === null || !('root' in parsed)) throw new Error();
      } catch {
        throw new CasusError('invalid_input', `Synthesis ${row} × ${col}: body is not editor JSON`);
      }
    }
    const after = ctx.action('matrix.synthesis.save', (log) =>
      writeCell(db, log, row, col, ctx.coderId(), (cur) => ({
        body,
        body_text: bodyText,
        // Writing something in an empty cell makes it a draft.
        ...(cur.status === 'empty' && bodyText.trim()
          ? { status: 'draft' as const, status_by: ctx.coderId(), status_at: now() }
          : {}),
      })),
    );
    return toCell(db, row, col, after);
  },
  'matrix.synthesis.setStatus': ({ row, col, status }, ctx) => {
    const db = checkCell(ctx, row, col);
    const after = ctx.action('matrix.synthesis.setStatus', (log) =>
      writeCell(db, log, row, col, ctx.coderId(), () => ({
        status,
        status_by: ctx.coderId(),
        status_at: now(),
      })),
    );
    return toCell(db, row, col, after);
  },
  'matrix.synthesis.cite': ({ row, col, segmentId }, ctx) => {
    const db = checkCell(ctx, row, col);
    const seg = db
      .prepare('SELECT id, source_id, start, end, text FROM segments WHERE id = ?')
      .get(segmentId) as
      { id: string; source_id: string; start: number; end: number; text: string } | undefined;
    if (!seg) throw new CasusError('not_found', `No segment with id ${segmentId}`);
    const current = getCellRow(db, row, col);
    if (current && parseRefs(current.refs).some((r) => r.segmentId === segmentId))
      return toCell(db, row, col, current);
    const after = ctx.action('matrix.synthesis.cite', (log) =>
      writeCell(db, log, row, col, ctx.coderId(), (cur) => ({
        refs: JSON.stringify([
          ...parseRefs(cur.refs),
          {
            segmentId: seg.id,
            sourceId: seg.source_id,
            start: seg.start,
            end: seg.end,
            quote: seg.text,
          },
        ]),
      })),
    );
    return toCell(db, row, col, after);
  },
  'matrix.synthesis.uncite': ({ row, col, segmentId }, ctx) => {
    const db = checkCell(ctx, row, col);
    const current = getCellRow(db, row, col);
    if (!current || !parseRefs(current.refs).some((r) => r.segmentId === segmentId))
      throw new CasusError(
        'not_found',
        `Synthesis ${row} × ${col} does not cite segment ${segmentId}`,
      );
    const after = ctx.action('matrix.synthesis.uncite', (log) =>
      writeCell(db, log, row, col, ctx.coderId(), (cur) => ({
        refs: JSON.stringify(parseRefs(cur.refs).filter((r) => r.segmentId !== segmentId)),
      })),
    );
    return toCell(db, row, col, after);
  },
  'matrix.synthesis.history': ({ row, col }, ctx) => {
    const db = checkCell(ctx, row, col);
    const current = getCellRow(db, row, col);
    if (!current) return [];
    return cellHistory(db, current.id).map(({ row: _row, ...v }) => v);
  },
  'matrix.synthesis.restore': ({ row, col, seq }, ctx) => {
    const db = checkCell(ctx, row, col);
    const current = getCellRow(db, row, col);
    const version = current ? cellHistory(db, current.id).find((v) => v.seq === seq) : undefined;
    if (!version)
      throw new CasusError('not_found', `Synthesis ${row} × ${col} has no version ${seq}`);
    const after = ctx.action('matrix.synthesis.restore', (log) =>
      writeCell(db, log, row, col, ctx.coderId(), () => ({
        body: version.row.body,
        body_text: version.row.body_text,
        status: version.row.status,
        status_by: version.row.status_by,
        status_at: version.row.status_at,
        refs: version.row.refs,
      })),
    );
    return toCell(db, row, col, after);
  },
  'matrix.export': async ({ spec, format, lang, title, table }, ctx) =>
    exportMatrix(ctx.db(), spec, format, lang, title, table),
};
