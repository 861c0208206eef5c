/**
 * Lexical editor states built and combined on the server: the memo and synthesis editors save
 * Lexical JSON, and a few actions (merging codes, the demo study) write text into them.
 */

type LexicalNode = Record<string, unknown>;

export function paragraphNode(text: string): LexicalNode {
  return {
    type: 'paragraph',
    version: 1,
    direction: 'ltr',
    format: '',
    indent: 0,
    textFormat: 0,
    textStyle: '',
    children: text
      ? [{ type: 'text', version: 1, text, format: 0, style: '', mode: 'normal', detail: 0 }]
      : [],
  };
}

/** A whole editor state from top-level nodes. */
export function editorState(children: LexicalNode[]): string {
  return JSON.stringify({
    root: { type: 'root', version: 1, direction: 'ltr', format: '', indent: 0, children },
  });
}

/** Plain paragraphs as an editor state. */
export function paragraphsBody(paragraphs: string[]): string {
  return editorState(paragraphs.map(paragraphNode));
}

/**
 * The top-level nodes of a saved body; a body that is empty or not an editor state (a memo
 * written as plain text) gives one paragraph per line of its plain text.
 */
export function topLevelNodes(body: string, bodyText: string): LexicalNode[] {
  if (body) {
    try {
      const parsed = JSON.parse(body) as { root?: { children?: unknown } };
      if (Array.isArray(parsed.root?.children)) return parsed.root.children as LexicalNode[];
    } catch {
      // fall through to the plain text
    }
  }
  return bodyText ? bodyText.split('\n').map(paragraphNode) : [];
}
