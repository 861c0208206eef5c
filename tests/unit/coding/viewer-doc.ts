import { createEditor, type LexicalEditor } from 'lexical';
import type { Block } from '../../../core/shared/blocks.js';
import {
  $buildDocument,
  VIEWER_NODES,
  type BuildOptions,
  type ViewerDoc,
} from '../../../renderer/src/features/coding/lexicalDoc.js';
import { buildRuns, type Span } from '../../../renderer/src/features/coding/runs.js';
import {
  buildSections,
  type SectionEditors,
} from '../../../renderer/src/features/coding/viewer/sectionedDoc.js';

/**
 * The viewer's document of a text, built as the viewer builds it, in a headless editor with the
 * viewer's nodes: what the tests of building, patching and chunking start from.
 */
export function buildViewerDoc(
  text: string,
  blocks: Block[],
  spans: Span[] = [],
  opts: BuildOptions & { styleFor?: (segmentIds: string[]) => string } = {},
): { editor: LexicalEditor; doc: ViewerDoc } {
  const { styleFor = (ids: string[]) => ids.join(), ...build } = opts;
  const editor = createEditor({
    nodes: VIEWER_NODES,
    onError: (e) => {
      throw e;
    },
  });
  let doc: ViewerDoc | null = null;
  editor.update(
    () => {
      doc = $buildDocument(text, buildRuns(blocks, [], spans), styleFor, build);
    },
    { discrete: true },
  );
  if (!doc) throw new Error('the viewer document was not built');
  return { editor, doc: doc as ViewerDoc };
}

/** Headless editors for the sections of a document, as `ViewerSections` keeps them in the page. */
export class HeadlessSections implements SectionEditors {
  readonly editors: LexicalEditor[] = [];
  section(i: number): LexicalEditor {
    while (this.editors.length <= i)
      this.editors.push(
        createEditor({
          nodes: VIEWER_NODES,
          onError: (e) => {
            throw e;
          },
        }),
      );
    return this.editors[i] as LexicalEditor;
  }
  keep(n: number): void {
    this.editors.length = Math.min(this.editors.length, n);
  }
}

/** The viewer's document of a text built in sections of `maxChunks` chunks, as the viewer does. */
export function buildViewerSections(
  text: string,
  blocks: Block[],
  spans: Span[],
  opts: { chunkLines: number; maxChunks: number },
): { sections: HeadlessSections; doc: ViewerDoc } {
  const sections = new HeadlessSections();
  const doc = buildSections(
    sections,
    text,
    buildRuns(blocks, [], spans),
    (ids) => ids.join(),
    opts,
  );
  return { sections, doc };
}
