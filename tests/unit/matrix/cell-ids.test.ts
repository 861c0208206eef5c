import { describe, expect, it } from 'vitest';
import { MatrixCell, matrixContract } from '../../../core/shared/contract/matrix.js';

/**
 * A cell's segment ids are checked all at once (CellSegmentIds) rather than one by one: they
 * must still be refused where Id refuses them, naming where they are.
 */
const cell = (segments: string[]) => ({ row: 'r', col: 'c', value: 1, raw: 1, segments });
const output = matrixContract['matrix.cell'].output;
const failures = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  r.success ? [] : (r.error?.issues ?? []).map((i) => i.path.join('.'));

describe("a matrix cell's segment ids", () => {
  it('are accepted from 1 to 200 characters', () => {
    const ids = ['a', 'x'.repeat(200)];
    expect(output.parse({ segmentIds: ids })).toEqual({ segmentIds: ids });
    expect(MatrixCell.parse(cell(ids))).toEqual(cell(ids));
  });

  it('are refused empty or longer than 200 characters, naming where', () => {
    const long = 'x'.repeat(201);
    expect(failures(output.safeParse({ segmentIds: ['a', '', 'b', long] }))).toEqual([
      'segmentIds.1',
      'segmentIds.3',
    ]);
    expect(failures(MatrixCell.safeParse(cell(['a', long])))).toEqual(['segments.1']);
    expect(failures(output.safeParse({ segmentIds: ['a', 3] }))).toEqual(['segmentIds.1']);
  });
});
