import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POSITION_MARKER, POSITION_STATEMENT } from '../../../core/server/refi/constants.js';
import { readQdc, readQde, readQdpx, RefiError } from '../../../core/server/refi/index.js';
import { packQdpx, refiFixture } from '../../refi-fixtures.js';
import { qde, SRC, utf8, zip } from './build.js';

/**
 * The model as JSON, with what cannot repeat between runs made stable: GUIDs the file does not
 * hold (fresh ones for reused GUIDs and whole-source segments) and bytes (by length).
 */
function stable(value: unknown, xml: string): unknown {
  const known = xml.toLowerCase();
  const fresh = new Map<string, string>();
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => {
      if (v instanceof Uint8Array) return `<${v.length} bytes>`;
      if (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(v) && !known.includes(v)) {
        if (!fresh.has(v)) fresh.set(v, `<fresh guid ${fresh.size + 1}>`);
        return fresh.get(v);
      }
      if (typeof v === 'string')
        return v.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f-]{27}/g, (g) =>
          known.includes(g) ? g : (fresh.get(g) ?? g),
        );
      return v;
    }),
  );
}

// The snapshots were written by the tree reader (fast-xml-parser) that the streaming reader
// replaced: the same files must give the same model, report and warnings.
describe('the streaming reader gives the model the tree reader gave', () => {
  it.each(['qc-style', 'nvivo-style'])('%s (.qdpx)', async (folder) => {
    const xml = readFileSync(refiFixture(`${folder}/project.qde`), 'utf8');
    const r = await readQdpx(packQdpx(folder), `${folder}.qdpx`);
    expect(stable({ project: r.project, report: r.report }, xml)).toMatchSnapshot();
  });

  it('atlas-style.qde (bare)', async () => {
    const bytes = new Uint8Array(readFileSync(refiFixture('atlas-style.qde')));
    const r = await readQde(bytes, 'atlas-style.qde');
    const xml = new TextDecoder().decode(bytes);
    expect(stable({ project: r.project, report: r.report }, xml)).toMatchSnapshot();
  });

  it('the ATLAS.ti codebook (.qdc)', async () => {
    const bytes = new Uint8Array(
      readFileSync(refiFixture('atlas234win_codebook_from_requal_test.qdc')),
    );
    const r = await readQdc(bytes, 'codebook.qdc');
    const xml = new TextDecoder().decode(bytes);
    expect(stable({ codebook: r.codebook, report: r.report }, xml)).toMatchSnapshot();
  });
});

async function refusal(p: Promise<unknown>): Promise<RefiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RefiError) return e;
    throw e;
  }
  throw new Error('expected a RefiError');
}

const TEXT = 'Hello world. Second sentence here.';
/** A project of 200 selections, one per line, so that a fault has a line to be found at. */
const long = () =>
  qde({
    plainTextPath: `internal://${SRC}.txt`,
    selections: Array.from({ length: 200 }, (_, i) => ({ start: i % 20, end: 20 + (i % 10) })),
  }).replace(/<\/PlainTextSelection>/g, '</PlainTextSelection>\n');

describe('the streaming reader on broken and hostile XML', () => {
  it('names project.qde, the line and the column of a fault in the middle of the file', async () => {
    const xml = long();
    const at = xml.indexOf('</Coding>', Math.floor(xml.length / 2));
    const broken = `${xml.slice(0, at)}</Codin>${xml.slice(at + '</Coding>'.length)}`;
    const line = broken.slice(0, at).split('\n').length;
    const e = await refusal(
      readQdpx(zip({ 'project.qde': broken, [`sources/${SRC}.txt`]: TEXT }), '/x/broken.qdpx'),
    );
    expect(e.code).toBe('xml_malformed');
    expect(line).toBeGreaterThan(50);
    expect(e.message).toMatch(
      new RegExp(
        `^broken\\.qdpx: the XML \\(project\\.qde\\) is not well-formed at line ${line}, column \\d+: `,
      ),
    );
  });

  it('reads the same file whole when nothing is wrong with it', async () => {
    const r = await readQdpx(
      zip({ 'project.qde': long(), [`sources/${SRC}.txt`]: TEXT }),
      'ok.qdpx',
    );
    expect(r.report.counts.segments).toBe(200);
  });

  it('refuses an entity the XML never declares', async () => {
    const xml = qde({ plainTextContent: 'a &secret; b' });
    const e = await refusal(readQde(utf8(xml), 'entity.qde'));
    expect(e.code).toBe('xml_malformed');
    expect(e.message).toMatch(/^entity\.qde: the XML is not well-formed at line 1, column \d+: /);
  });

  it('refuses a DOCTYPE hidden after a byte-order mark or inside a UTF-16 file', async () => {
    const xml = qde({ doctype: '<!doctype Project [<!ENTITY x "y">]>', plainTextContent: 'x' });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(xml)]);
    expect((await refusal(readQdpx(zip({ 'project.qde': bom }), 'bom.qdpx'))).code).toBe('doctype');
    const utf16 = new Uint8Array(2 + xml.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < xml.length; i++) utf16[2 + 2 * i] = xml.charCodeAt(i);
    expect((await refusal(readQde(utf16, 'wide.qde'))).code).toBe('doctype');
  });

  it('refuses bytes that are not UTF-8 inside a large file', async () => {
    const bytes = utf8(long());
    const bad = new Uint8Array(bytes.length + 1);
    // Found by the reader before the validator has its verdict: the reader's own message.
    const cut = Math.floor(bytes.length / 3);
    bad.set(bytes.subarray(0, cut));
    bad[cut] = 0xff;
    bad.set(bytes.subarray(cut), cut + 1);
    const e = await refusal(readQdpx(zip({ 'project.qde': bad }), 'latin.qdpx'));
    expect(e.code).toBe('xml_malformed');
    expect(e.message).toBe('latin.qdpx: the XML is not valid UTF-8 or UTF-16 text');
  });
});

describe("Casus's stated position rule, which the file gives only after the sources", () => {
  const withTail = (tail: string) =>
    qde({ plainTextPath: `internal://${SRC}.txt`, selections: [{ start: 0, end: 5 }] }).replace(
      '</Project>',
      `${tail}</Project>`,
    );
  const note = (text: string) =>
    `<Notes><Note guid="55555555-5555-4555-8555-555555555555" name="n"><PlainTextContent>${text}</PlainTextContent></Note></Notes>`;

  it('is taken from the project description', async () => {
    const xml = withTail(`<Description>${POSITION_STATEMENT}</Description>`);
    const r = await readQdpx(zip({ 'project.qde': xml, [`sources/${SRC}.txt`]: TEXT }), 'a.qdpx');
    expect(r.report.positionRuleText).toMatch(/\(stated in the file by Casus\)$/);
    expect(r.project.description).toBeUndefined();
  });

  it('is not taken from a note that merely quotes it', async () => {
    const xml = withTail(`${note(POSITION_MARKER)}<Description>Mine</Description>`);
    const r = await readQdpx(zip({ 'project.qde': xml, [`sources/${SRC}.txt`]: TEXT }), 'b.qdpx');
    expect(r.report.positionRuleText).not.toMatch(/stated in the file/);
    expect(r.project.description).toBe('Mine');
    expect(r.project.notes.map((n) => n.text)).toEqual([POSITION_MARKER]);
  });
});
