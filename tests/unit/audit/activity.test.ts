import { describe, expect, it } from 'vitest';
import { tempProject, withCoder } from '../helpers.js';
import { addSource } from '../search/fixture.js';

describe('the activity log', () => {
  it('says in words who did what, filters by coder, kind, case and code, and pages', async () => {
    const p = await tempProject();
    const anna = await withCoder(p, 'Anna de Vries');
    const codes = await p.call('codes.tree', {});
    const code = (k: string) => codes.find((c) => c.key === k)!.id;
    const sourceId = addSource(p, {
      title: 'Interview',
      caseKey: 'achterhoek',
      respondent: { pseudonym: 'ACH-R3', role: 'trekker' },
      paragraphs: ['Eerste alinea.', 'Tweede alinea over integrale aanpak.'],
    });
    await p.call('coding.apply', {
      sourceId,
      start: 15,
      end: 50,
      codeIds: [code('integrale-aanpak')],
    });
    const bram = await p.call('coders.create', { name: 'Bram Öztürk' });
    await p.call('session.setCoder', { coderId: bram.id });
    await p.call('codes.merge', { fromId: code('multi-actor'), intoId: code('multi-level') });
    const cases = await p.call('cases.list', {});
    const ach = cases.find((c) => c.key === 'achterhoek')!.id;
    await p.call('matrix.synthesis.save', {
      at: { coordinate: { principle: code('multi-level'), case: ach } },
      body: '',
      bodyText: 'Tekst.',
    });
    await p.call('matrix.synthesis.setStatus', {
      at: { coordinate: { principle: code('multi-level'), case: ach } },
      status: 'agreed',
    });

    const page = await p.call('activity.list', { limit: 4 });
    expect(page.entries.map((e) => [e.coder, e.text.en])).toEqual([
      ['Bram Öztürk', 'synthesis Cooperation: multi-level × Achterhoek: status draft → agreed'],
      ['Bram Öztürk', 'synthesis Cooperation: multi-level × Achterhoek: text edited'],
      ['Bram Öztürk', 'merged code “Cooperation: multi-actor” into “Cooperation: multi-level”'],
      ['Anna de Vries', 'added a coder'],
    ]);
    expect(page.entries[2]?.text.nl).toBe(
      'voegde code “Samenwerking: multi-actor” samen met “Samenwerking: multi-level”',
    );
    const more = await p.call('activity.list', { limit: 4, before: page.next! });
    expect(more.entries[0]?.text.en).toBe('coded “Integrated approach” on ACH-R3 ¶2');
    expect(more.entries[0]?.target).toMatchObject({ kind: 'source', sourceId, start: 15, end: 50 });

    const byAnna = await p.call('activity.list', { coderIds: [anna], kinds: ['coding.'] });
    expect(byAnna.entries.map((e) => e.action)).toEqual(['coding.apply']);
    const onCase = await p.call('activity.list', { caseId: ach });
    expect(onCase.entries.map((e) => e.action)).toEqual([
      'matrix.synthesis.setStatus',
      'matrix.synthesis.save',
      'coding.apply',
      'test.addSource',
      // The case itself was made with the project.
      'project.create',
    ]);
    const onCode = await p.call('activity.list', { codeId: code('integrale-aanpak') });
    expect(onCode.entries.map((e) => e.action)).toEqual(['coding.apply', 'project.create']);

    const csv = Buffer.from(
      (await p.call('activity.export', { format: 'csv', lang: 'en', pseudonymise: true })).base64,
      'base64',
    ).toString('utf8');
    expect(csv).toContain(',Coder 1,matrix.synthesis.setStatus,');
    expect(csv).not.toContain('Bram');
    expect(csv).not.toContain('Anna');
  });
});

describe('comments and review states', () => {
  it('threads with mentions, resolve and reopen, an inbox, and review states with counts', async () => {
    const p = await tempProject();
    const anna = await withCoder(p, 'Anna de Vries');
    const codes = await p.call('codes.tree', {});
    const sourceId = addSource(p, {
      title: 'Verslag',
      paragraphs: ['Een passage om te bespreken.'],
    });
    const seg = await p.call('coding.apply', {
      sourceId,
      start: 0,
      end: 11,
      codeIds: [codes[0]!.id],
    });
    const bram = await p.call('coders.create', { name: 'Bram Öztürk', initials: 'BO' });
    await p.call('session.setCoder', { coderId: bram.id });

    await expect(
      p.call('segments.review', { segmentId: seg.id, state: 'questioned' }),
    ).rejects.toThrow(/a comment is needed/);
    await p.call('segments.review', {
      segmentId: seg.id,
      state: 'questioned',
      comment: '@Anna de Vries is dit echt een uitgangspunt?',
    });
    // "Show questioned codings": the retrieval filters by review state.
    const questioned = await p.call('segments.query', { reviewStates: ['questioned'] });
    expect(questioned.segments.map((x) => x.id)).toEqual([seg.id]);
    expect((await p.call('segments.query', { reviewStates: ['ok'] })).total).toBe(0);
    const inbox = await p.call('comments.inbox', { coderId: anna });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      resolved: false,
      where: { en: '“Een passage” (Verslag)' },
      open: { kind: 'source', sourceId, start: 0, end: 11 },
    });
    expect(inbox[0]?.comments[0]).toMatchObject({
      author: 'Bram Öztürk',
      mentions: ['Anna de Vries'],
    });

    await p.call('session.setCoder', { coderId: anna });
    const answered = await p.call('comments.add', {
      threadId: inbox[0]!.id,
      text: 'Ja, zie de definitie. @BO',
    });
    expect(answered.comments.map((c) => c.author)).toEqual(['Bram Öztürk', 'Anna de Vries']);
    expect((await p.call('comments.inbox', { coderId: bram.id })).map((t) => t.id)).toEqual([
      answered.id,
    ]);
    const resolved = await p.call('comments.resolve', { threadId: answered.id, resolved: true });
    expect(resolved).toMatchObject({ resolved: true, resolvedBy: 'Anna de Vries' });
    expect(await p.call('comments.list', { open: true })).toEqual([]);
    await p.call('segments.review', { segmentId: seg.id, state: 'settled' });
    expect((await p.call('segments.query', { reviewStates: ['questioned'] })).total).toBe(0);
    expect((await p.call('segments.query', { reviewStates: ['settled'] })).total).toBe(1);

    const summary = await p.call('reviews.summary', {});
    expect(summary.states).toEqual({ [seg.id]: 'settled' });
    expect(summary.perCoder).toEqual([
      {
        coderId: anna,
        coder: 'Anna de Vries',
        counts: { unreviewed: 0, ok: 0, questioned: 0, settled: 1 },
      },
    ]);
    // A cell thread, by its coordinate, as a case report section also is.
    const cell = await p.call('comments.add', {
      target: { type: 'cell', coordinate: { principle: codes[0]!.id } },
      text: 'Aanvullen.',
    });
    expect(cell.where.nl).toBe('Brede welvaart centraal');
    // Undo takes a comment back like any other action.
    await p.call('history.undo', {});
    expect((await p.call('comments.list', {})).map((t) => t.id)).toEqual([answered.id]);
  });
});

describe('threads on a source and on a case report section', () => {
  it('say where they belong, lead there, and are counted per target', async () => {
    const p = await tempProject();
    await withCoder(p, 'Anna de Vries');
    const sourceId = addSource(p, { title: 'Verslag', paragraphs: ['Een passage.'] });
    const other = addSource(p, { title: 'Notulen', paragraphs: ['Iets anders.'] });
    const first = await p.call('comments.add', {
      target: { type: 'source', id: sourceId },
      text: 'Is dit verslag compleet?',
    });
    expect(first).toMatchObject({
      where: { nl: 'bron “Verslag”', en: 'source “Verslag”' },
      open: { kind: 'source', sourceId, start: null, end: null },
    });
    await p.call('comments.add', { threadId: first.id, text: 'Nee, pagina 3 ontbreekt.' });
    await p.call('comments.add', { target: { type: 'source', id: sourceId }, text: 'Datum?' });
    await p.call('comments.resolve', { threadId: first.id, resolved: true });
    // Answers are not threads; a resolved thread is not open; another source's are not counted.
    expect(await p.call('comments.count', { target: { type: 'source', id: sourceId } })).toEqual({
      threads: 2,
      open: 1,
    });
    expect(await p.call('comments.count', { target: { type: 'source', id: other } })).toEqual({
      threads: 0,
      open: 0,
    });
    await expect(
      p.call('comments.add', { target: { type: 'source', id: 'missing' }, text: 'x' }),
    ).rejects.toThrow(/No source missing to comment on/);

    // A case report section is its cell: the thread started there is the cell's.
    const cases = await p.call('cases.list', {});
    const codes = await p.call('codes.tree', {});
    const coordinate = { principle: codes[0]!.id, case: cases[0]!.id };
    await p.call('comments.add', { target: { type: 'cell', coordinate }, text: 'Mist een bron.' });
    const onSection = await p.call('comments.list', { target: { type: 'cell', coordinate } });
    expect(onSection).toHaveLength(1);
    expect(onSection[0]?.open).toEqual({ kind: 'cell', coordinate });
    expect(await p.call('comments.count', { target: { type: 'cell', coordinate } })).toEqual({
      threads: 1,
      open: 1,
    });
  });
});

describe('comments and reviews in the activity log', () => {
  it('says who commented, answered, resolved and reviewed what, and leads to the passage', async () => {
    const p = await tempProject();
    await withCoder(p, 'Anna de Vries');
    const codes = await p.call('codes.tree', {});
    const code = codes.find((c) => c.key === 'integrale-aanpak')!.id;
    const sourceId = addSource(p, {
      title: 'Interview',
      caseKey: 'achterhoek',
      respondent: { pseudonym: 'ACH-R3', role: 'trekker' },
      paragraphs: ['Eerste alinea.', 'Tweede alinea over integrale aanpak.'],
    });
    await p.call('coding.apply', { sourceId, start: 15, end: 50, codeIds: [code] });
    const [segment] = await p.call('segments.forCode', { codeId: code });
    const thread = await p.call('comments.add', {
      target: { type: 'segment', id: segment!.id },
      text: 'Klopt dit?',
    });
    await p.call('comments.add', { threadId: thread.id, text: 'Ja.' });
    await p.call('comments.resolve', { threadId: thread.id, resolved: true });
    await p.call('segments.review', { segmentId: segment!.id, state: 'ok' });
    await p.call('comments.add', { target: { type: 'code', id: code }, text: 'Definitie?' });

    const page = await p.call('activity.list', { kinds: ['comments.', 'segments.review'] });
    expect(page.entries.map((e) => e.text.en)).toEqual([
      'commented on code “Integrated approach”',
      'marked the coding on ACH-R3 ¶2 OK',
      'resolved a thread on ACH-R3 ¶2',
      'replied to a comment on ACH-R3 ¶2',
      'commented on ACH-R3 ¶2',
    ]);
    expect(page.entries[1]?.text.nl).toBe('beoordeelde de codering op ACH-R3 ¶2 als in orde');
    expect(page.entries[0]?.target).toEqual({ kind: 'code', codeId: code });
    expect(page.entries[4]?.target).toMatchObject({ kind: 'source', sourceId, start: 15, end: 50 });
  });
});
