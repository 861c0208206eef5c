import type { AxisDimension, PatternKind } from '../contract/matrix.js';

/**
 * The id a split header gives the segments that have no value of the split dimension
 * ("principle:_none"): the "(no category)" sub-row, so split rows add up to the unsplit row.
 */
export const NO_VALUE = '_none';

type Lang = 'nl' | 'en';

/** Each dimension as a noun: [singular, plural] per language. */
const NOUNS: Record<AxisDimension, Record<Lang, readonly [string, string]>> = {
  principle: { nl: ['uitgangspunt', 'uitgangspunten'], en: ['principle', 'principles'] },
  category: {
    nl: ['factorcategorie', 'factorcategorieën'],
    en: ['factor category', 'factor categories'],
  },
  phase: { nl: ['fase', 'fasen'], en: ['phase', 'phases'] },
  facet: { nl: ['facet', 'facetten'], en: ['facet', 'facets'] },
  free: { nl: ['code', 'codes'], en: ['code', 'codes'] },
  case: { nl: ['casus', 'casussen'], en: ['case', 'cases'] },
  sourceType: { nl: ['brontype', 'brontypen'], en: ['source type', 'source types'] },
  role: { nl: ['rol', 'rollen'], en: ['role', 'roles'] },
  coder: { nl: ['codeur', 'codeurs'], en: ['coder', 'coders'] },
};

/** The label of the sub-row of segments without a value of `dim`: "(geen factorcategorie)". */
export function noValueLabel(dim: AxisDimension): { nl: string; en: string } {
  return { nl: `(geen ${NOUNS[dim].nl[0]})`, en: `(no ${NOUNS[dim].en[0]})` };
}

/** The pattern column's heading: over the columns' dimension. */
export function patternHeading(over: AxisDimension, lang: Lang): string {
  if (over === 'case') return lang === 'nl' ? 'Patroon over casussen' : 'Cross-case pattern';
  return lang === 'nl'
    ? `Patroon over ${NOUNS[over].nl[1]}`
    : `Pattern across ${NOUNS[over].en[1]}`;
}

/** A row's pattern in words: "in 3 van 4 casussen", "in all phases", "specific to one facet". */
export function patternWords(
  p: { kind: PatternKind; n: number; of: number; over: AxisDimension },
  lang: Lang,
  number: (n: number) => string = String,
): string {
  const [one, many] = NOUNS[p.over][lang];
  switch (p.kind) {
    case 'all':
      return lang === 'nl' ? `in alle ${many}` : `in all ${many}`;
    case 'several':
      return lang === 'nl'
        ? `in ${number(p.n)} van ${number(p.of)} ${many}`
        : `in ${number(p.n)} of ${number(p.of)} ${many}`;
    case 'one':
      return lang === 'nl' ? `specifiek voor één ${one}` : `specific to one ${one}`;
    case 'none':
      return lang === 'nl' ? 'nergens' : 'nowhere';
  }
}
