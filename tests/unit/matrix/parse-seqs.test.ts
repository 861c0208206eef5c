import { describe, expect, it } from 'vitest';
import { parseSeqs } from '../../../db/queries/matrix.js';
import { rng } from '../random.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const parse = (text: string) => Array.from(parseSeqs(bytes(text), 'test list'));

describe('segment keys read from their JSON text as bytes', () => {
  it('gives what JSON.parse gives, for one array and for kept arrays joined as they are', () => {
    const rand = rng(19);
    for (let t = 0; t < 200; t++) {
      const lists = Array.from({ length: Math.floor(rand() * 6) }, () =>
        Array.from({ length: Math.floor(rand() * 30) }, () =>
          Math.floor(rand() * (rand() < 0.1 ? 2 ** 31 : 1000)),
        ),
      );
      const joined = lists.map((l) => JSON.stringify(l)).join('');
      expect(parse(joined)).toEqual(lists.flat());
      expect(parse(JSON.stringify(lists.flat()))).toEqual(lists.flat());
    }
    expect(parse('[]')).toEqual([]);
    expect(parse('')).toEqual([]);
    expect(parse('[0,10,2147483647]')).toEqual([0, 10, 2147483647]);
  });

  it('refuses what is not a list of keys, naming the list', () => {
    for (const bad of ['[-1]', '[1.5]', '[1e3]', '["a"]', '[1, 2]', 'null'])
      expect(() => parse(bad), bad).toThrow(/test list: not a list of segment keys/);
    expect(() => parse('[2147483648]')).toThrow(/test list: segment key 2147483648 out of range/);
  });
});
