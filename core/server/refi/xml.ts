import { XMLParser } from 'fast-xml-parser';
import { RefiError } from './errors.js';

/** A parsed element: attributes (without prefix), child elements by local name, and text. */
export interface XNode {
  attrs: Record<string, string>;
  children: Map<string, XNode[]>;
  text: string;
}

/**
 * Refuses any DTD before a parser sees the document: no DOCTYPE, no entity declarations, so
 * external entities (XXE) and entity expansion (billion laughs) cannot happen at all.
 */
export function refuseDoctype(xml: string, file: string): void {
  const m = /<!(DOCTYPE|ENTITY)/i.exec(xml);
  if (m) {
    throw new RefiError(
      'doctype',
      file,
      `the XML contains a ${m[1]!.toUpperCase()} declaration; REFI-QDA files never need one and Casus does not read them`,
    );
  }
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

/**
 * Parses XML that has already passed `refuseDoctype` (and normally schema validation).
 * Namespace prefixes are dropped: validation has checked the namespace already.
 */
export function parseXml(xml: string, file: string): { rootName: string; root: XNode } {
  refuseDoctype(xml, file);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Entities are decoded here in one pass (decodeEntities): the parser leaves numeric
    // references such as &#13; undecoded, and decoding them after &amp; would decode twice.
    processEntities: false,
    htmlEntities: false,
    cdataPropName: '#cdata',
    alwaysCreateTextNode: true,
    isArray: (_name, _jpath, _leaf, isAttribute) => !isAttribute,
  });
  let doc: unknown;
  try {
    // No second well-formedness pass here: every caller has the file checked by libxml2 (schema
    // validation, which includes well-formedness) and uses nothing parsed from a file that fails.
    doc = parser.parse(xml);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new RefiError('xml_malformed', file, `the XML is not well-formed (${why})`);
  }
  if (typeof doc !== 'object' || doc === null) {
    throw new RefiError('xml_malformed', file, 'the XML has no root element');
  }
  const roots = Object.entries(doc as Record<string, unknown>).filter(([k]) => !k.startsWith('?'));
  const first = roots[0];
  if (!first || !Array.isArray(first[1]) || first[1].length !== 1) {
    throw new RefiError('xml_malformed', file, 'the XML has no single root element');
  }
  return { rootName: first[0], root: toNode(first[1][0]) };
}

const ENTITY = /&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#[0-9]+);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The five XML entities and numeric character references, decoded in a single pass. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name] ?? whole;
    const cp = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
}

function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && '#text' in v)
    return String((v as { '#text': unknown })['#text']);
  return String(v);
}

function toNode(raw: unknown): XNode {
  const node: XNode = { attrs: {}, children: new Map(), text: '' };
  if (typeof raw === 'string') {
    node.text = raw;
    return node;
  }
  if (typeof raw !== 'object' || raw === null) return node;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key.startsWith('@_')) {
      // Names from macOS tools arrive decomposed (NFD); Casus keeps NFC everywhere.
      node.attrs[key.slice(2)] = decodeEntities(String(value)).normalize('NFC');
    } else if (key === '#text') {
      node.text += decodeEntities(
        Array.isArray(value) ? value.map(String).join('') : String(value),
      );
    } else if (key === '#cdata') {
      // CDATA is literal text: no entity decoding.
      node.text += Array.isArray(value) ? value.map((v) => textOf(v)).join('') : textOf(value);
    } else if (Array.isArray(value)) {
      node.children.set(key, value.map(toNode));
    }
  }
  return node;
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

// ---------------------------------------------------------------------------------------------
// Writing

/** Characters XML 1.0 cannot carry; replaced one for one so UTF-16 offsets stay valid. */
const INVALID_XML_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanXmlChars(s: string): string {
  return s.replace(INVALID_XML_CHARS, '\uFFFD');
}

/** Anything escText or escAttr would change; most values (GUIDs, numbers, dates) have none. */
const NEEDS_ESCAPING = /[&<>"\t\n\r\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function escText(s: string): string {
  if (!NEEDS_ESCAPING.test(s)) return s;
  return cleanXmlChars(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

export function escAttr(s: string): string {
  if (!NEEDS_ESCAPING.test(s)) return s;
  return cleanXmlChars(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

type AttrValue = string | number | boolean | undefined | null;

const INDENTS: string[] = [];
const indent = (depth: number): string => (INDENTS[depth] ??= '  '.repeat(depth));

/** Characters gathered before a writer with a sink hands them on as UTF-8. */
const CHUNK_CHARS = 1 << 20;

/**
 * A small indenting XML writer; attributes with undefined/null values are left out. Given a
 * sink, it hands the document on as UTF-8 pieces while it is written (`finish` hands on the
 * rest), so a large project never exists as one string; without one, `toString` gives it whole.
 */
export class XmlWriter {
  private parts: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  private pending = 0;
  private depth = 0;
  private readonly encoder = new TextEncoder();

  constructor(private readonly sink?: (chunk: Uint8Array) => void) {}

  private push(s: string): void {
    this.parts.push(s);
    this.pending += s.length;
    if (this.sink && this.pending >= CHUNK_CHARS) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    const chunk = this.encoder.encode(this.parts.join(''));
    this.parts = [];
    this.pending = 0;
    this.sink!(chunk);
  }

  private open(name: string, attrs: Record<string, AttrValue>): string {
    let s = `${indent(this.depth)}<${name}`;
    for (const k in attrs) {
      const v = attrs[k];
      if (v === undefined || v === null) continue;
      s += ` ${k}="${typeof v === 'string' ? escAttr(v) : String(v)}"`;
    }
    return s;
  }

  start(name: string, attrs: Record<string, AttrValue> = {}): this {
    this.push(`${this.open(name, attrs)}>\n`);
    this.depth++;
    return this;
  }

  end(name: string): this {
    this.depth--;
    this.push(`${indent(this.depth)}</${name}>\n`);
    return this;
  }

  empty(name: string, attrs: Record<string, AttrValue> = {}): this {
    this.push(`${this.open(name, attrs)}/>\n`);
    return this;
  }

  /** An element with text content; skipped when the text is undefined. */
  text(name: string, text: string | undefined, attrs: Record<string, AttrValue> = {}): this {
    if (text === undefined) return this;
    this.push(`${this.open(name, attrs)}>${escText(text)}</${name}>\n`);
    return this;
  }

  /** Hands the rest of the document to the sink. */
  finish(): void {
    if (!this.sink) throw new Error('this XmlWriter has no sink; use toString()');
    this.flush();
  }

  toString(): string {
    if (this.sink) throw new Error('this XmlWriter writes to its sink; use finish()');
    return this.parts.join('');
  }
}
