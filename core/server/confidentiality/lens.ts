import type { Reader } from '../../../db/access.js';
import { dateEdits, monthOf } from '../../shared/confidentiality/dates.js';
import { applyEdits, disjoint, type Applied } from '../../shared/confidentiality/edits.js';
import { TermMatcher, type TermEntry } from '../../shared/confidentiality/matcher.js';
import type {
  Audience,
  ExportCheck,
  UnreadableQuote,
} from '../../shared/contract/confidentiality.js';
import { caseEntries, registerEntries } from './register.js';

/**
 * An audience applied to text on its way out. Every output builds its model as the team sees
 * it, passes each string through a lens, and writes what comes out:
 * - `text`: the register applied (terms become their replacements, real names pseudonyms),
 *   for the public also every date coarsened to its month, and with hidden cases the case names
 *   replaced by letters;
 * - `quote`: the same for a quotation, remembering quotes replacement made hard to read;
 * - `date`: a date field (public: its month).
 * The lens also knows what the leak check must look for in the file it ends up in.
 *
 * `lensFor` gives none for the team: team outputs are the project as it is.
 */
export class Lens {
  /** What replacement did: how many terms it replaced. */
  replaced = 0;
  readonly unreadable: UnreadableQuote[] = [];
  private readonly matcher: TermMatcher;

  constructor(
    readonly audience: Audience,
    /** The register, and the case names when they are hidden. */
    readonly entries: readonly TermEntry[],
  ) {
    this.matcher = new TermMatcher(entries);
  }

  private get isPublic() {
    return this.audience.kind === 'public';
  }

  /**
   * A text as this audience may read it, with the map from its offsets to the new ones (a
   * REFI-QDA export moves its coded segments with it).
   */
  edit = (s: string): Applied & { terms: number; replacedChars: number } => {
    if (this.audience.kind === 'team' || s === '')
      return { text: s, map: (o) => o, terms: 0, replacedChars: 0 };
    const matches = this.matcher.find(s);
    const edits = this.matcher.edits(s, matches);
    this.replaced += matches.length;
    const replacedChars = matches.reduce((n, m) => n + m.end - m.start, 0);
    const all = this.isPublic ? disjoint([...edits, ...dateEdits(s)]) : edits;
    return { ...applyEdits(s, all), terms: matches.length, replacedChars };
  };

  /** A string as this audience may read it. */
  text = (s: string): string => this.edit(s).text;

  /** A quotation as this audience may read it; a quote mostly replaced is listed. */
  quote = (s: string, where: string): string => {
    const r = this.edit(s);
    const share = s.length ? r.replacedChars / s.length : 0;
    if (r.terms >= 4 || share >= 0.25)
      this.unreadable.push({ where, text: r.text, replaced: Math.round(share * 100) / 100 });
    return r.text;
  };

  /** A date field: the public sees its month. */
  date = <D extends string | null>(d: D): D => (this.isPublic && d !== null ? monthOf(d) : d) as D;

  /** Both languages of a label. */
  bilingual = (b: { nl: string; en: string }) => ({ nl: this.text(b.nl), en: this.text(b.en) });

  /** What the output was checked for and what replacement did (after a clean leak check). */
  check(): ExportCheck {
    return {
      audience: this.audience.kind,
      hideCases: this.audience.hideCases,
      terms: this.entries.length,
      replaced: this.replaced,
      unreadable: this.unreadable,
    };
  }
}

/**
 * The lens of an audience on a project, or null for the team. `lang` names hidden cases
 * ("Casus A" or "Case A"). Case names are hidden for the public only.
 */
export function lensFor(r: Reader, audience: Audience, lang: 'nl' | 'en' = 'nl'): Lens | null {
  if (audience.kind === 'team') return null;
  const hideCases = audience.kind === 'public' && audience.hideCases;
  const entries = [...registerEntries(r), ...(hideCases ? caseEntries(r, lang) : [])];
  return new Lens({ kind: audience.kind, hideCases }, entries);
}
