import { describe, expect, it } from 'vitest';
import { describeTop, historyStacks } from '../../../core/server/coding/history.js';
import { createContext } from '../../../core/server/context.js';
import { Session } from '../../../core/server/session.js';
import { callerFor, refused } from '../helpers.js';
import { rng } from '../random.js';
import { addSource, codingProject, TEXT } from './fixture.js';

/**
 * The undo and redo stacks are kept per connection and brought up to date from the groups the
 * change log gained since (core/server/coding/history.ts): the workbench reads `history.state`
 * after every write. What it says must always be what the whole session's log says.
 */
describe('the undo state kept between writes', () => {
  it('says after every step what the whole log says, through undo, redo, other writers and imports', async () => {
    const { p, sourceId, byKey, coderId } = await codingProject({ file: true });
    // Another window on the same file, with another coder: its groups are not this session's.
    const other = new Session({ remember: false });
    other.open(p.path);
    const asOther = callerFor(createContext(other));
    await asOther('session.setCoder', {
      coderId: (await asOther('coders.create', { name: 'Bram' })).id,
    });
    const lines = TEXT.split('\n');
    const line = (n: number) => {
      const start = lines.slice(0, n).reduce((a, l) => a + l.length + 1, 0);
      return { start, end: start + (lines[n] as string).length };
    };
    const codes = [byKey('praktijk'), byKey('factor'), byKey('reflectie')];
    // The same, read from scratch inside a transaction (where nothing is kept).
    const fromScratch = () =>
      p.ctx.action('test.peek', (w) => {
        const s = historyStacks(w, p.session.id, coderId);
        return {
          undoable: s.undo.length,
          redoable: s.redo.length,
          nextUndo: describeTop(w, s, 'undo'),
          nextRedo: describeTop(w, s, 'redo'),
        };
      });
    const rand = rng(19);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)] as T;
    const done = new Map<string, number>();
    for (let step = 0; step < 150; step++) {
      const roll = rand();
      const state = await p.call('history.state', {});
      let did: string;
      if (roll < 0.35) {
        await p.call('coding.apply', {
          sourceId,
          ...line(pick([0, 1, 2])),
          codeIds: [pick(codes)],
        });
        did = 'apply';
      } else if (roll < 0.55 && state.undoable > 0) {
        await p.call('history.undo', {});
        did = 'undo';
      } else if (roll < 0.7 && state.redoable > 0) {
        await p.call('history.redo', {});
        did = 'redo';
      } else if (roll < 0.8) {
        await asOther('coding.apply', {
          sourceId,
          ...line(pick([0, 1, 2])),
          codeIds: [pick(codes)],
        });
        did = 'other';
      } else if (roll < 0.85) {
        // Not undoable: it ends the session's history.
        addSource(p, `Verslag ${step}`, `Bron ${step}`);
        did = 'import';
      } else if (roll < 0.92) {
        await refused(() =>
          p.call('coding.apply', {
            sourceId,
            start: 5,
            end: 10_000,
            codeIds: [codes[0] as string],
          }),
        );
        did = 'refused';
      } else {
        await p.call('codes.create', {
          parentId: null,
          dimension: 'free',
          label: { nl: `Code ${step}`, en: `Code ${step}` },
        });
        did = 'code';
      }
      done.set(did, (done.get(did) ?? 0) + 1);
      expect(await p.call('history.state', {}), `step ${step} (${did})`).toEqual(fromScratch());
    }
    // Every kind of step happened, undo and redo often.
    expect([...done.keys()].sort()).toEqual(
      ['apply', 'code', 'import', 'other', 'redo', 'refused', 'undo'].sort(),
    );
    expect(done.get('undo')).toBeGreaterThan(10);
    expect(done.get('redo')).toBeGreaterThan(5);
    other.close();
  });
});
