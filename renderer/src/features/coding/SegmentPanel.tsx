import type { CodedSegment } from '../../../../core/shared/contract/coding.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { useNav } from '../../shell/nav.js';
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

/** Details of one coded segment: codes, coder, date, memo, boundaries, and jumps. */
export function SegmentPanel({ segment, text }: { segment: CodedSegment; text: string }) {
  const { t, label, date } = useI18n();
  const nav = useNav();
  const codes = useCall('codes.tree', {});
  const byId = new Map((codes.data ?? []).map((c) => [c.id, c]));
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
    <aside className="segment-panel" aria-label={t('coding.segment.title')}>
      <header>
        <h2>{t('coding.segment.title')}</h2>
        <button type="button" onClick={() => setCoding({ openSegmentId: null })}>
          {t('coding.segment.close')}
        </button>
      </header>
      <blockquote className="segment-quote">{segment.text}</blockquote>
      <dl className="segment-meta">
        <dt>{t('coding.segment.coder')}</dt>
        <dd>{segment.createdBy?.name ?? '—'}</dd>
        <dt>{t('coding.segment.date')}</dt>
        <dd>{date(segment.createdAt)}</dd>
      </dl>
      <h3>{t('coding.segment.codes')}</h3>
      <ul className="segment-codes">
        {segment.codings.map((k) => {
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
                  void run(api.call('coding.remove', { segmentId: segment.id, codeIds: [c.id] }))
                }
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <button
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
    </aside>
  );
}
