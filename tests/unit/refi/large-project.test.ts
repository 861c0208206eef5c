import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ZIP_LIMITS } from '../../../core/server/refi/index.js';
import { importProjectFile, type RefiStep } from '../../../core/server/refi/project-io.js';
import { SafeZip } from '../../../core/server/zip/safe-zip.js';
import { refused, tempDir, tempProject } from '../helpers.js';
import { CODE_A, USER, zip } from './build.js';

const guid = (kind: number, i: number) =>
  `5555555${kind}-5555-4555-8555-${String(i).padStart(12, '0')}`;
const TEXT = 'Een zin over de regio. Nog een zin over samenwerking en geld.\n';

/** A project of `sources` text sources with `perSource` coded selections each, as a .qdpx. */
function manySources(sources: number, perSource: number): { xml: string; qdpx: Uint8Array } {
  const files: Record<string, string> = {};
  const parts: string[] = [];
  for (let i = 0; i < sources; i++) {
    const src = guid(1, i);
    files[`sources/${src}.txt`] = TEXT;
    const sels = Array.from({ length: perSource }, (_, j) => {
      const start = j % 20;
      return (
        `<PlainTextSelection guid="${guid(2, i * perSource + j)}" startPosition="${start}" endPosition="${start + 10}" creatingUser="${USER}">` +
        `<Coding guid="${guid(3, i * perSource + j)}" creatingUser="${USER}"><CodeRef targetGUID="${CODE_A}"/></Coding>` +
        `</PlainTextSelection>\n`
      );
    }).join('');
    parts.push(
      `<TextSource guid="${src}" name="Bron ${i}" plainTextPath="internal://${src}.txt">\n${sels}</TextSource>\n`,
    );
  }
  const xml =
    `<?xml version="1.0" encoding="utf-8"?>\n` +
    `<Project xmlns="urn:QDA-XML:project:1.0" name="Groot" origin="test">\n` +
    `<Users><User guid="${USER}" name="Tester"/></Users>\n` +
    `<CodeBook><Codes><Code guid="${CODE_A}" name="A" isCodable="true" color="#ff0000"/></Codes></CodeBook>\n` +
    `<Sources>\n${parts.join('')}</Sources>\n</Project>\n`;
  return { xml, qdpx: zip({ 'project.qde': xml, ...files }) };
}

describe('a project.qde of any size', () => {
  const dir = tempDir();

  it('imports a project.qde larger than any file the reader may hold, read piece by piece', async () => {
    const { xml, qdpx } = manySources(300, 10);
    // The limit for what is held (the text files) is far below project.qde: the old reader,
    // which inflated project.qde whole, refused such a file as an entry beyond that limit.
    const limits = { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 256 * 1024 };
    expect(new TextEncoder().encode(xml).length).toBeGreaterThan(4 * limits.maxEntryBytes);
    const sub = join(dir, 'large');
    (await import('node:fs')).mkdirSync(sub);
    const steps: RefiStep[] = [];
    const { report } = await importProjectFile(
      { bytes: qdpx, fileName: 'groot.qdpx' },
      join(sub, 'groot.casus'),
      { limits, inWorker: false, progress: (step) => steps.push(step) },
    );
    expect(report.counts).toMatchObject({ sources: 300, segments: 3000, codings: 3000 });
    // While it is read, the import says how far it is: in sources written as they are read (the
    // archive's text files tell how many to expect), not in bytes of project.qde as well.
    const building = steps.filter((s) => s.step === 'building');
    expect(building.map((s) => s.done)).toEqual([0, 50, 100, 150, 200, 250]);
    expect(building.every((s) => s.total === 300)).toBe(true);
    expect(steps.filter((s) => s.step === 'reading' && s.total !== undefined)).toEqual([]);
    expect(report.skipped).toEqual([]);
    // project.qde still has a limit of its own, checked before and while it is inflated.
    const e = await refused(() =>
      importProjectFile({ bytes: qdpx, fileName: 'groot.qdpx' }, join(sub, 'again.casus'), {
        limits: { ...limits, maxProjectXmlBytes: 256 * 1024 },
        inWorker: false,
      }),
    );
    expect(e.message).toMatch(
      /^groot\.qdpx: entry "project\.qde" would expand to \d+ MB, more than the 0\.25 MB allowed$/,
    );
    expect(readdirSync(sub)).toEqual(['groot.casus']);
  });

  it('refuses a project.qde that stops midway, naming the file and where, and leaves nothing', async () => {
    const p = await tempProject();
    const { xml } = manySources(40, 5);
    const sub = join(dir, 'cut');
    (await import('node:fs')).mkdirSync(sub);
    const file = join(sub, 'cut.qdpx');
    const half = xml.slice(0, Math.floor(xml.length / 2));
    const texts: Record<string, string> = {};
    for (let i = 0; i < 40; i++) texts[`sources/${guid(1, i)}.txt`] = TEXT;
    writeFileSync(file, zip({ 'project.qde': half, ...texts }));
    const e = await refused(() =>
      p.call('refi.importProject', { filePath: file, outPath: join(sub, 'cut.casus') }),
    );
    expect(e.code).toBe('import_failed');
    expect(e.message).toMatch(
      /^cut\.qdpx: the XML \(project\.qde\) is not well-formed at line \d+, column \d+: /,
    );
    expect(readdirSync(sub)).toEqual(['cut.qdpx']);
  });

  it('refuses a project.qde whose compressed data are damaged midway, and leaves nothing', async () => {
    const p = await tempProject();
    const { qdpx } = manySources(40, 5);
    const entry = SafeZip.open(qdpx, DEFAULT_ZIP_LIMITS).find('project.qde')!;
    const damaged = qdpx.slice();
    const middle = entry.dataStart + Math.floor(entry.compressedSize / 2);
    damaged.fill(0xff, middle, middle + 64);
    const sub = join(dir, 'damaged');
    (await import('node:fs')).mkdirSync(sub);
    const file = join(sub, 'damaged.qdpx');
    writeFileSync(file, damaged);
    const e = await refused(() =>
      p.call('refi.importProject', { filePath: file, outPath: join(sub, 'damaged.casus') }),
    );
    expect(e.code).toBe('import_failed');
    expect(e.message).toMatch(
      /^damaged\.qdpx: entry "project\.qde" (cannot be decompressed|is damaged \(size or checksum mismatch\))$/,
    );
    expect(readdirSync(sub)).toEqual(['damaged.qdpx']);
  });
});
