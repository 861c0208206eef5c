import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeParseWorkers } from '../../../core/server/import/worker.js';
import { tempProject, withCoder, type TestProject } from '../helpers.js';
import { makeTeamsDocx } from './docx-fixture.js';

afterAll(() => closeParseWorkers());

const fixture = (name: string) =>
  readFileSync(new URL(`../../../fixtures/transcripts/${name}`, import.meta.url));
const file = (fileName: string, bytes: Uint8Array = fixture(fileName)) => ({
  fileName,
  dataBase64: Buffer.from(bytes).toString('base64'),
});

let p: TestProject;
let coderId: string;
let caseId: string;

beforeAll(async () => {
  p = await tempProject();
  coderId = await withCoder(p, 'Test Coder');
  caseId = (await p.call('cases.create', { label: { nl: 'Twente', en: 'Twente' } })).id;
});

/** Every text the project stores about its sources, to search for a name. */
function storedText(): string {
  const rows = p.db
    .prepare(
      `SELECT s.title, s.original_name, s.text, f.bytes FROM sources s
       JOIN source_files f ON f.source_id = s.id`,
    )
    .all() as { title: string; original_name: string; text: string; bytes: Buffer }[];
  const blocks = p.db.prepare('SELECT text FROM blocks').all() as { text: string }[];
  const log = p.db.prepare('SELECT * FROM change_log').all();
  return [
    ...rows.flatMap((r) => [r.title, r.original_name, r.text, r.bytes.toString('utf8')]),
    ...blocks.map((b) => b.text),
    JSON.stringify(log),
  ].join('\n');
}

describe('importing a transcript', () => {
  it('lists the speakers of a file before the import', async () => {
    const r = await p.call('transcripts.inspect', { file: file('interview-voices.vtt') });
    expect(r.status).toBe('transcript');
    if (r.status !== 'transcript') return;
    expect(r.speakers.map((s) => [s.name, s.turns])).toEqual([
      ['Anneke Jansen', 3],
      ['Jürgen Müller-Öztürk', 3],
    ]);
    expect(r.speakers[0]!.firstWords).toContain('Welkom!');
    const doc = await p.call('transcripts.inspect', {
      file: file('verslag.txt', new TextEncoder().encode('Een verslag.\nMet zinnen.\n')),
    });
    expect(doc.status).toBe('document');
    const bad = await p.call('transcripts.inspect', {
      file: file('kapot.vtt', new TextEncoder().encode('WEBVTT\n\nniets\n')),
    });
    expect(bad).toMatchObject({ status: 'failed', reason: 'corrupt' });
  });

  it('maps speakers: "I:" and "R:" turns as blocks, real names only in the register', async () => {
    const r = await p.call('transcripts.import', {
      file: file('Interview Jürgen Müller-Öztürk.vtt', fixture('interview-voices.vtt')),
      caseId,
      documentType: 'interview-report',
      speakers: [
        { name: 'Anneke Jansen', as: 'interviewer', coderId },
        {
          name: 'Jürgen Müller-Öztürk',
          as: 'respondent',
          respondent: { pseudonym: 'TW-R1', role: 'programmaleiding' },
        },
      ],
    });
    expect(r.status).toBe('imported');
    if (r.status !== 'imported') return;
    expect(r.turns).toBe(6);
    expect(r.speakers).toEqual([
      { name: 'Anneke Jansen', label: 'I', role: 'interviewer', turns: 3 },
      { name: 'Jürgen Müller-Öztürk', label: 'R', role: 'respondent', turns: 3 },
    ]);
    expect(r.source).toMatchObject({
      title: 'Interview R',
      kind: 'interview',
      respondentPseudonym: 'TW-R1',
    });
    const source = await p.call('sources.get', { id: r.source.id });
    expect(source.text.split('\n')[0]).toBe(
      'I: Welkom! Fijn dat u tijd hebt voor dit gesprek. Kunt u vertellen hoe de Regio Deal begon?',
    );
    expect(source.blocks).toHaveLength(6);
    expect(source.text).toContain('R: Ja, zeker. In 2018 zaten we met de gemeenten aan tafel 🤝');

    const { turns, speakers } = await p.call('transcripts.turns', { sourceId: r.source.id });
    expect(turns.map((t) => [t.speaker, t.startMs, t.endMs])).toEqual([
      ['I', 1000, 8000],
      ['R', 7600, 17000],
      ['I', 16500, 18000],
      ['R', 18000, 24000],
      ['I', 24000, 27500],
      ['R', 24000, 31000],
    ]);
    // The words start after the label; each turn is its block.
    for (const t of turns) {
      expect(source.blocks[t.block]).toMatchObject({ start: t.start, end: t.end });
      expect(source.text.slice(t.start, t.wordsStart)).toBe(`${t.speaker}: `);
    }
    expect(speakers.find((s) => s.label === 'I')).toMatchObject({ ref: coderId, turns: 3 });

    // No real name of a speaker anywhere in what is stored about the source, nor in the log.
    const stored = storedText();
    expect(stored).not.toContain('Müller');
    expect(stored).not.toContain('Anneke Jansen');
    // The respondent's real name is in the confidential register, and only there.
    const real = p.db
      .prepare('SELECT real_name FROM respondents WHERE pseudonym = ?')
      .get('TW-R1') as { real_name: string };
    expect(real.real_name).toBe('Jürgen Müller-Öztürk');
  });

  it('the same file mapped the same way is a duplicate, and leaves nothing behind', async () => {
    const count = (table: string) =>
      (p.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const before = [count('sources'), count('respondents'), count('change_log')];
    const r = await p.call('transcripts.import', {
      file: file('kopie.vtt', fixture('interview-voices.vtt')),
      caseId,
      speakers: [
        { name: 'Anneke Jansen', as: 'interviewer', coderId },
        {
          name: 'Jürgen Müller-Öztürk',
          as: 'respondent',
          respondent: { pseudonym: 'TW-R9', role: 'programmaleiding' },
        },
      ],
    });
    expect(r.status).toBe('duplicate');
    // The respondent the mapping would have made is not there either.
    expect([count('sources'), count('respondents'), count('change_log')]).toEqual(before);
  });

  it('unmapped speakers become others; name labels, timestamps and "(Gast)" merged', async () => {
    const r = await p.call('transcripts.import', {
      file: file('teams.vtt'),
      caseId,
      labels: 'name',
      timestamps: true,
      speakers: [
        {
          name: 'Zoë Çelik (Gast)',
          as: 'respondent',
          respondent: { pseudonym: 'TW-R2', role: 'programmaleiding' },
        },
      ],
    });
    if (r.status !== 'imported') throw new Error(r.status);
    expect(r.speakers.map((s) => s.label)).toEqual(['S1', 'TW-R2']);
    const source = await p.call('sources.get', { id: r.source.id });
    expect(source.text.split('\n')[1]).toMatch(/^\[0:09\] TW-R2: Ja hoor, dat is prima\./);
    expect(source.text).not.toContain('Sanne');
    const real = p.db
      .prepare('SELECT real_name FROM respondents WHERE pseudonym = ?')
      .get('TW-R2') as { real_name: string };
    expect(real.real_name).toBe('Zoë Çelik');
  });

  it('SRT, a Teams .txt and a Teams .docx import with their turns', async () => {
    for (const [name, bytes, count] of [
      ['interview.srt', fixture('interview.srt'), 4],
      ['teams-transcript.txt', fixture('teams-transcript.txt'), 4],
      ['teams.docx', await makeTeamsDocx(), 4],
    ] as const) {
      const r = await p.call('transcripts.import', { file: file(name, bytes), caseId });
      expect(r.status, name).toBe('imported');
      if (r.status === 'imported') expect(r.turns, name).toBe(count);
    }
  });

  it('a mapping naming a speaker the file lacks is refused, and nothing is written', async () => {
    const before = (p.db.prepare('SELECT count(*) AS n FROM sources').get() as { n: number }).n;
    await expect(
      p.call('transcripts.import', {
        file: file(
          'kort.vtt',
          new TextEncoder().encode('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Jan>Hoi</v>\n'),
        ),
        caseId,
        speakers: [{ name: 'Piet', as: 'interviewer' }],
      }),
    ).rejects.toThrow(/No speaker "Piet" in the transcript; its speakers are: "Jan"/);
    expect((p.db.prepare('SELECT count(*) AS n FROM sources').get() as { n: number }).n).toBe(
      before,
    );
  });

  it('a .txt that is no transcript is refused, or imported as a document when asked', async () => {
    const bytes = new TextEncoder().encode('Verslag van het overleg.\n\nDe wethouder opende.\n');
    const refused = await p.call('transcripts.import', {
      file: file('verslag.txt', bytes),
      caseId,
    });
    expect(refused).toMatchObject({ status: 'failed', reason: 'unsupported' });
    if (refused.status === 'failed')
      expect(refused.message).toContain('not a Teams or Zoom transcript');
    const doc = await p.call('transcripts.import', {
      file: file('verslag.txt', bytes),
      caseId,
      fallback: 'document',
    });
    expect(doc).toMatchObject({ status: 'imported', asDocument: true, turns: 0 });
  });
});

describe('coding by speaker', () => {
  it('codes every turn of the respondent, not the labels, as one undoable action', async () => {
    const r = await p.call('transcripts.import', {
      file: file(
        'zoom.srt',
        new TextEncoder().encode(
          '1\n00:00:01,000 --> 00:00:02,000\nJan: Hoe begon het?\n\n' +
            '2\n00:00:02,500 --> 00:00:05,000\nEls: Met een brief van de minister.\n\n' +
            '3\n00:00:05,500 --> 00:00:06,000\nJan: En toen?\n\n' +
            '4\n00:00:06,500 --> 00:00:09,000\nEls: Toen kwam het geld.\n',
        ),
      ),
      caseId,
      speakers: [
        { name: 'Jan', as: 'interviewer' },
        {
          name: 'Els',
          as: 'respondent',
          respondent: { pseudonym: 'TW-R3', role: 'programmaleiding' },
        },
      ],
    });
    if (r.status !== 'imported') throw new Error(r.status);
    const code = (await p.call('codes.tree', {})).find((c) => c.key === 'brede-welvaart')!;
    const coded = await p.call('transcripts.codeSpeaker', {
      sourceId: r.source.id,
      speaker: 'R',
      codeIds: [code.id],
    });
    expect(coded.codingsAdded).toBe(2);
    const segments = await p.call('segments.forSource', { sourceId: r.source.id });
    expect(segments.map((s) => s.text).sort()).toEqual([
      'Met een brief van de minister.',
      'Toen kwam het geld.',
    ]);

    // Retrieval of the respondent's words only leaves out a segment in an interviewer's turn.
    const text = (await p.call('sources.get', { id: r.source.id })).text;
    const q = text.indexOf('En toen?');
    await p.call('coding.apply', {
      sourceId: r.source.id,
      start: q,
      end: q + 8,
      codeIds: [code.id],
    });
    const all = await p.call('segments.query', { sourceIds: [r.source.id] });
    expect(all.total).toBe(3);
    const respondent = await p.call('segments.query', {
      sourceIds: [r.source.id],
      speakerRoles: ['respondent'],
    });
    expect(respondent.segments.map((s) => s.text).sort()).toEqual([
      'Met een brief van de minister.',
      'Toen kwam het geld.',
    ]);
    const interviewer = await p.call('segments.query', { speakerRoles: ['interviewer'] });
    expect(interviewer.segments.map((s) => s.text)).toEqual(['En toen?']);

    await p.call('history.undo', {}); // the coding.apply
    await p.call('history.undo', {}); // the whole codeSpeaker action
    expect(await p.call('segments.forSource', { sourceId: r.source.id })).toEqual([]);
  });

  it('an unknown speaker, or a source that is no transcript, is refused by name', async () => {
    const src = (await p.call('sources.list', {})).find((s) => s.title.startsWith('Interview R'))!;
    const code = (await p.call('codes.tree', {}))[0]!;
    await expect(
      p.call('transcripts.codeSpeaker', { sourceId: src.id, speaker: 'X', codeIds: [code.id] }),
    ).rejects.toThrow(/has no speaker "X"; its speakers are: I, R/);
    const doc = (await p.call('sources.list', {})).find((s) => s.title === 'verslag')!;
    await expect(
      p.call('transcripts.codeSpeaker', { sourceId: doc.id, speaker: 'R', codeIds: [code.id] }),
    ).rejects.toThrow(/is no transcript/);
  });
});
