import { beforeAll, describe, expect, it } from 'vitest';
import { checkShowing } from '../../../core/server/review/audience.js';
import { Lens } from '../../../core/server/confidentiality/lens.js';
import type { Audience } from '../../../core/shared/contract/confidentiality.js';
import type { AudienceState } from '../../../core/shared/contract/review.js';
import { CasusError } from '../../../core/shared/errors.js';
import type { TestProject } from '../helpers.js';
import { caseIdOf, codeIdOf, frameworkCell, reviewStudy } from '../review/fixture.js';

/*
 * The group review for an audience (issue 17): names planted in a source quoted to the room, a
 * synthesis, a participant who is a respondent, a remark in the footer and the session title.
 * The audience screen (review.present, review.live) and the minutes (HTML, DOCX) for
 * respondents and the public carry none of them (zero leak hits); for the team they do, so the
 * check can fail.
 */

const PLANTED_SOURCE =
  'Jan de Vries vertelde dat Dutch Techzone in Hardenberg de trekker was van de aanpak.';
const NAMES = ['Jan de Vries', 'De Vries', 'Dutch Techzone', 'Hardenberg'];

type Showing = Extract<AudienceState, { kind: 'showing' }>;

let p: TestProject;
let sessionId = '';
let itemId = '';
let remarkId = '';

beforeAll(async () => {
  const study = await reviewStudy();
  p = study.p;
  const session = await p.call('review.sessions.update', {
    id: study.session.id,
    title: 'Terugkoppeling Hardenberg',
  });
  sessionId = session.id;
  const respondent = (await p.call('respondents.list', {})).find((r) => r.pseudonym === 'ACH-R1');
  if (!respondent) throw new Error('the demo study lacks ACH-R1');
  await p.call('respondents.update', { id: respondent.id, realName: 'Jan de Vries' });
  await p.call('names.add', {
    kind: 'organisation',
    term: 'Dutch Techzone',
    replacement: '[netwerk]',
  });
  await p.call('names.add', { kind: 'place', term: 'Hardenberg', replacement: '[gemeente]' });
  const imported = await p.call('import.file', {
    file: {
      fileName: 'gesprek.txt',
      dataBase64: Buffer.from(PLANTED_SOURCE).toString('base64'),
    },
    caseId: caseIdOf(p, 'achterhoek'),
    documentType: 'interview-report',
    respondent: { id: respondent.id },
  });
  if (imported.status !== 'imported') throw new Error('the planted source was not imported');
  const segment = await p.call('coding.apply', {
    sourceId: imported.source.id,
    start: 0,
    end: PLANTED_SOURCE.length,
    codeIds: [codeIdOf(p, 'multi-level'), codeIdOf(p, 'institutioneel')],
  });
  const cell = frameworkCell(p, 'multi-level', 'institutioneel', 'achterhoek');
  const item = await p.call('review.items.add', {
    sessionId,
    matrix: 'framework',
    focus: { kind: 'cell', ...cell },
    question: 'Klopt het beeld van Hardenberg?',
    show: { quotes: 10, syntheses: true, counts: true },
  });
  itemId = item.id;
  await p.call('matrix.synthesis.save', {
    at: { spec: item.spec, row: cell.row, col: cell.col },
    body: '',
    bodyText: 'Volgens Jan de Vries werkt de samenwerking met Dutch Techzone goed.',
  });
  await p.call('matrix.synthesis.cite', {
    at: { spec: item.spec, row: cell.row, col: cell.col },
    segmentId: segment.id,
  });
  // The respondent is in the room, named in the minutes.
  const jan = await p.call('review.participants.save', {
    sessionId,
    name: 'Jan de Vries',
    organisation: 'Dutch Techzone',
    caseRef: 'achterhoek',
    role: 'trekker',
  });
  const remark = await p.call('review.remarks.add', {
    sessionId,
    item: 1,
    tag: 'disputed',
    text: 'In Hardenberg ging het anders.',
    by: jan.id,
  });
  remarkId = remark.id;
}, 60_000);

const present = async (audience?: Audience): Promise<Showing> => {
  const shown = await p.call('review.present', {
    sessionId,
    itemId,
    footerRemarkId: remarkId,
    ...(audience ? { audience } : {}),
  });
  if (shown.kind !== 'showing') throw new Error('not showing');
  return shown;
};

const leakHits = async (base64: string, fileName: string) =>
  (await p.call('confidentiality.leakCheck', { data: base64, fileName })).hits;

describe('the audience screen of a group review', () => {
  it('shows respondents the replacements, not the planted names, by default', async () => {
    const shown = await present();
    expect(shown.audience).toEqual({ kind: 'respondents', hideCases: false });
    const json = JSON.stringify(shown);
    for (const name of NAMES) expect(json, name).not.toContain(name);
    const cell = shown.snapshot.cells[0];
    expect(cell?.synthesis?.text).toBe('Volgens ACH-R1 werkt de samenwerking met [netwerk] goed.');
    expect(cell?.quotes.map((q) => q.text)).toContain(
      'ACH-R1 vertelde dat [netwerk] in [gemeente] de trekker was van de aanpak.',
    );
    expect(shown.snapshot.question).toBe('Klopt het beeld van [gemeente]?');
    expect(shown.session.title).toBe('Terugkoppeling [gemeente]');
    expect(shown.footer).toMatchObject({ text: 'In [gemeente] ging het anders.', by: 'ACH-R1' });
    // What every screen in the room gets is the same.
    expect(JSON.stringify(await p.call('review.live', {}))).toBe(json);
  });

  it('shows the public no case names when hidden, and dates to the month', async () => {
    const shown = await present({ kind: 'public', hideCases: true });
    const json = JSON.stringify(shown);
    for (const name of [...NAMES, 'Achterhoek']) expect(json, name).not.toContain(name);
    expect(shown.session.date).toBe('2022-03');
    expect(shown.snapshot.cols[0]?.label.nl).toBe('Casus A');
  });

  it('shows the team everything as it is (so the check has something to find)', async () => {
    const shown = await present({ kind: 'team', hideCases: false });
    const json = JSON.stringify(shown);
    expect(json).toContain('Dutch Techzone');
    expect(json).toContain('Hardenberg');
    // Removing the remark in the footer shows the item again, to the same audience.
    const extra = await p.call('review.remarks.add', {
      sessionId,
      item: 1,
      tag: 'question',
      text: 'Een vraag over Hardenberg.',
    });
    const shownPublic = await p.call('review.present', {
      sessionId,
      itemId,
      footerRemarkId: extra.id,
      audience: { kind: 'public', hideCases: false },
    });
    expect(JSON.stringify(shownPublic)).not.toContain('Hardenberg');
    await p.call('review.remarks.remove', { id: extra.id });
    const live = await p.call('review.live', {});
    if (live.kind !== 'showing') throw new Error('not showing');
    expect(live.footer).toBeNull();
    expect(live.audience.kind).toBe('public');
    expect(JSON.stringify(live)).not.toContain('Hardenberg');
  });

  it('is kept from the room when a register term would remain, without naming it', () => {
    const lens = new Lens({ kind: 'respondents', hideCases: false }, [
      { id: 't1', kind: 'place', forms: ['Hardenberg'], replacement: '[gemeente]' },
    ]);
    const state = {
      kind: 'showing',
      lang: 'nl',
      audience: { kind: 'respondents', hideCases: false },
      session: { id: 's', title: 'Terugkoppeling Hardenberg', date: '2022-03-14' },
    } as unknown as Omit<Showing, 'seq'>;
    let error: unknown;
    try {
      checkShowing(state, lens);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CasusError);
    expect((error as CasusError).code).toBe('leak_found');
    expect((error as CasusError).message).toMatch(/Not shown to the room \(respondents\)/);
    expect((error as CasusError).message).not.toContain('Hardenberg');
  });
});

describe('the minutes of a group review', () => {
  it('carry no register term for respondents or the public, in either format', async () => {
    for (const audience of [
      { kind: 'respondents', hideCases: false },
      { kind: 'public', hideCases: false },
      { kind: 'public', hideCases: true },
    ] as const)
      for (const format of ['html', 'docx'] as const) {
        const file = await p.call('review.minutes', { sessionId, format, lang: 'nl', audience });
        const where = `${audience.kind}${audience.hideCases ? ' (hidden)' : ''} ${format}`;
        expect(await leakHits(file.base64, file.filename), where).toEqual([]);
        expect(file.check, where).toMatchObject({ audience: audience.kind });
        expect(file.check?.replaced, where).toBeGreaterThan(0);
        const bytes = Buffer.from(file.base64, 'base64').toString();
        for (const name of NAMES) expect(bytes, `${where}: ${name}`).not.toContain(name);
        if (format === 'html') {
          expect(bytes).toContain('[gemeente]');
          expect(bytes).toContain('ACH-R1 (');
        }
      }
  });

  it('are made for respondents when nobody says, and hold the names for the team', async () => {
    const byDefault = await p.call('review.minutes', { sessionId, format: 'html', lang: 'nl' });
    expect(byDefault.check?.audience).toBe('respondents');
    expect(byDefault.filename).not.toContain('Hardenberg');
    expect(byDefault.filename).toContain('gemeente');
    const team = await p.call('review.minutes', {
      sessionId,
      format: 'html',
      lang: 'nl',
      audience: { kind: 'team', hideCases: false },
    });
    expect(team.check).toBeNull();
    const hits = await leakHits(team.base64, team.filename);
    expect(hits.length).toBeGreaterThan(0);
    // Described without the term, also where the file's own name holds it.
    expect(JSON.stringify(hits)).not.toContain('Hardenberg');
  });
});
