import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readQdpx } from '../../../core/server/refi/index.js';
import { importProjectFile } from '../../../core/server/refi/project-io.js';
import { tempDir } from '../helpers.js';
import { zip } from './build.js';

// A project as NVivo/MAXQDA-style tools write it: cases with variables, notes on selections and
// codes, a PDF with a text representation, a video with a transcript, a picture, links and sets.
const G = (n: number) => `{00000000-0000-4000-8000-${String(n).padStart(12, '0')}}`;
const g = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const TEXT = 'Interviewer: Hoe gaat het?\r\nRespondent: Goed, dank je. 😀 Echt goed.\r\n';
const TRANSCRIPT = 'Spreker A: welkom bij de video.\nSpreker B: dank.';
const PDF_TEXT = 'Beleidsnota over samenwerking in de regio.';

function nvivoLike(): string {
  // NVivo reading: UTF-16 units over the file, CRLF = 2.
  const a = TEXT.indexOf('Goed, dank je.');
  const emoji = TEXT.indexOf('Echt goed.');
  return `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Vreemd project" origin="NVivo-like 12">
  <Users><User guid="${G(1)}" name="Nora" id="NV"/><User guid="${G(2)}" name="Nora"/></Users>
  <CodeBook><Codes>
    <Code guid="${G(10)}" name="Welzijn" isCodable="true" color="#ABC"><Description>Hoe het gaat</Description>
      <NoteRef targetGUID="${G(60)}"/>
      <Code guid="${G(11)}" name="Positief" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="${G(20)}" name="Inwoners" typeOfVariable="Integer"/>
    <Variable guid="${G(21)}" name="Bronjaar" typeOfVariable="Integer"/>
  </Variables>
  <Cases>
    <Case guid="${G(30)}" name="Gemeente Noord"><Description>Eerste casus</Description>
      <VariableValue><VariableRef targetGUID="${G(20)}"/><IntegerValue>12000</IntegerValue></VariableValue>
      <SourceRef targetGUID="${G(40)}"/>
      <SourceRef targetGUID="${G(50)}"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="${G(40)}" name="Interview Noord" plainTextPath="internal://${g(40).toUpperCase()}.txt">
      <PlainTextSelection guid="${G(41)}" startPosition="${a}" endPosition="${a + 14}" creatingUser="${G(1)}">
        <Coding guid="${G(42)}" creatingUser="${G(1)}"><CodeRef targetGUID="${G(11)}"/></Coding>
        <NoteRef targetGUID="${G(61)}"/>
      </PlainTextSelection>
      <PlainTextSelection guid="${G(43)}" startPosition="${emoji}" endPosition="${emoji + 10}" creatingUser="${G(2)}">
        <Coding guid="${G(44)}" creatingUser="${G(2)}"><CodeRef targetGUID="${G(10)}"/></Coding>
      </PlainTextSelection>
      <VariableValue><VariableRef targetGUID="${G(21)}"/><IntegerValue>2024</IntegerValue></VariableValue>
    </TextSource>
    <PDFSource guid="${G(50)}" name="Nota.pdf" path="internal://${g(50)}.pdf">
      <PDFSelection guid="${G(53)}" page="1" firstX="1" firstY="1" secondX="2" secondY="2"/>
      <Representation guid="${G(51)}" plainTextPath="internal://${g(51)}.txt">
        <PlainTextSelection guid="${G(52)}" startPosition="0" endPosition="11">
          <Coding guid="${G(54)}" creatingUser="${G(1)}"><CodeRef targetGUID="${G(10)}"/></Coding>
        </PlainTextSelection>
      </Representation>
    </PDFSource>
    <PictureSource guid="${G(70)}" name="Foto.jpg" path="internal://${g(70)}.jpg"/>
    <VideoSource guid="${G(80)}" name="Video.mp4" path="relative:///video.mp4">
      <Transcript guid="${G(81)}" name="Transcript video" plainTextPath="internal://${g(81)}.txt">
        <SyncPoint guid="${G(82)}" position="11" timeStamp="0"/>
        <SyncPoint guid="${G(83)}" position="30" timeStamp="900"/>
        <TranscriptSelection guid="${G(84)}" fromSyncPoint="${G(82)}" toSyncPoint="${G(83)}">
          <Coding guid="${G(85)}" creatingUser="${G(1)}"><CodeRef targetGUID="${G(11)}"/></Coding>
        </TranscriptSelection>
      </Transcript>
      <VideoSelection guid="${G(86)}" begin="0" end="100"/>
    </VideoSource>
  </Sources>
  <Notes>
    <Note guid="${G(60)}" name="Over welzijn"><PlainTextContent>Codememo</PlainTextContent></Note>
    <Note guid="${G(61)}" name="Over segment"><PlainTextContent>Segmentmemo</PlainTextContent></Note>
    <Note guid="${G(62)}" name="Over casus"><PlainTextContent>Casusmemo</PlainTextContent></Note>
  </Notes>
  <Links>
    <Link guid="${G(90)}" name="memo-casus" originGUID="${G(62)}" targetGUID="${G(30)}"/>
    <Link guid="${G(91)}" name="code-code" originGUID="${G(10)}" targetGUID="${G(11)}"/>
  </Links>
  <Sets><Set guid="${G(95)}" name="Alle bronnen"><MemberSource targetGUID="${G(40)}"/></Set></Sets>
</Project>`;
}

function archive(): Uint8Array {
  return zip({
    'project.qde': nvivoLike(),
    [`Sources/${g(40)}.txt`]: new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(TEXT)]),
    [`Sources/${g(51)}.txt`]: PDF_TEXT,
    [`Sources/${g(81)}.txt`]: TRANSCRIPT,
  });
}

describe('a project from another program, into Casus', () => {
  const dir = tempDir();

  it('reads every kind of item and reports what it cannot take', async () => {
    const { project, report } = await readQdpx(archive(), 'nvivo.qdpx');
    expect(report.positionRules.find((r) => r.sourceName === 'Interview Noord')).toMatchObject({
      rule: 'utf16',
      ambiguous: false,
    });
    expect(project.textSources.map((s) => [s.name, s.origin.kind])).toEqual([
      ['Interview Noord', 'text'],
      ['Nota.pdf', 'pdf-representation'],
      ['Transcript video', 'transcript'],
    ]);
    const texts = project.textSources.map((s) =>
      s.selections.map((sel) => s.text.slice(sel.start, sel.end)),
    );
    expect(texts).toEqual([
      ['Goed, dank je.', 'Echt goed.'],
      ['Beleidsnota'],
      ['welkom bij de video'],
    ]);
    const kinds = report.skipped.map((s) => `${s.kind}: ${s.name ?? ''}`);
    expect(kinds).toEqual(expect.arrayContaining(['source: Foto.jpg', 'link: code-code']));
    expect(report.skipped.some((s) => /PDF area selection/.test(s.reason))).toBe(true);
    expect(report.skipped.some((s) => /video time selection/.test(s.reason))).toBe(true);
  });

  it('imports into a new project: coders, code tree, cases with attributes, memos on their targets', async () => {
    const out = join(dir, 'foreign.casus');
    const { report } = await importProjectFile({ bytes: archive(), fileName: 'nvivo.qdpx' }, out);
    expect(report.counts).toMatchObject({
      users: 2,
      codes: 2,
      sources: 3,
      segments: 4,
      codings: 4,
      notes: 3,
      cases: 1,
      variables: 1,
    });
    expect(report.skipped.map((s) => s.kind)).toEqual(
      expect.arrayContaining(['variable', 'set', 'link', 'source', 'selection']),
    );
    const db = new Database(out, { readonly: true });
    try {
      const q = <T>(sql: string) => db.prepare(sql).all() as T[];
      // Same name twice: the second coder is renamed, GUIDs (braces removed) become ids.
      expect(
        q<{ id: string; name: string; initials: string }>(
          'SELECT id, name, initials FROM coders ORDER BY name',
        ),
      ).toEqual([
        { id: g(1), name: 'Nora', initials: 'NV' },
        { id: g(2), name: 'Nora (2)', initials: 'N' },
      ]);
      expect(
        q(
          'SELECT id, parent_id, label_nl, label_en, description_nl, color FROM codes ORDER BY label_nl',
        ),
      ).toEqual([
        {
          id: g(11),
          parent_id: g(10),
          label_nl: 'Positief',
          label_en: 'Positief',
          description_nl: '',
          color: expect.stringMatching(/^#[0-9A-Fa-f]{6}$/),
        },
        {
          id: g(10),
          parent_id: null,
          label_nl: 'Welzijn',
          label_en: 'Welzijn',
          description_nl: 'Hoe het gaat',
          color: '#AABBCC',
        },
      ]);
      expect(q('SELECT key, label_nl, description FROM cases')).toEqual([
        { key: 'gemeente-noord', label_nl: 'Gemeente Noord', description: 'Eerste casus' },
      ]);
      expect(
        q(
          'SELECT a.key, a.type, v.value FROM case_attribute_values v JOIN attributes a ON a.id = v.attribute_id',
        ),
      ).toEqual([{ key: 'inwoners', type: 'number', value: '12000' }]);
      // Both the interview and the PDF's text belong to the case (SourceRef to the PDF).
      expect(q('SELECT title, case_id FROM sources ORDER BY title')).toEqual([
        { title: 'Interview Noord', case_id: g(30) },
        { title: 'Nota.pdf', case_id: g(30) },
        { title: 'Transcript video', case_id: null },
      ]);
      expect(q('SELECT text FROM sources WHERE id = ?'.replace('?', `'${g(40)}'`))).toEqual([
        { text: TEXT.replace(/\r\n/g, '\n') },
      ]);
      // Selections without a creating user take the coder of their first coding.
      expect(q('SELECT text, created_by FROM segments ORDER BY start, text')).toEqual([
        { text: 'Beleidsnota', created_by: g(1) },
        { text: 'welkom bij de video', created_by: g(1) },
        { text: 'Goed, dank je.', created_by: g(1) },
        { text: 'Echt goed.', created_by: g(2) },
      ]);
      expect(
        q('SELECT title, target_type, target_id, body_text FROM memos ORDER BY title'),
      ).toEqual([
        { title: 'Over casus', target_type: 'case', target_id: g(30), body_text: 'Casusmemo' },
        {
          title: 'Over segment',
          target_type: 'segment',
          target_id: g(41),
          body_text: 'Segmentmemo',
        },
        { title: 'Over welzijn', target_type: 'code', target_id: g(10), body_text: 'Codememo' },
      ]);
    } finally {
      db.close();
    }
  });
});
