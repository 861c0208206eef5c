import { describe, expect, it } from 'vitest';
import { regioDealsTemplate } from '../../../core/shared/template/regio-deals.js';
import { tempProject } from '../helpers.js';

describe('Regio Deals template', () => {
  it('creates the four cases with their attributes', async () => {
    const p = await tempProject();
    const cases = await p.call('cases.list', {});
    expect(cases.map((c) => c.label.nl)).toEqual([
      'Achterhoek',
      'Den Haag Zuidwest',
      'Foodvalley',
      'Zuid- en Oost-Drenthe',
    ]);
    const foodvalley = cases.find((c) => c.key === 'foodvalley')!;
    expect(foodvalley.attributes.map((a) => [a.key, a.value])).toEqual([
      ['challenge-type', 'Groeipotentieel realiseren; fysieke leefomgeving'],
      ['tranche', '2'],
      ['pillars', 'Transitie landbouw; Voeding & gezondheid; Kennis & Innovatie'],
    ]);
  });

  it('builds the code tree: six principles with 3-6 under "opgavegericht werken", categories, phases, facets', async () => {
    const p = await tempProject();
    const codes = await p.call('codes.tree', {});
    const byKey = new Map(codes.map((c) => [c.key, c]));
    const group = byKey.get('opgavegericht-werken')!;
    const children = codes.filter((c) => c.parentId === group.id).map((c) => c.key);
    expect(children).toEqual([
      'regionale-afbakening',
      'multi-level',
      'multi-actor',
      'integrale-aanpak',
    ]);
    const leafPrinciples = codes.filter(
      (c) => c.dimension === 'principle' && c.key !== 'opgavegericht-werken',
    );
    expect(leafPrinciples).toHaveLength(6);
    expect(codes.filter((c) => c.dimension === 'category').map((c) => c.label.en)).toEqual([
      'Analytic-substantive',
      'Political-administrative',
      'Institutional',
    ]);
    expect(codes.filter((c) => c.dimension === 'phase').map((c) => c.label.nl)).toEqual([
      'Beleidsvorming',
      'Beleidsuitvoering',
    ]);
    expect(codes.filter((c) => c.dimension === 'facet').map((c) => c.key)).toEqual([
      'praktijk',
      'factor',
      'reflectie',
    ]);
    for (const c of codes) {
      expect(c.label.nl.length).toBeGreaterThan(0);
      expect(c.label.en.length).toBeGreaterThan(0);
    }
  });

  it('has roles, document types and expected dimensions', async () => {
    const p = await tempProject();
    const vocab = await p.call('vocabulary.list', {});
    expect(vocab.roles.map((r) => r.key)).toEqual(
      expect.arrayContaining([
        'rijksdealmaker',
        'programmaleiding',
        'trekker',
        'regionale-partner',
      ]),
    );
    expect(vocab.documentTypes.map((d) => d.key)).toEqual([
      'interview-report',
      'deal-text',
      'meeting-paper',
      'minutes',
      'internal-note',
      'presentation',
      'progress-report',
      'news-item',
      'other',
    ]);
    const info = await p.call('project.info', {});
    expect(info.expectedDimensions).toEqual(regioDealsTemplate.expectedDimensions);
  });

  it('allows a blank study whose code tree is built later', async () => {
    const p = await tempProject({ template: 'blank' });
    expect(await p.call('codes.tree', {})).toEqual([]);
    const parent = await p.call('codes.create', { label: { nl: 'Thema', en: 'Theme' } });
    const child = await p.call('codes.create', {
      parentId: parent.id,
      label: { nl: 'Vertrouwen', en: 'Trust' },
    });
    await p.call('codes.update', { id: child.id, label: { en: 'Mutual trust' }, color: '#228833' });
    const tree = await p.call('codes.tree', {});
    expect(tree.map((c) => [c.label.en, c.parentId])).toEqual([
      ['Theme', null],
      ['Mutual trust', parent.id],
    ]);
    await expect(
      p.call('codes.create', { parentId: 'nope', label: { nl: 'X', en: '' } }),
    ).rejects.toThrow(/No parent code with id nope/);
  });
});

describe('respondents', () => {
  it('lists respondents of all cases or of one case', async () => {
    const p = await tempProject({ demo: true });
    const all = await p.call('respondents.list', {});
    const cases = await p.call('cases.list', {});
    const achterhoek = cases.find((c) => c.key === 'achterhoek')!;
    const own = await p.call('respondents.list', { caseId: achterhoek.id });
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => r.caseId === achterhoek.id)).toBe(true);
    expect(all.length).toBeGreaterThan(own.length);
  });
});
