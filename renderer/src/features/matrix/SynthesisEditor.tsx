import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { OnChangePlugin } from '@lexical/react/LexicalOnChangePlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { $getRoot, FORMAT_TEXT_COMMAND, type EditorState } from 'lexical';
import { useI18n } from '../../i18n/index.js';

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
}: {
  body: string;
  onChange: (body: string, text: string) => void;
}) {
  const { t } = useI18n();
  const config = {
    namespace: 'casus-synthesis',
    editorState: body || null,
    onError: (e: Error) => {
      throw e;
    },
    theme: { text: { bold: 'rt-bold', italic: 'rt-italic' }, paragraph: 'rt-p' },
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
      </div>
    </LexicalComposer>
  );
}
