import { memo, useCallback, useRef, useState } from 'react';
import type { CodedSegment } from '../../../../core/shared/contract/coding.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { useNav } from '../../shell/nav.js';
import { ReviewControl, Threads } from '../audit/index.js';
import { PlaySegment } from '../transcripts/PlaySegment.js';
import { byCodeOrder } from './codeOrder.js';
import { MemoEditor } from './MemoEditor.js';
import { normaliseRange } from './runs.js';
import { showStoredSegment } from './optimisticCoding.js';
import { setCoding } from './store.js';

const WORD = /[\p{L}\p{N}\p{M}]/u;

/** The start of the word before `pos`, or the end of the word after it. */
function stepWord(text: string, pos: number, dir: -1 | 1): number {
  let p = pos;
  if (dir < 0) {
    while (p > 0 && !WORD.test(text[p - 1] ?? '')) p--;
    while (p > 0 && WORD.test(text[p - 1] ?? '')) p--;
  } else {
    while (p < text.length && !WORD.test(text[p] ?? '')) p++;
    while (p < text.length && WORD.test(text[p] ?? '')) p++;
  }
  return p;
}

const WIDTH_KEY = 'casus.segmentPanelWidth';
/** The panel's width, px: from narrow enough for a laptop to half a wide screen. */
export const PANEL_MIN = 240;
export const PANEL_MAX = 640;
const PANEL_DEFAULT = 300;
const clampWidth = (w: number) => Math.round(Math.max(PANEL_MIN, Math.min(PANEL_MAX, w)));

/** The segment panel's width, remembered per browser profile. */
export function usePanelWidth(): [number, (w: number) => void] {
  const [width, setWidth] = useState(() => {
    const stored = Number(localStorage.getItem(WIDTH_KEY));
    return Number.isFinite(stored) && stored > 0 ? clampWidth(stored) : PANEL_DEFAULT;
  });
  const set = useCallback((w: number) => {
    const v = clampWidth(w);
    localStorage.setItem(WIDTH_KEY, String(v));
    setWidth(v);
  }, []);
  return [width, set];
}

/**
 * The panel's left edge: drag it, or focus it and use the arrow keys (Home/End for the narrowest
 * and widest), to make the panel wider or narrower. The text keeps a readable width (CSS caps
 * the panel), and the width is remembered.
 */
function ResizeHandle({ width, onResize }: { width: number; onResize: (w: number) => void }) {
  const { t } = useI18n();
  const drag = useRef<{ x: number; width: number } | null>(null);
  return (
    <div
      className="panel-resize"
      role="separator"
      aria-orientation="vertical"
      aria-label={t('coding.segment.resize')}
      aria-valuenow={width}
      aria-valuemin={PANEL_MIN}
      aria-valuemax={PANEL_MAX}
      tabIndex={0}
      onPointerDown={(e) => {
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { x: e.clientX, width };
      }}
      onPointerMove={(e) => {
        if (drag.current) onResize(drag.current.width + drag.current.x - e.clientX);
      }}
      onPointerUp={() => (drag.current = null)}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 64 : 16;
        const next =
          e.key === 'ArrowLeft'
            ? width + step
            : e.key === 'ArrowRight'
              ? width - step
              : e.key === 'Home'
                ? PANEL_MIN
                : e.key === 'End'
                  ? PANEL_MAX
                  : null;
        if (next === null) return;
        e.preventDefault();
        onResize(next);
      }}
    />
  );
}

/**
 * Details of one coded segment: codes, coder, date, memo, boundaries, and jumps. A side panel
 * beside the text (resizable, its width remembered); Escape or the close button closes it and
 * gives the focus back to the text. Memoised: coding another passage renders the viewer a few
 * times (pending, stored, stripes), and the panel only when its segment changed.
 */
export const SegmentPanel = memo(function SegmentPanel({
  segment,
  text,
  width,
  onResize,
  onClose,
}: {
  segment: CodedSegment;
  text: string;
  width: number;
  onResize: (width: number) => void;
  onClose: () => void;
}) {
  const { t, label, date } = useI18n();
  const nav = useNav();
  const addButton = useRef<HTMLButtonElement>(null);
  const codes = useCall('codes.tree', {});
  const byId = new Map((codes.data ?? []).map((c) => [c.id, c]));
  const codeOrder = byCodeOrder(byId);
  const run = (p: Promise<unknown>) => p.catch((e: Error) => alert(e.message));
  const move = (start: number, end: number) => {
    const r = normaliseRange(text, start, end);
    if (r) void run(api.call('segments.update', { id: segment.id, ...r }).then(showStoredSegment));
  };
  const jump = async (codeId: string) => {
    const all = await api.call('segments.forCode', { codeId });
    const i = all.findIndex((s) => s.id === segment.id);
    const next = all[(i + 1) % all.length];
    if (next) {
      setCoding({ openSegmentId: next.id });
      nav.openSource(next.sourceId, { start: next.start, end: next.end }, { keepFocus: true });
    }
  };
  return (
    <aside
      className="segment-panel"
      aria-label={t('coding.segment.title')}
      onKeyDown={(e) => {
        // Escape in a field (the memo) belongs to the field.
        if (e.key === 'Escape' && !(e.target as HTMLElement).isContentEditable) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <ResizeHandle width={width} onResize={onResize} />
      <header>
        <h2>{t('coding.segment.title')}</h2>
        <button type="button" onClick={onClose}>
          {t('coding.segment.close')}
        </button>
      </header>
      <blockquote className="segment-quote">{segment.text}</blockquote>
      <PlaySegment sourceId={segment.sourceId} start={segment.start} />
      <dl className="segment-meta">
        <dt>{t('coding.segment.coder')}</dt>
        <dd>{segment.createdBy?.name ?? '—'}</dd>
        <dt>{t('coding.segment.date')}</dt>
        <dd>{date(segment.createdAt, 'dateTime')}</dd>
      </dl>
      <h3>{t('coding.segment.codes')}</h3>
      <ul className="segment-codes">
        {[...segment.codings]
          .sort((x, y) => codeOrder(x.codeId, y.codeId))
          .map((k) => {
            const c = byId.get(k.codeId);
            if (!c) return null;
            return (
              <li key={k.codingId}>
                <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
                <span>{label(c.label)}</span>
                <button
                  type="button"
                  aria-label={t('coding.segment.next', { label: label(c.label) })}
                  title={t('coding.segment.next', { label: label(c.label) })}
                  onClick={() => void jump(c.id)}
                >
                  →
                </button>
                <button
                  type="button"
                  aria-label={t('coding.segment.removeCode', { label: label(c.label) })}
                  onClick={() =>
                    void run(
                      api
                        .call('coding.remove', { segmentId: segment.id, codeIds: [c.id] })
                        .then((r) => {
                          // The button is gone with its code: the focus goes on in the panel,
                          // or back to the text when the segment went with its last code.
                          if (r.segmentDeleted) onClose();
                          else addButton.current?.focus();
                        }),
                    )
                  }
                >
                  ×
                </button>
              </li>
            );
          })}
      </ul>
      <button
        ref={addButton}
        type="button"
        onClick={() =>
          setCoding({
            paletteOpen: true,
            paletteSegmentId: segment.id,
            paletteExisting: segment.codings.map((k) => k.codeId),
          })
        }
      >
        {t('coding.segment.addCode')}
      </button>
      <h3>{t('coding.segment.bounds')}</h3>
      <div className="segment-bounds">
        <button type="button" onClick={() => move(stepWord(text, segment.start, -1), segment.end)}>
          {t('coding.segment.startEarlier')}
        </button>
        <button type="button" onClick={() => move(stepWord(text, segment.start, 1), segment.end)}>
          {t('coding.segment.startLater')}
        </button>
        <button type="button" onClick={() => move(segment.start, stepWord(text, segment.end, -1))}>
          {t('coding.segment.endEarlier')}
        </button>
        <button type="button" onClick={() => move(segment.start, stepWord(text, segment.end, 1))}>
          {t('coding.segment.endLater')}
        </button>
      </div>
      <h3>{t('coding.segment.memo')}</h3>
      <MemoEditor targetType="segment" targetId={segment.id} label={t('coding.segment.memo')} />
      <h3>{t('audit.review.title')}</h3>
      <ReviewControl segmentId={segment.id} />
      <Threads target={{ type: 'segment', id: segment.id }} />
    </aside>
  );
});
