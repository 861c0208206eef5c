import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFilters } from '../../../cli/commands/matrix.js';
import { closeParseWorkers } from '../../../core/server/import/worker.js';
import { scopeLine } from '../../../core/server/matrix/export-scope.js';
import { MatrixSpec } from '../../../core/shared/contract/matrix.js';
import { tempProject, withCoder, type TestProject } from '../helpers.js';

afterAll(() => closeParseWorkers());

const vtt = readFileSync(
  new URL('../../../fixtures/transcripts/interview-voices.vtt', import.meta.url),
);

let p: TestProject;
let caseId: string;
let codeId: string;
let dimension: string;

beforeAll(async () => {
  p = await tempProject();
  await withCoder(p);
  caseId = (await p.call('cases.create', { label: { nl: 'Twente', en: 'Twente' } })).id;
  const r = await p.call('transcripts.import', {
    file: { fileName: 'gesprek.vtt', dataBase64: vtt.toString('base64') },
    caseId,
    speakers: [
      { name: 'Anneke Jansen', as: 'interviewer' },
      {
        name: 'Jürgen Müller-Öztürk',
        as: 'respondent',
        respondent: { pseudonym: 'TW-R1', role: 'programmaleiding' },
      },
    ],
  });
  if (r.status !== 'imported') throw new Error(r.status);
  const code = (await p.call('codes.tree', {})).find((c) => c.key === 'brede-welvaart')!;
  codeId = code.id;
  dimension = code.dimension;
  // The same code on the questions and on the answers: 3 turns each.
  for (const speaker of ['I', 'R'])
    await p.call('transcripts.codeSpeaker', { sourceId: r.source.id, speaker, codeIds: [codeId] });
});

const count = async (speakerRoles?: ('interviewer' | 'respondent' | 'other')[]) => {
  const grid = await p.call('matrix.compute', {
    rows: { dim: 'case' },
    cols: { dim: dimension as 'principle' },
    filter: speakerRoles ? { speakerRoles } : {},
    includeSegments: false,
  });
  return grid.cells.find((c) => c.row === caseId && c.col === codeId)?.raw ?? 0;
};

describe('the matrix filter "respondents\' words only"', () => {
  it('counts only the segments in the respondent’s turns, as retrieval does', async () => {
    expect(await count()).toBe(6);
    expect(await count(['respondent'])).toBe(3);
    expect(await count(['interviewer'])).toBe(3);
    expect(await count(['other'])).toBe(0);
    const retrieved = await p.call('segments.query', {
      anyCodes: [codeId],
      speakerRoles: ['respondent'],
    });
    expect(retrieved.total).toBe(3);
  });

  it('drills down to the same segments', async () => {
    const spec = {
      rows: { dim: 'case' as const },
      cols: { dim: dimension as 'principle' },
      filter: { speakerRoles: ['respondent' as const] },
    };
    const cell = await p.call('matrix.cell', { spec, row: caseId, col: codeId });
    const texts = (
      await p.call('matrix.cellSegments', { spec, row: caseId, col: codeId })
    ).segments.map((s) => s.text);
    expect(cell.segmentIds).toHaveLength(3);
    expect(texts.every((t) => !t.includes('Welkom'))).toBe(true);
  });

  it('is named in a matrix file’s scope line and on the command line', async () => {
    const spec = MatrixSpec.parse({
      rows: { dim: 'case' },
      cols: { dim: dimension },
      filter: parseFilters(['speaker=respondent']),
    });
    expect(spec.filter).toEqual({ speakerRoles: ['respondent'] });
    expect(scopeLine(p.ctx.read(), spec, 'en')).toContain("Filter: respondents' words only");
    expect(scopeLine(p.ctx.read(), spec, 'nl')).toContain('alleen woorden van respondenten');
    expect(() => parseFilters(['speaker=boss'])).toThrow(/interviewer, respondent or other/);
  });
});
