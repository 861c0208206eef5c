import { useCallback, useRef, useState } from 'react';
import {
  CELL_PANEL_PAGE,
  type MatrixHeader,
  type MatrixSpec,
} from '../../../../core/shared/contract/matrix.js';
import {
  SYNTHESIS_STATUSES,
  type SynthesisCell,
  type SynthesisStatus,
} from '../../../../core/shared/contract/synthesis.js';
import { hasMessage, useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { useNav } from '../../shell/nav.js';
import { Threads } from '../audit/index.js';
import { FollowUpList } from '../review/FollowUps.js';
import { SegmentList } from '../search/SegmentList.js';
import { SynthesisEditor, type PlaceCitation } from './SynthesisEditor.js';

/** How many more segments each "show more" adds to the first page (CELL_PANEL_PAGE). */
const CELL_MORE = 1000;
/** What matrix.cellSegments answers at most (its contract). */
const CELL_MAX = 10000;

export const headerName = (h: MatrixHeader, pick: (b: { nl: string; en: string }) => string) =>
  h.parentLabel ? `${pick(h.parentLabel)} — ${pick(h.label)}` : pick(h.label);

/** Drill-down and synthesis of one cell: its segments, the written synthesis, refs, history. */
export function CellPanel({
  spec,
  row,
  col,
  onClose,
}: {
  spec: MatrixSpec;
  row: MatrixHeader;
  col: MatrixHeader;
  onClose: () => void;
}) {
  const { t, label, date } = useI18n();
  const nav = useNav();
  const placeRef = useRef<PlaceCitation | null>(null);
  // The synthesis belongs to the cell of the study this view's cell resolves to (its coordinate).
  const key = { at: { spec, row: row.id, col: col.id } };
  const cell = useCall('matrix.synthesis.get', key);
  // The grid is computed without segment lists; the drill-down asks for this cell's, in one call,
  // a page at a time: a busy cell of a large study holds thousands, and reading, checking and
  // drawing them all cost more than a second before the first could be read.
  const [limit, setLimit] = useState(CELL_PANEL_PAGE);
  const segs = useCall('matrix.cellSegments', {
    spec,
    row: row.id,
    col: col.id,
    limit,
    context: 60,
  });
  const count = segs.data?.total ?? 0;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [draft, setDraft] = useState<{ body: string; text: string } | null>(null);
  const [editorKey, setEditorKey] = useState(0);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const history = useCall('matrix.synthesis.history', showHistory ? key : null);

  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      setMessage({ text: ok, error: false });
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    }
  };
  const save = () =>
    draft &&
    run(async () => {
      await api.call('matrix.synthesis.save', { ...key, body: draft.body, bodyText: draft.text });
      setDraft(null);
    }, t('matrix.savedSynthesis'));
  const cite = (ids: string[]) =>
    run(async () => {
      for (const segmentId of ids) await api.call('matrix.synthesis.cite', { ...key, segmentId });
      setSelected(new Set());
    }, t('matrix.refs'));

  const data = cell.data;
  const cited = new Set(data?.refs.map((r) => r.segmentId) ?? []);
  // A marker in the text opens its passage (one placed since the last save: from the cell's list).
  const openCitation = useCallback(
    (segmentId: string) => {
      const ref = data?.refs.find((r) => r.segmentId === segmentId);
      const seg = segs.data?.segments.find((x) => x.id === segmentId);
      const at = ref ?? seg;
      if (at) nav.openSource(at.sourceId, { start: at.start, end: at.end });
    },
    [data, segs.data, nav],
  );
  const unused = (segs.data?.segments ?? []).filter((s) => !cited.has(s.id));
  // Of a cell shown in part, what is known unused is among the shown segments.
  const unusedLabel = t(segs.data?.truncated ? 'matrix.notYetUsedShown' : 'matrix.notYetUsed', {
    n: unused.length,
  });
  const title = `${headerName(row, label)} × ${label(col.label)}`;

  return (
    <aside className="matrix-panel" aria-label={`${t('matrix.cell')}: ${title}`}>
      <header className="matrix-panel-head">
        <h2>{title}</h2>
        <button type="button" onClick={onClose}>
          {t('matrix.close')}
        </button>
      </header>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'ok'}>
          {message.text}
        </p>
      )}

      <section aria-label={t('matrix.synthesis')} className="synthesis">
        <h3>{t('matrix.synthesis')}</h3>
        {data?.notWritable ? (
          <>
            <p role="note" className="matrix-note">
              {t(`matrix.notWritable.${data.notWritable.kind}`, {
                dim: t(`matrix.dim.${data.notWritable.dimension}`).toLowerCase(),
              })}
            </p>
            <FinerSyntheses cells={data.finer} />
          </>
        ) : data ? (
          <>
            <p className="muted">{t('matrix.cellOf', { cell: label(data.label) })}</p>
            <div className="synthesis-status">
              <label>
                {t('matrix.status')}{' '}
                <select
                  value={data.status}
                  onChange={(e) =>
                    void run(
                      () =>
                        api.call('matrix.synthesis.setStatus', {
                          ...key,
                          status: e.target.value as SynthesisStatus,
                        }),
                      t(`matrix.status.${e.target.value}`),
                    )
                  }
                >
                  {SYNTHESIS_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`matrix.status.${s}`)}
                    </option>
                  ))}
                </select>
              </label>
              {data.statusAt && (
                <span className="muted">
                  {t('matrix.statusBy', {
                    status: t(`matrix.status.${data.status}`),
                    who: data.statusBy ?? '—',
                    when: date(data.statusAt, 'dateTime'),
                  })}
                </span>
              )}
            </div>
            <SynthesisEditor
              key={`${data.id ?? 'new'}|${row.id}|${col.id}|${editorKey}`}
              body={data.body}
              onChange={(body, text) => setDraft({ body, text })}
              place={placeRef}
              onOpenCitation={openCitation}
            />
            <div className="synthesis-actions">
              <button
                type="button"
                className="primary"
                disabled={!draft}
                onClick={() => void save()}
              >
                {t('matrix.saveSynthesis')}
              </button>
              {draft && <span className="muted">{t('matrix.unsaved')}</span>}
            </div>
            <h4>{t('matrix.refs')}</h4>
            {data.refs.length === 0 ? (
              <p className="muted">{t('matrix.noRefs')}</p>
            ) : (
              <ol className="synthesis-refs" aria-label={t('matrix.refs')}>
                {data.refs.map((r) => (
                  <li key={r.segmentId} value={r.n} className={r.deleted ? 'deleted' : undefined}>
                    <button
                      type="button"
                      className="link"
                      disabled={r.deleted}
                      aria-label={t('matrix.openRef', { n: r.n })}
                      onClick={() => nav.openSource(r.sourceId, { start: r.start, end: r.end })}
                    >
                      [{r.n}]
                    </button>{' '}
                    <q>{r.quote}</q>{' '}
                    <span className="muted">({r.respondent ?? r.sourceTitle})</span>
                    {r.deleted && <strong className="flag"> {t('matrix.refDeleted')}</strong>}{' '}
                    {!r.placed && !r.deleted && (
                      <>
                        <span className="muted">{t('matrix.refNotPlaced')}</span>{' '}
                        <button
                          type="button"
                          aria-label={t('matrix.placeRef', { n: r.n })}
                          onClick={() => placeRef.current?.(r.segmentId)}
                        >
                          {t('matrix.placeInText')}
                        </button>{' '}
                      </>
                    )}
                    <button
                      type="button"
                      aria-label={t('matrix.removeRef', { n: r.n })}
                      onClick={() =>
                        void run(
                          () =>
                            api.call('matrix.synthesis.uncite', { ...key, segmentId: r.segmentId }),
                          t('matrix.refs'),
                        )
                      }
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ol>
            )}
            {data.finer.length > 0 && <FinerSyntheses cells={data.finer} />}
            <details
              className="synthesis-history"
              onToggle={(e) => setShowHistory((e.target as HTMLDetailsElement).open)}
            >
              <summary>{t('matrix.history')}</summary>
              {history.data?.length === 0 && <p className="muted">{t('matrix.noHistory')}</p>}
              <ol reversed>
                {(history.data ?? []).map((v) => (
                  <li key={v.seq}>
                    <span className="muted">
                      {date(v.at, 'dateTime')} · {v.coder ?? '—'} ·{' '}
                      {hasMessage(`history.what.${v.action}`)
                        ? t(`history.what.${v.action}`)
                        : v.action}{' '}
                      · {t(`matrix.status.${v.status}`)} · {t('matrix.refCount', { n: v.refCount })}
                    </span>
                    <div className="history-text">{v.bodyText || '—'}</div>
                    <button
                      type="button"
                      onClick={() =>
                        void run(async () => {
                          await api.call('matrix.synthesis.restore', { ...key, seq: v.seq });
                          setDraft(null);
                          setEditorKey((k) => k + 1);
                        }, t('matrix.restored'))
                      }
                    >
                      {t('matrix.restore')}
                    </button>
                  </li>
                ))}
              </ol>
            </details>
          </>
        ) : cell.error ? (
          <p role="alert" className="error">
            {cell.error.message}
          </p>
        ) : (
          <p>{t('common.loading')}</p>
        )}
      </section>
      <FollowUpList spec={spec} row={row.id} col={col.id} />
      {data && !data.notWritable && (
        <Threads
          target={{ type: 'cell', coordinate: data.coordinate }}
          title={t('audit.comments.onCell')}
        />
      )}

      <section aria-label={t('matrix.segments', { n: count })}>
        <h3>{t('matrix.segments', { n: count })}</h3>
        {!segs.data ? (
          <p>{segs.error ? segs.error.message : t('common.loading')}</p>
        ) : count === 0 ? (
          <p className="muted">{t('matrix.noSegments')}</p>
        ) : (
          <>
            <div className="matrix-cite-bar">
              <button
                type="button"
                disabled={selected.size === 0}
                onClick={() => void cite([...selected])}
              >
                {t('matrix.citeSelected')}
              </button>
              <span className="muted">{unusedLabel}</span>
            </div>
            <SegmentList
              segments={segs.data.segments}
              selected={selected}
              onSelectedChange={setSelected}
              label={t('matrix.segments', { n: count })}
            />
            {segs.data.truncated && (
              <p className="matrix-more">
                <span role="status">
                  {t('matrix.shownOf', { n: segs.data.segments.length, total: count })}
                </span>{' '}
                {limit < CELL_MAX && (
                  <button
                    type="button"
                    disabled={segs.loading}
                    onClick={() => setLimit((l) => Math.min(l + CELL_MORE, CELL_MAX))}
                  >
                    {t('matrix.showMore', { n: Math.min(CELL_MORE, count - limit) })}
                  </button>
                )}
              </p>
            )}
            {unused.length > 0 && (
              <>
                <h4>{unusedLabel}</h4>
                <ul className="matrix-unused" aria-label={unusedLabel}>
                  {unused.map((s) => (
                    <li key={s.id}>
                      <q>{s.text}</q>{' '}
                      <span className="muted">({s.respondentPseudonym ?? s.sourceTitle})</span>{' '}
                      <button
                        type="button"
                        aria-label={`${t('matrix.cite')}: ${s.text.slice(0, 60)}`}
                        onClick={() => void cite([s.id])}
                      >
                        {t('matrix.cite')}
                      </button>{' '}
                      {data && !data.notWritable && (
                        <button
                          type="button"
                          aria-label={`${t('matrix.placeInText')}: ${s.text.slice(0, 60)}`}
                          onClick={() => placeRef.current?.(s.id)}
                        >
                          {t('matrix.placeInText')}
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </section>
    </aside>
  );
}

/** Syntheses of the finer cells a view's cell takes in: shown to read, written elsewhere. */
function FinerSyntheses({ cells }: { cells: SynthesisCell[] }) {
  const { t, label } = useI18n();
  if (cells.length === 0) return null;
  return (
    <section className="finer-syntheses" aria-label={t('matrix.finer')}>
      <h4>{t('matrix.finer')}</h4>
      <p className="muted">{t('matrix.finerIntro')}</p>
      <ul>
        {cells.map((c) => (
          <li key={c.id ?? label(c.label)}>
            <strong>{label(c.label)}</strong>{' '}
            <span className={`status-badge ${c.status}`}>{t(`matrix.status.${c.status}`)}</span>
            <div className="history-text">{c.bodyText || '—'}</div>
            {c.refs.length > 0 && (
              <span className="muted">{t('matrix.refCount', { n: c.refs.length })}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
