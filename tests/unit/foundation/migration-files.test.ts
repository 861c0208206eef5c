import Database from 'better-sqlite3';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../../db/migrations/index.js';
import { callerFor, tempDir } from '../helpers.js';
import { createContext } from '../../../core/server/context.js';
import { Session } from '../../../core/server/session.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'migrations');

/** A copy of a fixture project opened as a user would: the open migrates it. */
function openCopy(file: string) {
  const dir = tempDir();
  const path = join(dir, file);
  copyFileSync(join(FIXTURES, file), path);
  const session = new Session({ remember: false });
  const ctx = createContext(session);
  const call = callerFor(ctx);
  return { dir, path, session, call };
}

describe('a project of schema 8 (Casus at 50adf83) opened by this version', () => {
  it('keeps a snapshot of the file as it was, then migrates to the latest schema', async () => {
    const { dir, path, session, call } = openCopy('v8-regio-deals.casus');
    await call('project.open', { path });
    expect(session.db?.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    // The copy lies in the project's snapshot folder, listed with its reason and counts.
    const { folder, snapshots } = await call('snapshots.list', {});
    expect(folder).toBe(join(dir, 'v8-regio-deals.casus-snapshots'));
    expect(snapshots).toMatchObject([
      {
        reason: `before migration to schema ${LATEST_VERSION}`,
        kind: 'before',
        status: 'ok',
        schema: 8,
        counts: { sources: 1, segments: 2, codings: 5, syntheses: 2 },
      },
    ]);
    expect(existsSync(`${path}.v8.bak`)).toBe(false);
    const backup = join(folder!, `${snapshots[0]!.id}.casus`);
    const old = new Database(backup, { readonly: true });
    try {
      expect(old.pragma('user_version', { simple: true })).toBe(8);
      expect(old.prepare('SELECT count(*) AS n FROM synthesis_cells').get()).toEqual({ n: 2 });
    } finally {
      old.close();
    }
    const info = await call('project.info', {});
    expect(info.counts).toMatchObject({ sources: 1, segments: 2, codings: 5, memos: 2, coders: 1 });
    // Migration 011: every coding names its segment by seq too, the same segment as by id.
    const keys = session
      .db!.prepare(
        `SELECT count(*) AS n FROM codings k JOIN segments g ON g.id = k.segment_id
         WHERE g.seq = k.segment_seq`,
      )
      .get();
    expect(keys).toEqual({ n: 5 });
    session.close();
  });

  it('gives the synthesis its coordinate, with its text, references, status and history', async () => {
    const { path, session, call } = openCopy('v8-regio-deals.casus');
    await call('project.open', { path });
    const codes = await call('codes.tree', {});
    const key = (k: string) => codes.find((c) => c.key === k)?.id ?? '';
    const cases = await call('cases.list', {});
    const fv = cases.find((c) => c.key === 'foodvalley')?.id ?? '';
    const view = {
      rows: { dim: 'principle', split: 'category' },
      cols: { dim: 'case' },
    } as const;
    const at = { spec: view, row: `${key('multi-level')}:${key('politiek-bestuurlijk')}`, col: fv };
    const cell = await call('matrix.synthesis.get', { at });
    expect(cell.coordinate).toEqual({
      principle: key('multi-level'),
      category: key('politiek-bestuurlijk'),
      case: fv,
    });
    expect(cell).toMatchObject({
      bodyText: 'Het Rijk schoof pas laat aan; de regio had de regie.',
      status: 'agreed',
      statusBy: 'Anna de Vries',
    });
    expect(cell.refs.map((r) => [r.quote, r.respondent, r.deleted])).toEqual([
      ['Het Rijk sloot pas later aan bij de deal.', 'FV-R1', false],
    ]);
    const history = await call('matrix.synthesis.history', { at });
    expect(history.map((h) => h.action)).toEqual([
      'matrix.synthesis.setStatus',
      'matrix.synthesis.cite',
      'matrix.synthesis.save',
    ]);
    // Still a cell one can write in, in any view that resolves to it.
    const written = await call('matrix.synthesis.save', {
      at: { coordinate: cell.coordinate },
      body: '',
      bodyText: 'Aangevuld na de migratie.',
    });
    expect(written.id).toBe(cell.id);
    session.close();
  });

  it('can be seen as it was from the upgrade on: a baseline of every row starts its history', async () => {
    const { path, session, call } = openCopy('v8-regio-deals.casus');
    await call('project.open', { path });
    const now = {
      codes: (await call('codes.tree', {})).length,
      segments: (await call('segments.query', {})).total,
      syntheses: (await call('matrix.synthesis.list', {})).length,
    };
    const before = new Date(Date.now() - 86_400_000).toISOString();
    // Before the upgrade the log was not complete: travelling there is refused, saying why.
    await expect(call('history.travel', { at: before })).rejects.toThrow();
    await call('matrix.synthesis.save', {
      at: { coordinate: (await call('matrix.synthesis.list', {}))[0]!.coordinate },
      body: '',
      bodyText: 'Na de upgrade.',
    });
    // The moment of the upgrade, rebuilt from the log, is the project as it was opened.
    const floor = session
      .db!.prepare("SELECT min(at) AS at FROM change_log WHERE action = 'baseline'")
      .get() as { at: string };
    await call('history.travel', { at: floor.at });
    expect({
      codes: (await call('codes.tree', {})).length,
      segments: (await call('segments.query', {})).total,
      syntheses: (await call('matrix.synthesis.list', {})).length,
    }).toEqual(now);
    expect((await call('matrix.synthesis.list', {}))[0]?.bodyText).not.toBe('Na de upgrade.');
    await call('history.present', {});
    expect((await call('matrix.synthesis.list', {}))[0]?.bodyText).toBe('Na de upgrade.');
    session.close();
  });

  it('keeps a synthesis written under a coder column aside, whole, with the reason', async () => {
    const { path, session, call } = openCopy('v8-regio-deals.casus');
    await call('project.open', { path });
    expect(await call('matrix.synthesis.list', {})).toHaveLength(1);
    const kept = session
      .db!.prepare('SELECT body_text, reason FROM synthesis_cells_unmigrated')
      .all() as { body_text: string; reason: string }[];
    expect(kept).toEqual([
      {
        body_text: 'Per codeur geschreven.',
        reason: expect.stringMatching(/not a dimension of the study \(a coder/),
      },
    ]);
    session.close();
  });

  it('undoes a coding made after the upgrade, and never one made before it', async () => {
    const { path, session, call } = openCopy('v8-regio-deals.casus');
    await call('project.open', { path });
    // The old coder's actions have no session: nothing to undo in this one yet.
    expect(await call('history.state', {})).toMatchObject({ undoable: 0, redoable: 0 });
    const [source] = await call('sources.list', {});
    const codes = await call('codes.tree', {});
    await call('coding.apply', {
      sourceId: source!.id,
      start: 0,
      end: 7,
      codeIds: [codes.find((c) => c.key === 'praktijk')!.id],
    });
    expect(await call('history.state', {})).toMatchObject({ undoable: 1, redoable: 0 });
    await call('history.undo', {});
    expect((await call('project.info', {})).counts.segments).toBe(2);
    session.close();
  });
});
