import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { unzipSync, zipSync } from 'fflate';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeRange } from '../../../core/server/domain/segments.js';
import { newId, now } from '../../../core/server/domain/ids.js';
import { runCli } from '../../../cli/main.js';
import { validateAgainstSchema } from '../../../core/server/refi/index.js';
import { CasusError } from '../../../core/shared/errors.js';
import { packQdpx, refiFixture, REPO_ROOT } from '../../refi-fixtures.js';
import { qde, SRC, zip } from './build.js';
import { insertTestSource, tempDir, tempProject, withCoder, type TestProject } from '../helpers.js';

type Row = Record<string, unknown>;

/** The project's indexes and triggers with their definitions, and whether it is intact. */
function schemaObjects(path: string): { objects: Row[]; integrity: unknown } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      objects: db
        .prepare(
          `SELECT type, name, tbl_name, sql FROM sqlite_master
           WHERE type IN ('index', 'trigger') ORDER BY type, name`,
        )
        .all() as Row[],
      integrity: db.pragma('integrity_check', { simple: true }),
    };
  } finally {
    db.close();
  }
}

/** How many codings and segments the import's change-log group recorded as inserted. */
function loggedInserts(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT entity, count(*) AS n FROM change_log INDEXED BY change_log_entity
         WHERE entity IN ('codings', 'segments') AND before IS NULL AND action = 'refi.importProject'
         GROUP BY entity ORDER BY entity`,
      )
      .all() as { entity: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.entity, r.n]));
  } finally {
    db.close();
  }
}

/**
 * Every entry of a search index (term and place), by its block's source and sequence: block ids
 * differ between projects. Read through an fts5vocab table in the connection's temp schema.
 */
function searchEntries(db: Database.Database, index: 'blocks_fts' | 'blocks_trigram'): string[] {
  db.exec(
    `CREATE VIRTUAL TABLE IF NOT EXISTS temp.${index}_entries USING fts5vocab(main, ${index}, instance)`,
  );
  const rows = db
    .prepare(
      `SELECT b.source_id || ' ' || b.seq || ' ' || v.col || ' ' || v.offset || ' ' || v.term AS e
       FROM temp.${index}_entries v JOIN blocks b ON b.id = v.doc`,
    )
    .pluck()
    .all() as string[];
  return rows.sort();
}

/**
 * A search index's configuration, and whether it agrees with the blocks it indexes. A `hashsize`
 * row at FTS5's default (1 MB) is the same configuration as none: the import's bulk rebuild
 * leaves one.
 */
function searchIndexState(db: Database.Database, index: 'blocks_fts' | 'blocks_trigram') {
  db.prepare(`INSERT INTO ${index} (${index}, rank) VALUES ('integrity-check', 1)`).run();
  const rows = db.prepare(`SELECT k, v FROM ${index}_config ORDER BY k`).all() as {
    k: string;
    v: unknown;
  }[];
  return rows.filter((r) => !(r.k === 'hashsize' && Number(r.v) === 1024 * 1024));
}

/** Every table that carries research data, row by row, in a stable order. */
function snapshot(path: string): Record<string, Row[]> {
  const db = new Database(path, { readonly: true });
  try {
    const q = (sql: string) => db.prepare(sql).all() as Row[];
    return {
      project: q('SELECT uuid, name, description, template, created_at, settings FROM project'),
      coders: q('SELECT * FROM coders ORDER BY id'),
      // The counts the triggers keep (migration 022): a bulk import must leave them right too.
      // Their seqs in text order (migration 027), the file's own integer keys: compared as ids.
      source_segment_counts: q(
        `SELECT c.source_id, c.n, (SELECT json_group_array(g.id) FROM json_each(c.seqs) j
           JOIN segments g ON g.seq = j.value ORDER BY j.key) AS segments
         FROM source_segment_counts c ORDER BY source_id`,
      ),
      // Their seqs (migration 025) are the file's own integer keys: compared as segment ids.
      code_source_counts: q(
        `SELECT c.code_id, c.source_id, c.n, (SELECT json_group_array(id) FROM (SELECT g.id
           FROM json_each(c.seqs) j JOIN segments g ON g.seq = j.value ORDER BY g.id)) AS segments
         FROM code_source_counts c ORDER BY code_id, source_id`,
      ),
      code_counts: q('SELECT * FROM code_counts ORDER BY code_id'),
      vocabulary: q('SELECT * FROM vocabulary ORDER BY kind, key'),
      attributes: q('SELECT * FROM attributes ORDER BY id'),
      cases: q('SELECT * FROM cases ORDER BY id'),
      case_attribute_values: q(
        'SELECT * FROM case_attribute_values ORDER BY case_id, attribute_id',
      ),
      respondents: q(
        'SELECT id, pseudonym, role, organisation, case_id, created_at FROM respondents ORDER BY id',
      ),
      // sha256 and source_files follow the original file, which only travels for .docx.
      sources: q(
        `SELECT id, case_id, title, kind, document_type, date, respondent_id, validation, original_name,
                text, text_sha256, text_length, marks, previous_version_id, sort, created_at, created_by
         FROM sources ORDER BY id`,
      ),
      blocks: q(
        'SELECT source_id, seq, type, start, end, attrs, text FROM blocks ORDER BY source_id, seq',
      ),
      codes: q('SELECT * FROM codes ORDER BY id'),
      // seq is the file's own integer key (the order rows were written in), not the project's data.
      segments: q(
        'SELECT id, source_id, start, end, text, created_by, created_at FROM segments ORDER BY id',
      ),
      codings: q('SELECT id, segment_id, code_id, coder_id, created_at FROM codings ORDER BY id'),
      memos: q('SELECT * FROM memos ORDER BY id'),
      matrix_definitions: q('SELECT * FROM matrix_definitions ORDER BY id'),
      synthesis_cells: q('SELECT * FROM synthesis_cells ORDER BY id'),
    };
  } finally {
    db.close();
  }
}

/** A project with everything Casus stores: two coders, sources with structure, codings, memos. */
async function seeded(): Promise<TestProject & { realName: string }> {
  const p = await tempProject({ file: true });
  const anna = await withCoder(p, 'Anna de Vries');
  const bram = await withCoder(p, 'Bram Öztürk');
  const db = p.db;
  const caseRow = db.prepare('SELECT id FROM cases ORDER BY sort LIMIT 1').get() as { id: string };
  const realName = 'Geheime Echte Naam';
  const respondentId = newId();
  db.prepare(
    `INSERT INTO respondents (id, pseudonym, role, organisation, case_id, real_name, created_at)
     VALUES (?, 'R1', 'respondent', 'Gemeente', ?, ?, ?)`,
  ).run(respondentId, caseRow.id, realName, now());
  const text =
    'Kop van het interview\nEerste alinea met één emoji 😀 en "quotes" & <tags>.\nTweede\talinea.';
  const sourceId = newId();
  insertTestSource(
    p,
    {
      id: sourceId,
      caseId: caseRow.id,
      title: 'Interview R1',
      kind: 'interview',
      documentType: 'other',
      date: '2024-03-01',
      respondentId,
      validation: 'approved',
      originalName: 'r1.txt',
      sha256: createHash('sha256').update(text).digest('hex'),
      textSha256: createHash('sha256').update(text).digest('hex'),
      originalBytes: new TextEncoder().encode(text),
      createdAt: now(),
      createdBy: anna,
    },
    {
      text,
      blocks: [
        { type: 'heading', start: 0, end: 21, level: 1 },
        { type: 'paragraph', start: 22, end: text.indexOf('\nTweede') },
        { type: 'paragraph', start: text.indexOf('Tweede'), end: text.length },
      ],
      marks: [{ kind: 'bold', start: 0, end: 3 }],
    },
  );
  // A second version of the source, and an attribute value that is not in a typed lexical form.
  const v2 = newId();
  const text2 = `${text}\nNieuwe zin.`;
  insertTestSource(
    p,
    {
      id: v2,
      caseId: null,
      title: 'Interview R1 (v2)',
      kind: 'interview',
      documentType: 'other',
      date: null,
      respondentId: null,
      validation: 'draft',
      originalName: 'r1-v2.txt',
      sha256: createHash('sha256').update(text2).digest('hex'),
      textSha256: createHash('sha256').update(text2).digest('hex'),
      originalBytes: new TextEncoder().encode(text2),
      previousVersionId: sourceId,
      createdAt: now(),
      createdBy: null,
    },
    { text: text2, blocks: [{ type: 'paragraph', start: 0, end: text2.length }], marks: [] },
  );
  db.prepare(
    `UPDATE case_attribute_values SET value = ' 12,5 ' WHERE rowid = (SELECT min(rowid) FROM case_attribute_values)`,
  ).run();
  const codes = db.prepare('SELECT id FROM codes ORDER BY sort, label_nl LIMIT 3').all() as {
    id: string;
  }[];
  let segId = '';
  p.ctx.action('test.code', (w) => {
    const a = text.indexOf('één emoji 😀');
    segId = codeRange(w, {
      sourceId,
      start: a,
      end: a + 'één emoji 😀'.length,
      codeIds: [codes[0]!.id, codes[1]!.id],
      coderId: anna,
    }).segment.id;
    const b = text.indexOf('Tweede');
    codeRange(w, {
      sourceId,
      start: b,
      end: text.length,
      codeIds: [codes[2]!.id],
      coderId: bram,
    });
    // A segment without a coder whose coding has one: must come back exactly so.
    const lone = codeRange(w, { sourceId: v2, start: 0, end: 3, codeIds: [], coderId: null });
    db.prepare(
      `INSERT INTO codings (id, segment_id, segment_seq, code_id, coder_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(newId(), lone.segment.id, lone.segment.seq, codes[0]!.id, bram, now());
    const memo = db.prepare(
      `INSERT INTO memos (id, target_type, target_id, title, body, body_text, author_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    memo.run(
      newId(),
      'segment',
      segId,
      'Segment',
      '{"root":{"children":[]}}',
      'Over dit segment.',
      anna,
      now(),
      now(),
    );
    memo.run(newId(), 'code', codes[0]!.id, 'Code', '', 'Over deze code.', bram, now(), now());
    memo.run(newId(), 'case', caseRow.id, 'Casus', '', 'Over de casus.', anna, now(), now());
    memo.run(newId(), 'source', sourceId, '', '', 'Over de bron.', anna, now(), now());
    memo.run(newId(), 'project', '1', 'Project', '', 'Over het project.', null, now(), now());
    memo.run(
      newId(),
      'cell',
      `${caseRow.id}:${codes[0]!.id}`,
      'Cel',
      '',
      'Over een matrixcel.',
      anna,
      now(),
      now(),
    );
  });
  return { ...p, realName };
}

describe('Casus → .qdpx → Casus', () => {
  const dir = tempDir();

  it('is lossless, field by field, and keeps real names out of the file', async () => {
    const p = await seeded();
    const qdpx = join(dir, 'seeded.qdpx');
    const exported = await p.call('refi.export', {
      format: 'qdpx',
      outPath: qdpx,
      audience: { kind: 'team', hideCases: false },
    });
    expect(exported.path).toBe(qdpx);
    const bytes = readFileSync(qdpx);
    const files = unzipSync(new Uint8Array(bytes));
    const xml = new TextDecoder().decode(files['project.qde']);
    expect((await validateAgainstSchema(xml, 'project')).valid).toBe(true);
    // Code dimensions travel as code groups for other programs.
    expect(xml).toMatch(/<Set guid="[^"]+" name="Dimensie: principe \(principle\)">/);
    expect(Buffer.from(bytes).includes(Buffer.from(p.realName))).toBe(false);
    for (const f of Object.values(files))
      expect(Buffer.from(f).includes(Buffer.from(p.realName))).toBe(false);

    const out = join(dir, 'back.casus');
    const { report } = await p.call('refi.importProject', { filePath: qdpx, outPath: out });
    expect(report.skipped).toEqual([]);
    expect(report.positionRuleText).toMatch(/stated in the file by Casus/);
    const before = snapshot(p.path);
    const after = snapshot(out);
    for (const table of Object.keys(before)) {
      expect({ table, rows: after[table] }).toEqual({ table, rows: before[table] });
    }
    // The import builds the indexes of codings, segments and the change log after its inserts:
    // the new project has every index (and trigger) a project has, and every row is logged.
    expect(schemaObjects(out)).toEqual(schemaObjects(p.path));
    expect(loggedInserts(out)).toEqual({ codings: 4, segments: 3 });
    expect(report.counts).toMatchObject({
      users: 2,
      sources: 2,
      segments: 3,
      codings: 4,
      notes: 6,
      cases: before.cases!.length,
      codes: before.codes!.length,
    });
  });

  it('writes a codebook that validates', async () => {
    const p = await seeded();
    const r = await p.call('refi.export', { format: 'qdc', outPath: join(dir, 'codes.qdc') });
    const xml = readFileSync(r.path!, 'utf8');
    expect((await validateAgainstSchema(xml, 'codebook')).valid).toBe(true);
  });

  it.skipIf(!existsSync(resolve(REPO_ROOT, 'fixtures/demo/manifest.json')))(
    'round-trips the demo study losslessly',
    async () => {
      const p = await tempProject({ demo: true, file: true });
      const qdpx = join(dir, 'demo.qdpx');
      await p.call('refi.export', { format: 'qdpx', outPath: qdpx });
      const out = join(dir, 'demo-back.casus');
      const { report } = await p.call('refi.importProject', { filePath: qdpx, outPath: out });
      expect(report.skipped).toEqual([]);
      const info = await p.call('project.info', {});
      expect(report.counts).toMatchObject({
        sources: info.counts.sources,
        codes: info.counts.codes,
        segments: info.counts.segments,
        codings: info.counts.codings,
        notes: info.counts.memos,
        users: info.counts.coders,
        cases: info.counts.cases,
      });
      expect(info.counts.codings).toBeGreaterThan(0);
      const before = snapshot(p.path);
      const after = snapshot(out);
      for (const table of Object.keys(before)) {
        expect({ table, rows: after[table] }).toEqual({ table, rows: before[table] });
      }
    },
  );
});

/** A qc-style .qdpx (fixtures/refi/qc-style): 1 user, 23 codes, 15 selections, 25 codings. */
const QC_USER = '64373863-3363-3263-6537-616437336538';
function qcStyleFile(dir: string): string {
  const file = join(dir, 'qc-style.qdpx');
  if (!existsSync(file)) writeFileSync(file, packQdpx('qc-style'));
  return file;
}

describe('import into a new project', () => {
  const dir = tempDir();

  it('leaves out saved matrices and syntheses that a tampered casus.json breaks, and says so', async () => {
    const p = await tempProject({ demo: true });
    const qdpx = join(dir, 'tampered.qdpx');
    await p.call('refi.export', { format: 'qdpx', outPath: qdpx });
    const files = unzipSync(new Uint8Array(readFileSync(qdpx)));
    const ext = JSON.parse(new TextDecoder().decode(files['casus.json'])) as {
      matrixDefinitions: { spec: string; nameNl: string }[];
      synthesisCells: { refs: string }[];
    };
    expect(ext.matrixDefinitions.length).toBeGreaterThanOrEqual(2);
    expect(ext.synthesisCells.length).toBeGreaterThanOrEqual(2);
    ext.matrixDefinitions[0]!.spec = JSON.stringify({ rows: 'principle' });
    ext.synthesisCells[0]!.refs = JSON.stringify([{ segmentId: 7 }]);
    files['casus.json'] = new TextEncoder().encode(JSON.stringify(ext));
    writeFileSync(qdpx, zipSync(files));

    const out = join(dir, 'tampered.casus');
    const { report } = await p.call('refi.importProject', { filePath: qdpx, outPath: out });
    expect(report.warnings).toContain(
      `saved matrix "${ext.matrixDefinitions[0]!.nameNl}": not a valid matrix definition; not imported`,
    );
    expect(
      report.warnings.some((w) => /^synthesis .*: repeated or malformed; skipped$/.test(w)),
    ).toBe(true);
    // What arrived is readable: the saved matrices list and the syntheses open.
    await p.call('project.open', { path: out });
    const defs = await p.call('matrix.definitions.list', {});
    expect(defs).toHaveLength(ext.matrixDefinitions.length - 1);
    const cells = await p.call('matrix.synthesis.list', {});
    expect(cells).toHaveLength(ext.synthesisCells.length - 1);
  });

  it('reads syntheses an earlier Casus wrote by row and column key, giving them coordinates', async () => {
    const p = await tempProject({ demo: true });
    const qdpx = join(dir, 'legacy.qdpx');
    await p.call('refi.export', { format: 'qdpx', outPath: qdpx });
    const before = await p.call('matrix.synthesis.list', {});
    const files = unzipSync(new Uint8Array(readFileSync(qdpx)));
    type Cell = { coordinate?: Record<string, string>; rowKey?: string; colKey?: string };
    const ext = JSON.parse(new TextDecoder().decode(files['casus.json'])) as {
      synthesisCells: Cell[];
    };
    // As Casus wrote them before syntheses had coordinates: the header ids of the default matrix.
    for (const c of ext.synthesisCells) {
      const k = c.coordinate ?? {};
      c.rowKey = `${k.principle}:${k.category}`;
      c.colKey = k.case ?? '';
      delete c.coordinate;
    }
    // And one under a coder column, which has no place in the cube.
    const coder = (await p.call('coders.list', {}))[0]!.id;
    ext.synthesisCells.push({ ...ext.synthesisCells[0]!, rowKey: 'x', colKey: coder });
    files['casus.json'] = new TextEncoder().encode(JSON.stringify(ext));
    writeFileSync(qdpx, zipSync(files));
    const out = join(dir, 'legacy.casus');
    const { report } = await p.call('refi.importProject', { filePath: qdpx, outPath: out });
    expect(report.warnings).toContain(
      `synthesis x × ${coder}: its cell names something that is not a dimension of the study; skipped`,
    );
    await p.call('project.open', { path: out });
    const after = await p.call('matrix.synthesis.list', {});
    expect(after.map((c) => [c.coordinate, c.bodyText]).sort()).toEqual(
      before.map((c) => [c.coordinate, c.bodyText]).sort(),
    );
  });

  it('imports a qc-style file with the report, keeping GUIDs as ids', async () => {
    const p = await tempProject();
    const out = join(dir, 'qc.casus');
    const { path, report } = await p.call('refi.importProject', {
      filePath: qcStyleFile(dir),
      outPath: out,
    });
    expect(path).toBe(out);
    expect(report.counts).toMatchObject({
      users: 1,
      codes: 23,
      sources: 2,
      segments: 15,
      codings: 25,
    });
    const snap = snapshot(out);
    expect(snap.coders!.map((c) => c.id)).toEqual([QC_USER]);
    // Selection "line:4"; qc writes no creatingUser on selections: the coder of its first coding.
    const seg = snap.segments!.find((s) => s.id === '30666464-3039-6138-3835-616366666235');
    expect(seg?.text).toBe(
      'The goal we set ourselves is to bring every partner to the table with a clear \n',
    );
    expect(seg?.created_by).toBe(QC_USER);
    expect(snap.codings!.filter((c) => c.segment_id === seg?.id)).toHaveLength(4);
  });

  it('builds search indexes with the entries the triggers write, and the default configuration', async () => {
    // The demo study's sources went in one by one, each indexed by trigger; the import rebuilds
    // the indexes once, with a large buffer that it sets back afterwards.
    const p = await tempProject({ demo: true });
    const qdpx = join(dir, 'search.qdpx');
    await p.call('refi.export', { format: 'qdpx', outPath: qdpx });
    const out = join(dir, 'search.casus');
    await p.call('refi.importProject', { filePath: qdpx, outPath: out });
    const imported = new Database(out);
    try {
      for (const index of ['blocks_fts', 'blocks_trigram'] as const) {
        const entries = searchEntries(imported, index);
        expect(entries.length).toBeGreaterThan(1000);
        expect(entries).toEqual(searchEntries(p.db, index));
        expect(searchIndexState(imported, index)).toEqual([{ k: 'version', v: 4 }]);
        expect(searchIndexState(imported, index)).toEqual(searchIndexState(p.db, index));
      }
    } finally {
      imported.close();
    }
  });

  it('refuses a file that reads but fails the schema, and leaves no project behind', async () => {
    // The reader takes it (an attribute it does not know); the validator, which the import no
    // longer waits for before it builds, refuses it before the project is moved into place.
    const p = await tempProject();
    const sub = join(dir, 'invalid');
    (await import('node:fs')).mkdirSync(sub);
    const xml = qde({ plainTextPath: `internal://${SRC}.txt`, selections: [{ start: 0, end: 5 }] });
    const file = join(sub, 'invalid.qdpx');
    writeFileSync(
      file,
      zip({
        'project.qde': xml.replace('<TextSource ', '<TextSource colour="red" '),
        [`sources/${SRC}.txt`]: 'Hello world, a text.',
      }),
    );
    const out = join(sub, 'invalid.casus');
    let error: unknown;
    try {
      await p.call('refi.importProject', { filePath: file, outPath: out });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CasusError);
    expect((error as CasusError).message).toMatch(
      /^invalid\.qdpx: the XML does not follow the REFI-QDA project schema/,
    );
    expect(readdirSync(sub)).toEqual(['invalid.qdpx']);
    // The same file without the attribute imports.
    writeFileSync(
      file,
      zip({ 'project.qde': xml, [`sources/${SRC}.txt`]: 'Hello world, a text.' }),
    );
    const { report } = await p.call('refi.importProject', { filePath: file, outPath: out });
    expect(report.counts).toMatchObject({ sources: 1, segments: 1, codings: 1 });
  });

  it('leaves no project and no temporary file when the input is refused', async () => {
    const p = await tempProject();
    const sub = join(dir, 'refused');
    (await import('node:fs')).mkdirSync(sub);
    const bad = join(sub, 'bad.qdpx');
    writeFileSync(bad, 'not a zip at all');
    const out = join(sub, 'bad.casus');
    let error: unknown;
    try {
      await p.call('refi.importProject', { filePath: bad, outPath: out });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CasusError);
    expect((error as CasusError).code).toBe('import_failed');
    expect((error as CasusError).message).toBe(
      'bad.qdpx: is not a ZIP archive (a .qdpx file is a ZIP file)',
    );
    expect(readdirSync(sub)).toEqual(['bad.qdpx']);
  });

  it('refuses to overwrite an existing file', async () => {
    const p = await tempProject({ file: true });
    await expect(
      p.call('refi.importProject', {
        filePath: qcStyleFile(dir),
        outPath: p.path,
      }),
    ).rejects.toMatchObject({ code: 'exists' });
  });

  it('accepts an upload as base64 and can open the new project', async () => {
    const p = await tempProject();
    const data = Buffer.from(packQdpx('qc-style')).toString('base64');
    const out = join(dir, 'upload.casus');
    await p.call('refi.importProject', {
      data,
      fileName: 'qc-style.qdpx',
      outPath: out,
      open: true,
    });
    const info = await p.call('project.info', {});
    expect(info.path).toBe(out);
    expect(info.counts.codings).toBe(25);
  });
});

function qdc(codes: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="test"><Codes>${codes}</Codes></CodeBook>`;
}

describe('codebook import into an existing project', () => {
  const dir = tempDir();

  async function setup() {
    const p = await tempProject({ template: 'blank' });
    const trust = await p.call('codes.create', {
      label: { nl: 'Vertrouwen', en: 'Trust' },
      color: '#112233',
    });
    return { p, trust };
  }

  it('adds new codes with their GUID and nesting; unchanged codes stay', async () => {
    const { p, trust } = await setup();
    const file = join(dir, 'new.qdc');
    writeFileSync(
      file,
      qdc(
        `<Code guid="${trust.id}" name="Vertrouwen" isCodable="true" color="#112233">` +
          `<Code guid="aaaaaaaa-0000-4000-8000-000000000001" name="Wantrouwen" isCodable="true" color="#AA0000"/></Code>`,
      ),
    );
    const r = await p.call('refi.importCodebook', { filePath: file });
    expect(r).toMatchObject({ applied: true, added: 1, unchanged: 1, conflicts: [] });
    const tree = await p.call('codes.tree', {});
    const child = tree.find((c) => c.label.nl === 'Wantrouwen');
    expect(child).toMatchObject({
      id: 'aaaaaaaa-0000-4000-8000-000000000001',
      parentId: trust.id,
      color: '#AA0000',
    });
  });

  it('asks on conflict, then keeps, renames or merges as told', async () => {
    const file = join(dir, 'conflict.qdc');
    writeFileSync(
      file,
      qdc(
        `<Code guid="bbbbbbbb-0000-4000-8000-000000000001" name="vertrouwen" isCodable="true" color="#00FF00"><Description>Nieuw</Description></Code>`,
      ),
    );
    const ask = await setup();
    const asked = await ask.p.call('refi.importCodebook', { filePath: file });
    expect(asked.applied).toBe(false);
    expect(asked.conflicts).toEqual([
      {
        guid: 'bbbbbbbb-0000-4000-8000-000000000001',
        name: 'vertrouwen',
        existingId: ask.trust.id,
        existingLabel: 'Vertrouwen',
        matchedBy: 'name',
        differences: [
          'name "Vertrouwen" ≠ "vertrouwen"',
          'colour #112233 ≠ #00FF00',
          'description differs',
        ],
      },
    ]);
    expect((await ask.p.call('codes.tree', {})).map((c) => c.color)).toEqual(['#112233']);

    const keep = await setup();
    expect(
      await keep.p.call('refi.importCodebook', { filePath: file, onConflict: 'keep' }),
    ).toMatchObject({ applied: true, unchanged: 1 });
    expect((await keep.p.call('codes.tree', {})).map((c) => [c.label.nl, c.color])).toEqual([
      ['Vertrouwen', '#112233'],
    ]);

    const rename = await setup();
    expect(
      await rename.p.call('refi.importCodebook', { filePath: file, onConflict: 'rename' }),
    ).toMatchObject({ renamed: 1 });
    expect((await rename.p.call('codes.tree', {})).map((c) => c.label.nl).sort()).toEqual([
      'Vertrouwen',
      'vertrouwen (import)',
    ]);

    const merge = await setup();
    expect(
      await merge.p.call('refi.importCodebook', { filePath: file, onConflict: 'merge' }),
    ).toMatchObject({ updated: 1 });
    const merged = (await merge.p.call('codes.tree', {}))[0]!;
    expect(merged).toMatchObject({
      id: merge.trust.id,
      color: '#00FF00',
      description: { nl: 'Nieuw', en: 'Nieuw' },
    });
  });

  it('imports an ATLAS.ti codebook; its code group is reported as skipped', async () => {
    const { p } = await setup();
    const r = await p.call('refi.importCodebook', {
      filePath: refiFixture('atlas234win_codebook_from_requal_test.qdc'),
    });
    expect(r).toMatchObject({ applied: true, added: 1 });
    expect(r.report.skipped.map((s) => s.kind)).toEqual(['set']);
  });
});

describe('CLI', () => {
  const dir = tempDir();
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
  };

  it('import-qdpx --json prints the report; export writes valid files; import-qdc asks on conflict', async () => {
    const a = io();
    const project = join(dir, 'cli.casus');
    expect(await runCli(['import-qdpx', qcStyleFile(dir), '--out', project, '--json'], a.io)).toBe(
      0,
    );
    const printed = JSON.parse(a.out.join('')) as { report: { counts: { codings: number } } };
    expect(printed.report.counts.codings).toBe(25);

    const b = io();
    expect(
      await runCli(['export', project, '--format', 'qdpx', '--out', join(dir, 'cli.qdpx')], b.io),
    ).toBe(0);
    expect(b.out.join('')).toMatch(/^Wrote .*cli\.qdpx/);
    const c = io();
    expect(
      await runCli(['export', project, '--format', 'qdc', '--out', join(dir, 'cli.qdc')], c.io),
    ).toBe(0);
    expect(
      (await validateAgainstSchema(readFileSync(join(dir, 'cli.qdc'), 'utf8'), 'codebook')).valid,
    ).toBe(true);

    const conflict = join(dir, 'cli-conflict.qdc');
    writeFileSync(
      conflict,
      qdc(
        '<Code guid="36303938-6331-6338-3334-373661613363" name="rq1_collaboration" isCodable="true" color="#123456"/>',
      ),
    );
    const d = io();
    expect(await runCli(['import-qdc', project, conflict], d.io)).toBe(3);
    expect(d.err.join('\n')).toMatch(/Choose with --on-conflict keep\|rename\|merge/);
    const e = io();
    expect(await runCli(['import-qdc', project, conflict, '--on-conflict', 'merge'], e.io)).toBe(0);
    expect(e.out.join('')).toMatch(/1 updated/);

    const f = io();
    expect(await runCli(['export', project, '--format', 'pdf', '--out', 'x'], f.io)).toBe(2);
    expect(f.err.join('')).toMatch(/--format must be qdpx or qdc/);
    void newId;
  });
});
