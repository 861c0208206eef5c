import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeParseWorkers } from '../../../core/server/import/worker.js';
import { assertSchemaValid } from '../../../core/server/refi/schema.js';
import { Session } from '../../../core/server/session.js';
import { createContext } from '../../../core/server/context.js';
import { sineWav } from '../../support/wav.js';
import {
  atFileEnd,
  callerFor,
  tempDir,
  tempProject,
  withCoder,
  type TestProject,
} from '../helpers.js';

afterAll(() => closeParseWorkers());

const vtt = readFileSync(
  new URL('../../../fixtures/transcripts/interview-voices.vtt', import.meta.url),
);
const wav = sineWav(30);

let p: TestProject;
let sourceId: string;
let sha256: string;
let qdpx: Uint8Array;

beforeAll(async () => {
  p = await tempProject({ file: true });
  await withCoder(p);
  const caseId = (await p.call('cases.create', { label: { nl: 'Twente', en: 'Twente' } })).id;
  const r = await p.call('transcripts.import', {
    file: { fileName: 'gesprek.vtt', dataBase64: vtt.toString('base64') },
    caseId,
    speakers: [
      { name: 'Anneke Jansen', as: 'interviewer' },
      {
        name: 'Jürgen Müller-Öztürk',
        as: 'respondent',
        respondent: { pseudonym: 'TW-R1', role: 'programmaleiding' },
      },
    ],
  });
  if (r.status !== 'imported') throw new Error(r.status);
  sourceId = r.source.id;
  sha256 = (
    await p.call('media.attach', {
      sourceId,
      file: { fileName: 'opname.wav', dataBase64: Buffer.from(wav).toString('base64') },
    })
  ).sha256;
  const code = (await p.call('codes.tree', {})).find((c) => c.key === 'brede-welvaart')!;
  await p.call('transcripts.codeSpeaker', { sourceId, speaker: 'R', codeIds: [code.id] });
  // The team's own copy: only that one carries the recording.
  const exported = await p.call('refi.export', { format: 'qdpx', audience: { kind: 'team' } });
  qdpx = new Uint8Array(Buffer.from(exported.data!, 'base64'));
});

/** A project made from a .qdpx, opened in its own session. */
async function importInto(bytes: Uint8Array, name: string) {
  const out = join(tempDir(), `${name}.casus`);
  await p.call('refi.importProject', {
    data: Buffer.from(bytes).toString('base64'),
    fileName: `${name}.qdpx`,
    outPath: out,
  });
  const session = new Session({ remember: false });
  atFileEnd(() => session.close());
  session.open(out);
  return callerFor(createContext(session));
}

describe('a transcript with its recording in REFI-QDA', () => {
  it('is exported as an AudioSource with a Transcript, timed SyncPoints and the file, schema-valid', async () => {
    const files = unzipSync(qdpx);
    const xml = strFromU8(files['project.qde']!);
    await expect(assertSchemaValid(xml, 'project', 'export.qdpx')).resolves.toBeUndefined();
    expect(xml).toMatch(
      /<AudioSource [^>]*name="opname\.wav"[^>]*path="internal:\/\/[0-9a-f-]+\.wav"/,
    );
    expect(xml).toContain(`<Transcript guid="${sourceId}"`);
    expect(xml).not.toContain(`<TextSource guid="${sourceId}"`);
    const { turns } = await p.call('transcripts.turns', { sourceId });
    // Every turn's start is a sync point at its block with its time.
    for (const t of turns)
      expect(xml).toMatch(
        new RegExp(`<SyncPoint [^>]*position="${t.start}" timeStamp="${t.startMs}"`),
      );
    // The respondent's three coded turns, as transcript selections between sync points.
    expect(xml.match(/<TranscriptSelection /g)).toHaveLength(3);
    expect(xml).toMatch(
      /<TranscriptSelection [^>]*fromSyncPoint="[0-9a-f-]+" toSyncPoint="[0-9a-f-]+"/,
    );
    const path = /path="internal:\/\/([^"]+)"/.exec(xml)![1]!;
    expect(files[`sources/${path}`]).toEqual(wav);
  });

  it('reads back into Casus with its turns, codings and recording', async () => {
    const call = await importInto(qdpx, 'terug');
    const before = await p.call('transcripts.turns', { sourceId });
    const after = await call('transcripts.turns', { sourceId });
    expect(after.turns).toEqual(before.turns);
    const segments = await call('segments.forSource', { sourceId });
    expect(segments.map((s) => s.text)).toEqual(
      (await p.call('segments.forSource', { sourceId })).map((s) => s.text),
    );
    const { media } = await call('media.status', { sourceId });
    expect(media).toMatchObject({ sha256, fileName: 'opname.wav', state: 'ok', kind: 'audio' });
  });

  it('from another program (no casus.json), takes the turns from the timed sync points', async () => {
    const files = unzipSync(qdpx);
    delete files['casus.json'];
    const call = await importInto(zipSync(files), 'vreemd');
    const before = (await p.call('transcripts.turns', { sourceId })).turns;
    const after = (await call('transcripts.turns', { sourceId })).turns;
    expect(
      after.map((t) => [t.speaker, t.role, t.startMs, t.endMs, t.wordsStart, t.wordsEnd]),
    ).toEqual(before.map((t) => [t.speaker, t.role, t.startMs, t.endMs, t.wordsStart, t.wordsEnd]));
    expect((await call('media.status', { sourceId })).media?.state).toBe('ok');
    expect(await call('segments.forSource', { sourceId })).toHaveLength(3);
  });

  it('as ATLAS.ti lists it, also as a text source before its recording: imported once, with its times', async () => {
    const files = unzipSync(qdpx);
    delete files['casus.json'];
    let xml = strFromU8(files['project.qde']!);
    const path = /<Transcript [^>]*plainTextPath="([^"]+)"/.exec(xml)?.[1];
    expect(path).toBeDefined();
    xml = xml
      .replace(/origin="[^"]*"/, 'origin="ATLAS.ti 9.1.7"')
      .replace(
        '<AudioSource ',
        `<TextSource guid="0f0e0d0c-0b0a-4909-8807-060504030201" name="Transcript als tekst" plainTextPath="${path}"/><AudioSource `,
      );
    files['project.qde'] = strToU8(xml);
    const call = await importInto(zipSync(files), 'atlas');
    const sources = await call('sources.list', {});
    expect(sources).toHaveLength(1);
    const id = sources[0]!.id;
    const before = (await p.call('transcripts.turns', { sourceId })).turns;
    const after = (await call('transcripts.turns', { sourceId: id })).turns;
    expect(after.map((t) => [t.speaker, t.startMs, t.endMs])).toEqual(
      before.map((t) => [t.speaker, t.startMs, t.endMs]),
    );
    expect((await call('media.status', { sourceId: id })).media?.state).toBe('ok');
  });

  it('leaves the recording out of a copy for another audience', async () => {
    // The default audience is the respondents.
    const anonymous = await p.call('refi.export', { format: 'qdpx' });
    const xml = strFromU8(
      unzipSync(new Uint8Array(Buffer.from(anonymous.data!, 'base64')))['project.qde']!,
    );
    expect(xml).not.toContain('<AudioSource');
  });
});
