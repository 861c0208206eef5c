import { describe, expect, it } from 'vitest';
import { createContext } from '../../../core/server/context.js';
import { Session } from '../../../core/server/session.js';
import { callerFor } from '../helpers.js';
import { codingProject, TEXT } from './fixture.js';

/**
 * Undo is one coder's, in one session (issue 12): a coder's undo in the workbench never takes
 * back what another coder did from the command line meanwhile.
 */
async function twoCoders() {
  const { p, sourceId, byKey, coderId: anna } = await codingProject({ file: true });
  // A second process on the same file: the command line, with another coder.
  const cli = new Session({ remember: false });
  cli.open(p.path);
  const asBram = callerFor(createContext(cli));
  const bram = await asBram('coders.create', { name: 'Bram Öztürk' });
  await asBram('session.setCoder', { coderId: bram.id });
  const line = (n: number) => {
    const lines = TEXT.split('\n');
    const start = lines.slice(0, n).reduce((a, l) => a + l.length + 1, 0);
    return { start, end: start + (lines[n] as string).length };
  };
  return { p, asBram, cli, sourceId, byKey, anna, bram: bram.id, line };
}

describe('undo acts on the coder’s own actions in the session', () => {
  it("leaves another coder's later coding alone", async () => {
    const { p, asBram, cli, sourceId, byKey, line } = await twoCoders();
    const mine = await p.call('coding.apply', {
      sourceId,
      ...line(0),
      codeIds: [byKey('praktijk')],
    });
    const theirs = await asBram('coding.apply', {
      sourceId,
      ...line(1),
      codeIds: [byKey('factor')],
    });
    const undone = await p.call('history.undo', {});
    expect(undone.action).toBe('coding.apply');
    const left = await p.call('segments.forSource', { sourceId });
    expect(left.map((s) => s.id)).toEqual([theirs.id]);
    expect(left.map((s) => s.id)).not.toContain(mine.id);
    // Bram has nothing of Anna's to undo, and his own undo is his.
    expect(await asBram('history.state', {})).toMatchObject({ undoable: 1, redoable: 0 });
    await asBram('history.undo', {});
    expect(await p.call('segments.forSource', { sourceId })).toEqual([]);
    cli.close();
  });

  it('refuses, naming the other coder, when their later change depends on it', async () => {
    const { p, asBram, cli, sourceId, byKey, line } = await twoCoders();
    const mine = await p.call('coding.apply', {
      sourceId,
      ...line(2),
      codeIds: [byKey('praktijk')],
    });
    // Bram adds his code to Anna's segment.
    await asBram('coding.apply', { segmentId: mine.id, codeIds: [byKey('reflectie')] });
    await expect(p.call('history.undo', {})).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(
        /Cannot undo "coding.apply": Bram Öztürk added a coding to this segment afterwards .* by Bram Öztürk/,
      ),
    });
    // Nothing was undone: both codes are still on the segment.
    const [seg] = await p.call('segments.forSource', { sourceId });
    expect(seg?.codings.map((c) => c.codeId).sort()).toEqual(
      [byKey('praktijk'), byKey('reflectie')].sort(),
    );
    // Once Bram takes his back, Anna's undo goes through.
    await asBram('history.undo', {});
    await p.call('history.undo', {});
    expect(await p.call('segments.forSource', { sourceId })).toEqual([]);
    cli.close();
  });

  it('names the other coder when they changed the row since', async () => {
    const { p, asBram, cli, sourceId, byKey, line } = await twoCoders();
    const mine = await p.call('coding.apply', {
      sourceId,
      ...line(0),
      codeIds: [byKey('praktijk')],
    });
    await p.call('segments.update', { id: mine.id, start: line(0).start, end: line(0).end - 1 });
    await asBram('segments.update', { id: mine.id, start: line(0).start + 3, end: line(0).end });
    await expect(p.call('history.undo', {})).rejects.toThrow(
      /Bram Öztürk changed this segment afterwards \(segments.update at \d\d:\d\d\)/,
    );
    cli.close();
  });
});
