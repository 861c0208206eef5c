import { afterAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../../core/server/import/errors.js';
import { DEFAULT_LIMITS, MiB } from '../../../core/server/import/limits.js';
import { parseDocument } from '../../../core/server/import/parse-document.js';
import { closeParseWorkers, parseInWorker } from '../../../core/server/import/worker.js';
import { makeBigDocx } from './hostile-fixtures.js';

afterAll(() => closeParseWorkers());

describe('a docx whose XML unpacks to more than one part may hold', () => {
  // About 40 MB of ordinary paragraphs: a file of a few MB, far under the 50 MB file limit.
  const docx = makeBigDocx(40);
  const limitMb = DEFAULT_LIMITS.maxPartBytes / MiB;

  it('is refused before it is parsed, naming the part, its size and the limit', async () => {
    expect(docx.length).toBeLessThan(DEFAULT_LIMITS.maxFileBytes);
    const err = await parseDocument(docx, 'groot.docx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).reason).toBe('too-large');
    expect((err as ImportError).message).toBe(
      `groot.docx: the file is too large to import (word/document.xml unpacks to 40 MB; the limit for one part is ${limitMb} MB)`,
    );
  });

  it('gets the same answer from the parse worker (not a timeout or running out of memory)', async () => {
    const err = await parseInWorker(docx, 'groot.docx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).message).toContain(
      `word/document.xml unpacks to 40 MB; the limit for one part is ${limitMb} MB`,
    );
  });
});
