import { describe, expect, it } from 'vitest';
import { findCandidates } from '../../../core/shared/confidentiality/candidates.js';
import { tempProject } from '../helpers.js';

const TEXT = [
  'Wethouder Jan de Vries van de gemeente sprak met gedeputeerde Van Dijk en burgemeester',
  'A.B. Groen. Mail j.devries@voorbeeld.nl of bel 06-1234 5678 of +31 20 123 4567.',
  'Ook de minister van LNV was er, en overleg in Hardenberg met het Rijk.',
].join('\n');

describe('candidates in a text', () => {
  const found = findCandidates(TEXT, new Set());
  const of = (kind: string) => found.filter((c) => c.kind === kind).map((c) => c.text);

  it('finds names after titles, with initials and particles', () => {
    expect(of('titled-name')).toEqual(['Jan de Vries', 'Van Dijk', 'A.B. Groen']);
    expect(found.find((c) => c.text === 'Jan de Vries')?.title).toBe('Wethouder');
  });

  it('finds e-mail addresses and phone numbers', () => {
    expect(of('email')).toEqual(['j.devries@voorbeeld.nl']);
    expect(of('phone')).toEqual(['06-1234 5678', '+31 20 123 4567']);
  });

  it('takes no ministry for a name, and no everyday capitalised word for a proper noun', () => {
    expect(of('titled-name')).not.toContain('LNV');
    expect(of('proper-noun')).toContain('Hardenberg');
    expect(of('proper-noun')).not.toContain('Rijk');
  });

  it('leaves out what the study names itself', () => {
    const known = findCandidates(TEXT, new Set(['hardenberg']));
    expect(known.map((c) => c.text)).not.toContain('Hardenberg');
  });
});

describe('candidates in the demo sources', () => {
  it('lists place and organisation names, not the cases, and not what was dismissed or registered', async () => {
    const p = await tempProject({ demo: true });
    const first = await p.call('names.candidates', {});
    expect(first.sources).toBeGreaterThan(10);
    const texts = first.candidates.map((c) => c.text);
    expect(texts).toEqual(expect.arrayContaining(['Dutch Techzone', 'Hardenberg', 'Emmen']));
    expect(texts).not.toContain('Achterhoek');
    const techzone = first.candidates.find((c) => c.text === 'Dutch Techzone');
    expect(techzone?.occurrences[0]?.text).toBe('Dutch Techzone');

    await p.call('names.dismiss', { text: 'Emmen', kind: 'proper-noun' });
    await p.call('names.add', {
      kind: 'organisation',
      term: 'Dutch Techzone',
      replacement: '[netwerk]',
    });
    const after = (await p.call('names.candidates', {})).candidates.map((c) => c.text);
    expect(after).not.toContain('Emmen');
    expect(after).not.toContain('Dutch Techzone');
    expect(after).toContain('Hardenberg');

    const [dismissal] = await p.call('names.dismissed', {});
    await p.call('names.undismiss', { id: dismissal?.id as string });
    expect((await p.call('names.candidates', {})).candidates.map((c) => c.text)).toContain('Emmen');
  });
});
