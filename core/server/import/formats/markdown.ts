import { TextBuilder, type Run, type TableCellInput, type TextBlockSpec } from '../builder.js';
import type { ParsedDocument } from '../types.js';

/**
 * A CommonMark subset: ATX and setext headings, paragraphs (lines joined by a space), bullet and
 * ordered lists with nesting, block quotes, fenced code, pipe tables, and inline `**bold**`,
 * `*italic*`, code spans, links (their text) and backslash escapes. Markup characters are not
 * part of the plain text; emphasis becomes marks.
 */

interface ListMarker {
  indent: number;
  ordered: boolean;
  content: string;
  contentIndent: number;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LIST = /^( *)([-*+]|\d{1,9}[.)])([ \t]+|$)(.*)$/;
const TABLE_DELIM = /^ *\|? *:?-+:? *(\| *:?-+:? *)*\|? *$/;

function listMarker(line: string): ListMarker | null {
  const m = LIST.exec(line.replace(/\t/g, '    '));
  if (!m) return null;
  const indent = m[1]!.length;
  return {
    indent,
    ordered: /\d/.test(m[2]!),
    content: m[4]!,
    contentIndent: indent + m[2]!.length + Math.max(m[3]!.length, 1),
  };
}

function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (s[i] === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += s[i];
  }
  cells.push(cur.trim());
  return cells;
}

export function parseMarkdown(source: string): ParsedDocument {
  const lines = source.split('\n');
  const b = new TextBuilder();
  let para: string[] = [];
  let paraSpec: TextBlockSpec = { type: 'paragraph' };
  const listStack: number[] = []; // content indents of open lists

  const flush = () => {
    if (para.length > 0) b.addBlock(paraSpec, inlineRuns(para.join('\n')));
    para = [];
    paraSpec = { type: 'paragraph' };
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.replace(/^ {0,3}> ?/, '');
    if (line.trim() === '') {
      flush();
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const close = new RegExp(
        `^ {0,3}${fence[1]![0] === '`' ? '`' : '~'}{${fence[1]!.length},}\\s*$`,
      );
      for (i++; i < lines.length && !close.test(lines[i]!); i++) {
        b.addBlock({ type: 'paragraph' }, [{ text: lines[i]! }]);
      }
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      flush();
      listStack.length = 0;
      b.addBlock({ type: 'heading', level: atx[1]!.length }, inlineRuns(atx[2] ?? ''));
      continue;
    }
    if (para.length > 0 && paraSpec.type === 'paragraph' && /^ {0,3}(=+|-+)[ \t]*$/.test(line)) {
      paraSpec = { type: 'heading', level: line.trim().startsWith('=') ? 1 : 2 };
      flush();
      continue;
    }
    if (RULE.test(line)) {
      flush();
      continue;
    }
    if (
      line.includes('|') &&
      i + 1 < lines.length &&
      TABLE_DELIM.test(lines[i + 1]!) &&
      lines[i + 1]!.includes('-')
    ) {
      flush();
      const rows: TableCellInput[][] = [
        splitRow(line).map((c) => ({ runs: inlineRuns(c), header: true })),
      ];
      for (i += 2; i < lines.length && lines[i]!.trim() !== '' && lines[i]!.includes('|'); i++) {
        rows.push(splitRow(lines[i]!).map((c) => ({ runs: inlineRuns(c), header: false })));
      }
      i--;
      b.addTable(rows);
      continue;
    }
    const marker = listMarker(line);
    if (marker && (marker.content.trim() !== '' || para.length === 0)) {
      flush();
      // A marker indented to the content of the open item opens a nested list; otherwise the
      // lists it is not part of close.
      while (listStack.length > 0 && marker.indent < listStack[listStack.length - 1]!)
        listStack.pop();
      listStack.push(marker.contentIndent);
      paraSpec = { type: 'list_item', level: listStack.length - 1, ordered: marker.ordered };
      para = [marker.content];
      continue;
    }
    const indent = /^ */.exec(line)![0].length;
    if (para.length === 0) {
      // An indented paragraph after a blank line inside a list item belongs to that item's list.
      while (listStack.length > 0 && indent < listStack[listStack.length - 1]!) listStack.pop();
    }
    if (/ {2,}$|\\$/.test(line)) {
      para.push(line.replace(/( {2,}|\\)$/, '') + '\u0000');
    } else para.push(line);
  }
  flush();
  return { ...b.build(), warnings: [] };
}

/** Inline markup to runs; a NUL at a line end stands for a hard line break. */
export function inlineRuns(source: string): Run[] {
  const text = source
    .replace(/\u0000\n/g, '\u0001')
    .replace(/\u0000$/, '')
    .replace(/\n[ \t]*/g, ' ');
  interface Tok {
    text: string;
    delim?: '*' | '_';
    count?: number;
    open?: boolean;
    close?: boolean;
    bold?: boolean;
    italic?: boolean;
  }
  const toks: Tok[] = [];
  let i = 0;
  let plain = '';
  const pushPlain = () => {
    if (plain) toks.push({ text: plain });
    plain = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1]!)) {
      plain += text[i + 1];
      i += 2;
    } else if (c === '\u0001') {
      plain += '\n';
      i++;
    } else if (c === '`') {
      const ticks = /^`+/.exec(text.slice(i))![0];
      const end = text.indexOf(ticks, i + ticks.length);
      if (end < 0) {
        plain += ticks;
        i += ticks.length;
      } else {
        plain += text.slice(i + ticks.length, end).replace(/^ (.*) $/, '$1');
        i = end + ticks.length;
      }
    } else if (c === '!' && text[i + 1] === '[') {
      // An image: its alt text is the only text it has.
      const m = /^!\[([^\]]*)\]\([^)]*\)/.exec(text.slice(i));
      if (m) {
        plain += m[1];
        i += m[0].length;
      } else {
        plain += c;
        i++;
      }
    } else if (c === '[') {
      const m = /^\[([^\]]*)\](\([^)]*\)|\[[^\]]*\])/.exec(text.slice(i));
      if (m) {
        // The link text stays in the stream so emphasis inside it is found; the target goes.
        const inner = inlineRuns(m[1]!);
        pushPlain();
        for (const r of inner) toks.push({ text: r.text, bold: r.bold, italic: r.italic });
        i += m[0].length;
      } else {
        plain += c;
        i++;
      }
    } else if (c === '<' && /^<(https?:|mailto:)[^>\s]*>/.test(text.slice(i))) {
      const m = /^<([^>]*)>/.exec(text.slice(i))!;
      plain += m[1];
      i += m[0].length;
    } else if (c === '*' || c === '_') {
      const run = new RegExp(`^\\${c}+`).exec(text.slice(i))![0];
      const before = i === 0 ? ' ' : text[i - 1]!;
      const after = i + run.length >= text.length ? ' ' : text[i + run.length]!;
      const ws = (ch: string) => /\s/u.test(ch);
      const punct = (ch: string) => /[\p{P}\p{S}]/u.test(ch);
      const leftFlanking = !ws(after) && (!punct(after) || ws(before) || punct(before));
      const rightFlanking = !ws(before) && (!punct(before) || ws(after) || punct(after));
      const open = c === '*' ? leftFlanking : leftFlanking && (!rightFlanking || punct(before));
      const close = c === '*' ? rightFlanking : rightFlanking && (!leftFlanking || punct(after));
      pushPlain();
      toks.push({ text: run, delim: c, count: run.length, open, close });
      i += run.length;
    } else {
      plain += c;
      i++;
    }
  }
  pushPlain();

  // Match delimiter runs (a simplified CommonMark "process emphasis").
  const bold = new Array<number>(toks.length).fill(0);
  const italic = new Array<number>(toks.length).fill(0);
  for (let ci = 0; ci < toks.length; ci++) {
    const closer = toks[ci]!;
    if (!closer.delim || !closer.close) continue;
    for (let oi = ci - 1; oi >= 0 && (closer.count ?? 0) > 0; oi--) {
      const opener = toks[oi]!;
      if (opener.delim !== closer.delim || !opener.open || (opener.count ?? 0) === 0) continue;
      if (
        (opener.close || closer.open) &&
        (opener.count! + closer.count!) % 3 === 0 &&
        !(opener.count! % 3 === 0 && closer.count! % 3 === 0)
      )
        continue;
      const use = opener.count! >= 2 && closer.count! >= 2 ? 2 : 1;
      opener.count! -= use;
      closer.count! -= use;
      for (let k = oi + 1; k < ci; k++) (use === 2 ? bold : italic)[k]! += 1;
      oi++; // try the same opener again for the rest of the closer
    }
  }
  const runs: Run[] = [];
  toks.forEach((t, k) => {
    const textOut = t.delim ? t.delim.repeat(t.count ?? 0) : t.text;
    if (textOut === '') return;
    runs.push({
      text: textOut,
      bold: (t.bold ?? false) || bold[k]! > 0,
      italic: (t.italic ?? false) || italic[k]! > 0,
    });
  });
  return runs;
}

/** Plain text: every non-empty line is a paragraph. */
export function parsePlainText(source: string): ParsedDocument {
  const b = new TextBuilder();
  for (const line of source.split('\n')) b.addBlock({ type: 'paragraph' }, [{ text: line }]);
  return { ...b.build(), warnings: [] };
}
