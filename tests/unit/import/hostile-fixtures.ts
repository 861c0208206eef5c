/**
 * Documents that are valid but built to strain a reader: nested thousands of levels deep, or
 * with an XML part that unpacks to far more than the file's size.
 */
import { strToU8, zipSync } from 'fflate';
import { makeOdt } from './fixtures.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const CONTENT_TYPES =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

/** A minimal .docx around the given `<w:body>` content. */
export function makeDocxWithBody(body: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(CONTENT_TYPES),
    '_rels/.rels': strToU8(RELS),
    'word/document.xml': strToU8(
      `<?xml version="1.0"?><w:document ${W}><w:body>${body}</w:body></w:document>`,
    ),
  });
}

const paragraph = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;

/** A paragraph inside `levels` nested content controls (two XML elements per level). */
export function makeDeepDocx(levels: number): Uint8Array {
  return makeDocxWithBody(
    `${'<w:sdt><w:sdtContent>'.repeat(levels)}${paragraph('diep')}${'</w:sdtContent></w:sdt>'.repeat(levels)}${paragraph('na')}`,
  );
}

/** A paragraph inside `levels` nested sections of an .odt. */
export function makeDeepOdt(levels: number): Uint8Array {
  return makeOdt(
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content ' +
      'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>' +
      `${'<text:section>'.repeat(levels)}<text:p>diep</text:p>${'</text:section>'.repeat(levels)}` +
      '<text:p>na</text:p></office:text></office:body></office:document-content>',
  );
}

/** HTML with the word "diep" inside `levels` nested `tag` elements, then a paragraph "na". */
export function makeDeepHtml(levels: number, tag: string): Uint8Array {
  return strToU8(
    `<!doctype html><html><body>${`<${tag}>`.repeat(levels)}diep${`</${tag}>`.repeat(levels)}<p>na</p></body></html>`,
  );
}

/**
 * A .docx whose word/document.xml unpacks to about `mib` MiB of ordinary paragraphs that
 * compress well (a realistic ratio, far from a zip bomb's).
 */
export function makeBigDocx(mib: number): Uint8Array {
  const paragraphs: string[] = [];
  let size = 0;
  for (let i = 0; size < mib * 1024 * 1024; i++) {
    const p = paragraph(`Alinea ${i}: de regio en het Rijk werken samen aan opgave ${i % 97}.`);
    paragraphs.push(p);
    size += p.length;
  }
  return makeDocxWithBody(paragraphs.join(''));
}
