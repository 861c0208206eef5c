import type { LexicalEditor } from 'lexical';
import { useCallback, useEffect, useLayoutEffect, useState, type RefObject } from 'react';
import type { Code } from '../../../../../core/shared/contract/schemas.js';
import { useI18n } from '../../../i18n/index.js';
import { pointOfOffset } from '../lexicalDoc.js';
import { isPending } from '../optimisticCoding.js';
import { setCoding } from '../store.js';
import type { ShownSegment } from './shownCodings.js';
import type { DocumentMap } from './viewerDocument.js';

/** Width of the stripe margin in px: six lanes at full width. */
export const STRIPES_WIDTH = 84;

/** One coding stripe: a code of a segment, placed beside the text it covers, in a lane. */
export interface Stripe {
  key: string;
  segmentId: string;
  code: Code;
  top: number;
  height: number;
  lane: number;
  text: string;
}

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

/** Puts stripes in lanes, top to bottom: each in the first lane free at its top. */
function assignLanes(items: Stripe[]): void {
  items.sort((x, y) => x.top - y.top || y.height - x.height);
  const laneEnds: number[] = [];
  for (const s of items) {
    let lane = laneEnds.findIndex((end) => end <= s.top);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = s.top + s.height + 2;
    s.lane = lane;
  }
}

const samePlace = (prev: Stripe[], items: Stripe[]) =>
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
  });

/**
 * The stripes: one per code per segment, placed against the rendered runs, laid out again when
 * the codings change or the text reflows (a resize). Also marks the opened search hit's runs
 * with `data-hit` and scrolls to it once per opened hit.
 */
export function useStripes(
  editor: LexicalEditor,
  wrapRef: RefObject<HTMLDivElement | null>,
  doc: DocumentMap,
  shown: ShownSegment[],
  codeById: Map<string, Code>,
  highlight: { start: number; end: number } | undefined,
): Stripe[] {
  const [stripes, setStripes] = useState<Stripe[]>([]);
  const layout = useCallback(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const top0 = wrap.getBoundingClientRect().top;
    // One measurement per run (segments share runs): every read after the first is a layout
    // check, not free with thousands of them.
    const rects = new Map<string, DOMRect | undefined>();
    const rectOf = (offset: number, end: boolean) => {
      const p = pointOfOffset(
        doc.map.current,
        end ? Math.max(offset - 1, 0) : offset,
        doc.sorted.current,
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
    assignLanes(items);
    // Unchanged positions (a resize that moved nothing, a re-read): no re-render of the stripes.
    setStripes((prev) => (samePlace(prev, items) ? prev : items));
  }, [editor, wrapRef, doc, shown, codeById]);

  useLayoutEffect(() => {
    layout();
    // The opened search hit: its runs carry `data-hit` (for tests and assistive styling), and
    // the first one is scrolled into view below.
    wrapRef.current?.querySelectorAll('[data-hit]').forEach((el) => el.removeAttribute('data-hit'));
    if (highlight) {
      for (const [key, run] of doc.sorted.current) {
        if (run.end <= highlight.start) continue;
        if (run.start >= highlight.end) break;
        editor.getElementByKey(key)?.setAttribute('data-hit', 'true');
      }
    }
  }, [layout, highlight, editor, shown, wrapRef, doc]);
  // Scrolled to once per opened hit, not again whenever the codings change around it.
  useLayoutEffect(() => {
    if (!highlight) return;
    const p = pointOfOffset(doc.map.current, highlight.start, doc.sorted.current);
    const el = p ? editor.getElementByKey(p.key) : null;
    el?.scrollIntoView({ block: 'center' });
  }, [highlight, editor, doc]);
  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const ro = new ResizeObserver(() => layout());
    ro.observe(wrap);
    return () => ro.disconnect();
  }, [layout, wrapRef]);
  return stripes;
}

/** The stripe margin: a button per stripe that opens its segment; pending ones are marked. */
export function Stripes({
  stripes,
  openSegmentId,
}: {
  stripes: Stripe[];
  openSegmentId: string | null;
}) {
  const { t, label } = useI18n();
  // The margin has a fixed width (so the text never reflows when stripes arrive); with many
  // overlapping codings the lanes get narrower instead.
  const lanes = Math.max(1, ...stripes.map((s) => s.lane + 1));
  const laneWidth = Math.max(4, Math.min(14, Math.floor(STRIPES_WIDTH / lanes)));
  return (
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
          className={s.segmentId === openSegmentId ? 'stripe open' : 'stripe'}
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
          data-pending={isPending(s.segmentId) ? 'true' : undefined}
          aria-busy={isPending(s.segmentId) ? true : undefined}
          onClick={() => !isPending(s.segmentId) && setCoding({ openSegmentId: s.segmentId })}
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
  );
}
