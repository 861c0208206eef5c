import { useState } from 'react';
import type { Code } from '../../../../core/shared/contract/schemas.js';
import type { RetrievedSegment } from '../../../../core/shared/contract/search.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { useVocabularyLabels } from '../../lib/vocabulary.js';
import { useNav } from '../../shell/nav.js';
import './search.css';

export interface SegmentGroupView {
  key: string;
  label: { nl: string; en: string };
  color: string | null;
  count: number;
  segmentIds: string[];
}

export interface SegmentListProps {
  /** The segments to show, as segments.query returns them. */
  segments: RetrievedSegment[];
  /** Optional grouping (segments.query `groups`); a segment may appear in several groups. */
  groups?: SegmentGroupView[] | undefined;
  /** Controlled selection; without it the list keeps its own. */
  selected?: Set<string> | undefined;
  onSelectedChange?: ((ids: Set<string>) => void) | undefined;
  /** Show uncode and recode controls (default true). */
  editable?: boolean | undefined;
  /** Called after a recode or uncode succeeded (the data version is bumped as well). */
  onChanged?: (() => void) | undefined;
  /** Accessible name of the list. */
  label?: string | undefined;
}

/** "quote" (pseudonym, source, date): the reference a report cites. */
export function quoteWithReference(s: RetrievedSegment): string {
  const ref = [s.respondentPseudonym, s.sourceTitle, s.date].filter(Boolean).join(', ');
  return `“${s.text}” (${ref})`;
}

/**
 * The coded-segment list shared by the segment browser and the matrix drill-down: text with a
 * little context, its source, case, respondent and codes; open in context, recode, uncode, copy.
 */
export function SegmentList({
  segments,
  groups,
  selected: controlled,
  onSelectedChange,
  editable = true,
  onChanged,
  label,
}: SegmentListProps) {
  const { t, label: pick } = useI18n();
  const [own, setOwn] = useState<Set<string>>(new Set());
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const selected = controlled ?? own;
  const setSelected = (ids: Set<string>) => (onSelectedChange ?? setOwn)(ids);
  const byId = new Map(segments.map((s) => [s.id, s]));
  const chosen = segments.filter((s) => selected.has(s.id));

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setStatus(null);
      onChanged?.();
    } catch (e) {
      setStatus({ text: e instanceof Error ? e.message : String(e), error: true });
    }
  };

  const copy = async () => {
    const text = chosen.map(quoteWithReference).join('\n\n');
    try {
      await navigator.clipboard.writeText(text);
      setStatus({ text: t('segments.copied', { n: chosen.length }), error: false });
    } catch (e) {
      setStatus({ text: e instanceof Error ? e.message : String(e), error: true });
    }
  };

  const sections: {
    key: string;
    title: string | null;
    color: string | null;
    items: RetrievedSegment[];
  }[] =
    groups && groups.length > 0
      ? groups.map((g) => ({
          key: g.key,
          title: `${pick(g.label)} (${g.count})`,
          color: g.color,
          items: g.segmentIds.map((id) => byId.get(id)).filter((s): s is RetrievedSegment => !!s),
        }))
      : [{ key: 'all', title: null, color: null, items: segments }];

  return (
    <div className="segment-list-wrap">
      <div className="segment-list-bar">
        <label>
          <input
            type="checkbox"
            checked={segments.length > 0 && chosen.length === segments.length}
            onChange={(e) =>
              setSelected(e.target.checked ? new Set(segments.map((s) => s.id)) : new Set())
            }
          />
          {t('segments.selectAll')}
        </label>
        <button type="button" disabled={chosen.length === 0} onClick={() => void copy()}>
          {t('segments.copy', { n: chosen.length })}
        </button>
        {status && (
          <span role={status.error ? 'alert' : 'status'} className={status.error ? 'error' : ''}>
            {status.text}
          </span>
        )}
      </div>
      {sections.map((sec) => (
        <section key={sec.key} className="segment-group" aria-label={sec.title ?? label}>
          {sec.title && (
            <h3>
              {sec.color && <span className="swatch" style={{ background: sec.color }} />}
              {sec.title}
            </h3>
          )}
          <ul className="segment-list" aria-label={sec.title ?? label ?? t('segments.list')}>
            {sec.items.map((s) => (
              <SegmentItem
                key={`${sec.key}:${s.id}`}
                segment={s}
                checked={selected.has(s.id)}
                onCheck={(on) => toggle(s.id, on)}
                editable={editable}
                run={run}
              />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function SegmentItem({
  segment: s,
  checked,
  onCheck,
  editable,
  run,
}: {
  segment: RetrievedSegment;
  checked: boolean;
  onCheck: (on: boolean) => void;
  editable: boolean;
  run: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const { t, label: pick, date } = useI18n();
  const vocabulary = useVocabularyLabels();
  const nav = useNav();
  const [recoding, setRecoding] = useState(false);
  const meta = [
    s.caseLabel ? pick(s.caseLabel) : null,
    s.sourceTitle,
    s.respondentPseudonym &&
      (s.respondentRole
        ? `${s.respondentPseudonym} (${vocabulary.role(s.respondentRole)})`
        : s.respondentPseudonym),
    s.date && date(s.date),
  ].filter(Boolean);
  return (
    <li className="segment" data-segment-id={s.id}>
      <div className="segment-head">
        <input
          type="checkbox"
          aria-label={`${t('segments.select')}: ${s.sourceTitle} ${s.start}-${s.end}`}
          checked={checked}
          onChange={(e) => onCheck(e.target.checked)}
        />
        <span className="segment-meta">{meta.join(' · ')}</span>
        <button
          type="button"
          onClick={() => nav.openSource(s.sourceId, { start: s.start, end: s.end })}
        >
          {t('segments.open')}
        </button>
      </div>
      <p className="segment-text">
        {s.before && <span className="context">{s.before}</span>}
        <mark className="quote">{s.text}</mark>
        {s.after && <span className="context">{s.after}</span>}
      </p>
      <ul className="segment-codes" aria-label={t('segments.codes')}>
        {s.codes.map((c) => (
          <li key={c.id} className="code-chip" style={{ borderColor: c.color }}>
            <span className="swatch" style={{ background: c.color }} />
            {pick(c.label)}
            {editable && (
              <button
                type="button"
                className="chip-remove"
                aria-label={t('segments.uncode', { code: pick(c.label) })}
                title={t('segments.uncode', { code: pick(c.label) })}
                onClick={() =>
                  void run(() => api.call('segments.uncode', { segmentId: s.id, codeId: c.id }))
                }
              >
                ×
              </button>
            )}
          </li>
        ))}
        {editable && s.codes.length > 0 && (
          <li>
            <button type="button" aria-expanded={recoding} onClick={() => setRecoding((r) => !r)}>
              {t('segments.recode')}
            </button>
          </li>
        )}
      </ul>
      {recoding && <RecodeForm segment={s} run={run} onDone={() => setRecoding(false)} />}
    </li>
  );
}

function RecodeForm({
  segment,
  run,
  onDone,
}: {
  segment: RetrievedSegment;
  run: (fn: () => Promise<unknown>) => Promise<void>;
  onDone: () => void;
}) {
  const { t, label: pick } = useI18n();
  const tree = useCall('codes.tree', {});
  const [from, setFrom] = useState(segment.codes[0]?.id ?? '');
  const [to, setTo] = useState('');
  const codes: Code[] = tree.data ?? [];
  return (
    <form
      className="recode-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!from || !to) return;
        void run(() =>
          api.call('segments.recode', { segmentId: segment.id, fromCodeId: from, toCodeId: to }),
        ).then(onDone);
      }}
    >
      <label>
        {t('segments.recodeFrom')}
        <select value={from} onChange={(e) => setFrom(e.target.value)}>
          {segment.codes.map((c) => (
            <option key={c.id} value={c.id}>
              {pick(c.label)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('segments.recodeTo')}
        <select value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">—</option>
          {codes.map((c) => (
            <option key={c.id} value={c.id}>
              {pick(c.label)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={!to}>
        {t('segments.recodeApply')}
      </button>
    </form>
  );
}
