import { zipSync } from 'fflate';
import mammoth from 'mammoth';
import { ParseFailure } from '../errors.js';
import type { ImportLimits } from '../limits.js';
import { checkNesting } from '../nesting.js';
import type { ParsedDocument } from '../types.js';
import { readZip } from '../zip.js';
import { htmlToStructured } from './html.js';
import { readCoreTitle } from './office-meta.js';

const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => h2:fresh",
  "br[type='page'] => hr.casus-page-break",
];

// Only the parts mammoth reads are inflated: the package and document relationships, the main
// document with its styles, numbering and notes, and the metadata. Media, themes and custom XML
// are never inflated, which keeps big pictures cheap.
const isXmlPart = (name: string) =>
  /^(\[Content_Types\]\.xml|_rels\/\.rels|word\/(_rels\/)?[^/]+\.(xml|rels)|docProps\/core\.xml)$/.test(
    name,
  );

/**
 * .docx through mammoth (which reads Word's styles, numbering and tables) and then the same
 * HTML walker as imported web pages. The archive is first read by our own limit-checking zip
 * reader and re-packed uncompressed from the validated parts, so mammoth never inflates anything
 * we have not measured.
 */
export async function parseDocx(bytes: Uint8Array, limits: ImportLimits): Promise<ParsedDocument> {
  const zip = readZip(bytes, limits, isXmlPart);
  if (!zip.files.has('word/document.xml') || !zip.files.has('[Content_Types].xml')) {
    throw new ParseFailure('corrupt', 'not a Word document (word/document.xml is missing)');
  }
  // mammoth reads the XML recursively: a part nested too deep would overflow its stack.
  for (const [name, part] of zip.files) checkNesting(part, name, limits.maxNesting);
  const repacked = zipSync(Object.fromEntries(zip.files), { level: 0 });
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  try {
    result = await mammoth.convertToHtml(
      { buffer: Buffer.from(repacked.buffer, repacked.byteOffset, repacked.byteLength) },
      {
        styleMap: STYLE_MAP,
        externalFileAccess: false,
        // Pictures are not text; an empty image element is dropped by the walker.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
      },
    );
  } catch (err) {
    throw new ParseFailure('corrupt', `Word could not be read: ${(err as Error).message}`);
  }
  const parsed = htmlToStructured(result.value, { fromDocx: true });
  const core = zip.files.get('docProps/core.xml');
  return {
    ...parsed,
    title: core ? readCoreTitle(core) : undefined,
    warnings: result.messages.filter((m) => m.type === 'error').map((m) => m.message),
  };
}
