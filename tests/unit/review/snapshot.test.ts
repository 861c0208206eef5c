import { describe, expect, it } from 'vitest';
import { frameworkCell, reviewStudy } from './fixture.js';

describe('what the room saw', () => {
  it('a snapshot stays as it was shown after the synthesis is edited; a past session reopens with it', async () => {
    const { p, session } = await reviewStudy();
    const cell = frameworkCell(p, 'multi-level', 'institutioneel', 'achterhoek');
    const item = await p.call('review.items.add', {
      sessionId: session.id,
      matrix: 'framework',
      focus: { kind: 'cell', ...cell },
      show: { quotes: 2 },
    });
    const shown = await p.call('review.present', { sessionId: session.id, itemId: item.id });
    if (shown.kind !== 'showing') throw new Error('not showing');
    const before = shown.snapshot.cells[0]?.synthesis?.text ?? '';
    expect(before).toMatch(/^De financiële spelregels van het Rijk/);

    const spec = item.spec;
    await p.call('matrix.synthesis.save', {
      at: { spec, row: cell.row, col: cell.col },
      body: '',
      bodyText: 'Herschreven na de groepsreview.',
    });
    // Showing the item again keeps its snapshot: the room sees what it saw before.
    const again = await p.call('review.present', { sessionId: session.id, itemId: item.id });
    if (again.kind !== 'showing') throw new Error('not showing');
    expect(again.snapshotId).toBe(shown.snapshotId);
    expect(again.snapshot.cells[0]?.synthesis?.text).toBe(before);

    await p.call('review.sessions.update', { id: session.id, closed: true });
    const kept = await p.call('review.snapshots.list', { sessionId: session.id });
    expect(kept).toHaveLength(1);
    expect(kept[0]?.content.cells[0]?.synthesis?.text).toBe(before);
    // The minutes show the version the room saw, not today's.
    const html = Buffer.from(
      (await p.call('review.minutes', { sessionId: session.id, format: 'html', lang: 'nl' }))
        .base64,
      'base64',
    ).toString();
    expect(html).toContain('De financiële spelregels van het Rijk');
    expect(html).not.toContain('Herschreven na de groepsreview');
  });

  it('a refreshed snapshot is a new one; the first stays', async () => {
    const { p, session } = await reviewStudy();
    const cell = frameworkCell(p, 'multi-level', 'institutioneel', 'achterhoek');
    const item = await p.call('review.items.add', {
      sessionId: session.id,
      matrix: 'framework',
      focus: { kind: 'cell', ...cell },
    });
    await p.call('review.present', { sessionId: session.id, itemId: item.id });
    await p.call('matrix.synthesis.save', {
      at: { spec: item.spec, ...cell },
      body: '',
      bodyText: 'Na de pauze bijgewerkt.',
    });
    const fresh = await p.call('review.snapshots.refresh', { itemId: item.id });
    expect(fresh.content.cells[0]?.synthesis?.text).toBe('Na de pauze bijgewerkt.');
    const live = await p.call('review.live', {});
    expect(live.kind === 'showing' && live.snapshotId).toBe(fresh.id);
    const all = await p.call('review.snapshots.list', { sessionId: session.id });
    expect(all.map((s) => s.content.cells[0]?.synthesis?.text.slice(0, 20))).toEqual([
      'De financiële spelre',
      'Na de pauze bijgewer',
    ]);
  });

  it('shows quotes under pseudonym, at most N per cell, the synthesis references first', async () => {
    const { p, session } = await reviewStudy();
    const cell = frameworkCell(p, 'multi-level', 'institutioneel', 'achterhoek');
    const item = await p.call('review.items.add', {
      sessionId: session.id,
      matrix: 'framework',
      focus: { kind: 'cell', ...cell },
      show: { quotes: 2 },
    });
    const synth = await p.call('matrix.synthesis.get', { at: { spec: item.spec, ...cell } });
    const shown = await p.call('review.present', { sessionId: session.id, itemId: item.id });
    if (shown.kind !== 'showing') throw new Error('not showing');
    const quotes = shown.snapshot.cells[0]?.quotes ?? [];
    expect(quotes).toHaveLength(2);
    expect(quotes[0]?.text).toBe(synth.refs[0]?.quote);
    const pseudonyms = (await p.call('respondents.list', {})).map((r) => r.pseudonym);
    for (const q of quotes) expect(pseudonyms).toContain(q.by.nl);
  });

  it('with case names hidden, the room sees "Case A" everywhere, also in texts and pseudonyms', async () => {
    const { p, session } = await reviewStudy();
    const item = await p.call('review.items.add', {
      sessionId: session.id,
      matrix: 'framework',
      focus: { kind: 'row', row: 'multi-level' },
      show: { quotes: 3, hideCases: true },
    });
    const shown = await p.call('review.present', { sessionId: session.id, itemId: item.id });
    if (shown.kind !== 'showing') throw new Error('not showing');
    const s = shown.snapshot;
    expect(s.cols.map((c) => c.label.nl)).toEqual(['Casus A', 'Casus B', 'Casus C', 'Casus D']);
    expect(s.cols.map((c) => c.label.en)).toEqual(['Case A', 'Case B', 'Case C', 'Case D']);
    // The audience never gets the real names behind the aliases…
    expect(s.cols.every((c) => c.hidden === null)).toBe(true);
    const seen = JSON.stringify(s);
    const cases = await p.call('cases.list', {});
    for (const c of cases) {
      expect(seen).not.toContain(c.label.nl);
      expect(seen).not.toContain(c.key);
    }
    for (const r of await p.call('respondents.list', {})) expect(seen).not.toContain(r.pseudonym);
    expect(seen).toMatch(/Casus [A-D], R\d/);
    // …the presenter does (the snapshot as kept).
    const kept = await p.call('review.snapshots.list', { sessionId: session.id });
    expect(kept[0]?.content.cols.map((c) => c.hidden?.nl)).toEqual(cases.map((c) => c.label.nl));
  });
});
