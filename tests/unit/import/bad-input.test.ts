import { inflateSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError, type ImportReason } from '../../../core/server/import/errors.js';
import { MiB } from '../../../core/server/import/limits.js';
import { parseDocument } from '../../../core/server/import/parse-document.js';
import { closeParseWorkers, parseInWorker } from '../../../core/server/import/worker.js';
import {
  DUTCH,
  deflateOfSpaces,
  makeDocx,
  makeOdt,
  makeOverlappingZip,
  makePdf,
  makeScannedPdf,
  makeZipBombDocx,
} from './fixtures.js';

afterAll(() => closeParseWorkers());

async function refusal(bytes: Uint8Array, name: string, limits = {}): Promise<ImportError> {
  try {
    await parseDocument(bytes, name, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    return err as ImportError;
  }
  throw new Error(`${name} was not refused`);
}

async function expectRefused(bytes: Uint8Array, name: string, reason: ImportReason, limits = {}) {
  const err = await refusal(bytes, name, limits);
  expect(err.reason).toBe(reason);
  expect(err.fileName).toBe(name);
  // The message names the file and says why, for people.
  expect(err.message.startsWith(`${name}: `)).toBe(true);
  return err;
}

describe('bad input is refused with the file name and a reason', () => {
  it('an empty file, and files without any text', async () => {
    await expectRefused(new Uint8Array(0), 'leeg.docx', 'empty');
    await expectRefused(new TextEncoder().encode(' \n\r\n\t '), 'leeg.txt', 'empty');
    await expectRefused(
      new TextEncoder().encode('<html><body><script>x()</script></body></html>'),
      'leeg.html',
      'empty',
    );
  });

  it('a truncated or corrupt docx and odt (broken zip)', async () => {
    const docx = await makeDocx();
    const cut = await expectRefused(docx.subarray(0, docx.length >> 1), 'kapot.docx', 'corrupt');
    expect(cut.message).toContain('broken zip');
    const odt = makeOdt();
    await expectRefused(odt.subarray(0, odt.length - 30), 'kapot.odt', 'corrupt');
    await expectRefused(new TextEncoder().encode('geen zip'), 'nep.docx', 'corrupt');
    // Valid zip, broken XML.
    await expectRefused(makeOdt('<office:document-content><office:body>'), 'xml.odt', 'corrupt');
  });

  it('a zip bomb: a docx whose XML expands to a gigabyte, with lying size headers', async () => {
    const bomb = makeZipBombDocx(1);
    expect(bomb.length).toBeLessThan(4 * MiB);
    await expectRefused(bomb, 'bom.docx', 'zip-bomb');
    // The same archive under a lower absolute cap and no ratio check is still stopped.
    await expectRefused(bomb, 'bom.docx', 'zip-bomb', {
      maxExpandedBytes: 8 * MiB,
      ratioCheckAfterBytes: Number.MAX_SAFE_INTEGER,
    });
    await expectRefused(makeOverlappingZip(), 'overlap.odt', 'zip-bomb');
  });

  it('the bomb fixture really expands (checked on a small one)', () => {
    const small = deflateOfSpaces('<a>', 3, '</a>');
    const out = inflateSync(small);
    expect(out.length).toBe(3 + 3 * MiB + 4);
    expect(new TextDecoder().decode(out.subarray(out.length - 4))).toBe('</a>');
  });

  it('a scanned PDF without a text layer', async () => {
    const err = await expectRefused(await makeScannedPdf(), 'scan.pdf', 'scanned-pdf');
    expect(err.message).toContain('scanned PDF, no text');
  });

  it('a password-protected PDF', async () => {
    await expectRefused(
      await makePdf({ userPassword: 'geheim' }),
      'beveiligd.pdf',
      'encrypted-pdf',
    );
  });

  it('a binary file named .txt or .md', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await expectRefused(png, 'foto.txt', 'binary');
    const noise = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
    await expectRefused(noise, 'ruis.md', 'binary');
    await expectRefused(await makeDocx(), 'eigenlijk-word.txt', 'binary');
  });

  it('a file over the size limit (50 MB by default)', async () => {
    const big = new Uint8Array(50 * MiB + 1).fill(0x61);
    const err = await expectRefused(big, 'groot.txt', 'too-large');
    expect(err.message).toContain('50.0 MB');
    await expectRefused(new TextEncoder().encode(DUTCH), 'klein.txt', 'too-large', {
      maxFileBytes: 10,
    });
  });

  it('an unsupported extension, or an old binary Word file', async () => {
    const err = await expectRefused(new TextEncoder().encode('a,b'), 'cijfers.xlsx', 'unsupported');
    expect(err.message).toContain('.docx');
    await expectRefused(new TextEncoder().encode('x'), 'zonder-extensie', 'unsupported');
    const ole = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    await expectRefused(ole, 'oud.docx', 'corrupt');
  });
});

describe('content sniffing', () => {
  it('reads a PDF or RTF by its content when the name says otherwise', async () => {
    const doc = await parseDocument(await makePdf(), 'verkeerd.docx');
    expect(doc.text.startsWith('Voortgangsrapportage')).toBe(true);
    expect(doc.warnings[0]).toContain('PDF');
    const rtf = await parseDocument(new TextEncoder().encode('{\\rtf1\\ansi Hallo\\par}'), 'a.txt');
    expect(rtf.text).toBe('Hallo');
  });
});

describe('parsing in a worker thread', () => {
  it('gives the same result as parsing in-process', async () => {
    const bytes = await makeDocx();
    const inWorker = await parseInWorker(bytes, 'a.docx');
    const inProcess = await parseDocument(bytes, 'a.docx');
    expect(inWorker).toEqual(inProcess);
  });

  it('passes refusals back as ImportError with the reason', async () => {
    const err = await parseInWorker(makeZipBombDocx(1), 'bom.docx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).reason).toBe('zip-bomb');
    expect((err as ImportError).message).toMatch(/^bom\.docx: /);
  });

  it('stops a parse that runs over its time limit and carries on with the next file', async () => {
    const pdf = await makePdf();
    const err = await parseInWorker(pdf, 'traag.pdf', { timeoutMs: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).reason).toBe('timeout');
    const next = await parseInWorker(pdf, 'daarna.pdf');
    expect(next.text.startsWith('Voortgangsrapportage')).toBe(true);
  });
});
