import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import type { RetrievedSegment } from '../../shared/contract/search.js';
import type { Dimension } from '../../shared/template/types.js';

type Lang = 'nl' | 'en';

const HEADERS: Record<string, [string, string]> = {
  id: ['id', 'id'],
  case: ['casus', 'case'],
  source: ['bron', 'source'],
  sourceId: ['bron-id', 'source id'],
  date: ['datum', 'date'],
  documentType: ['documenttype', 'document type'],
  respondent: ['respondent', 'respondent'],
  role: ['rol', 'role'],
  start: ['begin', 'start'],
  end: ['eind', 'end'],
  text: ['tekst', 'text'],
  principle: ['uitgangspunt', 'principle'],
  category: ['factorcategorie', 'factor category'],
  phase: ['fase', 'phase'],
  facet: ['facet', 'facet'],
  free: ['overige codes', 'other codes'],
  coders: ['codeurs', 'coders'],
};
const DIMENSIONS: Dimension[] = ['principle', 'category', 'phase', 'facet', 'free'];

/** One row per segment with every dimension as a column; values are plain text and numbers. */
export function exportRows(
  segments: RetrievedSegment[],
  lang: Lang,
  coderNames: Map<string, string>,
): { headers: string[]; rows: (string | number)[][] } {
  const pick = (b: { nl: string; en: string }) => (lang === 'nl' ? b.nl || b.en : b.en || b.nl);
  const headers = Object.values(HEADERS).map((h) => h[lang === 'nl' ? 0 : 1]);
  const rows = segments.map((s) => {
    const byDim = (d: Dimension) =>
      s.codes
        .filter((c) => c.dimension === d)
        .map((c) => pick(c.label))
        .join('; ');
    const coders = [...new Set(s.codes.map((c) => (c.coderId ? coderNames.get(c.coderId) : '')))]
      .filter(Boolean)
      .join('; ');
    return [
      s.id,
      s.caseLabel ? pick(s.caseLabel) : '',
      s.sourceTitle,
      s.sourceId,
      s.date ?? '',
      s.documentType,
      s.respondentPseudonym ?? '',
      s.respondentRole ?? '',
      s.start,
      s.end,
      s.text,
      ...DIMENSIONS.map(byDim),
      coders,
    ];
  });
  return { headers, rows };
}

export async function toXlsx(headers: string[], rows: (string | number)[][]): Promise<Buffer> {
  const data: SheetData = [
    headers.map((h) => ({ value: h, fontWeight: 'bold' as const })),
    ...rows.map((r) => r.map((v) => ({ value: v }))),
  ];
  return writeXlsxFile(data, { sheet: 'Segments' }).toBuffer();
}
