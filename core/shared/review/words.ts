import type { AxisDimension, Measure } from '../contract/matrix.js';
import type { FollowUpState, RemarkTag, RevealMode } from '../contract/review.js';
import type { SynthesisStatus } from '../contract/synthesis.js';

/** Words the snapshots and the minutes are written in, [Dutch, English]. */
type Pair = readonly [string, string];

export const DIMENSION_WORDS: Record<AxisDimension, Pair> = {
  principle: ['Uitgangspunt', 'Principle'],
  category: ['Factorcategorie', 'Factor category'],
  phase: ['Fase', 'Phase'],
  facet: ['Facet', 'Facet'],
  free: ['Vrije codes', 'Free codes'],
  case: ['Casus', 'Case'],
  sourceType: ['Brontype', 'Source type'],
  role: ['Rol respondent', 'Respondent role'],
  coder: ['Codeur', 'Coder'],
};

export const MEASURE_WORDS: Record<Measure, Pair> = {
  segments: ['segmenten', 'segments'],
  sources: ['bronnen', 'sources'],
  respondents: ['respondenten', 'respondents'],
  chars: ['gecodeerde tekens', 'characters coded'],
  presence: ['aanwezig', 'present'],
};

export const TAG_WORDS: Record<RemarkTag, Pair> = {
  recognised: ['herkend', 'recognised'],
  disputed: ['betwist', 'disputed'],
  addition: ['aanvulling', 'addition'],
  question: ['vraag', 'question'],
  decision: ['besluit', 'decision'],
};

export const STATE_WORDS: Record<FollowUpState, Pair> = {
  open: ['open', 'open'],
  done: ['afgehandeld', 'done'],
  dismissed: ['terzijde gelegd', 'dismissed'],
};

export const STATUS_WORDS: Record<SynthesisStatus, Pair> = {
  empty: ['leeg', 'empty'],
  draft: ['concept', 'draft'],
  agreed: ['akkoord in team', 'agreed in team'],
  validated: ['gevalideerd', 'validated'],
  reviewed: ['besproken in groepsreview', 'reviewed in group review'],
};

export const REVEAL_WORDS: Record<RevealMode, Pair> = {
  all: ['alles tegelijk', 'all at once'],
  rows: ['rij voor rij', 'row by row'],
  cells: ['vak voor vak', 'cell by cell'],
  'synthesis-quotes': ['eerst synthese, dan citaten', 'synthesis, then quotes'],
};

/** "Casus A", "Case B": how a hidden case is named. */
export const CASE_ALIAS: Pair = ['Casus', 'Case'];

export const word = (pair: Pair, lang: 'nl' | 'en'): string => pair[lang === 'nl' ? 0 : 1];
export const both = (pair: Pair) => ({ nl: pair[0], en: pair[1] });

/** A, B, … Z, AA, AB…: the letter of the n-th (0-based) hidden case. */
export function aliasLetter(n: number): string {
  let s = '';
  let i = n;
  do {
    s = String.fromCharCode(65 + (i % 26)) + s;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return s;
}
