import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../../core/server/context.js';
import { Session } from '../../../core/server/session.js';
import { TABLES } from '../../../db/tables.js';
import { atFileEnd, callerFor, tempProject, withCoder, type TestProject } from '../helpers.js';

/** Every table's rows as the project holds them (a source's original file left aside). */
function snapshot(db: Database): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  // With the counts the triggers keep (migration 022): the past counts them afresh.
  const kept = ['source_segment_counts', 'code_source_counts', 'code_counts'];
  for (const table of [...Object.keys(TABLES), 'blocks', 'change_log', ...kept]) {
    const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
    out[table] = rows
      .map((row) => {
        // The real name is confidential: it is never in the change log, so never in the past.
        const { real_name: _r, ...rest } = row;
        return JSON.stringify(table === 'respondents' ? rest : row);
      })
      .sort();
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

async function script(p: TestProject) {
  const steps: { name: string; at: string; snap: Record<string, unknown[]> }[] = [];
  const step = async (name: string, fn: () => Promise<unknown>) => {
    await fn();
    steps.push({ name, at: new Date().toISOString(), snap: snapshot(p.db) });
    await sleep(15); // the next step happens at a later moment
  };
  const cases = await p.call('cases.list', {});
  const fv = cases.find((c) => c.key === 'foodvalley')!.id;
  const codes = await p.call('codes.tree', {});
  const code = (k: string) => codes.find((c) => c.key === k)!.id;
  const text =
    'Het Rijk sloot pas later aan.\nDe regio had de regie.\nWe hadden eerder moeten praten.';
  let sourceId = '';
  let seg = '';
  await step('import', async () => {
    const r = await p.call('import.file', {
      file: { fileName: 'fv-r1.txt', dataBase64: b64(text) },
      caseId: fv,
      documentType: 'interview-report',
      respondent: { pseudonym: 'FV-R1', role: 'rijksdealmaker', organisation: 'LNV' },
    });
    if (r.status !== 'imported') throw new Error(r.status);
    sourceId = r.source.id;
  });
  await step('code', async () => {
    seg = (
      await p.call('coding.apply', {
        sourceId,
        start: 0,
        end: 29,
        codeIds: [code('multi-level'), code('praktijk')],
        memo: 'Laat aangeschoven.',
      })
    ).id;
    await p.call('coding.apply', { sourceId, start: 30, end: 52, codeIds: [code('opgave-regio')] });
  });
  await step('recode', () =>
    p.call('segments.recode', {
      segmentId: seg,
      fromCodeId: code('praktijk'),
      toCodeId: code('factor'),
    }),
  );
  const mine = await p.call('codes.create', {
    label: { nl: 'Timing', en: 'Timing' },
    dimension: 'free',
    parentId: null,
  });
  await step('merge codes', async () => {
    await p.call('coding.apply', { segmentId: seg, codeIds: [mine.id] });
    await p.call('codes.merge', { fromId: mine.id, intoId: code('factor') });
  });
  const coordinate = { principle: code('multi-level'), case: fv, facet: code('factor') };
  await step('edit synthesis', async () => {
    await p.call('matrix.synthesis.save', {
      at: { coordinate },
      body: '',
      bodyText: 'Het Rijk schoof laat aan.',
    });
    await p.call('matrix.synthesis.cite', { at: { coordinate }, segmentId: seg });
    await p.call('matrix.synthesis.setStatus', { at: { coordinate }, status: 'agreed' });
  });
  await step('undo', () => p.call('history.undo', {}));
  await step('comment and review', async () => {
    const t = await p.call('comments.add', {
      target: { type: 'segment', id: seg },
      text: 'Klopt dit?',
    });
    await p.call('segments.review', { segmentId: seg, state: 'questioned', comment: 'Twijfel' });
    await p.call('comments.resolve', { threadId: t.id, resolved: true });
  });
  await step('validation', async () => {
    const r1 = (await p.call('respondents.list', {}))[0]!.id;
    await p.call('respondents.update', {
      id: r1,
      realName: 'Geheim',
      organisation: 'Ministerie van LNV',
    });
    const round = await p.call('validation.createRound', { caseId: fv, respondentIds: [r1] });
    await p.call('validation.answer', { roundId: round.id, respondentId: r1, status: 'approved' });
  });
  await step('new version, delete a code', async () => {
    await p.call('import.newVersion', {
      sourceId,
      file: { fileName: 'fv-r1-v2.txt', dataBase64: b64(`${text}\nNieuwe zin.`) },
    });
    await p.call('codes.delete', { id: code('opgave-regio') });
  });
  return steps;
}

describe('the project as it was at any moment', () => {
  it('rebuilds every table at each step of a scripted history exactly as it was then', async () => {
    const p = await tempProject({ file: true });
    await withCoder(p, 'Anna de Vries');
    const steps = await script(p);
    for (const s of steps) {
      await p.call('history.travel', { at: s.at });
      const session = await p.call('session.get', {});
      expect(session.asOf?.at, s.name).toBe(s.at);
      const past = snapshot(p.session.past!.db as unknown as Database);
      for (const table of Object.keys(s.snap))
        expect({ step: s.name, table, rows: past[table] }).toEqual({
          step: s.name,
          table,
          rows: s.snap[table],
        });
    }
    await p.call('history.present', {});
    expect((await p.call('session.get', {})).asOf).toBeNull();
  });

  it('is read-only: nothing can be changed in the past', async () => {
    const p = await tempProject({ file: true });
    await withCoder(p);
    const before = new Date().toISOString();
    await sleep(10);
    await p.call('cases.create', { label: { nl: 'Later', en: 'Later' } });
    await p.call('history.travel', { at: before });
    expect((await p.call('cases.list', {})).map((c) => c.key)).not.toContain('later');
    await expect(p.call('cases.create', { label: { nl: 'X', en: 'X' } })).rejects.toMatchObject({
      code: 'in_the_past',
      details: { at: expect.any(String) },
      message: expect.stringMatching(/looking at the project as it was on .*Return to the present/),
    });
    // Search has no index of the past: it says so instead of finding nothing.
    await expect(p.call('search.query', { query: 'later' })).rejects.toMatchObject({
      code: 'in_the_past',
      details: { what: 'search' },
      message: expect.stringMatching(/Search looks at the project as it is now/),
    });
    await p.call('history.present', {});
    expect((await p.call('cases.list', {})).map((c) => c.key)).toContain('later');
  });

  it('holds still while another program changes the project', async () => {
    const p = await tempProject({ file: true });
    await withCoder(p);
    await p.call('cases.create', { label: { nl: 'Eerder', en: 'Earlier' } });
    const then = new Date().toISOString();
    await sleep(10);
    // A later change in one table only: the cases table, unchanged since, is read in the file.
    await p.call('codes.create', {
      label: { nl: 'Later', en: 'Later' },
      dimension: 'free',
      parentId: null,
    });
    await p.call('history.travel', { at: then });
    const past = (await p.call('cases.list', {})).map((c) => c.label.nl).sort();
    expect(past).toContain('Eerder');

    // Another session (a second window, the CLI) writes to the project meanwhile.
    const other = new Session({ remember: false });
    atFileEnd(() => other.close());
    const call = callerFor(createContext(other));
    await call('project.open', { path: p.path });
    await call('cases.create', { label: { nl: 'Intussen', en: 'Meanwhile' } });

    expect((await p.call('cases.list', {})).map((c) => c.label.nl).sort()).toEqual(past);
    expect((await p.call('codes.tree', {})).map((c) => c.label.nl)).not.toContain('Later');
    await p.call('history.present', {});
    expect((await p.call('cases.list', {})).map((c) => c.label.nl)).toContain('Intussen');
  });

  it('compares a matrix then and now, and refuses a moment before the project existed', async () => {
    const p = await tempProject({ demo: true, file: true });
    const then = new Date().toISOString();
    await sleep(10);
    const source = (await p.call('sources.list', {}))[0]!;
    const codes = await p.call('codes.tree', {});
    await p.call('coding.apply', {
      sourceId: source.id,
      start: 0,
      end: 5,
      codeIds: [codes.find((c) => c.key === 'brede-welvaart')!.id],
    });
    const spec = { rows: { dim: 'principle' }, cols: { dim: 'case' } } as const;
    const cmp = await p.call('matrix.compare', { spec, then: { at: then } });
    const changed = cmp.cells.filter((c) => c.changed);
    expect(changed).toEqual([
      expect.objectContaining({
        row: codes.find((c) => c.key === 'brede-welvaart')!.id,
        col: source.caseId,
      }),
    ]);
    expect(changed[0]!.now).toBe(changed[0]!.then + 1);
    await expect(p.call('history.travel', { at: '2001-01-01' })).rejects.toThrow(
      /did not exist yet/,
    );
  });
});
