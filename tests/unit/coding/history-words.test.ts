import { describe, expect, it } from 'vitest';
import { addSource, codingProject } from './fixture.js';

/**
 * Undo says what it undid (issue 11.3): history.undo/redo describe the reversed action by its
 * codes and sources as the researcher saw them, and history.state what the next undo and redo
 * would reverse, so a tooltip can name it.
 */
describe('history describes what undo and redo reverse', () => {
  it('names the code and the source of a coding, before and after the undo', async () => {
    const { p, sourceId, byKey } = await codingProject();
    await p.call('coding.apply', {
      sourceId,
      start: 0,
      end: 8,
      codeIds: [byKey('factor'), byKey('praktijk')],
    });
    const state = await p.call('history.state', {});
    expect(state.nextUndo).toEqual({
      action: 'coding.apply',
      codes: [
        { nl: 'Factor', en: 'Factor' },
        { nl: 'Praktijk', en: 'Practice' },
      ],
      moreCodes: 0,
      sources: ['Verslag'],
      segments: 1,
      codings: 2,
      memos: 0,
      memoTarget: null,
    });
    expect(state.nextRedo).toBeNull();
    const undone = await p.call('history.undo', {});
    expect(undone.step).toEqual(state.nextUndo);
    // Redo reverses the undo; it is described as the coding it brings back.
    const after = await p.call('history.state', {});
    expect(after.nextUndo).toBeNull();
    expect(after.nextRedo).toEqual(state.nextUndo);
    const redone = await p.call('history.redo', {});
    expect(redone.action).toBe('coding.apply');
    expect(redone.step.codes.map((c) => c.en)).toEqual(['Factor', 'Practice']);
  });

  it('keeps the label of a code the undone action deleted, and the old name of a rename', async () => {
    const { p } = await codingProject();
    const code = await p.call('codes.create', { label: { nl: 'Multi-level', en: 'Multi-level' } });
    await p.call('codes.update', { id: code.id, label: { nl: 'Meerlagig', en: 'Multi-layer' } });
    expect((await p.call('history.state', {})).nextUndo?.codes).toEqual([
      { nl: 'Meerlagig', en: 'Multi-layer' },
    ]);
    await p.call('history.undo', {});
    // Undoing the create deletes the code: its label still comes from the log.
    const undone = await p.call('history.undo', {});
    expect(undone.step).toMatchObject({
      action: 'codes.create',
      codes: [{ nl: 'Multi-level', en: 'Multi-level' }],
    });
    expect((await p.call('codes.tree', {})).some((c) => c.id === code.id)).toBe(false);
  });

  it('counts the segments and sources of a removal across sources', async () => {
    const { p, sourceId, byKey } = await codingProject();
    const other = addSource(p, 'Een tweede verslag over de regio.', 'Tweede verslag');
    const a = await p.call('coding.apply', {
      sourceId,
      start: 0,
      end: 8,
      codeIds: [byKey('factor')],
    });
    await p.call('coding.apply', { sourceId: other, start: 0, end: 3, codeIds: [byKey('factor')] });
    await p.call('coding.remove', { segmentId: a.id, codeIds: [byKey('factor')] });
    const state = await p.call('history.state', {});
    expect(state.nextUndo).toMatchObject({
      action: 'coding.remove',
      codes: [{ nl: 'Factor', en: 'Factor' }],
      sources: ['Verslag'],
      segments: 1,
      codings: 1,
    });
  });

  it('says which memo a memo save wrote', async () => {
    const { p, sourceId } = await codingProject();
    await p.call('memos.save', {
      targetType: 'source',
      targetId: sourceId,
      body: '',
      bodyText: 'Bron bevestigt de vroege start.',
    });
    expect((await p.call('history.state', {})).nextUndo).toMatchObject({
      action: 'memos.save',
      memos: 1,
      memoTarget: 'source',
      sources: ['Verslag'],
    });
  });
});
