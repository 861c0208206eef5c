import { describe, expect, it } from 'vitest';
import { compileQuery, parseQuery, QueryError } from '../../../core/server/search/query.js';

const explain = (q: string, insideWords = false): string => {
  try {
    compileQuery(q, insideWords);
  } catch (e) {
    if (e instanceof QueryError) return e.message;
    throw e;
  }
  throw new Error(`"${q}" parsed`);
};

describe('query syntax', () => {
  it('writes words, phrases and prefixes as FTS5 string literals', () => {
    expect(compileQuery('welvaart', false)).toBe('"welvaart"');
    expect(compileQuery('brede welvaart', false)).toBe('("brede" AND "welvaart")');
    expect(compileQuery('"brede welvaart"', false)).toBe('"brede welvaart"');
    expect(compileQuery('verpleeg*', false)).toBe('"verpleeg"*');
  });

  it('supports AND, OR, NOT, NEAR and brackets with the usual precedence', () => {
    expect(compileQuery('zorg OR welzijn AND wonen', false)).toBe(
      '("zorg" OR ("welzijn" AND "wonen"))',
    );
    expect(compileQuery('(zorg OR welzijn) NOT ziekenhuis', false)).toBe(
      '(("zorg" OR "welzijn") NOT "ziekenhuis")',
    );
    expect(compileQuery('rijk NEAR regio', false)).toBe('NEAR("rijk" "regio", 10)');
    expect(compileQuery('rijk NEAR/3 "regio deal"', false)).toBe('NEAR("rijk" "regio deal", 3)');
  });

  it('keeps lower-case en/of/niet as words to search for', () => {
    expect(compileQuery('rijk en regio', false)).toBe('("rijk" AND "en" AND "regio")');
  });

  it('never lets user text act as FTS5 syntax', () => {
    // Column filters, carets and embedded quotes are just characters inside a literal.
    expect(compileQuery('text:welvaart', false)).toBe('"text:welvaart"');
    expect(compileQuery('^begin', false)).toBe('"^begin"');
    expect(compileQuery('a:b* c', false)).toBe('("a:b"* AND "c")');
    expect(parseQuery('a-b')).toEqual({ kind: 'term', text: 'a-b', prefix: false });
  });

  it('explains malformed queries in plain words', () => {
    expect(explain('')).toMatch(/empty/);
    expect(explain('"brede welvaart')).toMatch(/never closed/);
    expect(explain('(zorg OR welzijn')).toMatch(/bracket .* never closed/);
    expect(explain('zorg)')).toMatch(/no \( before it/);
    expect(explain('NOT ziekenhuis')).toMatch(/NOT .* needs a word before it/);
    expect(explain('zorg AND')).toMatch(/AND at the end needs a word after it/);
    expect(explain('zorg OR OR welzijn')).toMatch(/OR at position 9 needs a word/);
    expect(explain('ver*pleeg')).toMatch(/only end a word/);
    expect(explain('***')).toMatch(/no letters or digits|only end/);
    expect(explain('(a OR b) NEAR c')).toMatch(/NEAR connects words/);
    expect(explain('a NEAR/x b')).toMatch(/not a valid NEAR/);
    expect(explain('""')).toMatch(/no words/);
  });

  it('inside words: substrings of at least three characters, NEAR counted in characters', () => {
    expect(compileQuery('arts', true)).toBe('"arts"');
    expect(compileQuery('verpleeg*', true)).toBe('"verpleeg"');
    expect(compileQuery('rijk NEAR/2 regio', true)).toBe('NEAR("rijk" "regio", 14)');
    expect(explain('ab', true)).toMatch(/too short/);
  });
});
