import type { Reader } from '../../../db/access.js';
import { caseById, caseRows } from '../../../db/repo/cases.js';
import { coderById } from '../../../db/repo/coders.js';
import { codeRow, codeRows } from '../../../db/repo/codes.js';
import { vocabulary } from '../../../db/repo/vocabulary.js';
import type { AxisDimension, AxisSpec, MatrixHeader } from '../../shared/contract/matrix.js';
import type { Bilingual } from '../../shared/template/types.js';
import { CasusError } from '../../shared/errors.js';

/**
 * Rows and columns of an item's matrix as people name them: by header id (`a:b` for a split
 * row), or by the key or label of its code, case or vocabulary word, split parts joined by ':'.
 * A row focus may also name the first part of split rows (a principle above its categories).
 */

/** Every name a header value answers to, lower-cased. */
function valueNames(r: Reader): Map<string, string[]> {
  const names = new Map<string, string[]>();
  const add = (id: string, ...n: (string | null)[]) =>
    names.set(
      id,
      [id, ...n.filter((x): x is string => !!x)].map((x) => x.toLowerCase()),
    );
  for (const c of codeRows(r)) add(c.id, c.key, c.label_nl, c.label_en);
  for (const c of caseRows(r)) add(c.id, c.key, c.label_nl, c.label_en);
  for (const v of vocabulary(r)) add(v.key, v.label_nl, v.label_en);
  return names;
}

function matches(names: Map<string, string[]>, id: string, ref: string): boolean {
  return (names.get(id) ?? [id.toLowerCase()]).includes(ref.toLowerCase());
}

export type HeaderLike = Pick<MatrixHeader, 'id' | 'label' | 'parentLabel'>;

/** The header ids a reference names: the header itself, or (for a row) the split rows under it. */
export function resolveHeader(
  r: Reader,
  headers: readonly HeaderLike[],
  ref: string,
  side: 'row' | 'column',
  opts: { allowGroup: boolean },
): string {
  if (headers.some((h) => h.id === ref)) return ref;
  const names = valueNames(r);
  const parts = ref.split(':').map((p) => p.trim());
  const hits = headers.filter((h) => {
    const ids = h.id.split(':');
    return ids.length === parts.length && ids.every((id, i) => matches(names, id, parts[i] ?? ''));
  });
  if (hits.length === 1 && hits[0]) return hits[0].id;
  if (opts.allowGroup && parts.length === 1) {
    const groups = [
      ...new Set(
        headers
          .filter((h) => h.parentLabel && matches(names, h.id.split(':')[0] ?? '', ref))
          .map((h) => h.id.split(':')[0] as string),
      ),
    ];
    if (groups.length === 1 && groups[0]) return groups[0];
  }
  const known = headers
    .slice(0, 12)
    .map((h) => (h.parentLabel ? `${h.parentLabel.nl} / ${h.label.nl}` : h.label.nl))
    .join(', ');
  throw new CasusError(
    'not_found',
    `This matrix has no ${side} "${ref}" (its ${side}s include: ${known}${headers.length > 12 ? ', …' : ''})`,
  );
}

/** The label of one value of a dimension. */
function valueLabel(r: Reader, dim: AxisDimension, id: string): Bilingual {
  if (dim === 'case') {
    const c = caseById(r, id);
    return c ? { nl: c.label_nl, en: c.label_en } : { nl: id, en: id };
  }
  if (dim === 'coder') {
    const name = coderById(r, id)?.name ?? id;
    return { nl: name, en: name };
  }
  if (dim === 'sourceType' || dim === 'role') {
    const kind = dim === 'role' ? 'role' : 'document-type';
    const v = vocabulary(r, kind).find((x) => x.key === id);
    return v ? { nl: v.label_nl, en: v.label_en } : { nl: id, en: id };
  }
  const c = codeRow(r, id);
  return c ? { nl: c.label_nl, en: c.label_en } : { nl: id, en: id };
}

/** A header (or the group of split rows a row focus names) in words, without computing the matrix. */
export function describeHeader(r: Reader, axis: AxisSpec, id: string): Bilingual {
  const [a, b] = id.split(':');
  const first = valueLabel(r, axis.dim, a ?? id);
  if (!axis.split || b === undefined) return first;
  const second = valueLabel(r, axis.split, b);
  return { nl: `${first.nl} — ${second.nl}`, en: `${first.en} — ${second.en}` };
}

/** "row × column" in words. */
export function describeCell(
  r: Reader,
  spec: { rows: AxisSpec; cols: AxisSpec },
  row: string,
  col: string,
): Bilingual {
  const a = describeHeader(r, spec.rows, row);
  const b = describeHeader(r, spec.cols, col);
  return { nl: `${a.nl} × ${b.nl}`, en: `${a.en} × ${b.en}` };
}
