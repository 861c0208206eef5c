import { $getRoot, type LexicalEditor } from 'lexical';
import {
  $buildSection,
  $patchDocument,
  emptyViewerDoc,
  type BuildOptions,
  type ViewerDoc,
} from '../lexicalDoc.js';
import type { BlockRuns } from '../runs.js';

/*
 * A document in sections, each in an editor of its own (see `ViewerSections` for why): built
 * and patched section by section. No DOM here: the unit tests run it in headless editors.
 */

/** An editor per section of a document: made when asked for, the last ones let go. */
export interface SectionEditors {
  section(i: number): LexicalEditor;
  keep(n: number): void;
}

/**
 * Patches blocks `at` (ascending) of a built document with their new runs (`runs[j]` for
 * `at[j]`), one update per section they are in; returns how many blocks were rebuilt.
 */
export function patchSections(
  sections: SectionEditors,
  doc: ViewerDoc,
  text: string,
  runs: BlockRuns[],
  styleFor: (ids: string[]) => string,
  at: number[],
): number {
  let patched = 0;
  for (let j = 0; j < at.length;) {
    const section = doc.section[at[j] as number] ?? 0;
    let k = j;
    while (k < at.length && (doc.section[at[k] as number] ?? 0) === section) k++;
    sections.section(section).update(
      () => {
        patched += $patchDocument(doc, text, runs.slice(j, k), styleFor, at.slice(j, k));
      },
      { discrete: true },
    );
    j = k;
  }
  return patched;
}

/**
 * Builds the whole document, section after section (`maxChunks` chunks each), and lets go of
 * the sections it no longer needs.
 */
export function buildSections(
  sections: SectionEditors,
  text: string,
  runs: BlockRuns[],
  styleFor: (ids: string[]) => string,
  opts: BuildOptions & { maxChunks: number },
): ViewerDoc {
  const doc = emptyViewerDoc();
  let from = 0;
  let section = 0;
  do {
    const start = from;
    sections.section(section).update(
      () => {
        $getRoot().clear();
        from = $buildSection(doc, text, runs, styleFor, { ...opts, from: start, section });
      },
      { discrete: true },
    );
    section++;
  } while (from < runs.length);
  sections.keep(section);
  return doc;
}
