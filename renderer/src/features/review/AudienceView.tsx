import { useMemo, type ReactNode } from 'react';
import { HEAT_PALETTE } from '../../../../core/shared/contract/matrix.js';
import type {
  AudienceState,
  FooterRemark,
  SnapshotContent,
} from '../../../../core/shared/contract/review.js';
import {
  cellsShown,
  framesOf,
  type Frame,
  type GridPage,
  type TextPage,
} from '../../../../core/shared/review/frames.js';
import { useI18n } from '../../i18n/index.js';
import './audience.css';

export type Showing = Extract<AudienceState, { kind: 'showing' }>;

/** Relative luminance of a #RRGGBB colour (WCAG). */
function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (c[0] ?? 0) + 0.7152 * (c[1] ?? 0) + 0.0722 * (c[2] ?? 0);
}
const INK = '#1a1a1a';
/** The text colour that reads best on a heat colour: whichever contrasts more. */
function inkOn(bg: string): string {
  const l = luminance(bg);
  const dark = (l + 0.05) / (luminance(INK) + 0.05);
  const light = 1.05 / (l + 0.05);
  return dark >= light ? INK : '#ffffff';
}

const cellKey = (row: string, col: string) => `${row}\n${col}`;

/** Frames of a snapshot, planned once per snapshot. */
export function useFrames(snapshot: SnapshotContent | undefined): Frame[] {
  return useMemo(() => (snapshot ? framesOf(snapshot) : []), [snapshot]);
}

function GridSlide({ s, frame, page }: { s: SnapshotContent; frame: Frame; page: GridPage }) {
  const { t, label } = useI18n();
  const cells = useMemo(() => new Map(s.cells.map((c) => [cellKey(c.row, c.col), c])), [s]);
  const rows = useMemo(() => new Map(s.rows.map((r) => [r.id, r])), [s]);
  const cols = page.cols
    .map((id) => s.cols.find((c) => c.id === id))
    .filter((c) => c !== undefined);
  const shown = new Set(cellsShown(frame).map((c) => cellKey(c.row, c.col)));
  return (
    <>
      <table className="aud-grid">
        <colgroup>
          <col className="aud-grid-label" />
          {cols.map((c) => (
            <col key={c.id} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">{t('review.aud.rows')}</span>
            </th>
            {cols.map((c) => (
              <th key={c.id} scope="col">
                <span className="aud-clamp">{label(c.label)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {page.lines.map((line, i) => {
            if (line.kind === 'group')
              return (
                <tr key={`g${i}`} className="aud-group">
                  <th scope="rowgroup" colSpan={cols.length + 1}>
                    {label(line.label)}
                  </th>
                </tr>
              );
            const row = rows.get(line.row);
            return (
              <tr key={line.row}>
                <th
                  scope="row"
                  className={
                    [row?.parent ? 'aud-sub' : '', row?.group ? 'aud-parent' : '']
                      .filter(Boolean)
                      .join(' ') || undefined
                  }
                >
                  {row ? label(row.label) : line.row}
                </th>
                {cols.map((c) => {
                  const cell = cells.get(cellKey(line.row, c.id));
                  const visible = shown.has(cellKey(line.row, c.id));
                  const bg = visible && cell?.heat != null ? HEAT_PALETTE[cell.heat] : undefined;
                  return (
                    <td
                      key={c.id}
                      className={visible ? undefined : 'aud-pending'}
                      style={bg ? { background: bg, color: inkOn(bg) } : undefined}
                    >
                      {visible ? cell?.shown : ''}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {s.show.counts && (
        <div className="aud-legend">
          <span>{t('review.aud.legend', { measure: t(`matrix.measure.${s.measure}`) })}</span>
          <span className="aud-swatch aud-swatch-empty">0</span>
          <span className="aud-scale" aria-hidden="true">
            {HEAT_PALETTE.map((c) => (
              <span key={c} style={{ background: c }} />
            ))}
          </span>
          <span>{s.maxShown}</span>
          {s.groupMaxShown && (
            <span className="aud-legend-groups">
              {t('review.aud.legendGroups', { max: s.groupMaxShown })}
            </span>
          )}
        </div>
      )}
    </>
  );
}

function TextSlide({ s, frame, page }: { s: SnapshotContent; frame: Frame; page: TextPage }) {
  const { t, label } = useI18n();
  const row = s.rows.find((r) => r.id === page.row);
  const rowName = row
    ? row.parent
      ? `${label(row.parent.label)} — ${label(row.label)}`
      : label(row.label)
    : page.row;
  const upto = frame.unit === 'card' ? frame.upto : null;
  return (
    <>
      <p className="aud-rowhead">
        {rowName}
        {page.parts > 1 && (
          <span className="aud-part">
            {' '}
            {t('review.aud.part', { n: page.part, of: page.parts })}
          </span>
        )}
      </p>
      <div className="aud-cards">
        {page.cards.map((card, i) => {
          const col = s.cols.find((c) => c.id === card.col);
          const cell = s.cells.find((c) => c.row === page.row && c.col === card.col);
          const bg = s.show.counts && cell?.heat != null ? HEAT_PALETTE[cell.heat] : undefined;
          const meta = [
            s.show.syntheses
              ? t(
                  cell?.synthesis
                    ? `review.aud.status.${cell.synthesis.status}`
                    : 'review.aud.noSynthesis',
                )
              : '',
            card.textFrom || card.quotes[0]?.from ? t('review.aud.continued') : '',
          ]
            .filter(Boolean)
            .join(' · ');
          const hidden = upto !== null && i >= upto;
          return (
            <section
              key={card.col}
              className={`aud-card${hidden ? ' aud-pending' : ''}`}
              style={{ width: `${page.cardWidth + 1.3}em` }}
              aria-hidden={hidden || undefined}
            >
              <h2 className="aud-card-title">
                <span className="aud-card-name">{col ? label(col.label) : card.col}</span>
                {s.show.counts && (
                  <span
                    className="aud-count"
                    style={bg ? { background: bg, color: inkOn(bg) } : undefined}
                    title={t(`matrix.measure.${s.measure}`)}
                  >
                    {cell?.shown || '0'}
                  </span>
                )}
              </h2>
              <p className="aud-card-meta">{meta || '\u00a0'}</p>
              {card.text && <p className="aud-synth">{card.text}</p>}
              {card.quotes.map((q, qi) => (
                <blockquote
                  key={qi}
                  className={`aud-quote${frame.quotes ? '' : ' aud-pending'}`}
                  aria-hidden={!frame.quotes || undefined}
                >
                  <p>
                    {q.from ? '' : '“'}
                    {q.text}
                    {q.more ? '' : '”'}
                  </p>
                  {!q.more && <p className="aud-by">— {label(q.by)}</p>}
                </blockquote>
              ))}
            </section>
          );
        })}
      </div>
    </>
  );
}

function Footer({ footer }: { footer: FooterRemark | null }) {
  const { t } = useI18n();
  if (!footer) return <p className="aud-remark" />;
  return (
    <p className="aud-remark" data-testid="audience-footer">
      <span className={`aud-tag tag-${footer.tag}`}>{t(`review.tag.${footer.tag}`)}</span>{' '}
      {footer.text}
      {footer.by ? ` — ${footer.by}` : ''}
    </p>
  );
}

/**
 * What the room sees of the current item: a 16:9 slide in em, so it scales with the window and
 * never scrolls (frames.ts planned the pages so that every page fits). A pure function of the
 * presentation's state: the audience window and the presenter's preview render the same.
 */
export function AudienceView({
  state,
  mode,
  extra,
}: {
  state: Showing;
  mode: 'screen' | 'preview';
  extra?: ReactNode;
}) {
  const { t, label } = useI18n();
  const s = state.snapshot;
  const frames = useFrames(s);
  const frame = frames[Math.min(state.frame, frames.length - 1)];
  const title = label(s.focusLabel) || label(s.name);
  const Title = mode === 'screen' ? 'h1' : 'p';
  return (
    <div
      className={`aud aud-${mode}`}
      data-item={state.item.position}
      data-frame={state.frame}
      data-snapshot={state.snapshotId}
    >
      <header className="aud-head">
        <Title className="aud-title">{title}</Title>
        {s.question && <p className="aud-question">{s.question}</p>}
      </header>
      <div className="aud-main">
        {frame?.page.kind === 'grid' && <GridSlide s={s} frame={frame} page={frame.page} />}
        {frame?.page.kind === 'text' && <TextSlide s={s} frame={frame} page={frame.page} />}
      </div>
      <footer className="aud-foot">
        <Footer footer={state.footer} />
        <p className="aud-progress">
          {t('review.aud.progress', {
            item: state.item.position,
            items: state.item.count,
            page: (frame?.pageIndex ?? 0) + 1,
            pages: frame?.pageCount ?? 1,
          })}
        </p>
        {extra}
      </footer>
    </div>
  );
}
