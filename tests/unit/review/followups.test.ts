import { describe, expect, it } from 'vitest';
import type { MatrixSpec } from '../../../core/shared/contract/matrix.js';
import { frameworkCell, reviewStudy } from './fixture.js';

describe("the room's remarks become follow-ups on their cell", () => {
  it('disputed, addition and decision remarks become follow-ups; recognised and question do not', async () => {
    const { p, session } = await reviewStudy();
    const cell = frameworkCell(p, 'multi-level', 'institutioneel', 'achterhoek');
    await p.call('review.items.add', {
      sessionId: session.id,
      matrix: 'framework',
      focus: { kind: 'row', row: 'multi-level' },
    });
    const tags = ['recognised', 'disputed', 'addition', 'question', 'decision'] as const;
    for (const tag of tags)
      await p.call('review.remarks.add', {
        sessionId: session.id,
        item: 1,
        tag,
        text: `Opmerking: ${tag}`,
        cell,
      });
    const remarks = await p.call('review.remarks.list', { sessionId: session.id });
    expect(remarks.map((r) => [r.n, r.tag, r.followUp?.state ?? null])).toEqual([
      [1, 'recognised', null],
      [2, 'disputed', 'open'],
      [3, 'addition', 'open'],
      [4, 'question', null],
      [5, 'decision', 'open'],
    ]);
    // Anchored to the cell's coordinate: the same cell in any view shows them.
    expect(remarks[1]?.cell?.coordinate).toEqual({
      principle: cell.row.split(':')[0],
      category: cell.row.split(':')[1],
      case: cell.col,
    });
    const other: MatrixSpec = {
      rows: { dim: 'category' },
      cols: { dim: 'case' },
      filter: { codes: ['multi-level'] },
    };
    const here = await p.call('review.followups.list', {
      at: { spec: other, row: cell.row.split(':')[1] as string, col: cell.col },
    });
    expect(here.map((f) => f.n)).toEqual([2, 3, 5]);
    const badges = await p.call('review.followups.forView', { spec: other });
    expect(badges).toEqual([{ row: cell.row.split(':')[1], col: cell.col, open: 3, total: 3 }]);

    // A corrected tag moves the remark in or out of the follow-ups while it is open.
    const q = remarks[3];
    if (!q) throw new Error('no remark 4');
    const asDispute = await p.call('review.remarks.update', { id: q.id, tag: 'disputed' });
    expect(asDispute.followUp?.state).toBe('open');
    const back = await p.call('review.remarks.update', { id: q.id, tag: 'question' });
    expect(back.followUp).toBeNull();
  });

  it('open → done (linked to the synthesis edit since) or dismissed with a reason; then the cell may be reviewed', async () => {
    const { p, session } = await reviewStudy();
    const cell = frameworkCell(p, 'multi-level', 'institutioneel', 'achterhoek');
    const item = await p.call('review.items.add', {
      sessionId: session.id,
      matrix: 'framework',
      focus: { kind: 'cell', ...cell },
    });
    const at = { spec: item.spec, ...cell };
    const disputed = await p.call('review.remarks.add', {
      sessionId: session.id,
      item: item.id,
      tag: 'disputed',
      text: 'De cofinanciering speelde bij ons geen rol',
      cell,
    });
    const decision = await p.call('review.remarks.add', {
      sessionId: session.id,
      item: item.id,
      tag: 'decision',
      text: 'Voorbeeld mestregels blijft staan',
      cell,
    });

    // Reviewed waits for the follow-ups.
    await expect(p.call('matrix.synthesis.setStatus', { at, status: 'reviewed' })).rejects.toThrow(
      /2 open follow-ups from a group review/,
    );

    // The researcher edits the synthesis, then marks the follow-up done: it names that edit.
    const edited = await p.call('matrix.synthesis.save', {
      at,
      body: '',
      bodyText:
        'Aangepast: de cofinanciering drukt vooral op kleine gemeenten buiten de proefregio.',
    });
    const done = await p.call('review.followups.setState', {
      id: disputed.followUp?.id ?? '',
      state: 'done',
    });
    const history = await p.call('matrix.synthesis.history', { at });
    expect(done.edit?.seq).toBe(history[0]?.seq);
    expect(done.edit?.bodyText).toBe(edited.bodyText);
    expect(done.resolvedBy).toBe('Fenna Facilitator');

    await expect(
      p.call('review.followups.setState', { id: decision.followUp?.id ?? '', state: 'dismissed' }),
    ).rejects.toThrow(/dismissed with a reason/);
    await expect(p.call('matrix.synthesis.setStatus', { at, status: 'reviewed' })).rejects.toThrow(
      /1 open follow-up /,
    );
    const dismissed = await p.call('review.followups.setState', {
      id: decision.followUp?.id ?? '',
      state: 'dismissed',
      reason: 'Staat al zo in de synthese',
    });
    expect(dismissed).toMatchObject({ state: 'dismissed', reason: 'Staat al zo in de synthese' });

    // A closed follow-up stays on record: its remark cannot lose its tag or go.
    await expect(p.call('review.remarks.remove', { id: disputed.id })).rejects.toThrow(
      /follow-up that is done/,
    );
    await expect(
      p.call('review.remarks.update', { id: disputed.id, tag: 'question' }),
    ).rejects.toThrow(/reopen it/);

    const reviewed = await p.call('matrix.synthesis.setStatus', { at, status: 'reviewed' });
    expect(reviewed.status).toBe('reviewed');
    expect(await p.call('review.followups.list', { state: 'open' })).toEqual([]);
    const closed = await p.call('review.followups.list', { sessionId: session.id });
    expect(closed.map((f) => f.state)).toEqual(['done', 'dismissed']);
  });

  it('a remark attributed to a participant by name; a remark on a cell the item does not show is refused', async () => {
    const { p, session } = await reviewStudy();
    await p.call('review.items.add', {
      sessionId: session.id,
      matrix: 'framework',
      focus: { kind: 'row', row: 'multi-level' },
    });
    await p.call('review.participants.save', { sessionId: session.id, name: 'Joost Smit' });
    const r = await p.call('review.remarks.add', {
      sessionId: session.id,
      item: 1,
      tag: 'addition',
      text: 'Ook de provincie speelde mee',
      by: 'joost smit',
    });
    expect(r.by).toBe('Joost Smit');
    expect(r.cell).toBeNull();
    const room = await p.call('review.remarks.add', {
      sessionId: session.id,
      item: 1,
      tag: 'question',
      text: 'Hoe is dit gemeten?',
      by: 'de zaal',
    });
    expect(room.by).toBeNull();
    await expect(
      p.call('review.remarks.add', {
        sessionId: session.id,
        item: 1,
        tag: 'question',
        text: 'X',
        by: 'Piet',
      }),
    ).rejects.toThrow(/No participant of this session called "Piet"/);
    await expect(
      p.call('review.remarks.add', {
        sessionId: session.id,
        item: 1,
        tag: 'disputed',
        text: 'X',
        cell: frameworkCell(p, 'brede-welvaart', 'institutioneel', 'achterhoek'),
      }),
    ).rejects.toThrow(/no row/);
    await expect(
      p.call('review.remarks.add', { sessionId: session.id, item: 2, tag: 'question', text: 'X' }),
    ).rejects.toThrow(/has no item 2 \(its agenda has 1\)/);
  });
});
