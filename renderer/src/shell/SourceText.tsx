import { Fragment, useEffect, useRef, type ReactNode } from 'react';
import type { Block, InlineMark } from '../../../core/shared/blocks.js';
import { useI18n } from '../i18n/index.js';

interface Props {
  text: string;
  blocks: Block[];
  marks: InlineMark[];
  highlight?: { start: number; end: number } | undefined;
}

/**
 * Renders a source from its block model as React elements: imported content is data and never
 * becomes markup. Every block carries its plain-text offsets in data attributes.
 */
export function SourceText({ text, blocks, marks, highlight }: Props) {
  const { t } = useI18n();
  const hitRef = useRef<HTMLElement | null>(null);
  useEffect(() => {
    hitRef.current?.scrollIntoView({ block: 'center' });
  }, [highlight?.start, highlight?.end]);

  const inline = (start: number, end: number): ReactNode[] => {
    // Boundaries from marks and the highlight split the block into runs.
    const cuts = new Set([start, end]);
    for (const m of marks)
      if (m.end > start && m.start < end)
        cuts.add(Math.max(m.start, start)).add(Math.min(m.end, end));
    if (highlight && highlight.end > start && highlight.start < end) {
      cuts.add(Math.max(highlight.start, start)).add(Math.min(highlight.end, end));
    }
    const points = [...cuts].sort((a, b) => a - b);
    const out: ReactNode[] = [];
    for (let i = 0; i < points.length - 1; i++) {
      const a = points[i] as number;
      const b = points[i + 1] as number;
      let node: ReactNode = text.slice(a, b);
      const covering = marks.filter((m) => m.start <= a && m.end >= b);
      if (covering.some((m) => m.kind === 'bold')) node = <strong>{node}</strong>;
      if (covering.some((m) => m.kind === 'italic')) node = <em>{node}</em>;
      if (highlight && highlight.start <= a && highlight.end >= b) {
        const first = a === Math.max(highlight.start, start);
        node = (
          <mark
            className="hit"
            ref={
              first
                ? (el) => {
                    if (el && a === highlight.start) hitRef.current = el;
                  }
                : undefined
            }
          >
            {node}
          </mark>
        );
      }
      out.push(<Fragment key={a}>{node}</Fragment>);
    }
    return out;
  };

  const out: ReactNode[] = [];
  let i = 0;
  while (i < blocks.length) {
    const b = blocks[i] as Block;
    const offsets = { 'data-start': b.start, 'data-end': b.end };
    if (b.type === 'list_item') {
      const items: Block[] = [];
      while (i < blocks.length && blocks[i]?.type === 'list_item') items.push(blocks[i++] as Block);
      const ordered = b.ordered;
      const List = ordered ? 'ol' : 'ul';
      out.push(
        <List key={`l${b.start}`}>
          {items.map((it) => (
            <li
              key={it.start}
              data-start={it.start}
              data-end={it.end}
              className={
                it.type === 'list_item' && it.level > 0
                  ? `level-${Math.min(it.level, 4)}`
                  : undefined
              }
            >
              {inline(it.start, it.end)}
            </li>
          ))}
        </List>,
      );
      continue;
    }
    if (b.type === 'table_cell') {
      const cells: Extract<Block, { type: 'table_cell' }>[] = [];
      while (
        i < blocks.length &&
        blocks[i]?.type === 'table_cell' &&
        (blocks[i] as { table: number }).table === b.table
      ) {
        cells.push(blocks[i++] as Extract<Block, { type: 'table_cell' }>);
      }
      const rows = new Map<number, typeof cells>();
      for (const c of cells) rows.set(c.row, [...(rows.get(c.row) ?? []), c]);
      out.push(
        <table key={`t${b.start}`} className="source-table">
          <tbody>
            {[...rows.entries()].map(([r, rowCells]) => (
              <tr key={r}>
                {rowCells.map((c) => {
                  const Cell = c.header ? 'th' : 'td';
                  return (
                    <Cell key={c.col} data-start={c.start} data-end={c.end}>
                      {inline(c.start, c.end)}
                    </Cell>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>,
      );
      continue;
    }
    i++;
    if (b.type === 'heading') {
      const level = Math.min(Math.max(b.level + 1, 2), 6);
      const H = `h${level}` as 'h2';
      out.push(
        <H key={b.start} {...offsets}>
          {inline(b.start, b.end)}
        </H>,
      );
    } else if (b.type === 'page_break') {
      out.push(
        <div
          key={`p${b.start}-${b.page}`}
          className="page-break"
          role="separator"
          aria-label={`${t('source.page')} ${b.page}`}
        >
          {t('source.page')} {b.page}
        </div>,
      );
    } else {
      out.push(
        <p key={b.start} {...offsets}>
          {inline(b.start, b.end)}
        </p>,
      );
    }
  }
  return <div className="source-text">{out}</div>;
}
