import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import type {
  AgreementCell,
  AgreementFigures,
  AgreementResult,
} from '../../shared/contract/agreement.js';
import { toCsv, type CsvValue } from '../../shared/table/csv.js';

type Lang = 'nl' | 'en';

const T = {
  scope: ['niveau', 'scope'],
  all: ['alle bronnen', 'all sources'],
  case: ['casus', 'case'],
  source: ['bron', 'source'],
  code: ['code', 'code'],
  label: ['label', 'label'],
  percent: ['% overeenstemming', '% agreement'],
  kappa: ['Cohens κ', "Cohen's κ"],
  kappaWhy: ['κ niet gedefinieerd omdat', 'κ undefined because'],
  alpha: ['Krippendorffs α', "Krippendorff's α"],
  alphaWhy: ['α niet gedefinieerd omdat', 'α undefined because'],
  units: ['eenheden', 'units'],
  both: ['beiden', 'both'],
  onlyA: ['alleen A', 'only A'],
  onlyB: ['alleen B', 'only B'],
  neither: ['geen van beiden', 'neither'],
  beforePercent: ['% vóór reconciliatie', '% before reconciliation'],
  beforeKappa: ['κ vóór reconciliatie', 'κ before reconciliation'],
  beforeAlpha: ['α vóór reconciliatie', 'α before reconciliation'],
  pooled: ['gepoold', 'pooled'],
  sheetCodes: ['Overeenstemming', 'Agreement'],
  sheetSources: ['Per bron', 'Per source'],
  sheetCases: ['Per casus', 'Per case'],
  sheetMethods: ['Methode', 'Methods'],
} as const;

const t = (key: keyof typeof T, lang: Lang) => T[key][lang === 'nl' ? 0 : 1];

const HEADER: (keyof typeof T)[] = [
  'scope',
  'case',
  'source',
  'code',
  'label',
  'percent',
  'kappa',
  'kappaWhy',
  'alpha',
  'alphaWhy',
  'units',
  'both',
  'onlyA',
  'onlyB',
  'neither',
  'beforePercent',
  'beforeKappa',
  'beforeAlpha',
];

type Row = CsvValue[];

/** One long table: every code overall, pooled, then per case and per source (each code). */
export function agreementRows(r: AgreementResult, lang: Lang): { header: string[]; rows: Row[] } {
  const pick = (b: { nl: string; en: string }) => (lang === 'nl' ? b.nl || b.en : b.en || b.nl);
  const codeOf = new Map(r.codes.map((c) => [c.codeId, c]));
  const before = new Map(r.before?.codes.map((c) => [c.codeId, c]) ?? []);
  const caseLabel = new Map(r.cases.map((c) => [c.id, pick(c.label)]));
  const full = (
    scope: string,
    caseName: string,
    source: string,
    code: string,
    label: string,
    f: AgreementFigures,
    b: AgreementFigures | undefined,
  ): Row => [
    scope,
    caseName,
    source,
    code,
    label,
    f.percent,
    f.kappa,
    f.reason ?? '',
    f.alpha,
    f.alphaReason ?? '',
    f.units,
    f.table?.both,
    f.table?.onlyA,
    f.table?.onlyB,
    f.table?.neither,
    b?.percent,
    b?.kappa,
    b?.alpha,
  ];
  const cell = (scope: string, caseName: string, source: string, c: AgreementCell): Row => {
    const code = codeOf.get(c.codeId);
    return [
      scope,
      caseName,
      source,
      code?.code ?? c.codeId,
      code ? pick(code.label) : '',
      c.percent,
      c.kappa,
      '',
      c.alpha,
      '',
      c.units,
    ];
  };
  const all = t('all', lang);
  const rows: Row[] = [
    ...r.codes.map((c) => full(all, '', '', c.code, pick(c.label), c, before.get(c.codeId))),
    full(all, '', '', t('pooled', lang), '', r.pooled, r.before?.pooled),
  ];
  for (const c of r.cases)
    for (const x of c.codes) rows.push(cell(t('case', lang), pick(c.label), '', x));
  for (const s of r.sources)
    for (const x of s.codes)
      rows.push(cell(t('source', lang), caseLabel.get(s.caseId) ?? '', s.title, x));
  return { header: HEADER.map((h) => t(h, lang)), rows };
}

export function agreementCsv(r: AgreementResult, lang: Lang): string {
  const { header, rows } = agreementRows(r, lang);
  return toCsv([header, ...rows]);
}

const cellOf = (v: CsvValue) =>
  v === null || v === undefined || v === ''
    ? null
    : typeof v === 'number'
      ? { value: v, type: Number }
      : { value: v };

export async function agreementXlsx(r: AgreementResult, lang: Lang): Promise<Buffer> {
  const { header, rows } = agreementRows(r, lang);
  const bold = { fontWeight: 'bold' as const };
  const head = header.map((value) => ({ value, ...bold }));
  const all = t('all', lang);
  const part = (scope: string): SheetData => [
    head,
    ...rows.filter((x) => x[0] === scope).map((x) => x.map(cellOf)),
  ];
  const columns = header.map((_, i) => ({ width: i === 2 ? 40 : i === 7 || i === 9 ? 36 : 14 }));
  return writeXlsxFile([
    { data: part(all), sheet: t('sheetCodes', lang), columns },
    { data: part(t('case', lang)), sheet: t('sheetCases', lang), columns },
    { data: part(t('source', lang)), sheet: t('sheetSources', lang), columns },
    {
      data: r.methods[lang].split('\n\n').map((p) => [{ value: p, wrap: true }]),
      sheet: t('sheetMethods', lang),
      columns: [{ width: 120 }],
    },
  ]).toBuffer();
}
