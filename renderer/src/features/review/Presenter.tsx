import { useEffect, useMemo, useRef, useState } from 'react';
import type { DisplayInfo } from '../../../../core/client/transports.js';
import {
  DEFAULT_AUDIENCE,
  type Audience,
} from '../../../../core/shared/contract/confidentiality.js';
import {
  REMARK_TAGS,
  type RemarkTag,
  type ReviewSnapshot,
  type SnapshotContent,
} from '../../../../core/shared/contract/review.js';
import { cellInFocus, cellsShown, framesOf } from '../../../../core/shared/review/frames.js';
import { useI18n } from '../../i18n/index.js';
import { api, host } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { AudienceSelect } from '../confidentiality/AudienceSelect.js';
import { AudienceView, useFrames, type Showing } from './AudienceView.js';
import { CaptureBox, type CellOption } from './CaptureBox.js';
import { useLive } from './live.js';
import { RemarkList } from './RemarkList.js';
import { SelectField } from './SelectField.js';
import { Timer } from './Timer.js';

type Move = { step: 1 | -1 } | { itemStep: 1 | -1 } | { item: number };
interface Pos {
  index: number;
  frame: number;
  frames: number;
}

/**
 * Where a move goes: the next or previous frame, else the first frame of the next item or the
 * last (-1) of the previous; another item's first frame; null past either end.
 */
export function moveTo(
  pos: Pos | null,
  m: Move,
  items: number,
): { index: number; frame: number } | null {
  const inRange = (i: number) => i >= 0 && i < items;
  if ('item' in m) return inRange(m.item) ? { index: m.item, frame: 0 } : null;
  if (!pos) return items > 0 && !('step' in m && m.step < 0) ? { index: 0, frame: 0 } : null;
  if ('itemStep' in m)
    return inRange(pos.index + m.itemStep) ? { index: pos.index + m.itemStep, frame: 0 } : null;
  const f = pos.frame + m.step;
  if (f >= 0 && f < pos.frames) return { index: pos.index, frame: f };
  const i = pos.index + m.step;
  return inRange(i) ? { index: i, frame: m.step > 0 ? 0 : -1 } : null;
}

/** How many frames a snapshot has (for stepping back into an item at its last frame). */
const framesCountOf = (c: SnapshotContent) => framesOf(c).length;

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement &&
  (el.closest('input, textarea, select, [contenteditable="true"]') !== null ||
    el.isContentEditable);

/** A cell in words for the presenter: real case names even where the room sees "Case B". */
function cellLabel(
  s: SnapshotContent,
  row: string,
  col: string,
  pick: (b: { nl: string; en: string }) => string,
) {
  const r = s.rows.find((x) => x.id === row);
  const c = s.cols.find((x) => x.id === col);
  const rowName = r
    ? r.parent
      ? `${pick(r.parent.label)} — ${pick(r.label)}`
      : pick(r.label)
    : row;
  return `${rowName} × ${c ? pick(c.hidden ?? c.label) : col}`;
}

/** Opens the audience screen: a window on the projector (desktop) or a second browser window. */
function AudienceOpener() {
  const { t } = useI18n();
  const bridge = window.casus;
  const [displays, setDisplays] = useState<DisplayInfo[]>([]);
  const [display, setDisplay] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (bridge?.displays) void bridge.displays().then(setDisplays);
  }, [bridge]);
  const open = async () => {
    if (bridge?.openAudience) {
      const r = await bridge.openAudience(display);
      setMessage(r.ok ? t('review.audience.opened') : (r.message ?? ''));
      return;
    }
    const w = window.open(
      `${window.location.pathname}?audience`,
      'casus-audience',
      'popup,width=1280,height=720',
    );
    setMessage(w ? t('review.audience.openedBrowser') : t('review.audience.blocked'));
    // The presenter keeps the keyboard.
    window.focus();
  };
  return (
    <div className="audience-opener">
      {host === 'electron' && displays.length > 1 && (
        <SelectField
          label={t('review.audience.display')}
          value={display === null ? '' : String(display)}
          onChange={(v) => setDisplay(v ? Number(v) : null)}
        >
          <option value="">{t('review.audience.otherDisplay')}</option>
          {displays.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label} ({d.width}×{d.height})
              {d.primary ? ` — ${t('review.audience.primary')}` : ''}
            </option>
          ))}
        </SelectField>
      )}
      <button type="button" onClick={() => void open()}>
        {t('review.audience.open')}
      </button>
      {message && (
        <p role="status" className="muted">
          {message}
        </p>
      )}
    </div>
  );
}

/**
 * The facilitator's screen during a session: the agenda, what the room sees (a preview of the
 * audience screen), next and previous through pages and reveal steps, the question and private
 * notes, a timer, and the capture box. Keyboard: → Space PageDown next, ← PageUp previous,
 * Shift+→/← next/previous item, 1–5 a remark with that tag, C the capture box. An ended session
 * opens read-only: its snapshots and remarks, stepped through here, nothing sent to the room.
 */
export function Presenter({ sessionId, onBack }: { sessionId: string; onBack: () => void }) {
  const { t, label, lang } = useI18n();
  const session = useCall('review.sessions.get', { id: sessionId });
  const remarks = useCall('review.remarks.list', { sessionId });
  const snapshots = useCall('review.snapshots.list', { sessionId });
  const live = useLive();
  const stage = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [tagRequest, setTagRequest] = useState<{ tag: RemarkTag | null; n: number } | null>(null);
  const [past, setPast] = useState<{ item: number; frame: number }>({ item: 0, frame: 0 });
  const [notes, setNotes] = useState<{ itemId: string; text: string } | null>(null);

  const s = session.data;
  const readOnly = s?.closed ?? false;
  const agenda = s?.agenda ?? [];
  const latest = useMemo(() => {
    const m = new Map<string, ReviewSnapshot>();
    for (const x of snapshots.data ?? []) m.set(x.itemId, x);
    return m;
  }, [snapshots.data]);

  // What the room sees now (live), or the kept snapshot being looked back at (read-only).
  const pastItem = agenda[past.item];
  const pastSnap = pastItem ? latest.get(pastItem.id) : undefined;
  const liveShowing =
    live.state?.kind === 'showing' && live.state.session.id === sessionId ? live.state : null;
  const current: Showing | null = readOnly
    ? pastSnap && pastItem && s
      ? {
          kind: 'showing',
          seq: 0,
          lang,
          // Looking back is the presenter's own: the team's view.
          audience: { kind: 'team', hideCases: false },
          session: { id: s.id, title: s.title, date: s.date },
          item: { id: pastItem.id, position: pastItem.position, count: agenda.length },
          snapshotId: pastSnap.id,
          snapshot: pastSnap.content,
          frame: past.frame,
          frames: 0,
          footer: null,
        }
      : null
    : liveShowing;
  const frames = useFrames(current?.snapshot);
  const frameCount = readOnly ? frames.length : (current?.frames ?? 0);
  const frame = current ? frames[Math.min(current.frame, frames.length - 1)] : undefined;
  const index = current ? agenda.findIndex((i) => i.id === current.item.id) : -1;
  const item = index >= 0 ? agenda[index] : undefined;
  const full = current ? (latest.get(current.item.id)?.content ?? current.snapshot) : undefined;

  // Steps go to the server one after the other, each from where the last one left the room: a
  // quick double press moves two frames, and no answer can overtake another.
  const latestRef = useRef<Showing | null>(null);
  const agendaRef = useRef(agenda);
  agendaRef.current = agenda;
  useEffect(() => {
    if (liveShowing && (!latestRef.current || latestRef.current.seq < liveShowing.seq))
      latestRef.current = liveShowing;
  }, [liveShowing]);
  // Who is in the room: the register applied to what it sees (not the team unless chosen). A
  // presentation under way keeps the audience it was started with.
  const [audience, setAudience] = useState<Audience>(liveShowing?.audience ?? DEFAULT_AUDIENCE);
  const audienceRef = useRef(audience);
  audienceRef.current = audience;
  const liveKind = liveShowing?.audience.kind;
  const liveHidden = liveShowing?.audience.hideCases;
  useEffect(() => {
    // The selector says what the room sees (also after a reload, or a change from elsewhere).
    if (liveKind) setAudience({ kind: liveKind, hideCases: liveHidden ?? false });
  }, [liveKind, liveHidden]);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const send = (
    next: (cur: Showing | null) => { itemId: string; frame: number; footer: string | null } | null,
  ) => {
    queue.current = queue.current
      .then(async () => {
        const target = next(latestRef.current);
        if (!target) return;
        setError(null);
        const shown = await api.call('review.present', {
          sessionId,
          itemId: target.itemId,
          frame: target.frame,
          footerRemarkId: target.footer,
          lang,
          audience: audienceRef.current,
        });
        if (shown.kind === 'showing') latestRef.current = shown;
        live.set(shown);
      })
      .catch((e: unknown) => setError((e as Error).message));
  };
  const move = (m: Move) => {
    if (readOnly) {
      setPast((p) => {
        const items = agendaRef.current;
        const snap = latest.get(items[p.item]?.id ?? '');
        const to = moveTo(
          { index: p.item, frame: p.frame, frames: snap ? framesCountOf(snap.content) : 1 },
          m,
          items.length,
        );
        if (!to) return p;
        const target = latest.get(items[to.index]?.id ?? '');
        const last = target ? framesCountOf(target.content) - 1 : 0;
        return { item: to.index, frame: to.frame < 0 ? Math.max(0, last) : to.frame };
      });
      return;
    }
    send((cur) => {
      const items = agendaRef.current;
      const at = cur ? items.findIndex((i) => i.id === cur.item.id) : -1;
      const to = moveTo(
        cur && at >= 0 ? { index: at, frame: cur.frame, frames: cur.frames } : null,
        m,
        items.length,
      );
      const item = to ? items[to.index] : undefined;
      if (!to || !item) return null;
      // A remark in the footer belongs to its item: it stays while the item does.
      return {
        itemId: item.id,
        frame: to.frame,
        footer: cur && cur.item.id === item.id ? (cur.footer?.remarkId ?? null) : null,
      };
    });
  };
  const chooseAudience = (next: Audience) => {
    setAudience(next);
    audienceRef.current = next;
    // The room's screen changes at once.
    send((cur) =>
      cur ? { itemId: cur.item.id, frame: cur.frame, footer: cur.footer?.remarkId ?? null } : null,
    );
  };
  const setFooter = (remarkId: string | null) =>
    send((cur) => (cur ? { itemId: cur.item.id, frame: cur.frame, footer: remarkId } : null));
  const moveRef = useRef(move);
  moveRef.current = move;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const go = moveRef.current;
      if (e.shiftKey && e.key === 'ArrowRight') go({ itemStep: 1 });
      else if (e.shiftKey && e.key === 'ArrowLeft') go({ itemStep: -1 });
      else if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ') go({ step: 1 });
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') go({ step: -1 });
      else if (!readOnly && /^[1-5]$/.test(e.key))
        setTagRequest((r) => ({ tag: REMARK_TAGS[Number(e.key) - 1] ?? null, n: (r?.n ?? 0) + 1 }));
      else if (!readOnly && (e.key === 'c' || e.key === 'C'))
        setTagRequest((r) => ({ tag: null, n: (r?.n ?? 0) + 1 }));
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [readOnly]);

  if (!s)
    return (
      <p role={session.error ? 'alert' : undefined}>
        {session.error?.message ?? t('common.loading')}
      </p>
    );

  const cells: CellOption[] =
    frame && full
      ? cellsShown(frame).map((c) => ({ ...c, label: cellLabel(full, c.row, c.col, label) }))
      : [];
  const itemRemarks = (remarks.data ?? []).filter((r) => r.itemId === item?.id);
  const noteText = notes && notes.itemId === item?.id ? notes.text : (item?.notes ?? '');
  const saveNotes = () => {
    if (!item || !notes || notes.itemId !== item.id || notes.text === item.notes) return;
    void api
      .call('review.items.update', { id: item.id, notes: notes.text })
      .catch((e: unknown) => setError((e as Error).message));
  };

  return (
    <div className="presenter">
      <header className="presenter-head">
        <button type="button" className="link" onClick={onBack}>
          ← {t('review.backToSession')}
        </button>
        <h1>
          {s.title}{' '}
          <span className="muted">
            {s.date}
            {readOnly ? ` · ${t('review.readOnly')}` : ''}
          </span>
        </h1>
        {!readOnly && <AudienceOpener />}
        {!readOnly && (
          <span className="presenter-audience" title={t('review.audience.for')}>
            <AudienceSelect value={audience} onChange={chooseAudience} />
          </span>
        )}
        {!readOnly && <Timer itemKey={item?.id ?? null} />}
        {!readOnly && liveShowing && (
          <button type="button" onClick={() => void api.call('review.stop', {}).then(live.set)}>
            {t('review.stop')}
          </button>
        )}
      </header>
      {live.lost && !readOnly && (
        <p role="status" className="muted">
          {t('review.aud.lost')}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="presenter-body">
        <nav className="presenter-agenda" aria-label={t('review.agenda', { n: agenda.length })}>
          <ol>
            {agenda.map((a, i) => (
              <li key={a.id}>
                <button
                  type="button"
                  aria-current={a.id === item?.id ? 'step' : undefined}
                  onClick={() => move({ item: i })}
                >
                  <span className="agenda-n">{a.position}.</span> {label(a.name)}
                  {label(a.focusLabel) && <span className="muted"> — {label(a.focusLabel)}</span>}
                  {readOnly && !latest.has(a.id) && (
                    <span className="muted"> ({t('review.notShown')})</span>
                  )}
                </button>
              </li>
            ))}
          </ol>
        </nav>
        <div
          className="presenter-stage"
          ref={stage}
          tabIndex={-1}
          role="region"
          aria-label={t('review.stage')}
        >
          {current ? (
            <div className="aud-preview-frame" role="img" aria-label={t('review.preview')}>
              <AudienceView state={current} mode="preview" />
            </div>
          ) : (
            <div className="presenter-empty">
              <p>{readOnly ? t('review.past.empty') : t('review.notPresenting')}</p>
              {!readOnly && agenda.length > 0 && (
                <button type="button" className="primary" onClick={() => move({ item: 0 })}>
                  {t('review.start')}
                </button>
              )}
            </div>
          )}
          <div className="presenter-controls" role="group" aria-label={t('review.controls')}>
            <button type="button" onClick={() => move({ step: -1 })} disabled={!current}>
              ← {t('review.prev')}
            </button>
            <span data-testid="presenter-position">
              {current && frame
                ? t('review.position', {
                    item: current.item.position,
                    items: agenda.length,
                    step: current.frame + 1,
                    steps: frameCount,
                  })
                : ''}
            </span>
            <button
              type="button"
              onClick={() => move({ step: 1 })}
              disabled={!current && agenda.length === 0}
            >
              {t('review.next')} →
            </button>
            <button
              type="button"
              onClick={() => move({ itemStep: 1 })}
              disabled={index >= agenda.length - 1}
            >
              {t('review.nextItem')} ⇥
            </button>
            {!readOnly && current && (
              <button
                type="button"
                onClick={() =>
                  void api
                    .call('review.snapshots.refresh', { itemId: current.item.id })
                    .catch((e: unknown) => setError((e as Error).message))
                }
              >
                {t('review.refresh')}
              </button>
            )}
          </div>
          <p className="muted keys-hint">{t(readOnly ? 'review.keys.past' : 'review.keys')}</p>
          {item && (
            <div className="presenter-item">
              {item.question && (
                <p>
                  <strong>{t('review.item.question')}:</strong> {item.question}
                </p>
              )}
              <label className="notes">
                {t('review.item.notes')}
                <textarea
                  rows={3}
                  value={noteText}
                  onChange={(e) => setNotes({ itemId: item.id, text: e.target.value })}
                  onBlur={saveNotes}
                />
              </label>
            </div>
          )}
        </div>
        <aside className="presenter-side" aria-label={t('review.remarksOfItem')}>
          {!readOnly && item && current && frame && (
            <CaptureBox
              sessionId={sessionId}
              itemId={item.id}
              cells={cells}
              focusCell={cellInFocus(frame)}
              frameKey={`${current.item.id}:${current.frame}`}
              people={s.participantList}
              tagRequest={tagRequest}
              onLeave={() => stage.current?.focus()}
            />
          )}
          <h2>{t('review.remarks', { n: itemRemarks.length })}</h2>
          <RemarkList
            remarks={itemRemarks}
            readOnly={readOnly}
            footerId={liveShowing?.footer?.remarkId ?? null}
            onFooter={setFooter}
            onError={setError}
          />
        </aside>
      </div>
    </div>
  );
}
