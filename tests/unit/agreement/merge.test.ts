import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createContext } from '../../../core/server/context.js';
import { removeSource } from '../../../core/server/merge/apply.js';
import { Session } from '../../../core/server/session.js';
import { sourceRow } from '../../../db/repo/sources.js';
import { addSource } from '../coding/fixture.js';
import { callerFor, tempDir, tempProject, type TestProject } from '../helpers.js';
import { agreementProject, TEXT, type AgreementProject } from './fixture.js';

/**
 * Merging coders' copies: a copy of the hand-built project (same project UUID, shared history)
 * is changed on its own, then merged back.
 */
const dir = tempDir('casus-merge-test-');
let n = 0;

/** A copy of a project's file, opened in its own session (a coder's laptop). */
function copyOf(p: TestProject): TestProject {
  const path = join(dir, `copy-${++n}.casus`);
  p.db.exec(`VACUUM INTO '${path}'`);
  const session = new Session({ remember: false });
  session.open(path);
  afterAll(() => session.close());
  const ctx = createContext(session);
  return {
    session,
    ctx,
    path,
    call: callerFor(ctx),
    get db() {
      if (!session.db) throw new Error('closed');
      return session.db;
    },
  };
}

const label2 = (codes: { id: string; label: { nl: string } }[], id: string) =>
  codes.find((c) => c.id === id)?.label.nl;
const logSize = (p: TestProject) =>
  (p.db.prepare('SELECT count(*) AS n FROM change_log').get() as { n: number }).n;
const count = (p: TestProject, table: string) =>
  (p.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
/** The reasons of the project's snapshots, newest first. */
const snapshotReasons = async (p: TestProject) =>
  (await p.call('snapshots.list', {})).snapshots.map((s) => s.reason);

let t: AgreementProject;
beforeEach(async () => {
  t = await agreementProject({ file: true });
});

describe('merging a copy of the same project', () => {
  it('previews, merges in one group, and a second merge changes nothing', async () => {
    const copy = copyOf(t.p);
    // In the copy: Bart codes two more ranges, a new code and a memo, and a new source.
    await copy.call('session.setCoder', { coderId: t.b });
    await copy.call('coding.apply', { sourceId: t.sourceId, start: 41, end: 70, codeIds: [t.x] });
    const made = await copy.call('codes.create', {
      parentId: null,
      dimension: 'free',
      label: { nl: 'Vertrouwen', en: 'Trust' },
    });
    await copy.call('coding.apply', {
      sourceId: t.sourceId,
      start: 71,
      end: 100,
      codeIds: [made.id],
      memo: 'Vertrouwen groeide pas later.',
    });
    const extra = addSource(copy, 'Een verslag dat alleen in de kopie staat.', 'Interview 2');
    await copy.call('coding.apply', { sourceId: extra, start: 4, end: 11, codeIds: [t.y] });
    // The same coder, code and range as here already (a new segment in the copy): one coding.
    await copy.call('coding.apply', { sourceId: t.sourceId, start: 10, end: 30, codeIds: [t.x] });

    const preview = await t.p.call('merge.preview', { filePath: copy.path });
    expect(preview.sameProject).toBe(true);
    expect(preview.confirm).toBeNull();
    expect(preview.conflicts).toEqual([]);
    expect(preview.counts.sources).toMatchObject({ added: 1, matchedById: 1, matchedByText: 0 });
    expect(preview.newSources.map((s) => s.title)).toEqual(['Interview 2']);
    expect(preview.newCodes.map((c) => c.label.nl)).toEqual(['Vertrouwen']);
    expect(preview.counts.codings).toMatchObject({ added: 3, matched: 6 });
    expect(preview.codingsByCoder).toEqual([{ coderId: t.b, name: 'Bart Bos', added: 3 }]);
    expect(preview.counts.memos.added).toBe(1);
    // Writes nothing.
    const before = logSize(t.p);
    expect(count(t.p, 'codings')).toBe(6);

    const merged = await t.p.call('merge.apply', { filePath: copy.path });
    expect(merged.mergeId).not.toBeNull();
    expect(count(t.p, 'codings')).toBe(9);
    expect(count(t.p, 'sources')).toBe(2);
    const groups = t.p.db
      .prepare('SELECT DISTINCT group_id, action FROM change_log WHERE seq > ?')
      .all(before) as { action: string }[];
    expect(groups.map((g) => g.action)).toEqual(['merge.apply']);
    const text = await t.p.call('sources.get', { id: extra });
    expect(text.text).toBe('Een verslag dat alleen in de kopie staat.');
    expect((await t.p.call('search.query', { query: 'kopie' })).hits).toHaveLength(1);

    // Twice: nothing changes, nothing is written.
    const size = logSize(t.p);
    const again = await t.p.call('merge.apply', { filePath: copy.path });
    expect(again.nothingToDo).toBe(true);
    expect(again.mergeId).toBeNull();
    expect(again.counts.codings).toMatchObject({ added: 0, matched: 9 });
    expect(logSize(t.p)).toBe(size);
    expect((await t.p.call('merge.list', {})).map((m) => m.fileName)).toEqual([
      copy.path.split('/').pop(),
    ]);
  });

  it('passages coded in both copies since the copy was made each keep their own segment', async () => {
    const copy = copyOf(t.p);
    // Both make a new segment, which gets the same integer key (seq) in each file.
    await t.p.call('session.setCoder', { coderId: t.a });
    await t.p.call('coding.apply', { sourceId: t.sourceId, start: 62, end: 68, codeIds: [t.y] });
    await copy.call('session.setCoder', { coderId: t.b });
    await copy.call('coding.apply', { sourceId: t.sourceId, start: 71, end: 80, codeIds: [t.y] });
    const merged = await t.p.call('merge.apply', { filePath: copy.path });
    expect(merged.counts.codings).toMatchObject({ added: 1 });
    // Every coding names its segment by id and by seq alike (the composite key holds them).
    const mismatched = t.p.db
      .prepare(
        'SELECT count(*) AS n FROM codings k JOIN segments g ON g.id = k.segment_id WHERE g.seq <> k.segment_seq',
      )
      .get() as { n: number };
    expect(mismatched.n).toBe(0);
    const y = await t.p.call('segments.query', { anyCodes: [t.y] });
    const spans = y.segments.map((g) => `${g.start}-${g.end}`);
    expect(spans).toContain('62-68');
    expect(spans).toContain('71-80');
  });

  it('what was deleted here after the copy was made stays deleted', async () => {
    const copy = copyOf(t.p);
    const segments = await t.p.call('segments.forSource', { sourceId: t.sourceId });
    const gone = segments.find((s) => s.start === 45 && s.end === 55);
    await t.p.call('coding.remove', { segmentId: gone?.id ?? '' });
    // The copy still has it, and adds one of its own.
    await copy.call('session.setCoder', { coderId: t.a });
    await copy.call('coding.apply', { sourceId: t.sourceId, start: 71, end: 80, codeIds: [t.y] });
    const merged = await t.p.call('merge.apply', { filePath: copy.path });
    // Matched: the five here, and the one deleted here since the copy was made (the copy did
    // not change it, so it is read from the shared history and stays as this copy has it).
    expect(merged.counts.codings).toMatchObject({ added: 1, matched: 6 });
    const after = await t.p.call('segments.forSource', { sourceId: t.sourceId });
    expect(after.map((s) => [s.start, s.end])).not.toContainEqual([45, 55]);
    expect(after.map((s) => [s.start, s.end])).toContainEqual([71, 80]);
  });

  it('a merge is undone as a whole, and refuses when later work depends on it', async () => {
    const copy = copyOf(t.p);
    await copy.call('session.setCoder', { coderId: t.b });
    const extra = addSource(copy, 'Nog een bron uit de kopie, met tekst.', 'Interview 3');
    await copy.call('coding.apply', { sourceId: extra, start: 0, end: 7, codeIds: [t.x] });
    const counts = () => ['sources', 'segments', 'codings', 'blocks'].map((x) => count(t.p, x));
    const start = counts();
    const merged = await t.p.call('merge.apply', { filePath: copy.path });
    expect(counts()).not.toEqual(start);
    // Only adds rows, all in the change log (the undo below takes them back): no snapshot.
    expect(await snapshotReasons(t.p)).toEqual([]);
    // Someone codes the merged source afterwards: undoing would take their coding too.
    await t.p.call('session.setCoder', { coderId: t.a });
    const seg = await t.p.call('coding.apply', {
      sourceId: extra,
      start: 8,
      end: 12,
      codeIds: [t.y],
    });
    await expect(t.p.call('merge.undo', { mergeId: merged.mergeId ?? '' })).rejects.toThrow(
      /Cannot undo the merge of copy-\d+\.casus: Anna Aerts added a segment to a merged source afterwards/,
    );
    await t.p.call('coding.remove', { segmentId: seg.id });
    const undone = await t.p.call('merge.undo', { mergeId: merged.mergeId ?? '' });
    expect(undone.reversed).toBeGreaterThan(3);
    // The undo deletes the merged source, whose text the change log does not keep: a snapshot
    // holds it.
    expect(await snapshotReasons(t.p)).toEqual(['before merge.undo']);
    expect(counts()).toEqual(start);
    expect(await t.p.call('merge.list', {})).toEqual([]);
    await expect(t.p.call('merge.undo', { mergeId: merged.mergeId ?? '' })).rejects.toThrow(
      /undone already/,
    );
    // And it can be merged again.
    expect((await t.p.call('merge.preview', { filePath: copy.path })).counts.sources.added).toBe(1);
  });

  it('conflicts are listed and resolved by choice, never silently', async () => {
    const copy = copyOf(t.p);
    const z = t.code('regionale-afbakening');
    const w = t.code('multi-level');
    // x: renamed differently in both → conflict. y: renamed in the copy only → taken.
    // z: renamed here only → kept.
    await t.p.call('codes.update', { id: t.x, label: { nl: 'Welvaart (hier)' } });
    await copy.call('codes.update', { id: t.x, label: { nl: 'Welvaart (kopie)' } });
    await copy.call('codes.update', { id: t.y, label: { nl: 'Opgave (kopie)' } });
    await t.p.call('codes.update', { id: z, label: { nl: 'Afbakening (hier)' } });
    // A synthesis written in both.
    const at = { at: { coordinate: { principle: w } } };
    await t.p.call('matrix.synthesis.save', { ...at, body: '', bodyText: 'Hier geschreven.' });
    await copy.call('matrix.synthesis.save', { ...at, body: '', bodyText: 'In de kopie.' });

    const preview = await t.p.call('merge.preview', { filePath: copy.path });
    expect(preview.conflicts.map((c) => [c.kind, c.ours, c.theirs])).toEqual([
      [
        'code',
        'Welvaart (hier) / Broad well-being is central',
        'Welvaart (kopie) / Broad well-being is central',
      ],
      ['synthesis', 'Hier geschreven.', 'In de kopie.'],
    ]);
    // The synthesis is named by its cell's code label, not by ids.
    const wLabel = (await t.p.call('codes.tree', {})).find((c) => c.id === w)?.label.nl;
    expect(preview.conflicts[1]?.what).toBe(wLabel);
    const codeConflict = preview.conflicts[0]?.id ?? '';
    const cellConflict = preview.conflicts[1]?.id ?? '';
    await expect(t.p.call('merge.apply', { filePath: copy.path })).rejects.toThrow(
      /2 conflict\(s\) need a choice before merging/,
    );
    await expect(
      t.p.call('merge.apply', {
        filePath: copy.path,
        resolutions: { [codeConflict]: 'mine' },
      }),
    ).rejects.toThrow(/"mine" is not a choice/);
    await t.p.call('merge.apply', {
      filePath: copy.path,
      resolutions: { [codeConflict]: 'theirs', [cellConflict]: 'ours' },
    });
    const codes = await t.p.call('codes.tree', {});
    const label = (id: string) => codes.find((c) => c.id === id)?.label.nl;
    expect(label(t.x)).toBe('Welvaart (kopie)');
    expect(label(t.y)).toBe('Opgave (kopie)');
    expect(label(z)).toBe('Afbakening (hier)');
    const cell = await t.p.call('matrix.synthesis.get', at);
    expect(cell.bodyText).toBe('Hier geschreven.');
    // Again: what was decided is not asked again.
    const again = await t.p.call('merge.preview', { filePath: copy.path });
    expect(again.conflicts).toEqual([]);
    expect(again.nothingToDo).toBe(true);
    // The copy renames x once more: since the merge took their name, only they changed it → taken.
    await copy.call('codes.update', { id: t.x, label: { nl: 'Welvaart (kopie, later)' } });
    // And edits the synthesis again, whose version here was kept against theirs: both sides
    // differ from what each had at the merge, so that is asked again (as git's merge base would).
    await copy.call('matrix.synthesis.save', { ...at, body: '', bodyText: 'In de kopie, later.' });
    const third = await t.p.call('merge.preview', { filePath: copy.path });
    expect(third.conflicts.map((c) => c.kind)).toEqual(['synthesis']);
    await t.p.call('merge.apply', { filePath: copy.path, prefer: 'theirs' });
    expect(label2(await t.p.call('codes.tree', {}), t.x)).toBe('Welvaart (kopie, later)');
    expect((await t.p.call('matrix.synthesis.get', at)).bodyText).toBe('In de kopie, later.');
  });

  it('a source deleted in one copy is a conflict: keep it, or delete it here too', async () => {
    const copy = copyOf(t.p);
    copy.ctx.action('sources.delete', (w) => {
      const row = sourceRow(w, t.sourceId);
      if (row) removeSource(w, row);
    });
    const preview = await t.p.call('merge.preview', { filePath: copy.path });
    expect(preview.conflicts.map((c) => [c.kind, c.what, c.choices])).toEqual([
      ['source-deleted-there', 'Interview 1', ['keep', 'delete']],
    ]);
    const id = preview.conflicts[0]?.id ?? '';
    await t.p.call('merge.apply', { filePath: copy.path, resolutions: { [id]: 'keep' } });
    expect(count(t.p, 'sources')).toBe(1);
    expect((await t.p.call('merge.preview', { filePath: copy.path })).conflicts).toEqual([]);

    // The other way round: deleted here, still in the copy.
    const other = await agreementProject({ file: true });
    const copy2 = copyOf(other.p);
    other.p.ctx.action('sources.delete', (w) => {
      const row = sourceRow(w, other.sourceId);
      if (row) removeSource(w, row);
    });
    const p2 = await other.p.call('merge.preview', { filePath: copy2.path });
    expect(p2.conflicts.map((c) => [c.kind, c.choices])).toEqual([
      ['source-deleted-here', ['skip', 'restore']],
    ]);
    await other.p.call('merge.apply', { filePath: copy2.path, prefer: 'theirs' });
    expect(count(other.p, 'sources')).toBe(1);
    // Restored with its codings.
    expect(count(other.p, 'codings')).toBe(6);

    // Deleted there, and by choice here too: with its codings, logged; such a merge cannot be
    // undone (the change log does not keep a source's text).
    const third = await agreementProject({ file: true });
    const copy3 = copyOf(third.p);
    copy3.ctx.action('sources.delete', (w) => {
      const row = sourceRow(w, third.sourceId);
      if (row) removeSource(w, row);
    });
    const merged = await third.p.call('merge.apply', { filePath: copy3.path, prefer: 'theirs' });
    expect(merged.counts.sources.deleted).toBe(1);
    expect(['sources', 'segments', 'codings', 'blocks'].map((x) => count(third.p, x))).toEqual([
      0, 0, 0, 0,
    ]);
    // The source's text is not in the change log: the snapshot taken first still holds it.
    const { snapshots } = await third.p.call('snapshots.list', {});
    expect(snapshots.map((s) => [s.reason, s.counts?.sources])).toEqual([
      ['before merge.apply', 1],
    ]);
    await expect(third.p.call('merge.undo', { mergeId: merged.mergeId ?? '' })).rejects.toThrow(
      /deleted sources here; .* cannot be undone/,
    );
  });
});

describe('merging a copy of another project', () => {
  it('matches sources by their text and codes by key, after confirmation', async () => {
    const elsewhere = await tempProject({ file: true });
    const coder = (await elsewhere.call('coders.create', { name: 'Bart Bos' })).id;
    await elsewhere.call('session.setCoder', { coderId: coder });
    const source = addSource(elsewhere, TEXT, 'Hetzelfde interview');
    const codes = await elsewhere.call('codes.tree', {});
    const x = codes.find((c) => c.key === 'brede-welvaart')?.id ?? '';
    await elsewhere.call('coding.apply', { sourceId: source, start: 10, end: 30, codeIds: [x] });
    await elsewhere.call('coding.apply', { sourceId: source, start: 80, end: 90, codeIds: [x] });
    elsewhere.db.pragma('wal_checkpoint(TRUNCATE)');

    const preview = await t.p.call('merge.preview', { filePath: elsewhere.path });
    expect(preview.sameProject).toBe(false);
    expect(preview.confirm).toMatch(/is a copy of another project .*matched by their text/);
    expect(preview.counts.sources).toMatchObject({ added: 0, matchedByText: 1 });
    expect(preview.counts.codes.added).toBe(0);
    expect(preview.counts.coders).toEqual({ added: 0, matched: 1 });
    // Bart's [10,30) is here already: one coding; [80,90) is new.
    expect(preview.counts.codings).toMatchObject({ added: 1, matched: 1 });
    await expect(t.p.call('merge.apply', { filePath: elsewhere.path })).rejects.toThrow(
      /confirm to merge it anyway/,
    );
    await t.p.call('merge.apply', { filePath: elsewhere.path, confirmOtherProject: true });
    const segments = await t.p.call('segments.forSource', { sourceId: t.sourceId });
    expect(segments.filter((s) => s.createdBy?.id === t.b).map((s) => [s.start, s.end])).toEqual([
      [10, 30],
      [45, 55],
      [75, 95],
      [80, 90],
    ]);
    expect(count(t.p, 'sources')).toBe(1);
  });

  it('reads an older copy through a migrated snapshot and never writes to it', async () => {
    const copy = copyOf(t.p);
    copy.session.close();
    // Make it look like schema 13: before the team-coding tables (and 015–017's, 019's indexes
    // 021's table, 022's counts, triggers and indexes, 023's index, 024's index and trigger,
    // 026's index, 027's trigger) existed.
    const Database = (await import('better-sqlite3')).default;
    const old = new Database(copy.path);
    old.exec(
      'DROP TABLE reconciliations; DROP TABLE merges; DROP INDEX segments_span; DROP TABLE comments; DROP TABLE segment_reviews; DROP TABLE register_terms; DROP TABLE register_dismissals; DROP TABLE turns; DROP TABLE source_media; ' +
        'DROP INDEX sources_list; DROP INDEX sources_replaced_by; DROP INDEX segments_source_by_seq; ' +
        'DROP TABLE source_segment_counts; DROP TABLE code_source_counts; DROP TABLE code_counts; ' +
        'DROP TRIGGER codings_count_insert; DROP TRIGGER codings_count_delete; ' +
        'DROP TRIGGER codings_count_update; DROP TRIGGER segments_count_insert; ' +
        'DROP TRIGGER segments_count_delete; DROP TRIGGER segments_count_move; ' +
        'DROP TRIGGER segments_count_span; ' +
        'DROP INDEX blocks_span; DROP INDEX sources_length; DROP INDEX segments_id_by_seq; ' +
        'DROP INDEX blocks_first; DROP TRIGGER blocks_in_runs; DROP INDEX blocks_with_nul;',
    );
    old.pragma('user_version = 13');
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    const sha = () => createHash('sha256').update(readFileSync(copy.path)).digest('hex');
    const before = sha();
    const preview = await t.p.call('merge.preview', { filePath: copy.path });
    expect(preview.nothingToDo).toBe(true);
    expect(sha()).toBe(before);
  });

  it('refuses the open project itself and a file that is not a project, by name', async () => {
    await expect(t.p.call('merge.preview', { filePath: t.p.path })).rejects.toThrow(
      /test\.casus is the open project itself/,
    );
    const bad = join(dir, 'notes.casus');
    writeFileSync(bad, 'just notes');
    await expect(t.p.call('merge.preview', { filePath: bad })).rejects.toThrow(
      /notes\.casus: not a Casus project/,
    );
    await expect(
      t.p.call('merge.preview', {
        data: Buffer.from('just notes').toString('base64'),
        fileName: 'upload.casus',
      }),
    ).rejects.toThrow(/upload\.casus: not a Casus project/);
  });
});
