import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { MatrixDefinitionRow } from '../tables.js';

const all = sql.rows<MatrixDefinitionRow>(
  'SELECT * FROM matrix_definitions ORDER BY builtin DESC, sort, name_nl',
);
const byId = sql.rows<MatrixDefinitionRow, { id: string }>(
  'SELECT * FROM matrix_definitions WHERE id = @id',
);

/** Saved matrix definitions: the template's first, then the team's. */
export const matrixDefinitions = (r: Reader): MatrixDefinitionRow[] => reading(r).all(all);
export const matrixDefinition = (r: Reader, id: string): MatrixDefinitionRow | undefined =>
  reading(r).get(byId, { id });

export function insertMatrixDefinition(w: Writer, row: MatrixDefinitionRow): MatrixDefinitionRow {
  return writing(w).insert('matrix_definitions', row);
}

export function updateMatrixDefinition(
  w: Writer,
  before: MatrixDefinitionRow,
  patch: Partial<Omit<MatrixDefinitionRow, 'id'>>,
): MatrixDefinitionRow {
  return writing(w).update('matrix_definitions', before, patch);
}

export function deleteMatrixDefinition(w: Writer, row: MatrixDefinitionRow): void {
  writing(w).remove('matrix_definitions', row);
}

const bySort = sql.rows<MatrixDefinitionRow>('SELECT * FROM matrix_definitions ORDER BY sort, id');
/** Saved matrices in their stored order (for exchange files). */
export const matrixDefinitionsBySort = (r: Reader): MatrixDefinitionRow[] => reading(r).all(bySort);
