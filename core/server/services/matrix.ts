import type { Reader } from '../../../db/access.js';
import { retrieveSegments } from '../../../db/queries/retrieval.js';
import {
  deleteMatrixDefinition,
  insertMatrixDefinition,
  matrixDefinition,
  matrixDefinitions,
  updateMatrixDefinition,
} from '../../../db/repo/matrices.js';
import { segmentRow } from '../../../db/repo/segments.js';
import { synthesisCells } from '../../../db/repo/syntheses.js';
import type { MatrixDefinitionRow } from '../../../db/tables.js';
import {
  MatrixSpec,
  type MatrixDefinition,
  type matrixContract,
} from '../../shared/contract/matrix.js';
import { CasusError } from '../../shared/errors.js';
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
} from '../matrix/synthesis.js';

const toDefinition = (r: MatrixDefinitionRow): MatrixDefinition => ({
  id: r.id,
  name: { nl: r.name_nl, en: r.name_en },
  spec: MatrixSpec.parse(JSON.parse(r.spec)),
  builtin: r.builtin === 1,
});

function checkCell(r: Reader, row: string, col: string): void {
  checkKey(r, row, 'row');
  checkKey(r, col, 'col');
}

export const matrixHandlers: HandlersFor<typeof matrixContract> = {
  'matrix.compute': ({ includeSegments, ...spec }, ctx) => {
    const { bucket: _bucket, ...result } = computeMatrix(ctx.read(), spec, {
      includeSegments: includeSegments ?? true,
    });
    return result;
  },
  // Only this cell's segments are gathered; unknown rows and columns are refused by name.
  'matrix.cell': ({ spec, row, col }, ctx) => ({
    segmentIds: cellSegments(ctx.read(), spec, row, col),
  }),
  // Server side, so a client never posts a big cell's ids back to read them.
  'matrix.cellSegments': ({ spec, row, col, limit, context }, ctx) => {
    const r = ctx.read();
    const segmentIds = cellSegments(r, spec, row, col);
    // No ids would mean no id filter at all: an empty cell answers empty.
    if (segmentIds.length === 0)
      return { total: 0, truncated: false, segments: [], groups: [], perCase: [] };
    return retrieveSegments(r, { segmentIds, sort: 'case', groupBy: 'none', limit, context });
  },
  'matrix.definitions.list': (_input, ctx) => matrixDefinitions(ctx.read()).map(toDefinition),
  'matrix.definitions.save': ({ id, name, spec }, ctx) => {
    if (!name.nl.trim() && !name.en.trim())
      throw new CasusError('invalid_input', 'A saved matrix needs a name');
    // Fails early on unknown filter codes/cases/coders rather than saving a broken definition.
    computeMatrix(ctx.read(), spec, { includeSegments: false });
    return ctx.action('matrix.definitions.save', (w) => {
      const names = {
        name_nl: name.nl.trim() || name.en.trim(),
        name_en: name.en.trim() || name.nl.trim(),
        spec: JSON.stringify(spec),
      };
      if (id) {
        const before = matrixDefinition(w, id);
        if (!before) throw new CasusError('not_found', `No saved matrix with id ${id}`);
        return toDefinition(updateMatrixDefinition(w, before, names));
      }
      return toDefinition(
        insertMatrixDefinition(w, {
          id: newId(),
          ...names,
          builtin: 0,
          sort: 100,
          created_at: now(),
        }),
      );
    });
  },
  'matrix.definitions.delete': ({ id }, ctx) => {
    ctx.action('matrix.definitions.delete', (w) => {
      const before = matrixDefinition(w, id);
      if (!before) throw new CasusError('not_found', `No saved matrix with id ${id}`);
      deleteMatrixDefinition(w, before);
    });
    return { deleted: true };
  },
  'matrix.synthesis.list': (_input, ctx) => {
    const r = ctx.read();
    return synthesisCells(r).map((c) => toCell(r, c.row_key, c.col_key, c));
  },
  'matrix.synthesis.get': ({ row, col }, ctx) => {
    const r = ctx.read();
    checkCell(r, row, col);
    return toCell(r, row, col, getCellRow(r, row, col));
  },
  'matrix.synthesis.save': ({ row, col, body, bodyText }, ctx) => {
    if (body !== '') {
      try {
        const parsed = JSON.parse(body) as { root?: unknown };
        if (typeof parsed !== 'object' || parsed === null || !('root' in parsed)) throw new Error();
      } catch {
        throw new CasusError('invalid_input', `Synthesis ${row} × ${col}: body is not editor JSON`);
      }
    }
    const after = ctx.action('matrix.synthesis.save', (w) => {
      checkCell(w, row, col);
      return writeCell(w, row, col, ctx.coderId(), (cur) => ({
        body,
        body_text: bodyText,
        // Writing something in an empty cell makes it a draft.
        ...(cur.status === 'empty' && bodyText.trim()
          ? { status: 'draft' as const, status_by: ctx.coderId(), status_at: now() }
          : {}),
      }));
    });
    return toCell(ctx.read(), row, col, after);
  },
  'matrix.synthesis.setStatus': ({ row, col, status }, ctx) => {
    const after = ctx.action('matrix.synthesis.setStatus', (w) => {
      checkCell(w, row, col);
      return writeCell(w, row, col, ctx.coderId(), () => ({
        status,
        status_by: ctx.coderId(),
        status_at: now(),
      }));
    });
    return toCell(ctx.read(), row, col, after);
  },
  'matrix.synthesis.cite': ({ row, col, segmentId }, ctx) => {
    const after = ctx.action('matrix.synthesis.cite', (w) => {
      checkCell(w, row, col);
      const seg = segmentRow(w, segmentId);
      if (!seg) throw new CasusError('not_found', `No segment with id ${segmentId}`);
      const current = getCellRow(w, row, col);
      if (current && parseRefs(current.refs).some((x) => x.segmentId === segmentId)) return current;
      return writeCell(w, row, col, ctx.coderId(), (cur) => ({
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
      }));
    });
    return toCell(ctx.read(), row, col, after);
  },
  'matrix.synthesis.uncite': ({ row, col, segmentId }, ctx) => {
    const after = ctx.action('matrix.synthesis.uncite', (w) => {
      checkCell(w, row, col);
      const current = getCellRow(w, row, col);
      if (!current || !parseRefs(current.refs).some((x) => x.segmentId === segmentId))
        throw new CasusError(
          'not_found',
          `Synthesis ${row} × ${col} does not cite segment ${segmentId}`,
        );
      return writeCell(w, row, col, ctx.coderId(), (cur) => ({
        refs: JSON.stringify(parseRefs(cur.refs).filter((x) => x.segmentId !== segmentId)),
      }));
    });
    return toCell(ctx.read(), row, col, after);
  },
  'matrix.synthesis.history': ({ row, col }, ctx) => {
    const r = ctx.read();
    checkCell(r, row, col);
    const current = getCellRow(r, row, col);
    if (!current) return [];
    return cellHistory(r, current.id).map(({ row: _row, ...v }) => v);
  },
  'matrix.synthesis.restore': ({ row, col, seq }, ctx) => {
    const after = ctx.action('matrix.synthesis.restore', (w) => {
      checkCell(w, row, col);
      const current = getCellRow(w, row, col);
      const version = current ? cellHistory(w, current.id).find((v) => v.seq === seq) : undefined;
      if (!version)
        throw new CasusError('not_found', `Synthesis ${row} × ${col} has no version ${seq}`);
      return writeCell(w, row, col, ctx.coderId(), () => ({
        body: version.row.body,
        body_text: version.row.body_text,
        status: version.row.status,
        status_by: version.row.status_by,
        status_at: version.row.status_at,
        refs: version.row.refs,
      }));
    });
    return toCell(ctx.read(), row, col, after);
  },
  'matrix.export': async ({ spec, format, lang, title, table }, ctx) =>
    exportMatrix(ctx.read(), spec, format, lang, title, table),
};
