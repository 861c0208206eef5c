import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../../cli/main.js';
import { closeParseWorkers } from '../../../core/server/import/worker.js';
import { tempProject, type TestProject } from '../helpers.js';

afterAll(() => closeParseWorkers());

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../../fixtures/transcripts/${name}`, import.meta.url));

let p: TestProject;

beforeAll(async () => {
  p = await tempProject({ file: true });
  // The CLI opens the file with its own connection.
  p.session.close();
});

describe('casus import of a transcript, and casus source --turns', () => {
  it('maps speakers with --speaker and lists the speakers and turn count', async () => {
    const r = await run([
      'import',
      p.path,
      fixture('interview.srt'),
      '--case',
      'Foodvalley',
      '--speaker',
      'Pieter Bakker=interviewer',
      '--speaker',
      'Renée Dubois=respondent:FV-R3',
      '--role',
      'programmaleiding',
      '--json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const { results } = JSON.parse(r.out) as {
      results: { id: string; turns: number; speakers: { name: string; label: string }[] }[];
    };
    const [imported] = results;
    expect(imported!.turns).toBe(4);
    expect(imported!.speakers.map((s) => `${s.name}=${s.label}`)).toEqual([
      'Pieter Bakker=I',
      'Renée Dubois=R',
    ]);

    const text = await run(['source', p.path, imported!.id, '--text']);
    expect(text.out.split('\n')[0]).toBe('I: Goedendag, zullen we starten?');
    expect(text.out).not.toContain('Renée');

    const turns = await run(['source', p.path, imported!.id, '--turns', '--json']);
    const parsed = JSON.parse(turns.out) as {
      turns: { speaker: string; startMs: number; endMs: number; wordsStart: number }[];
    };
    expect(parsed.turns.map((t) => [t.speaker, t.startMs, t.endMs])).toEqual([
      ['I', 500, 3200],
      ['R', 3400, 11000],
      ['I', 11300, 14000],
      ['R', 14200, 20600],
    ]);
    const plain = await run(['source', p.path, imported!.id, '--turns']);
    expect(plain.out.split('\n')[1]).toMatch(/^0:03–0:11 R \[\d+-\d+\]$/);
  });

  it('a speaker written wrongly, or not in the file, is refused with the reason', async () => {
    const bad = await run([
      'import',
      p.path,
      fixture('teams.vtt'),
      '--case',
      'Foodvalley',
      '--speaker',
      'Sanne de Vries',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('write it as "Name=role"');
    const unknown = await run([
      'import',
      p.path,
      fixture('teams.vtt'),
      '--case',
      'Foodvalley',
      '--speaker',
      'Piet=interviewer',
    ]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('No speaker "Piet" in the transcript');
  });
});
