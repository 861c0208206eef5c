import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
} from 'react';
import type { Code } from '../../../../../core/shared/contract/schemas.js';
import { useI18n } from '../../../i18n/index.js';
import { byCodeOrder } from '../codeOrder.js';
import { pointOfOffset } from '../lexicalDoc.js';
import { isPending } from '../optimisticCoding.js';
import type { ViewerText } from './sections.js';
import type { ShownSegment } from './shownCodings.js';
import { StripeCard } from './StripeCard.js';
import { StripeMenu } from './StripeMenu.js';
import { renamedStripes, sameCodeLook, sameCodeLooks } from './renamedStripes.js';
import { shownChanges } from './touchedBlocks.js';
import type { DocumentMap } from './viewerDocument.js';
import type { Stripe } from './stripe.js';

/** Width of the bars (the coloured stripes in their lanes), px; coding.css adds it to the labels'. */
export const BARS_WIDTH = 48;
const GAP = 6;
/**
 * The stripe margin: bars, a gap, the labels, as wide as coding.css's --stripes-width says (the
 * labels get wider on a wide screen). The text never reflows when stripes arrive.
 */
const STRIPES_WIDTH = 'var(--stripes-width)';
/** Height of one code label (chip) and the space below it, px. */
const CHIP_HEIGHT = 20;
const CHIP_GAP = 2;

export type { Stripe } from './stripe.js';

/**
 * How far above and below the window stripes are laid out, px. Stripes are laid out for the
 * text near the screen only (again as it scrolls): a report of hundreds of pages with
 * thousands of codings then costs what a few screens cost. The text is in chunks of blocks that
 * are `content-visibility: auto`: the browser does not lay out what is inside one until it
 * comes near, and the stripes never make it (a segment in a chunk not rendered yet waits for
 * it; one that reaches into such a chunk is placed against the chunk's box until it renders).
 */
const NEAR = 600;
/**
 * A text up to this long (UTF-16 units, some 20 pages) has all its stripes laid out at once:
 * it costs little, and what the margin shows then never depends on where it is scrolled to or
 * on how high the blocks not yet shown are guessed to be.
 */
const ALL_UP_TO = 60_000;

/** The chunk of blocks (a child of a section's root) an element of the text is in. */
function chunkOf(el: HTMLElement | null): HTMLElement | null {
  return el?.closest<HTMLElement>('.src-chunk') ?? null;
}

/**
 * Whether the browser skips the contents of a chunk (`content-visibility: auto`, far from the
 * screen): told by its `contentvisibilityautostatechange` events, else asked once. Measuring
 * anything inside such a chunk would make the browser lay it out, for nothing.
 */
function isSkipped(chunk: HTMLElement, known: WeakMap<Element, boolean>): boolean {
  let skipped = known.get(chunk);
  if (skipped === undefined) {
    const inside = chunk.firstElementChild;
    skipped = inside ? !inside.checkVisibility({ contentVisibilityAuto: true }) : false;
    known.set(chunk, skipped);
  }
  return skipped;
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

/**
 * Where each stripe's label goes: at the top of its segment, a segment's labels one under the
 * other, pushed down as far as the labels above them need (they never overlap).
 */
export function placeLabels(stripes: Stripe[]): { stripe: Stripe; top: number }[] {
  const order = [...stripes].sort(
    (x, y) =>
      x.top - y.top ||
      y.height - x.height ||
      x.segmentId.localeCompare(y.segmentId) ||
      x.lane - y.lane,
  );
  let next = -Infinity;
  return order.map((stripe) => {
    const top = Math.max(stripe.top, next);
    next = top + CHIP_HEIGHT + CHIP_GAP;
    return { stripe, top };
  });
}

/**
 * The same stripe in the same place, drawn the same. A code re-read with other counts (every
 * coding changes them) draws the same: its stripes are not drawn again.
 */
const sameStripe = (p: Stripe, q: Stripe) =>
  p.key === q.key &&
  p.top === q.top &&
  p.height === q.height &&
  p.lane === q.lane &&
  sameCodeLook(p.code, q.code) &&
  p.coderId === q.coderId;

const samePlace = (prev: Stripe[], items: Stripe[]) =>
  prev.length === items.length && prev.every((p, i) => sameStripe(p, items[i] as Stripe));

/**
 * The stripes: one per code per segment near the screen, placed against the rendered runs, laid
 * out again when the codings change, the text reflows (a resize) or it scrolls. Also marks the opened search hit's runs
 * with `data-hit` and scrolls to it once per opened hit.
 */
export function useStripes(
  viewerText: ViewerText,
  wrapRef: RefObject<HTMLDivElement | null>,
  doc: DocumentMap,
  shown: ShownSegment[],
  codeById: Map<string, Code>,
  highlight: { start: number; end: number } | undefined,
): Stripe[] {
  const [stripes, setStripes] = useState<Stripe[]>([]);
  /** The stripes shown, and what they were laid out for (see `renamedStripes`). */
  const current = useRef<Stripe[]>([]);
  const laidFor = useRef<{
    shown: ShownSegment[];
    highlight: typeof highlight;
    codeById: Map<string, Code>;
  } | null>(null);
  /** The runs of the opened search hit marked with `data-hit`. */
  const hitRuns = useRef<HTMLElement[]>([]);
  /** The stretch of the wrap (px from its top) whose stripes were laid out last. */
  const laidOut = useRef({ top: 0, bottom: -1 });
  /** Which chunks the browser skips (content-visibility), from their events. */
  const skipped = useRef(new WeakMap<Element, boolean>());
  /** The text offsets whose segments' stripes were laid out last ([from, to)). */
  const laidRange = useRef({ from: 0, to: Infinity });

  /**
   * The stripes of `segments` (those in the text from `from` to `to`), measured against the
   * rendered runs; `top0` is the wrap's top on the screen, `short` a text laid out whole.
   */
  const measure = useCallback(
    (
      segments: ShownSegment[],
      at: { top0: number; from: number; to: number; short: boolean },
    ): Stripe[] => {
      const { top0, from, to, short } = at;
      // One measurement per run (segments share runs). A run in a chunk the browser skips is
      // placed against the chunk's box: its top for a start, its bottom for an end.
      type Place = { top: number; bottom: number; skipped: Element | null };
      const rects = new Map<string, Place | undefined>();
      const rectOf = (key: string, end: boolean) => {
        const k = end ? `${key}$` : key;
        if (!rects.has(k)) {
          const el = viewerText.getElementByKey(key);
          const block = short ? null : chunkOf(el);
          const hidden = block && isSkipped(block, skipped.current) ? block : null;
          const box = (hidden ?? el)?.getBoundingClientRect();
          rects.set(k, box && { top: box.top, bottom: box.bottom, skipped: hidden });
        }
        return rects.get(k);
      };
      const pointOf = (offset: number, end: boolean) =>
        pointOfOffset(doc.map.current, end ? Math.max(offset - 1, 0) : offset, doc.sorted.current);
      const items: Stripe[] = [];
      const order = byCodeOrder(codeById);
      for (const { seg, codings } of segments) {
        if (seg.end <= from || seg.start >= to) continue;
        const p = pointOf(seg.start, false);
        const q = pointOf(seg.end, true);
        if (!p || !q) continue;
        const a = rectOf(p.key, false);
        const b = rectOf(q.key, true);
        // Inside one chunk not rendered yet: laid out when it is (its events say so).
        if (!a || !b || (a.skipped && a.skipped === b.skipped)) continue;
        for (const k of [...codings].sort((x, y) => order(x.codeId, y.codeId))) {
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
            coderId: k.coderId ?? seg.createdBy?.id ?? null,
            createdAt: k.createdAt,
          });
        }
      }
      return items;
    },
    [viewerText, doc, codeById],
  );

  /** Shows `items` (lanes assigned), keeping the objects of stripes that did not change. */
  const show = useCallback((items: Stripe[]) => {
    assignLanes(items);
    // Unchanged positions (a resize that moved nothing, a re-read): no re-render of the stripes.
    // A stripe that did not move keeps its object, so that only those that did are drawn again.
    const prev = current.current;
    if (samePlace(prev, items)) return;
    const before = new Map(prev.map((p) => [p.key, p]));
    current.current = items.map((q) => {
      const p = before.get(q.key);
      return p && sameStripe(p, q) && p.text === q.text && p.createdAt === q.createdAt ? p : q;
    });
    setStripes(current.current);
  }, []);

  const layout = useCallback(() => {
    const wrap = wrapRef.current;
    const root = viewerText.getRootElement();
    if (!wrap || !root) return;
    const top0 = wrap.getBoundingClientRect().top;
    const nearTop = -NEAR;
    const nearBottom = window.innerHeight + NEAR;
    laidOut.current = { top: nearTop - top0, bottom: nearBottom - top0 };
    const runs = doc.sorted.current;
    const short = (runs[runs.length - 1]?.[1].end ?? 0) <= ALL_UP_TO;
    // The text near the screen, as offsets: the runs are in text order and so are their
    // chunks on the screen, so two binary searches over the chunks' boxes find it. A chunk's
    // own box is known without laying out what is inside it.
    const chunkRect = (i: number) =>
      chunkOf(
        viewerText.getElementByKey((runs[i] as [string, unknown])[0]),
      )?.getBoundingClientRect();
    let lo = 0;
    let hi = short ? 0 : runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((chunkRect(mid)?.bottom ?? -Infinity) < nearTop) lo = mid + 1;
      else hi = mid;
    }
    const first = lo;
    hi = short ? 0 : runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((chunkRect(mid)?.top ?? -Infinity) <= nearBottom) lo = mid + 1;
      else hi = mid;
    }
    const from = short ? 0 : (runs[first]?.[1].start ?? Infinity);
    const to = short ? Infinity : (runs[lo]?.[1].start ?? Infinity);
    laidRange.current = { from, to };
    const items = measure(shown, { top0, from, to, short });
    laidFor.current = { shown, highlight, codeById };
    show(items);
  }, [viewerText, wrapRef, doc, shown, codeById, highlight, measure, show]);

  /**
   * A passage just coded (segments added, nothing else changed: shown pending, or stored when
   * the write's answer came before the pending one was drawn): only its stripes are measured,
   * the others stay where they are (the tints of a coding never move the text). False when
   * anything else changed: then everything is laid out.
   */
  const layoutAdded = useCallback((): boolean => {
    const last = laidFor.current;
    const wrap = wrapRef.current;
    const root = viewerText.getRootElement();
    if (
      !last ||
      !wrap ||
      !root ||
      last.highlight !== highlight ||
      !sameCodeLooks(last.codeById, codeById)
    )
      return false;
    const { gone, came } = shownChanges(last.shown, shown);
    if (gone.length > 0 || came.length === 0) return false;
    const runs = doc.sorted.current;
    const short = (runs[runs.length - 1]?.[1].end ?? 0) <= ALL_UP_TO;
    const top0 = wrap.getBoundingClientRect().top;
    const added = measure(came, { top0, ...laidRange.current, short });
    laidFor.current = { shown, highlight, codeById };
    show([...current.current.map((s) => ({ ...s })), ...added]);
    return true;
  }, [viewerText, wrapRef, doc, shown, codeById, highlight, measure, show]);

  useLayoutEffect(() => {
    // A coding now stored that was shown pending moved nothing: its stripes take its id, and
    // nothing is measured (measuring would lay out the page again for what the write changed
    // beside the text, such as the code tree's counts).
    const last = laidFor.current;
    const renamed =
      last && last.shown !== shown && last.highlight === highlight
        ? renamedStripes(current.current, last.shown, shown, codeById, isPending)
        : null;
    if (renamed) {
      laidFor.current = { shown, highlight, codeById };
      current.current = renamed;
      setStripes(renamed);
    } else if (!layoutAdded()) layout();
    // The opened search hit: its runs carry `data-hit` (for tests and assistive styling), and
    // the first one is scrolled into view below.
    // The runs marked last time are unmarked (not looked for in the whole text: after each
    // coding, in a long report).
    for (const el of hitRuns.current) el.removeAttribute('data-hit');
    hitRuns.current = [];
    if (highlight) {
      for (const [key, run] of doc.sorted.current) {
        if (run.end <= highlight.start) continue;
        if (run.start >= highlight.end) break;
        const el = viewerText.getElementByKey(key);
        if (!el) continue;
        el.setAttribute('data-hit', 'true');
        hitRuns.current.push(el);
      }
    }
  }, [layout, layoutAdded, highlight, viewerText, shown, codeById, wrapRef, doc]);
  // Scrolled to once per opened hit, not again whenever the codings change around it: as soon
  // as the document holding it is built (the codings may come in after the viewer opened).
  const scrolledTo = useRef<{ start: number; end: number } | undefined>(undefined);
  useLayoutEffect(() => {
    if (!highlight || scrolledTo.current === highlight) return;
    const p = pointOfOffset(doc.map.current, highlight.start, doc.sorted.current);
    const el = p ? viewerText.getElementByKey(p.key) : null;
    if (!el) return;
    scrolledTo.current = highlight;
    el.scrollIntoView({ block: 'center' });
  }, [highlight, viewerText, doc, shown]);
  // Laid out again, at most once a frame: when the text reflows or chunks get their real
  // height (a resize of the wrap), when chunks near the screen are rendered (their runs can be
  // measured now), and when scrolling leaves the stretch laid out. The observers stay for the
  // viewer's life and call the latest layout: set up anew for each change of the codings, a
  // new ResizeObserver's first report would lay everything out once more after each coding.
  const latestLayout = useRef(layout);
  latestLayout.current = layout;
  useEffect(() => {
    const layout = () => latestLayout.current();
    const wrap = wrapRef.current;
    if (!wrap) return;
    let frame = 0;
    /** Whether the next frame lays out for certain, or only if the screen left the stretch. */
    let needed = false;
    const inStretch = () => {
      const top = -wrap.getBoundingClientRect().top;
      const { top: from, bottom: to } = laidOut.current;
      return top - NEAR / 2 >= from && top + window.innerHeight + NEAR / 2 <= to;
    };
    const soon = (certain = true) => {
      needed ||= certain;
      if (!frame)
        frame = requestAnimationFrame(() => {
          frame = 0;
          const now = needed;
          needed = false;
          if (now || !inStretch()) layout();
        });
    };
    let width = -1;
    const ro = new ResizeObserver((entries) => {
      // A reflow moves every stripe: laid out before this frame is painted. Blocks growing
      // to their real height while scrolling can wait for the next frame, with other causes.
      const w = entries[entries.length - 1]?.contentRect.width ?? width;
      if (w !== width) {
        width = w;
        layout();
      } else soon();
    });
    ro.observe(wrap);
    const onRendered = (e: Event) => {
      const chunk = e.target as Element;
      const hidden = (e as ContentVisibilityAutoStateChangeEvent).skipped;
      skipped.current.set(chunk, hidden);
      if (!hidden) soon();
    };
    // Within the stretch laid out, scrolling needs nothing: the chunks coming near announce
    // themselves when they are rendered.
    const onScroll = () => soon(false);
    const onResize = () => soon();
    // Captured: the chunks are the event's targets, and only Chromium lets it bubble.
    wrap.addEventListener('contentvisibilityautostatechange', onRendered, true);
    document.addEventListener('scroll', onScroll, { capture: true, passive: true });
    window.addEventListener('resize', onResize);
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      wrap.removeEventListener('contentvisibilityautostatechange', onRendered, true);
      document.removeEventListener('scroll', onScroll, { capture: true });
      window.removeEventListener('resize', onResize);
    };
  }, [wrapRef]);
  return stripes;
}

/** #RRGGBB plus alpha as rgba(): a label's background in its code's colour, light enough to read. */
function tint(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  if (Number.isNaN(n)) return '#fff';
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

interface StripesProps {
  stripes: Stripe[];
  openSegmentId: string | null;
  codeById: Map<string, Code>;
  coderName: (id: string | null) => string | null;
  /** Opens a segment's details (a click on its stripe). */
  onOpen: (segmentId: string) => void;
  /** Takes a code off a segment (the stripe's menu). */
  onRemove: (stripe: Stripe) => void;
}

/**
 * The stripe margin, as MAXQDA and NVivo show codings: a coloured bar per code beside the text
 * it covers (overlapping codings in lanes), and the code's name written across beside the bars,
 * truncated where it is long (its full name is the button's name and on the card). Hovering or
 * focusing a stripe shows a card with the code's path, coder and date; a click opens the
 * segment; the context menu (right click, Shift+F10 or the menu key) removes the code. The
 * labels are one tab stop: arrow keys move between them.
 */
export function Stripes({
  stripes,
  openSegmentId,
  codeById,
  coderName,
  onOpen,
  onRemove,
}: StripesProps) {
  const { t } = useI18n();
  const [hovered, setHovered] = useState<string | null>(null);
  const [focused, setFocused] = useState<string | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ stripe: Stripe; x: number; y: number } | null>(null);
  const chips = useMemo(() => placeLabels(stripes), [stripes]);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  // The one label in the tab order: the last one used, else the first.
  const tabStop = chips.some((c) => c.stripe.key === active) ? active : chips[0]?.stripe.key;

  // With many overlapping codings the lanes get narrower (the margin never grows).
  const lanes = Math.max(1, ...stripes.map((s) => s.lane + 1));
  const pitch = Math.max(3, Math.min(8, Math.floor(BARS_WIDTH / lanes)));
  const barWidth = Math.max(2, pitch - 2);
  // The labels start right after the lanes in use: fewer lanes, longer names.
  const labelsLeft = Math.min(BARS_WIDTH, lanes * pitch) + GAP;

  // What the bars and labels do, through one object that never changes: a stripe that did not
  // move is not rendered again when others come and go (scrolling, coding).
  const latest = useRef({ chips, onOpen });
  latest.current = { chips, onOpen };
  const does = useMemo<StripeActions>(() => {
    const openMenu = (s: Stripe, x: number, y: number) => {
      if (isPending(s.segmentId)) return;
      setActive(s.key);
      setMenu({ stripe: s, x, y });
    };
    const focusChip = (i: number) => {
      const all = latest.current.chips;
      const c = all[Math.max(0, Math.min(all.length - 1, i))];
      if (!c) return;
      setActive(c.stripe.key);
      buttons.current.get(c.stripe.key)?.focus();
    };
    return {
      hover: (key) => setHovered(key),
      unhover: (key) => setHovered((h) => (h === key ? null : h)),
      open: (s) => {
        if (!isPending(s.segmentId)) latest.current.onOpen(s.segmentId);
      },
      menu: openMenu,
      focus: (key) => {
        setFocused(key);
        setActive(key);
      },
      blur: (key) => setFocused((f) => (f === key ? null : f)),
      button: (key, el) => {
        if (el) buttons.current.set(key, el);
        else buttons.current.delete(key);
      },
      key: (e, s) => {
        const i = latest.current.chips.findIndex((c) => c.stripe.key === s.key);
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          focusChip(i + (e.key === 'ArrowDown' ? 1 : -1));
        } else if (e.key === 'Home' || e.key === 'End') {
          e.preventDefault();
          focusChip(e.key === 'Home' ? 0 : latest.current.chips.length - 1);
        } else if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) {
          e.preventDefault();
          const r = e.currentTarget.getBoundingClientRect();
          openMenu(s, r.left, r.bottom + 2);
        }
      },
    };
  }, []);

  const cardKey = menu ? null : (hovered ?? focused);
  const card = cardKey ? chips.find((c) => c.stripe.key === cardKey) : undefined;

  return (
    <div
      className="stripes"
      role="group"
      aria-label={t('coding.viewer.stripes')}
      style={{ width: STRIPES_WIDTH }}
    >
      {stripes.map((s) => (
        <StripeBar
          key={s.key}
          stripe={s}
          open={s.segmentId === openSegmentId}
          hovered={s.key === cardKey}
          left={s.lane * pitch}
          width={barWidth}
          does={does}
        />
      ))}
      {chips.map(({ stripe: s, top }) => (
        <StripeChip
          key={s.key}
          stripe={s}
          top={top}
          left={labelsLeft}
          open={s.segmentId === openSegmentId}
          hovered={s.key === cardKey}
          tabStop={s.key === tabStop}
          does={does}
        />
      ))}
      {card && (
        <StripeCard
          stripe={card.stripe}
          top={card.top}
          codeById={codeById}
          coder={coderName(card.stripe.coderId)}
        />
      )}
      {menu && (
        <StripeMenu
          stripe={menu.stripe}
          x={menu.x}
          y={menu.y}
          onOpen={() => does.open(menu.stripe)}
          onRemove={() => onRemove(menu.stripe)}
          onClose={(refocus) => {
            const key = menu.stripe.key;
            setMenu(null);
            if (refocus) buttons.current.get(key)?.focus();
          }}
        />
      )}
    </div>
  );
}

/** What a stripe's bar and label do (one object for the margin's life). */
interface StripeActions {
  hover: (key: string) => void;
  unhover: (key: string) => void;
  open: (s: Stripe) => void;
  menu: (s: Stripe, x: number, y: number) => void;
  focus: (key: string) => void;
  blur: (key: string) => void;
  button: (key: string, el: HTMLButtonElement | null) => void;
  key: (e: React.KeyboardEvent<HTMLButtonElement>, s: Stripe) => void;
}

/** A stripe's coloured bar in its lane (decoration: its label is the control). */
const StripeBar = memo(function StripeBar({
  stripe: s,
  open,
  hovered,
  left,
  width,
  does,
}: {
  stripe: Stripe;
  open: boolean;
  hovered: boolean;
  left: number;
  width: number;
  does: StripeActions;
}) {
  return (
    <div
      className={'stripe-bar' + (open ? ' open' : '') + (hovered ? ' hovered' : '')}
      aria-hidden="true"
      data-pending={isPending(s.segmentId) ? 'true' : undefined}
      style={{
        top: `${s.top}px`,
        height: `${s.height}px`,
        left: `${left}px`,
        width: `${width}px`,
        background: s.code.color,
      }}
      onMouseEnter={() => does.hover(s.key)}
      onMouseLeave={() => does.unhover(s.key)}
      onClick={() => does.open(s)}
      onContextMenu={(e) => {
        e.preventDefault();
        does.menu(s, e.clientX, e.clientY);
      }}
    />
  );
});

/** A stripe's label: its code's name written across, the button that opens its segment. */
const StripeChip = memo(function StripeChip({
  stripe: s,
  top,
  left,
  open,
  hovered,
  tabStop,
  does,
}: {
  stripe: Stripe;
  top: number;
  left: number;
  open: boolean;
  hovered: boolean;
  tabStop: boolean;
  does: StripeActions;
}) {
  const { t, label } = useI18n();
  const name = label(s.code.label);
  const pending = isPending(s.segmentId);
  return (
    <button
      ref={(el) => does.button(s.key, el)}
      type="button"
      className={'stripe' + (open ? ' open' : '') + (hovered ? ' hovered' : '')}
      tabIndex={tabStop ? 0 : -1}
      style={{
        top: `${top}px`,
        left: `${left}px`,
        width: `calc(${STRIPES_WIDTH} - ${left}px)`,
        borderLeftColor: s.code.color,
        background: tint(s.code.color, 0.14),
      }}
      aria-label={t('coding.stripe', {
        code: name,
        text: s.text.length > 60 ? `${s.text.slice(0, 60)}…` : s.text,
      })}
      aria-describedby={hovered ? 'stripe-card' : undefined}
      aria-haspopup="menu"
      aria-pressed={open}
      data-code={name}
      data-pending={pending ? 'true' : undefined}
      aria-busy={pending ? true : undefined}
      onMouseEnter={() => does.hover(s.key)}
      onMouseLeave={() => does.unhover(s.key)}
      onFocus={() => does.focus(s.key)}
      onBlur={() => does.blur(s.key)}
      onClick={() => does.open(s)}
      onContextMenu={(e) => {
        e.preventDefault();
        does.menu(s, e.clientX, e.clientY);
      }}
      onKeyDown={(e) => does.key(e, s)}
    >
      <span className="stripe-label">{name}</span>
    </button>
  );
});
