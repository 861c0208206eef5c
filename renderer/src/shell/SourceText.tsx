import { useCallback, useMemo, useRef, useState } from 'react';
import type { Block, InlineMark } from '../../../core/shared/blocks.js';
import { placeCaret } from '../features/coding/caret.js';
import { codePassage } from '../features/coding/optimisticCoding.js';
import { SegmentPanel } from '../features/coding/SegmentPanel.js';
import {
  getCoding,
  RANGE_MIME,
  rememberCodes,
  setCoding,
  useCoding,
} from '../features/coding/store.js';
import { PaintedCaret, usePaintedCaret } from '../features/coding/viewer/paintedCaret.js';
import { selectionOffsets } from '../features/coding/viewer/selectionOffsets.js';
import { useShownCodings } from '../features/coding/viewer/shownCodings.js';
import { Stripes, useStripes } from '../features/coding/viewer/stripes.js';
import { onViewerKeyDown } from '../features/coding/viewer/viewerKeys.js';
import { useViewerDocument, useViewerEditor } from '../features/coding/viewer/viewerDocument.js';
import { ViewerToolbar } from '../features/coding/viewer/ViewerToolbar.js';
import { useI18n } from '../i18n/index.js';
import { useCall } from '../lib/useCall.js';

interface Props {
  text: string;
  blocks: Block[];
  marks: InlineMark[];
  highlight?: { start: number; end: number } | undefined;
  /** With a source id the viewer shows and edits its codings. */
  sourceId?: string | undefined;
}

/**
 * The source viewer: a read-only Lexical editor built from the blocks, codings as tints with
 * stacked underlines, coding stripes in the margin, and the entry points for coding. The parts
 * live in features/coding/viewer: what shows (shownCodings), the document (viewerDocument), the
 * stripes, the selection as offsets (selectionOffsets), the drawn caret (paintedCaret), the keys
 * (viewerKeys) and the toolbar; coding itself is optimistic (optimisticCoding).
 */
export function SourceText({ text, blocks, marks, highlight, sourceId }: Props) {
  const { t } = useI18n();
  const coding = useCoding();
  const segments = useCall('segments.forSource', sourceId ? { sourceId } : null);
  const codes = useCall('codes.tree', {});
  const favourites = useCall('coding.favourites', sourceId ? {} : null);
  const rootRef = useRef<HTMLDivElement | null>(null);
  const wrapRef = useRef<HTMLDivElement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const editor = useViewerEditor(setError);
  const setRoot = useCallback(
    (el: HTMLDivElement | null) => {
      rootRef.current = el;
      editor.setRootElement(el);
    },
    [editor],
  );

  const codeById = useMemo(() => new Map((codes.data ?? []).map((c) => [c.id, c])), [codes.data]);
  const { segs, shown } = useShownCodings(segments.data, sourceId, coding);
  const pageLabel = useCallback((n: number) => t('coding.viewer.page', { n }), [t]);
  const doc = useViewerDocument(editor, { text, blocks, marks }, shown, {
    // Until this source's codings and the codes are in, build nothing: one build, not two.
    ready: !sourceId || (segments.data !== undefined && codes.data !== undefined),
    highlight,
    codeById,
    pageLabel,
  });
  const stripes = useStripes(editor, wrapRef, doc, shown, codeById, highlight);
  const { caret, paint: paintCaret, hide: hideCaret } = usePaintedCaret(rootRef, wrapRef);

  const offsets = () => {
    const root = rootRef.current;
    if (!root || !sourceId) return null;
    return selectionOffsets(editor, doc.map.current, root, text, getCoding().snapWords);
  };

  /** Opens the innermost segment at an offset (or closes the panel when there is none). */
  const openSegmentAt = (at: number) => {
    const hit = shown
      .filter((x) => x.seg.start <= at && x.seg.end > at)
      .sort((x, y) => x.seg.end - x.seg.start - (y.seg.end - y.seg.start))[0];
    setCoding({ selection: null, openSegmentId: hit ? hit.seg.id : null });
  };

  /** Takes the DOM selection as the coding selection; a click (not a key) opens a segment. */
  const syncSelection = (click: boolean) => {
    const r = offsets();
    if (!sourceId) return;
    if (!r) {
      if (getCoding().selection) setCoding({ selection: null });
      return;
    }
    if (r.start === r.end) {
      if (!click) {
        if (getCoding().selection) setCoding({ selection: null });
        return;
      }
      openSegmentAt(r.start);
      return;
    }
    setCoding({ selection: { sourceId, ...r, text: text.slice(r.start, r.end) } });
  };

  const applyCodes = async (codeIds: string[]) => {
    const sel = getCoding().selection;
    if (!sel) return;
    try {
      const seg = await codePassage(sel, codeIds);
      rememberCodes(codeIds);
      // The coding shows first; the segment's details follow a frame later.
      requestAnimationFrame(() => setTimeout(() => setCoding({ openSegmentId: seg.id }), 0));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const root = rootRef.current;
    if (!root) return;
    onViewerKeyDown(e, {
      root,
      syncSelection: () => syncSelection(false),
      offsets,
      openSegmentAt,
      quickKey: (digit) => {
        const fav = favourites.data?.find((f) => f.digit === digit);
        if (fav) void applyCodes([fav.codeId]);
        return Boolean(fav);
      },
    });
  };

  const openSeg = segs.find((s) => s.id === coding.openSegmentId);

  return (
    <div className="coding-viewer">
      {sourceId && <ViewerToolbar codes={codes.data ?? []} onError={setError} />}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="viewer-body" ref={wrapRef}>
        <div
          className="source-text"
          ref={setRoot}
          role="document"
          aria-label={t('coding.viewer.label')}
          tabIndex={0}
          onMouseUp={() => syncSelection(true)}
          onFocus={() => {
            const root = rootRef.current;
            if (root) placeCaret(root);
            paintCaret();
          }}
          onBlur={hideCaret}
          onKeyDown={onKeyDown}
          onDragStart={(e) => {
            const sel = getCoding().selection;
            if (sel) e.dataTransfer.setData(RANGE_MIME, JSON.stringify(sel));
          }}
        />
        <PaintedCaret caret={caret} />
        {sourceId && <Stripes stripes={stripes} openSegmentId={coding.openSegmentId} />}
        {openSeg && <SegmentPanel segment={openSeg} text={text} />}
      </div>
    </div>
  );
}
