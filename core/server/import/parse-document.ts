import { decodeCodepage, decodeText, startsWith } from './encoding.js';
import { ImportError, ParseFailure } from './errors.js';
import { parseDocx } from './formats/docx.js';
import { htmlToStructured } from './formats/html.js';
import { parseMarkdown, parsePlainText } from './formats/markdown.js';
import { parseOdt } from './formats/odt.js';
import { parsePdf } from './formats/pdf.js';
import { parseRtf } from './formats/rtf.js';
import { withDefaults, type ImportLimits } from './limits.js';
import type { DocumentFormat, ParsedDocument } from './types.js';
import { isZip, readZip } from './zip.js';

export type { DocumentFormat, ParsedDocument } from './types.js';

const EXTENSIONS: Record<string, DocumentFormat> = {
  docx: 'docx',
  pdf: 'pdf',
  odt: 'odt',
  rtf: 'rtf',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  txt: 'txt',
  text: 'txt',
  md: 'md',
  markdown: 'md',
};

/** File extensions the importer accepts, for file pickers. */
export const SUPPORTED_EXTENSIONS = Object.keys(EXTENSIONS);

export function extensionOf(fileName: string): string {
  const m = /\.([^./\\]+)$/.exec(fileName);
  return m ? m[1]!.toLowerCase() : '';
}

export function formatOf(fileName: string): DocumentFormat | undefined {
  return EXTENSIONS[extensionOf(fileName)];
}

/**
 * What the bytes really are, when that can be told from their first bytes. Lets a Word file
 * saved as RTF under a .doc-like name, or a PDF with the wrong extension, still import.
 */
function sniff(bytes: Uint8Array, limits: ImportLimits): DocumentFormat | 'ole' | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return 'rtf';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'ole';
  if (isZip(bytes)) {
    // The mimetype entry of ODF comes first and is stored; Word has [Content_Types].xml.
    try {
      const zip = readZip(bytes, limits, (n) => n === 'mimetype');
      if (zip.names.includes('word/document.xml')) return 'docx';
      const mime = zip.files.get('mimetype');
      if (
        mime &&
        new TextDecoder().decode(mime).startsWith('application/vnd.oasis.opendocument.text')
      ) {
        return 'odt';
      }
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const ZIP_FORMATS: ReadonlySet<DocumentFormat> = new Set(['docx', 'odt']);
const TEXT_FORMATS: ReadonlySet<DocumentFormat> = new Set(['txt', 'md', 'html']);

/**
 * Reads a document into the block model: plain text (NFC, `\n` line endings) plus blocks and
 * marks. Picks the parser by extension, corrected by the file's own signature. Throws an
 * ImportError naming the file and the reason for every file it refuses.
 *
 * Runs in the calling thread; use parseInWorker (worker.ts) to keep a UI or server responsive.
 */
export async function parseDocument(
  bytes: Uint8Array,
  fileName: string,
  limits?: Partial<ImportLimits>,
): Promise<ParsedDocument> {
  const lim = withDefaults(limits);
  try {
    if (bytes.length === 0) throw new ParseFailure('empty');
    if (bytes.length > lim.maxFileBytes) {
      throw new ParseFailure(
        'too-large',
        `${formatBytes(bytes.length)}; the limit is ${formatBytes(lim.maxFileBytes)}`,
      );
    }
    const byName = formatOf(fileName);
    if (!byName) {
      throw new ParseFailure(
        'unsupported',
        `.${extensionOf(fileName) || '(no extension)'}; supported: ${SUPPORTED_EXTENSIONS.map((e) => `.${e}`).join(', ')}`,
      );
    }
    const sniffed = sniff(bytes, lim);
    const warnings: string[] = [];
    let format = byName;
    if (sniffed === 'ole') {
      throw new ParseFailure(
        byName === 'docx' ? 'corrupt' : 'binary',
        byName === 'docx'
          ? 'this is an old-style .doc or a password-protected Word file; save it as .docx without a password'
          : 'an old-style Office file',
      );
    }
    if (sniffed && sniffed !== byName && !(TEXT_FORMATS.has(byName) && sniffed === 'rtf')) {
      if (TEXT_FORMATS.has(byName))
        throw new ParseFailure('binary', `it is really a ${sniffed.toUpperCase()} file`);
      warnings.push(
        `the file is a ${sniffed.toUpperCase()} file despite its .${extensionOf(fileName)} name`,
      );
      format = sniffed;
    } else if (ZIP_FORMATS.has(byName) && !sniffed && !isZip(bytes)) {
      throw new ParseFailure('corrupt', 'not a zip archive, as a .docx or .odt must be');
    }
    const doc = await parseAs(format, bytes, lim);
    if (doc.text.trim() === '') throw new ParseFailure(format === 'pdf' ? 'scanned-pdf' : 'empty');
    if (doc.text.length > lim.maxTextLength) {
      throw new ParseFailure(
        'too-large',
        `${doc.text.length} characters of text; the limit is ${lim.maxTextLength}`,
      );
    }
    return { ...doc, warnings: [...warnings, ...doc.warnings] };
  } catch (err) {
    throw toImportError(err, fileName);
  }
}

async function parseAs(
  format: DocumentFormat,
  bytes: Uint8Array,
  lim: ImportLimits,
): Promise<ParsedDocument> {
  switch (format) {
    case 'docx':
      return parseDocx(bytes, lim);
    case 'odt':
      return parseOdt(bytes, lim);
    case 'pdf':
      return parsePdf(bytes);
    case 'rtf':
      return parseRtf(bytes);
    case 'html':
      return htmlToStructured(decodeHtml(bytes));
    case 'md':
      return parseMarkdown(decodeText(bytes).text);
    case 'txt': {
      const { text } = decodeText(bytes);
      // A .txt holding RTF (some editors do that) is read as RTF.
      return text.startsWith('{\\rtf') ? parseRtf(bytes) : parsePlainText(text);
    }
  }
}

/** HTML: a BOM or a `<meta charset>` decides the encoding, otherwise the text rules apply. */
function decodeHtml(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const declared = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (
    declared &&
    !startsWith(bytes, [0xef, 0xbb, 0xbf]) &&
    !startsWith(bytes, [0xff, 0xfe]) &&
    !startsWith(bytes, [0xfe, 0xff])
  ) {
    try {
      const text = decodeCodepage(declared, bytes, declared === 'utf-8');
      return text.replace(/\r\n?/g, '\n').normalize('NFC');
    } catch {
      // A wrong or unknown declaration: fall back to detection.
    }
  }
  return decodeText(bytes).text;
}

export function toImportError(err: unknown, fileName: string): ImportError {
  if (err instanceof ImportError) return err;
  if (err instanceof ParseFailure) return new ImportError(err.reason, fileName, err.detail);
  const message = err instanceof Error ? err.message : String(err);
  return new ImportError('corrupt', fileName, message);
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}
