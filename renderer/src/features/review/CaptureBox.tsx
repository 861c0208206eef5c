import { useEffect, useId, useRef, useState } from 'react';
import {
  REMARK_TAGS,
  type RemarkTag,
  type ReviewParticipant,
} from '../../../../core/shared/contract/review.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { SelectField } from './SelectField.js';

export interface CellOption {
  row: string;
  col: string;
  label: string;
}

/** "@Anna …" at the start of a remark attributes it: a full name, or a unique first name. */
export function attribution(
  text: string,
  people: readonly ReviewParticipant[],
): { by: string | null; text: string } {
  if (!text.startsWith('@')) return { by: null, text };
  const rest = text.slice(1);
  const lower = rest.toLowerCase();
  const full = [...people]
    .sort((a, b) => b.name.length - a.name.length)
    .find((p) => lower.startsWith(`${p.name.toLowerCase()} `) || lower === p.name.toLowerCase());
  if (full) return { by: full.id, text: rest.slice(full.name.length).trim() };
  const token = lower.split(/\s+/)[0] ?? '';
  const first = people.filter((p) => p.name.toLowerCase().split(/\s+/)[0] === token);
  if (token && first.length === 1 && first[0])
    return { by: first[0].id, text: rest.slice(token.length).trim() };
  return { by: null, text };
}

/**
 * The capture box: the room's remarks as they come, keyboard first. A digit 1–5 on the
 * presenter's screen picks the tag and brings the cursor here (tagRequest); Alt+↑/↓ changes the
 * tag while typing; "@name" at the start attributes the remark; Enter captures it (Shift+Enter: a
 * new line); Esc goes back to stepping through the items. The remark is linked to the item and
 * to the cell in focus on the screen, unless another cell (or none) is chosen.
 */
export function CaptureBox({
  sessionId,
  itemId,
  cells,
  focusCell,
  frameKey,
  people,
  tagRequest,
  onLeave,
}: {
  sessionId: string;
  itemId: string;
  cells: CellOption[];
  focusCell: { row: string; col: string } | null;
  /** Changes with every frame shown: the cell choice goes back to the cell in focus. */
  frameKey: string;
  people: ReviewParticipant[];
  tagRequest: { tag: RemarkTag | null; n: number } | null;
  onLeave: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const [tag, setTag] = useState<RemarkTag>('recognised');
  const [text, setText] = useState('');
  const [by, setBy] = useState('');
  const [cellChoice, setCellChoice] = useState<{ key: string; value: string } | null>(null);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    if (!tagRequest) return;
    if (tagRequest.tag) setTag(tagRequest.tag);
    box.current?.focus();
  }, [tagRequest]);

  const auto = focusCell ? `${focusCell.row}\n${focusCell.col}` : '';
  const cellValue = cellChoice?.key === frameKey ? cellChoice.value : auto;

  const submit = async () => {
    const parsed = attribution(text.trim(), people);
    if (!parsed.text) return;
    const [row, col] = cellValue ? cellValue.split('\n') : [];
    // The box is free for the next remark at once (the room does not wait); a failure puts the
    // remark back.
    const typed = { text, tag };
    setText('');
    setTag('recognised');
    try {
      const r = await api.call('review.remarks.add', {
        sessionId,
        item: itemId,
        tag: typed.tag,
        text: parsed.text,
        by: parsed.by ?? (by || null),
        cell: row && col ? { row, col } : null,
      });
      setStatus({ text: t('review.capture.saved', { n: r.n }), error: false });
    } catch (e) {
      setText((now) => (now ? `${typed.text}\n${now}` : typed.text));
      setTag(typed.tag);
      setStatus({ text: (e as Error).message, error: true });
    }
  };

  const cycle = (d: number) => {
    const i = REMARK_TAGS.indexOf(tag);
    setTag(REMARK_TAGS[(i + d + REMARK_TAGS.length) % REMARK_TAGS.length] as RemarkTag);
  };

  return (
    <form
      className="capture"
      aria-label={t('review.capture')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset className="capture-tags">
        <legend>{t('review.capture.tag')}</legend>
        {REMARK_TAGS.map((x, i) => (
          <label key={x} className={`tag-choice tag-${x}`}>
            <input
              type="radio"
              name={`${id}-tag`}
              value={x}
              checked={tag === x}
              onChange={() => setTag(x)}
            />
            <kbd>{i + 1}</kbd> {t(`review.tag.${x}`)}
          </label>
        ))}
      </fieldset>
      <label className="capture-text">
        <span>{t('review.capture.text')}</span>
        <textarea
          ref={box}
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void submit();
            } else if (e.key === 'Escape') {
              e.preventDefault();
              onLeave();
            } else if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
              e.preventDefault();
              cycle(e.key === 'ArrowUp' ? -1 : 1);
            }
          }}
        />
      </label>
      <div className="capture-where">
        <SelectField label={t('review.capture.by')} value={by} onChange={setBy}>
          <option value="">{t('review.room')}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('review.capture.cell')}
          value={cellValue}
          onChange={(value) => setCellChoice({ key: frameKey, value })}
        >
          <option value="">{t('review.capture.wholeItem')}</option>
          {cells.map((c) => (
            <option key={`${c.row}\n${c.col}`} value={`${c.row}\n${c.col}`}>
              {c.label}
            </option>
          ))}
        </SelectField>
        <button type="submit" disabled={!text.trim()}>
          {t('review.capture.add')}
        </button>
      </div>
      <p className="muted capture-hint">{t('review.capture.hint')}</p>
      {status && (
        <p role={status.error ? 'alert' : 'status'} className={status.error ? 'error' : 'ok'}>
          {status.text}
        </p>
      )}
    </form>
  );
}
