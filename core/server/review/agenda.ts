import type { Reader, Writer } from '../../../db/access.js';
import { matrixDefinitions } from '../../../db/repo/matrices.js';
import { reviewItems, updateReviewItem, type ReviewItemRow } from '../../../db/repo/review.js';
import type { MatrixHeader, ParsedMatrixSpec } from '../../shared/contract/matrix.js';
import { MatrixSpec } from '../../shared/contract/matrix.js';
import type { ReviewFocus } from '../../shared/contract/review.js';
import type { Bilingual } from '../../shared/template/types.js';
import { CasusError } from '../../shared/errors.js';
import { computeMatrix } from '../matrix/engine.js';
import { resolveHeader } from './headers.js';

/** The word that names the framework matrix (the first saved matrix, shown with its syntheses). */
export const FRAMEWORK = 'framework';

export interface MatrixChoice {
  matrixId: string | null;
  name: Bilingual;
  spec: ParsedMatrixSpec;
  framework: boolean;
}

/** A saved matrix by id or name (either language), or the framework matrix. */
export function chooseMatrix(r: Reader, ref: string): MatrixChoice {
  const defs = matrixDefinitions(r);
  const lower = ref.trim().toLowerCase();
  if (lower === FRAMEWORK || lower === 'framework-matrix' || lower === 'frameworkmatrix') {
    const first = defs[0];
    if (!first)
      throw new CasusError(
        'not_found',
        'The framework matrix is the first saved matrix, and this project has none: save a matrix first',
      );
    return {
      matrixId: first.id,
      name: { nl: `Framework: ${first.name_nl}`, en: `Framework: ${first.name_en}` },
      spec: MatrixSpec.parse(JSON.parse(first.spec)),
      framework: true,
    };
  }
  const hits = defs.filter(
    (d) => d.id === ref || d.name_nl.toLowerCase() === lower || d.name_en.toLowerCase() === lower,
  );
  const d = hits[0];
  if (!d || hits.length > 1)
    throw new CasusError(
      hits.length > 1 ? 'invalid_input' : 'not_found',
      `${hits.length > 1 ? `"${ref}" names ${hits.length} saved matrices` : `No saved matrix "${ref}"`}; the saved matrices are: ${defs
        .map((x) => `${x.id} ("${x.name_nl}")`)
        .join(', ')}, or "${FRAMEWORK}"`,
    );
  return {
    matrixId: d.id,
    name: { nl: d.name_nl, en: d.name_en },
    spec: MatrixSpec.parse(JSON.parse(d.spec)),
    framework: false,
  };
}

/** The headers of a spec's matrix (values only). */
export function headersOf(
  r: Reader,
  spec: ParsedMatrixSpec,
): {
  rows: MatrixHeader[];
  cols: MatrixHeader[];
} {
  const m = computeMatrix(r, spec, { includeSegments: false });
  return { rows: m.rows, cols: m.cols };
}

/** A focus with its rows and columns checked against the matrix and named by header id. */
export function resolveFocus(
  r: Reader,
  spec: ParsedMatrixSpec,
  focus: ReviewFocus | undefined,
): ReviewFocus {
  if (!focus || focus.kind === 'grid') return { kind: 'grid' };
  const h = headersOf(r, spec);
  if (focus.kind === 'row')
    return { kind: 'row', row: resolveHeader(r, h.rows, focus.row, 'row', { allowGroup: true }) };
  return {
    kind: 'cell',
    row: resolveHeader(r, h.rows, focus.row, 'row', { allowGroup: false }),
    col: resolveHeader(r, h.cols, focus.col, 'column', { allowGroup: false }),
  };
}

export const focusColumns = (f: ReviewFocus) => ({
  focus: f.kind,
  focus_row: f.kind === 'grid' ? null : f.row,
  focus_col: f.kind === 'cell' ? f.col : null,
});

/**
 * Puts an item at a position (1-based; beyond the end: last) and numbers the agenda 1..n again,
 * writing only the items whose position changed.
 */
export function placeItem(
  w: Writer,
  sessionId: string,
  item: ReviewItemRow,
  position: number,
): ReviewItemRow[] {
  const others = reviewItems(w, sessionId).filter((i) => i.id !== item.id);
  const at = Math.max(0, Math.min(others.length, position - 1));
  const order = [...others.slice(0, at), item, ...others.slice(at)];
  return order.map((i, n) =>
    i.position === n + 1 ? i : updateReviewItem(w, i, { position: n + 1 }),
  );
}

/** Numbers the agenda 1..n again after an item left it. */
export function closeUp(w: Writer, sessionId: string): void {
  reviewItems(w, sessionId).forEach((i, n) => {
    if (i.position !== n + 1) updateReviewItem(w, i, { position: n + 1 });
  });
}
