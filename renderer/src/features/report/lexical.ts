/** Lexical editor JSON for plain paragraphs (what a synthesis body is stored as). */
export function paragraphsBody(text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  return JSON.stringify({
    root: {
      type: 'root',
      version: 1,
      direction: null,
      format: '',
      indent: 0,
      children: paragraphs.map((p) => ({
        type: 'paragraph',
        version: 1,
        direction: null,
        format: '',
        indent: 0,
        children: [
          { type: 'text', version: 1, text: p, format: 0, style: '', mode: 'normal', detail: 0 },
        ],
      })),
    },
  });
}
