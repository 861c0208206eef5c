/**
 * How wide text is, in em, without a DOM: advance widths of DejaVu Sans, the font the audience
 * screen names first and the widest of its fonts. Where it is missing, a narrower one (Segoe UI,
 * Helvetica, Arial) only makes lines shorter than planned, so text planned with these widths fits.
 */
const WIDTHS: Record<string, number> = {
  ' ': 0.318,
  '!': 0.401,
  '"': 0.46,
  '#': 0.838,
  $: 0.636,
  '%': 0.95,
  '&': 0.78,
  "'": 0.275,
  '(': 0.39,
  ')': 0.39,
  '*': 0.5,
  '+': 0.838,
  ',': 0.318,
  '-': 0.361,
  '.': 0.318,
  '/': 0.337,
  ':': 0.337,
  ';': 0.337,
  '<': 0.838,
  '=': 0.838,
  '>': 0.838,
  '?': 0.531,
  '@': 1,
  '[': 0.39,
  '\\': 0.337,
  ']': 0.39,
  '^': 0.838,
  _: 0.5,
  '`': 0.5,
  '{': 0.636,
  '|': 0.337,
  '}': 0.636,
  '~': 0.838,
  '‘': 0.318,
  '’': 0.318,
  '“': 0.518,
  '”': 0.518,
  '„': 0.518,
  '–': 0.5,
  '—': 1,
  '…': 1,
  '·': 0.318,
  '•': 0.59,
  '×': 0.838,
  a: 0.613,
  b: 0.635,
  c: 0.55,
  d: 0.635,
  e: 0.615,
  f: 0.352,
  g: 0.635,
  h: 0.634,
  i: 0.278,
  j: 0.278,
  k: 0.579,
  l: 0.278,
  m: 0.974,
  n: 0.634,
  o: 0.612,
  p: 0.635,
  q: 0.635,
  r: 0.411,
  s: 0.521,
  t: 0.392,
  u: 0.634,
  v: 0.592,
  w: 0.818,
  x: 0.592,
  y: 0.592,
  z: 0.525,
  A: 0.684,
  B: 0.686,
  C: 0.698,
  D: 0.77,
  E: 0.632,
  F: 0.575,
  G: 0.775,
  H: 0.752,
  I: 0.295,
  J: 0.295,
  K: 0.656,
  L: 0.557,
  M: 0.863,
  N: 0.748,
  O: 0.787,
  P: 0.603,
  Q: 0.787,
  R: 0.695,
  S: 0.635,
  T: 0.611,
  U: 0.732,
  V: 0.684,
  W: 0.989,
  X: 0.685,
  Y: 0.611,
  Z: 0.685,
};
for (let d = 0; d <= 9; d++) WIDTHS[String(d)] = 0.636;

/** Unknown characters (other scripts, symbols) count as wide. */
const UNKNOWN = 1;
/** A margin for rounding (measured in Chromium, the table matches DejaVu Sans to 0.1%). */
const SAFETY = 1.02;

function charWidth(ch: string): number {
  const w = WIDTHS[ch];
  if (w !== undefined) return w;
  // é, ë, ï… are as wide as their base letter.
  const base = ch.normalize('NFD')[0];
  return (base !== undefined && WIDTHS[base]) || UNKNOWN;
}

/** The width of a text on one line, in em. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w * SAFETY;
}

export const SPACE_WIDTH = WIDTHS[' '] as number;

export interface WrappedLine {
  text: string;
  /** The line ends a paragraph (a newline follows it in the text). */
  end: boolean;
}

/**
 * Greedy word wrap into lines no wider than `width` em, as a browser wraps normal text. A word
 * wider than a line is broken by characters. Each newline ends a paragraph.
 */
export function wrapText(text: string, width: number): WrappedLine[] {
  const lines: WrappedLine[] = [];
  const space = SPACE_WIDTH * SAFETY;
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(/\s+/).filter(Boolean);
    let line = '';
    let lineW = 0;
    const flush = () => {
      lines.push({ text: line, end: false });
      line = '';
      lineW = 0;
    };
    for (const word of words) {
      let rest = word;
      let w = textWidth(word);
      if (w > width) {
        // Break a very long word (a URL) into pieces that fit.
        if (line) flush();
        let piece = '';
        for (const ch of word) {
          if (piece && textWidth(piece + ch) > width) {
            lines.push({ text: piece, end: false });
            piece = '';
          }
          piece += ch;
        }
        rest = piece;
        w = textWidth(rest);
      }
      if (line && lineW + space + w > width) flush();
      if (line) {
        line = `${line} ${rest}`;
        lineW += space + w;
      } else {
        line = rest;
        lineW = w;
      }
    }
    lines.push({ text: line, end: true });
  }
  return lines;
}

/** Lines back to text: words joined by spaces, paragraphs by newlines. */
export const joinLines = (lines: readonly WrappedLine[]): string =>
  lines.map((l, i) => l.text + (i === lines.length - 1 ? '' : l.end ? '\n' : ' ')).join('');
