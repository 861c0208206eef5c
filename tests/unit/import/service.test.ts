import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeRange } from '../../../core/server/domain/segments.js';
import { closeParseWorkers } from '../../../core/server/import/worker.js';
import { runCli } from '../../../cli/main.js';
import { tempDir, tempProject, withCoder, type TestProject } from '../helpers.js';
import { DUTCH, makeDocx, makeOdt, makePdf, makeScannedPdf, makeZipBombDocx } from './fixtures.js';

afterAll(() => closeParseWorkers());

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Row counts of everything an import writes, to show a failed file changes nothing. */
function footprint(p: TestProject): Record<string, number> {
  const db = p.db;
  const n = (table: string) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    sources: n('sources'),
    source_files: n('source_files'),
    blocks: n('blocks'),
    fts: n('blocks_fts'),
    respondents: n('respondents'),
    change_log: n('change_log'),
  };
}

let p: TestProject;
let caseId: string;
let docx: Uint8Array;

beforeAll(async () => {
  p = await tempProject({ file: true });
  await withCoder(p);
  caseId = (await p.call('cases.create', { label: { nl: 'Regio Zuid', en: 'Region South' } })).id;
});

describe('import.file', () => {
  it('imports a file whole: source, original bytes, text, blocks and search index', async () => {
    const bytes = (docx = await makeDocx());
    const r = await p.call('import.file', {
      file: { fileName: 'Interview wethouder.docx', dataBase64: b64(bytes) },
      caseId,
      documentType: 'interview-report',
      date: '2021-03-04',
      respondent: { pseudonym: 'R1', role: 'programmaleiding' },
    });
    expect(r.status).toBe('imported');
    if (r.status !== 'imported') return;
    expect(r.source).toMatchObject({
      title: 'Interview wethouder',
      caseId,
      kind: 'interview',
      documentType: 'interview-report',
      date: '2021-03-04',
      respondentPseudonym: 'R1',
      respondentRole: 'programmaleiding',
      validation: 'draft',
      originalName: 'Interview wethouder.docx',
    });
    const source = await p.call('sources.get', { id: r.source.id });
    expect(source.text.split('\n')[1]).toBe(`${DUTCH}[1]`);
    expect(source.blocks.length).toBe(r.blocks);
    expect(source.marks.map((m) => source.text.slice(m.start, m.end))).toEqual([
      'coöperatie',
      '‘de wethouder’',
    ]);
    const db = p.db;
    const stored = db
      .prepare('SELECT bytes FROM source_files WHERE source_id = ?')
      .get(r.source.id) as {
      bytes: Buffer;
    };
    expect(Buffer.compare(stored.bytes, Buffer.from(bytes))).toBe(0);
    // Diacritics are folded by the index: "cooperatie" finds "coöperatie".
    const hits = db
      .prepare(
        `SELECT b.source_id FROM blocks_fts JOIN blocks b ON b.id = blocks_fts.rowid
         WHERE blocks_fts MATCH 'cooperatie'`,
      )
      .all() as { source_id: string }[];
    expect(hits.map((h) => h.source_id)).toContain(r.source.id);
    const log = db
      .prepare("SELECT entity FROM change_log WHERE action = 'import.file' ORDER BY seq")
      .all() as { entity: string }[];
    expect(log.map((l) => l.entity)).toEqual(['respondents', 'sources']);
  });

  it('skips a file already in the project (same sha256) and reuses a respondent by pseudonym', async () => {
    const before = footprint(p);
    const r = await p.call('import.file', {
      file: { fileName: 'kopie.docx', dataBase64: b64(docx) },
      caseId,
      respondent: { pseudonym: 'r1', role: 'programmaleiding' },
    });
    expect(r.status).toBe('duplicate');
    if (r.status === 'duplicate') {
      expect(r.existing.title).toBe('Interview wethouder');
      expect(r.message).toContain('kopie.docx');
    }
    expect(footprint(p)).toEqual(before);
  });

  it.each([
    { name: 'leeg.txt', make: () => new Uint8Array(0), reason: 'empty' as const },
    {
      name: 'kapot.docx',
      make: async () => (await makeDocx()).subarray(0, 2000),
      reason: 'corrupt' as const,
    },
    { name: 'kapot.odt', make: () => makeOdt().subarray(0, 300), reason: 'corrupt' as const },
    { name: 'bom.docx', make: () => makeZipBombDocx(1), reason: 'zip-bomb' as const },
    { name: 'scan.pdf', make: () => makeScannedPdf(), reason: 'scanned-pdf' as const },
    {
      name: 'beveiligd.pdf',
      make: () => makePdf({ userPassword: 'geheim' }),
      reason: 'encrypted-pdf' as const,
    },
    {
      name: 'foto.txt',
      make: () => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1]),
      reason: 'binary' as const,
    },
    { name: 'cijfers.xlsx', make: () => utf8('a;b'), reason: 'unsupported' as const },
  ])('refuses $name ($reason) and leaves the project unchanged', async ({ name, make, reason }) => {
    const bytes = await make();
    const before = footprint(p);
    const r = await p.call('import.file', {
      file: { fileName: name, dataBase64: b64(bytes) },
      caseId,
      respondent: { pseudonym: `Nieuw ${name}`, role: 'programmaleiding' },
    });
    expect(r).toMatchObject({ status: 'failed', fileName: name, reason });
    if (r.status === 'failed') expect(r.message.startsWith(`${name}: `)).toBe(true);
    expect(footprint(p)).toEqual(before);
  });

  it('refuses a file over the size limit without parsing it', async () => {
    const dir = tempDir();
    const path = join(dir, 'groot.txt');
    writeFileSync(path, Buffer.alloc(50 * 1024 * 1024 + 1, 0x61));
    const before = footprint(p);
    const r = await p.call('import.file', { file: { fileName: 'groot.txt', path }, caseId });
    expect(r).toMatchObject({ status: 'failed', reason: 'too-large' });
    expect(footprint(p)).toEqual(before);
  });

  it('rolls the whole file back when writing fails halfway', async () => {
    const db = p.db;
    db.exec(
      "CREATE TEMP TRIGGER fail_blocks BEFORE INSERT ON blocks BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    const before = footprint(p);
    try {
      await expect(
        p.call('import.file', {
          file: { fileName: 'notitie.txt', dataBase64: b64(utf8('Een notitie.')) },
          caseId,
          respondent: { pseudonym: 'Halverwege', role: 'programmaleiding' },
        }),
      ).rejects.toThrow(/disk full/);
    } finally {
      db.exec('DROP TRIGGER temp.fail_blocks');
    }
    expect(footprint(p)).toEqual(before);
  });

  it('checks the metadata: unknown case, document type or role', async () => {
    const file = { fileName: 'a.txt', dataBase64: b64(utf8('tekst')) };
    await expect(p.call('import.file', { file, caseId: 'nope' })).rejects.toThrow(/No case/);
    await expect(p.call('import.file', { file, caseId, documentType: 'recipe' })).rejects.toThrow(
      /Unknown document type "recipe".*deal-text/,
    );
    await expect(
      p.call('import.file', { file, caseId, respondent: { pseudonym: 'X', role: 'koning' } }),
    ).rejects.toThrow(/Unknown role/);
  });
});

describe('import.updateSource', () => {
  it('edits metadata, keeping kind and validation consistent, and never the text', async () => {
    const r = await p.call('import.file', {
      file: { fileName: 'notulen.odt', dataBase64: b64(makeOdt()) },
      caseId,
      documentType: 'minutes',
    });
    if (r.status !== 'imported') throw new Error(r.status);
    expect(r.source).toMatchObject({ kind: 'document', validation: null });
    const text = (await p.call('sources.get', { id: r.source.id })).text;
    const updated = await p.call('import.updateSource', {
      id: r.source.id,
      title: 'Notulen 12 mei',
      documentType: 'interview-report',
      date: '2020-05-12',
      respondent: { pseudonym: 'R7', role: 'trekker' },
      validation: 'approved',
    });
    expect(updated).toMatchObject({
      title: 'Notulen 12 mei',
      kind: 'interview',
      documentType: 'interview-report',
      date: '2020-05-12',
      respondentPseudonym: 'R7',
      validation: 'approved',
    });
    const back = await p.call('import.updateSource', {
      id: r.source.id,
      kind: 'document',
      date: null,
      respondent: null,
    });
    expect(back).toMatchObject({
      kind: 'document',
      validation: null,
      date: null,
      respondentId: null,
    });
    expect((await p.call('sources.get', { id: r.source.id })).text).toBe(text);
  });
});

describe('import.newVersion', () => {
  it('re-anchors segments by their text, and refuses or reports those it cannot', async () => {
    const v1 = 'Inleiding.\nDe gemeente betaalt mee.\nDe provincie twijfelt nog.\nSlot.';
    const v2 = 'Nieuwe inleiding met meer tekst.\nDe gemeente betaalt mee.\nSlot.';
    const r = await p.call('import.file', {
      file: { fileName: 'verslag.txt', dataBase64: b64(utf8(v1)) },
      caseId,
    });
    if (r.status !== 'imported') throw new Error(r.status);
    const code = (await p.call('codes.tree', {}))[0]!;
    const db = p.db;
    const segs = p.ctx.action('test.code', (w) =>
      ['De gemeente betaalt mee.', 'De provincie twijfelt nog.'].map((quote) => {
        const start = v1.indexOf(quote);
        return codeRange(w, {
          sourceId: r.source.id,
          start,
          end: start + quote.length,
          codeIds: [code.id],
          coderId: p.ctx.coderId(),
        }).segment.id;
      }),
    );
    const file = { fileName: 'verslag v2.txt', dataBase64: b64(utf8(v2)) };

    const preview = await p.call('import.newVersion', {
      sourceId: r.source.id,
      file,
      dryRun: true,
    });
    expect(preview).toMatchObject({ status: 'preview', segments: { total: 2, reanchored: 1 } });
    expect(preview.unanchored).toEqual([
      {
        segmentId: segs[1],
        text: 'De provincie twijfelt nog.',
        start: v1.indexOf('De provincie'),
        end: v1.indexOf('De provincie') + 26,
        codes: [code.label.nl],
        codeIds: [code.id],
      },
    ]);

    const before = footprint(p);
    const refused = await p.call('import.newVersion', { sourceId: r.source.id, file });
    expect(refused.status).toBe('refused');
    expect(refused.message).toContain('1 of 2 coded segments');
    expect(footprint(p)).toEqual(before);

    const done = await p.call('import.newVersion', {
      sourceId: r.source.id,
      file,
      allowUnanchored: true,
    });
    expect(done.status).toBe('imported');
    const newId = done.source!.id;
    const moved = db.prepare('SELECT source_id, start, end, text FROM segments WHERE id = ?');
    expect(moved.get(segs[0])).toEqual({
      source_id: newId,
      start: v2.indexOf('De gemeente'),
      end: v2.indexOf('De gemeente') + 24,
      text: 'De gemeente betaalt mee.',
    });
    // The one that could not move stays, unchanged, on the previous version.
    expect(moved.get(segs[1])).toMatchObject({ source_id: r.source.id });
    const prev = db.prepare('SELECT previous_version_id FROM sources WHERE id = ?').get(newId);
    expect(prev).toEqual({ previous_version_id: r.source.id });
    // Both versions say so in their summaries, alone and in the list.
    expect(done.source).toMatchObject({ previousVersionId: r.source.id, replacedById: null });
    const list = await p.call('sources.list', {});
    expect(list.find((s) => s.id === r.source.id)).toMatchObject({
      previousVersionId: null,
      replacedById: newId,
    });
    expect((await p.call('sources.get', { id: r.source.id })).replacedById).toBe(newId);

    const same = await p.call('import.newVersion', { sourceId: newId, file });
    expect(same.status).toBe('unchanged');
  });

  it('refuses a damaged file with an error naming the file and the reason', async () => {
    const r = await p.call('import.file', {
      file: { fileName: 'kort.txt', dataBase64: b64(utf8('Een korte tekst.')) },
      caseId,
    });
    if (r.status !== 'imported') throw new Error(r.status);
    const err = await p
      .call('import.newVersion', {
        sourceId: r.source.id,
        file: { fileName: 'kort v2.docx', dataBase64: b64(utf8('geen docx')) },
        dryRun: true,
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'import_failed',
      message: expect.stringMatching(/^kort v2\.docx: /),
      details: { reason: 'corrupt', fileName: 'kort v2.docx' },
    });
  });
});

describe('CLI', () => {
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('casus import --json reports every file and exits non-zero when one failed', async () => {
    const dir = tempDir();
    const files = {
      'nota.md': utf8(`# Nota\n\n${DUTCH}\n`),
      'leeg.txt': new Uint8Array(0),
      'rapport.pdf': await makePdf(),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    p.session.close();
    const paths = Object.keys(files).map((n) => join(dir, n));
    const res = await run([
      'import',
      p.path,
      ...paths,
      '--case',
      'region south',
      '--type',
      'progress-report',
      '--respondent',
      'R9',
      '--role',
      'trekker',
      '--json',
    ]);
    expect(res.err).toBe('');
    expect(res.code).toBe(1);
    const json = JSON.parse(res.out) as { results: Record<string, unknown>[] };
    expect(json.results).toHaveLength(3);
    expect(json.results[0]).toMatchObject({ file: paths[0], ok: true, title: 'nota', blocks: 2 });
    expect(json.results[0]!.characters).toBe(`Nota\n${DUTCH}`.length);
    expect(json.results[1]).toMatchObject({ file: paths[1], ok: false });
    expect(json.results[1]!.error).toMatch(/^leeg\.txt: the file is empty/);
    expect(json.results[2]).toMatchObject({ ok: true, title: 'rapport' });

    const text = await run(['source', p.path, json.results[0]!.id as string, '--text']);
    expect(text.code).toBe(0);
    expect(text.out).toBe(`Nota\n${DUTCH}`);

    const again = await run(['import', p.path, paths[0]!, '--case', 'Regio Zuid']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('0 imported, 1 skipped as duplicate, 0 failed');

    const badCase = await run(['import', p.path, paths[0]!, '--case', 'Atlantis']);
    expect(badCase.code).toBe(1);
    expect(badCase.err).toMatch(/No case called "Atlantis" \(the cases are: .*region-south/);
    await p.call('project.open', { path: p.path });
  });
});
