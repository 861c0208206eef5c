import { describe, expect, it } from 'vitest';
import { readQdpx, SourceText, type PositionRule } from '../../../core/server/refi/index.js';
import { qde, SRC, zip } from './build.js';

// A BOM, CRLF line ends, astral characters (2 UTF-16 units, 1 code point) and a decomposed é.
const BODY = 'Cafe\u0301 😀 one\r\ntwo three\r\nfour 😀 five 😀😀 six\r\n';
const RAW = `\uFEFF${BODY}`;
const WANTED = ['one', 'two three', 'four', 'five', 'six'];

function positions(rule: PositionRule): { start: number; end: number }[] {
  const text = rule.endsWith('-lf') ? BODY.replace(/\r\n/g, '\n') : BODY;
  const count = (s: string) => (rule.startsWith('utf16') ? s.length : Array.from(s).length);
  let from = 0;
  return WANTED.map((w) => {
    const i = text.indexOf(w, from);
    from = i + w.length;
    return { start: count(text.slice(0, i)), end: count(text.slice(0, i + w.length)) };
  });
}

describe('position rule detection', () => {
  for (const rule of ['utf16', 'codepoints', 'utf16-lf', 'codepoints-lf'] as const) {
    it(`detects ${rule} and converts to Casus offsets`, async () => {
      const xml = qde({ plainTextPath: `internal://${SRC}.txt`, selections: positions(rule) });
      const bytes = zip({
        'project.qde': xml,
        [`sources/${SRC}.txt`]: new TextEncoder().encode(RAW),
      });
      const { project, report } = await readQdpx(bytes, `${rule}.qdpx`);
      expect(report.positionRule).toBe(rule);
      expect(report.positionRules[0]).toMatchObject({ rule, ambiguous: false });
      const src = project.textSources[0]!;
      // Casus text: no BOM, LF, NFC.
      expect(src.text).toBe('Café 😀 one\ntwo three\nfour 😀 five 😀😀 six\n');
      expect(src.selections.map((s) => src.text.slice(s.start, s.end))).toEqual(WANTED);
    });
  }

  it('maps code points and UTF-16 units; refuses positions past the end', () => {
    const st = new SourceText('ab😀😀😀 cd ef');
    expect(st.map(7, 'codepoints', 'start')).toEqual({ offset: 10, exact: true });
    expect(st.map(7, 'utf16', 'start')).toEqual({ offset: 6, exact: false });
    expect(st.map(7, 'utf16', 'end')).toEqual({ offset: 8, exact: false });
    expect(st.map(99, 'utf16', 'end')).toBeNull();
  });

  it('moves positions inside a CRLF pair or surrogate pair outward', () => {
    const st = new SourceText('a\r\nb😀c');
    expect(st.text).toBe('a\nb😀c');
    expect(st.map(2, 'utf16', 'start')).toEqual({ offset: 1, exact: false });
    expect(st.map(2, 'utf16', 'end')).toEqual({ offset: 2, exact: false });
    expect(st.map(5, 'utf16', 'end')).toEqual({ offset: 5, exact: false });
  });
});
