// Reading lives in xml-read.ts (a streaming parser); these names stay importable from here.
export {
  decodeXml,
  kid,
  kids,
  kidText,
  parseXml,
  refuseDoctype,
  streamXml,
  type XNode,
} from './xml-read.js';

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
