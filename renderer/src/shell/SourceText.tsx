import { $getNearestNodeFromDOMNode, createEditor, type LexicalEditor } from 'lexical';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Block, InlineMark } from '../../../core/shared/blocks.js';
import type { CodedSegment } from '../../../core/shared/contract/coding.js';
import type { Code } from '../../../core/shared/contract/schemas.js';
import {
  $buildSource,
  offsetOfPoint,
  pointOfOffset,
  VIEWER_NODES,
  type OffsetMap,
  type RunRef,
} from '../features/coding/lexicalDoc.js';
import { buildRuns, normaliseRange, type Span } from '../features/coding/runs.js';
import { SegmentPanel } from '../features/coding/SegmentPanel.js';
import {
  getCoding,
  RANGE_MIME,
  rememberCodes,
  setCoding,
  useCoding,
} from '../features/coding/store.js';
import { useI18n } from '../i18n/index.js';
import { api } from '../lib/api.js';
import { invalidate, useCall } from '../lib/useCall.js';

interface Props {
  text: string;
  blocks: Block[];
  marks: InlineMark[];
  highlight?: { start: number; end: number } | undefined;
  /** With a source id the viewer shows and edits its codings. */
  sourceId?: string | undefined;
}

const HIT = '__hit';

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

  // Build the whole document in one update whenever the text or the codings change.
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
    editor.update(
      () => {
        mapRef.current = $buildSource(text, buildRuns(blocks, marks, spans), styleFor);
      },
      { discrete: true },
    );
    sortedRef.current = [...mapRef.current.entries()];
  }, [ready, editor, text, blocks, marks, shown, highlight, codeById]);

  // Stripes: one per code per segment, placed against the rendered runs, in lanes.
  const layoutStripes = useCallback(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const top0 = wrap.getBoundingClientRect().top;
    const rectOf = (offset: number, end: boolean) => {
      const p = pointOfOffset(
        mapRef.current,
        end ? Math.max(offset - 1, 0) : offset,
        sortedRef.current,
      );
      const el = p ? editor.getElementByKey(p.key) : null;
      return el?.getBoundingClientRect();
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
    setStripes(items);
  }, [editor, shown, codeById]);

  useLayoutEffect(() => {
    layoutStripes();
    if (highlight) {
      const p = pointOfOffset(mapRef.current, highlight.start, sortedRef.current);
      const el = p ? editor.getElementByKey(p.key) : null;
      el?.scrollIntoView({ block: 'center' });
    }
  }, [layoutStripes, highlight, editor]);
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

  const onPointerUp = () => {
    const r = readSelection();
    if (!r || !sourceId) return;
    if (r.start === r.end) {
      // A click: open the innermost segment under it.
      const hit = shown
        .filter((x) => x.seg.start <= r.start && x.seg.end > r.start)
        .sort((x, y) => x.seg.end - x.seg.start - (y.seg.end - y.seg.start))[0];
      setCoding({ selection: null, openSegmentId: hit ? hit.seg.id : null });
      return;
    }
    setCoding({ selection: { sourceId, ...r, text: text.slice(r.start, r.end) } });
  };

  const applyCodes = async (codeIds: string[]) => {
    const sel = getCoding().selection;
    if (!sel) return;
    try {
      const seg = await api.call('coding.apply', { ...sel, codeIds });
      rememberCodes(codeIds);
      setCoding({ openSegmentId: seg.id });
      invalidate();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      setCoding({ paletteOpen: true, paletteSegmentId: null, paletteExisting: [] });
      return;
    }
    if (!e.ctrlKey && !e.metaKey && !e.altKey && /^[1-9]$/.test(e.key) && getCoding().selection) {
      const fav = favourites.data?.find((f) => f.digit === Number(e.key));
      if (fav) {
        e.preventDefault();
        void applyCodes([fav.codeId]);
      }
    }
  };

  const openSeg = segs.find((s) => s.id === coding.openSegmentId);
  const lanes = Math.max(1, ...stripes.map((s) => s.lane + 1));

  return (
    <div className="coding-viewer">
      {sourceId && (
        <div className="viewer-toolbar" role="toolbar" aria-label={t('coding.viewer.filters')}>
          <button
            type="button"
            disabled={!coding.selection}
            onClick={() =>
              setCoding({ paletteOpen: true, paletteSegmentId: null, paletteExisting: [] })
            }
          >
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
                    setCoding({ openSegmentId: r.segment.id });
                    invalidate();
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
          onMouseUp={onPointerUp}
          onKeyUp={(e) => {
            if (e.shiftKey || e.key.startsWith('Arrow')) onPointerUp();
          }}
          onKeyDown={onKeyDown}
          onDragStart={(e) => {
            const sel = getCoding().selection;
            if (sel) e.dataTransfer.setData(RANGE_MIME, JSON.stringify(sel));
          }}
        />
        {sourceId && (
          <div
            className="stripes"
            role="group"
            aria-label={t('coding.viewer.stripes')}
            style={{ width: `${lanes * 14 + 4}px` }}
          >
            {stripes.map((s) => (
              <button
                key={s.key}
                type="button"
                className={s.segmentId === coding.openSegmentId ? 'stripe open' : 'stripe'}
                style={{
                  top: `${s.top}px`,
                  height: `${s.height}px`,
                  left: `${s.lane * 14}px`,
                  background: s.code.color,
                }}
                title={label(s.code.label)}
                aria-label={t('coding.stripe', {
                  code: label(s.code.label),
                  text: s.text.length > 60 ? `${s.text.slice(0, 60)}…` : s.text,
                })}
                onClick={() => setCoding({ openSegmentId: s.segmentId })}
              >
                <span className="stripe-label">{s.code.key ?? label(s.code.label)}</span>
              </button>
            ))}
          </div>
        )}
        {openSeg && <SegmentPanel segment={openSeg} text={text} />}
      </div>
    </div>
  );
}
