import { $getNearestNodeFromDOMNode, createEditor, type LexicalEditor } from 'lexical';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Block, InlineMark } from '../../../core/shared/blocks.js';
import type { CodedSegment } from '../../../core/shared/contract/coding.js';
import type { Code } from '../../../core/shared/contract/schemas.js';
import { caretKey, moveCaret, placeCaret } from '../features/coding/caret.js';
import {
  $buildDocument,
  $patchDocument,
  offsetOfPoint,
  pointOfOffset,
  sortedRuns,
  VIEWER_NODES,
  type OffsetMap,
  type RunRef,
  type ViewerDoc,
} from '../features/coding/lexicalDoc.js';
import { buildRuns, normaliseRange, type Span } from '../features/coding/runs.js';
import { SegmentPanel } from '../features/coding/SegmentPanel.js';
import { codePassage, PENDING, showStoredSegment } from '../features/coding/optimisticCoding.js';
import {
  getCoding,
  openPalette,
  RANGE_MIME,
  rememberCodes,
  setCoding,
  useCoding,
} from '../features/coding/store.js';
import { useI18n } from '../i18n/index.js';
import { api } from '../lib/api.js';
import { useCall } from '../lib/useCall.js';

interface Props {
  text: string;
  blocks: Block[];
  marks: InlineMark[];
  highlight?: { start: number; end: number } | undefined;
  /** With a source id the viewer shows and edits its codings. */
  sourceId?: string | undefined;
}

const HIT = '__hit';
/** Width of the stripe margin in px: six lanes at full width. */
const STRIPES_WIDTH = 84;

/** Black or white, whichever reads better on a #rrggbb colour (WCAG relative luminance). */
function textOn(hex: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#000';
  const lin = (h: string) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l =
    0.2126 * lin(m[1] as string) + 0.7152 * lin(m[2] as string) + 0.0722 * lin(m[3] as string);
  return l > 0.179 ? '#000' : '#fff';
}

interface Stripe {
  key: string;
  segmentId: string;
  code: Code;
  top: number;
  height: number;
  lane: number;
  text: string;
}

/** #RRGGBB plus alpha as rgba(), for tints that let overlapping codings mix. */
function tint(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function visibleCodings(
  seg: CodedSegment,
  f: { onlyCodes: string[]; onlyCoder: string | null; hideAll: boolean },
) {
  if (f.hideAll) return [];
  return seg.codings.filter(
    (k) =>
      (f.onlyCodes.length === 0 || f.onlyCodes.includes(k.codeId)) &&
      (!f.onlyCoder || k.coderId === f.onlyCoder),
  );
}

/** Maps a DOM point inside the viewer to a plain-text offset (block by block, via the map). */
function domPointToOffset(
  editor: LexicalEditor,
  map: OffsetMap,
  node: Node,
  offset: number,
): number | null {
  let target: Node | null = node;
  let at = offset;
  if (node.nodeType !== Node.TEXT_NODE) {
    // An element point: use the text just after it, or the end of the text just before it.
    const after = node.childNodes[offset];
    const walk = (n: Node | undefined, last: boolean): Text | null => {
      if (!n) return null;
      if (n.nodeType === Node.TEXT_NODE) return n as Text;
      const kids = [...n.childNodes];
      for (const k of last ? kids.reverse() : kids) {
        const t = walk(k, last);
        if (t) return t;
      }
      return null;
    };
    const next = walk(after, false);
    if (next) {
      target = next;
      at = 0;
    } else {
      const prev = walk(node.childNodes[offset - 1] ?? node, true);
      if (!prev) return null;
      target = prev;
      at = prev.length;
    }
  }
  let result: number | null = null;
  editor.read(() => {
    const lex = target ? $getNearestNodeFromDOMNode(target) : null;
    if (lex) result = offsetOfPoint(map, lex.getKey(), at);
  });
  return result;
}

/**
 * The source viewer: a read-only Lexical editor built from the blocks, codings as tints with
 * stacked underlines, coding stripes in the margin, and the entry points for coding.
 */
export function SourceText({ text, blocks, marks, highlight, sourceId }: Props) {
  const { t, label } = useI18n();
  const coding = useCoding();
  const segments = useCall('segments.forSource', sourceId ? { sourceId } : null);
  const codes = useCall('codes.tree', {});
  const coders = useCall('coders.list', {});
  const favourites = useCall('coding.favourites', sourceId ? {} : null);
  const rootRef = useRef<HTMLDivElement | null>(null);
  const wrapRef = useRef<HTMLDivElement | null>(null);
  const mapRef = useRef<OffsetMap>(new Map());
  const sortedRef = useRef<[string, RunRef][]>([]);
  const docRef = useRef<{ doc: ViewerDoc; structure: string } | null>(null);
  const [caret, setCaret] = useState<{ left: number; top: number; height: number } | null>(null);
  const [stripes, setStripes] = useState<Stripe[]>([]);
  const [error, setError] = useState<string | null>(null);
  const editor = useMemo(
    () =>
      createEditor({
        namespace: 'casus-viewer',
        nodes: VIEWER_NODES,
        editable: false,
        theme: {
          paragraph: 'src-p',
          heading: { h2: 'src-h', h3: 'src-h', h4: 'src-h', h5: 'src-h', h6: 'src-h' },
          list: { ul: 'src-ul', ol: 'src-ol', listitem: 'src-li' },
          text: { bold: 'src-bold', italic: 'src-italic' },
        },
        onError: (e) => setError(e.message),
      }),
    [],
  );
  const setRoot = useCallback(
    (el: HTMLDivElement | null) => {
      rootRef.current = el;
      editor.setRootElement(el);
    },
    [editor],
  );

  const codeById = useMemo(() => new Map((codes.data ?? []).map((c) => [c.id, c])), [codes.data]);
  const filters = {
    onlyCodes: coding.onlyCodes,
    onlyCoder: coding.onlyCoder,
    hideAll: coding.hideAll,
  };
  const filterKey = JSON.stringify(filters);
  // Until this source's codings and the codes are in, build nothing: one build, not two.
  const ready = !sourceId || (segments.data !== undefined && codes.data !== undefined);
  const segs = useMemo(
    () => (segments.data ?? []).filter((s) => s.sourceId === sourceId),
    [segments.data, sourceId],
  );
  const shown = useMemo(
    () =>
      segs
        .map((s) => ({ seg: s, codings: visibleCodings(s, filters) }))
        .filter((x) => x.codings.length > 0),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- filterKey stands for filters
    [segs, filterKey],
  );

  // The document's structure: rebuilt only when it changes (another source, a re-read with other
  // blocks, the language of the page labels); codings only patch the blocks they touch.
  const structure = useMemo(
    () =>
      `${text.length}:${JSON.stringify(blocks)}:${JSON.stringify(marks)}:${t('coding.viewer.page', { n: 0 })}`,
    [text, blocks, marks, t],
  );
  useLayoutEffect(() => {
    if (!ready) return;
    const spans: Span[] = shown.map((x) => ({ id: x.seg.id, start: x.seg.start, end: x.seg.end }));
    if (highlight) spans.push({ id: HIT, start: highlight.start, end: highlight.end });
    const colours = new Map(
      shown.map((x) => [
        x.seg.id,
        x.codings.map((k) => codeById.get(k.codeId)?.color ?? '#BBBBBB'),
      ]),
    );
    const styleFor = (ids: string[]) => {
      const cs = [...new Set(ids.flatMap((id) => colours.get(id) ?? []))].slice(0, 4);
      const parts: string[] = [];
      if (ids.includes(HIT)) parts.push('background-color: #ffe066');
      else if (cs[0])
        parts.push(`background-color: ${tint(cs[0], 0.16 + 0.06 * (ids.length - 1))}`);
      // One underline band per code, stacked: overlapping codings stay visible.
      // The padding grows the inline box below the glyphs so the bands never cover the text.
      if (cs.length) {
        parts.push(`padding-bottom: ${cs.length * 2 + 1}px`);
        parts.push(
          `box-shadow: ${cs.map((c, i) => `inset 0 -${(i + 1) * 2}px 0 ${c}`).join(', ')}`,
        );
      }
      parts.push('cursor: pointer');
      return parts.join('; ');
    };
    const runs = buildRuns(blocks, marks, spans);
    const prev = docRef.current;
    let patched = -1;
    editor.update(
      () => {
        if (prev && prev.structure === structure)
          patched = $patchDocument(prev.doc, text, runs, styleFor);
        if (patched < 0) {
          const doc = $buildDocument(text, runs, styleFor, {
            pageLabel: (n) => t('coding.viewer.page', { n }),
          });
          docRef.current = { doc, structure };
        }
      },
      { discrete: true },
    );
    if (patched === 0) return;
    mapRef.current = (docRef.current as { doc: ViewerDoc }).doc.map;
    sortedRef.current = sortedRuns(mapRef.current);
  }, [ready, editor, text, blocks, marks, shown, highlight, codeById, structure, t]);

  // Stripes: one per code per segment, placed against the rendered runs, in lanes.
  const layoutStripes = useCallback(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const top0 = wrap.getBoundingClientRect().top;
    // One measurement per run (segments share runs): every read after the first is a layout
    // check, not free with thousands of them.
    const rects = new Map<string, DOMRect | undefined>();
    const rectOf = (offset: number, end: boolean) => {
      const p = pointOfOffset(
        mapRef.current,
        end ? Math.max(offset - 1, 0) : offset,
        sortedRef.current,
      );
      if (!p) return undefined;
      if (!rects.has(p.key))
        rects.set(p.key, editor.getElementByKey(p.key)?.getBoundingClientRect());
      return rects.get(p.key);
    };
    const items: Stripe[] = [];
    for (const { seg, codings } of shown) {
      const a = rectOf(seg.start, false);
      const b = rectOf(seg.end, true);
      if (!a || !b) continue;
      for (const k of codings) {
        const code = codeById.get(k.codeId);
        if (!code) continue;
        items.push({
          key: `${seg.id}:${k.codeId}`,
          segmentId: seg.id,
          code,
          top: a.top - top0,
          height: Math.max(b.bottom - a.top, 8),
          lane: 0,
          text: seg.text,
        });
      }
    }
    items.sort((x, y) => x.top - y.top || y.height - x.height);
    const laneEnds: number[] = [];
    for (const s of items) {
      let lane = laneEnds.findIndex((end) => end <= s.top);
      if (lane < 0) lane = laneEnds.length;
      laneEnds[lane] = s.top + s.height + 2;
      s.lane = lane;
    }
    // Unchanged positions (a resize that moved nothing, a re-read): no re-render of the stripes.
    setStripes((prev) =>
      prev.length === items.length &&
      prev.every((p, i) => {
        const q = items[i] as Stripe;
        return (
          p.key === q.key &&
          p.top === q.top &&
          p.height === q.height &&
          p.lane === q.lane &&
          p.code === q.code
        );
      })
        ? prev
        : items,
    );
  }, [editor, shown, codeById]);

  useLayoutEffect(() => {
    layoutStripes();
    // The opened search hit: its runs carry `data-hit` (for tests and assistive styling), and
    // the first one is scrolled into view below.
    wrapRef.current?.querySelectorAll('[data-hit]').forEach((el) => el.removeAttribute('data-hit'));
    if (highlight) {
      for (const [key, run] of sortedRef.current) {
        if (run.end <= highlight.start) continue;
        if (run.start >= highlight.end) break;
        editor.getElementByKey(key)?.setAttribute('data-hit', 'true');
      }
    }
  }, [layoutStripes, highlight, editor, shown]);
  // Scrolled to once per opened hit, not again whenever the codings change around it.
  useLayoutEffect(() => {
    if (!highlight) return;
    const p = pointOfOffset(mapRef.current, highlight.start, sortedRef.current);
    const el = p ? editor.getElementByKey(p.key) : null;
    el?.scrollIntoView({ block: 'center' });
  }, [highlight, editor]);
  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const ro = new ResizeObserver(() => layoutStripes());
    ro.observe(wrap);
    return () => ro.disconnect();
  }, [layoutStripes]);

  const readSelection = useCallback((): { start: number; end: number } | null => {
    const sel = window.getSelection();
    const root = rootRef.current;
    if (!sel || sel.rangeCount === 0 || !root || !sourceId) return null;
    if (!sel.anchorNode || !sel.focusNode) return null;
    if (!root.contains(sel.anchorNode) || !root.contains(sel.focusNode)) return null;
    const a = domPointToOffset(editor, mapRef.current, sel.anchorNode, sel.anchorOffset);
    const b = domPointToOffset(editor, mapRef.current, sel.focusNode, sel.focusOffset);
    if (a === null || b === null) return null;
    if (a === b) return { start: a, end: a };
    return normaliseRange(text, a, b, { words: getCoding().snapWords });
  }, [editor, sourceId, text]);

  /** Takes the DOM selection as the coding selection; a click (not a key) opens a segment. */
  const syncSelection = (click: boolean) => {
    const r = readSelection();
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

  /** Opens the innermost segment at an offset (or closes the panel when there is none). */
  const openSegmentAt = (at: number) => {
    const hit = shown
      .filter((x) => x.seg.start <= at && x.seg.end > at)
      .sort((x, y) => x.seg.end - x.seg.start - (y.seg.end - y.seg.start))[0];
    setCoding({ selection: null, openSegmentId: hit ? hit.seg.id : null });
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

  /** Draws the caret of a collapsed selection inside the viewer (the browser draws none). */
  const paintCaret = useCallback(() => {
    const root = rootRef.current;
    const wrap = wrapRef.current;
    const sel = window.getSelection();
    if (!root || !wrap || !sel || sel.rangeCount === 0 || document.activeElement !== root) {
      setCaret(null);
      return;
    }
    if (!sel.focusNode || !root.contains(sel.focusNode)) {
      setCaret(null);
      return;
    }
    const r = document.createRange();
    r.setStart(sel.focusNode, sel.focusOffset);
    r.collapse(true);
    let rect: DOMRect | undefined = r.getClientRects()[0];
    if (!rect && sel.focusNode.nodeType === Node.TEXT_NODE) {
      // At the very start of a text node some engines give no rect: use the next character's.
      const len = (sel.focusNode as Text).length;
      if (len > 0) {
        const k = Math.min(sel.focusOffset, len - 1);
        r.setStart(sel.focusNode, k);
        r.setEnd(sel.focusNode, k + 1);
        const c = r.getClientRects()[0];
        if (c) rect = new DOMRect(sel.focusOffset >= len ? c.right : c.left, c.top, 0, c.height);
      }
    }
    if (!rect) {
      setCaret(null);
      return;
    }
    const box = wrap.getBoundingClientRect();
    setCaret({ left: rect.left - box.left, top: rect.top - box.top, height: rect.height || 16 });
  }, []);
  useEffect(() => {
    document.addEventListener('selectionchange', paintCaret);
    return () => document.removeEventListener('selectionchange', paintCaret);
  }, [paintCaret]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const root = rootRef.current;
    if (!root) return;
    // Caret browsing: arrows (with Shift to extend, Ctrl for words/paragraphs), Home/End.
    const move = caretKey(e);
    if (move) {
      e.preventDefault();
      moveCaret(root, move);
      syncSelection(false);
      return;
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      const sel = window.getSelection();
      sel?.selectAllChildren(root);
      syncSelection(false);
      return;
    }
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      openPalette('');
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Enter') {
      const r = readSelection();
      if (r && r.start === r.end) {
        e.preventDefault();
        openSegmentAt(r.start);
      } else if (getCoding().selection) {
        e.preventDefault();
        openPalette('');
      }
      return;
    }
    if (e.key === 'Escape') {
      const sel = window.getSelection();
      if (sel && sel.rangeCount > 0) sel.collapseToStart();
      setCoding({ selection: null, openSegmentId: null });
      return;
    }
    if (!getCoding().selection) return;
    if (/^[1-9]$/.test(e.key)) {
      const fav = favourites.data?.find((f) => f.digit === Number(e.key));
      if (fav) {
        e.preventDefault();
        void applyCodes([fav.codeId]);
      }
      return;
    }
    // Just typing opens the palette with what was typed as the search.
    if (e.key.length === 1 && /\p{L}/u.test(e.key)) {
      e.preventDefault();
      openPalette(e.key);
    }
  };

  const openSeg = segs.find((s) => s.id === coding.openSegmentId);
  // The margin has a fixed width (so the text never reflows when stripes arrive); with many
  // overlapping codings the lanes get narrower instead.
  const lanes = Math.max(1, ...stripes.map((s) => s.lane + 1));
  const laneWidth = Math.max(4, Math.min(14, Math.floor(STRIPES_WIDTH / lanes)));

  return (
    <div className="coding-viewer">
      {sourceId && (
        <div className="viewer-toolbar" role="toolbar" aria-label={t('coding.viewer.filters')}>
          <button type="button" disabled={!coding.selection} onClick={() => openPalette('')}>
            {t('coding.viewer.code')}
          </button>
          <button
            type="button"
            disabled={!coding.selection}
            onClick={() => {
              const sel = getCoding().selection;
              if (!sel) return;
              void api
                .call('coding.inVivo', { sourceId: sel.sourceId, start: sel.start, end: sel.end })
                .then(
                  (r) => {
                    showStoredSegment(r.segment);
                    setCoding({ openSegmentId: r.segment.id });
                  },
                  (err: Error) => setError(err.message),
                );
            }}
          >
            {t('coding.viewer.inVivo')}
          </button>
          {coding.selection && (
            <span className="selection-info" role="status">
              {t('coding.viewer.selection', { n: coding.selection.end - coding.selection.start })}
            </span>
          )}
          <span className="spacer" />
          <label className="checkbox">
            <input
              type="checkbox"
              checked={coding.snapWords}
              onChange={(e) => setCoding({ snapWords: e.target.checked })}
            />
            {t('coding.viewer.snap')}
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={coding.hideAll}
              onChange={(e) => setCoding({ hideAll: e.target.checked })}
            />
            {t('coding.viewer.hideAll')}
          </label>
          <label>
            <span className="sr-only">{t('coding.viewer.onlyCoder')}</span>
            <select
              aria-label={t('coding.viewer.onlyCoder')}
              value={coding.onlyCoder ?? ''}
              onChange={(e) => setCoding({ onlyCoder: e.target.value || null })}
            >
              <option value="">{t('coding.viewer.allCoders')}</option>
              {(coders.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="sr-only">{t('coding.viewer.onlyCodes')}</span>
            <select
              aria-label={t('coding.viewer.onlyCodes')}
              value={coding.onlyCodes[0] ?? ''}
              onChange={(e) => setCoding({ onlyCodes: e.target.value ? [e.target.value] : [] })}
            >
              <option value="">{t('coding.viewer.allCodes')}</option>
              {(codes.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {label(c.label)}
                </option>
              ))}
            </select>
          </label>
        </div>
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
          onBlur={() => setCaret(null)}
          onKeyDown={onKeyDown}
          onDragStart={(e) => {
            const sel = getCoding().selection;
            if (sel) e.dataTransfer.setData(RANGE_MIME, JSON.stringify(sel));
          }}
        />
        {caret && (
          <span
            className="viewer-caret"
            aria-hidden="true"
            style={{ left: `${caret.left}px`, top: `${caret.top}px`, height: `${caret.height}px` }}
          />
        )}
        {sourceId && (
          <div
            className="stripes"
            role="group"
            aria-label={t('coding.viewer.stripes')}
            style={{ width: `${STRIPES_WIDTH + 4}px` }}
          >
            {stripes.map((s) => (
              <button
                key={s.key}
                type="button"
                className={s.segmentId === coding.openSegmentId ? 'stripe open' : 'stripe'}
                style={{
                  top: `${s.top}px`,
                  height: `${s.height}px`,
                  left: `${s.lane * laneWidth}px`,
                  width: `${Math.max(laneWidth - 4, 3)}px`,
                  background: s.code.color,
                }}
                title={label(s.code.label)}
                aria-label={t('coding.stripe', {
                  code: label(s.code.label),
                  text: s.text.length > 60 ? `${s.text.slice(0, 60)}…` : s.text,
                })}
                data-label={s.code.key ?? label(s.code.label)}
                data-pending={s.segmentId.startsWith(PENDING) ? 'true' : undefined}
                aria-busy={s.segmentId.startsWith(PENDING) ? true : undefined}
                onClick={() =>
                  !s.segmentId.startsWith(PENDING) && setCoding({ openSegmentId: s.segmentId })
                }
              >
                {/* The code's name runs down the stripe where it fits, as in NVivo's stripes. */}
                {laneWidth >= 11 && s.height >= 40 && (
                  <span className="stripe-label" style={{ color: textOn(s.code.color) }}>
                    {label(s.code.label)}
                  </span>
                )}
              </button>
            ))}
          </div>
        )}
        {openSeg && <SegmentPanel segment={openSeg} text={text} />}
      </div>
    </div>
  );
}
