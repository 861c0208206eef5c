import type { SheetData } from 'write-excel-file/node';
import { toCsv } from '../../shared/table/csv.js';
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

/** A segments export as the worker receives it: the rows, already read and labelled. */
export interface SegmentsExportJob {
  kind: 'segments';
  format: 'csv' | 'xlsx';
  headers: string[];
  rows: (string | number)[][];
}

/**
 * The bytes of a segments export (in the export worker; write-excel-file is loaded on first use,
 * so the request thread never loads it).
 */
export async function buildSegmentsFile(job: SegmentsExportJob): Promise<Uint8Array> {
  if (job.format === 'csv') return Buffer.from(toCsv([job.headers, ...job.rows]), 'utf8');
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const data: SheetData = [
    job.headers.map((h) => ({ value: h, fontWeight: 'bold' as const })),
    ...job.rows.map((r) => r.map((v) => ({ value: v }))),
  ];
  return writeXlsxFile(data, { sheet: 'Segments' }).toBuffer();
}
