import { Buffer } from 'node:buffer';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { RefiError } from './errors.js';

/** A parsed element: attributes (without prefix), child elements by local name, and text. */
export interface XNode {
  attrs: Record<string, string>;
  children: Map<string, XNode[]>;
  text: string;
}

const DTD_REASON = (what: string) =>
  `the XML contains a ${what} declaration; REFI-QDA files never need one and Casus does not read them`;

/**
 * Refuses any DTD before a parser sees the document: no DOCTYPE, no entity declarations, so
 * external entities (XXE) and entity expansion (billion laughs) cannot happen at all.
 */
export function refuseDoctype(xml: string, file: string): void {
  const m = /<!(DOCTYPE|ENTITY)/i.exec(xml);
  if (m) throw new RefiError('doctype', file, DTD_REASON(m[1]!.toUpperCase()));
}

/** `refuseDoctype` on UTF-8 (or ASCII-compatible) bytes, without decoding them to a string. */
export function refuseDoctypeBytes(bytes: Uint8Array, file: string): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = buf.indexOf('<!'); at >= 0; at = buf.indexOf('<!', at + 2)) {
    const word = buf.toString('latin1', at + 2, at + 9).toUpperCase();
    if (word === 'DOCTYPE' || word.startsWith('ENTITY')) {
      throw new RefiError('doctype', file, DTD_REASON(word.startsWith('ENTITY') ? 'ENTITY' : word));
    }
  }
}

/**
 * `refuseDoctypeBytes` for a document that arrives in pieces: each piece is checked before it is
 * handed on, with the end of the one before (a declaration split between two pieces).
 */
export function doctypeScanner(file: string): (piece: Uint8Array) => void {
  let tail = new Uint8Array(0);
  return (piece) => {
    const joined = new Uint8Array(tail.length + Math.min(piece.length, 16));
    joined.set(tail);
    joined.set(piece.subarray(0, joined.length - tail.length), tail.length);
    refuseDoctypeBytes(joined, file);
    refuseDoctypeBytes(piece, file);
    tail = piece.slice(Math.max(0, piece.length - 9));
  };
}

/** Decodes XML bytes (UTF-8, or UTF-16 with BOM) to a string without BOM, declared as UTF-8. */
export function decodeXml(bytes: Uint8Array, file: string): string {
  let text: string;
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      text = new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      text = new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    } else {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    }
  } catch {
    throw new RefiError('xml_malformed', file, 'the XML is not valid UTF-8 or UTF-16 text');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // The validator reads UTF-8; a UTF-16 declaration would no longer be true after decoding.
  return text.replace(/^(<\?xml[^>]*encoding=["'])utf-16(le|be)?(["'])/i, '$1UTF-8$3');
}

/** What a streaming read is told about the document, in document order. */
export interface XmlStreamHandlers {
  /** An element read whole (`wholeAt` said so) with everything inside it. */
  node(name: string, node: XNode, depth: number): void;
  /** The start of an element that is not read whole: its children arrive one by one. */
  open?(name: string, attrs: Record<string, string>, depth: number): void;
  /** The end of an element that was not read whole. */
  close?(name: string, depth: number): void;
}

/** Where a parse is reported: the file the user chose, and the XML entry inside it. */
export interface XmlSource {
  /** The file the user chose (a .qdpx, .qde or .qdc); error messages name it first. */
  file: string;
  /** The XML inside it (`project.qde` of a .qdpx); named with the line of a well-formedness error. */
  entry?: string;
}

const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

// Names from macOS tools arrive decomposed (NFD); Casus keeps NFC everywhere. Plain ASCII (GUIDs,
// numbers, dates: nearly every attribute) is NFC already.
const NON_ASCII = /[^\u0000-\u007f]/;
const nfc = (s: string): string => (NON_ASCII.test(s) ? s.normalize('NFC') : s);

/**
 * The parser hands out values as slices of the piece of the document it is reading (64K
 * characters); one such slice kept (a GUID in a map of what later parts refer to, a name in the
 * report) keeps that whole piece alive, so a long import would keep most of the document. What is
 * handed on is a copy of its own (concatenating flattens; the slice then refers to that copy).
 */
const own = (s: string): string => (s.length < 13 ? s : (' ' + s).slice(1));

function attrsOf(tag: SaxesTagPlain): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in tag.attributes) {
    // Validation has checked the namespaces; xmlns declarations carry nothing else.
    if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    out[localName(key)] = nfc(own(tag.attributes[key]!));
  }
  return out;
}

/**
 * Reads XML in one pass with a streaming (SAX) parser, without a tree of the whole document:
 * elements for which `wholeAt(localName, depth)` is true are built as small `XNode` trees and
 * handed over when they end; the elements around them arrive as open/close events. Namespace
 * prefixes are dropped (schema validation checks the namespaces). Entities and character
 * references are decoded by the parser in one pass; a well-formedness error names the entry, line
 * and column. `xml` is a string, or UTF-8 bytes (a byte-order mark is skipped). The caller must have refused DOCTYPEs already (`refuseDoctype`); the parser refuses
 * one too.
 */
export function streamXml(
  xml: string | Uint8Array,
  source: XmlSource,
  wholeAt: (name: string, depth: number) => boolean,
  handlers: XmlStreamHandlers,
): void {
  if (typeof xml === 'string') {
    const stream = xmlStream(source, wholeAt, handlers);
    stream.write(xml);
    stream.close();
    return;
  }
  const stream = openXmlStream(source, wholeAt, handlers);
  for (let at = 0; at < xml.length; at += CHUNK_BYTES)
    stream.write(xml.subarray(at, at + CHUNK_BYTES));
  stream.close();
}

/** A streaming read fed UTF-8 bytes piece by piece (see streamXml). */
export interface XmlByteStream {
  write(bytes: Uint8Array): void;
  /** The document is complete: an element left open is a well-formedness error. */
  close(): void;
}

/**
 * `streamXml` for a document that arrives in pieces (inflated from a ZIP entry): each piece is
 * decoded and parsed when it comes, so a large project never exists as one string or buffer.
 */
export function openXmlStream(
  source: XmlSource,
  wholeAt: (name: string, depth: number) => boolean,
  handlers: XmlStreamHandlers,
): XmlByteStream {
  const stream = xmlStream(source, wholeAt, handlers);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (bytes: Uint8Array | null): string => {
    try {
      return bytes === null ? decoder.decode() : decoder.decode(bytes, { stream: true });
    } catch {
      throw new RefiError(
        'xml_malformed',
        source.file,
        'the XML is not valid UTF-8 or UTF-16 text',
      );
    }
  };
  return {
    write: (bytes) => stream.write(decode(bytes)),
    close: () => {
      stream.write(decode(null));
      stream.close();
    },
  };
}

function xmlStream(
  source: XmlSource,
  wholeAt: (name: string, depth: number) => boolean,
  handlers: XmlStreamHandlers,
): { write(text: string): void; close(): void } {
  const parser = new SaxesParser({ xmlns: false, position: true });
  // The element being built whole (innermost last), with the depth it started at.
  const building: { name: string; node: XNode }[] = [];
  let depth = 0;
  const malformed = (why: string): never => {
    throw new RefiError(
      'xml_malformed',
      source.file,
      `the XML${source.entry ? ` (${source.entry})` : ''} is not well-formed at line ${parser.line}, column ${parser.column + 1}: ${why}`,
    );
  };
  parser.on('error', (e) => malformed(e.message.replace(/^\d+:\d+: /, '')));
  parser.on('doctype', () => {
    throw new RefiError('doctype', source.file, DTD_REASON('DOCTYPE'));
  });
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    const d = depth++;
    if (building.length > 0 || wholeAt(name, d)) {
      const node: XNode = { attrs: attrsOf(tag), children: new Map(), text: '' };
      const parent = building[building.length - 1];
      if (parent) {
        const list = parent.node.children.get(name);
        if (list) list.push(node);
        else parent.node.children.set(name, [node]);
      }
      building.push({ name, node });
    } else {
      handlers.open?.(name, attrsOf(tag), d);
    }
  });
  parser.on('closetag', (tag) => {
    const d = --depth;
    const top = building[building.length - 1];
    if (top) {
      building.pop();
      if (building.length === 0) handlers.node(top.name, top.node, d);
    } else {
      handlers.close?.(localName(tag.name), d);
    }
  });
  const addText = (t: string) => {
    const top = building[building.length - 1];
    if (top) top.node.text += own(t);
  };
  // Text and CDATA alike: the parser has decoded entities and kept CDATA literal.
  parser.on('text', addText);
  parser.on('cdata', addText);
  return {
    write: (text) => void parser.write(text),
    close: () => void parser.close(),
  };
}

const CHUNK_BYTES = 1 << 16;

/** Reads a whole (small) XML document into one tree: a codebook, or a test's project. */
export function parseXml(
  xml: string,
  file: string,
  entry?: string,
): { rootName: string; root: XNode } {
  refuseDoctype(xml, file);
  let root: { rootName: string; root: XNode } | undefined;
  streamXml(xml, { file, entry }, (_name, depth) => depth === 0, {
    node: (rootName, node) => {
      root = { rootName, root: node };
    },
  });
  if (!root) throw new RefiError('xml_malformed', file, 'the XML has no root element');
  return root;
}

export function kids(node: XNode | undefined, name: string): XNode[] {
  return node?.children.get(name) ?? [];
}

export function kid(node: XNode | undefined, name: string): XNode | undefined {
  return node?.children.get(name)?.[0];
}

/** NFC text of a child element, or undefined when absent or empty. */
export function kidText(node: XNode | undefined, name: string): string | undefined {
  const k = kid(node, name);
  if (!k) return undefined;
  return k.text === '' ? undefined : k.text.normalize('NFC');
}
