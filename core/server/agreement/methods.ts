import type { AgreementFigures, AgreementResult } from '../../shared/contract/agreement.js';
import type { Selection } from './selection.js';

type Lang = 'nl' | 'en';
type Result = Omit<AgreementResult, 'methods'>;

const REFERENCES = [
  'Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological Measurement, 20(1), 37–46.',
  'De Vries, H., Elliott, M. N., Kanouse, D. E., & Teleki, S. S. (2008). Using pooled kappa to summarize interrater agreement across many items. Field Methods, 20(3), 272–282.',
  "Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Departmental Papers (ASC), 43. University of Pennsylvania.",
];

/** A figure as a methods section writes it: two decimals, the language's decimal mark. */
export function formatNumber(v: number, lang: Lang, digits = 2): string {
  // A value that rounds to zero is written without a minus sign.
  const s = (Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v).toFixed(digits);
  return lang === 'nl' ? s.replace('.', ',') : s;
}

const NUMBER_WORDS: Record<Lang, string[]> = {
  nl: ['nul', 'een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien'],
  en: ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'],
};
const count = (n: number, lang: Lang) => NUMBER_WORDS[lang][n] ?? String(n);
const thousands = (n: number, lang: Lang) =>
  n.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 0 });

/** "1 source", "2 sources": a number with the word's singular or plural. */
const counted = (n: number, lang: Lang, [one, many]: [string, string]) =>
  `${thousands(n, lang)} ${n === 1 ? one : many}`;

function list(items: string[], lang: Lang): string {
  if (items.length <= 1) return items.join('');
  const and = lang === 'nl' ? ' en ' : ' and ';
  return `${items.slice(0, -1).join(', ')}${and}${items[items.length - 1]}`;
}

function unitText(r: Result, lang: Lang): string {
  const share = Math.round(r.overlap * 100);
  if (lang === 'nl')
    return {
      char: 'op tekenniveau (elk teken van elke bron is een eenheid: gecodeerd door de een, de ander, beiden of geen van beiden)',
      segment: `op segmentniveau (een segment van de een valt samen met een segment van de ander als ze voor ten minste ${share} % overlappen; een segment zonder tegenhanger is een eenheid op zich)`,
      block: 'op alineaniveau (elke alinea is een eenheid: heeft de codeur de code erin toegepast)',
    }[r.unit];
  return {
    char: 'at character level (each character of each source is a unit: coded by one coder, the other, both or neither)',
    segment: `at segment level (a segment of one coder matches one of the other when they overlap by at least ${share}%; a segment without a match is a unit of its own)`,
    block: 'at paragraph level (each paragraph is a unit: did the coder apply the code in it)',
  }[r.unit];
}

/** κ, α and percent agreement of one set of figures, in a sentence's words. */
function values(p: AgreementFigures, codes: { kappa: number | null }[], r: Result, lang: Lang) {
  const parts: string[] = [];
  if (p.percent !== null)
    parts.push(
      lang === 'nl'
        ? `${formatNumber(p.percent, lang, 1)} % overeenstemming`
        : `${formatNumber(p.percent, lang, 1)}% agreement`,
    );
  if (r.coders.length === 2) {
    const ks = codes.map((c) => c.kappa).filter((k): k is number => k !== null);
    const range =
      ks.length > 1
        ? lang === 'nl'
          ? `; per code ${formatNumber(Math.min(...ks), lang)} tot ${formatNumber(Math.max(...ks), lang)}`
          : `; per code ${formatNumber(Math.min(...ks), lang)} to ${formatNumber(Math.max(...ks), lang)}`
        : '';
    if (p.kappa !== null)
      parts.push(
        lang === 'nl'
          ? `Cohens κ = ${formatNumber(p.kappa, lang)} (gepoold over de codes volgens De Vries e.a., 2008${range})`
          : `Cohen's κ = ${formatNumber(p.kappa, lang)} (pooled over the codes as De Vries et al., 2008${range})`,
      );
    else
      parts.push(
        lang === 'nl'
          ? 'Cohens κ is niet gedefinieerd (geen van beide codeurs paste de codes toe, of beiden overal)'
          : "Cohen's κ is not defined (neither coder applied the codes, or both did everywhere)",
      );
  }
  parts.push(
    p.alpha !== null
      ? lang === 'nl'
        ? `Krippendorffs α (nominaal) = ${formatNumber(p.alpha, lang)}`
        : `Krippendorff's α (nominal) = ${formatNumber(p.alpha, lang)}`
      : lang === 'nl'
        ? 'Krippendorffs α is niet gedefinieerd (geen variatie)'
        : "Krippendorff's α is not defined (no variation)",
  );
  return list(parts, lang);
}

function paragraph(r: Result, sel: Selection, lang: Lang): string {
  const names = list(
    r.coders.map((c) => c.name),
    lang,
  );
  const cases = new Set(r.sources.map((s) => s.caseId).filter(Boolean)).size;
  const chars = r.sources.reduce((n, s) => n + s.characters, 0);
  const codeNames = sel.codes.map((c) => (lang === 'nl' ? c.label_nl : c.label_en || c.label_nl));
  const codes =
    codeNames.length <= 8
      ? `${count(codeNames.length, lang)} codes (${list(codeNames, lang)})`
      : `${codeNames.length} codes`;
  const coders = count(r.coders.length, lang);
  const figures = r.before ?? { codes: r.codes, pooled: r.pooled };
  const head =
    lang === 'nl'
      ? `Interbeoordelaarsbetrouwbaarheid. ${capital(coders)} codeurs (${names}) codeerden onafhankelijk van elkaar dezelfde ${counted(r.sources.length, lang, ['bron', 'bronnen'])} (${cases ? `${counted(cases, lang, ['casus', 'casussen'])}; ` : ''}${counted(chars, lang, ['teken', 'tekens'])}) met ${codes}. De overeenstemming is per code berekend met Casus, ${unitText(r, lang)}: ${values(figures.pooled, figures.codes, r, lang)}.`
      : `Intercoder agreement. ${capital(coders)} coders (${names}) independently coded the same ${counted(r.sources.length, lang, ['source', 'sources'])} (${cases ? `${counted(cases, lang, ['case', 'cases'])}; ` : ''}${counted(chars, lang, ['character', 'characters'])}) with ${codes}. Agreement was computed per code with Casus, ${unitText(r, lang)}: ${values(figures.pooled, figures.codes, r, lang)}.`;
  const after = r.before
    ? lang === 'nl'
      ? ` Dit zijn de waarden vóór het reconciliëren; nadat de codeurs ${counted(r.reconciliations, lang, ['verschil', 'verschillen'])} bespraken en beslechtten: ${values(r.pooled, r.codes, r, lang)}.`
      : ` These are the figures before reconciliation; after the coders discussed and settled ${counted(r.reconciliations, lang, ['disagreement', 'disagreements'])}: ${values(r.pooled, r.codes, r, lang)}.`
    : '';
  const refs = lang === 'nl' ? 'Literatuur' : 'References';
  return `${head}${after}\n\n${refs}: ${REFERENCES.join(' ')}`;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The methods paragraph in Dutch and English. */
export function methodsParagraph(r: Result, sel: Selection): { nl: string; en: string } {
  return { nl: paragraph(r, sel, 'nl'), en: paragraph(r, sel, 'en') };
}
