import { describe, expect, it } from 'vitest';
import { frameworkCell, reviewStudy } from './fixture.js';

describe('preparing a group-review session', () => {
  it('keeps the agenda in the order the facilitator sets: added, inserted, moved, removed', async () => {
    const { p, session } = await reviewStudy();
    const add = (question: string, position?: number) =>
      p.call('review.items.add', {
        sessionId: session.id,
        matrix: 'framework',
        question,
        ...(position ? { position } : {}),
      });
    const a = await add('A');
    const b = await add('B');
    const c = await add('C');
    // Inserted at 2: it pushes B and C down.
    const d = await add('D', 2);
    const order = async () =>
      (await p.call('review.sessions.get', { id: session.id })).agenda.map(
        (i) => `${i.position}${i.question}`,
      );
    expect(await order()).toEqual(['1A', '2D', '3B', '4C']);

    const moved = await p.call('review.items.move', { id: c.id, position: 1 });
    expect(moved.map((i) => i.question)).toEqual(['C', 'A', 'D', 'B']);
    // Beyond the end means last.
    await p.call('review.items.move', { id: c.id, position: 99 });
    expect(await order()).toEqual(['1A', '2D', '3B', '4C']);

    await p.call('review.items.remove', { id: d.id });
    expect(await order()).toEqual(['1A', '2B', '3C']);
    expect([a.id, b.id]).not.toContain(d.id);
  });

  it('takes the framework matrix with its syntheses, a saved matrix by name, and a focus by key', async () => {
    const { p, session } = await reviewStudy();
    const framework = await p.call('review.items.add', {
      sessionId: session.id,
      matrix: 'framework',
      focus: { kind: 'row', row: 'multi-level' },
    });
    expect(framework.show).toEqual({ counts: true, syntheses: true, quotes: 0, hideCases: false });
    expect(framework.focus).toEqual({
      kind: 'row',
      row: frameworkCell(p, 'multi-level', 'institutioneel', 'achterhoek').row.split(':')[0],
    });
    expect(framework.focusLabel.nl).toBe('Samenwerking: multi-level');

    const saved = await p.call('review.items.add', {
      sessionId: session.id,
      matrix: 'Factoren × casussen',
      focus: { kind: 'cell', row: 'institutioneel', col: 'Foodvalley' },
    });
    expect(saved.show.syntheses).toBe(false);
    expect(saved.focusLabel.nl).toBe('Institutioneel × Foodvalley');

    await expect(
      p.call('review.items.add', { sessionId: session.id, matrix: 'Onbekend' }),
    ).rejects.toThrow(/No saved matrix "Onbekend".*framework/);
    await expect(
      p.call('review.items.add', {
        sessionId: session.id,
        matrix: 'framework',
        focus: { kind: 'cell', row: 'multi-level:institutioneel', col: 'Groningen' },
      }),
    ).rejects.toThrow(/no column "Groningen"/);
  });

  it('keeps what the room said: an item with remarks stays, a participant who spoke stays', async () => {
    const { p, session } = await reviewStudy();
    const item = await p.call('review.items.add', { sessionId: session.id, matrix: 'framework' });
    const anna = await p.call('review.participants.save', {
      sessionId: session.id,
      name: 'Anna Jansen',
      organisation: 'Gemeente Winterswijk',
      caseRef: 'achterhoek',
      role: 'trekker',
    });
    expect(anna.caseLabel?.nl).toBe('Achterhoek');
    await p.call('review.remarks.add', {
      sessionId: session.id,
      item: 1,
      tag: 'recognised',
      text: 'Herkenbaar',
      by: 'Anna Jansen',
    });
    await expect(p.call('review.items.remove', { id: item.id })).rejects.toThrow(
      /has 1 remark of the room/,
    );
    await expect(p.call('review.participants.remove', { id: anna.id })).rejects.toThrow(
      /Anna Jansen made 1 remark in this session \(#1\)/,
    );
    await expect(p.call('review.sessions.delete', { id: session.id })).rejects.toThrow(
      /part of the study's record/,
    );
  });

  it('an ended session is read-only until it is reopened; its notes stay writable', async () => {
    const { p, session } = await reviewStudy();
    const item = await p.call('review.items.add', { sessionId: session.id, matrix: 'framework' });
    const closed = await p.call('review.sessions.update', { id: session.id, closed: true });
    expect(closed.closed).toBe(true);
    await expect(
      p.call('review.remarks.add', { sessionId: session.id, item: 1, tag: 'question', text: 'X' }),
    ).rejects.toThrow(/has ended.*read-only/);
    await expect(p.call('review.items.update', { id: item.id, question: 'Nieuw' })).rejects.toThrow(
      /read-only/,
    );
    await expect(
      p.call('review.present', { sessionId: session.id, itemId: item.id }),
    ).rejects.toThrow(/read-only/);
    const noted = await p.call('review.items.update', { id: item.id, notes: 'Na afloop: bellen' });
    expect(noted.notes).toBe('Na afloop: bellen');
    await p.call('review.sessions.update', { id: session.id, closed: false });
    const q = await p.call('review.items.update', { id: item.id, question: 'Nieuw' });
    expect(q.question).toBe('Nieuw');
  });
});
