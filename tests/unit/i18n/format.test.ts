import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatList,
  formatNumber,
  renderMessage,
} from '../../../renderer/src/i18n/format.js';

/** Numbers, dates and plural forms in the UI's language (issue 11.6). */
describe('formatting in the UI language', () => {
  it('writes numbers as each language does', () => {
    expect(formatNumber('nl', 1996)).toBe('1.996');
    expect(formatNumber('en', 1996)).toBe('1,996');
    expect(formatNumber('nl', 4328.5)).toBe('4.328,5');
  });

  it('writes a calendar day in words, never shifted by the time zone', () => {
    expect(formatDate('nl', '2026-12-01')).toBe('1 december 2026');
    expect(formatDate('en', '2026-12-01')).toBe('1 December 2026');
    expect(formatDate('nl', '2020-06-12', 'short')).toBe('12 jun 2020');
    // A timestamp is a moment: its day where the researcher is.
    const at = new Date(2026, 11, 1, 14, 5).toISOString();
    expect(formatDate('nl', at)).toBe('1 december 2026');
    expect(formatDate('nl', at, 'dateTime')).toMatch(/^1 december 2026.*14:05$/);
    expect(formatDate('en', 'not a date')).toBe('not a date');
  });

  it('picks the plural form for the count and formats the count', () => {
    const files = [
      { one: '{n} bestand', other: '{n} bestanden' },
      { one: '{n} file', other: '{n} files' },
    ] as const;
    expect(renderMessage(files, 'nl', { n: 1 })).toBe('1 bestand');
    expect(renderMessage(files, 'nl', { n: 0 })).toBe('0 bestanden');
    expect(renderMessage(files, 'nl', { n: 1996 })).toBe('1.996 bestanden');
    expect(renderMessage(files, 'en', { n: 1 })).toBe('1 file');
    expect(renderMessage(files, 'en', { n: 2 })).toBe('2 files');
    const hits = [
      { zero: 'geen treffers', one: '{n} treffer', other: '{n} treffers' },
      '{n} hits',
    ] as const;
    expect(renderMessage(hits, 'nl', { n: 0 })).toBe('geen treffers');
    // `count` counts as well as `n`.
    const chosen = [
      { one: '{count} bestand gekozen', other: '{count} bestanden gekozen' },
      { one: '{count} file chosen', other: '{count} files chosen' },
    ] as const;
    expect(renderMessage(chosen, 'en', { count: 1 })).toBe('1 file chosen');
    expect(renderMessage(chosen, 'nl', { count: 3 })).toBe('3 bestanden gekozen');
  });

  it('fills placeholders, text as it is', () => {
    expect(
      renderMessage(['Pagina {n} van {title}', 'Page {n} of {title}'], 'en', {
        n: 3,
        title: 'A {b}',
      }),
    ).toBe('Page 3 of A {b}');
  });

  it('lists in each language', () => {
    expect(formatList('nl', ['‘A’', '‘B’', '‘C’'])).toBe('‘A’, ‘B’ en ‘C’');
    expect(formatList('en', ['‘A’', '‘B’'])).toBe('‘A’ and ‘B’');
  });
});
