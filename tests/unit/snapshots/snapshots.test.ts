import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CasusError } from '../../../core/shared/errors.js';
import { codingProject } from '../coding/fixture.js';
import { tempDir, tempProject } from '../helpers.js';
import { dump, HOUR, openSession, testClock } from './fixture.js';

/** A Regio Deals project with a coder, a source and a coded segment, opened by a workbench. */
async function workbenchProject() {
  const { p, sourceId, byKey } = await codingProject({ file: true });
  await p.call('coding.apply', { sourceId, start: 0, end: 8, codeIds: [byKey('factor')] });
  p.session.close();
  const clock = testClock();
  const wb = await openSession(p.path, { auto: true, clock: clock.now });
  // The on-open snapshot is written in a worker thread: wait for it.
  await wb.session.keeper!.idle();
  return { ...wb, path: p.path, clock, byKey };
}

const snapshotFile = (folder: string, id: string) => join(folder, `${id}.casus`);

describe('automatic snapshots of the workbench', () => {
  it('takes a verified snapshot on open, listed with the counts of the project', async () => {
    const { call, path } = await workbenchProject();
    const { folder, snapshots } = await call('snapshots.list', {});
    expect(folder).toBe(path.replace(/\.casus$/, '.casus-snapshots'));
    expect(snapshots).toHaveLength(1);
    const [s] = snapshots;
    const info = await call('project.info', {});
    expect(s).toMatchObject({
      kind: 'open',
      reason: 'on open',
      status: 'ok',
      problem: null,
      takenAt: '2025-03-03T09:00:00.000Z',
      counts: {
        sources: info.counts.sources,
        codes: info.counts.codes,
        segments: 1,
        codings: 1,
        memos: info.counts.memos,
        syntheses: 0,
      },
      lastChange: { action: 'coding.apply', coder: 'Test Coder' },
    });
    expect(s!.id).toBe('2025-03-03T09-00-00-000Z_on-open');
    const file = snapshotFile(folder!, s!.id);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('application_id', { simple: true })).toBe(0x43415355);
    } finally {
      db.close();
    }
    // Its .json says why and which state it holds; no temporary file is left.
    const meta = JSON.parse(readFileSync(file.replace(/\.casus$/, '.json'), 'utf8')) as {
      reason: string;
      project: string;
    };
    expect(meta).toMatchObject({ reason: 'on open', project: path });
    expect(readdirSync(folder!).sort()).toEqual([`${s!.id}.casus`, `${s!.id}.json`]);
  });

  it('does not copy an unchanged project again when it is opened again', async () => {
    const { session, call, path, clock } = await workbenchProject();
    clock.advance(2 * HOUR);
    session.open(path);
    await session.keeper!.idle();
    expect((await call('snapshots.list', {})).snapshots).toHaveLength(1);
    await call('codes.create', { label: { nl: 'Nieuw', en: 'New' } });
    session.open(path);
    await session.keeper!.idle();
    const { snapshots } = await call('snapshots.list', {});
    expect(snapshots.map((s) => s.reason)).toEqual(['on open', 'on open']);
    expect(snapshots[0]!.counts!.codes).toBe(snapshots[1]!.counts!.codes + 1);
  });

  it('takes one every hour while the project changes, and none while it does not', async () => {
    const { session, call, clock } = await workbenchProject();
    const keeper = session.keeper!;
    clock.advance(HOUR - 1);
    await call('codes.create', { label: { nl: 'A', en: 'A' } });
    keeper.tick();
    await keeper.idle();
    expect((await call('snapshots.list', {})).snapshots).toHaveLength(1);
    clock.advance(1);
    keeper.tick();
    await keeper.idle();
    const after = (await call('snapshots.list', {})).snapshots;
    expect(after.map((s) => s.reason)).toEqual(['hourly', 'on open']);
    expect(after[0]!.takenAt).toBe('2025-03-03T10:00:00.000Z');
    // Unchanged for hours: nothing new.
    clock.advance(3 * HOUR);
    keeper.tick();
    await keeper.idle();
    expect((await call('snapshots.list', {})).snapshots).toHaveLength(2);
    expect(keeper.problem).toBeNull();
  });

  it('answers at once on open and writes the on-open snapshot meanwhile, of the state at open', async () => {
    const { p } = await codingProject({ file: true });
    const atOpen = dump(p.path);
    p.session.close();
    const clock = testClock();
    const wb = await openSession(p.path, { auto: true, clock: clock.now });
    const keeper = wb.session.keeper!;
    // Opened again while the first is written: its check follows, and finds nothing new.
    wb.session.open(p.path);
    await keeper.idle();
    expect((await wb.call('snapshots.list', {})).snapshots).toHaveLength(1);
    // Changed and opened again: open returns while the snapshot is still under way (it settles
    // on a message from the worker, which cannot arrive before this test yields).
    await wb.call('codes.create', { label: { nl: 'Nieuw', en: 'New' } });
    const changed = dump(p.path);
    clock.advance(HOUR);
    wb.session.open(p.path);
    let written = false;
    void keeper.idle().then(() => (written = true));
    await Promise.resolve();
    expect(written).toBe(false);
    await keeper.idle();
    expect(written).toBe(true);
    expect(keeper.problem).toBeNull();
    const { folder, snapshots } = await wb.call('snapshots.list', {});
    expect(snapshots.map((s) => [s.reason, s.status])).toEqual([
      ['on open', 'ok'],
      ['on open', 'ok'],
    ]);
    // Each holds exactly the project as it was opened, and passes the integrity check.
    const [newest, first] = snapshots.map((s) => snapshotFile(folder!, s.id));
    for (const [file, state] of [
      [newest!, changed],
      [first!, atOpen],
    ] as const) {
      const db = new Database(file, { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
      expect(dump(file)).toEqual(state);
    }
    expect(readdirSync(folder!).filter((n) => n.startsWith('.snapshot-'))).toEqual([]);
  });

  it('keeps a failed automatic snapshot as the problem the Restore view shows; nothing half-written remains', async () => {
    const { p } = await codingProject({ file: true });
    p.session.close();
    // Something that is not a folder where the snapshot folder should be.
    const folder = p.path.replace(/\.casus$/, '.casus-snapshots');
    writeFileSync(folder, 'in the way');
    const wb = await openSession(p.path, { auto: true });
    await wb.session.keeper!.idle();
    const listed = await wb.call('snapshots.list', {});
    expect(listed.problem).toMatch(/cannot write a snapshot in .*test\.casus-snapshots/);
    expect(readFileSync(folder, 'utf8')).toBe('in the way');
    expect(readdirSync(join(folder, '..')).sort()).toEqual(
      [basename(p.path), basename(folder)]
        .concat(readdirSync(join(folder, '..')).filter((n) => /\.casus-(wal|shm)$/.test(n)))
        .sort(),
    );
    // The workbench works on.
    await wb.call('codes.create', { label: { nl: 'Verder', en: 'Onwards' } });
  });

  it('shows a failed automatic snapshot only with its own project, not with the next one opened', async () => {
    const a = await codingProject({ file: true });
    a.p.session.close();
    const blocked = a.p.path.replace(/\.casus$/, '.casus-snapshots');
    writeFileSync(blocked, 'in the way');
    const b = await codingProject({ file: true });
    b.p.session.close();
    // B has its snapshot already; A's on-open snapshot fails, with B opened while it is under way.
    const wb = await openSession(b.p.path, { auto: true });
    const keeper = wb.session.keeper!;
    await keeper.idle();
    wb.session.open(a.p.path);
    wb.session.open(b.p.path);
    await keeper.idle();
    const listed = await wb.call('snapshots.list', {});
    expect(listed.problem).toBeNull();
    expect(listed.snapshots.map((s) => s.reason)).toEqual(['on open']);
    // Back to A: its snapshot still cannot be written, and that is what its Restore view says.
    wb.session.open(a.p.path);
    await keeper.idle();
    expect((await wb.call('snapshots.list', {})).problem).toMatch(
      /cannot write a snapshot in .*\.casus-snapshots/,
    );
  });

  it('closing the project while the snapshot is written leaves the project and the folder sound', async () => {
    const { p } = await codingProject({ file: true });
    const atOpen = dump(p.path);
    p.session.close();
    const wb = await openSession(p.path, { auto: true });
    const keeper = wb.session.keeper!;
    wb.session.close();
    await keeper.idle();
    expect(dump(p.path)).toEqual(atOpen);
    const folder = p.path.replace(/\.casus$/, '.casus-snapshots');
    // Written from its own connection, the snapshot completes, whole, or leaves nothing.
    for (const name of readdirSync(folder)) {
      expect(name).toMatch(/_on-open\.(casus|json)$/);
      if (name.endsWith('.casus')) expect(dump(join(folder, name))).toEqual(atOpen);
    }
  });

  it('a command-line session takes none on open', async () => {
    const p = await tempProject({ file: true });
    const folder = p.path.replace(/\.casus$/, '.casus-snapshots');
    p.session.open(p.path);
    expect(existsSync(folder)).toBe(false);
    expect((await p.call('snapshots.list', {})).snapshots).toEqual([]);
  });
});

describe('a snapshot before every destructive operation', () => {
  it('before codes.merge, holding the merged code as it was', async () => {
    const { call, byKey } = await workbenchProject();
    const from = byKey('factor');
    await call('codes.merge', { fromId: from, intoId: byKey('praktijk') });
    const { folder, snapshots } = await call('snapshots.list', {});
    expect(snapshots.map((s) => s.reason)).toEqual(['before codes.merge', 'on open']);
    const before = snapshots[0]!;
    expect(before.kind).toBe('before');
    expect(before.counts!.codes).toBe((await call('project.info', {})).counts.codes + 1);
    const rows = dump(snapshotFile(folder!, before.id));
    expect(rows.codes!.some((c) => c.id === from)).toBe(true);
  });

  it('before codes.delete, and none when the delete is refused', async () => {
    const { call, byKey } = await workbenchProject();
    await expect(call('codes.delete', { id: 'no-such-code' })).rejects.toThrow(/No code/);
    await expect(
      call('codes.merge', { fromId: byKey('factor'), intoId: byKey('factor') }),
    ).rejects.toThrow(/into itself/);
    expect((await call('snapshots.list', {})).snapshots).toHaveLength(1);
    await call('codes.delete', { id: byKey('factor') });
    const { snapshots } = await call('snapshots.list', {});
    expect(snapshots[0]).toMatchObject({
      reason: 'before codes.delete',
      counts: { segments: 1, codings: 1 },
    });
    expect((await call('project.info', {})).counts).toMatchObject({ segments: 0, codings: 0 });
  });

  it('before a codebook is imported into the project, and none while it only asks', async () => {
    const p = await tempProject({ template: 'blank', file: true });
    const trust = await p.call('codes.create', {
      label: { nl: 'Vertrouwen', en: 'Trust' },
      color: '#112233',
    });
    const dir = tempDir();
    const qdc = (codes: string) =>
      `<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="test"><Codes>${codes}</Codes></CodeBook>`;
    const conflict = join(dir, 'conflict.qdc');
    writeFileSync(
      conflict,
      qdc(`<Code guid="${trust.id}" name="Vertrouwen" isCodable="true" color="#00FF00"/>`),
    );
    expect((await p.call('refi.importCodebook', { filePath: conflict })).applied).toBe(false);
    expect((await p.call('snapshots.list', {})).snapshots).toEqual([]);
    const added = join(dir, 'new.qdc');
    writeFileSync(
      added,
      qdc(`<Code guid="aaaaaaaa-0000-4000-8000-000000000001" name="Wantrouwen" isCodable="true"/>`),
    );
    expect((await p.call('refi.importCodebook', { filePath: added })).added).toBe(1);
    const { snapshots } = await p.call('snapshots.list', {});
    expect(snapshots).toMatchObject([
      { reason: 'before refi.importCodebook', counts: { codes: 1 }, status: 'ok' },
    ]);
  });

  it('refuses the operation, changing nothing, when the snapshot cannot be written', async () => {
    const { p, byKey } = await codingProject({ file: true });
    // Something that is not a folder where the snapshot folder should be.
    writeFileSync(p.path.replace(/\.casus$/, '.casus-snapshots'), 'in the way');
    const codes = (await p.call('project.info', {})).counts.codes;
    const error = await p.call('codes.delete', { id: byKey('factor') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CasusError);
    expect((error as Error).message).toMatch(
      /^codes\.delete was not done, nothing changed: the snapshot before it could not be written/,
    );
    expect((await p.call('project.info', {})).counts.codes).toBe(codes);
  });
});

describe('snapshots taken by hand', () => {
  it('takes one with a reason, named by time and reason', async () => {
    const { call, clock } = await workbenchProject();
    clock.advance(60_000);
    const s = await call('snapshots.take', { reason: 'Vóór de sessie met Anna' });
    expect(s).toMatchObject({
      id: '2025-03-03T09-01-00-000Z_manual-voor-de-sessie-met-anna',
      kind: 'manual',
      reason: 'Vóór de sessie met Anna',
      status: 'ok',
    });
    // Two at the same moment get different names.
    const again = await call('snapshots.take', {});
    expect(again.id).toBe('2025-03-03T09-01-00-000Z_manual');
    const third = await call('snapshots.take', {});
    expect(third.id).toBe('2025-03-03T09-01-00-000Z_manual_2');
  });

  it('has none for a project in memory', async () => {
    const p = await tempProject({ file: true });
    await p.call('project.create', { path: ':memory:', template: 'blank' });
    expect(await p.call('snapshots.list', {})).toMatchObject({ folder: null, snapshots: [] });
    await expect(p.call('snapshots.take', {})).rejects.toThrow(/not a file/);
  });

  it('go to the configured snapshotDir when the user set one', async () => {
    const config = tempDir('casus-config-');
    const place = tempDir('casus-place-');
    writeFileSync(join(config, 'config.json'), JSON.stringify({ snapshotDir: place }));
    const previous = process.env.CASUS_CONFIG_DIR;
    process.env.CASUS_CONFIG_DIR = config;
    try {
      const p = await tempProject({ file: true });
      const s = await p.call('snapshots.take', {});
      const { folder } = await p.call('snapshots.list', {});
      expect(folder).toMatch(new RegExp(`^${place}/test-[0-9a-f]{8}\\.casus-snapshots$`));
      expect(existsSync(snapshotFile(folder!, s.id))).toBe(true);
      expect(existsSync(p.path.replace(/\.casus$/, '.casus-snapshots'))).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.CASUS_CONFIG_DIR;
      else process.env.CASUS_CONFIG_DIR = previous;
    }
  });
});

describe('restoring a snapshot', () => {
  it('as a copy: a new project file equal to the snapshot; never over an existing file', async () => {
    const { call, byKey, path } = await workbenchProject();
    await call('codes.delete', { id: byKey('factor') });
    const { folder, snapshots } = await call('snapshots.list', {});
    const before = snapshots.find((s) => s.reason === 'before codes.delete')!;
    const r = await call('snapshots.restore', {
      id: before.id,
      mode: 'copy',
      name: 'hersteld',
    });
    const copy = join(path, '..', 'hersteld.casus');
    expect(r).toEqual({ mode: 'copy', path: copy, before: null });
    expect(dump(copy)).toEqual(dump(snapshotFile(folder!, before.id)));
    // The open project is as it was; the copy opens as a project of its own, the code in it.
    expect((await call('project.info', {})).counts.codings).toBe(0);
    const other = await openSession(copy);
    expect((await other.call('codes.tree', {})).some((c) => c.key === 'factor')).toBe(true);
    other.session.close();
    const error = await call('snapshots.restore', {
      id: before.id,
      mode: 'copy',
      outPath: copy,
    }).catch((e: unknown) => e);
    expect((error as CasusError).code).toBe('exists');
    expect((error as Error).message).toMatch(/hersteld\.casus already exists/);
    await expect(
      call('snapshots.restore', { id: before.id, mode: 'copy', name: basename(path) }),
    ).rejects.toThrow(/already exists/);
  });

  it('in place: the code is back, the state before is kept as a snapshot, all views re-read', async () => {
    const { ctx, call, byKey, path } = await workbenchProject();
    const factor = byKey('factor');
    await call('codes.delete', { id: factor });
    const deleted = dump(path);
    const target = (await call('snapshots.list', {})).snapshots.find(
      (s) => s.reason === 'before codes.delete',
    )!;
    const { dispatch } = await import('../../../core/server/dispatch.js');
    const { CLI_CALLER } = await import('../../../core/server/files/access.js');
    const envelope = await dispatch(
      'snapshots.restore',
      { id: target.id, mode: 'inPlace' },
      ctx,
      CLI_CALLER,
    );
    expect(envelope).toMatchObject({ ok: true, changed: ['*'] });
    const r = (envelope as { value: { path: string; before: { reason: string; id: string } } })
      .value;
    expect(r.path).toBe(path);
    expect(r.before.reason).toBe(`before restoring ${target.id}`);
    expect((await call('codes.tree', {})).some((c) => c.id === factor)).toBe(true);
    expect((await call('project.info', {})).counts).toMatchObject({ segments: 1, codings: 1 });
    // The state before the restore (the code deleted) is a snapshot of its own.
    const { folder } = await call('snapshots.list', {});
    const kept = dump(snapshotFile(folder!, r.before.id));
    expect(kept.codes).toEqual(deleted.codes);
    expect(kept.codings).toEqual([]);
    // The project works on: a write lands in the restored file.
    await call('codes.create', { label: { nl: 'Na herstel', en: 'After restore' } });
    expect(dump(path).codes!.some((c) => c.label_nl === 'Na herstel')).toBe(true);
  });

  it('in place is refused while another program has the project open; nothing changes', async () => {
    const { call, byKey, path } = await workbenchProject();
    await call('codes.delete', { id: byKey('factor') });
    const target = (await call('snapshots.list', {})).snapshots[0]!;
    const other = new Database(path, { readonly: true });
    try {
      other.prepare('SELECT count(*) FROM codes').get();
      const error = await call('snapshots.restore', { id: target.id, mode: 'inPlace' }).catch(
        (e: unknown) => e,
      );
      expect((error as CasusError).code).toBe('busy');
      expect((error as Error).message).toMatch(/open in another program/);
    } finally {
      other.close();
    }
    expect((await call('project.info', {})).counts.codings).toBe(0);
    await call('codes.create', { label: { nl: 'Nog open', en: 'Still open' } });
  });

  it('names a bad or unknown snapshot id', async () => {
    const { call } = await workbenchProject();
    await expect(
      call('snapshots.restore', { id: '../../etc/passwd', mode: 'inPlace' }),
    ).rejects.toThrow(/"\.\.\/\.\.\/etc\/passwd" is not a snapshot id/);
    const unknown = '2024-01-01T00-00-00-000Z_hourly';
    const error = await call('snapshots.restore', { id: unknown, mode: 'inPlace' }).catch(
      (e: unknown) => e,
    );
    expect((error as CasusError).code).toBe('not_found');
    expect((error as Error).message).toMatch(new RegExp(`No snapshot ${unknown} in `));
    await expect(call('snapshots.preview', { id: unknown })).rejects.toThrow(/No snapshot/);
    await expect(call('snapshots.restore', { id: unknown, mode: 'copy' } as never)).rejects.toThrow(
      /outPath/,
    );
  });

  it('lists a damaged snapshot as damaged and never restores it', async () => {
    const { call, path } = await workbenchProject();
    const { folder, snapshots } = await call('snapshots.list', {});
    const good = snapshots[0]!;
    const file = (id: string) => snapshotFile(folder!, id);
    const json = (id: string) => file(id).replace(/\.casus$/, '.json');
    const bytes = readFileSync(file(good.id));
    const scrambled = Buffer.from(bytes);
    scrambled.fill(0x5a, 4096, scrambled.length - 4096);
    // A copy cut off (a disk that failed, a sync that stopped half-way), with its .json…
    const cut = '2025-03-01T08-00-00-000Z_hourly';
    writeFileSync(file(cut), bytes.subarray(0, 8192));
    writeFileSync(json(cut), readFileSync(json(good.id)));
    // …one whose pages were overwritten in the middle, without its .json…
    const garbled = '2025-03-01T07-00-00-000Z_hourly';
    writeFileSync(file(garbled), scrambled);
    // …and the same with its .json: the listing trusts the counts in it after a quick look at
    // the file; the full check of a preview or a restore finds the damage.
    const hidden = '2025-03-01T06-00-00-000Z_hourly';
    writeFileSync(file(hidden), scrambled);
    writeFileSync(json(hidden), readFileSync(json(good.id)));

    const listed = (await call('snapshots.list', {})).snapshots;
    expect(listed.map((s) => [s.id, s.status])).toEqual([
      [good.id, 'ok'],
      [cut, 'damaged'],
      [garbled, 'damaged'],
      [hidden, 'ok'],
    ]);
    expect(listed[1]).toMatchObject({
      counts: null,
      problem: expect.stringMatching(/^damaged or incomplete \(8192 bytes; it was written with/),
    });
    expect(listed[2]!.problem).toMatch(/damaged|unreadable/);
    for (const id of [cut, garbled, hidden]) {
      const preview = await call('snapshots.preview', { id });
      expect(preview.status).toBe('damaged');
      const inPlace = await call('snapshots.restore', { id, mode: 'inPlace' }).catch(
        (e: unknown) => e,
      );
      expect((inPlace as Error).message).toMatch(
        new RegExp(`Snapshot ${id} is .*; it cannot be restored`),
      );
      await expect(
        call('snapshots.restore', { id, mode: 'copy', outPath: `${id}-copy` }),
      ).rejects.toThrow(/cannot be restored/);
      expect(existsSync(join(path, '..', `${id}-copy.casus`))).toBe(false);
    }
    expect((await call('project.info', {})).counts.codings).toBe(1);
  });

  it('previews a snapshot with its most recent actions', async () => {
    const { call, byKey } = await workbenchProject();
    await call('codes.delete', { id: byKey('praktijk') });
    const target = (await call('snapshots.list', {})).snapshots[0]!;
    const preview = await call('snapshots.preview', { id: target.id, changes: 3 });
    expect(preview.status).toBe('ok');
    expect(preview.recentChanges.map((c) => c.action)).toEqual([
      'coding.apply',
      'test.addSource',
      'coders.create',
    ]);
    expect(preview.recentChanges[0]).toMatchObject({
      coder: 'Test Coder',
      entities: { segments: 1, codings: 1 },
    });
  });

  it('refuses to open a snapshot file as a project (that would change it)', async () => {
    const { call } = await workbenchProject();
    const { folder, snapshots } = await call('snapshots.list', {});
    const other = await tempProject({ file: true });
    await expect(
      other.call('project.open', { path: snapshotFile(folder!, snapshots[0]!.id) }),
    ).rejects.toThrow(/is a snapshot in test\.casus-snapshots; opening it would change it/);
  });
});

describe('a snapshot while another process writes', () => {
  it('completes and holds a consistent state', async () => {
    const { spawn } = await import('node:child_process');
    const { addSource } = await import('../coding/fixture.js');
    const p = await tempProject({ file: true });
    addSource(p, 'De regio en het Rijk werkten samen aan een integrale aanpak. '.repeat(40));
    const root = join(import.meta.dirname, '..', '..', '..');
    const n = 300;
    const writer = new Promise<{ failures: string[] }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(root, 'tests/unit/concurrency/writer.ts'),
          p.path,
          String(n),
          'Ans',
        ],
        { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (code) =>
        code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`writer: ${code} ${err}`)),
      );
    });
    let done = false;
    void writer.finally(() => (done = true));
    // Once the other process writes, snapshots one after another for as long as it does.
    while (!done && (await p.call('project.info', {})).counts.segments === 0)
      await new Promise((r) => setTimeout(r, 20));
    const taken: string[] = [];
    while (!done) {
      taken.push((await p.call('snapshots.take', { reason: `during ${taken.length}` })).id);
      await new Promise((r) => setImmediate(r));
    }
    expect((await writer).failures).toEqual([]);
    const { folder, snapshots } = await p.call('snapshots.list', {});
    const held: number[] = [];
    for (const id of taken) {
      const s = snapshots.find((x) => x.id === id)!;
      expect(s.status).toBe('ok');
      const db = new Database(snapshotFile(folder!, id), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        // Every coding call is one transaction: a segment, its coding and its memo, or none.
        const q = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
        const segments = q('SELECT count(*) AS n FROM segments');
        expect(q("SELECT count(*) AS n FROM memos WHERE target_type = 'segment'")).toBe(segments);
        expect(q('SELECT count(*) AS n FROM codings')).toBe(segments);
        held.push(segments);
      } finally {
        db.close();
      }
    }
    // The test means something only if snapshots were taken in the middle of the writing.
    expect(held.some((k) => k > 0 && k < n)).toBe(true);
  }, 120_000);
});
