/** The Lexical node type of a citation marker ("[2]") in a synthesis. */
export const CITATION_NODE = 'citation';

/**
 * The segments a synthesis body (Lexical JSON) cites with markers, in text order, each once.
 * A body that is not editor JSON cites nothing (the save refuses it before).
 */
export function citationsIn(body: string): string[] {
  if (!body) return [];
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch {
    return [];
  }
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as { type?: unknown; segmentId?: unknown; children?: unknown; root?: unknown };
    if (n.type === CITATION_NODE && typeof n.segmentId === 'string' && !seen.has(n.segmentId)) {
      seen.add(n.segmentId);
      found.push(n.segmentId);
    }
    if (n.root) walk(n.root);
    if (Array.isArray(n.children)) for (const c of n.children) walk(c);
  };
  walk(root);
  return found;
}
