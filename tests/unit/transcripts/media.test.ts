import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';
import { startServer, type RunningServer } from '../../../core/server/http/server.js';
import { closeParseWorkers } from '../../../core/server/import/worker.js';
import { mediaFolder } from '../../../core/server/media/store.js';
import { sineWav } from '../../support/wav.js';
import { tempDir, tempProject, withCoder, type TestProject } from '../helpers.js';

afterAll(() => closeParseWorkers());

const fixturePath = (name: string) =>
  fileURLToPath(new URL(`../../../fixtures/transcripts/${name}`, import.meta.url));
const upload = (fileName: string, bytes: Uint8Array) => ({
  fileName,
  dataBase64: Buffer.from(bytes).toString('base64'),
});

let p: TestProject;
let sourceId: string;
const wav = sineWav(2);

beforeAll(async () => {
  p = await tempProject({ file: true });
  await withCoder(p);
  const r = await p.call('transcripts.import', {
    file: upload('gesprek.vtt', readFileSync(fixturePath('interview-voices.vtt'))),
    caseId: null,
  });
  if (r.status !== 'imported') throw new Error(`import failed: ${JSON.stringify(r)}`);
  sourceId = r.source.id;
});

describe('the recording beside a transcript', () => {
  it('is stored beside the project under its hash, never inside it, and reported present', async () => {
    const info = await p.call('media.attach', {
      sourceId,
      file: upload('opname.wav', wav),
    });
    expect(info).toMatchObject({ kind: 'audio', mime: 'audio/wav', state: 'ok', size: wav.length });
    const folder = mediaFolder(p.path);
    expect(readdirSync(folder)).toEqual([`${info.sha256}.wav`]);
    expect(new Uint8Array(readFileSync(join(folder, `${info.sha256}.wav`)))).toEqual(wav);
    // The project file holds the row, not the bytes.
    const n = p.db.prepare('SELECT count(*) AS n FROM source_media').get() as { n: number };
    expect(n.n).toBe(1);
    expect(readFileSync(p.path).includes(Buffer.from(wav.subarray(200, 400)))).toBe(false);
    expect((await p.call('media.status', { sourceId })).media?.fileName).toBe('opname.wav');
  });

  it('refuses what is no recording, and sources that are no transcript, with a reason', async () => {
    await expect(
      p.call('media.attach', { sourceId, file: upload('notes.txt', new Uint8Array([1, 2])) }),
    ).rejects.toThrow(/notes\.txt: not a recording Casus keeps; use one of m4a, mp3, wav/);
    await expect(
      p.call('media.attach', {
        sourceId,
        file: upload('renamed.mp3', new TextEncoder().encode('just some text, no audio')),
      }),
    ).rejects.toThrow(/renamed\.mp3: the file is no mp3 recording/);
    const doc = await p.call('import.file', {
      file: upload('verslag.txt', new TextEncoder().encode('Een verslag.\n')),
      caseId: null,
    });
    if (doc.status !== 'imported') throw new Error('no document');
    await expect(
      p.call('media.attach', { sourceId: doc.source.id, file: upload('a.wav', wav) }),
    ).rejects.toThrow(/is no transcript/);
  });

  it('says missing or changed when the file is gone or another one, without failing', async () => {
    const { media } = await p.call('media.status', { sourceId });
    const file = join(mediaFolder(p.path), `${media!.sha256}.wav`);
    const other = sineWav(2, 660);
    writeFileSync(file, other);
    expect((await p.call('media.status', { sourceId })).media?.state).toBe('changed');
    writeFileSync(file, other.subarray(0, 100));
    expect((await p.call('media.status', { sourceId })).media?.state).toBe('changed');
    const { rmSync } = await import('node:fs');
    rmSync(file);
    expect((await p.call('media.status', { sourceId })).media?.state).toBe('missing');
    expect(await p.call('media.locate', { sourceId })).toEqual({ path: null, mime: null });
    writeFileSync(file, wav);
    expect((await p.call('media.status', { sourceId })).media?.state).toBe('ok');
  });

  it('detaches (the file stays) and attaches again', async () => {
    expect(await p.call('media.detach', { sourceId })).toEqual({ detached: true });
    expect((await p.call('media.status', { sourceId })).media).toBeNull();
    expect(await p.call('media.detach', { sourceId })).toEqual({ detached: false });
    expect(readdirSync(mediaFolder(p.path))).toHaveLength(1);
    await p.call('media.attach', { sourceId, file: upload('opname.wav', wav) });
    expect((await p.call('media.status', { sourceId })).media?.state).toBe('ok');
  });
});

describe('the local server plays the recording', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ session: p.session });
  });
  afterAll(() => server.close());

  const url = (token: string) => `${server.url}/media/${sourceId}?token=${token}`;

  it('needs the token', async () => {
    expect((await fetch(url('wrong'))).status).toBe(401);
    expect((await fetch(`${server.url}/media/${sourceId}`)).status).toBe(401);
  });

  it('answers Range requests with 206 and the bytes asked for', async () => {
    const whole = await fetch(url(server.token));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(wav);
    const part = await fetch(url(server.token), { headers: { Range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${wav.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(wav.subarray(100, 200));
    const tail = await fetch(url(server.token), { headers: { Range: 'bytes=-10' } });
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(wav.subarray(wav.length - 10));
    const beyond = await fetch(url(server.token), {
      headers: { Range: `bytes=${wav.length}-` },
    });
    expect(beyond.status).toBe(416);
  });

  it('allows media from its own origin in the CSP', async () => {
    const r = await fetch(url(server.token));
    expect(r.headers.get('content-security-policy')).toContain("media-src 'self'");
  });

  it('answers 404 with a reason for a source without a recording', async () => {
    const r = await fetch(`${server.url}/media/nope?token=${server.token}`);
    expect(r.status).toBe(404);
    expect(await r.text()).toMatch(/No recording/);
  });
});

describe('casus import --media and casus media', () => {
  it('imports a transcript with its recording, and reports it', async () => {
    const q = await tempProject({ file: true });
    q.session.close();
    const dir = tempDir();
    const rec = join(dir, 'opname.wav');
    writeFileSync(rec, wav);
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const code = await runCli(
      [
        'import',
        q.path,
        fixturePath('interview.srt'),
        '--case',
        'Foodvalley',
        '--media',
        rec,
        '--json',
      ],
      io,
    );
    expect(err.join('\n')).toBe('');
    expect(code).toBe(0);
    const { results } = JSON.parse(out.join('')) as {
      results: { id: string; media: { fileName: string; sha256: string; state: string } }[];
    };
    expect(results[0]!.media).toMatchObject({ fileName: 'opname.wav', state: 'ok' });
    expect(existsSync(join(mediaFolder(q.path), `${results[0]!.media.sha256}.wav`))).toBe(true);

    out.length = 0;
    expect(await runCli(['media', q.path, results[0]!.id], io)).toBe(0);
    expect(out.join('')).toMatch(/opname\.wav \(audio, \d+ bytes, sha256 [0-9a-f]{64}\): present/);

    out.length = 0;
    const missing = await runCli(
      [
        'import',
        q.path,
        fixturePath('teams.vtt'),
        '--case',
        'Foodvalley',
        '--media',
        join(dir, 'nope.m4a'),
      ],
      io,
    );
    expect(missing).toBe(1);
    expect(err.join('\n')).toMatch(/--media: no such file/);
  });
});
