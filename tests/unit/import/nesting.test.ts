import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../core/server/import/errors.js';
import { DEFAULT_LIMITS } from '../../../core/server/import/limits.js';
import { xmlDepth } from '../../../core/server/import/nesting.js';
import { parseDocument } from '../../../core/server/import/parse-document.js';
import { makeDeepDocx, makeDeepHtml, makeDeepOdt } from './hostile-fixtures.js';

async function refusal(bytes: Uint8Array, name: string): Promise<ImportError> {
  const err = await parseDocument(bytes, name).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ImportError);
  return err as ImportError;
}

describe('deeply nested documents', () => {
  it('HTML nested 10 000 levels deep imports: its walk does not recurse', async () => {
    for (const tag of ['div', 'blockquote', 'span', 'b', 'font', 'section']) {
      const doc = await parseDocument(makeDeepHtml(10_000, tag), `diep-${tag}.html`);
      expect(doc.text, tag).toBe('diep\nna');
    }
    // Inside a table cell, and under the head's title lookup.
    const cell = new TextEncoder().encode(
      `<table><tr><td>${'<div>'.repeat(10_000)}cel${'</div>'.repeat(10_000)}</td><td>twee</td></tr></table>`,
    );
    expect((await parseDocument(cell, 'cel.html')).text).toBe('cel\ttwee');
    const emphasis = await parseDocument(makeDeepHtml(10_000, 'i'), 'nadruk.html');
    expect(emphasis.marks).toContainEqual({ kind: 'italic', start: 0, end: 4 });
  });

  it('an .odt nested 10 000 deep is refused as nested too deeply, naming the file and the part', async () => {
    const err = await refusal(makeDeepOdt(10_000), 'diep.odt');
    expect(err.reason).toBe('too-deep');
    expect(err.message).toBe(
      `diep.odt: nested too deeply (10004 levels in content.xml; the limit is ${DEFAULT_LIMITS.maxNesting})`,
    );
  });

  it('a .docx nested 10 000 deep is refused the same way', async () => {
    const err = await refusal(makeDeepDocx(10_000), 'diep.docx');
    expect(err.reason).toBe('too-deep');
    expect(err.message).toBe(
      `diep.docx: nested too deeply (20005 levels in word/document.xml; the limit is ${DEFAULT_LIMITS.maxNesting})`,
    );
  });

  it('deep-ish documents under the limit still import', async () => {
    // 150 sections: deeper than the XML parser's default of 100 levels.
    expect((await parseDocument(makeDeepOdt(150), 'diepig.odt')).text).toBe('diep\nna');
    expect((await parseDocument(makeDeepDocx(200), 'diepig.docx')).text).toBe('diep\nna');
  });
});

describe('measuring the nesting of an XML part', () => {
  const depth = (xml: string) => xmlDepth(new TextEncoder().encode(xml));

  it('counts elements, not empty ones, comments, CDATA, declarations or quoted brackets', () => {
    expect(depth('<?xml version="1.0"?><a><b/><c><d></d></c></a>')).toBe(3);
    expect(depth('<a><!-- <b><c><d> --><![CDATA[<x><y><z>]]><e f="<g>" h=\'/>\'></e></a>')).toBe(2);
    expect(depth('<a x="1"/><b><c/></b>')).toBe(1);
    expect(depth('<w:t xml:space="preserve">één <span>€</span></w:t>')).toBe(2);
    expect(depth('')).toBe(0);
  });
});
