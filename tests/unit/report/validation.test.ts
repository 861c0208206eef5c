import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { reportStudy } from './fixture.js';

describe('respondent validation of a case report', () => {
  it('a round with two answers and three corrections through every state; validated only when confirmed', async () => {
    const s = await reportStudy();
    const { p, fv } = s;
    const round = await p.call('validation.createRound', {
      caseId: fv,
      respondentIds: [s.r1, s.r2],
      sentOn: '2020-11-02',
    });
    expect(round).toMatchObject({ number: 1, sentOn: '2020-11-02', version: { number: 1 } });
    expect(round.answers.map((a) => [a.respondent, a.status])).toEqual([
      ['FV-R1', 'none'],
      ['FV-R2', 'none'],
    ]);
    // The version it sent is kept, with the exact synthesis versions.
    const versions = await p.call('report.versions', { caseId: fv });
    expect(versions.map((v) => [v.number, v.rounds])).toEqual([[1, [1]]]);
    const stored = p.db.prepare('SELECT syntheses FROM report_versions').get() as {
      syntheses: string;
    };
    expect(JSON.parse(stored.syntheses)).toHaveLength(3);

    let status = await p.call('validation.status', { caseId: fv });
    expect(status).toMatchObject({ canConfirm: false, allAnswered: false, cellsToValidate: 3 });
    expect(status.blockers).toEqual([
      {
        kind: 'waiting',
        who: ['FV-R1', 'FV-R2'],
        n: 1,
        text: 'No answer yet from FV-R1, FV-R2 (round 1).',
      },
    ]);

    await p.call('validation.answer', {
      roundId: round.id,
      respondentId: s.r1,
      status: 'approved',
      comment: 'Klopt.',
    });
    const c1 = await p.call('validation.correct', {
      roundId: round.id,
      respondentId: s.r2,
      anchor: { coordinate: s.practice },
      text: 'Het Rijk sloot aan in maart, niet in mei.',
    });
    const c2 = await p.call('validation.correct', {
      roundId: round.id,
      respondentId: s.r2,
      anchor: { segmentId: s.s1 },
      text: 'Zo heb ik het niet gezegd.',
    });
    const c3 = await p.call('validation.correct', {
      roundId: round.id,
      respondentId: s.r2,
      anchor: { coordinate: s.reflection },
      text: 'Een kleine nuance.',
    });
    expect([c1.where, c2.where]).toEqual([
      'Samenwerking: multi-level × Praktijk × Foodvalley',
      '“Het Rijk sloot pas later aan bij de deal.”',
    ]);
    status = await p.call('validation.status', { caseId: fv });
    // Asking for corrections counts as an answer ("approved with corrections").
    expect(status.rounds[0]?.answers.map((a) => a.status)).toEqual(['approved', 'corrections']);
    expect(status).toMatchObject({ allAnswered: true, openCorrections: 3, canConfirm: false });

    // Accepted with an edit of the section's synthesis: one more version in its history.
    const edited =
      'Het Rijk schoof in maart aan. De regio bepaalde de agenda.\n\nDe samenwerking groeide daarna.';
    const a1 = await p.call('validation.resolve', {
      correctionId: c1.id,
      decision: 'accept',
      synthesis: { body: s.body(edited), bodyText: edited },
    });
    expect(a1).toMatchObject({ state: 'accepted', handledBy: 'Anna de Vries' });
    expect(a1.synthesisId).toBeTruthy();
    const history = await p.call('matrix.synthesis.history', { at: { coordinate: s.practice } });
    expect(history[0]).toMatchObject({ action: 'validation.resolve', bodyText: edited });
    // A passage in a source cannot be edited: rejected (with a reason) or handled by a new version.
    await expect(
      p.call('validation.resolve', {
        correctionId: c2.id,
        decision: 'accept',
        synthesis: { body: '', bodyText: 'x' },
      }),
    ).rejects.toThrow(/quoted passage: the source text cannot change/);
    await expect(
      p.call('validation.resolve', { correctionId: c2.id, decision: 'reject' }),
    ).rejects.toThrow(/Say why/);
    const r2 = await p.call('validation.resolve', {
      correctionId: c2.id,
      decision: 'reject',
      reason: 'Het verslag is door de respondent goedgekeurd.',
    });
    expect(r2.state).toBe('rejected');
    await expect(
      p.call('validation.resolve', { correctionId: c2.id, decision: 'accept' }),
    ).rejects.toThrow(/rejected already/);

    // One correction open: nothing moves to "validated", and confirming is refused.
    await expect(p.call('validation.confirm', { caseId: fv })).rejects.toThrow(
      /1 correction is still open/,
    );
    const cells = async () =>
      (await p.call('matrix.synthesis.list', {})).map((c) => c.status).sort();
    expect(await cells()).toEqual(['draft', 'draft', 'draft']);
    await p.call('validation.resolve', { correctionId: c3.id, decision: 'accept' });
    status = await p.call('validation.status', { caseId: fv });
    expect(status).toMatchObject({ canConfirm: true, openCorrections: 0, blockers: [] });
    // Still not validated until the researcher confirms.
    expect(await cells()).toEqual(['draft', 'draft', 'draft']);
    expect(await p.call('validation.confirm', { caseId: fv })).toEqual({ validated: 3 });
    expect(await cells()).toEqual(['validated', 'validated', 'validated']);
  });

  it('refuses what does not belong to the round, naming it', async () => {
    const s = await reportStudy();
    const { p, fv } = s;
    const ach = (await p.call('cases.list', {})).find((c) => c.key === 'achterhoek')!.id;
    await expect(
      p.call('validation.createRound', { caseId: ach, respondentIds: [s.r1] }),
    ).rejects.toThrow(/FV-R1 is not a respondent of this case/);
    const round = await p.call('validation.createRound', { caseId: fv, respondentIds: [s.r1] });
    await expect(
      p.call('validation.answer', { roundId: round.id, respondentId: s.r2, status: 'approved' }),
    ).rejects.toThrow(/FV-R2 was not sent round 1/);
    const correct = (coordinate: Record<string, string>) =>
      p.call('validation.correct', {
        roundId: round.id,
        respondentId: s.r1,
        anchor: { coordinate },
        text: 'x',
      });
    await expect(correct({ principle: s.code('multi-level'), case: fv })).rejects.toThrow(
      /"Samenwerking: multi-level × Foodvalley" fits 5 sections of report version 1: .*Reflectie — name one more dimension/,
    );
    await expect(correct({ principle: s.code('multi-level'), case: ach })).rejects.toThrow(
      /"Samenwerking: multi-level × Achterhoek" is not a section of report version 1/,
    );
    // Principle and category name the factor section, whatever else it fixes.
    const ok = await correct({
      principle: s.code('multi-level'),
      category: s.code('institutioneel'),
    });
    expect(ok.where).toBe('Samenwerking: multi-level × Institutioneel × Factor × Foodvalley');
  });

  it('regenerates after corrections and shows what changed since the version respondents saw', async () => {
    const s = await reportStudy();
    const { p, fv } = s;
    const round = await p.call('validation.createRound', {
      caseId: fv,
      respondentIds: [s.r1, s.r2],
    });
    // Nothing changed yet.
    expect((await p.call('report.diff', { caseId: fv, from: round.id })).sections).toEqual([]);
    const edited =
      'Het Rijk schoof in maart aan. De regio bepaalde de agenda.\n\nDe samenwerking groeide daarna.';
    await p.call('matrix.synthesis.save', {
      at: { coordinate: s.practice },
      body: s.body(edited),
      bodyText: edited,
    });
    await p.call('matrix.synthesis.uncite', { at: { coordinate: s.reflection }, segmentId: s.s3 });
    const diff = await p.call('report.diff', { caseId: fv, from: round.id });
    expect(diff.from).toMatchObject({ number: 1 });
    expect(diff.to.number).toBeNull();
    // In report order: principle 1's reflection comes before principle 4.
    expect(diff.sections).toEqual([
      {
        key: `${s.code('brede-welvaart')}/reflection`,
        title: 'Brede welvaart centraal › Reflectie',
        changes: [
          {
            kind: 'removed',
            before: '“Achteraf hadden we eerder met de ministeries moeten praten.” (FV-R1)',
            after: null,
          },
        ],
      },
      {
        key: `${s.code('multi-level')}/practice`,
        title: 'Samenwerking: multi-level › Hoe gaat dit in de praktijk?',
        changes: [
          {
            kind: 'changed',
            before: 'Het Rijk schoof pas laat aan.',
            after: 'Het Rijk schoof in maart aan.',
          },
        ],
      },
    ]);
    // A new version, and the changes as a document for respondents.
    const v2 = await p.call('report.save', { caseId: fv, lang: 'nl' });
    expect(v2.number).toBe(2);
    expect((await p.call('report.save', { caseId: fv, lang: 'nl' })).id).toBe(v2.id);
    const between = await p.call('report.diff', { caseId: fv, from: round.id, to: v2.id });
    expect(between.to.number).toBe(2);
    expect(between.sections).toHaveLength(2);
    const docx = await p.call('report.export', {
      caseId: fv,
      format: 'docx',
      versionId: v2.id,
      diffFrom: round.id,
    });
    expect(docx.fileName).toBe('casusrapport-foodvalley-v2-wijzigingen-sinds-v1.docx');
    const xml = strFromU8(
      unzipSync(new Uint8Array(Buffer.from(docx.base64, 'base64')))[
        'word/document.xml'
      ] as Uint8Array,
    );
    expect(xml).toContain('Wat is veranderd sinds versie 1');
    expect(xml).toContain('Het Rijk schoof in maart aan.');
    expect(xml).toContain('<w:strike/>');
    const html = Buffer.from(
      (await p.call('report.export', { caseId: fv, format: 'html', diffFrom: round.id })).base64,
      'base64',
    ).toString('utf8');
    expect(html).toContain('<ins>Het Rijk schoof in maart aan.</ins>');
    expect(html).toContain('<del>Het Rijk schoof pas laat aan.</del>');
  });
});
