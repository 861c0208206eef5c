/**
 * Selection positions in REFI-QDA files.
 *
 * The spec says "Unicode codepoints from 0", but real files differ: NVivo counts UTF-16 code units
 * over the file as written (CRLF = 2, BOM excluded, end exclusive); others count code points, or
 * count after normalising CRLF to LF. Casus stores NFC text with `\n` line endings and UTF-16
 * offsets (end exclusive), so every reading is converted through one table per source.
 */

export type PositionRule = 'utf16' | 'codepoints' | 'utf16-lf' | 'codepoints-lf';

/** In order of preference when readings tie: NVivo's reading first. */
export const POSITION_RULES: readonly PositionRule[] = [
  'utf16',
  'codepoints',
  'utf16-lf',
  'codepoints-lf',
];

export const POSITION_RULE_TEXT: Record<PositionRule, string> = {
  utf16:
    'UTF-16 code units over the text as stored, CRLF counted as 2, byte-order mark excluded, end exclusive (the NVivo reading)',
  codepoints:
    'Unicode code points over the text as stored, CRLF counted as 2, end exclusive (the literal REFI-QDA 1.5 reading)',
  'utf16-lf': 'UTF-16 code units after converting CRLF to LF, end exclusive',
  'codepoints-lf': 'Unicode code points after converting CRLF to LF, end exclusive',
};

/** The rule Casus writes. With `\n`-only, BOM-less files `utf16` and `utf16-lf` coincide. */
export const WRITTEN_POSITION_RULE: PositionRule = 'utf16';

export interface MappedPosition {
  /** UTF-16 offset into the Casus text. */
  offset: number;
  /** False when the position fell inside a character, a CRLF pair or a combining sequence. */
  exact: boolean;
}

function cpLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Splits text into units that Casus keeps whole: code points, CRLF pairs, or grapheme clusters. */
function* units(raw: string, graphemes: boolean): Generator<string> {
  if (graphemes) {
    const seg = new Intl.Segmenter('und', { granularity: 'grapheme' });
    for (const s of seg.segment(raw)) yield s.segment;
    return;
  }
  for (let i = 0; i < raw.length;) {
    const c = raw.charCodeAt(i);
    let len = 1;
    if (c === 0x0d && raw.charCodeAt(i + 1) === 0x0a) len = 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = raw.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) len = 2;
    }
    yield raw.slice(i, i + len);
    i += len;
  }
}

/** Casus form of a text: no BOM, `\n` line endings, NFC. */
export function toCasusText(raw: string): string {
  return new SourceText(raw).text;
}

/**
 * One source's text in Casus form plus the tables that convert a position under any rule to a
 * Casus offset.
 */
export class SourceText {
  readonly text: string;
  /** True when every rule gives the same numbers as Casus offsets (no CR, astral chars or NFC changes). */
  readonly identity: boolean;
  private readonly tables: Record<PositionRule, Int32Array> | null = null;
  private readonly casus: Int32Array | null = null;
  private readonly count: number = 0;

  constructor(raw: string) {
    if (raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
    const needsNfc = raw.normalize('NFC') !== raw;
    const hasCr = raw.includes('\r');
    const hasAstral = /[\uD800-\uDFFF]/.test(raw);
    if (!needsNfc && !hasCr && !hasAstral) {
      this.text = raw;
      this.identity = true;
      return;
    }
    this.identity = false;
    const size = raw.length + 1;
    const t: Record<PositionRule, Int32Array> = {
      utf16: new Int32Array(size),
      codepoints: new Int32Array(size),
      'utf16-lf': new Int32Array(size),
      'codepoints-lf': new Int32Array(size),
    };
    const casus = new Int32Array(size);
    const out: string[] = [];
    let n = 0;
    let u16 = 0;
    let cp = 0;
    let lf16 = 0;
    let lfCp = 0;
    let off = 0;
    for (const u of units(raw, needsNfc)) {
      const lf = u.includes('\r') ? u.replace(/\r\n?/g, '\n') : u;
      const o = needsNfc ? lf.normalize('NFC') : lf;
      out.push(o);
      u16 += u.length;
      cp += cpLength(u);
      lf16 += lf.length;
      lfCp += cpLength(lf);
      off += o.length;
      n++;
      t.utf16[n] = u16;
      t.codepoints[n] = cp;
      t['utf16-lf'][n] = lf16;
      t['codepoints-lf'][n] = lfCp;
      casus[n] = off;
    }
    this.text = out.join('');
    this.tables = t;
    this.casus = casus;
    this.count = n;
  }

  /** Total length of the text under a rule. */
  lengthUnder(rule: PositionRule): number {
    return this.tables ? this.tables[rule][this.count]! : this.text.length;
  }

  /**
   * Converts a position under `rule` to a Casus offset; null when it is outside the text. A
   * position inside a unit is moved outward: starts to the unit start, ends to the unit end.
   */
  map(pos: number, rule: PositionRule, side: 'start' | 'end'): MappedPosition | null {
    if (!Number.isInteger(pos) || pos < 0) return null;
    if (!this.tables || !this.casus) {
      return pos <= this.text.length ? { offset: pos, exact: true } : null;
    }
    const table = this.tables[rule];
    if (pos > table[this.count]!) return null;
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (table[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    if (table[lo] === pos) return { offset: this.casus[lo]!, exact: true };
    return { offset: side === 'start' ? this.casus[lo]! : this.casus[lo + 1]!, exact: false };
  }
}

const WORD = /[\p{L}\p{N}\p{M}]/u;

function codePointBefore(t: string, o: number): string {
  if (o <= 0) return '';
  const c = t.charCodeAt(o - 1);
  if (c >= 0xdc00 && c <= 0xdfff && o >= 2) return t.slice(o - 2, o);
  return t.slice(o - 1, o);
}

/** True when the offset is not in the middle of a word. */
export function onWordBoundary(t: string, o: number): boolean {
  if (o <= 0 || o >= t.length) return true;
  const after = String.fromCodePoint(t.codePointAt(o)!);
  const before = codePointBefore(t, o);
  return !(WORD.test(before) && WORD.test(after));
}

export interface RawSelection {
  start: number;
  end: number;
  /** ATLAS.ti and others put the quoted text (maybe cut with "…") in the name. */
  name?: string;
}

export interface RuleDecision {
  rule: PositionRule;
  ambiguous: boolean;
  boundaryHits: number;
  boundaryChecks: number;
}

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Picks the reading under which the file's selections make most sense: fewest selections outside
 * the text, then most boundaries on word boundaries (names that quote the selected text count
 * double). Ties go to the NVivo reading.
 */
export function detectRule(source: SourceText, selections: readonly RawSelection[]): RuleDecision {
  if (source.identity || selections.length === 0) {
    return { rule: 'utf16', ambiguous: true, boundaryHits: 0, boundaryChecks: 0 };
  }
  type Score = { rule: PositionRule; invalid: number; hits: number; bounds: number; key: string };
  const scores: Score[] = POSITION_RULES.map((rule) => {
    let invalid = 0;
    let hits = 0;
    let bounds = 0;
    const keys: string[] = [];
    for (const s of selections) {
      const a = source.map(s.start, rule, 'start');
      const b = source.map(s.end, rule, 'end');
      if (!a || !b || b.offset < a.offset) {
        invalid++;
        keys.push('x');
        continue;
      }
      keys.push(`${a.offset}:${b.offset}`);
      if (a.exact && onWordBoundary(source.text, a.offset)) bounds++;
      if (b.exact && onWordBoundary(source.text, b.offset)) bounds++;
      if (s.name) {
        const quoted = squash(s.name.replace(/…$/, ''));
        if (
          quoted.length >= 3 &&
          squash(source.text.slice(a.offset, b.offset)).startsWith(quoted)
        ) {
          hits += 2;
        }
      }
    }
    return { rule, invalid, hits: hits + bounds, bounds, key: keys.join(',') };
  });
  const first = scores[0]!;
  const ambiguous = scores.every((s) => s.key === first.key);
  let best = first;
  for (const s of scores) {
    if (s.invalid < best.invalid || (s.invalid === best.invalid && s.hits > best.hits)) best = s;
  }
  return {
    rule: best.rule,
    ambiguous,
    boundaryHits: best.bounds,
    boundaryChecks: selections.length * 2,
  };
}
