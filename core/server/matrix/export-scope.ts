import type { Reader } from '../../../db/access.js';
import { caseById, caseRows } from '../../../db/repo/cases.js';
import { listCoders } from '../../../db/repo/coders.js';
import { codeRows } from '../../../db/repo/codes.js';
import { respondentById } from '../../../db/repo/respondents.js';
import { sourceRow } from '../../../db/repo/sources.js';
import { vocabulary } from '../../../db/repo/vocabulary.js';
import type { ParsedMatrixSpec } from '../../shared/contract/matrix.js';
import type { SynthesisCell } from '../../shared/contract/synthesis.js';
import { DIMENSION_WORDS, MEASURE_WORDS } from '../../shared/review/words.js';

type Lang = 'nl' | 'en';

const W = {
  nl: {
    filter: 'Filter',
    none: 'geen filter',
    approved: 'alleen goedgekeurde verslagen',
    speakers: 'sprekers',
    respondentWords: 'alleen woorden van respondenten',
    roles: { interviewer: 'interviewer', respondent: 'respondent', other: 'overig' },
    coders: 'codeurs',
    made: 'Gemaakt op',
    respondent: 'respondent',
  },
  en: {
    filter: 'Filter',
    none: 'no filter',
    approved: 'approved reports only',
    speakers: 'speakers',
    respondentWords: "respondents' words only",
    roles: { interviewer: 'interviewer', respondent: 'respondent', other: 'other' },
    coders: 'coders',
    made: 'Made on',
    respondent: 'respondent',
  },
};

/**
 * What a matrix file covers, in one line under its title: the axes, the measure, the filter in
 * words (codes and cases by label) and the date, so a printed matrix says what it shows.
 */
export function scopeLine(r: Reader, spec: ParsedMatrixSpec, lang: Lang, at = new Date()): string {
  const i = lang === 'nl' ? 0 : 1;
  const axis = (a: ParsedMatrixSpec['rows']) =>
    `${DIMENSION_WORDS[a.dim][i]}${a.split ? ` (${DIMENSION_WORDS[a.split][i]})` : ''}`;
  // Codes and cases the filter names, by their label (by id or key; an unknown one as given).
  const labels = (
    refs: readonly string[],
    rows: readonly { id: string; key: string | null; label_nl: string; label_en: string }[],
  ) =>
    refs
      .map((ref) => {
        const row = rows.find((x) => x.id === ref || x.key === ref);
        return row ? (lang === 'nl' ? row.label_nl : row.label_en) : ref;
      })
      .join(', ');
  const f = spec.filter;
  const parts: string[] = [];
  if (f.codes?.length) parts.push(labels(f.codes, codeRows(r)));
  if (f.cases?.length) parts.push(labels(f.cases, caseRows(r)));
  if (f.coders?.length) {
    const coders = listCoders(r);
    const names = f.coders.map((ref) => coders.find((c) => c.id === ref)?.name ?? ref);
    parts.push(`${W[lang].coders}: ${names.join(', ')}`);
  }
  if (f.approvedOnly) parts.push(W[lang].approved);
  if (f.speakerRoles?.length)
    parts.push(
      f.speakerRoles.length === 1 && f.speakerRoles[0] === 'respondent'
        ? W[lang].respondentWords
        : `${W[lang].speakers}: ${f.speakerRoles.map((x) => W[lang].roles[x]).join(', ')}`,
    );
  const date = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(at);
  return [
    `${axis(spec.rows)} × ${axis(spec.cols)}`,
    MEASURE_WORDS[spec.measure][i],
    `${W[lang].filter}: ${parts.length ? parts.join('; ') : W[lang].none}`,
    `${W[lang].made} ${date}`,
  ].join(' · ');
}

/**
 * The key to the pseudonyms the file's references use: "FV-R1 = respondent, programme
 * management, Foodvalley". Pseudonyms only: a real name never leaves the project.
 */
export function pseudonymKey(r: Reader, cells: readonly SynthesisCell[], lang: Lang): string[] {
  const roles = new Map(vocabulary(r, 'role').map((v) => [v.key, v]));
  const seen = new Map<string, string>();
  for (const cell of cells)
    for (const ref of cell.refs) {
      const source = sourceRow(r, ref.sourceId);
      const person = source?.respondent_id ? respondentById(r, source.respondent_id) : undefined;
      if (!person || seen.has(person.pseudonym)) continue;
      const role = roles.get(person.role);
      const c = person.case_id ? caseById(r, person.case_id) : undefined;
      const what = [
        W[lang].respondent,
        role ? (lang === 'nl' ? role.label_nl : role.label_en) : person.role,
        c ? (lang === 'nl' ? c.label_nl : c.label_en) : '',
      ].filter(Boolean);
      seen.set(person.pseudonym, `${person.pseudonym} = ${what.join(', ')}`);
    }
  return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, line]) => line);
}
