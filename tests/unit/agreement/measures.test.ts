import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  coveredLength,
  mergeIntervals,
  overlapLength,
  overlapShare,
  sweepCoverage,
  touches,
} from '../../../core/shared/agreement/intervals.js';
import {
  BinaryPatterns,
  cohensKappa,
  coincidences,
  krippendorffAlpha,
  pairAgreement,
  pooledKappa,
  type PairTable,
} from '../../../core/shared/agreement/measures.js';
import {
  codeFigures,
  matchSegments,
  pooledFigures,
  tallyUnits,
  type CodingFact,
  type Tally,
  type UnitSource,
} from '../../../core/shared/agreement/units.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/agreement/${name}`, import.meta.url), 'utf8'));

describe('published worked examples', () => {
  it("Cohen's κ of the 2×2 table (20, 5, 10, 15) is 0.40", () => {
    const f = fixture<{ table: PairTable; expected: { po: number; pe: number; kappa: number } }>(
      'cohen-kappa-2x2.json',
    );
    const a = pairAgreement(f.table);
    expect(a?.po).toBeCloseTo(f.expected.po, 10);
    expect(a?.pe).toBeCloseTo(f.expected.pe, 10);
    expect(cohensKappa(f.table)).toEqual({ value: expect.closeTo(0.4, 10), reason: null });
    expect(f.expected.kappa).toBe(0.4);
  });

  it("Krippendorff's canonical nominal example (4 coders, 12 units, missing values) gives α = 0.743", () => {
    const f = fixture<{
      data: (number | null)[][];
      expected: { pairableValues: number; alphaNominal: number };
    }>('krippendorff-2011-nominal.json');
    const o = coincidences(f.data);
    let n = 0;
    for (const row of o.values()) for (const w of row.values()) n += w;
    expect(n).toBeCloseTo(f.expected.pairableValues, 10);
    const alpha = krippendorffAlpha(f.data);
    // Krippendorff reports three decimals: 0.743 (exactly 1 − 39·Dₒ/Dₑ = 0.74342…).
    expect(alpha.value).toBeCloseTo(f.expected.alphaNominal, 3);
    expect(Number(alpha.value?.toFixed(3))).toBe(0.743);
  });
});

describe('undefined measures say why', () => {
  it('κ is undefined (not 0, not NaN) when both coders never or always apply the code', () => {
    expect(cohensKappa({ both: 0, onlyA: 0, onlyB: 0, neither: 12 })).toEqual({
      value: null,
      reason: 'never',
    });
    expect(cohensKappa({ both: 7, onlyA: 0, onlyB: 0, neither: 0 })).toEqual({
      value: null,
      reason: 'always',
    });
    expect(cohensKappa({ both: 0, onlyA: 0, onlyB: 0, neither: 0 })).toEqual({
      value: null,
      reason: 'no-units',
    });
  });

  it('κ is defined, and 0 or below, when the coders disagree completely', () => {
    // A always, B never: pₒ = 0, pₑ = 1·0 + 0·1 = 0 → κ = 0.
    expect(cohensKappa({ both: 0, onlyA: 10, onlyB: 0, neither: 0 }).value).toBe(0);
    // Half and half, never together: pₒ = 0, pₑ = .5·.5 + .5·.5 = .5 → κ = −1.
    expect(cohensKappa({ both: 0, onlyA: 5, onlyB: 5, neither: 0 }).value).toBe(-1);
  });

  it('α is undefined without variation or without pairable values', () => {
    expect(
      krippendorffAlpha([
        [1, 1, 1],
        [1, 1, null],
      ]).reason,
    ).toBe('no-variation');
    expect(
      krippendorffAlpha([
        [1, null],
        [null, 2],
      ]).reason,
    ).toBe('no-units');
  });
});

describe('pooled κ (De Vries et al. 2008)', () => {
  it('averages pₒ and pₑ over the codes before taking κ', () => {
    // X: pₒ .7, pₑ .62; Y: pₒ .9, pₑ .62 → (.8 − .62)/(1 − .62) = .18/.38 = .473684…
    const x = { both: 10, onlyA: 20, onlyB: 10, neither: 60 };
    const y = { both: 20, onlyA: 0, onlyB: 10, neither: 70 };
    expect(pooledKappa([x, y]).value).toBeCloseTo(0.18 / 0.38, 12);
    // Not the κ of the summed table (both 30, A 20, B 20, neither 130: pₒ .8, pₑ .25·.25 +
    // .75·.75 = .625 → .175/.375 = .4667).
    expect(pooledKappa([x, y]).value).not.toBeCloseTo(0.175 / 0.375, 3);
    expect(pooledKappa([{ both: 0, onlyA: 0, onlyB: 0, neither: 4 }]).reason).toBe('never');
    expect(pooledKappa([]).reason).toBe('no-codes');
  });
});

describe('binary patterns', () => {
  it('give the α of the general coincidence matrix, missing values included', () => {
    // Three coders, three blocks: (1,1,1), (1,0,1), (0,0,1); and a fourth block only A coded.
    const data = [
      [1, 1, 0, 1],
      [1, 0, 0, null],
      [1, 1, 1, null],
    ];
    const p = new BinaryPatterns();
    p.add(3, 3);
    p.add(3, 2);
    p.add(3, 1);
    p.add(1, 1); // one value: not pairable
    // By hand: o11 = 3 + 1 = 4, o00 = 0 + 1 = 1, o01 = o10 = 1 + 1 = 2; n1 = 6, n0 = 3, n = 9;
    // α = 1 − (n − 1)·o01 / (n0·n1) = 1 − 8·2/18 = 1/9.
    expect(p.alpha().value).toBeCloseTo(1 / 9, 12);
    expect(krippendorffAlpha(data).value).toBeCloseTo(1 / 9, 12);
    // Agreeing pairs per block: 3/3, 1/3, 1/3 → mean 5/9.
    expect(p.percent()).toBeCloseTo((5 / 9) * 100, 10);
    expect(p.units()).toBe(3);
  });
});

describe('intervals', () => {
  it('merges, measures and intersects character ranges', () => {
    const a = mergeIntervals([
      [50, 60],
      [0, 20],
      [15, 18],
      [20, 25],
      [30, 30],
    ]);
    expect(a).toEqual([
      [0, 25],
      [50, 60],
    ]);
    expect(coveredLength(a)).toBe(35);
    expect(overlapLength(a, [[10, 55]])).toBe(15 + 5);
    expect(touches(a, 25, 50)).toBe(false);
    expect(touches(a, 24, 26)).toBe(true);
    expect(touches(a, 59, 80)).toBe(true);
    expect(overlapShare([0, 20], [10, 30])).toBeCloseTo(10 / 30, 12);
    expect(overlapShare([0, 10], [20, 30])).toBe(0);
    const pieces: [number, number][] = [];
    sweepCoverage([[[0, 20]], [[10, 30]]], 40, (k, w) => pieces.push([k, w]));
    expect(pieces).toEqual([
      [1, 10],
      [2, 10],
      [1, 10],
      [0, 10],
    ]);
  });

  it('matches segments one to one, best overlap first', () => {
    const as = [
      { start: 0, end: 100 },
      { start: 200, end: 300 },
    ];
    const bs = [
      { start: 5, end: 100 }, // share .95 with as[0]
      { start: 0, end: 98 }, // share .98 with as[0]: wins
      { start: 210, end: 300 }, // share .90 with as[1]
    ];
    const units = matchSegments(as, bs, 0.9);
    expect(units.filter((u) => u.a && u.b).map((u) => [u.a?.start, u.b?.start])).toEqual([
      [0, 0],
      [200, 210],
    ]);
    expect(units.filter((u) => !u.a).map((u) => u.b?.start)).toEqual([5]);
  });
});

/**
 * A source of 100 characters in three blocks [0,40) [41,70) [71,100) (newlines at 40 and 70).
 *   A: X on [0,20) and [50,60); Y on [75,95)
 *   B: X on [10,30);            Y on [45,55) and [75,95)
 */
const source: UnitSource = {
  id: 's',
  length: 100,
  blocks: [
    [0, 40],
    [41, 70],
    [71, 100],
  ],
  coders: new Set(['A', 'B']),
};
const fact = (coderId: string, codeId: string, start: number, end: number): CodingFact => ({
  coderId,
  codeId,
  sourceId: 's',
  start,
  end,
});
const facts = [
  fact('A', 'X', 0, 20),
  fact('A', 'X', 50, 60),
  fact('A', 'Y', 75, 95),
  fact('B', 'X', 10, 30),
  fact('B', 'Y', 45, 55),
  fact('B', 'Y', 75, 95),
];
const tallies = (unit: 'char' | 'segment' | 'block', overlap = 0.9, coders = ['A', 'B']) =>
  tallyUnits({ unit, overlap, coders, codes: ['X', 'Y'] }, [source], facts).get('s') as Map<
    string,
    Tally
  >;

describe('units of a hand-built source, every figure computed by hand', () => {
  it('character level', () => {
    const t = tallies('char');
    const x = codeFigures(t.get('X') as Tally, 2);
    // X: A covers 30, B 20, both [10,20) = 10 → onlyA 20, onlyB 10, neither 100−30−20+10 = 60.
    expect(x.table).toEqual({ both: 10, onlyA: 20, onlyB: 10, neither: 60 });
    // pₒ = .7; A yes .3, B yes .2 → pₑ = .3·.2 + .7·.8 = .62; κ = .08/.38.
    expect(x.percent).toBeCloseTo(70, 10);
    expect(x.kappa).toBeCloseTo(0.08 / 0.38, 12);
    // α: o11 = 20, o00 = 120, o01 = 30; n1 = 50, n0 = 150, n = 200 → 1 − 199·30/7500 = .204.
    expect(x.alpha).toBeCloseTo(0.204, 12);
    expect(x.units).toBe(100);
    const y = codeFigures(t.get('Y') as Tally, 2);
    // Y: both 20, onlyB 10, neither 70; pₒ .9, pₑ .2·.3 + .8·.7 = .62 → κ = .28/.38.
    expect(y.table).toEqual({ both: 20, onlyA: 0, onlyB: 10, neither: 70 });
    expect(y.kappa).toBeCloseTo(0.28 / 0.38, 12);
    // α: o11 = 40, o00 = 140, o01 = 10 → 1 − 199·10/7500.
    expect(y.alpha).toBeCloseTo(1 - 1990 / 7500, 12);
    const pooled = pooledFigures([t.get('X') as Tally, t.get('Y') as Tally], 2);
    // Mean pₒ .8, mean pₑ .62 → .18/.38; α over (char, code) pairs: o11 60, o00 260, o01 40 →
    // 1 − 399·40/(300·100) = .468.
    expect(pooled.kappa).toBeCloseTo(0.18 / 0.38, 12);
    expect(pooled.alpha).toBeCloseTo(0.468, 12);
    expect(pooled.percent).toBeCloseTo(80, 10);
    expect(pooled.units).toBe(100);
  });

  it('block level', () => {
    const t = tallies('block');
    // X: block 1 both, block 2 only A, block 3 neither → pₒ 2/3, pₑ 2/3·1/3 + 1/3·2/3 = 4/9;
    // κ = (2/3 − 4/9)/(5/9) = .4.
    const x = codeFigures(t.get('X') as Tally, 2);
    expect(x.table).toEqual({ both: 1, onlyA: 1, onlyB: 0, neither: 1 });
    expect(x.kappa).toBeCloseTo(0.4, 12);
    // Y: block 3 both, block 2 only B, block 1 neither: the mirror image, κ = .4.
    const y = codeFigures(t.get('Y') as Tally, 2);
    expect(y.table).toEqual({ both: 1, onlyA: 0, onlyB: 1, neither: 1 });
    expect(y.kappa).toBeCloseTo(0.4, 12);
    // α for X: o11 2, o00 2, o01 1 → n1 3, n0 3, n 6 → 1 − 5·1/9 = 4/9.
    expect(x.alpha).toBeCloseTo(4 / 9, 12);
  });

  it('segment level, with the overlap threshold', () => {
    // At 90 %: only A[75,95) and B[75,95) match (share 1); [0,20)~[10,30) and [50,60)~[45,55)
    // share 1/3. Units: {Y|Y}, {X|−}, {X|−}, {−|X}, {−|Y}.
    const t = tallies('segment', 0.9);
    const x = codeFigures(t.get('X') as Tally, 2);
    expect(x.table).toEqual({ both: 0, onlyA: 2, onlyB: 1, neither: 2 });
    // pₒ .4; A yes .4, B yes .2 → pₑ .08 + .48 = .56; κ = −.16/.44.
    expect(x.kappa).toBeCloseTo(-0.16 / 0.44, 12);
    const y = codeFigures(t.get('Y') as Tally, 2);
    expect(y.table).toEqual({ both: 1, onlyA: 0, onlyB: 1, neither: 3 });
    // pₒ .8; A yes .2, B yes .4 → pₑ .08 + .48 = .56; κ = .24/.44.
    expect(y.kappa).toBeCloseTo(0.24 / 0.44, 12);
    expect(x.units).toBe(5);
    // At 30 % the two 1/3 overlaps match too: units {Y|Y}, {X|X}, {X|Y}.
    const loose = tallies('segment', 0.3);
    expect(codeFigures(loose.get('X') as Tally, 2).table).toEqual({
      both: 1,
      onlyA: 1,
      onlyB: 0,
      neither: 1,
    });
    expect(codeFigures(loose.get('Y') as Tally, 2).table).toEqual({
      both: 1,
      onlyA: 0,
      onlyB: 1,
      neither: 1,
    });
  });

  it('a coder who did not code the source has no values there (missing, not "never")', () => {
    // C is chosen but coded nothing in the source: κ is not defined for three coders; α over A
    // and B alone equals the two-coder α.
    const t = tallies('block', 0.9, ['A', 'B', 'C']);
    const x = codeFigures(t.get('X') as Tally, 3);
    expect(x.kappa).toBeNull();
    expect(x.kappaReason).toBe('not-two-coders');
    expect(x.alpha).toBeCloseTo(4 / 9, 12);
    expect(x.units).toBe(3);
  });
});
