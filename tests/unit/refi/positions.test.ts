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

describe('source file encodings', () => {
  const pick = async (bytes: Uint8Array, start: number, end: number) => {
    const xml = qde({ plainTextPath: `internal://${SRC}.txt`, selections: [{ start, end }] });
    const { project, report } = await readQdpx(
      zip({ 'project.qde': xml, [`sources/${SRC}.txt`]: bytes }),
      'enc.qdpx',
    );
    const s = project.textSources[0]!;
    return { text: s.text.slice(s.selections[0]!.start, s.selections[0]!.end), report };
  };

  it('reads UTF-16LE with a byte-order mark', async () => {
    const body = 'Één twee drie';
    const bytes = new Uint8Array(2 + body.length * 2);
    bytes[0] = 0xff;
    bytes[1] = 0xfe;
    for (let i = 0; i < body.length; i++) {
      bytes[2 + i * 2] = body.charCodeAt(i) & 0xff;
      bytes[3 + i * 2] = body.charCodeAt(i) >> 8;
    }
    expect((await pick(bytes, 4, 8)).text).toBe('twee');
  });

  it('falls back to Windows-1252 for text that is not UTF-8, and says so', async () => {
    const bytes = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]); // "café ok"
    const { text, report } = await pick(bytes, 0, 4);
    expect(text).toBe('café');
    expect(report.warnings.join('\n')).toMatch(/not UTF-8; read as Windows-1252/);
  });
});
