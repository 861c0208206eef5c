import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Block, InlineMark } from '../../../core/shared/blocks.js';
import { placeCaret } from '../features/coding/caret.js';
import { codePassage } from '../features/coding/optimisticCoding.js';
import { SegmentPanel, usePanelWidth } from '../features/coding/SegmentPanel.js';
import {
  getCoding,
  RANGE_MIME,
  rememberCodes,
  setCoding,
  useCoding,
} from '../features/coding/store.js';
import { useKeepInView } from '../features/coding/viewer/keepInView.js';
import { PaintedCaret, usePaintedCaret } from '../features/coding/viewer/paintedCaret.js';
import { selectionOffsets, selectOffsets } from '../features/coding/viewer/selectionOffsets.js';
import { useShownCodings } from '../features/coding/viewer/shownCodings.js';
import { Stripes, useStripes, type Stripe } from '../features/coding/viewer/stripes.js';
import { onViewerKeyDown } from '../features/coding/viewer/viewerKeys.js';
import { useViewerDocument, useViewerSections } from '../features/coding/viewer/viewerDocument.js';
import { ViewerToolbar } from '../features/coding/viewer/ViewerToolbar.js';
import { pointOfOffset, type RunRef } from '../features/coding/lexicalDoc.js';
import { useI18n } from '../i18n/index.js';
import { api } from '../lib/api.js';
import { afterNextFrame } from '../lib/cache.js';
import { useCall } from '../lib/useCall.js';
import { registerText } from './textFocus.js';

interface Props {
  text: string;
  blocks: Block[];
  marks: InlineMark[];
  highlight?: { start: number; end: number } | undefined;
  /** With a source id the viewer shows and edits its codings. */
  sourceId?: string | undefined;
}

/**
 * The source viewer: read-only Lexical editors (sections of the text) built from the blocks,
 * codings as tints with stacked underlines, coding stripes in the margin, the segment panel
 * beside it, and the entry points for coding. The parts live in features/coding/viewer: what
 * shows (shownCodings), the document (viewerDocument, in sections), the stripes, the selection
 * as offsets (selectionOffsets), the drawn caret (paintedCaret), the keys (viewerKeys), the
 * toolbar, and keeping the passage worked on in view (keepInView); coding itself is optimistic
 * (optimisticCoding).
 */
export function SourceText({ text, blocks, marks, highlight, sourceId }: Props) {
  const { t } = useI18n();
  const coding = useCoding();
  const segments = useCall('segments.forSource', sourceId ? { sourceId } : null);
  const codes = useCall('codes.tree', {});
  const coders = useCall('coders.list', sourceId ? {} : null);
  const favourites = useCall('coding.favourites', sourceId ? {} : null);
  const rootRef = useRef<HTMLDivElement | null>(null);
  const wrapRef = useRef<HTMLDivElement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [panelWidth, setPanelWidth] = usePanelWidth();
  const sections = useViewerSections(setError);
  const setRoot = useCallback(
    (el: HTMLDivElement | null) => {
      rootRef.current = el;
      sections.setContainer(el);
    },
    [sections],
  );

  const codeById = useMemo(() => new Map((codes.data ?? []).map((c) => [c.id, c])), [codes.data]);
  const reviews = useCall('reviews.states', sourceId && coding.onlyReview ? {} : null);
  const { segs, shown } = useShownCodings(segments.data, sourceId, coding, reviews.data?.states);
  const pageLabel = useCallback((n: number) => t('coding.viewer.page', { n }), [t]);
  const ready = !sourceId || (segments.data !== undefined && codes.data !== undefined);
  const doc = useViewerDocument(sections, { text, blocks, marks }, shown, {
    // Until this source's codings and the codes are in, build nothing: one build, not two.
    ready,
    highlight,
    codeById,
    pageLabel,
  });
  const stripes = useStripes(sections, wrapRef, doc, shown, codeById, highlight);
  const { caret, paint: paintCaret, hide: hideCaret } = usePaintedCaret(rootRef, wrapRef);

  // The passage worked on stays where it is on the screen when the text reflows.
  const segsRef = useRef(segs);
  segsRef.current = segs;
  const keep = useKeepInView(
    rootRef,
    () => {
      const c = getCoding();
      const open = c.openSegmentId && segsRef.current.find((s) => s.id === c.openSegmentId);
      if (open) return open.start;
      return c.selection && c.selection.sourceId === sourceId ? c.selection.start : null;
    },
    (offset) => {
      const p = pointOfOffset(doc.map.current, offset, doc.sorted.current);
      return (p && sections.getElementByKey(p.key)?.getBoundingClientRect().top) ?? null;
    },
  );

  // The runs of the open segment are outlined (a stripe click selects its passage): those in
  // its range only, found by a binary search over the runs in text order.
  const outlined = useRef<HTMLElement[]>([]);
  useEffect(() => {
    for (const el of outlined.current) el.removeAttribute('data-open');
    outlined.current = [];
    const id = coding.openSegmentId;
    const seg = id ? segs.find((s) => s.id === id) : undefined;
    if (!id || !seg) return;
    const runs = doc.sorted.current;
    let lo = 0;
    let hi = runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((runs[mid] as [string, RunRef])[1].end <= seg.start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < runs.length; i++) {
      const [key, run] = runs[i] as [string, RunRef];
      if (run.start >= seg.end) break;
      const el = run.segmentIds.includes(id) ? sections.getElementByKey(key) : null;
      if (!el) continue;
      el.setAttribute('data-open', '');
      outlined.current.push(el);
    }
  }, [coding.openSegmentId, segs, shown, sections, doc]);

  /** Focus to the text without scrolling; the selection being coded comes back with it. */
  const focusText = useCallback(() => {
    const root = rootRef.current;
    if (!root) return;
    root.focus({ preventScroll: true });
    const sel = getCoding().selection;
    const at = highlight && !sel ? { start: highlight.start, end: highlight.start } : sel;
    if (at && (!sel || sel.sourceId === sourceId))
      selectOffsets(sections, doc.map.current, doc.sorted.current, at.start, at.end);
    else placeCaret(root);
    paintCaret();
  }, [sections, doc, highlight, sourceId, paintCaret]);
  useEffect(() => {
    if (!sourceId || !ready) return;
    return registerText({ sourceId, focus: focusText });
  }, [sourceId, ready, focusText]);

  const offsets = () => {
    const root = rootRef.current;
    if (!root || !sourceId) return null;
    return selectionOffsets(sections, doc.map.current, root, text, getCoding().snapWords);
  };

  /** Opens a segment's panel, keeping its passage where it is on the screen. */
  const openSegment = (id: string | null) => {
    const seg = id ? segs.find((s) => s.id === id) : undefined;
    if (seg) keep.note(seg.start);
    setCoding({ selection: null, openSegmentId: id });
  };

  /** Opens the innermost segment at an offset (or closes the panel when there is none). */
  const openSegmentAt = (at: number) => {
    const hit = shown
      .filter((x) => x.seg.start <= at && x.seg.end > at)
      .sort((x, y) => x.seg.end - x.seg.start - (y.seg.end - y.seg.start))[0];
    openSegment(hit ? hit.seg.id : null);
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
    keep.note(r.start);
  };

  const applyCodes = async (codeIds: string[]) => {
    const sel = getCoding().selection;
    if (!sel) return;
    try {
      // The write is sent before anything else is done (measuring where the passage is).
      const coded = codePassage(sel, codeIds);
      keep.note(sel.start);
      const seg = await coded;
      // The coding shows first; the segment's details (a new memo editor, its review and
      // threads: a render of some ms) follow after its frame, at background priority, behind
      // what else waits then (the next key press, a timer), and so do the recent codes (a
      // synchronous write to localStorage, ~1 ms). The focus stays in the text.
      afterNextFrame(() => {
        rememberCodes(codeIds);
        setCoding({ openSegmentId: seg.id });
      });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const removeCode = (s: Stripe) => {
    api.call('coding.remove', { segmentId: s.segmentId, codeIds: [s.code.id] }).then(
      () => focusText(),
      (e: Error) => setError(e.message),
    );
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
  const closePanel = useCallback(() => {
    setCoding({ openSegmentId: null });
    focusText();
  }, [focusText]);
  const coderName = (id: string | null) =>
    (id && coders.data?.find((c) => c.id === id)?.name) || null;

  return (
    <div
      className={openSeg ? 'coding-viewer with-panel' : 'coding-viewer'}
      style={{ ['--panel-width' as string]: `${panelWidth}px` }}
    >
      <div className="reading">
        {sourceId && <ViewerToolbar codes={codes.data ?? []} onError={setError} />}
        {sourceId && coding.onlyReview && reviews.data && (
          <p className="muted small" role="status">
            {t('coding.viewer.reviewShown', {
              n: shown.length,
              state: t(`audit.review.${coding.onlyReview}`),
            })}
          </p>
        )}
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
          {sourceId && (
            <Stripes
              stripes={stripes}
              openSegmentId={coding.openSegmentId}
              codeById={codeById}
              coderName={coderName}
              onOpen={(id) => openSegment(id)}
              onRemove={removeCode}
            />
          )}
        </div>
      </div>
      {openSeg && (
        <SegmentPanel
          segment={openSeg}
          text={text}
          width={panelWidth}
          onResize={setPanelWidth}
          onClose={closePanel}
        />
      )}
    </div>
  );
}
