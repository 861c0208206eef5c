import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../../core/shared/contract/report.js';
import { flattenSections } from '../../../core/server/report/model.js';
import type { Coordinate } from '../../../core/shared/contract/synthesis.js';
import { addSource } from '../search/fixture.js';
import { REAL_NAME, reportStudy } from './fixture.js';

type Study = Awaited<ReturnType<typeof reportStudy>>;
let s: Study;
let model: ReportModel;
beforeAll(async () => {
  s = await reportStudy();
  model = await s.p.call('report.build', { caseId: s.fv, lang: 'nl' });
});

const sectionAt = (m: ReportModel, chapter: string, ...path: string[]) => {
  const ch = m.chapters.find((c) => c.key === chapter);
  let list = ch?.sections ?? [];
  let found;
  for (const key of path) {
    found = list.find((x) => x.key.endsWith(`/${key}`));
    list = found?.sections ?? [];
  }
  return found;
};

describe('the case report', () => {
  it('has a chapter per principle in template order, "opgavegericht werken" grouping 3-6', () => {
    expect(model.chapters.map((c) => [c.title, c.group])).toEqual([
      ['Brede welvaart centraal', null],
      ['Opgave en aanpak vanuit de regio', null],
      ['Regionale afbakening', 'Opgavegericht werken'],
      ['Samenwerking: multi-level', 'Opgavegericht werken'],
      ['Samenwerking: multi-actor', 'Opgavegericht werken'],
      ['Integrale aanpak', 'Opgavegericht werken'],
    ]);
    expect(model).toMatchObject({ caseLabel: 'Foodvalley', version: 1, lang: 'nl' });
    for (const ch of model.chapters)
      expect(ch.sections.map((x) => x.title)).toEqual([
        'Hoe gaat dit in de praktijk?',
        'Welke factoren spelen een rol?',
        'Reflectie',
      ]);
    const factors = sectionAt(model, s.code('multi-level'), 'factors');
    expect(factors?.sections.map((x) => x.title)).toEqual([
      'Analytisch-inhoudelijk',
      'Politiek-bestuurlijk',
      'Institutioneel',
    ]);
  });

  it('fills each section with the synthesis of its cell, quotations under pseudonym', () => {
    const practice = sectionAt(model, s.code('multi-level'), 'practice');
    expect(practice?.coordinate).toEqual(s.practice);
    expect(practice?.synthesis?.paragraphs).toEqual([
      'Het Rijk schoof pas laat aan. De regio bepaalde de agenda.',
      'De samenwerking groeide daarna.',
    ]);
    expect(practice?.synthesis?.quotes).toEqual([
      expect.objectContaining({
        n: 1,
        quote: 'Het Rijk sloot pas later aan bij de deal.',
        respondent: 'FV-R1',
        source: 'Interview FV-R1',
        location: '¶ 1',
      }),
    ]);
    // Written in the default matrix (principle × category × case): it is the factor section.
    const political = sectionAt(
      model,
      s.code('multi-level'),
      'factors',
      s.code('politiek-bestuurlijk'),
    );
    expect(political?.synthesis?.paragraphs).toEqual(['Bestuurlijk had de regio de regie.']);
    expect(political?.synthesis?.quotes[0]?.location).toBe('¶ 2');
    const reflection = sectionAt(model, s.code('brede-welvaart'), 'reflection');
    expect(reflection?.synthesis?.paragraphs).toEqual([
      'Eerder overleg met het Rijk had geholpen.',
    ]);
  });

  it('says where nothing is written yet, with the coded evidence there is', async () => {
    const empty = sectionAt(model, s.code('brede-welvaart'), 'practice');
    expect(empty).toMatchObject({ synthesis: null, evidence: 0 });
    // A passage coded but not written about yet.
    const text = (await s.p.call('sources.get', { id: s.sourceId })).text;
    await s.p.call('coding.apply', {
      sourceId: s.sourceId,
      start: 0,
      end: 8,
      codeIds: [s.code('integrale-aanpak'), s.code('praktijk')],
    });
    const now = await s.p.call('report.build', { caseId: s.fv, lang: 'nl' });
    expect(sectionAt(now, s.code('integrale-aanpak'), 'practice')).toMatchObject({
      synthesis: null,
      evidence: 1,
    });
    // 6 chapters × (practice + 3 factor categories + reflection) = 30 sections, 3 written.
    expect(now.missing).toBe(27);
    expect(text.length).toBeGreaterThan(8);
    const html = Buffer.from(
      (await s.p.call('report.export', { caseId: s.fv, format: 'html', lang: 'nl' })).base64,
      'base64',
    ).toString('utf8');
    expect(html).toContain('er is 1 gecodeerde passage over');
  });

  it('counts the evidence of every section as segment retrieval does: this case, sub-codes included', async () => {
    const t = await reportStudy();
    const other = (await t.p.call('cases.list', {})).find((c) => c.id !== t.fv)?.id ?? '';
    const sub = await t.p.call('codes.create', {
      parentId: t.code('praktijk'),
      dimension: 'facet',
      label: { nl: 'Praktijkvoorbeeld', en: 'Case in point' },
    });
    const code = async (sourceId: string, start: number, end: number, codeIds: string[]) =>
      t.p.call('coding.apply', { sourceId, start, end, codeIds });
    // In Foodvalley: a passage under a sub-code of "praktijk", one with a principle only.
    await code(t.sourceId, 0, 8, [t.code('multi-level'), sub.id]);
    await code(t.sourceId, 9, 20, [t.code('multi-level')]);
    // In another case, the same codes: they are not this case's evidence.
    const elsewhere = addSource(t.p, {
      title: 'Interview elders',
      caseKey: (await t.p.call('cases.list', {})).find((c) => c.id === other)?.key ?? '',
      paragraphs: ['Het Rijk was er vanaf het begin bij.'],
    });
    await code(elsewhere, 0, 8, [t.code('multi-level'), t.code('praktijk')]);

    const built = await t.p.call('report.build', { caseId: t.fv, lang: 'nl' });
    const retrieved = async (c: Coordinate) =>
      (
        await t.p.call('segments.query', {
          caseIds: c.case ? [c.case] : undefined,
          principles: c.principle ? [c.principle] : undefined,
          categories: c.category ? [c.category] : undefined,
          facets: c.facet ? [c.facet] : undefined,
          limit: 1,
          context: 0,
        })
      ).total;
    const sections = flattenSections(built);
    expect(sections).toHaveLength(36);
    for (const { section, path } of sections)
      expect([path.join(' / '), section.evidence]).toEqual([
        path.join(' / '),
        await retrieved(section.coordinate),
      ]);
    // Multi-level in practice: the passage coded "praktijk" and the one under its sub-code.
    expect(sectionAt(built, t.code('multi-level'), 'practice')?.evidence).toBe(2);
    // The political factors of multi-level, written in the default matrix: the passage there.
    expect(
      sectionAt(built, t.code('multi-level'), 'factors', t.code('politiek-bestuurlijk'))?.evidence,
    ).toBe(1);
  });

  it('introduces the case: attributes, sources by type and date, respondents by pseudonym and role', () => {
    expect(model.intro.attributes.map((a) => a.label)).toContain('Type regionale opgave');
    expect(model.intro.sources).toEqual([
      { title: 'Interview FV-R1', type: 'Interviewverslag', date: null },
    ]);
    expect(model.intro.respondents).toEqual([
      { pseudonym: 'FV-R1', role: 'Rijksdealmaker' },
      { pseudonym: 'FV-R2', role: 'Programmaleiding' },
    ]);
  });

  it('DOCX: Word headings that build a table of contents, quotations in the Quote style, sources in footnotes', async () => {
    const file = await s.p.call('report.export', { caseId: s.fv, format: 'docx', lang: 'nl' });
    expect(file.fileName).toBe('casusrapport-foodvalley-v1.docx');
    const parts = unzipSync(new Uint8Array(Buffer.from(file.base64, 'base64')));
    const doc = strFromU8(parts['word/document.xml'] as Uint8Array);
    const styles = strFromU8(parts['word/styles.xml'] as Uint8Array);
    const notes = strFromU8(parts['word/footnotes.xml'] as Uint8Array);
    expect(doc).toContain('<w:pStyle w:val="Heading1"/>');
    expect(doc).toContain('<w:pStyle w:val="Heading2"/>');
    expect(doc).toMatch(/TOC \\\\h|TOC \\h/);
    expect(doc).toContain('<w:pStyle w:val="Quote"/>');
    expect(doc).toContain('“Het Rijk sloot pas later aan bij de deal.”');
    expect(styles).toContain('w:styleId="Quote"');
    expect(notes).toContain('FV-R1, Interview FV-R1, ¶ 1');
    expect(doc).toContain('Concept ter validatie');
  });

  it('never names a respondent: the real name the team recorded is in no report, export or log line', async () => {
    const files = [
      await s.p.call('report.export', { caseId: s.fv, format: 'docx', lang: 'nl' }),
      await s.p.call('report.export', { caseId: s.fv, format: 'html', lang: 'en' }),
    ];
    for (const f of files) {
      const bytes = Buffer.from(f.base64, 'base64');
      const texts = f.fileName.endsWith('.docx')
        ? Object.values(unzipSync(new Uint8Array(bytes))).map((x) => strFromU8(x))
        : [bytes.toString('utf8')];
      for (const t of texts) expect(t).not.toContain(REAL_NAME);
    }
    const matrix = await s.p.call('matrix.export', {
      spec: { rows: { dim: 'principle' }, cols: { dim: 'case' } },
      format: 'html',
    });
    expect(Buffer.from(matrix.base64, 'base64').toString('utf8')).not.toContain(REAL_NAME);
    const log = s.p.db.prepare('SELECT before, after FROM change_log').all() as {
      before: string | null;
      after: string | null;
    }[];
    expect(log.some((l) => `${l.before}${l.after}`.includes(REAL_NAME))).toBe(false);
    expect(JSON.stringify(await s.p.call('respondents.list', {}))).not.toContain(REAL_NAME);
    // The team did record it, where it belongs.
    const stored = s.p.db.prepare('SELECT real_name FROM respondents WHERE id = ?').get(s.r1);
    expect(stored).toEqual({ real_name: REAL_NAME });
  });
});

describe('a study without a report plan (blank template)', () => {
  it('has a chapter per code of its own, each reporting the cell of that code and the case', async () => {
    const { tempProject } = await import('../helpers.js');
    const p = await tempProject({ template: 'blank' });
    const kase = await p.call('cases.create', { label: { nl: 'Noord', en: 'North' } });
    const a = await p.call('codes.create', {
      label: { nl: 'Vertrouwen', en: 'Trust' },
      dimension: 'free',
      parentId: null,
    });
    await p.call('codes.create', {
      label: { nl: 'Geld', en: 'Money' },
      dimension: 'free',
      parentId: null,
    });
    await p.call('matrix.synthesis.save', {
      at: { coordinate: { free: a.id, case: kase.id } },
      body: '',
      bodyText: 'Het vertrouwen groeide.',
    });
    const m = await p.call('report.build', { caseId: kase.id, lang: 'en' });
    expect(m.chapters.map((c) => c.title)).toEqual(['Trust', 'Money']);
    expect(m.chapters[0]?.sections[0]?.synthesis?.paragraphs).toEqual(['Het vertrouwen groeide.']);
    expect(m.missing).toBe(1);
  });
});
