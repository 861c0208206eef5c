import { TextBuilder, type Run, type TableCellInput, type TextBlockSpec } from '../builder.js';
import { decodeCodepage } from '../encoding.js';
import { ParseFailure } from '../errors.js';
import type { ParsedDocument } from '../types.js';

/**
 * A small RTF reader. No maintained npm library extracts RTF structure faithfully, so this is a
 * careful tokenizer of our own: groups, control words, `\'hh` bytes in the document's code page,
 * `\uN` with its fallback skipped, destinations that are not text skipped, and the structure
 * Word and LibreOffice write: paragraphs, outline levels and heading styles, list paragraphs,
 * tables (`\intbl ... \cell ... \row`), page breaks, bold and italic.
 */

interface State {
  bold: boolean;
  italic: boolean;
  /** Not part of the text (a destination such as the font table or a picture). */
  skip: boolean;
  /** Collecting a list label (`\listtext`, `\pntext`) instead of text. */
  label: boolean;
  uc: number;
  codepage: string;
  // Paragraph properties (group-scoped, reset by \pard).
  style: number;
  outline: number | null;
  list: boolean;
  listLevel: number;
  inTable: boolean;
  /** Inside a stylesheet entry or the info title. */
  collect: 'style' | 'title' | null;
}

const SKIP_DESTINATIONS = new Set([
  'fonttbl',
  'colortbl',
  'stylesheet',
  'info',
  'pict',
  'object',
  'objdata',
  'header',
  'headerl',
  'headerr',
  'headerf',
  'footer',
  'footerl',
  'footerr',
  'footerf',
  'fldinst',
  'themedata',
  'colorschememapping',
  'latentstyles',
  'datastore',
  'xmlnstbl',
  'listtable',
  'listoverridetable',
  'rsidtbl',
  'generator',
  'bkmkstart',
  'bkmkend',
  'shppict',
  'nonshppict',
  'sp',
  'annotation',
  'atnid',
  'atnauthor',
  'revtbl',
  'pgdsctbl',
  'filetbl',
  'mmathPr',
  'wgrffmtfilter',
  'fchars',
  'lchars',
  'xe',
  'tc',
  'template',
]);

const SYMBOLS: Record<string, string> = {
  emdash: '\u2014',
  endash: '\u2013',
  lquote: '\u2018',
  rquote: '\u2019',
  ldblquote: '\u201c',
  rdblquote: '\u201d',
  bullet: '\u2022',
  emspace: ' ',
  enspace: ' ',
  qmspace: ' ',
};

const CHARSET_CODEPAGE: Record<number, string> = {
  128: 'shift_jis',
  129: 'euc-kr',
  134: 'gbk',
  136: 'big5',
  161: 'windows-1253',
  162: 'windows-1254',
  163: 'windows-1258',
  177: 'windows-1255',
  178: 'windows-1256',
  186: 'windows-1257',
  204: 'windows-1251',
  222: 'windows-874',
  238: 'windows-1250',
};

function codepageName(cp: number): string {
  if (cp === 65001) return 'utf-8';
  if (cp === 10000) return 'macintosh';
  if (cp === 932) return 'shift_jis';
  if (cp === 936) return 'gbk';
  if (cp === 949) return 'euc-kr';
  if (cp === 950) return 'big5';
  if (cp >= 1250 && cp <= 1258) return `windows-${cp}`;
  if (cp === 874) return 'windows-874';
  return 'windows-1252';
}

export function parseRtf(bytes: Uint8Array): ParsedDocument {
  // RTF is 7-bit ASCII with escapes; latin1 maps each byte to one char so positions stay bytes.
  const src = new TextDecoder('latin1').decode(bytes);
  if (!src.startsWith('{\\rtf')) throw new ParseFailure('corrupt', 'not an RTF document');

  const b = new TextBuilder();
  const styleLevels = new Map<number, number>();
  const fontCodepages = new Map<number, string>();
  const notes: Run[][] = [];
  let defaultCodepage = 'windows-1252';
  let title = '';
  let styleText = '';
  let styleNumber = 0;
  let styleOutline: number | null = null;
  let fontNumber: number | null = null;
  let labelText = '';
  let styleDepth = -1;
  let rowHeader = false;

  let runs: Run[] = [];
  let noteRuns: Run[] | null = null;
  let noteDepth = -1;
  let cellRuns: Run[] = [];
  let rowCells: TableCellInput[] = [];
  let tableRows: TableCellInput[][] = [];
  let bytesPending: number[] = [];

  const initial: State = {
    bold: false,
    italic: false,
    skip: false,
    label: false,
    uc: 1,
    codepage: defaultCodepage,
    style: 0,
    outline: null,
    list: false,
    listLevel: 0,
    inTable: false,
    collect: null,
  };
  let st: State = { ...initial };
  const stack: State[] = [];

  const target = (): Run[] => noteRuns ?? (st.inTable ? cellRuns : runs);

  const emit = (text: string): void => {
    if (st.collect === 'style') styleText += text;
    else if (st.collect === 'title') title += text;
    else if (st.label) labelText += text;
    else if (!st.skip) {
      const t = target();
      const last = t[t.length - 1];
      if (last && last.bold === st.bold && last.italic === st.italic) last.text += text;
      else t.push({ text, bold: st.bold, italic: st.italic });
    }
  };

  const flushBytes = (): void => {
    if (bytesPending.length === 0) return;
    const text = decodeCodepage(st.codepage, new Uint8Array(bytesPending));
    bytesPending = [];
    emit(text);
  };

  const flushTable = (): void => {
    if (tableRows.length > 0) b.addTable(tableRows);
    tableRows = [];
  };

  const endParagraph = (): void => {
    if (noteRuns) {
      noteRuns.push({ text: '\n' });
      return;
    }
    if (st.inTable) {
      cellRuns.push({ text: ' ' });
      return;
    }
    flushTable();
    const level = st.outline ?? styleLevels.get(st.style) ?? null;
    let spec: TextBlockSpec = { type: 'paragraph' };
    if (level !== null && level < 9) spec = { type: 'heading', level: Math.min(level + 1, 6) };
    else if (st.list || labelText.trim() !== '') {
      const ordered = /^\s*[\p{L}\p{N}]{1,4}[.)]/u.test(labelText);
      spec = { type: 'list_item', level: st.listLevel, ordered };
    }
    b.addBlock(spec, runs);
    runs = [];
    labelText = '';
  };

  let i = 0;
  let skipChars = 0; // fallback characters still to skip after \uN
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === '{') {
      flushBytes();
      stack.push(st);
      st = { ...st };
      i++;
      continue;
    }
    if (c === '}') {
      flushBytes();
      if (styleDepth >= 0 && stack.length === styleDepth + 1) {
        const name = styleText.replace(/;\s*$/, '').trim();
        const m = /^(?:heading|kop)\s*(\d)$/i.exec(name);
        const level = styleOutline ?? (m ? Number(m[1]) - 1 : null);
        if (level !== null) styleLevels.set(styleNumber, level);
        styleText = '';
        styleOutline = null;
        styleNumber = 0;
      }
      if (stack.length === styleDepth) styleDepth = -1;
      if (noteRuns && stack.length === noteDepth) {
        notes.push(noteRuns);
        noteRuns = null;
        noteDepth = -1;
      }
      st = stack.pop() ?? st;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c.charCodeAt(0) >= 0x80) {
      // Raw 8-bit text (not valid RTF, but common): a byte in the current code page.
      if (skipChars > 0) skipChars--;
      else bytesPending.push(c.charCodeAt(0));
      i++;
      continue;
    }
    if (c !== '\\') {
      flushBytes();
      if (skipChars > 0) {
        skipChars--;
        i++;
        continue;
      }
      let j = i;
      while (j < n && !/[\\{}\r\n\u0080-\u00ff]/.test(src[j]!)) j++;
      emit(src.slice(i, j));
      i = j;
      continue;
    }
    // A backslash: control symbol or control word.
    const next = src[i + 1];
    if (next === undefined) break;
    if (next === "'") {
      const hex = src.slice(i + 2, i + 4);
      i += 4;
      if (skipChars > 0) {
        skipChars--;
        continue;
      }
      const byte = parseInt(hex, 16);
      if (!Number.isNaN(byte)) bytesPending.push(byte);
      continue;
    }
    if (!/[a-zA-Z]/.test(next)) {
      flushBytes();
      i += 2;
      if (skipChars > 0) {
        skipChars--;
        continue;
      }
      if (next === '\\' || next === '{' || next === '}') emit(next);
      else if (next === '~') emit('\u00a0');
      else if (next === '_') emit('-');
      else if (next === '\n' || next === '\r') endParagraph();
      else if (next === '*') st.skip = true;
      // '\-' (optional hyphen) and others carry no text.
      continue;
    }
    const m = /^([a-zA-Z]{1,32})(-?\d{1,10})? ?/.exec(src.slice(i + 1, i + 48))!;
    i += 1 + m[0].length;
    const word = m[1]!;
    const param = m[2] === undefined ? null : Number(m[2]);
    if (word !== 'u') flushBytes();
    if (skipChars > 0 && word !== 'u') {
      skipChars--;
      continue;
    }
    if (word === 'bin') {
      i += Math.max(param ?? 0, 0);
      continue;
    }
    if (SKIP_DESTINATIONS.has(word)) {
      st.skip = true;
      if (word === 'stylesheet') {
        st.collect = 'style';
        styleDepth = stack.length;
      }
      continue;
    }
    switch (word) {
      case 'rtf':
      case 'ansi':
        break;
      case 'ansicpg':
        defaultCodepage = codepageName(param ?? 1252);
        st.codepage = defaultCodepage;
        break;
      case 'title':
        if (stack.some((s) => s.skip)) st.collect = 'title';
        break;
      case 'f':
        if (st.collect === 'style') break;
        if (stack.some((s) => s.skip) && st.skip) fontNumber = param;
        else st.codepage = fontCodepages.get(param ?? 0) ?? defaultCodepage;
        break;
      case 'fcharset':
        if (fontNumber !== null && param !== null && CHARSET_CODEPAGE[param]) {
          fontCodepages.set(fontNumber, CHARSET_CODEPAGE[param]);
        }
        break;
      case 'cpg':
        if (fontNumber !== null && param !== null)
          fontCodepages.set(fontNumber, codepageName(param));
        break;
      case 's':
        if (st.collect === 'style') styleNumber = param ?? 0;
        else st.style = param ?? 0;
        break;
      case 'outlinelevel':
        if (st.collect === 'style') styleOutline = param;
        else st.outline = param;
        break;
      case 'listtext':
      case 'pntext':
        st.label = true;
        break;
      case 'footnote':
        noteRuns = [];
        noteDepth = stack.length;
        break;
      case 'par':
      case 'sect':
        endParagraph();
        break;
      case 'page':
        endParagraph();
        flushTable();
        b.pageBreak();
        break;
      case 'line':
        emit('\n');
        break;
      case 'tab':
        emit('\t');
        break;
      case 'pard':
        st.style = 0;
        st.outline = null;
        st.list = false;
        st.listLevel = 0;
        st.inTable = false;
        break;
      case 'plain':
        st.bold = false;
        st.italic = false;
        break;
      case 'b':
        st.bold = param !== 0;
        break;
      case 'i':
        st.italic = param !== 0;
        break;
      case 'ls':
        st.list = true;
        break;
      case 'ilvl':
        st.list = true;
        st.listLevel = Math.max(0, Math.min(param ?? 0, 8));
        break;
      case 'intbl':
        st.inTable = true;
        break;
      case 'cell':
      case 'nestcell':
        rowCells.push({ runs: cellRuns, header: rowHeader });
        cellRuns = [];
        break;
      case 'row':
      case 'nestrow':
        if (rowCells.length > 0) tableRows.push(rowCells);
        rowCells = [];
        rowHeader = false;
        break;
      case 'trhdr':
        rowHeader = true;
        break;
      case 'uc':
        st.uc = Math.max(0, param ?? 1);
        break;
      case 'u': {
        flushBytes();
        const code = (param ?? 0) < 0 ? (param ?? 0) + 65536 : (param ?? 0);
        emit(String.fromCharCode(code));
        skipChars = st.uc;
        break;
      }
      default: {
        const sym = SYMBOLS[word];
        if (sym) emit(sym);
      }
    }
  }
  flushBytes();
  if (runs.some((r) => r.text.trim() !== '')) endParagraph();
  flushTable();
  for (const note of notes) b.addBlock({ type: 'paragraph' }, note);
  const t = title.normalize('NFC').replace(/\s+/g, ' ').trim();
  return { ...b.build(), title: t === '' ? undefined : t, warnings: [] };
}
