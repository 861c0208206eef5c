import { parse, type DefaultTreeAdapterTypes as T } from 'parse5';
import { CasusError } from '../../shared/errors.js';
import { looksLikeZip, SafeZip, SafeZipError, type SafeZipLimits } from '../zip/safe-zip.js';

/**
 * The text a reader of a file sees, for the leak check: every part of it, in blocks (a paragraph,
 * a table cell, a line, an attribute value) in which words stand as they are read. Office files
 * and .qdpx projects are ZIP archives, read with the safe ZIP reader; every XML part is read, not
 * only the document body (footnotes, headers, comments, document properties and shared strings
 * can carry a name as well as the body can: mammoth, for one, reads the body and notes only).
 * Runs of a paragraph are joined without a gap, so a name Word split over runs ("Jan de V" +
 * "ries") is found whole. Archives inside archives (the original .docx in a .qdpx) are read too.
 */

export interface TextPart {
  /** The part: an entry of an archive ("word/document.xml"), or the file's own name. */
  name: string;
  /** What a block of this part is, for a person looking for it: paragraph, line, cell. */
  unit: 'paragraph' | 'line' | 'value';
  blocks: string[];
  /** Why the part was not read (an image, a binary), when it was not. */
  unread?: string;
}

const ZIP_LIMITS: SafeZipLimits = {
  maxEntries: 20_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};
/** Archives inside archives inside archives: deeper than any real export goes. */
const MAX_DEPTH = 3;

const ext = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
const TEXT_EXTS = new Set(['txt', 'md', 'csv', 'tsv', 'json', 'rtf']);
const XML_EXTS = new Set(['xml', 'rels', 'qde', 'qdc', 'svg', 'xhtml', 'vml']);
const HTML_EXTS = new Set(['html', 'htm']);
const ZIP_EXTS = new Set(['zip', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'qdpx', 'docm', 'xlsm']);
const SKIPPED_EXTS = new Set(['png', 'jpg', 'jpeg', 'gif', 'emf', 'wmf', 'bmp', 'tif', 'tiff']);

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

const lines = (text: string) => text.split(/\r\n|\r|\n/);

/** Attributes whose values a reader sees or a link carries. */
const TEXT_ATTRIBUTES = new Set([
  'name',
  'title',
  'alt',
  'label',
  'aria-label',
  'content',
  'author',
  'creator',
  'description',
  'href',
  'value',
  'text',
  'initials',
]);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Word-processing and drawing parts: only these elements end a block; all else is inline. */
const OFFICE_BLOCKS = new Set([
  'p',
  'br',
  'cr',
  'tab',
  'tc',
  'tr',
  'tbl',
  'footnote',
  'endnote',
  'comment',
  'h',
  'list-item',
  'line-break',
  'note',
  'txbxcontent',
]);
/** Other XML (spreadsheets, SVG, REFI-QDA): every element ends a block but these inline ones. */
const XML_INLINE = new Set(['r', 't', 'rpr', 'tspan', 'span', 'a']);
const OFFICE_PREFIXES = new Set(['w', 'a', 'text', 'm', 'wp', 'v', 'o']);

/**
 * The blocks of an XML part. Elements of Word, DrawingML and OpenDocument text end a block only
 * when they are paragraphs, breaks, tabs or cells (a spell-check mark or a bookmark between two
 * runs of a name does not split it); other XML ends a block at every element but runs.
 */
export function xmlBlocks(xml: string): string[] {
  const blocks: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim()) blocks.push(current);
    current = '';
  };
  const tag =
    /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([^\s/>]+)([^>]*)>/gi;
  let at = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    current += decodeEntities(xml.slice(at, m.index));
    at = m.index + m[0].length;
    if (m[1] !== undefined) {
      current += m[1];
      continue;
    }
    const name = m[3];
    if (!name) continue;
    const colon = name.indexOf(':');
    const prefix = colon >= 0 ? name.slice(0, colon).toLowerCase() : '';
    const local = (colon >= 0 ? name.slice(colon + 1) : name).toLowerCase();
    const office = OFFICE_PREFIXES.has(prefix);
    const ends = office ? OFFICE_BLOCKS.has(local) : !XML_INLINE.has(local);
    if (ends) flush();
    if (office && local === 'tab') current += '\t';
    // Attribute values a reader sees (a code's name in a .qde, a link, a title) are blocks too.
    const attrs = m[4] ?? '';
    for (const a of attrs.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      const attr = (a[1] ?? '').toLowerCase().replace(/^.*:/, '');
      const value = a[2] ?? a[3] ?? '';
      if (TEXT_ATTRIBUTES.has(attr) && /[\p{L}\p{N}]/u.test(value))
        blocks.push(decodeEntities(value));
    }
  }
  current += decodeEntities(xml.slice(at));
  flush();
  return blocks;
}

const HTML_INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'wbr',
]);

/** The blocks of an HTML page, parsed as a browser would (entities, implied tags). */
export function htmlBlocks(html: string): string[] {
  const blocks: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim()) blocks.push(current);
    current = '';
  };
  const walk = (node: T.ChildNode | T.Document) => {
    if (node.nodeName === '#text') {
      current += (node as T.TextNode).value;
      return;
    }
    if (node.nodeName === '#comment' || node.nodeName === '#documentType') return;
    const el = node as T.Element;
    const inline = HTML_INLINE.has(el.nodeName);
    if (!inline) flush();
    for (const a of el.attrs ?? [])
      if (TEXT_ATTRIBUTES.has(a.name) && /[\p{L}\p{N}]/u.test(a.value)) blocks.push(a.value);
    const children = el.nodeName === 'template' ? [] : (el.childNodes ?? []);
    for (const c of children) walk(c);
    if (!inline) flush();
  };
  walk(parse(html));
  flush();
  return blocks;
}

/** Every string (keys and values) of a JSON document, each a block. */
function jsonBlocks(text: string): string[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        walk(x);
      }
  };
  walk(value);
  return out;
}

function zipParts(bytes: Uint8Array, name: string, depth: number): TextPart[] {
  let zip: SafeZip;
  try {
    zip = SafeZip.open(bytes, ZIP_LIMITS);
  } catch (e) {
    if (e instanceof SafeZipError)
      throw new CasusError('unsupported', `${name}: cannot be read as an archive: ${e.message}`);
    throw e;
  }
  const parts: TextPart[] = [];
  for (const entry of zip.entries) {
    const inner = ext(entry.name);
    const label = `${name === '' ? '' : `${name} › `}${entry.name}`;
    if (SKIPPED_EXTS.has(inner)) {
      parts.push({ name: label, unit: 'value', blocks: [], unread: 'an image' });
      continue;
    }
    let data: Uint8Array;
    try {
      data = zip.read(entry);
    } catch (e) {
      if (e instanceof SafeZipError)
        throw new CasusError('unsupported', `${name}: ${entry.name} cannot be read: ${e.message}`);
      throw e;
    }
    parts.push(...fileParts(data, label, depth + 1, { unknownAsText: true }));
  }
  return parts;
}

/**
 * The text parts of a file, by its name's extension (and its first bytes for archives). A
 * binary file it cannot read (an image, a PDF) is refused by name, never passed as clean.
 */
export function fileParts(
  bytes: Uint8Array,
  name: string,
  depth = 0,
  opts: { unknownAsText?: boolean } = {},
): TextPart[] {
  const e = ext(name);
  if (looksLikeZip(bytes) && (ZIP_EXTS.has(e) || depth > 0 || e === '')) {
    if (depth >= MAX_DEPTH)
      throw new CasusError('unsupported', `${name}: archives nested deeper than ${MAX_DEPTH}`);
    return zipParts(bytes, depth === 0 ? '' : name, depth);
  }
  if (ZIP_EXTS.has(e))
    throw new CasusError('unsupported', `${name}: a .${e} file should be a ZIP archive`);
  if (HTML_EXTS.has(e)) return [{ name, unit: 'paragraph', blocks: htmlBlocks(decode(bytes)) }];
  if (XML_EXTS.has(e) || (opts.unknownAsText && /^\s*</.test(decode(bytes.subarray(0, 200)))))
    return [{ name, unit: 'paragraph', blocks: xmlBlocks(decode(bytes)) }];
  if (e === 'json') {
    const blocks = jsonBlocks(decode(bytes));
    if (blocks) return [{ name, unit: 'value', blocks }];
  }
  if (TEXT_EXTS.has(e) || opts.unknownAsText) {
    const text = decode(bytes);
    if (opts.unknownAsText && text.includes('\uFFFD') && /[\0-\x08]/.test(text))
      return [{ name, unit: 'value', blocks: [], unread: 'binary data' }];
    return [{ name, unit: 'line', blocks: lines(text) }];
  }
  throw new CasusError(
    'unsupported',
    `${name}: cannot read the text of a .${e || '(no extension)'} file; the leak check reads docx, xlsx, html, csv, svg, json, txt, qdpx and zip`,
  );
}
