import { ListItemNode, ListNode, INSERT_UNORDERED_LIST_COMMAND } from '@lexical/list';
import { LinkNode } from '@lexical/link';
import { AutoFocusPlugin } from '@lexical/react/LexicalAutoFocusPlugin';
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { LinkPlugin } from '@lexical/react/LexicalLinkPlugin';
import { ListPlugin } from '@lexical/react/LexicalListPlugin';
import { OnChangePlugin } from '@lexical/react/LexicalOnChangePlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import {
  $createParagraphNode,
  $createTextNode,
  $getRoot,
  FORMAT_TEXT_COMMAND,
  type EditorState,
} from 'lexical';
import { useEffect, useRef, useState } from 'react';
import type { MemoTargetType } from '../../../../core/shared/contract/coding.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { settle } from '../../lib/cache.js';
import { useCall } from '../../lib/useCall.js';

function Toolbar() {
  const [editor] = useLexicalComposerContext();
  const { t } = useI18n();
  return (
    <div className="memo-toolbar" role="toolbar" aria-label="memo">
      <button
        type="button"
        aria-label={t('coding.memo.bold')}
        onClick={() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'bold')}
      >
        <strong>B</strong>
      </button>
      <button
        type="button"
        aria-label={t('coding.memo.italic')}
        onClick={() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'italic')}
      >
        <em>I</em>
      </button>
      <button
        type="button"
        aria-label={t('coding.memo.list')}
        onClick={() => editor.dispatchCommand(INSERT_UNORDERED_LIST_COMMAND, undefined)}
      >
        •
      </button>
    </div>
  );
}

/**
 * A small rich-text memo (paragraphs, bold/italic, lists, links), saved as you type: a short
 * pause after the last keystroke writes it (one change-log group per save).
 */
export function MemoEditor({
  targetType,
  targetId,
  label,
  autoFocus = false,
}: {
  targetType: MemoTargetType;
  targetId: string;
  label: string;
  /** Put the caret in the memo as soon as it is shown. */
  autoFocus?: boolean;
}) {
  const { t } = useI18n();
  const memo = useCall('memos.get', { targetType, targetId });
  const [status, setStatus] = useState<string>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastSaved = useRef<string | null>(null);
  /** What is typed but not yet saved. */
  const unsaved = useRef<{
    targetType: MemoTargetType;
    targetId: string;
    body: string;
    bodyText: string;
  } | null>(null);
  const save = () => {
    const next = unsaved.current;
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!next) return;
    unsaved.current = null;
    lastSaved.current = next.body;
    void api.call('memos.save', next).then(
      (saved) => {
        // The answer is the memo as stored: no need to read it again.
        settle('memos.get', { targetType: next.targetType, targetId: next.targetId }, () => saved);
        setStatus('saved');
      },
      (e: Error) => setStatus(e.message),
    );
  };
  const saveRef = useRef(save);
  saveRef.current = save;
  // Closing the memo (or leaving the segment) right after typing still saves what was typed.
  useEffect(() => () => saveRef.current(), [targetType, targetId]);
  if (memo.loading && memo.data === undefined) return null;
  const m = memo.data ?? null;
  const initial = m?.body
    ? m.body
    : () => {
        // Memos written as plain text (e.g. from the CLI) open as paragraphs.
        const root = $getRoot();
        for (const line of (m?.bodyText ?? '').split('\n')) {
          if (!m?.bodyText) break;
          root.append($createParagraphNode().append($createTextNode(line)));
        }
      };
  const onChange = (state: EditorState) => {
    const body = JSON.stringify(state.toJSON());
    if (body === lastSaved.current) return;
    const bodyText = state.read(() => $getRoot().getTextContent());
    if (lastSaved.current === null && bodyText === (m?.bodyText ?? '')) {
      lastSaved.current = body;
      return;
    }
    unsaved.current = { targetType, targetId, body, bodyText };
    if (timer.current) clearTimeout(timer.current);
    setStatus('saving');
    timer.current = setTimeout(save, 400);
  };
  return (
    <div className="memo-editor">
      <LexicalComposer
        key={`${targetType}:${targetId}`}
        initialConfig={{
          namespace: `memo-${targetType}`,
          nodes: [ListNode, ListItemNode, LinkNode],
          editorState: initial,
          theme: { text: { bold: 'src-bold', italic: 'src-italic' } },
          onError: (e) => console.error(e),
        }}
      >
        <Toolbar />
        <RichTextPlugin
          contentEditable={<ContentEditable className="memo-input" aria-label={label} />}
          ErrorBoundary={LexicalErrorBoundary}
        />
        <HistoryPlugin />
        {autoFocus && <AutoFocusPlugin defaultSelection="rootEnd" />}
        <ListPlugin />
        <LinkPlugin />
        <OnChangePlugin onChange={onChange} ignoreSelectionChange />
      </LexicalComposer>
      <span className="memo-status" role="status">
        {status === 'saving'
          ? t('coding.memo.saving')
          : status === 'saved'
            ? t('coding.memo.saved')
            : status === 'idle'
              ? ''
              : status}
      </span>
    </div>
  );
}
