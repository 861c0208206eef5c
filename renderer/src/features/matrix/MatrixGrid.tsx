import { Fragment } from 'react';
import {
  formatValue,
  heatColors,
  maxFor,
  type HeatScale,
  type MatrixCell,
  type MatrixHeader,
  type MatrixResult,
  type MatrixSpec,
} from '../../../../core/shared/contract/matrix.js';
import type { SynthesisCell } from '../../../../core/shared/contract/synthesis.js';
import { patternHeading } from '../../../../core/shared/matrix/words.js';
import { useI18n } from '../../i18n/index.js';
import { FollowUpBadge } from '../review/FollowUps.js';
import { headerName } from './CellPanel.js';

export interface CellKey {
  row: string;
  col: string;
}

/** The start of a text, cut at a word and marked as cut. */
function clip(text: string, n: number): string {
  if (text.length <= n) return text;
  const space = text.lastIndexOf(' ', n);
  return `${text.slice(0, space > n / 2 ? space : n).trimEnd()}…`;
}

/**
 * The matrix as a table: a heading line per group of split rows, a toggle for code groups, each
 * cell a button (counts as a heatmap, or the synthesis in framework mode) that opens its panel,
 * and the pattern column. The board (MatrixView) owns what is shown; this draws it.
 */
export function MatrixGrid({
  m,
  scale,
  spec,
  cols,
  rows,
  mode,
  projector,
  selected,
  onSelect,
  collapsed,
  onToggleGroup,
  cellByKey,
  synthByKey,
  changedByKey,
  patternText,
  rowName,
}: {
  m: MatrixResult;
  /** The shades' scales (heatScale of m). */
  scale: HeatScale;
  spec: MatrixSpec;
  cols: readonly MatrixHeader[];
  rows: readonly MatrixHeader[];
  mode: 'counts' | 'framework';
  projector: boolean;
  selected: CellKey | null;
  onSelect: (cell: CellKey) => void;
  collapsed: ReadonlySet<string>;
  onToggleGroup: (id: string) => void;
  cellByKey: ReadonlyMap<string, MatrixCell>;
  synthByKey: ReadonlyMap<string, { cell: SynthesisCell | null; finer: number }>;
  changedByKey: ReadonlyMap<string, { then: number }>;
  patternText: (row: string) => string;
  rowName: (r: MatrixHeader) => string;
}) {
  const { t, label, lang } = useI18n();
  let lastParent = '';
  return (
    <table className={`matrix-table ${mode}`} aria-label={t('matrix.title')}>
      <thead>
        <tr>
          <th scope="col">{t(`matrix.dim.${spec.rows.dim}`)}</th>
          {cols.map((c) => (
            <th key={c.id} scope="col">
              {headerName(c, label)}
            </th>
          ))}
          <th scope="col">{patternHeading(m.patterns[0]?.over ?? 'case', lang)}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const parent = r.parentLabel ? (r.id.split(':')[0] ?? '') : '';
          const groupLine = r.parentLabel && parent !== lastParent;
          lastParent = parent;
          const toggle = r.group ? (
            <button
              type="button"
              className="group-toggle"
              aria-expanded={!collapsed.has(r.parentLabel ? parent : r.id)}
              aria-label={t(
                collapsed.has(r.parentLabel ? parent : r.id) ? 'matrix.expand' : 'matrix.collapse',
                { name: label(r.parentLabel ?? r.label) },
              )}
              onClick={() => onToggleGroup(r.parentLabel ? parent : r.id)}
            >
              {collapsed.has(r.parentLabel ? parent : r.id) ? '▸' : '▾'}
            </button>
          ) : null;
          return (
            <Fragment key={r.id}>
              {groupLine && r.parentLabel && (
                <tr className="matrix-group-line">
                  <th
                    colSpan={cols.length + 2}
                    scope="rowgroup"
                    style={{ paddingLeft: `${0.5 + r.depth}rem` }}
                  >
                    {toggle} {label(r.parentLabel)}
                  </th>
                </tr>
              )}
              <tr className={r.group ? 'group-row' : undefined}>
                <th
                  scope="row"
                  style={{ paddingLeft: `${0.5 + r.depth + (r.parentLabel ? 1 : 0)}rem` }}
                >
                  {!r.parentLabel && toggle} {label(r.label)}
                </th>
                {cols.map((c) => {
                  const cell = cellByKey.get(`${r.id}\n${c.id}`);
                  const value = cell?.value ?? 0;
                  const heat = mode === 'counts' ? heatColors(value, maxFor(scale, r)) : null;
                  const view = synthByKey.get(`${r.id}\n${c.id}`);
                  const synth = view?.cell ?? null;
                  const shown = formatValue(value, m.measure, m.percent);
                  const isSel = selected?.row === r.id && selected.col === c.id;
                  const change = changedByKey.get(`${r.id}\n${c.id}`);
                  const was = change
                    ? formatValue(change.then, m.measure, m.percent) || t('matrix.empty')
                    : null;
                  return (
                    <td
                      key={c.id}
                      className={
                        [isSel ? 'selected' : '', change ? 'changed' : '']
                          .filter(Boolean)
                          .join(' ') || undefined
                      }
                      style={heat ? { background: heat.bg, color: heat.fg } : undefined}
                    >
                      <button
                        type="button"
                        className="cell-btn"
                        aria-pressed={isSel}
                        aria-label={
                          t('matrix.cellLabel', {
                            row: rowName(r),
                            col: label(c.label),
                            value: shown || t('matrix.empty'),
                          }) + (was ? ` (${t('audit.compare.was', { value: was })})` : '')
                        }
                        onClick={() => onSelect({ row: r.id, col: c.id })}
                      >
                        {mode === 'counts' ? (
                          <>
                            {shown}
                            {was && (
                              <span className="was" aria-hidden="true">
                                {t('audit.compare.was', { value: was })}
                              </span>
                            )}
                          </>
                        ) : (
                          <span className="framework-cell">
                            <span className="count">{shown}</span>
                            {synth && synth.status !== 'empty' && (
                              <span className={`status-badge ${synth.status}`}>
                                {t(`matrix.status.${synth.status}`)}
                              </span>
                            )}
                            <FollowUpBadge spec={spec} row={r.id} col={c.id} />
                            {synth?.bodyText && (
                              <span className="snippet">
                                {clip(synth.bodyText, projector ? 260 : 160)}
                              </span>
                            )}
                            {synth && synth.refs.length > 0 && (
                              <span className="muted">
                                {t('matrix.refCount', { n: synth.refs.length })}
                              </span>
                            )}
                            {view && view.finer > 0 && (
                              <span className="muted finer-count">
                                {t('matrix.finerCount', { n: view.finer })}
                              </span>
                            )}
                          </span>
                        )}
                      </button>
                    </td>
                  );
                })}
                <td className={`pattern ${m.patterns.find((p) => p.row === r.id)?.kind ?? ''}`}>
                  {patternText(r.id)}
                </td>
              </tr>
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
