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

export function escText(s: string): string {
  return cleanXmlChars(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

export function escAttr(s: string): string {
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

/** A small indenting XML writer; attributes with undefined/null values are left out. */
export class XmlWriter {
  private readonly parts: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  private depth = 0;

  private open(name: string, attrs: Record<string, AttrValue>): string {
    let s = `${'  '.repeat(this.depth)}<${name}`;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null) continue;
      s += ` ${k}="${escAttr(String(v))}"`;
    }
    return s;
  }

  start(name: string, attrs: Record<string, AttrValue> = {}): this {
    this.parts.push(`${this.open(name, attrs)}>\n`);
    this.depth++;
    return this;
  }

  end(name: string): this {
    this.depth--;
    this.parts.push(`${'  '.repeat(this.depth)}</${name}>\n`);
    return this;
  }

  empty(name: string, attrs: Record<string, AttrValue> = {}): this {
    this.parts.push(`${this.open(name, attrs)}/>\n`);
    return this;
  }

  /** An element with text content; skipped when the text is undefined. */
  text(name: string, text: string | undefined, attrs: Record<string, AttrValue> = {}): this {
    if (text === undefined) return this;
    this.parts.push(`${this.open(name, attrs)}>${escText(text)}</${name}>\n`);
    return this;
  }

  toString(): string {
    return this.parts.join('');
  }
}
