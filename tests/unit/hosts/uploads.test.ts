import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../../core/server/context.js';
import { UploadStore, UploadTooLarge } from '../../../core/server/files/uploads.js';
import { startServer, type RunningServer } from '../../../core/server/http/server.js';
import { closeParseWorkers } from '../../../core/server/import/worker.js';
import { mediaFolder } from '../../../core/server/media/store.js';
import { Session } from '../../../core/server/session.js';
import type { Envelope } from '../../../core/shared/errors.js';
import { sineWav } from '../../support/wav.js';
import { callerFor, tempDir, tempProject, withCoder, type TestProject } from '../helpers.js';

/**
 * Browser mode's uploads: the page sends a chosen file's bytes as they are, ahead of the call,
 * which names the upload's id. A recording of an hour's interview or a colleague's copy of a
 * large study is far over what fits in a JSON body as base64 (80 MB).
 */
afterAll(() => closeParseWorkers());

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../fixtures/transcripts/${name}`, import.meta.url)));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let p: TestProject;
let server: RunningServer;
let transcript: string;

beforeAll(async () => {
  p = await tempProject({ file: true });
  await withCoder(p);
  const r = await p.call('transcripts.import', {
    file: {
      fileName: 'gesprek.vtt',
      dataBase64: fixture('interview-voices.vtt').toString('base64'),
    },
    caseId: null,
  });
  if (r.status !== 'imported') throw new Error(`import failed: ${JSON.stringify(r)}`);
  transcript = r.source.id;
  server = await startServer({ session: p.session });
});
afterAll(() => server.close());

async function send(
  body: Uint8Array,
  name: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Envelope<{ upload: string; size: number }> }> {
  const res = await fetch(`${server.url}/api/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'X-Casus-Token': server.token, ...headers },
    body,
  });
  return {
    status: res.status,
    body: (await res.json()) as Envelope<{ upload: string; size: number }>,
  };
}

async function call(method: string, input: unknown) {
  const res = await fetch(`${server.url}/api/${method}`, {
    method: 'POST',
    headers: { 'X-Casus-Token': server.token },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as Envelope<Record<string, unknown>> };
}

const uploadId = (r: Awaited<ReturnType<typeof send>>): string => {
  if (!r.body.ok) throw new Error(r.body.error.message);
  return r.body.value.upload;
};

/** The files the server keeps for uploads (its folder appears with the first one). */
const kept = (): string[] => {
  const root = tmpdir();
  return readdirSync(root)
    .filter((n) => n.startsWith('casus-uploads-'))
    .flatMap((d) => readdirSync(join(root, d)));
};

describe('a file sent ahead of its call (browser mode)', () => {
  it('attaches a 90 MB recording, which base64 in a call would refuse, and lets its upload go', async () => {
    // 5,600 s of tone: 89.6 MB, over the 80 MB a JSON call may carry.
    const wav = sineWav(5600);
    expect(wav.length).toBeGreaterThan(80 * 1024 * 1024);
    const asJson = await call('media.attach', {
      sourceId: transcript,
      file: { fileName: 'lang.wav', dataBase64: Buffer.from(wav).toString('base64') },
    });
    expect(asJson.status).toBe(413);

    const sent = await send(wav, 'lang gesprek.wav');
    expect(sent.status).toBe(200);
    const id = uploadId(sent);
    expect(sent.body.ok && sent.body.value.size).toBe(wav.length);
    const attached = await call('media.attach', {
      sourceId: transcript,
      file: { fileName: 'lang gesprek.wav', upload: id },
    });
    expect(attached.status).toBe(200);
    expect(attached.body.ok && attached.body.value).toMatchObject({
      fileName: 'lang gesprek.wav',
      size: wav.length,
      sha256: sha(wav),
      state: 'ok',
    });
    const stored = readFileSync(join(mediaFolder(p.path), `${sha(wav)}.wav`));
    expect(sha(stored)).toBe(sha(wav));
    // Attached: the upload is gone, and naming it again says so by the file's name.
    expect(kept()).not.toContain(id);
    const again = await call('media.attach', {
      sourceId: transcript,
      file: { fileName: 'lang gesprek.wav', upload: id },
    });
    expect(again.status).toBe(400);
    expect(!again.body.ok && again.body.error.message).toMatch(
      /lang gesprek\.wav: the uploaded file is no longer here .*choose the file again/,
    );
  });

  it('imports a document from an upload, which the transcript check can read first', async () => {
    const text = 'Het interview ging over de samenwerking in de regio.\n\nTweede alinea.';
    const id = uploadId(await send(new TextEncoder().encode(text), 'notitie.txt'));
    const inspected = await call('transcripts.inspect', {
      file: { fileName: 'notitie.txt', upload: id },
    });
    expect(inspected.body.ok && inspected.body.value.status).toBe('document');
    const imported = await call('import.file', {
      file: { fileName: 'notitie.txt', upload: id },
      caseId: null,
    });
    expect(imported.body.ok && imported.body.value.status).toBe('imported');
    const source = (imported.body.ok && (imported.body.value.source as { id: string })) || null;
    expect((await p.call('sources.get', { id: source!.id })).text).toContain('samenwerking');
  });

  it('keeps nothing from a request without the token or from another origin', async () => {
    const before = kept().length;
    const noToken = await fetch(`${server.url}/api/upload?name=x.wav`, {
      method: 'POST',
      body: new Uint8Array(10),
    });
    expect(noToken.status).toBe(401);
    const foreign = await send(new Uint8Array(10), 'x.wav', { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(kept().length).toBe(before);
  });

  it('refuses a file declared over the limit before reading it, by name', async () => {
    const url = new URL(server.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/api/upload?name=film.mp4',
          headers: { 'X-Casus-Token': server.token, 'Content-Length': String(9 * 1024 ** 3) },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write(Buffer.alloc(1024));
      // The server answers without waiting for 9 GB; the rest is never sent.
      setTimeout(() => req.destroy(), 2000).unref();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.message).toMatch(
      /film\.mp4: not taken, the file is larger than 8 GB/,
    );
  });

  it('names an unknown upload by its file, and keeps the project as it was', async () => {
    const before = (await p.call('sources.list', {})).length;
    const r = await call('import.file', {
      file: { fileName: 'verloren.docx', upload: 'A'.repeat(22) },
      caseId: null,
    });
    expect(r.status).toBe(400);
    expect(!r.body.ok && r.body.error.message).toMatch(
      /verloren\.docx: the uploaded file is no longer here/,
    );
    expect((await p.call('sources.list', {})).length).toBe(before);
  });

  it("merges a coder's copy from one upload: the preview and then the merge", async () => {
    const copyPath = join(tempDir(), 'kopie.casus');
    p.db.exec(`VACUUM INTO '${copyPath}'`);
    const theirs = new Session({ remember: false });
    theirs.open(copyPath, { snapshot: false });
    const call2 = callerFor(createContext(theirs));
    await call2('codes.create', { label: { nl: 'Vertrouwen', en: 'Trust' }, dimension: 'free' });
    theirs.close();
    const id = uploadId(await send(readFileSync(copyPath), 'kopie van Bart.casus'));
    const preview = await call('merge.preview', { fileName: 'kopie van Bart.casus', upload: id });
    expect(preview.status).toBe(200);
    const value = preview.body.ok
      ? (preview.body.value as { fileName: string; newCodes: { label: { nl: string } }[] })
      : null;
    expect(value?.fileName).toBe('kopie van Bart.casus');
    expect(value?.newCodes.map((c) => c.label.nl)).toEqual(['Vertrouwen']);
    const merged = await call('merge.apply', { fileName: 'kopie van Bart.casus', upload: id });
    expect(merged.status).toBe(200);
    expect((await p.call('codes.tree', {})).some((c) => c.label.nl === 'Vertrouwen')).toBe(true);
    // A file that is no project is named as uploaded, not by the server's own name for it.
    const notes = uploadId(await send(new TextEncoder().encode('just notes'), 'notities.casus'));
    const refused = await call('merge.preview', { fileName: 'notities.casus', upload: notes });
    expect(!refused.body.ok && refused.body.error.message).toMatch(
      /notities\.casus: not a Casus project/,
    );
  });
});

describe('a REFI-QDA file sent ahead', () => {
  it('is read by the codebook import as its bytes would be', async () => {
    await p.call('codes.create', { label: { nl: 'Draagvlak', en: 'Support' }, dimension: 'free' });
    const exported = await p.call('refi.export', { format: 'qdc' });
    const bytes = Buffer.from(exported.data ?? '', 'base64');
    const byUpload = await call('refi.importCodebook', {
      fileName: 'codeboek.qdc',
      upload: uploadId(await send(bytes, 'codeboek.qdc')),
    });
    const byBytes = await call('refi.importCodebook', {
      fileName: 'codeboek.qdc',
      data: bytes.toString('base64'),
    });
    expect(byUpload.status).toBe(200);
    expect(byUpload.body).toEqual(byBytes.body);
    // Its own codebook: every code is there already.
    expect(byUpload.body.ok && byUpload.body.value).toMatchObject({ added: 0 });
    expect(byUpload.body.ok && (byUpload.body.value.unchanged as number)).toBeGreaterThan(0);
  });
});

describe('the upload store', () => {
  it('removes what it wrote of a file over its limit, and its folder when cleared', async () => {
    const root = tempDir('casus-upload-root-');
    const store = new UploadStore(1000, root);
    const first = await store.receive(Readable.from([Buffer.alloc(400)]), 'a.wav');
    await expect(
      store.receive(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 'b.wav'),
    ).rejects.toBeInstanceOf(UploadTooLarge);
    const [folder] = readdirSync(root);
    expect(readdirSync(join(root, folder!))).toEqual([first.id]);
    expect(store.get(first.id, 'a.wav').size).toBe(400);
    await store.clear();
    expect(existsSync(join(root, folder!))).toBe(false);
  });

  it('forgets an upload an hour after its last use', async () => {
    let now = 0;
    const store = new UploadStore(1000, tempDir('casus-upload-root-'), () => now);
    const { id } = await store.receive(Readable.from([Buffer.alloc(10)]), 'a.txt');
    now = 59 * 60 * 1000;
    expect(store.get(id, 'a.txt').size).toBe(10);
    now += 61 * 60 * 1000;
    expect(() => store.get(id, 'a.txt')).toThrow(/a\.txt: the uploaded file is no longer here/);
  });
});
