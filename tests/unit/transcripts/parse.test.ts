import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../../core/server/import/errors.js';
import { parseTranscriptFile } from '../../../core/server/import/transcript/parse.js';
import { cuesToTurns } from '../../../core/server/import/transcript/turns.js';
import { closeParseWorkers, parseTranscriptInWorker } from '../../../core/server/import/worker.js';
import { formatTime, parseTime } from '../../../core/shared/transcripts/times.js';
import { makeTeamsDocx } from './docx-fixture.js';

afterAll(() => closeParseWorkers());

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../fixtures/transcripts/${name}`, import.meta.url)));

async function parsed(name: string, bytes: Uint8Array = fixture(name)) {
  const t = await parseTranscriptFile(bytes, name);
  if (!t) throw new Error(`${name} was read as no transcript`);
  return t;
}

const brief = (t: { speaker: string; startMs: number; endMs: number }) =>
  `${t.speaker} ${t.startMs}-${t.endMs}`;

describe('transcripts are read into speaker turns', () => {
  it('WebVTT with voice tags: cues merge per speaker, overlaps ordered by start', async () => {
    const t = await parsed('interview-voices.vtt');
    expect(t.format).toBe('vtt');
    expect(t.speakers.map((s) => s.name)).toEqual(['Anneke Jansen', 'Jürgen Müller-Öztürk']);
    expect(t.turns.map(brief)).toEqual([
      'Anneke Jansen 1000-8000',
      // <v.hesitant …> is the same voice; the overlapping "Mm-hm" (16.5 s) splits the turn.
      'Jürgen Müller-Öztürk 7600-17000',
      'Anneke Jansen 16500-18000',
      'Jürgen Müller-Öztürk 18000-24000',
      // One cue with two voices: each voice its own turn, both at the cue's time.
      'Anneke Jansen 24000-27500',
      'Jürgen Müller-Öztürk 24000-31000',
    ]);
    expect(t.turns[1]!.text).toContain('tafel 🤝 en de provincie. Het ging om de brede welvaart');
    expect(t.turns[5]!.text).toBe(
      'Vertraging, vooral in het begin. Maar daarna ging het beter: één programmabureau, één aanspreekpunt.',
    );
    expect(t.durationMs).toBe(31000);
  });

  it('a Teams VTT: cue ids, "(Gast)" speakers, no markup left', async () => {
    const t = await parsed('teams.vtt');
    expect(t.speakers.map((s) => s.name)).toEqual(['Sanne de Vries', 'Zoë Çelik (Gast)']);
    expect(t.turns).toHaveLength(4);
    expect(t.turns[0]).toMatchObject({ startMs: 2120, endMs: 9030 });
    expect(t.turns.every((x) => !/[<>]/.test(x.text))).toBe(true);
    expect(t.turns[0]!.text).toContain('☕');
  });

  it('an SRT with "Name: " prefixes takes the names as speakers', async () => {
    const t = await parsed('interview.srt');
    expect(t.turns.map(brief)).toEqual([
      'Pieter Bakker 500-3200',
      'Renée Dubois 3400-11000',
      'Pieter Bakker 11300-14000',
      'Renée Dubois 14200-20600',
    ]);
    // A cue over two lines becomes one line of words.
    expect(t.turns[1]!.text).toBe(
      'Prima. Ik werk bij de gemeente Súdwest-Fryslân, afdeling economie 📈. Daar coördineer ik de projecten.',
    );
  });

  it('a Teams transcript as .txt: header lines skipped, notices dropped, ends at the next start', async () => {
    const t = await parsed('teams-transcript.txt');
    expect(t.format).toBe('txt');
    expect(t.turns.map(brief)).toEqual([
      'Sanne de Vries 3000-9000',
      'Zoë Çelik 9000-21000',
      'Sanne de Vries 21000-24000',
      'Zoë Çelik 24000-24000',
    ]);
    expect(t.turns.some((x) => x.text.includes('started transcription'))).toBe(false);
    expect(t.turns[1]!.text).toBe(
      'Dank u. Ik begin met de coördinatie tussen de gemeenten. Dat was in het begin best een uitdaging.',
    );
  });

  it('a Teams transcript as .docx, with times over an hour', async () => {
    const t = await parsed('interview.docx', await makeTeamsDocx());
    expect(t.format).toBe('docx');
    expect(t.turns.map(brief)).toEqual([
      'Sanne de Vries 2000-7000',
      'Jürgen Müller-Öztürk 7000-3723000',
      'Sanne de Vries 3723000-3729000',
      'Jürgen Müller-Öztürk 3729000-3729000',
    ]);
    expect(t.turns[1]!.text).toBe(
      'Goed! De coöperatie is net opgericht. We hebben één programmabureau.',
    );
  });

  it('a .txt or .docx that is an ordinary document is no transcript', async () => {
    const report = new TextEncoder().encode(
      'Verslag van het overleg\n\nWe begonnen om 10:30 met de agenda.\nDe wethouder opende.\n',
    );
    expect(await parseTranscriptFile(report, 'verslag.txt')).toBeNull();
  });

  it('reads in the worker pool as well', async () => {
    const t = await parseTranscriptInWorker(fixture('teams.vtt'), 'teams.vtt');
    expect(t?.turns).toHaveLength(4);
  });

  it('a VTT in Windows-1252 (no UTF-8) keeps its diacritics', async () => {
    const text = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Renée>Coördinatie, één keer.</v>\n';
    const bytes = Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
    const t = await parsed('latin.vtt', bytes);
    expect(t.turns[0]).toMatchObject({ speaker: 'Renée', text: 'Coördinatie, één keer.' });
  });
});

describe('bad transcript files get a clear message', () => {
  async function refusal(bytes: Uint8Array, name: string, limits = {}) {
    try {
      await parseTranscriptFile(bytes, name, limits);
    } catch (err) {
      expect(err).toBeInstanceOf(ImportError);
      expect((err as ImportError).message.startsWith(`${name}: `)).toBe(true);
      return err as ImportError;
    }
    throw new Error(`${name} was not refused`);
  }
  const enc = (s: string) => new TextEncoder().encode(s);

  it('a VTT without cues, with broken times, or binary', async () => {
    const none = await refusal(enc('WEBVTT\n\nNOTE only a note\n'), 'leeg.vtt');
    expect(none.reason).toBe('corrupt');
    expect(none.message).toContain('no WebVTT cues with a time');
    const broken = await refusal(enc('WEBVTT\n\n00:00:xx --> later\nHallo\n'), 'kapot.vtt');
    expect(broken.reason).toBe('corrupt');
    const srt = await refusal(enc('1\nzomaar wat tekst\n'), 'kapot.srt');
    expect(srt.message).toContain('no SRT cues');
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]);
    expect((await refusal(png, 'plaatje.vtt')).reason).toBe('binary');
  });

  it('an empty file, a file over the limit, and a type that holds no transcript', async () => {
    expect((await refusal(new Uint8Array(0), 'leeg.srt')).reason).toBe('empty');
    const big = await refusal(fixture('teams.vtt'), 'groot.vtt', { maxFileBytes: 100 });
    expect(big.reason).toBe('too-large');
    expect(big.message).toContain('the limit is');
    const pdf = await refusal(enc('%PDF-1.4'), 'interview.pdf');
    expect(pdf.reason).toBe('unsupported');
    expect(pdf.message).toContain('.vtt, .srt, .docx or .txt');
  });
});

describe('turns and times', () => {
  it('an SRT without names becomes paragraphs at pauses', () => {
    const turns = cuesToTurns([
      { speaker: '', startMs: 0, endMs: 1000, text: 'een' },
      { speaker: '', startMs: 1200, endMs: 2000, text: 'twee' },
      { speaker: '', startMs: 5000, endMs: 6000, text: 'drie' },
    ]);
    expect(turns.map((t) => t.text)).toEqual(['een twee', 'drie']);
  });

  it('times parse and print', () => {
    expect(parseTime('0:03')).toBe(3000);
    expect(parseTime('1:02:03')).toBe(3723000);
    expect(parseTime('00:00:01,5')).toBe(1500);
    expect(parseTime('0:0:3.12')).toBe(3120);
    expect(parseTime('0:75')).toBeNull();
    expect(formatTime(3723999)).toBe('1:02:03');
    expect(formatTime(9000)).toBe('0:09');
  });
});
