import { XMLParser } from 'fast-xml-parser';
import { ParseFailure } from '../errors.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { checkNesting } from '../nesting.js';

/** One node of fast-xml-parser's ordered output: `{tag: children, ':@': attributes}` or text. */
export type XmlNode = { '#text': string } | { [tag: string]: XmlNode[] | Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
  // Depth is checked before parsing (checkNesting), with a message that says so; this is a backstop.
  maxNestedTags: 100_000,
});

/**
 * Parses an office XML part in document order. Office parts never declare a DOCTYPE; one that
 * does is refused, which rules out entity-expansion tricks. A part nested deeper than
 * `maxNesting` is refused before parsing (the walkers over the result recurse).
 */
export function parseXml(
  bytes: Uint8Array,
  part: string,
  maxNesting = DEFAULT_LIMITS.maxNesting,
): XmlNode[] {
  checkNesting(bytes, part, maxNesting);
  const text = new TextDecoder('utf-8').decode(bytes);
  if (/<!DOCTYPE/i.test(text.slice(0, 4096))) {
    throw new ParseFailure('corrupt', `${part} declares a DOCTYPE`);
  }
  try {
    return parser.parse(text) as XmlNode[];
  } catch (err) {
    throw new ParseFailure('corrupt', `${part} is not well-formed XML: ${(err as Error).message}`);
  }
}

export function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text');
}

export function childrenOf(node: XmlNode): XmlNode[] {
  const tag = tagOf(node);
  const value = tag ? (node as Record<string, unknown>)[tag] : undefined;
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

export function attrsOf(node: XmlNode): Record<string, string> {
  const a = (node as Record<string, unknown>)[':@'];
  return a && typeof a === 'object' ? (a as Record<string, string>) : {};
}

export function textOf(node: XmlNode): string | undefined {
  return '#text' in node && typeof node['#text'] === 'string' ? node['#text'] : undefined;
}

/** Depth-first search for the first element with this tag. */
export function findTag(nodes: XmlNode[], tag: string): XmlNode | undefined {
  for (const n of nodes) {
    if (tagOf(n) === tag) return n;
    const found = findTag(childrenOf(n), tag);
    if (found) return found;
  }
  return undefined;
}

export function allText(nodes: XmlNode[]): string {
  return nodes.map((n) => textOf(n) ?? allText(childrenOf(n))).join('');
}
