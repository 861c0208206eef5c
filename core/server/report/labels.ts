/** The fixed words of a case report, in Dutch and English. */
export const REPORT_WORDS = {
  nl: {
    report: 'Casusrapport',
    status: 'Concept ter validatie',
    version: 'Versie',
    date: 'Datum',
    contents: 'Inhoud',
    introduction: 'Inleiding',
    attributes: 'Kenmerken van de casus',
    sources: 'Gebruikte bronnen',
    respondents: 'Respondenten',
    noSynthesis: (n: number) =>
      `Voor dit onderdeel is nog geen synthese geschreven; er ${n === 1 ? 'is 1 gecodeerde passage' : `zijn ${n} gecodeerde passages`} over.`,
    pseudonymNote:
      'Respondenten worden in dit rapport alleen met hun pseudoniem genoemd (bijvoorbeeld FV-R1 = respondent 1 van Foodvalley).',
    undated: 'zonder datum',
    changesTitle: (n: number, date: string) => `Wat is veranderd sinds versie ${n} (${date})`,
    changesIntro:
      'Per onderdeel de zinnen die zijn toegevoegd, verwijderd of gewijzigd, en de citaten die erbij of eraf zijn gegaan.',
    noChanges: 'Er is niets veranderd.',
    added: 'Toegevoegd',
    removed: 'Verwijderd',
    changed: 'Gewijzigd',
    was: 'was',
  },
  en: {
    report: 'Case report',
    status: 'Draft for validation',
    version: 'Version',
    date: 'Date',
    contents: 'Contents',
    introduction: 'Introduction',
    attributes: 'About the case',
    sources: 'Sources used',
    respondents: 'Respondents',
    noSynthesis: (n: number) =>
      `No synthesis has been written for this part yet; there ${n === 1 ? 'is 1 coded passage' : `are ${n} coded passages`} on it.`,
    pseudonymNote:
      'Respondents are named in this report by pseudonym only (for example FV-R1 = respondent 1 of Foodvalley).',
    undated: 'undated',
    changesTitle: (n: number, date: string) => `What changed since version ${n} (${date})`,
    changesIntro:
      'Per part, the sentences added, removed or changed, and the quotations added or taken out.',
    noChanges: 'Nothing has changed.',
    added: 'Added',
    removed: 'Removed',
    changed: 'Changed',
    was: 'was',
  },
} as const;

type Words = (typeof REPORT_WORDS)['nl'];
/** The fixed words of a report, as its renderers take them. */
export type ReportWords = {
  [K in keyof Words]: Words[K] extends (...a: infer A) => string ? (...a: A) => string : string;
};

/**
 * The fixed words in a language, each passed through `text` (an audience's lens: the example in
 * the pseudonym note names a case, which a public report with hidden cases must not).
 */
export function reportWords(
  lang: 'nl' | 'en',
  text: (s: string) => string = (s) => s,
): ReportWords {
  const source = REPORT_WORDS[lang] as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source))
    out[key] =
      typeof value === 'function'
        ? (...a: unknown[]) => text((value as (...x: unknown[]) => string)(...a))
        : text(value as string);
  return out as ReportWords;
}
