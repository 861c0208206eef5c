/**
 * Messages, numbers, dates and plural forms in the UI's language, with the platform's Intl (no
 * library): "1.996 tekens", "1 december 2026", "1 bestand" / "2 bestanden". Pure functions, so
 * the unit tests run them without a DOM.
 */

export type Lang = 'nl' | 'en';

/** The locale each UI language formats with. */
export const LOCALES: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' };

/** A message that depends on a count `{n}`: Intl.PluralRules picks the form. */
export interface PluralForms {
  /** Exactly zero, when the language says it differently ("geen treffers"). */
  readonly zero?: string;
  readonly one: string;
  readonly other: string;
}

export type Message = string | PluralForms;
/** [Dutch, English]. */
export type MessagePair = readonly [Message, Message];
export type Vars = Record<string, string | number>;

const numberFormats = new Map<Lang, Intl.NumberFormat>();
const pluralRules = new Map<Lang, Intl.PluralRules>();
const listFormats = new Map<Lang, Intl.ListFormat>();

export function formatNumber(lang: Lang, n: number): string {
  let f = numberFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[lang]);
    numberFormats.set(lang, f);
  }
  return f.format(n);
}

/** The form of a plural message for `n`. */
export function pluralOf(lang: Lang, forms: PluralForms, n: number): string {
  if (n === 0 && forms.zero !== undefined) return forms.zero;
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(LOCALES[lang]);
    pluralRules.set(lang, rules);
  }
  return rules.select(n) === 'one' ? forms.one : forms.other;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A Date for an ISO date or timestamp; a bare date is a calendar day (never shifted by a zone). */
function toDate(iso: string): Date | null {
  const m = DATE_ONLY.exec(iso);
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

export type DateStyle = 'long' | 'short' | 'dateTime';

const DATE_OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  long: { day: 'numeric', month: 'long', year: 'numeric' },
  short: { day: 'numeric', month: 'short', year: 'numeric' },
  dateTime: { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' },
};

/** "1 december 2026" / "1 December 2026"; an unreadable date is shown as it is. */
export function formatDate(lang: Lang, iso: string, style: DateStyle = 'long'): string {
  const d = toDate(iso);
  if (!d) return iso;
  const opts =
    DATE_ONLY.test(iso) && style === 'dateTime' ? DATE_OPTIONS.long : DATE_OPTIONS[style];
  return dateFormat(lang, opts).format(d);
}

/**
 * Made once per language and style: making a DateTimeFormat costs more than using it. Found by
 * the options object (the styles are constants), not a string made of them on every date shown.
 */
const dateFormats = new WeakMap<Intl.DateTimeFormatOptions, Map<Lang, Intl.DateTimeFormat>>();
function dateFormat(lang: Lang, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let byLang = dateFormats.get(opts);
  if (!byLang) {
    byLang = new Map();
    dateFormats.set(opts, byLang);
  }
  let f = byLang.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], opts);
    byLang.set(lang, f);
  }
  return f;
}

/**
 * Renders a message in a language: the plural form for `vars.n` (or `vars.count`), then
 * `{name}` placeholders, numbers formatted for the language.
 */
export function renderMessage(pair: MessagePair, lang: Lang, vars?: Vars): string {
  const msg = pair[lang === 'nl' ? 0 : 1];
  let text =
    typeof msg === 'string' ? msg : pluralOf(lang, msg, Number(vars?.n ?? vars?.count ?? 0));
  if (vars)
    for (const [k, v] of Object.entries(vars))
      text = text.replaceAll(`{${k}}`, typeof v === 'number' ? formatNumber(lang, v) : v);
  return text;
}

/** Items joined as the language does: "‘A’, ‘B’ en ‘C’" / "‘A’, ‘B’ and ‘C’". */
export function formatList(lang: Lang, items: string[]): string {
  let f = listFormats.get(lang);
  if (!f) {
    f = new Intl.ListFormat(LOCALES[lang], { type: 'conjunction' });
    listFormats.set(lang, f);
  }
  return f.format(items);
}

/** The placeholders a message uses, in both languages and every form (for the message tests). */
export function placeholders(msg: Message): Set<string> {
  const texts = typeof msg === 'string' ? [msg] : Object.values(msg);
  return new Set(texts.flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string)));
}
