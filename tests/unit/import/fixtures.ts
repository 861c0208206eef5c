/**
 * Builds import fixtures the way office suites write them: .docx with the `docx` package (Word's
 * own structure), .odt as a zip of content.xml/styles.xml/manifest, PDFs with pdfkit.
 */
import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
import { Deflate, strToU8, zipSync, zlibSync } from 'fflate';
import PDFDocument from 'pdfkit';

/** The Dutch sentence every format carries: diacritics, curly quotes, an en dash. */
export const DUTCH = 'De coöperatie – één “financiële” impuls, zei ‘de wethouder’.';

export async function makeDocx(): Promise<Uint8Array> {
  const doc = new Document({
    creator: 'Casus tests',
    title: 'Interview wethouder',
    numbering: {
      config: [
        {
          reference: 'genummerd',
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START },
          ],
        },
      ],
    },
    footnotes: { 1: { children: [new Paragraph('Bron: notulen.')] } },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Interview met de wethouder', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('De '),
              new TextRun({ text: 'coöperatie', bold: true }),
              new TextRun(' – één “financiële” impuls, zei '),
              new TextRun({ text: '‘de wethouder’', italics: true }),
              new TextRun('.'),
              new FootnoteReferenceRun(1),
            ],
          }),
          new Paragraph({ text: 'Aanleiding', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'Eerste punt', bullet: { level: 0 } }),
          new Paragraph({ text: 'Subpunt', bullet: { level: 1 } }),
          new Paragraph({ text: 'Stap één', numbering: { reference: 'genummerd', level: 0 } }),
          new Paragraph({
            children: [
              new TextRun('Vraag: hoe?'),
              new TextRun({ text: 'Antwoord: samen.', break: 1 }),
            ],
          }),
          new Paragraph({ children: [new PageBreak()] }),
          new Paragraph('Tweede pagina.'),
          new Table({
            rows: [
              new TableRow({
                tableHeader: true,
                children: [
                  new TableCell({ children: [new Paragraph('Partner')] }),
                  new TableCell({ children: [new Paragraph('Bijdrage')] }),
                ],
              }),
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('Provincie')] }),
                  new TableCell({
                    children: [new Paragraph('€ 2,5 mln'), new Paragraph('(cofinanciering)')],
                  }),
                ],
              }),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

const ODT_MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>`;

const ODT_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ' +
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"';

export const ODT_CONTENT = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content ${ODT_NS} office:version="1.3">
 <office:automatic-styles>
  <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
  <style:style style:name="T2" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
  <style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:break-before="page"/></style:style>
  <text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-format="1"/></text:list-style>
 </office:automatic-styles>
 <office:body>
  <office:text>
   <text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>
   <text:h text:style-name="Heading_20_1" text:outline-level="1">Notulen stuurgroep</text:h>
   <text:p text:style-name="Standard">De <text:span text:style-name="T1">coöperatie</text:span> – één “financiële” impuls, zei <text:span text:style-name="T2">‘de wethouder’</text:span>.<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p text:style-name="Footnote">Zie bijlage.</text:p></text:note-body></text:note></text:p>
   <text:p text:style-name="Standard">Twee<text:s text:c="2"/>spaties,<text:tab/>een tab<text:line-break/>en een nieuwe regel.</text:p>
   <text:list text:style-name="L1">
    <text:list-item><text:p>Agendapunt één</text:p>
     <text:list><text:list-item><text:p>Toelichting</text:p></text:list-item></text:list>
    </text:list-item>
   </text:list>
   <text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>Verwijderde tekst</text:p></text:deletion></text:changed-region></text:tracked-changes>
   <text:p text:style-name="P1">Volgende pagina.<office:annotation><text:p>Een opmerking</text:p></office:annotation></text:p>
   <table:table table:name="Tabel1">
    <table:table-header-rows><table:table-row><table:table-cell><text:p>Partner</text:p></table:table-cell><table:table-cell><text:p>Rol</text:p></table:table-cell></table:table-row></table:table-header-rows>
    <table:table-row><table:table-cell><text:p>Gemeente</text:p></table:table-cell><table:table-cell><text:p>Trekker</text:p></table:table-cell></table:table-row>
   </table:table>
  </office:text>
 </office:body>
</office:document-content>`;

const ODT_STYLES = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles ${ODT_NS} office:version="1.3"><office:styles>
 <style:style style:name="Standard" style:family="paragraph"/>
 <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"><style:text-properties fo:font-weight="bold"/></style:style>
</office:styles></office:document-styles>`;

export function makeOdt(content = ODT_CONTENT): Uint8Array {
  return zipSync({
    // ODF requires the mimetype first and stored.
    mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
    'content.xml': strToU8(content),
    'styles.xml': strToU8(ODT_STYLES),
    'META-INF/manifest.xml': strToU8(ODT_MANIFEST),
  });
}

function pdfToBytes(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.end();
  });
}

export interface PdfOptions {
  userPassword?: string;
}

/** Two pages: a heading, a paragraph wrapped over lines (with a hyphenated word), a list. */
export async function makePdf(options: PdfOptions = {}): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 72,
    info: { Title: 'Voortgangsrapportage' },
    ...(options.userPassword
      ? { userPassword: options.userPassword, pdfVersion: '1.7' as const }
      : {}),
  });
  doc.font('Helvetica-Bold').fontSize(20).text('Voortgangsrapportage');
  doc.moveDown();
  doc.font('Helvetica').fontSize(11);
  // Explicit lines so the test controls where words break.
  doc.text(DUTCH);
  doc.text('De regionale samen-');
  doc.text('werking verloopt goed, aldus de zorg-');
  doc.text('en welzijnspartners in Noord-');
  doc.text('Brabant.');
  doc.moveDown();
  doc.text('• Eerste afspraak');
  doc.text('• Tweede afspraak');
  doc.addPage();
  doc.text('Pagina twee begint hier.');
  return pdfToBytes(doc);
}

/** A PDF whose only page is a picture: what a scanner produces without OCR. */
export async function makeScannedPdf(): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: 72 });
  doc.image(Buffer.from(makePng(64, 32)), 72, 72, { width: 300 });
  return pdfToBytes(doc);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A grey-gradient PNG, written by hand so no image library is needed. */
function makePng(width: number, height: number): Uint8Array {
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = (x * 4 + y * 2) & 0xff;
  }
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(strToU8(type), 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  return concat(parts);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A raw deflate stream of `prefix + ' ' × (mib MiB) + suffix`, built without compressing the
 * whole expansion: one sync-flushed block of spaces decodes the same wherever it is repeated,
 * because it only refers back to the spaces before it.
 */
export function deflateOfSpaces(prefix: string, mib: number, suffix: string): Uint8Array {
  const collect = () => {
    const chunks: Uint8Array[] = [];
    const d = new Deflate({ level: 6 }, (c) => chunks.push(c));
    return { d, take: () => concat(chunks.splice(0)) };
  };
  const { d, take } = collect();
  const spaces = new Uint8Array(1024 * 1024).fill(0x20);
  d.push(strToU8(prefix));
  d.push(spaces);
  d.flush(true);
  const head = take();
  d.push(spaces);
  d.flush(true);
  const middle = take();
  d.push(strToU8(suffix), true);
  const tail = take();
  return concat([head, ...Array<Uint8Array>(mib - 1).fill(middle), tail]);
}

interface RawEntry {
  name: string;
  data: Uint8Array;
  method: 0 | 8;
  declaredSize: number;
  crc: number;
}

/** Writes a zip by hand, so that sizes can lie the way a malicious archive's do. */
function writeZip(entries: RawEntry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = strToU8(e.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, e.method, true);
    lv.setUint32(14, e.crc, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.declaredSize, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, e.method, true);
    cv.setUint32(16, e.crc, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.declaredSize, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, e.data);
    centrals.push(central);
    offset += local.length + e.data.length;
  }
  const cd = concat(centrals);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cd.length, true);
  ev.setUint32(16, offset, true);
  return concat([...locals, cd, end]);
}

/**
 * A docx whose word/document.xml expands to `gib` GiB of XML while its headers claim 4 KB: the
 * archive itself is a few megabytes.
 */
export function makeZipBombDocx(gib = 1): Uint8Array {
  const stored = (name: string, text: string): RawEntry => {
    const data = strToU8(text);
    return { name, data, method: 0, declaredSize: data.length, crc: crc32(data) };
  };
  const bomb = deflateOfSpaces(
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>',
    gib * 1024,
    '</w:t></w:r></w:p></w:body></w:document>',
  );
  return writeZip([
    stored(
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    { name: 'word/document.xml', data: bomb, method: 8, declaredSize: 4096, crc: 0 },
  ]);
}

/** Many entries pointing at the same compressed kernel: the overlapping-entries zip bomb. */
export function makeOverlappingZip(): Uint8Array {
  const good = makeOdt();
  // Duplicate the central directory record of content.xml under new names.
  const eocd = good.length - 22;
  const view = new DataView(good.buffer, good.byteOffset);
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  const cd = good.subarray(cdOffset, cdOffset + cdSize);
  const copies = [cd, cd, cd];
  const newCd = concat(copies);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, count * copies.length, true);
  ev.setUint16(10, count * copies.length, true);
  ev.setUint32(12, newCd.length, true);
  ev.setUint32(16, cdOffset, true);
  return concat([good.subarray(0, cdOffset), newCd, end]);
}
