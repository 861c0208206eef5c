import { describe, expect, it } from 'vitest';
import type { SourceSummary } from '../../../core/shared/contract/schemas.js';
import { groupSources } from '../../../renderer/src/shell/sourceGroups.js';

const source = (
  n: number,
  caseId: string | null,
  more: Partial<SourceSummary> = {},
): SourceSummary => ({
  id: `s${n}`,
  caseId,
  title: `Source ${n}`,
  kind: 'document',
  documentType: 'progress-report',
  date: null,
  respondentId: null,
  respondentPseudonym: null,
  respondentRole: null,
  validation: null,
  originalName: `s${n}.txt`,
  characters: 10,
  segmentCount: 0,
  createdAt: `2026-01-01T00:00:${String(n % 60).padStart(2, '0')}Z`,
  previousVersionId: null,
  replacedById: null,
  ...more,
});

const ids = (chunks: SourceSummary[][]) => chunks.flat().map((s) => s.id);

describe('the sidebar groups sources by case, in chunks', () => {
  it('lists every source of a case once, in list order, in chunks of at most the size', () => {
    // 2,500 sources over two cases, interleaved as the list comes.
    const list = Array.from({ length: 2500 }, (_, i) => source(i, i % 2 ? 'b' : 'a'));
    const groups = groupSources(
      [
        { id: 'a', label: 'A' },
        { id: 'b', label: 'B' },
      ],
      list,
      'No case',
      100,
    );
    expect(groups.map((g) => [g.id, g.count])).toEqual([
      ['a', 1250],
      ['b', 1250],
    ]);
    const a = groups[0]!;
    expect(a.chunks.map((c) => c.length)).toEqual([...Array(12).fill(100), 50]);
    expect(ids(a.chunks)).toEqual(list.filter((s) => s.caseId === 'a').map((s) => s.id));
  });

  it('puts sources without a case last, under their own heading, and only when there are any', () => {
    const cases = [{ id: 'a', label: 'A' }];
    expect(groupSources(cases, [source(1, 'a')], 'No case').map((g) => g.id)).toEqual(['a']);
    const groups = groupSources(cases, [source(1, null), source(2, 'a')], 'No case');
    expect(groups.map((g) => [g.id, g.label, ids(g.chunks)])).toEqual([
      ['a', 'A', ['s2']],
      ['', 'No case', ['s1']],
    ]);
    // A case without sources is still listed (it says it is empty).
    expect(groupSources([...cases, { id: 'c', label: 'C' }], [], 'x')[1]).toMatchObject({
      id: 'c',
      count: 0,
      chunks: [],
    });
  });

  it('keeps the versions of a source together where the first stands, newest first, across chunks', () => {
    const list = [
      ...Array.from({ length: 5 }, (_, i) => source(i, 'a')),
      source(50, 'a', { previousVersionId: 's1' }),
      source(51, 'a', { previousVersionId: 's50' }),
    ];
    const groups = groupSources([{ id: 'a', label: 'A' }], list, 'x', 3);
    expect(groups[0]!.chunks.map((c) => c.map((s) => s.id))).toEqual([
      ['s0', 's51', 's50'],
      ['s1', 's2', 's3'],
      ['s4'],
    ]);
  });
});
