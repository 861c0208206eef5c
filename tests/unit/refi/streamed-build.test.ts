import Database from 'better-sqlite3';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POSITION_STATEMENT } from '../../../core/server/refi/constants.js';
import type { RefiTextSource } from '../../../core/server/refi/model.js';
import { importProjectFile } from '../../../core/server/refi/project-io.js';
import { readQdpxPending, type RefiProjectSink } from '../../../core/server/refi/read.js';
import { refused, tempDir } from '../helpers.js';
import { CODE_A, USER, zip } from './build.js';

// The import writes each text source while the file is still being read (the reader hands it
// over and keeps only what later parts refer to). These are the things that order changes.

const guid = (kind: number, i: number) =>
  `6666666${kind}-6666-4666-8666-${String(i).padStart(12, '0')}`;
const TEXT = 'Een zin over de regio. Nog een zin over samenwerking en geld.\n';
const CASE = guid(7, 1);
const UNKNOWN_CODE = guid(8, 1);
const UNKNOWN_SOURCE = guid(9, 1);

/** A .qdpx of `n` sources (`perSource` coded selections each) and one case listing the first. */
function project(n: number, perSource: number, opts: { origin?: string; tail?: string } = {}) {
  const files: Record<string, string> = {};
  const sources: string[] = [];
  for (let i = 0; i < n; i++) {
    const src = guid(1, i);
    files[`sources/${src}.txt`] = TEXT;
    let sels = '';
    for (let j = 0; j < perSource; j++) {
      const k = i * perSource + j;
      // The first selection of the first source also has a coding of a code nobody defined.
      const stray =
        k === 0
          ? `<Coding guid="${guid(4, 0)}"><CodeRef targetGUID="${UNKNOWN_CODE}"/></Coding>`
          : '';
      sels +=
        `<PlainTextSelection guid="${guid(2, k)}" startPosition="${j % 20}" endPosition="${(j % 20) + 10}" creatingUser="${USER}">` +
        `<Coding guid="${guid(3, k)}" creatingUser="${USER}"><CodeRef targetGUID="${CODE_A}"/></Coding>${stray}` +
        `</PlainTextSelection>\n`;
    }
    sources.push(
      `<TextSource guid="${src}" name="Bron ${i}" plainTextPath="internal://${src}.txt">\n${sels}</TextSource>\n`,
    );
  }
  const xml =
    `<?xml version="1.0" encoding="utf-8"?>\n` +
    `<Project xmlns="urn:QDA-XML:project:1.0" name="Stroom" origin="${opts.origin ?? 'test'}">\n` +
    `<Users><User guid="${USER}" name="Tester"/></Users>\n` +
    `<CodeBook><Codes><Code guid="${CODE_A}" name="A" isCodable="true" color="#ff0000"/></Codes></CodeBook>\n` +
    // Cases come before the sources in the file: they name sources not read yet.
    `<Cases><Case guid="${CASE}" name="Regio"><SourceRef targetGUID="${guid(1, 0)}"/>` +
    `<SourceRef targetGUID="${UNKNOWN_SOURCE}"/></Case></Cases>\n` +
    `<Sources>\n${sources.join('')}</Sources>\n${opts.tail ?? ''}</Project>\n`;
  return { xml, qdpx: zip({ 'project.qde': xml, ...files }) };
}

function rows(path: string, sql: string): Record<string, unknown>[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

describe('a REFI-QDA import that builds while it reads', () => {
  const dir = tempDir();

  it('is handed each source while project.qde is still being read, and keeps none of them', async () => {
    const { xml, qdpx } = project(400, 20);
    const size = new TextEncoder().encode(xml).length;
    expect(size).toBeGreaterThan(2 * 1024 * 1024);
    const events: string[] = [];
    let handed = 0;
    const sink: RefiProjectSink = {
      start: (p) => events.push(`start ${p.name}`),
      begin: (p, _report, _ext, expected) =>
        events.push(
          `begin: ${p.users.length} user, ${p.codes.length} code, ${p.cases.length} case, ${expected} expected`,
        ),
      source: (s: RefiTextSource) => {
        if (handed++ === 0) events.push(`first source ${s.name}: ${s.selections.length}`);
      },
    };
    const readAt: number[] = [];
    const r = await readQdpxPending(qdpx, 'stroom.qdpx', {
      sink,
      reading: () => readAt.push(handed),
    });
    await r.verdict();
    expect(events).toEqual([
      'start Stroom',
      'begin: 1 user, 1 code, 1 case, 400 expected',
      'first source Bron 0: 20',
    ]);
    // At the first megabyte some sources were written, not all: the file was read on after them.
    expect(readAt[0]).toBeGreaterThan(0);
    expect(readAt[0]).toBeLessThan(400);
    expect(handed).toBe(400);
    // What the read returns holds none of them; the report counts them.
    expect(r.project.textSources).toEqual([]);
    expect(r.report.counts).toMatchObject({ sources: 400, segments: 8000, codings: 8000 });
  });

  it('puts sources in the case listed before them, and names what it could not take', async () => {
    const { qdpx } = project(3, 2);
    const sub = join(dir, 'cases');
    mkdirSync(sub);
    const target = join(sub, 'stroom.casus');
    const { report } = await importProjectFile({ bytes: qdpx, fileName: 'stroom.qdpx' }, target, {
      inWorker: false,
    });
    expect(report.counts).toMatchObject({ sources: 3, segments: 6, codings: 6, cases: 1 });
    expect(rows(target, 'SELECT id, case_id FROM sources ORDER BY id')).toEqual([
      { id: guid(1, 0), case_id: CASE },
      { id: guid(1, 1), case_id: null },
      { id: guid(1, 2), case_id: null },
    ]);
    expect(report.warnings).toContain(
      `case "Regio": reference to source ${UNKNOWN_SOURCE}, which was not imported, dropped`,
    );
    // The coding of an unknown code is skipped with its reason; its segment and other coding stay.
    expect(report.skipped).toEqual([
      {
        kind: 'coding',
        guid: guid(4, 0),
        reason: `in "Bron 0": refers to code ${UNKNOWN_CODE}, which is not in the code book`,
      },
    ]);
    expect(rows(target, `SELECT code_id FROM codings WHERE segment_id = '${guid(2, 0)}'`)).toEqual([
      { code_id: CODE_A },
    ]);
    expect(readdirSync(sub)).toEqual(['stroom.casus']);
  });

  it('starts again with the position rule a file of another program states after its sources', async () => {
    // Not Casus's origin, so the rule is guessed as not stated; the description states it.
    const { qdpx } = project(3, 2, { tail: `<Description>${POSITION_STATEMENT}</Description>\n` });
    const sub = join(dir, 'stated');
    mkdirSync(sub);
    const target = join(sub, 'stated.casus');
    const { report } = await importProjectFile({ bytes: qdpx, fileName: 'stated.qdpx' }, target, {
      inWorker: false,
    });
    expect(report.positionRuleText).toMatch(/\(stated in the file by Casus\)$/);
    expect(report.counts).toMatchObject({ sources: 3, segments: 6, codings: 6 });
    expect(rows(target, 'SELECT count(*) AS n FROM sources')).toEqual([{ n: 3 }]);
    // Built once, from the start: one import in the change log, no second set of rows.
    expect(
      rows(
        target,
        `SELECT count(DISTINCT group_id) AS groups, count(*) AS inserts FROM change_log
         WHERE action = 'refi.importProject' AND entity = 'segments'`,
      ),
    ).toEqual([{ groups: 1, inserts: 6 }]);
    expect(readdirSync(sub)).toEqual(['stated.casus']);
  });

  it('leaves nothing when project.qde stops in the middle of its sources, and names the file', async () => {
    const { xml } = project(200, 5);
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`sources/${guid(1, i)}.txt`] = TEXT;
    const cut = xml.slice(0, xml.indexOf(`<TextSource guid="${guid(1, 150)}"`) + 40);
    const sub = join(dir, 'cut');
    mkdirSync(sub);
    const e = await refused(() =>
      importProjectFile(
        { bytes: zip({ 'project.qde': cut, ...files }), fileName: 'afgebroken.qdpx' },
        join(sub, 'afgebroken.casus'),
        { inWorker: false },
      ),
    );
    expect(e.code).toBe('import_failed');
    expect(e.message).toMatch(
      /^afgebroken\.qdpx: the XML \(project\.qde\) is not well-formed at line \d+, column \d+: /,
    );
    // 150 sources were written before the end was found: all of it is gone.
    expect(readdirSync(sub)).toEqual([]);
  });
});
