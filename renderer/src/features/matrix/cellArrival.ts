import type { MatrixSpec } from '../../../../core/shared/contract/matrix.js';
import { CUBE_DIMENSIONS, type Coordinate } from '../../../../core/shared/contract/synthesis.js';

/**
 * A matrix layout that shows a synthesis cell (a coordinate, as comments and the activity log
 * name it), and that cell's row and column: the case (or the last dimension) as the columns, the
 * other dimensions as the rows (split by a second one). Null for a coordinate of one dimension.
 */
export function layoutForCoordinate(
  c: Coordinate,
): { spec: MatrixSpec; row: string; col: string } | null {
  const dims = CUBE_DIMENSIONS.filter((d) => c[d] !== undefined);
  if (dims.length < 2) return null;
  const colDim = dims.includes('case') ? 'case' : (dims.at(-1) as (typeof dims)[number]);
  const [first, second, ...rest] = dims.filter((d) => d !== colDim);
  if (!first) return null;
  // Dimensions beyond two rows and a column narrow the matrix by its filter where they can.
  const codes = rest
    .filter((d) => ['principle', 'category', 'phase', 'facet', 'free'].includes(d))
    .map((d) => c[d] as string);
  return {
    spec: {
      rows: { dim: first, ...(second ? { split: second } : {}) },
      cols: { dim: colDim },
      filter: codes.length ? { codes } : {},
      measure: 'segments',
      percent: 'none',
    },
    row: second ? `${c[first]}:${c[second]}` : (c[first] as string),
    col: c[colDim] as string,
  };
}
