import { describe, expect, it } from 'vitest';
import { CasusError } from '../../../core/shared/errors.js';
import { codingProject, TEXT } from './fixture.js';

const sentence = (n: number) => {
  const lines = TEXT.split('\n');
  let start = 0;
  for (let i = 0; i < n; i++) start += (lines[i] as string).length + 1;
  return { start, end: start + (lines[n] as string).length, text: lines[n] as string };
};

describe('coding.apply and coding.remove', () => {
  it('codes a range with principle, category, phase and facet in one action', async () => {
    const { p, sourceId, byKey, coderId } = await codingProject();
    const s = sentence(1);
    const codeIds = ['opgave-regio', 'politiek-bestuurlijk', 'beleidsvorming', 'factor'].map(byKey);
    const seg = await p.call('coding.apply', { sourceId, start: s.start, end: s.end, codeIds });
    expect(seg.text).toBe(s.text);
    expect(seg.codings.map((c) => c.codeId).sort()).toEqual([...codeIds].sort());
    expect(seg.createdBy?.id).toBe(coderId);
    expect(seg.codings.every((c) => c.coderId === coderId)).toBe(true);
    const listed = await p.call('segments.forSource', { sourceId });
    expect(listed).toHaveLength(1);
    // One action: undo takes all four codes and the segment away at once.
    await p.call('history.undo', {});
    expect(await p.call('segments.forSource', { sourceId })).toEqual([]);
  });

  it('rejects ranges that split an emoji or run past the text, naming the reason', async () => {
    const { p, sourceId, byKey } = await codingProject();
    const emoji = TEXT.indexOf('😀');
    await expect(
      p.call('coding.apply', {
        sourceId,
        start: emoji + 1,
        end: emoji + 5,
        codeIds: [byKey('factor')],
      }),
    ).rejects.toThrow(/surrogate pair/);
    await expect(
      p.call('coding.apply', { sourceId, start: 0, end: 10_000, codeIds: [byKey('factor')] }),
    ).rejects.toThrow(/past the end/);
    await expect(
      p.call('coding.apply', { sourceId, start: 0, end: 5, codeIds: ['no-such-code'] }),
    ).rejects.toThrow(/No code with id no-such-code/);
    expect(await p.call('segments.forSource', { sourceId })).toEqual([]);
  });

  it('adds codes to an existing segment and removes one; removing the last drops the segment', async () => {
    const { p, sourceId, byKey } = await codingProject();
    const s = sentence(0);
    const seg = await p.call('coding.apply', {
      sourceId,
      start: s.start,
      end: s.end,
      codeIds: [byKey('opgave-regio')],
    });
    const more = await p.call('coding.apply', { segmentId: seg.id, codeIds: [byKey('praktijk')] });
    expect(more.codings).toHaveLength(2);
    const r1 = await p.call('coding.remove', { segmentId: seg.id, codeIds: [byKey('praktijk')] });
    expect(r1).toEqual({ removed: 1, segmentDeleted: false });
    const r2 = await p.call('coding.remove', { segmentId: seg.id });
    expect(r2).toEqual({ removed: 1, segmentDeleted: true });
    await expect(p.call('coding.remove', { segmentId: seg.id })).rejects.toThrow(
      /No segment with id/,
    );
  });

  it('removing the last code from the segment browser drops the segment with its memo, as coding.remove does', async () => {
    const { p, sourceId, byKey } = await codingProject();
    const s = sentence(2);
    const memoCount = async (segmentId: string) =>
      (await p.call('memos.get', { targetType: 'segment', targetId: segmentId })) === null ? 0 : 1;
    const viaBrowser = await p.call('coding.apply', {
      sourceId,
      start: s.start,
      end: s.end,
      codeIds: [byKey('praktijk')],
      memo: 'Lastig begrip: later terugkomen.',
    });
    expect(await memoCount(viaBrowser.id)).toBe(1);
    const r = await p.call('segments.uncode', {
      segmentId: viaBrowser.id,
      codeId: byKey('praktijk'),
    });
    expect(r.segmentDeleted).toBe(true);
    const db = p.db;
    const orphans = db
      .prepare(`SELECT count(*) AS n FROM memos WHERE target_type = 'segment' AND target_id = ?`)
      .get(viaBrowser.id) as { n: number };
    expect(orphans.n).toBe(0);
    // Undo brings segment, coding and memo back together.
    await p.call('history.undo', {});
    expect(await memoCount(viaBrowser.id)).toBe(1);
    expect((await p.call('segments.forSource', { sourceId })).map((g) => g.id)).toEqual([
      viaBrowser.id,
    ]);
  });

  it('moves segment boundaries and keeps the quoted text in step', async () => {
    const { p, sourceId, byKey } = await codingProject();
    const seg = await p.call('coding.apply', {
      sourceId,
      start: 0,
      end: 8,
      codeIds: [byKey('praktijk')],
    });
    const moved = await p.call('segments.update', { id: seg.id, start: 3, end: 18 });
    expect(moved.text).toBe(TEXT.slice(3, 18));
    await p.call('history.undo', {});
    const [back] = await p.call('segments.forSource', { sourceId });
    expect(back?.text).toBe(TEXT.slice(0, 8));
  });
});

describe('code tree management', () => {
  it('merges two codes: codings combine and duplicates on one segment collapse; undo restores', async () => {
    const { p, sourceId, byKey } = await codingProject();
    const a = sentence(0);
    const b = sentence(1);
    const both = await p.call('coding.apply', {
      sourceId,
      ...a,
      codeIds: [byKey('praktijk'), byKey('reflectie')],
    });
    await p.call('coding.apply', {
      sourceId,
      start: b.start,
      end: b.end,
      codeIds: [byKey('reflectie')],
    });
    const memo = (key: string, text: string) =>
      p.call('memos.save', { targetType: 'code', targetId: byKey(key), body: '', bodyText: text });
    await memo('reflectie', 'Reflectie: wat respondenten achteraf zeggen.');
    await memo('praktijk', 'Praktijk: wat er feitelijk gebeurde.');
    const merged = await p.call('codes.merge', {
      fromId: byKey('reflectie'),
      intoId: byKey('praktijk'),
    });
    expect(merged.segmentCount).toBe(2);
    // Both memos live on in the target's, followed by a note of the merge.
    const into = await p.call('memos.get', { targetType: 'code', targetId: byKey('praktijk') });
    expect(into?.bodyText.split('\n\n')).toEqual([
      'Praktijk: wat er feitelijk gebeurde.',
      'Reflectie: wat respondenten achteraf zeggen.',
      expect.stringMatching(
        /^Samengevoegd op \d{4}-\d\d-\d\d.*: “Reflectie” met 2 codering\(en\), waarvan 1 dubbel\.$/,
      ),
      expect.stringMatching(
        /^Merged on .*: “Reflection” with 2 coding\(s\), 1 of them duplicates\.$/,
      ),
    ]);
    expect(JSON.parse(into?.body ?? '').root.children).toHaveLength(4);
    const tree = await p.call('codes.tree', {});
    expect(tree.some((c) => c.key === 'reflectie')).toBe(false);
    const segs = await p.call('segments.forSource', { sourceId });
    const first = segs.find((s) => s.id === both.id);
    expect(first?.codings.map((c) => c.codeId)).toEqual([byKey('praktijk')]);

    await p.call('history.undo', {});
    const restored = await p.call('codes.tree', {});
    expect(restored.find((c) => c.key === 'reflectie')?.segmentCount).toBe(2);
    const back = async (key: string) =>
      (await p.call('memos.get', { targetType: 'code', targetId: byKey(key) }))?.bodyText;
    expect(await back('reflectie')).toBe('Reflectie: wat respondenten achteraf zeggen.');
    expect(await back('praktijk')).toBe('Praktijk: wat er feitelijk gebeurde.');
    expect(restored.find((c) => c.key === 'praktijk')?.segmentCount).toBe(1);
  });

  it('previews and deletes a code with its codings; undo brings back the code and every coding exactly', async () => {
    const { p, sourceId, byKey } = await codingProject();
    const a = sentence(0);
    const b = sentence(2);
    await p.call('coding.apply', { sourceId, ...a, codeIds: [byKey('factor')] });
    await p.call('coding.apply', {
      sourceId,
      start: b.start,
      end: b.end,
      codeIds: [byKey('factor'), byKey('brede-welvaart')],
    });
    const segsBefore = await p.call('segments.forSource', { sourceId });
    const treeBefore = await p.call('codes.tree', {});
    const preview = await p.call('codes.deletePreview', { id: byKey('factor') });
    expect(preview).toMatchObject({ codes: 1, codings: 2, segments: 2, sources: 1 });
    expect(await p.call('codes.delete', { id: byKey('factor') })).toEqual(preview);
    const segsAfter = await p.call('segments.forSource', { sourceId });
    // The segment coded only with the deleted code goes; the other keeps its other code.
    expect(segsAfter).toHaveLength(1);
    expect(segsAfter[0]?.codings.map((c) => c.codeId)).toEqual([byKey('brede-welvaart')]);

    await p.call('history.undo', {});
    expect(await p.call('codes.tree', {})).toEqual(treeBefore);
    expect(await p.call('segments.forSource', { sourceId })).toEqual(segsBefore);
    // Redo deletes again; undo of the redo restores again.
    await p.call('history.redo', {});
    expect(await p.call('segments.forSource', { sourceId })).toHaveLength(1);
    await p.call('history.undo', {});
    expect(await p.call('segments.forSource', { sourceId })).toEqual(segsBefore);
  });

  it('deleting a parent takes its sub-codes along, counted in the preview', async () => {
    const { p, byKey } = await codingProject();
    const preview = await p.call('codes.deletePreview', { id: byKey('opgavegericht-werken') });
    expect(preview.codes).toBeGreaterThan(1);
  });

  it('moves a code under another and refuses a cycle', async () => {
    const { p, byKey } = await codingProject();
    const moved = await p.call('codes.move', { id: byKey('praktijk'), parentId: byKey('factor') });
    expect(moved.parentId).toBe(byKey('factor'));
    await expect(
      p.call('codes.move', { id: byKey('factor'), parentId: byKey('praktijk') }),
    ).rejects.toThrow(/under itself or one of its sub-codes/);
  });

  it('splits chosen segments off to a new sibling code', async () => {
    const { p, sourceId, byKey } = await codingProject();
    const a = sentence(0);
    const b = sentence(1);
    const s1 = await p.call('coding.apply', { sourceId, ...a, codeIds: [byKey('factor')] });
    await p.call('coding.apply', {
      sourceId,
      start: b.start,
      end: b.end,
      codeIds: [byKey('factor')],
    });
    const split = await p.call('codes.split', {
      id: byKey('factor'),
      segmentIds: [s1.id],
      label: { nl: 'Factor: geld', en: 'Factor: money' },
    });
    expect(split.segmentCount).toBe(1);
    const tree = await p.call('codes.tree', {});
    expect(tree.find((c) => c.key === 'factor')?.segmentCount).toBe(1);
  });
});

describe('memos, favourites and history', () => {
  it('saves and reads memos on a segment and on the project', async () => {
    const { p, sourceId, byKey } = await codingProject();
    const seg = await p.call('coding.apply', {
      sourceId,
      start: 0,
      end: 8,
      codeIds: [byKey('factor')],
      memo: 'Eerste indruk',
    });
    expect(seg.memo?.bodyText).toBe('Eerste indruk');
    const body = JSON.stringify({ root: { children: [], type: 'root', version: 1 } });
    await p.call('memos.save', {
      targetType: 'segment',
      targetId: seg.id,
      body,
      bodyText: 'Nieuw',
    });
    expect((await p.call('memos.get', { targetType: 'segment', targetId: seg.id }))?.bodyText).toBe(
      'Nieuw',
    );
    await p.call('memos.save', { targetType: 'project', targetId: '', body: '', bodyText: 'Plan' });
    expect((await p.call('memos.get', { targetType: 'project', targetId: '' }))?.bodyText).toBe(
      'Plan',
    );
    await expect(
      p.call('memos.save', { targetType: 'code', targetId: 'nope', body: '', bodyText: 'x' }),
    ).rejects.toThrow(/No code with id nope/);
    await expect(
      p.call('memos.save', { targetType: 'segment', targetId: seg.id, body: '{bad', bodyText: '' }),
    ).rejects.toThrow(/Lexical editor JSON/);
  });

  it('binds favourites to digits, one digit per code', async () => {
    const { p, byKey } = await codingProject();
    await p.call('coding.setFavourite', { digit: 1, codeId: byKey('factor') });
    const fav = await p.call('coding.setFavourite', { digit: 2, codeId: byKey('factor') });
    expect(fav).toEqual([{ digit: 2, codeId: byKey('factor') }]);
  });

  it('says plainly when there is nothing to undo or redo', async () => {
    const { p } = await codingProject();
    await expect(p.call('history.redo', {})).rejects.toThrow(/Nothing to redo/);
    const err = await p.call('history.undo', {}).catch((e: unknown) => e);
    // Creating the coder is not a coding action; nothing of the coding history to undo.
    expect(err).toBeInstanceOf(CasusError);
  });

  it('undo then redo then undo walks the stacks; a new action clears redo', async () => {
    const { p, sourceId, byKey } = await codingProject();
    await p.call('coding.apply', { sourceId, start: 0, end: 8, codeIds: [byKey('factor')] });
    await p.call('coding.apply', { sourceId, start: 10, end: 15, codeIds: [byKey('factor')] });
    expect(await p.call('history.state', {})).toMatchObject({ undoable: 2, redoable: 0 });
    await p.call('history.undo', {});
    await p.call('history.undo', {});
    expect(await p.call('segments.forSource', { sourceId })).toHaveLength(0);
    await p.call('history.redo', {});
    expect(await p.call('segments.forSource', { sourceId })).toHaveLength(1);
    await p.call('coding.apply', { sourceId, start: 20, end: 25, codeIds: [byKey('factor')] });
    expect(await p.call('history.state', {})).toMatchObject({ undoable: 2, redoable: 0 });
  });
});
