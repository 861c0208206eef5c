import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { OnChangePlugin } from '@lexical/react/LexicalOnChangePlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import {
  $getRoot,
  $getSelection,
  $isElementNode,
  $isRangeSelection,
  $createParagraphNode,
  FORMAT_TEXT_COMMAND,
  RootNode,
  type EditorState,
  type LexicalNode,
} from 'lexical';
import { useEffect, type MutableRefObject } from 'react';
import { useI18n } from '../../i18n/index.js';
import { $createCitationNode, $isCitationNode, CitationNode } from './CitationNode.js';

/** Places a marker for a segment at the caret (the end of the text when there is none). */
export type PlaceCitation = (segmentId: string) => void;

function markersOf(node: LexicalNode, out: CitationNode[]): CitationNode[] {
  if ($isCitationNode(node)) out.push(node);
  else if ($isElementNode(node)) for (const c of node.getChildren()) markersOf(c, out);
  return out;
}

/** Numbers the markers in text order: a segment keeps the number of its first marker. */
function $renumber(): void {
  const numbers = new Map<string, number>();
  for (const m of markersOf($getRoot(), [])) {
    const id = m.getSegmentId();
    if (!numbers.has(id)) numbers.set(id, numbers.size + 1);
    const text = `[${numbers.get(id)}]`;
    if (m.getTextContent() !== text) m.setTextContent(text);
  }
}

/**
 * Numbers the markers by their order in the text, as the server orders the references when the
 * synthesis is saved ([1] is the first passage the text cites); places new ones; opens the
 * passage of a marker that is clicked.
 */
function CitationsPlugin({
  place,
  onOpen,
}: {
  place?: MutableRefObject<PlaceCitation | null>;
  onOpen?: (segmentId: string) => void;
}) {
  const [editor] = useLexicalComposerContext();
  // The root is dirty whenever anything in the text changed: renumber within that same update.
  useEffect(() => editor.registerNodeTransform(RootNode, $renumber), [editor]);
  useEffect(() => {
    if (!place) return;
    place.current = (segmentId) =>
      editor.update(() => {
        const marker = $createCitationNode(segmentId);
        const selection = $getSelection();
        if ($isRangeSelection(selection)) selection.insertNodes([marker]);
        else {
          const root = $getRoot();
          const last = root.getLastChild();
          const paragraph = $isElementNode(last) ? last : $createParagraphNode();
          if (!last) root.append(paragraph);
          paragraph.append(marker);
        }
        marker.selectNext();
      });
    return () => {
      place.current = null;
    };
  }, [editor, place]);
  useEffect(() => {
    if (!onOpen) return;
    return editor.registerRootListener((root, prev) => {
      const click = (e: MouseEvent) => {
        const el = (e.target as HTMLElement | null)?.closest<HTMLElement>('[data-segment-id]');
        if (el?.dataset.segmentId) onOpen(el.dataset.segmentId);
      };
      prev?.removeEventListener('click', click);
      root?.addEventListener('click', click);
    });
  }, [editor, onOpen]);
  return null;
}

function Toolbar() {
  const [editor] = useLexicalComposerContext();
  const { t } = useI18n();
  return (
    <div className="synthesis-toolbar" role="toolbar" aria-label={t('matrix.synthesisEditor')}>
      <button
        type="button"
        aria-label={t('matrix.bold')}
        onClick={() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'bold')}
      >
        <b>B</b>
      </button>
      <button
        type="button"
        aria-label={t('matrix.italic')}
        onClick={() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'italic')}
      >
        <i>I</i>
      </button>
    </div>
  );
}

/**
 * A small rich-text editor for one cell's synthesis. Uncontrolled: it starts from `body` (Lexical
 * JSON) and reports every change; remount it (key) to load another version.
 */
export function SynthesisEditor({
  body,
  onChange,
  place,
  onOpenCitation,
}: {
  body: string;
  onChange: (body: string, text: string) => void;
  /** Set to a function that places a reference marker at the caret. */
  place?: MutableRefObject<PlaceCitation | null>;
  /** A marker in the text was clicked: open its passage. */
  onOpenCitation?: (segmentId: string) => void;
}) {
  const { t } = useI18n();
  const config = {
    namespace: 'casus-synthesis',
    editorState: body || null,
    onError: (e: Error) => {
      throw e;
    },
    theme: { text: { bold: 'rt-bold', italic: 'rt-italic' }, paragraph: 'rt-p' },
    nodes: [CitationNode],
  };
  const changed = (state: EditorState) => {
    const text = state.read(() => $getRoot().getTextContent());
    onChange(JSON.stringify(state.toJSON()), text);
  };
  return (
    <LexicalComposer initialConfig={config}>
      <Toolbar />
      <div className="synthesis-editor">
        <RichTextPlugin
          contentEditable={
            <ContentEditable
              className="synthesis-input"
              aria-label={t('matrix.synthesisEditor')}
              aria-placeholder={t('matrix.synthesisPlaceholder')}
              placeholder={
                <div className="synthesis-placeholder">{t('matrix.synthesisPlaceholder')}</div>
              }
            />
          }
          ErrorBoundary={LexicalErrorBoundary}
        />
        <HistoryPlugin />
        <OnChangePlugin onChange={changed} ignoreSelectionChange />
        <CitationsPlugin place={place} onOpen={onOpenCitation} />
      </div>
    </LexicalComposer>
  );
}
