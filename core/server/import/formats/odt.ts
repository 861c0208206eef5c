import { TextBuilder, type Run, type TableCellInput, type TextBlockSpec } from '../builder.js';
import { ParseFailure } from '../errors.js';
import type { ImportLimits } from '../limits.js';
import type { ParsedDocument } from '../types.js';
import { readZip } from '../zip.js';
import { readCoreTitle } from './office-meta.js';
import { attrsOf, childrenOf, findTag, parseXml, tagOf, textOf, type XmlNode } from './xml.js';

interface StyleInfo {
  parent?: string;
  bold?: boolean;
  italic?: boolean;
  pageBreakBefore?: boolean;
}

interface Styles {
  styles: Map<string, StyleInfo>;
  /** List style name → ordered per level (1-based). */
  lists: Map<string, Map<number, boolean>>;
}

function collectStyles(nodes: XmlNode[], into: Styles): void {
  for (const n of nodes) {
    const tag = tagOf(n);
    const a = attrsOf(n);
    if (tag === 'style:style' && a['style:name']) {
      const info: StyleInfo = {};
      if (a['style:parent-style-name']) info.parent = a['style:parent-style-name'];
      for (const c of childrenOf(n)) {
        const ca = attrsOf(c);
        if (tagOf(c) === 'style:text-properties') {
          if (ca['fo:font-weight'])
            info.bold = ca['fo:font-weight'] === 'bold' || Number(ca['fo:font-weight']) >= 600;
          if (ca['fo:font-style'])
            info.italic = ca['fo:font-style'] === 'italic' || ca['fo:font-style'] === 'oblique';
        } else if (tagOf(c) === 'style:paragraph-properties' && ca['fo:break-before'] === 'page') {
          info.pageBreakBefore = true;
        }
      }
      into.styles.set(a['style:name'], info);
    } else if (tag === 'text:list-style' && a['style:name']) {
      const levels = new Map<number, boolean>();
      for (const c of childrenOf(n)) {
        const level = Number(attrsOf(c)['text:level'] ?? '1');
        if (tagOf(c) === 'text:list-level-style-number') levels.set(level, true);
        else if (tagOf(c) === 'text:list-level-style-bullet') levels.set(level, false);
      }
      into.lists.set(a['style:name'], levels);
    } else {
      collectStyles(childrenOf(n), into);
    }
  }
}

function resolve(
  styles: Styles,
  name: string | undefined,
  key: keyof StyleInfo,
): boolean | undefined {
  for (let i = 0, s = name; s && i < 20; i++) {
    const info = styles.styles.get(s);
    if (!info) return undefined;
    const v = info[key];
    if (typeof v === 'boolean') return v;
    s = info.parent;
  }
  return undefined;
}

interface Ctx {
  bold: boolean;
  italic: boolean;
}

/** Elements whose content is not part of the running text. */
const SKIP = new Set([
  'office:annotation',
  'office:annotation-end',
  'text:tracked-changes',
  'text:table-of-content',
  'text:alphabetical-index',
  'text:illustration-index',
  'text:bibliography',
  'text:sequence-decls',
  'text:variable-decls',
  'text:user-field-decls',
  'office:forms',
  'draw:image',
  'svg:title',
  'svg:desc',
]);

/**
 * .odt: content.xml (and styles.xml for named styles), read in document order. Footnote and
 * endnote bodies are moved to the end of the text, after their citation marks, as word
 * processors do when printing notes as endnotes.
 */
export function parseOdt(bytes: Uint8Array, limits: ImportLimits): ParsedDocument {
  const zip = readZip(
    bytes,
    limits,
    (n) => n === 'content.xml' || n === 'styles.xml' || n === 'meta.xml' || n === 'mimetype',
  );
  const content = zip.files.get('content.xml');
  if (!content)
    throw new ParseFailure('corrupt', 'not an OpenDocument text (content.xml is missing)');
  const mimetype = zip.files.get('mimetype');
  if (
    mimetype &&
    !new TextDecoder().decode(mimetype).startsWith('application/vnd.oasis.opendocument.text')
  ) {
    throw new ParseFailure('unsupported', 'an OpenDocument file, but not a text document');
  }
  const styles: Styles = { styles: new Map(), lists: new Map() };
  const stylesXml = zip.files.get('styles.xml');
  if (stylesXml) collectStyles(parseXml(stylesXml, 'styles.xml', limits.maxNesting), styles);
  const doc = parseXml(content, 'content.xml', limits.maxNesting);
  const automatic = findTag(doc, 'office:automatic-styles');
  if (automatic) collectStyles(childrenOf(automatic), styles);
  const body = findTag(doc, 'office:text');
  if (!body) throw new ParseFailure('corrupt', 'content.xml has no office:text body');

  const b = new TextBuilder();
  const notes: { citation: string; body: XmlNode[] }[] = [];
  let tableCount = 0;

  const inline = (nodes: XmlNode[], ctx: Ctx, runs: Run[]): void => {
    for (const n of nodes) {
      const text = textOf(n);
      if (text !== undefined) {
        runs.push({ text: text.replace(/[ \t\r\n]+/g, ' '), bold: ctx.bold, italic: ctx.italic });
        continue;
      }
      const tag = tagOf(n);
      if (!tag || SKIP.has(tag)) continue;
      const a = attrsOf(n);
      switch (tag) {
        case 'text:s':
          runs.push({ text: ' '.repeat(Math.min(Number(a['text:c'] ?? '1') || 1, 100)) });
          break;
        case 'text:tab':
          runs.push({ text: ' ' });
          break;
        case 'text:line-break':
          runs.push({ text: '\n' });
          break;
        case 'text:note': {
          const citation = findTag(childrenOf(n), 'text:note-citation');
          const cite = citation ? allInline(childrenOf(citation)) : String(notes.length + 1);
          runs.push({ text: cite, bold: ctx.bold, italic: ctx.italic });
          const noteBody = findTag(childrenOf(n), 'text:note-body');
          if (noteBody) notes.push({ citation: cite, body: childrenOf(noteBody) });
          break;
        }
        case 'text:span': {
          const style = a['text:style-name'];
          inline(
            childrenOf(n),
            {
              bold: resolve(styles, style, 'bold') ?? ctx.bold,
              italic: resolve(styles, style, 'italic') ?? ctx.italic,
            },
            runs,
          );
          break;
        }
        default:
          inline(childrenOf(n), ctx, runs);
      }
    }
  };
  const allInline = (nodes: XmlNode[]): string => {
    const runs: Run[] = [];
    inline(nodes, { bold: false, italic: false }, runs);
    return runs
      .map((r) => r.text)
      .join('')
      .trim();
  };

  const paragraph = (n: XmlNode, spec: TextBlockSpec): void => {
    const style = attrsOf(n)['text:style-name'];
    if (resolve(styles, style, 'pageBreakBefore') && !b.isEmpty) b.pageBreak();
    const runs: Run[] = [];
    inline(
      childrenOf(n),
      {
        bold: resolve(styles, style, 'bold') ?? false,
        italic: resolve(styles, style, 'italic') ?? false,
      },
      runs,
    );
    b.addBlock(spec, runs);
  };

  const cellRuns = (cell: XmlNode): Run[] => {
    const runs: Run[] = [];
    for (const c of childrenOf(cell)) {
      const style = attrsOf(c)['text:style-name'];
      inline(
        childrenOf(c),
        {
          bold: resolve(styles, style, 'bold') ?? false,
          italic: resolve(styles, style, 'italic') ?? false,
        },
        runs,
      );
      runs.push({ text: ' ' });
    }
    return runs;
  };

  const table = (n: XmlNode): void => {
    const rows: TableCellInput[][] = [];
    const visit = (nodes: XmlNode[], header: boolean) => {
      for (const c of nodes) {
        const tag = tagOf(c);
        if (tag === 'table:table-header-rows') visit(childrenOf(c), true);
        else if (tag === 'table:table-rows' || tag === 'table:table-row-group')
          visit(childrenOf(c), header);
        else if (tag === 'table:table-row') {
          const cells: TableCellInput[] = [];
          for (const cell of childrenOf(c)) {
            const ct = tagOf(cell);
            if (ct !== 'table:table-cell' && ct !== 'table:covered-table-cell') continue;
            // Repeated cells are how spreadsheets pad rows; a text table repeats only a few.
            const repeat = Math.min(
              Number(attrsOf(cell)['table:number-columns-repeated'] ?? '1') || 1,
              64,
            );
            const runs = ct === 'table:table-cell' ? cellRuns(cell) : [];
            for (let i = 0; i < repeat; i++) cells.push({ runs, header });
          }
          rows.push(cells);
        }
      }
    };
    visit(childrenOf(n), false);
    tableCount++;
    b.addTable(rows);
  };

  const blocks = (
    nodes: XmlNode[],
    list: { level: number; style: string | undefined } | null,
  ): void => {
    for (const n of nodes) {
      const tag = tagOf(n);
      if (!tag || SKIP.has(tag)) continue;
      const a = attrsOf(n);
      switch (tag) {
        case 'text:h': {
          const level = Math.min(Math.max(Number(a['text:outline-level'] ?? '1') || 1, 1), 6);
          paragraph(n, { type: 'heading', level });
          break;
        }
        case 'text:p':
          if (list) {
            const ordered = styles.lists.get(list.style ?? '')?.get(list.level + 1) ?? false;
            paragraph(n, { type: 'list_item', level: list.level, ordered });
          } else paragraph(n, { type: 'paragraph' });
          break;
        case 'text:list': {
          const style = a['text:style-name'] ?? list?.style;
          blocks(childrenOf(n), { level: list ? list.level + 1 : 0, style });
          break;
        }
        case 'text:list-item':
        case 'text:list-header':
          blocks(childrenOf(n), list ? { ...list, level: Math.max(list.level, 0) } : null);
          break;
        case 'table:table':
          table(n);
          break;
        default:
          // Sections, frames, text boxes: their paragraphs are part of the text.
          blocks(childrenOf(n), list);
      }
    }
  };

  blocks(childrenOf(body), null);
  void tableCount;
  for (const note of notes) {
    const runs: Run[] = [{ text: `${note.citation} ` }];
    for (const p of note.body) {
      inline(childrenOf(p), { bold: false, italic: false }, runs);
      runs.push({ text: '\n' });
    }
    b.addBlock({ type: 'paragraph' }, runs);
  }
  const meta = zip.files.get('meta.xml');
  return { ...b.build(), title: meta ? readCoreTitle(meta) : undefined, warnings: [] };
}
