import { parse, type DefaultTreeAdapterTypes as T } from 'parse5';
import { TextBuilder, type Run, type TableCellInput, type TextBlockSpec } from '../builder.js';
import type { ParsedDocument } from '../types.js';

/**
 * Walks an HTML tree and keeps only text and structure. Imported HTML is data: scripts, styles,
 * frames, embedded objects, forms, images and links are dropped (link text stays, the link goes),
 * so nothing live ever reaches the database.
 */
export interface HtmlOptions {
  /** mammoth output: `<hr class="casus-page-break">` marks a page break; footnote back-links go. */
  fromDocx?: boolean;
}

const SKIP = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'picture',
  'img',
  'map',
  'button',
  'select',
  'input',
  'textarea',
  'link',
  'meta',
  'base',
]);

const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'header',
  'hgroup',
  'html',
  'legend',
  'main',
  'menu',
  'nav',
  'p',
  'pre',
  'section',
  'summary',
  'caption',
]);

interface Style {
  bold: boolean;
  italic: boolean;
  pre: boolean;
}

interface ListContext {
  ordered: boolean;
}

const isElement = (n: T.ChildNode): n is T.Element => 'tagName' in n;
const isText = (n: T.ChildNode): n is T.TextNode => n.nodeName === '#text';
const attr = (el: T.Element, name: string) => el.attrs.find((a) => a.name === name)?.value;

/**
 * The walks below keep their own stack instead of recursing: parse5 builds arbitrarily deep
 * trees (10 000 unclosed `<div>`s are valid HTML), and recursion would overflow the call stack.
 */
function textContent(node: T.ParentNode): string {
  let out = '';
  const stack: T.ChildNode[] = [...node.childNodes].reverse();
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (isText(n)) out += n.value;
    else if (isElement(n) && !SKIP.has(n.tagName)) {
      for (let i = n.childNodes.length - 1; i >= 0; i--) stack.push(n.childNodes[i]!);
    }
  }
  return out;
}

/** The first element with this tag, in document order. */
function findElement(node: T.ParentNode, tag: string): T.Element | undefined {
  const stack: T.ChildNode[] = [...node.childNodes].reverse();
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (!isElement(n)) continue;
    if (n.tagName === tag) return n;
    for (let i = n.childNodes.length - 1; i >= 0; i--) stack.push(n.childNodes[i]!);
  }
  return undefined;
}

const INLINE = new Set([
  'b',
  'strong',
  'i',
  'em',
  'span',
  'a',
  'sup',
  'sub',
  'u',
  'small',
  'mark',
  'code',
  's',
  'abbr',
  'cite',
  'q',
  'font',
  'ins',
  'del',
]);

/** A node still to walk, or work to do once the nodes scheduled after it are done. */
type Task = { node: T.ChildNode; style: Style } | { after: () => void };

class HtmlWalker {
  readonly builder = new TextBuilder();
  private readonly tasks: Task[] = [];
  private runs: Run[] = [];
  private spec: TextBlockSpec = { type: 'paragraph' };
  private readonly lists: ListContext[] = [];
  title: string | undefined;

  constructor(private readonly options: HtmlOptions) {}

  private flush(): void {
    if (this.runs.length > 0) this.builder.addBlock(this.spec, this.runs);
    this.runs = [];
  }

  /** Walks the children of `root` in document order. */
  walk(root: T.ParentNode, style: Style): void {
    this.children(root, style);
    for (let task = this.tasks.pop(); task; task = this.tasks.pop()) {
      if ('after' in task) task.after();
      else this.node(task.node, task.style);
    }
  }

  /** Schedules the children of an element: they are walked next, in order. */
  private children(el: T.ParentNode, style: Style): void {
    for (let i = el.childNodes.length - 1; i >= 0; i--) {
      this.tasks.push({ node: el.childNodes[i]!, style });
    }
  }

  /** Schedules `fn` to run after the children scheduled next (call it before children()). */
  private then(fn: () => void): void {
    this.tasks.push({ after: fn });
  }

  /** The children of a block element become one block of the given kind. */
  private block(spec: TextBlockSpec, el: T.ParentNode, style: Style): void {
    this.flush();
    const outer = this.spec;
    this.spec = spec;
    this.then(() => {
      this.flush();
      this.spec = outer;
    });
    this.children(el, style);
  }

  private node(node: T.ChildNode, style: Style): void {
    if (isText(node)) {
      const text = style.pre ? node.value : node.value.replace(/[ \t\n\r\f]+/g, ' ');
      if (text !== '') this.runs.push({ text, bold: style.bold, italic: style.italic });
      return;
    }
    if (!isElement(node)) return;
    const tag = node.tagName;
    if (tag === 'title' || tag === 'head') {
      const title = tag === 'title' ? node : findElement(node, 'title');
      if (title) this.title ??= textContent(title).replace(/\s+/g, ' ').trim() || undefined;
      return;
    }
    if (SKIP.has(tag)) return;
    const heading = /^h([1-6])$/.exec(tag);
    if (heading) {
      this.block({ type: 'heading', level: Number(heading[1]) }, node, style);
      return;
    }
    switch (tag) {
      case 'br':
        this.runs.push({ text: '\n' });
        return;
      case 'hr':
        this.flush();
        if (this.options.fromDocx && attr(node, 'class') === 'casus-page-break') {
          this.builder.pageBreak();
        }
        return;
      case 'b':
      case 'strong':
        this.children(node, { ...style, bold: true });
        return;
      case 'i':
      case 'em':
        this.children(node, { ...style, italic: true });
        return;
      case 'a': {
        const href = attr(node, 'href') ?? '';
        // mammoth's "↑" links back from a footnote to its reference are navigation, not text.
        if (this.options.fromDocx && /^#(footnote|endnote|comment)-ref-/.test(href)) return;
        this.children(node, style);
        return;
      }
      case 'ul':
      case 'ol':
        this.flush();
        this.lists.push({ ordered: tag === 'ol' });
        this.then(() => {
          this.flush();
          this.lists.pop();
        });
        this.children(node, style);
        return;
      case 'li': {
        const list = this.lists[this.lists.length - 1];
        const spec: TextBlockSpec = list
          ? { type: 'list_item', level: this.lists.length - 1, ordered: list.ordered }
          : { type: 'paragraph' };
        this.block(spec, node, style);
        return;
      }
      case 'pre':
        this.block({ type: 'paragraph' }, node, { ...style, pre: true });
        return;
      case 'table':
        this.flush();
        this.table(node, style);
        return;
      default:
        if (BLOCK.has(tag) || tag === 'tr' || tag === 'td' || tag === 'th') {
          // Inside a list item, a paragraph continues the item's block kind.
          const spec = this.spec.type === 'list_item' ? this.spec : { type: 'paragraph' as const };
          this.block(spec, node, style);
        } else {
          this.children(node, style);
        }
    }
  }

  private table(table: T.Element, style: Style): void {
    const rows: TableCellInput[][] = [];
    const visitRows = (el: T.ParentNode, inHead: boolean) => {
      for (const child of el.childNodes) {
        if (!isElement(child)) continue;
        if (child.tagName === 'thead') visitRows(child, true);
        else if (child.tagName === 'tbody' || child.tagName === 'tfoot') visitRows(child, false);
        else if (child.tagName === 'tr') {
          const cells: TableCellInput[] = [];
          for (const cell of child.childNodes) {
            if (!isElement(cell) || (cell.tagName !== 'td' && cell.tagName !== 'th')) continue;
            cells.push({
              runs: this.cellRuns(cell, style),
              header: inHead || cell.tagName === 'th',
            });
          }
          if (cells.length > 0) rows.push(cells);
        }
      }
    };
    visitRows(table, false);
    // The caption's paragraph comes first, then the rows.
    this.then(() => this.builder.addTable(rows));
    const caption = table.childNodes.find((c) => isElement(c) && c.tagName === 'caption');
    if (caption && isElement(caption)) this.block({ type: 'paragraph' }, caption, style);
  }

  /** The inline content of a cell on one line: its paragraphs and nested blocks joined by spaces. */
  private cellRuns(cell: T.Element, style: Style): Run[] {
    const runs: Run[] = [];
    // 'space' closes a block inside the cell.
    const stack: ({ node: T.ChildNode; style: Style } | 'space')[] = [];
    const schedule = (el: T.ParentNode, s: Style) => {
      for (let i = el.childNodes.length - 1; i >= 0; i--) {
        stack.push({ node: el.childNodes[i]!, style: s });
      }
    };
    schedule(cell, style);
    for (let item = stack.pop(); item; item = stack.pop()) {
      if (item === 'space') {
        runs.push({ text: ' ' });
        continue;
      }
      const { node: child, style: s } = item;
      if (isText(child)) {
        runs.push({ text: child.value.replace(/\s+/g, ' '), bold: s.bold, italic: s.italic });
      } else if (isElement(child) && !SKIP.has(child.tagName)) {
        const t = child.tagName;
        if (t === 'a' && this.options.fromDocx && /^#\w+-ref-/.test(attr(child, 'href') ?? '')) {
          continue;
        }
        const next = {
          ...s,
          bold: s.bold || t === 'b' || t === 'strong',
          italic: s.italic || t === 'i' || t === 'em',
        };
        const isBlock = !INLINE.has(t);
        if (isBlock) {
          runs.push({ text: ' ' });
          stack.push('space');
        }
        schedule(child, next);
      }
    }
    return runs;
  }
}

export function htmlToStructured(html: string, options: HtmlOptions = {}): ParsedDocument {
  const doc = parse(html);
  const walker = new HtmlWalker(options);
  walker.walk(doc, { bold: false, italic: false, pre: false });
  return { ...walker.builder.build(), title: walker.title, warnings: [] };
}
