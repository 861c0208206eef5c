import { retrieveSegments } from '../../../db/queries/retrieval.js';
import {
  deleteMatrixDefinition,
  insertMatrixDefinition,
  matrixDefinition,
  matrixDefinitions,
  updateMatrixDefinition,
} from '../../../db/repo/matrices.js';
import type { MatrixDefinitionRow } from '../../../db/tables.js';
import {
  MatrixSpec,
  type MatrixDefinition,
  type matrixContract,
} from '../../shared/contract/matrix.js';
import { CasusError } from '../../shared/errors.js';
import { newId, now } from '../domain/ids.js';
import type { HandlersFor } from '../handlers.js';
import { cellSegments, cellSegmentsBySource, computeMatrix } from '../matrix/engine.js';
import { exportMatrix } from '../matrix/export.js';

const toDefinition = (r: MatrixDefinitionRow): MatrixDefinition => ({
  id: r.id,
  name: { nl: r.name_nl, en: r.name_en },
  spec: MatrixSpec.parse(JSON.parse(r.spec)),
  builtin: r.builtin === 1,
});

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
    const bySource = cellSegmentsBySource(r, spec, row, col);
    return retrieveSegments(r, { sort: 'case', groupBy: 'none', limit, context }, bySource);
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
  'matrix.export': async ({ spec, format, lang, title, table, audience }, ctx) =>
    exportMatrix(ctx.read(), spec, format, lang, title, table, audience),
};
