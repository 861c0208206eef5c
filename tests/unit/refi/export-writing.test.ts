import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { streamSchemaValidation, validateAgainstSchema } from '../../../core/server/refi/schema.js';
import { XmlWriter } from '../../../core/server/refi/xml.js';
import { QdpxZip } from '../../../core/server/refi/zip.js';
import { ZipWriter } from '../../../core/server/refi/zip-writer.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

const CODE = '22222222-2222-4222-8222-222222222222';
const project = (codeAttrs: string) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="Één &amp; twee">\n` +
  `  <CodeBook>\n    <Codes>\n      <Code guid="${CODE}" name="Samenwerking 😀" ${codeAttrs}/>\n` +
  `    </Codes>\n  </CodeBook>\n</Project>\n`;

/** Splits bytes at the given offsets (inside multi-byte characters too). */
function pieces(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [0, ...cuts, bytes.length];
  return at.slice(1).map((end, i) => bytes.subarray(at[i], end));
}

describe('the ZIP writer', () => {
  it('writes deflated and stored entries that our reader and another reader read back', async () => {
    const zip = new ZipWriter();
    const streamed = zip.stream('project.qde');
    const prose = utf8('Gemeente en regio werken samen. '.repeat(2000));
    // A .docx is a ZIP itself: stored, not deflated again.
    const docx = new Uint8Array(5000).map((_, i) => (i * 7919) % 251);
    zip.add('sources/a.txt', prose);
    zip.add('sources/a.docx', docx, 'store');
    zip.add('sources/leeg.txt', new Uint8Array(0));
    zip.add('sources/één.txt', utf8('accent'));
    for (const piece of pieces(utf8(project('isCodable="true"')), [1, 50, 51, 200]))
      streamed.write(piece);
    streamed.end();
    const bytes = await zip.finish();

    const ours = QdpxZip.open(bytes, 'x.qdpx');
    expect(ours.entries.map((e) => e.name)).toEqual([
      'project.qde',
      'sources/a.txt',
      'sources/a.docx',
      'sources/leeg.txt',
      'sources/één.txt',
    ]);
    const method = (name: string) => ours.find(name)!.method;
    expect([method('project.qde'), method('sources/a.txt'), method('sources/a.docx')]).toEqual([
      8, 8, 0,
    ]);
    expect(ours.read(ours.find('sources/a.txt')!)).toEqual(prose);
    expect(ours.read(ours.find('sources/a.docx')!)).toEqual(docx);
    expect(text(ours.read(ours.find('project.qde')!))).toBe(project('isCodable="true"'));
    // The text compresses; the stored file is as large as it is.
    expect(ours.find('sources/a.txt')!.compressedSize).toBeLessThan(prose.length / 10);
    expect(ours.find('sources/a.docx')!.compressedSize).toBe(docx.length);

    const theirs = unzipSync(bytes);
    expect(Object.keys(theirs).sort()).toEqual(
      [
        'project.qde',
        'sources/a.docx',
        'sources/a.txt',
        'sources/leeg.txt',
        'sources/één.txt',
      ].sort(),
    );
    expect(theirs['sources/a.docx']).toEqual(docx);
    expect(text(theirs['sources/één.txt']!)).toBe('accent');
    expect(theirs['sources/leeg.txt']!.length).toBe(0);
  });

  it('gives the same bytes for the same entries', async () => {
    const build = () => {
      const zip = new ZipWriter();
      zip.add('a.txt', utf8('zelfde'));
      zip.add('b.bin', utf8('ook'), 'store');
      return zip.finish();
    };
    expect(await build()).toEqual(await build());
  });
});

describe('the XML writer with a sink', () => {
  it('hands on the same document as the string writer, in UTF-8 pieces', () => {
    const write = (w: XmlWriter) => {
      w.start('Project', { name: 'a & b', n: 3, on: true });
      for (let i = 0; i < 40_000; i++) w.text('Note', `nummer ${i} — "quote" <tag> 😀\r\n`);
      w.end('Project');
    };
    const whole = new XmlWriter();
    write(whole);
    const chunks: Uint8Array[] = [];
    const streamed = new XmlWriter((c) => chunks.push(c));
    write(streamed);
    streamed.finish();
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(whole.toString());
  });
});

describe('schema validation fed in pieces', () => {
  it('passes a valid document cut anywhere, even inside a character', async () => {
    const bytes = utf8(project('isCodable="true"'));
    const emoji = bytes.indexOf(0xf0);
    const v = streamSchemaValidation('project');
    for (const piece of pieces(bytes, [3, emoji + 1, emoji + 2, bytes.length - 5])) v.write(piece);
    expect(await v.end()).toEqual({ valid: true, errors: [] });
  });

  it("validates a Buffer (whose slices share its memory) and leaves the caller's bytes whole", async () => {
    const xml = project('isCodable="true"');
    // Larger than one piece handed to the validator.
    const padded = xml.replace('</Project>', `${' '.repeat(5 * 1024 * 1024)}</Project>`);
    const bytes = Buffer.from(padded, 'utf8');
    expect(await validateAgainstSchema(bytes, 'project')).toEqual({ valid: true, errors: [] });
    expect(bytes.toString('utf8')).toBe(padded);
  });

  it('refuses a document that breaks the schema, naming the line', async () => {
    const v = streamSchemaValidation('project');
    const bytes = utf8(project('color="#123456"'));
    for (const piece of pieces(bytes, [10, 100])) v.write(piece);
    const r = await v.end();
    expect(r.valid).toBe(false);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^line 5: .*isCodable/);
  });

  it('refuses a document that is not well-formed, with the line of the fault', async () => {
    const broken = project('isCodable="true"').replace('</CodeBook>', '</Codebook>');
    const r = await validateAgainstSchema(broken, 'project');
    expect(r.valid).toBe(false);
    expect(r.errors.join('\n')).toMatch(/^line 7: .*mismatch/m);
  });

  it('counts every error but keeps only the first ones', async () => {
    const codes = Array.from(
      { length: 120 },
      (_, i) =>
        `<Code guid="22222222-2222-4222-8222-${String(i).padStart(12, '0')}" name="c${i}"/>`,
    ).join('\n');
    const xml = `<?xml version="1.0"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes>\n${codes}\n</Codes></CodeBook></Project>`;
    const r = await validateAgainstSchema(xml, 'project');
    expect(r.valid).toBe(false);
    expect(r.errors[0]).toMatch(/^line 3: .*isCodable/);
    expect(r.errors.at(-1)).toBe('… and 70 more');
  });

  it('runs several validations at once, each with its own verdict', async () => {
    const good = utf8(project('isCodable="true"'));
    const bad = utf8(project('isCodable="perhaps"'));
    const a = streamSchemaValidation('project');
    const b = streamSchemaValidation('project');
    const half = Math.floor(good.length / 2);
    a.write(good.subarray(0, half));
    b.write(bad.subarray(0, half));
    a.write(good.subarray(half));
    b.write(bad.subarray(half));
    const [ra, rb] = await Promise.all([a.end(), b.end()]);
    expect(ra.valid).toBe(true);
    expect(rb.valid).toBe(false);
    expect(rb.errors[0]).toMatch(/perhaps/);
  });

  it('ends an abandoned document as not valid', async () => {
    const v = streamSchemaValidation('project');
    v.write(utf8(project('isCodable="true"')).subarray(0, 80));
    const r = await v.end();
    expect(r.valid).toBe(false);
  });
});
