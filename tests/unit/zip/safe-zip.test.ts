import { strToU8, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  SafeZip,
  SafeZipError,
  type SafeZipFault,
  type SafeZipLimits,
} from '../../../core/server/zip/safe-zip.js';

const LIMITS: SafeZipLimits = {
  maxEntries: 100,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 128 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

function zip(files: Record<string, string | Uint8Array | [Uint8Array, object]>): Uint8Array {
  const z: Zippable = {};
  for (const [name, v] of Object.entries(files)) {
    z[name] = typeof v === 'string' ? strToU8(v) : (v as Zippable[string]);
  }
  return zipSync(z);
}

/** Offsets of the central directory records, in order. */
function centralRecords(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = bytes.length - 22;
  const count = view.getUint16(eocd + 10, true);
  const out: number[] = [];
  let p = view.getUint32(eocd + 16, true);
  for (let i = 0; i < count; i++) {
    out.push(p);
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true);
  }
  return out;
}

/** Changes a 16- or 32-bit field of the n-th central directory record. */
function patch(bytes: Uint8Array, n: number, at: number, value: number, bits: 16 | 32 = 32) {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  const p = centralRecords(copy)[n]!;
  if (bits === 16) view.setUint16(p + at, value, true);
  else view.setUint32(p + at, value, true);
  return copy;
}

function fault(run: () => unknown): SafeZipFault {
  try {
    run();
  } catch (e) {
    if (e instanceof SafeZipError) return e.fault;
    throw e;
  }
  throw new Error('expected a SafeZipError');
}

const readAll = (bytes: Uint8Array, limits = LIMITS) =>
  SafeZip.open(bytes, limits).readAll(() => true);

describe('safe zip reader: opening', () => {
  it('reads a well-formed archive, only the wanted entries', () => {
    const z = SafeZip.open(
      zip({ 'a.txt': 'alpha', 'dir/': new Uint8Array(0), 'B.txt': 'beta' }),
      LIMITS,
    );
    expect(z.names).toEqual(['a.txt', 'dir/', 'B.txt']);
    expect(z.entries.map((e) => e.name)).toEqual(['a.txt', 'B.txt']);
    const files = z.readAll((n) => n === 'a.txt');
    expect([...files.keys()]).toEqual(['a.txt']);
    expect(new TextDecoder().decode(files.get('a.txt'))).toBe('alpha');
    expect(z.find('b.txt')?.name).toBe('B.txt');
    expect(z.find('c.txt')).toBeUndefined();
  });

  it('refuses what is not a zip, and a truncated one', () => {
    expect(fault(() => SafeZip.open(strToU8('plain text'), LIMITS)).kind).toBe('not-zip');
    const good = zip({ 'a.txt': 'alpha' });
    expect(fault(() => SafeZip.open(good.subarray(0, good.length - 10), LIMITS)).kind).toBe(
      'no-directory',
    );
  });

  it('refuses traversal, also behind backslashes, and absolute paths', () => {
    expect(fault(() => SafeZip.open(zip({ '../evil.txt': 'x' }), LIMITS))).toEqual({
      kind: 'unsafe-name',
      entry: '../evil.txt',
      why: 'climbs out of the archive (../)',
    });
    expect(fault(() => SafeZip.open(zip({ 'a\\..\\..\\x': 'x' }), LIMITS)).kind).toBe(
      'unsafe-name',
    );
    for (const name of ['/etc/passwd', 'C:/Windows/x.txt']) {
      const f = fault(() => SafeZip.open(zip({ [name]: 'x' }), LIMITS));
      expect(f).toMatchObject({ kind: 'unsafe-name', why: 'is an absolute path' });
    }
  });

  it('refuses symbolic links', () => {
    const link: [Uint8Array, object] = [
      strToU8('/etc/passwd'),
      { os: 3, attrs: (0o120777 << 16) >>> 0 },
    ];
    expect(fault(() => SafeZip.open(zip({ ln: link }), LIMITS))).toEqual({
      kind: 'symlink',
      entry: 'ln',
    });
  });

  it('refuses too many entries', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 11; i++) files[`f${i}.txt`] = 'x';
    expect(fault(() => SafeZip.open(zip(files), { ...LIMITS, maxEntries: 10 }))).toEqual({
      kind: 'too-many-entries',
      count: 11,
      limit: 10,
    });
  });

  it('refuses encrypted and ZIP64 entries', () => {
    const good = zip({ 'a.txt': 'alpha' });
    expect(fault(() => SafeZip.open(patch(good, 0, 8, 1, 16), LIMITS)).kind).toBe('encrypted');
    expect(fault(() => SafeZip.open(patch(good, 0, 24, 0xffffffff), LIMITS)).kind).toBe('zip64');
  });

  it('refuses overlapping entries and duplicate names', () => {
    const good = zip({ 'a.txt': 'alpha', 'b.txt': 'beta' });
    const second = patch(good, 1, 42, 0); // b.txt's record points at a.txt's data
    expect(fault(() => SafeZip.open(second, LIMITS))).toEqual({ kind: 'overlap', entry: 'b.txt' });
    const twice = good.slice();
    const p = centralRecords(twice)[1]!;
    twice.set(strToU8('a.txt'), p + 46);
    expect(fault(() => SafeZip.open(twice, LIMITS))).toEqual({ kind: 'duplicate', entry: 'a.txt' });
  });
});

describe('safe zip reader: inflating', () => {
  it('stops an entry that expands beyond its declared size', () => {
    const bytes = patch(zip({ 'a.txt': 'lie '.repeat(50_000) }), 0, 24, 10);
    expect(fault(() => readAll(bytes))).toEqual({ kind: 'size-lie', entry: 'a.txt' });
  });

  it('refuses a checksum mismatch and an unknown method', () => {
    const good = zip({ 'a.txt': 'alpha alpha alpha' });
    expect(fault(() => readAll(patch(good, 0, 16, 1)))).toEqual({
      kind: 'checksum',
      entry: 'a.txt',
    });
    expect(fault(() => readAll(patch(good, 0, 10, 12, 16)))).toMatchObject({
      kind: 'method',
      method: 12,
    });
  });

  it('refuses a bomb by its ratio, per entry and for the archive as a whole', () => {
    const zeros = new Uint8Array(20 * 1024 * 1024);
    expect(fault(() => readAll(zip({ 'z.bin': zeros })))).toEqual({
      kind: 'ratio',
      entry: 'z.bin',
      limit: 200,
    });
    // Each entry stays under the floor; together they pass it, far above the ratio.
    const parts: Record<string, Uint8Array> = {};
    for (let i = 0; i < 4; i++) parts[`p${i}.bin`] = new Uint8Array(512 * 1024);
    expect(fault(() => readAll(zip(parts)))).toEqual({ kind: 'ratio', limit: 200 });
  });

  it('enforces the entry and total caps, on declared and on real sizes', () => {
    const text = strToU8('word '.repeat(5000));
    const open = { ...LIMITS, maxRatio: 1e6, ratioFloorBytes: 1e9 };
    expect(
      fault(() => readAll(zip({ 'a.txt': text }), { ...open, maxEntryBytes: 10_000 })),
    ).toEqual({ kind: 'entry-too-large', entry: 'a.txt', limit: 10_000, declared: text.length });
    expect(
      fault(() =>
        readAll(zip({ 'a.txt': text, 'b.txt': text }), { ...open, maxTotalBytes: 40_000 }),
      ),
    ).toEqual({ kind: 'total-too-large', entry: 'b.txt', limit: 40_000 });
    // Headers that understate the size do not get past the cap.
    const lying = patch(zip({ 'a.txt': text }), 0, 24, 100);
    expect(fault(() => readAll(lying, { ...open, maxEntryBytes: 1000 }))).toMatchObject({
      kind: 'entry-too-large',
      limit: 1000,
    });
  });
});

/** The fault of an asynchronous read that must fail. */
async function asyncFault(run: () => Promise<unknown>): Promise<SafeZipFault> {
  try {
    await run();
  } catch (e) {
    if (e instanceof SafeZipError) return e.fault;
    throw e;
  }
  throw new Error('expected a SafeZipError');
}

/** An archive with a short entry and a long one twice, deflated and stored. */
function bigArchive() {
  const big = strToU8(Array.from({ length: 60_000 }, (_, i) => `regel ${i * 7919}\n`).join(''));
  return {
    big,
    bytes: zip({ 'a.txt': 'alpha', 'big.xml': big, 'stored.bin': [big, { level: 0 }] }),
  };
}

/**
 * Hostile archives and the limits they are opened with, each refused by read: those every reader
 * refuses alike, the one over the total held in memory (which a streamed entry does not count
 * towards), and a deflate stream that stops before its last block.
 */
function hostileArchives() {
  const text = strToU8('word '.repeat(5000));
  const open = { ...LIMITS, maxRatio: 1e6, ratioFloorBytes: 1e9 };
  const parts: Record<string, Uint8Array> = {};
  for (let i = 0; i < 4; i++) parts[`p${i}.bin`] = new Uint8Array(512 * 1024);
  const good = zip({ 'a.txt': 'alpha alpha alpha' });
  const deflated = zip({ 'a.txt': text });
  const entry = SafeZip.open(deflated, open).entries[0]!;
  // Deflate data cut short, and deflate data overwritten with bytes that are no deflate stream.
  const cut = deflated.slice();
  cut.fill(0, entry.dataStart + 10, entry.dataStart + entry.compressedSize);
  const garbage = deflated.slice();
  garbage.fill(0xff, entry.dataStart, entry.dataStart + entry.compressedSize);
  const alike: [Uint8Array, SafeZipLimits][] = [
    [patch(zip({ 'a.txt': 'lie '.repeat(50_000) }), 0, 24, 10), LIMITS],
    [patch(good, 0, 16, 1), LIMITS],
    [patch(good, 0, 10, 12, 16), LIMITS],
    [zip({ 'z.bin': new Uint8Array(20 * 1024 * 1024) }), LIMITS],
    [zip(parts), LIMITS],
    [deflated, { ...open, maxEntryBytes: 10_000 }],
    [patch(deflated, 0, 24, 100), { ...open, maxEntryBytes: 1000 }],
    [cut, open],
    [garbage, open],
  ];
  const heldTotal: [Uint8Array, SafeZipLimits] = [
    zip({ 'a.txt': text, 'b.txt': text }),
    { ...open, maxTotalBytes: 40_000 },
  ];
  const early: [Uint8Array, SafeZipLimits] = [
    patch(deflated, 0, 20, entry.compressedSize - 8),
    open,
  ];
  return { alike, heldTotal, early };
}

describe('safe zip reader: inflating with zlib (readAsync)', () => {
  /** Every entry through readAsync, in archive order, as readAll reads them. */
  async function readAllAsync(bytes: Uint8Array, limits = LIMITS): Promise<Uint8Array[]> {
    const z = SafeZip.open(bytes, limits);
    const out: Uint8Array[] = [];
    for (const e of z.entries) out.push(await z.readAsync(e));
    return out;
  }

  it('reads what read reads, byte for byte, stored and deflated', async () => {
    const { big, bytes } = bigArchive();
    const z = SafeZip.open(bytes, LIMITS);
    for (const e of z.entries) expect(await z.readAsync(e)).toEqual(z.read(e));
    expect((await readAllAsync(bytes))[1]).toEqual(big);
  });

  it('refuses every hostile archive read refuses, with the same fault', async () => {
    const { alike, heldTotal } = hostileArchives();
    const cases = [...alike, heldTotal];
    for (const [bytes, limits] of cases) {
      const expected = fault(() => readAll(bytes, limits));
      expect(await asyncFault(() => readAllAsync(bytes, limits))).toEqual(expected);
    }
  });
});

describe('safe zip reader: inflating piece by piece (stream)', () => {
  /** Every entry through stream, in archive order; the pieces of each joined. */
  async function streamAll(bytes: Uint8Array, limits = LIMITS, entryLimit = limits.maxEntryBytes) {
    const z = SafeZip.open(bytes, limits);
    const out: Buffer[] = [];
    for (const e of z.entries) {
      const pieces: Uint8Array[] = [];
      await z.stream(e, entryLimit, (p) => void pieces.push(p.slice()));
      out.push(Buffer.concat(pieces));
    }
    return out;
  }

  it('hands out what read reads, stored and deflated, in pieces, and never the whole at once', async () => {
    const { bytes } = bigArchive();
    const z = SafeZip.open(bytes, LIMITS);
    for (const e of z.entries) {
      const pieces: Uint8Array[] = [];
      await z.stream(e, LIMITS.maxEntryBytes, (p) => void pieces.push(p.slice()));
      // Compared as buffers: an element-wise comparison of megabytes takes the test's time.
      expect(Buffer.concat(pieces).equals(z.read(e))).toBe(true);
      if (e.size > 512 * 1024) {
        expect(pieces.length).toBeGreaterThan(1);
        expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(e.size);
      }
    }
  });

  it('takes an entry larger than what may be held, up to its own limit, outside the held total', async () => {
    const text = strToU8('word '.repeat(50_000));
    const limits = { ...LIMITS, maxEntryBytes: 10_000, maxTotalBytes: 20_000, maxRatio: 1e6 };
    const [out] = await streamAll(zip({ 'project.qde': text }), limits, 1_000_000);
    expect(out!.equals(text)).toBe(true);
    expect(
      await asyncFault(() => streamAll(zip({ 'project.qde': text }), limits, 100_000)),
    ).toEqual({
      kind: 'entry-too-large',
      entry: 'project.qde',
      limit: 100_000,
      declared: text.length,
    });
    // Headers that understate the size do not get past the limit either.
    const lying = patch(zip({ 'project.qde': text }), 0, 24, 100);
    expect(await asyncFault(() => streamAll(lying, limits, 1000))).toMatchObject({
      kind: 'entry-too-large',
      limit: 1000,
    });
  });

  it('stops a bomb before it has expanded', async () => {
    let handed = 0;
    const bomb = zip({ 'z.bin': new Uint8Array(20 * 1024 * 1024) });
    const z = SafeZip.open(bomb, LIMITS);
    expect(
      await asyncFault(() => z.stream(z.entries[0]!, 1e10, (p) => void (handed += p.length))),
    ).toEqual({ kind: 'ratio', entry: 'z.bin', limit: 200 });
    expect(handed).toBeLessThan(4 * 1024 * 1024);
  });

  it('refuses what read refuses, with the same fault', async () => {
    const { alike, early } = hostileArchives();
    const cases = [...alike, early];
    for (const [bytes, limits] of cases) {
      const expected = fault(() => readAll(bytes, limits));
      expect(await asyncFault(() => streamAll(bytes, limits))).toEqual(expected);
    }
  });
});
