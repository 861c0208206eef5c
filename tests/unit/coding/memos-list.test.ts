import { describe, expect, it } from 'vitest';
import { tempProject, withCoder } from '../helpers.js';

describe('the memo overview (memos.list)', () => {
  it('lists every memo that says something with its target named, its author and where to open it', async () => {
    const p = await tempProject({ demo: true });
    await withCoder(p, 'Marieke Jansen');
    const [source] = await p.call('sources.list', {});
    if (!source) throw new Error('the demo study has sources');
    const codes = await p.call('codes.tree', {});
    const code = codes.find((c) => c.key === 'brede-welvaart');
    const [kase] = await p.call('cases.list', {});
    const segments = await p.call('segments.forSource', { sourceId: source.id });
    const segment = segments[0];
    if (!code || !kase || !segment) throw new Error('the demo study has codes, cases, segments');
    const before = (await p.call('memos.list', {})).length;

    const save = (
      targetType: 'project' | 'case' | 'source' | 'code' | 'segment',
      targetId: string,
      text: string,
    ) => p.call('memos.save', { targetType, targetId, body: '', bodyText: text });
    await save('source', source.id, 'Bron: let op de datum.');
    await save('code', code.id, 'Code: brede welvaart breed opvatten.');
    await save('case', kase.id, 'Casus: sterke trekker.');
    await save('segment', segment.id, 'Segment: kernpassage.');
    await save('project', '', 'Project: plan van aanpak.');
    await save('source', (await p.call('sources.list', {}))[1]?.id ?? '', '   ');

    const list = await p.call('memos.list', {});
    // The memo with only spaces is no memo; the five written are there, newest first.
    expect(list.length).toBe(before + 5);
    expect(list.slice(0, 5).map((m) => m.targetType)).toEqual([
      'project',
      'segment',
      'case',
      'code',
      'source',
    ]);
    const of = (type: string) => list.find((m) => m.targetType === type && m.author);
    expect(of('source')).toMatchObject({
      targetId: source.id,
      target: { label: { nl: source.title }, sourceId: source.id, range: null, quote: null },
      author: { name: 'Marieke Jansen' },
      text: 'Bron: let op de datum.',
    });
    expect(of('code')?.target).toMatchObject({ label: code.label, sourceId: null });
    expect(of('case')?.target.label).toEqual(kase.label);
    expect(of('segment')?.target).toMatchObject({
      label: { nl: source.title },
      sourceId: source.id,
      range: { start: segment.start, end: segment.end },
    });
    expect(of('segment')?.target.quote).toBe(
      segment.text.length > 200 ? `${segment.text.slice(0, 199).trimEnd()}…` : segment.text,
    );
    const info = await p.call('project.info', {});
    expect(of('project')?.target.label.nl).toBe(info.name);
  });
});
