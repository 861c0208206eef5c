import { describe, expect, it } from 'vitest';
import { readQdpx, readQde, readQdc, RefiError } from '../../../core/server/refi/index.js';
import { qde, SRC, utf8, zip } from './build.js';

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
const good = () =>
  qde({ plainTextPath: `internal://${SRC}.txt`, selections: [{ start: 0, end: 5 }] });

describe('refusing hostile or broken .qdpx files', () => {
  it('accepts the well-formed baseline', async () => {
    const r = await readQdpx(
      zip({ 'project.qde': good(), [`sources/${SRC}.txt`]: TEXT }),
      'ok.qdpx',
    );
    expect(r.report.counts.segments).toBe(1);
  });

  it('refuses a file that is not a zip', async () => {
    const e = await refusal(readQdpx(utf8('just some text'), '/tmp/x/notazip.qdpx'));
    expect(e.code).toBe('not_zip');
    expect(e.message).toBe('notazip.qdpx: is not a ZIP archive (a .qdpx file is a ZIP file)');
  });

  it('refuses path traversal', async () => {
    const bytes = zip({ 'project.qde': good(), '../evil.txt': 'x' });
    const e = await refusal(readQdpx(bytes, 'trav.qdpx'));
    expect(e.code).toBe('unsafe_path');
    expect(e.message).toMatch(/^trav\.qdpx: entry "\.\.\/evil\.txt" climbs out of the archive/);
  });

  it('refuses traversal hidden behind backslashes', async () => {
    const e = await refusal(
      readQdpx(zip({ 'project.qde': good(), 'sources\\..\\..\\x': 'x' }), 'b.qdpx'),
    );
    expect(e.code).toBe('unsafe_path');
  });

  it('refuses absolute paths', async () => {
    for (const name of ['/etc/passwd', 'C:/Windows/x.txt']) {
      const e = await refusal(readQdpx(zip({ 'project.qde': good(), [name]: 'x' }), 'abs.qdpx'));
      expect(e.code).toBe('unsafe_path');
      expect(e.reason).toMatch(/absolute path/);
    }
  });

  it('refuses symlink entries (unix mode in the external attributes)', async () => {
    const link: [Uint8Array, object] = [
      utf8('/etc/passwd'),
      { os: 3, attrs: (0o120777 << 16) >>> 0 },
    ];
    const e = await refusal(
      readQdpx(zip({ 'project.qde': good(), [`sources/${SRC}.txt`]: link }), 'ln.qdpx'),
    );
    expect(e.code).toBe('symlink');
    expect(e.message).toMatch(/is a symbolic link/);
  });

  it('refuses too many entries', async () => {
    const files: Record<string, string> = { 'project.qde': good() };
    for (let i = 0; i < 30; i++) files[`sources/f${i}.txt`] = 'x';
    const e = await refusal(
      readQdpx(zip(files), 'many.qdpx', {
        limits: {
          maxEntries: 10,
          maxEntryBytes: 1e6,
          maxTotalBytes: 1e7,
          maxRatio: 200,
          ratioFloorBytes: 1e6,
        },
      }),
    );
    expect(e.code).toBe('too_many_entries');
  });

  it('refuses a zip bomb by its compression ratio', async () => {
    const zeros = new Uint8Array(20 * 1024 * 1024);
    const bytes = zip({ 'project.qde': good(), [`sources/${SRC}.txt`]: zeros });
    const e = await refusal(readQdpx(bytes, 'bomb.qdpx'));
    expect(e.code).toBe('compression_ratio');
    expect(e.message).toMatch(/bomb\.qdpx: entry "sources\/.*\.txt" is compressed more than 200:1/);
  });

  it('refuses an entry larger than the per-entry cap', async () => {
    const big = utf8('word '.repeat(5000));
    const bytes = zip({ 'project.qde': good(), [`sources/${SRC}.txt`]: big });
    const limits = {
      maxEntries: 100,
      maxEntryBytes: 10_000,
      maxTotalBytes: 1e7,
      maxRatio: 1e6,
      ratioFloorBytes: 1e9,
    };
    const e = await refusal(readQdpx(bytes, 'big.qdpx', { limits }));
    expect(e.code).toBe('entry_too_large');
  });

  it('stops inflating when an entry lies about its size', async () => {
    const text = utf8('lie '.repeat(50_000));
    const bytes = zip({ 'project.qde': good(), [`sources/${SRC}.txt`]: text });
    // Patch the declared uncompressed size of the source entry in the central directory to 10.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const name = utf8(`sources/${SRC}.txt`);
    for (let i = 0; i < bytes.length - 46; i++) {
      if (view.getUint32(i, true) === 0x02014b50 && view.getUint16(i + 28, true) === name.length) {
        const n = new TextDecoder().decode(bytes.subarray(i + 46, i + 46 + name.length));
        if (n === `sources/${SRC}.txt`) view.setUint32(i + 24, 10, true);
      }
    }
    const e = await refusal(readQdpx(bytes, 'liar.qdpx'));
    expect(e.code).toBe('zip_corrupt');
    expect(e.reason).toMatch(/beyond its declared size/);
  });

  it('refuses an archive without project.qde', async () => {
    const e = await refusal(
      readQdpx(zip({ 'other.txt': 'x', 'sources/a.txt': 'y' }), 'empty.qdpx'),
    );
    expect(e.code).toBe('no_project_xml');
  });

  it('refuses XML that fails the schema', async () => {
    const xml = good().replace('isCodable="true" ', '');
    const e = await refusal(
      readQdpx(zip({ 'project.qde': xml, [`sources/${SRC}.txt`]: TEXT }), 'bad.qdpx'),
    );
    expect(e.code).toBe('schema_invalid');
    expect(e.message).toMatch(/^bad\.qdpx: the XML does not follow the REFI-QDA project schema/);
    expect(e.details.join('\n')).toMatch(/isCodable/);
  });

  it('refuses a DOCTYPE with external entities without resolving them', async () => {
    const xml = qde({
      plainTextContent: 'a &xxe; b',
      doctype: '<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    });
    const e = await refusal(readQdpx(zip({ 'project.qde': xml }), 'xxe.qdpx'));
    expect(e.code).toBe('doctype');
    expect(e.message).toMatch(/^xxe\.qdpx: the XML contains a DOCTYPE declaration/);
    const e2 = await refusal(readQde(utf8(xml), 'xxe.qde'));
    expect(e2.code).toBe('doctype');
  });

  it('refuses a billion-laughs codebook', async () => {
    const qdc =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>' +
      '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="22222222-2222-4222-8222-222222222222" name="&lol2;" isCodable="true"/></Codes></CodeBook>';
    const e = await refusal(readQdc(utf8(qdc), 'lol.qdc'));
    expect(e.code).toBe('doctype');
  });

  it('refuses XML that is not well-formed', async () => {
    const e = await refusal(readQde(utf8('<Project name="x"><Users>'), 'broken.qde'));
    expect(['schema_invalid', 'xml_malformed']).toContain(e.code);
    expect(e.message).toMatch(/^broken\.qde: /);
  });
});

describe('item-level problems are reported and skipped, the rest imported', () => {
  it('skips selections outside the text and codings to unknown codes, and says so', async () => {
    const xml = qde({
      plainTextPath: `internal://${SRC}.txt`,
      selections: [
        { start: 0, end: 5, name: 'ok' },
        { start: 6, end: 500, name: 'too far' },
        { start: 6, end: 11, code: '99999999-9999-4999-8999-999999999999', name: 'unknown code' },
      ],
    });
    const { project, report } = await readQdpx(
      zip({ 'project.qde': xml, [`sources/${SRC}.txt`]: TEXT }),
      'items.qdpx',
    );
    expect(report.counts.segments).toBe(2);
    expect(report.counts.codings).toBe(1);
    const reasons = report.skipped.map((s) => `${s.kind}: ${s.reason}`);
    expect(reasons).toEqual([
      'selection: in "Doc": positions 6-500 lie outside the text (length 34) (its 1 coding(s) are skipped too)',
      'coding: in "Doc": refers to code 99999999-9999-4999-8999-999999999999, which is not in the code book',
    ]);
    const src = project.textSources[0]!;
    expect(src.selections.map((s) => src.text.slice(s.start, s.end))).toEqual(['Hello', 'world']);
  });
});

describe('what real files do', () => {
  it('finds Sources/ in upper case, and file names whose GUID case differs', async () => {
    const xml = qde({
      plainTextPath: `internal://${SRC.toUpperCase()}.txt`,
      selections: [{ start: 0, end: 5 }],
    });
    const { project } = await readQdpx(
      zip({ 'project.qde': xml, [`Sources/${SRC}.txt`]: TEXT }),
      'case.qdpx',
    );
    expect(project.textSources[0]!.text).toBe(TEXT);
  });

  it('reads plainTextPath without internal://', async () => {
    const xml = qde({ plainTextPath: 'doc.txt', selections: [{ start: 6, end: 11 }] });
    const { project } = await readQdpx(
      zip({ 'project.qde': xml, 'sources/doc.txt': TEXT }),
      'p.qdpx',
    );
    const s = project.textSources[0]!;
    expect(s.text.slice(s.selections[0]!.start, s.selections[0]!.end)).toBe('world');
  });

  it('accepts GUIDs in braces and upper case and stores them normalised', async () => {
    const xml = qde({ plainTextPath: 'doc.txt' }).replace(
      `guid="${SRC}"`,
      `guid="{${SRC.toUpperCase()}}"`,
    );
    const { project } = await readQdpx(
      zip({ 'project.qde': xml, 'sources/doc.txt': TEXT }),
      'p.qdpx',
    );
    expect(project.textSources[0]!.guid).toBe(SRC);
  });

  it('reports a source whose text file is missing, with its selections', async () => {
    const xml = qde({
      plainTextPath: 'internal://nothere.txt',
      selections: [{ start: 0, end: 5 }],
    });
    const { report } = await readQdpx(zip({ 'project.qde': xml }), 'm.qdpx');
    expect(report.counts.sources).toBe(0);
    expect(report.skipped[0]!.reason).toMatch(
      /nothere\.txt is not in the archive; its 1 selection/,
    );
  });
});
