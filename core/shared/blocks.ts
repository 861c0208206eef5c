/**
 * The block model: the structure of a source as ranges over its immutable plain text.
 *
 * Offsets are UTF-16 code units (JavaScript string indices), `start` inclusive, `end` exclusive.
 * Layout rule of the plain text: consecutive blocks are separated by exactly one `\n`; the cells of
 * one table row are separated by `\t`. A page break is a zero-length block at the offset where the
 * new page starts. Inline marks (bold/italic) never change the text.
 */
export type InlineMarkKind = 'bold' | 'italic';

export interface InlineMark {
  kind: InlineMarkKind;
  start: number;
  end: number;
}

interface BlockBase {
  start: number;
  end: number;
}

export interface HeadingBlock extends BlockBase {
  type: 'heading';
  /** 1-6 */
  level: number;
}

export interface ParagraphBlock extends BlockBase {
  type: 'paragraph';
}

export interface ListItemBlock extends BlockBase {
  type: 'list_item';
  /** Nesting depth, 0 for a top-level item. */
  level: number;
  ordered: boolean;
}

export interface TableCellBlock extends BlockBase {
  type: 'table_cell';
  /** Index of the table within the source, from 0. */
  table: number;
  row: number;
  col: number;
  header: boolean;
}

export interface PageBreakBlock extends BlockBase {
  type: 'page_break';
  /** The number of the page that starts here, from 1. */
  page: number;
}

export type Block = HeadingBlock | ParagraphBlock | ListItemBlock | TableCellBlock | PageBreakBlock;

export type BlockType = Block['type'];

/** What every parser produces, and what a source stores. */
export interface StructuredText {
  text: string;
  blocks: Block[];
  marks: InlineMark[];
}
