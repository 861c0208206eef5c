import { describe, expect, it } from 'vitest';
import { SegmentsResultSchema, type SegmentsResult } from '../../../core/shared/contract/search.js';

/**
 * The ids of a retrieval's answer are checked all at once (AnswerId in the contract) rather than
 * one by one: they must still be refused where Id refuses them, naming where they are.
 */
const code = (id: string, coderId: string | null) => ({
  id,
  key: null,
  label: { nl: 'Code', en: 'Code' },
  color: '#4477AA',
  dimension: 'principle' as const,
  coderId,
});
const segment = (id: string, codes = [code('code-1', 'coder-1')]) => ({
  id,
  sourceId: 'source-1',
  sourceTitle: 'Verslag',
  kind: 'document' as const,
  documentType: 'other',
  date: null,
  caseId: null,
  caseLabel: null,
  respondentPseudonym: null,
  respondentRole: null,
  start: 0,
  end: 5,
  text: 'tekst',
  before: '',
  after: '',
  codes,
  createdBy: null,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const answer = (segments: SegmentsResult['segments'], groupIds: string[] = []) => ({
  total: segments.length,
  truncated: false,
  segments,
  groups: [{ key: 'g', label: { nl: 'G', en: 'G' }, color: null, count: 1, segmentIds: groupIds }],
  perCase: [],
});

const failures = (value: unknown) => {
  const r = SegmentsResultSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('the ids of a retrieval answer', () => {
  it('are accepted from 1 to 200 characters, and null where an id may be left out', () => {
    const ok = answer([segment('a'), segment('x'.repeat(200), [code('c', null)])], ['a']);
    expect(failures(ok)).toEqual([]);
    expect(SegmentsResultSchema.parse(ok)).toEqual(ok);
  });

  it('are refused empty or longer than 200 characters, wherever they are', () => {
    const long = 'x'.repeat(201);
    expect(failures(answer([segment('')]))).toEqual(['segments.0.id']);
    expect(failures(answer([segment('a'), { ...segment('b'), sourceId: long }]))).toEqual([
      'segments.1.sourceId',
    ]);
    expect(failures(answer([{ ...segment('a'), caseId: '' }]))).toEqual(['segments.0.caseId']);
    expect(failures(answer([{ ...segment('a'), createdBy: long }]))).toEqual([
      'segments.0.createdBy',
    ]);
    expect(failures(answer([segment('a', [code('c', null), code(long, '')])]))).toEqual([
      'segments.0.codes.1.id',
      'segments.0.codes.1.coderId',
    ]);
    expect(failures(answer([segment('a')], ['a', '']))).toEqual(['groups.0.segmentIds.1']);
  });
});
