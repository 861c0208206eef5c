import { describe, expect, it } from 'vitest';
import { coarsenDates } from '../../../core/shared/confidentiality/dates.js';
import { personVariants } from '../../../core/shared/confidentiality/forms.js';
import { TermMatcher, type TermEntry } from '../../../core/shared/confidentiality/matcher.js';

const entry = (id: string, forms: string[], replacement: string): TermEntry => ({
  id,
  kind: 'person',
  forms,
  replacement,
});
const replace = (entries: TermEntry[], text: string) => new TermMatcher(entries).replace(text).text;

describe('the register matcher', () => {
  it('replaces at word boundaries only: "Jan" is not in "Janssen" or "Marjan"', () => {
    const jan = [entry('a', ['Jan'], 'R1')];
    expect(replace(jan, 'Jan zei het tegen Janssen en Marjan.')).toBe(
      'R1 zei het tegen Janssen en Marjan.',
    );
    // Registered on its own, Janssen is found as well.
    expect(replace([...jan, entry('b', ['Janssen'], 'R2')], 'Jan en Janssen')).toBe('R1 en R2');
  });

  it('folds letter case and diacritics both ways', () => {
    const e = [entry('a', ['José Hüsken'], '[wethouder]')];
    expect(replace(e, 'Gesprek met jose husken en JOSÉ HÜSKEN.')).toBe(
      'Gesprek met [wethouder] en [wethouder].',
    );
    expect(replace([entry('b', ['Jose Husken'], 'R')], 'met José Hüsken')).toBe('met R');
  });

  it('keeps possessives: "Jan\'s", "De Vries\'" and the Dutch bare s', () => {
    const e = [entry('a', ['Jan de Vries', 'De Vries'], 'ACH-R3')];
    expect(replace(e, "Jan de Vries' plan en De Vries's nota")).toBe(
      "ACH-R3' plan en ACH-R3's nota",
    );
    expect(replace([entry('b', ['Anna'], '[R1]')], 'Anna’s nota, Annas plan')).toBe(
      "[R1]’s nota, [R1]'s plan",
    );
  });

  it('finds initials with and without dots and across a line break; the longest form wins', () => {
    const e = [entry('a', ['Jan Willem de Vries', ...personVariants('Jan Willem de Vries')], 'R1')];
    expect(replace(e, 'J.W. de Vries, JW de Vries, J. W. de\nVries en Jan Willem de Vries')).toBe(
      'R1, R1, R1 en R1',
    );
  });

  it('finds a proper form (a surname alone) only where it is written as a name', () => {
    const e = [
      {
        id: 'a',
        kind: 'person',
        forms: ['Jan de Jong', 'J. de Jong', 'de Jong', 'Groot'],
        proper: ['de Jong', 'Groot'],
        replacement: 'R1',
      },
    ];
    expect(replace(e, 'De Jong zei dat een groot deel van de jonge de jong-regel klopte.')).toBe(
      'R1 zei dat een groot deel van de jonge de jong-regel klopte.',
    );
    expect(replace(e, 'Volgens de Jong en Groot, en jan de jong zelf.')).toBe(
      'Volgens R1 en R1, en R1 zelf.',
    );
  });

  it('finds a phone number whatever separates its digits', () => {
    const e = [{ id: 'p', kind: 'phone', forms: ['06-12345678'], replacement: '[tel]' }];
    expect(replace(e, 'Bel 06 1234 5678 of 0612345678, niet 061234567890.')).toBe(
      'Bel [tel] of [tel], niet 061234567890.',
    );
  });

  it('gives ranges in the original text, which stays as it is', () => {
    const text = 'De wethouder, Ésther Bakker, sprak.';
    const m = new TermMatcher([entry('a', ['Esther Bakker'], 'X')]);
    const [hit] = m.find(text);
    expect(hit && text.slice(hit.start, hit.end)).toBe('Ésther Bakker');
  });
});

describe('the forms of a person name', () => {
  it('suggests initials with surname and the surname with its particles', () => {
    expect(personVariants('Jan-Willem van der Berg')).toEqual([
      'J.W. van der Berg',
      'J. van der Berg',
      'van der Berg',
    ]);
    expect(personVariants('Anna Smit', { firstName: true })).toEqual(['A. Smit', 'Smit', 'Anna']);
    expect(personVariants('Cher')).toEqual([]);
  });
});

describe('dates for the public', () => {
  it('coarsens written and numeric dates to their month', () => {
    expect(coarsenDates('Op dinsdag 20 oktober 2020, 2020-10-20 en 20-10-2020.')).toBe(
      'Op oktober 2020, 2020-10 en 10-2020.',
    );
  });
});
