import { describe, expect, it } from 'vitest';
import { joinLines } from '../../../core/server/import/formats/pdf.js';
import { parseDocument } from '../../../core/server/import/parse-document.js';
import { DUTCH, makeDocx, makeOdt, makePdf } from './fixtures.js';
import { expectValidLayout, marked, outline } from './layout.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('docx', () => {
  it('keeps the text, headings, lists, line breaks, page breaks, tables and emphasis', async () => {
    const doc = await parseDocument(await makeDocx(), 'Interview wethouder.docx');
    expect(doc.text).toBe(
      [
        'Interview met de wethouder',
        `${DUTCH}[1]`,
        'Aanleiding',
        'Eerste punt',
        'Subpunt',
        'Stap één',
        'Vraag: hoe?',
        'Antwoord: samen.',
        'Tweede pagina.',
        'Partner\tBijdrage',
        'Provincie\t€ 2,5 mln (cofinanciering)',
        'Bron: notulen.',
      ].join('\n'),
    );
    expect(outline(doc)).toEqual([
      'h1 Interview met de wethouder',
      `p ${DUTCH}[1]`,
      'h2 Aanleiding',
      'ul0 Eerste punt',
      'ul1 Subpunt',
      'ol0 Stap één',
      'p Vraag: hoe?',
      'p Antwoord: samen.',
      'page 2',
      'p Tweede pagina.',
      'th0:0:0 Partner',
      'th0:0:1 Bijdrage',
      'td0:1:0 Provincie',
      'td0:1:1 € 2,5 mln (cofinanciering)',
      // The footnote, as mammoth lists it at the end.
      'ol0 Bron: notulen.',
    ]);
    expect(marked(doc)).toEqual(['bold coöperatie', 'italic ‘de wethouder’']);
    expect(doc.title).toBe('Interview wethouder');
    expectValidLayout(doc);
  });
});

describe('odt', () => {
  it('reads content.xml with styles, lists, notes and tables, without deleted text or comments', async () => {
    const doc = await parseDocument(makeOdt(), 'notulen.odt');
    expect(doc.text).toBe(
      [
        'Notulen stuurgroep',
        `${DUTCH}1`,
        'Twee spaties, een tab',
        'en een nieuwe regel.',
        'Agendapunt één',
        'Toelichting',
        'Volgende pagina.',
        'Partner\tRol',
        'Gemeente\tTrekker',
        '1 Zie bijlage.',
      ].join('\n'),
    );
    expect(outline(doc)).toEqual([
      'h1 Notulen stuurgroep',
      `p ${DUTCH}1`,
      'p Twee spaties, een tab',
      'p en een nieuwe regel.',
      'ol0 Agendapunt één',
      'ul1 Toelichting',
      'page 2',
      'p Volgende pagina.',
      'th0:0:0 Partner',
      'th0:0:1 Rol',
      'td0:1:0 Gemeente',
      'td0:1:1 Trekker',
      'p 1 Zie bijlage.',
    ]);
    expect(doc.text).not.toContain('Verwijderde');
    expect(doc.text).not.toContain('opmerking');
    expect(marked(doc)).toEqual([
      'bold Notulen stuurgroep',
      'bold coöperatie',
      'italic ‘de wethouder’',
    ]);
    expectValidLayout(doc);
  });
});

describe('pdf', () => {
  it('reads the text layer page by page, joins lines and removes only safe hyphens', async () => {
    const doc = await parseDocument(await makePdf(), 'rapportage.pdf');
    expect(doc.text).toBe(
      [
        'Voortgangsrapportage',
        `${DUTCH} De regionale samenwerking verloopt goed, aldus de zorg- en welzijnspartners in Noord-Brabant.`,
        'Eerste afspraak',
        'Tweede afspraak',
        'Pagina twee begint hier.',
      ].join('\n'),
    );
    expect(outline(doc).map((l) => l.slice(0, 24))).toEqual([
      'page 1',
      'h1 Voortgangsrapportage',
      `p ${DUTCH}`.slice(0, 24),
      'ul0 Eerste afspraak',
      'ul0 Tweede afspraak',
      'page 2',
      'p Pagina twee begint hie',
    ]);
    expect(doc.title).toBe('Voortgangsrapportage');
    expectValidLayout(doc);
  });

  it('de-hyphenates only where it is safe', () => {
    expect(joinLines('de samen-', 'werking')).toBe('de samenwerking');
    expect(joinLines('de zorg-', 'en welzijnssector')).toBe('de zorg- en welzijnssector');
    expect(joinLines('in Noord-', 'Brabant')).toBe('in Noord-Brabant');
    expect(joinLines('de zee-', 'egel')).toBe('de zee-egel');
    expect(joinLines('de co-', 'operatie')).toBe('de co-operatie');
    expect(joinLines('2019-', '2020')).toBe('2019-2020');
    expect(joinLines('een zin -', 'zoals deze')).toBe('een zin - zoals deze');
    expect(joinLines('gemeen\u00ad', 'schap')).toBe('gemeenschap');
    expect(joinLines('eind.', 'Begin')).toBe('eind. Begin');
  });
});

describe('rtf', () => {
  const rtf = String.raw`{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss\fcharset0 Calibri;}{\f1\fnil\fcharset2 Symbol;}}
{\colortbl ;\red0\green0\blue0;}
{\stylesheet{\s0 Normal;}{\s1\outlinelevel0 heading 1;}{\s2 heading 2;}{\*\cs10 Default Paragraph Font;}}
{\info{\title Verslag gesprek}{\author X}}
{\*\generator Riched20 10.0.19041}\viewkind4\uc1
\pard\s1\b Verslag gesprek\b0\par
\pard\s0 De \b co\'f6peratie\b0  \endash  \'e9\'e9n \ldblquote financi\'eble\rdblquote  impuls, zei \i\lquote de wethouder\rquote\i0 .\par
\pard\s2 Kop twee\par
\pard{\listtext\f1\'b7\tab}\ls1\ilvl0 Eerste punt\par
{\listtext 1.\tab}\ls2\ilvl1 Genummerd\par
\pard Unicode: \u8364?  en \uc2\u8212\'3f\'3f na\line tweede regel\par
\trowd\trhdr\cellx1000\cellx2000\pard\intbl Partner\cell Rol\cell\row
\trowd\cellx1000\cellx2000\pard\intbl Gemeente\cell Trekker\cell\row
\pard\page Na de pagina {\field{\*\fldinst HYPERLINK "http://x"}{\fldrslt link}}.{\*\bkmkstart a}{\pict\wmetafile8 0102ab}\par
}`;

  it('decodes code-page bytes and \\u escapes and keeps the structure', async () => {
    const doc = await parseDocument(utf8(rtf), 'verslag.rtf');
    expect(doc.text).toBe(
      [
        'Verslag gesprek',
        DUTCH,
        'Kop twee',
        'Eerste punt',
        'Genummerd',
        'Unicode: € en — na',
        'tweede regel',
        'Partner\tRol',
        'Gemeente\tTrekker',
        'Na de pagina link.',
      ].join('\n'),
    );
    expect(outline(doc)).toEqual([
      'h1 Verslag gesprek',
      `p ${DUTCH}`,
      'h2 Kop twee',
      'ul0 Eerste punt',
      'ol1 Genummerd',
      'p Unicode: € en — na',
      'p tweede regel',
      'th0:0:0 Partner',
      'th0:0:1 Rol',
      'td0:1:0 Gemeente',
      'td0:1:1 Trekker',
      'page 2',
      'p Na de pagina link.',
    ]);
    expect(marked(doc)).toEqual([
      'bold Verslag gesprek',
      'bold coöperatie',
      'italic ‘de wethouder’',
    ]);
    expect(doc.title).toBe('Verslag gesprek');
    expectValidLayout(doc);
  });
});

describe('html', () => {
  const html = `<!doctype html><html><head><title>Nieuwsbericht</title>
<style>p { color: red }</style><script>alert('script')</script></head>
<body onload="evil()"><h1>Regio Deal  getekend</h1>
<p>De <b>coöperatie</b> – één “financiële”
 impuls, zei <em>‘de wethouder’</em>.<br>Lees <a href="javascript:alert(1)">meer</a><img src="http://x/y.png" onerror="steal()"></p>
<iframe src="http://evil.example/"></iframe><object data="x.swf">fallback</object>
<ul><li>een<ul><li>sub</li></ul></li><li>twee</li></ul><ol><li>genummerd</li></ol>
<table><thead><tr><th>A</th><th>B</th></tr></thead><tr><td>1</td><td><p>2</p><p>3</p></td></tr></table>
<div>los <span>tekst</span><p>alinea</p>staart</div><pre>regel 1
regel 2</pre><noscript>geen script</noscript></body></html>`;

  it('keeps text and structure only: no scripts, styles, frames, handlers or links', async () => {
    const doc = await parseDocument(utf8(html), 'nieuws.html');
    expect(doc.text).toBe(
      [
        'Regio Deal getekend',
        DUTCH,
        'Lees meer',
        'een',
        'sub',
        'twee',
        'genummerd',
        'A\tB',
        '1\t2 3',
        'los tekst',
        'alinea',
        'staart',
        'regel 1',
        'regel 2',
      ].join('\n'),
    );
    expect(outline(doc).slice(0, 7)).toEqual([
      'h1 Regio Deal getekend',
      `p ${DUTCH}`,
      'p Lees meer',
      'ul0 een',
      'ul1 sub',
      'ul0 twee',
      'ol0 genummerd',
    ]);
    expect(doc.title).toBe('Nieuwsbericht');
    for (const bad of [
      'alert',
      'evil',
      'steal',
      'color',
      'javascript',
      'fallback',
      'geen script',
    ]) {
      expect(doc.text).not.toContain(bad);
    }
    expectValidLayout(doc);
  });

  it('honours a declared charset', async () => {
    const bytes = Uint8Array.from([
      ...utf8('<html><head><meta charset="windows-1252"></head><body><p>co'),
      0xf6,
      ...utf8('peratie '),
      0x96,
      ...utf8(' '),
      0x93,
      ...utf8('x'),
      0x94,
      ...utf8('</p></body></html>'),
    ]);
    const doc = await parseDocument(bytes, 'oud.htm');
    expect(doc.text).toBe('coöperatie – “x”');
  });
});

describe('markdown', () => {
  it('reads the CommonMark subset with emphasis as marks', async () => {
    const md = [
      '# Verslag',
      '',
      'Eerste alinea met **vet** en *cursief*, een [link](http://x) en `code`.',
      'Tweede regel van dezelfde alinea.',
      '',
      '## Punten',
      '',
      '- punt een',
      '- punt twee',
      '  - subpunt',
      '1. genummerd',
      '2. nog een',
      '',
      '| Partner | Rol |',
      '|---|:---:|',
      '| Gemeente | Trekker |',
      '',
      'Setext kop',
      '---',
      '',
      '***allebei*** en snake_case_woord en 2 * 3 * 4.',
      '',
    ].join('\n');
    const doc = await parseDocument(utf8(md), 'verslag.md');
    expect(outline(doc)).toEqual([
      'h1 Verslag',
      'p Eerste alinea met vet en cursief, een link en code. Tweede regel van dezelfde alinea.',
      'h2 Punten',
      'ul0 punt een',
      'ul0 punt twee',
      'ul1 subpunt',
      'ol0 genummerd',
      'ol0 nog een',
      'th0:0:0 Partner',
      'th0:0:1 Rol',
      'td0:1:0 Gemeente',
      'td0:1:1 Trekker',
      'h2 Setext kop',
      'p allebei en snake_case_woord en 2 * 3 * 4.',
    ]);
    expect(marked(doc)).toEqual(['bold vet', 'italic cursief', 'bold allebei', 'italic allebei']);
    expectValidLayout(doc);
  });

  it('reads the demo study style: one paragraph per line, blank lines between', async () => {
    const md = `# Interview\n\n${DUTCH}\n\nTweede alinea.\n`;
    const doc = await parseDocument(utf8(md), 'demo.md');
    expect(doc.text).toBe(`Interview\n${DUTCH}\nTweede alinea.`);
  });
});

describe('plain text encodings', () => {
  const text = `${DUTCH}\nTweede regel: naïef, reünie.`;
  const utf16 = (s: string, le: boolean) => {
    const out = new Uint8Array(2 + s.length * 2);
    out.set(le ? [0xff, 0xfe] : [0xfe, 0xff]);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      out[2 + i * 2] = le ? c & 0xff : c >> 8;
      out[3 + i * 2] = le ? c >> 8 : c & 0xff;
    }
    return out;
  };
  const cp1252: Record<string, number> = { '–': 0x96, '“': 0x93, '”': 0x94, '‘': 0x91, '’': 0x92 };
  const windows1252 = (s: string) =>
    Uint8Array.from([...s].map((c) => cp1252[c] ?? c.charCodeAt(0)));

  it.each([
    ['UTF-8', utf8(text)],
    ['UTF-8 with BOM', Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(text)])],
    ['UTF-16 LE with BOM', utf16(text, true)],
    ['UTF-16 BE with BOM', utf16(text, false)],
    ['Windows-1252', windows1252(text)],
    ['UTF-8 with CRLF', utf8(text.replace(/\n/g, '\r\n'))],
    ['UTF-8 decomposed (NFD)', utf8(text.normalize('NFD'))],
  ])('%s', async (_name, bytes) => {
    const doc = await parseDocument(bytes, 'notitie.txt');
    expect(doc.text).toBe(text);
    expect(outline(doc)).toEqual([`p ${DUTCH}`, 'p Tweede regel: naïef, reünie.']);
    expectValidLayout(doc);
  });

  it('reads Latin-1 markdown and html too', async () => {
    expect((await parseDocument(windows1252(`# Kop\n\n${DUTCH}`), 'a.md')).text).toBe(
      `Kop\n${DUTCH}`,
    );
    expect((await parseDocument(windows1252(`<p>${DUTCH}</p>`), 'a.html')).text).toBe(DUTCH);
  });
});
