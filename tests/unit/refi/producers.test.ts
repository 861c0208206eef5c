import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readQdc,
  readQde,
  readQdpx,
  readRefiFile,
  walkCodes,
  type RefiProject,
} from '../../../core/server/refi/index.js';
import { importProjectFile } from '../../../core/server/refi/project-io.js';
import { packQdpx, refiFixture } from '../../refi-fixtures.js';
import { tempDir } from '../helpers.js';

// Files as other programs write them, one fixture per quirk (fixtures/refi/README.md). The real
// third-party samples behind these quirks are tested in tests/samples (npm run test:samples).

function selectionText(p: RefiProject, sourceName: string, selName: string): string {
  const src = p.textSources.find((s) => s.name === sourceName);
  if (!src) throw new Error(`no source ${sourceName}`);
  const sel = src.selections.find((s) => s.name === selName);
  if (!sel) throw new Error(`no selection ${selName}`);
  return src.text.slice(sel.start, sel.end);
}

describe('a qc-style .qdpx: line-based codings, plainTextPath without internal://', () => {
  const read = () => readQdpx(packQdpx('qc-style'), 'qc-style.qdpx');
  const steering = readFileSync(refiFixture('qc-style/sources/steering_2023.txt'), 'utf8');

  it('imports the user, the code tree, both sources, 15 selections with 25 codings', async () => {
    const { project, report } = await read();
    expect(report.format).toBe('qdpx');
    expect(report.origin).toBe('qc 1.3.2');
    expect(report.counts).toEqual({
      users: 1,
      codes: 23,
      sources: 2,
      segments: 15,
      codings: 25,
      notes: 0,
      cases: 0,
      variables: 0,
      sets: 0,
    });
    expect(report.skipped).toEqual([]);
    // qc's GUIDs are hex-encoded ASCII: valid GUID syntax, not RFC 4122; kept as written.
    expect(project.users).toEqual([{ guid: '64373863-3363-3263-6537-616437336538', name: 'mv' }]);
    // The TextSources have no name: it comes from plainTextPath, which lacks internal://.
    expect(project.textSources.map((s) => s.name)).toEqual(['steering_2023', 'interview_01']);
    expect(project.textSources[0]!.text).toBe(steering);
    expect(project.textSources[1]!.selections).toEqual([]);
    expect(project.codes.map((c) => c.name)).toEqual([
      'rq1_collaboration',
      'rq2_funding',
      'rq3_participation',
    ]);
    const all = [...walkCodes(project.codes)];
    const delegation = all.find((x) => x.code.name === 'delegation');
    expect(delegation?.parent?.name).toBe('mandate');
    expect(delegation?.depth).toBe(2);
    // The same name in two branches stays two codes, each under its own parent.
    expect(all.filter((x) => x.code.name === 'residents').map((x) => x.parent?.name)).toEqual([
      'trust',
      'rq3_participation',
    ]);
    expect(all.every((x) => x.code.color === undefined)).toBe(true);
  });

  it('gives the exact text of selections: "line:N" is line N of the file, counted from 0', async () => {
    const { project } = await read();
    const lines = steering.split('\n');
    const src = project.textSources[0]!;
    for (const sel of src.selections) {
      const n = Number(/^line:(\d+)$/.exec(sel.name ?? '')?.[1]);
      expect({ name: sel.name, text: src.text.slice(sel.start, sel.end) }).toEqual({
        name: sel.name,
        text: `${lines[n]}\n`,
      });
    }
    expect(selectionText(project, 'steering_2023', 'line:4')).toBe(
      'The goal we set ourselves is to bring every partner to the table with a clear \n',
    );
    expect(selectionText(project, 'steering_2023', 'line:22')).toBe(
      'Trust is the word that keeps coming back [inaudible 00:41:12] in every session. \n',
    );
    expect(selectionText(project, 'steering_2023', 'line:44')).toBe(
      'south district is mentioned in almost every interview. \n',
    );
    expect(src.selections.find((s) => s.name === 'line:37')?.codings).toHaveLength(3);
  });

  it('reports the position rule (ASCII without CRLF: all readings agree, NVivo reading used)', async () => {
    const { report } = await read();
    expect(report.positionRule).toBe('utf16');
    expect(report.positionRuleText).toMatch(/all readings agree/);
    expect(report.positionRules).toHaveLength(2);
    expect(report.positionRules.every((r) => r.ambiguous)).toBe(true);
  });
});

describe('an ATLAS.ti-style bare project.qde', () => {
  const file = refiFixture('atlas-style.qde');
  const read = () => readQde(new Uint8Array(readFileSync(file)), 'atlas-style.qde');

  it('imports users, codes, notes and sets; reports every source it cannot read', async () => {
    const { project, report } = await read();
    expect(report.format).toBe('qde');
    expect(report.counts).toEqual({
      users: 3,
      codes: 12,
      sources: 0,
      segments: 0,
      codings: 0,
      notes: 2,
      cases: 0,
      variables: 0,
      sets: 10,
    });
    const regional = project.codes.find((c) => c.name === 'Funding::regional');
    expect(regional).toMatchObject({
      color: '#966450',
      description: 'cofinanciering — één derde',
    });
    expect(project.codes.find((c) => c.name === 'housing')?.color).toBeUndefined();
    expect(project.codes.find((c) => c.name === '"quick wins"')).toBeDefined();
    // Upper-case GUIDs in the file are normalised to lower case.
    expect(project.users.map((u) => u.guid)).toContain('49a3c2f5-3e0c-57b2-9e50-0eef26626329');
    const notes = Object.fromEntries(project.notes.map((n) => [n.name, n]));
    expect(notes['Research plan']?.text).toBe(
      'Four cases, two rounds of interviews, one site visit per case. ',
    );
    expect(notes['Research plan']?.description).toBe('day to day log of the fieldwork');
    expect(notes['Best moment on the video']?.text).toBe(
      'The alderman’s answer about the quay says more than the report ',
    );
    expect(project.sets.find((s) => s.name === '<3')).toMatchObject({
      codeGuids: [],
      sourceGuids: [],
    });
    // Nothing is dropped silently: every item left out is listed with its kind.
    expect(report.skipped.map((s) => `${s.kind}: ${s.name ?? ''}`)).toEqual([
      'source: Kickoff video - Audio.docx',
      'source: Kickoff video - Visual.docx',
      'source: Site visit - Harbour.docx',
      'source: Notities Zoë 2e ronde.txt',
      'source: Femke.txt',
      'source: Interview wethouder.docx',
      'source: Convenant Regio Deal.pdf',
      'source: Voortgangsrapportage 2023 | Regio ®.pdf',
      'selection: Voortgang: werkplaats haven gereed. Woningbouw: 120 van 400 woningen…',
      'selection: Voortgang: werkplaats haven gereed. Woningbouw: 120 van 400 woningen…',
      'selection: Quotation 9:3',
      'selection: haven',
      'source: harbour-plan.jpg',
      "source: Interview haven (Ruud's recorder).m4a",
      'source: Kickoff video - Audio.docx',
      'source: Kickoff video - Visual.docx',
      'source: Site visit - Harbour.docx',
      'selection: 00:16.17 – 00:45.35',
      'selection: 00:14.70 – 00:17.70',
      'link: Memo-Quotation Relation',
      'graph: Netzwerk',
    ]);
    const reason = (name: string) => report.skipped.find((s) => s.name === name)?.reason;
    // Text files are missing in a bare .qde: every text source is reported, with its selections.
    expect(reason('Interview wethouder.docx')).toMatch(
      /not included.*3 selection\(s\) with 3 coding\(s\)/,
    );
    expect(reason('harbour-plan.jpg')).toMatch(/pictures are not supported/);
    expect(reason("Interview haven (Ruud's recorder).m4a")).toMatch(/audio without a transcript/);
    expect(reason('Quotation 9:3')).toMatch(/PDF area selection.*1 coding\(s\) are skipped too/);
    expect(reason('00:14.70 – 00:17.70')).toMatch(/video time selection/);
    // The memo-quotation link points at a video selection that is not imported.
    expect(reason('Memo-Quotation Relation')).toMatch(/one of its ends was not imported/);
    expect(reason('Netzwerk')).toMatch(/graphs .* are not supported/);
  });

  it('is recognised by readRefiFile from its extension', async () => {
    const r = await readRefiFile(file);
    expect('project' in r && r.project.name).toBe('ATLAS.ti-style fieldwork project');
  });
});

describe('ATLAS.ti 23.4 codebook .qdc (copied from RE-QDA/requal, MIT)', () => {
  it('imports the code with colour and description, and the code group', async () => {
    const name = 'atlas234win_codebook_from_requal_test.qdc';
    const { codebook, report } = await readQdc(
      new Uint8Array(readFileSync(refiFixture(name))),
      name,
    );
    expect(report.counts.codes).toBe(1);
    expect(codebook.codes).toEqual([
      {
        guid: '1ff58b12-6f6f-4b0c-8be5-bbdc91f55294',
        name: 'code1',
        color: '#46AA00',
        description: 'description',
        isCodable: true,
        children: [],
      },
    ]);
    expect(codebook.sets).toEqual([
      {
        guid: 'eca18d76-2b8b-4f26-bc1d-19eca19fb3f0',
        name: 'code group 1',
        description: 'kategorie 1',
        codeGuids: ['1ff58b12-6f6f-4b0c-8be5-bbdc91f55294'],
        sourceGuids: [],
        noteGuids: [],
      },
    ]);
  });
});

describe('an NVivo-style .qdpx: UTF-16 positions over a text with a BOM, CRLF and emoji', () => {
  const stored = readFileSync(
    refiFixture('nvivo-style/Sources/bf1dddb7-4bb1-5db9-b078-9ac1d3a0ae4d.txt'),
    'utf8',
  );
  const dir = tempDir();
  const wanted = [
    'beter dan verwacht',
    'de bewoners',
    'vertrouwen',
    'één loket openen',
    'voor alle vragen over de haven',
  ];

  it('the stored text has the quirks this test is about', () => {
    expect(stored.startsWith('\uFEFF')).toBe(true);
    expect(stored.split('\r\n')).toHaveLength(6);
    expect(stored.length).toBeGreaterThan(Array.from(stored).length);
  });

  it('detects the NVivo reading and selects exactly the quoted words', async () => {
    const { project, report } = await readQdpx(packQdpx('nvivo-style'), 'nvivo-style.qdpx');
    expect(report.positionRules).toEqual([
      expect.objectContaining({ sourceName: 'Interview bewoner', rule: 'utf16', ambiguous: false }),
    ]);
    expect(report.skipped).toEqual([]);
    const src = project.textSources[0]!;
    // Casus text: no BOM, LF line ends.
    expect(src.text).toBe(stored.slice(1).replace(/\r\n/g, '\n'));
    expect(src.selections.map((s) => src.text.slice(s.start, s.end))).toEqual(wanted);
    expect(src.selections.map((s) => s.name)).toEqual(wanted);
  });

  it('imports into a new project with the same segments', async () => {
    const out = join(dir, 'nvivo.casus');
    const { report } = await importProjectFile(
      { bytes: packQdpx('nvivo-style'), fileName: 'nvivo-style.qdpx' },
      out,
    );
    expect(report.counts).toMatchObject({ sources: 1, segments: 5, codings: 5, codes: 4 });
    const db = new Database(out, { readonly: true });
    try {
      const segments = db
        .prepare(
          `SELECT s.text, c.label_nl AS code FROM segments s
           JOIN codings g ON g.segment_id = s.id JOIN codes c ON c.id = g.code_id
           ORDER BY s.start`,
        )
        .all();
      expect(segments).toEqual([
        { text: 'beter dan verwacht', code: 'Samenwerking' },
        { text: 'de bewoners', code: 'Bewoners' },
        { text: 'vertrouwen', code: 'Vertrouwen' },
        { text: 'één loket openen', code: 'Oplossingen' },
        { text: 'voor alle vragen over de haven', code: 'Bewoners' },
      ]);
    } finally {
      db.close();
    }
  });
});
