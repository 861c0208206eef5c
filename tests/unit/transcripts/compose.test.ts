import { describe, expect, it } from 'vitest';
import {
  composeTranscript,
  labelSpeakers,
  withoutNames,
  type SpeakerIdentity,
} from '../../../core/server/transcripts/compose.js';

const who =
  (table: Record<string, SpeakerIdentity>) =>
  (name: string): SpeakerIdentity =>
    table[name]!;

describe('speaker labels and the stored text', () => {
  it('I and R for one of each, numbered when there are more, S1… for others', () => {
    const one = labelSpeakers(
      ['Jan', 'Els'],
      who({
        Jan: { role: 'interviewer', ref: null, preferred: null },
        Els: { role: 'respondent', ref: 'r1', preferred: null },
      }),
    );
    expect([...one.values()].map((s) => s.label)).toEqual(['I', 'R']);
    const more = labelSpeakers(
      ['Jan', 'Piet', 'Els', 'Kees', 'Tolk'],
      who({
        Jan: { role: 'interviewer', ref: null, preferred: null },
        Piet: { role: 'interviewer', ref: null, preferred: null },
        Els: { role: 'respondent', ref: 'r1', preferred: null },
        Kees: { role: 'other', ref: null, preferred: null },
        Tolk: { role: 'other', ref: null, preferred: 'Tolk' },
      }),
    );
    expect([...more.values()].map((s) => s.label)).toEqual(['I1', 'I2', 'R', 'S1', 'Tolk']);
  });

  it('two names of one person (a second device) get one label and their turns merge', () => {
    const mapped = labelSpeakers(
      ['Jan', 'Els', 'Els (Gast)'],
      who({
        Jan: { role: 'interviewer', ref: null, preferred: null },
        Els: { role: 'respondent', ref: 'r1', preferred: null },
        'Els (Gast)': { role: 'respondent', ref: 'r1', preferred: null },
      }),
    );
    expect(mapped.get('Els (Gast)')!.label).toBe('R');
    const c = composeTranscript(
      [
        { speaker: 'Jan', startMs: 0, endMs: 1000, text: 'Vraag?' },
        { speaker: 'Els', startMs: 1000, endMs: 2000, text: 'Eerste deel,' },
        { speaker: 'Els (Gast)', startMs: 2000, endMs: 3500, text: 'tweede deel.' },
      ],
      mapped,
      { timestamps: true },
    );
    expect(c.text).toBe('[0:00] I: Vraag?\n[0:01] R: Eerste deel, tweede deel.');
    expect(c.blocks).toHaveLength(2);
    expect(c.turns[1]).toMatchObject({ start_ms: 1000, end_ms: 3500, speaker_label: 'R' });
    expect(c.text.slice(c.turns[1]!.words_start, c.turns[1]!.words_end)).toBe(
      'Eerste deel, tweede deel.',
    );
  });

  it('names leave titles and file names, whole or in part, as whole words only', () => {
    const mapped = labelSpeakers(
      ['Jan de Vries', 'Zoë Çelik (Gast)'],
      who({
        'Jan de Vries': { role: 'interviewer', ref: null, preferred: null },
        'Zoë Çelik (Gast)': { role: 'respondent', ref: 'r1', preferred: null },
      }),
    );
    expect(withoutNames('Interview Zoë Çelik door Jan de Vries.vtt', mapped)).toBe(
      'Interview R door I.vtt',
    );
    expect(withoutNames('Gesprek met zoë, 12 maart', mapped)).toBe('Gesprek met R, 12 maart');
    // "Janssen" and "Vriesland" are other words; "de" alone is no name.
    expect(withoutNames('Janssen in Vriesland, de regio', mapped)).toBe(
      'Janssen in Vriesland, de regio',
    );
  });
});
