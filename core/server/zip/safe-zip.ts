import { Inflate } from 'fflate';
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';

/**
 * A careful reader for untrusted ZIP archives (.docx, .odt, .qdpx). It walks the central directory
 * itself and refuses the whole archive when anything is off: path traversal, absolute paths,
 * symbolic links, too many entries, encrypted or ZIP64 entries, duplicate names, and entries whose
 * data overlap (the trick behind non-recursive zip bombs). Nothing is inflated until the caller
 * asks for an entry; then it inflates in small slices, counting the bytes that actually come out,
 * and stops as soon as an entry, the archive total or an expansion ratio passes the limits. Sizes
 * and checksums in the headers must match what comes out.
 *
 * Problems are thrown as SafeZipError with a structured `fault`, so that each caller can word
 * them for its own users (see core/server/import/zip.ts and core/server/refi/zip.ts).
 */
export interface SafeZipLimits {
  maxEntries: number;
  /** Expanded size of one inflated entry. */
  maxEntryBytes: number;
  /** Expanded size of all inflated entries together. */
  maxTotalBytes: number;
  /**
   * Expanded/compressed ratio allowed, checked per entry (against the entry's compressed size)
   * and for the archive as a whole (against the compressed bytes consumed so far), once the
   * expanded size is larger than `ratioFloorBytes` (so small, very repetitive parts stay fine).
   */
  maxRatio: number;
  ratioFloorBytes: number;
}

/** What is wrong with an archive. `entry` is the entry's name as stored. */
export type SafeZipFault =
  | { kind: 'not-zip' }
  | { kind: 'no-directory' }
  | { kind: 'directory-outside' }
  | { kind: 'directory-damaged' }
  | { kind: 'zip64' }
  | { kind: 'too-many-entries'; count: number; limit: number }
  | { kind: 'unsafe-name'; entry: string; why: string }
  | { kind: 'symlink'; entry: string }
  | { kind: 'encrypted'; entry: string }
  | { kind: 'no-local-header'; entry: string }
  | { kind: 'entry-truncated'; entry: string }
  | { kind: 'overlap'; entry: string }
  | { kind: 'duplicate'; entry: string }
  | { kind: 'method'; entry: string; method: number }
  /** `declared` is set when the header's size was refused before inflating. */
  | { kind: 'entry-too-large'; entry: string; limit: number; declared?: number }
  | { kind: 'total-too-large'; entry: string; limit: number }
  | { kind: 'size-lie'; entry: string }
  /** `entry` is absent when the archive as a whole passed the ratio. */
  | { kind: 'ratio'; entry?: string; limit: number }
  | { kind: 'inflate-failed'; entry: string }
  | { kind: 'ends-early'; entry: string }
  | { kind: 'checksum'; entry: string };

export class SafeZipError extends Error {
  constructor(readonly fault: SafeZipFault) {
    super(describeFault(fault));
    this.name = 'SafeZipError';
  }
}

/** A plain English description, for logs and tests; callers word faults for their users. */
export function describeFault(f: SafeZipFault): string {
  const entry = 'entry' in f && f.entry !== undefined ? `entry "${f.entry}" ` : '';
  switch (f.kind) {
    case 'not-zip':
      return 'not a ZIP archive';
    case 'no-directory':
      return 'no end of central directory (truncated?)';
    case 'directory-outside':
      return 'the central directory lies outside the file (truncated?)';
    case 'directory-damaged':
      return 'the central directory is damaged';
    case 'zip64':
      return 'ZIP64 archives are not supported';
    case 'too-many-entries':
      return `${f.count} entries, more than the ${f.limit} allowed`;
    case 'unsafe-name':
      return `${entry}${f.why}`;
    case 'symlink':
      return `${entry}is a symbolic link`;
    case 'encrypted':
      return `${entry}is encrypted`;
    case 'no-local-header':
      return `${entry}has no local header`;
    case 'entry-truncated':
      return `${entry}is truncated`;
    case 'overlap':
      return `${entry}overlaps another entry`;
    case 'duplicate':
      return `${entry}occurs twice`;
    case 'method':
      return `${entry}uses unknown compression method ${f.method}`;
    case 'entry-too-large':
      return `${entry}expands past ${f.limit} bytes`;
    case 'total-too-large':
      return `the archive expands past ${f.limit} bytes`;
    case 'size-lie':
      return `${entry}expands beyond its declared size`;
    case 'ratio':
      return `${entry || 'the archive '}is compressed more than ${f.limit}:1`;
    case 'inflate-failed':
      return `${entry}cannot be decompressed`;
    case 'ends-early':
      return `${entry}ends early`;
    case 'checksum':
      return `${entry}is damaged (size or checksum mismatch)`;
  }
}

export interface SafeZipEntry {
  /** Normalised name: forward slashes, as stored otherwise. */
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  dataStart: number;
}

interface CentralRecord extends SafeZipEntry {
  rawName: string;
  localOffset: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
/** Slice size fed to the inflater: deflate tops out near 1032:1, so one step stays bounded. */
const INFLATE_SLICE = 16 * 1024;
/** The pieces zlib hands out (each is checked against the limits before the next is kept). */
const NATIVE_CHUNK = 256 * 1024;

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

function fail(fault: SafeZipFault): never {
  throw new SafeZipError(fault);
}

/** Whether the bytes start like a ZIP archive (a local file header). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && u32(bytes, 0) === SIG_LOCAL;
}

/** Why a name is unsafe to use as a path, or null when it is fine. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\0')) return 'contains a NUL character';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'is an absolute path';
  if (name.split('/').some((seg) => seg === '..')) return 'climbs out of the archive (../)';
  return null;
}

export class SafeZip {
  private inflatedTotal = 0;
  /** Bytes handed out piece by piece (`stream`): they count for the ratio, not the held total. */
  private streamedTotal = 0;
  private consumedTotal = 0;
  private readonly byLower = new Map<string, SafeZipEntry[]>();

  private constructor(
    private readonly bytes: Uint8Array,
    private readonly limits: SafeZipLimits,
    /** The file entries (directories left out), in central directory order. */
    readonly entries: readonly SafeZipEntry[],
    /** Every entry name in the archive, directories included. */
    readonly names: readonly string[],
  ) {
    for (const e of entries) {
      const key = e.name.toLowerCase();
      const list = this.byLower.get(key) ?? [];
      list.push(e);
      this.byLower.set(key, list);
    }
  }

  /** Reads and checks the central directory; nothing is inflated yet. */
  static open(bytes: Uint8Array, limits: SafeZipLimits): SafeZip {
    if (!looksLikeZip(bytes)) fail({ kind: 'not-zip' });
    const eocd = findEocd(bytes);
    if (eocd < 0) fail({ kind: 'no-directory' });
    if (eocd >= 20 && u32(bytes, eocd - 20) === SIG_ZIP64_LOCATOR) fail({ kind: 'zip64' });
    const total = u16(bytes, eocd + 10);
    const cdSize = u32(bytes, eocd + 12);
    const cdOffset = u32(bytes, eocd + 16);
    if (total === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      fail({ kind: 'zip64' });
    }
    if (total > limits.maxEntries) {
      fail({ kind: 'too-many-entries', count: total, limit: limits.maxEntries });
    }
    if (cdOffset + cdSize > eocd) fail({ kind: 'directory-outside' });
    const records: CentralRecord[] = [];
    const decoder = new TextDecoder('utf-8');
    let p = cdOffset;
    for (let i = 0; i < total; i++) {
      if (p + 46 > bytes.length || u32(bytes, p) !== SIG_CENTRAL) {
        fail({ kind: 'directory-damaged' });
      }
      const nameLen = u16(bytes, p + 28);
      if (p + 46 + nameLen > bytes.length) fail({ kind: 'directory-damaged' });
      const record = readRecord(bytes, p, decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen)));
      records.push(record);
      p += 46 + nameLen + u16(bytes, p + 30) + u16(bytes, p + 32);
    }
    refuseOverlaps(records);
    const files = records.filter((r) => !r.name.endsWith('/'));
    const seen = new Set<string>();
    for (const r of files) {
      if (seen.has(r.name)) fail({ kind: 'duplicate', entry: r.rawName });
      seen.add(r.name);
    }
    const entries = files.map(({ name, method, compressedSize, size, crc, dataStart }) => ({
      name,
      method,
      compressedSize,
      size,
      crc,
      dataStart,
    }));
    return new SafeZip(
      bytes,
      limits,
      entries,
      records.map((r) => r.name),
    );
  }

  /** Exact name first, then a case-insensitive match (`Sources/` vs `sources/`, GUID case). */
  find(name: string): SafeZipEntry | undefined {
    const exact = this.entries.find((e) => e.name === name);
    if (exact) return exact;
    const list = this.byLower.get(name.toLowerCase());
    return list && list.length === 1 ? list[0] : undefined;
  }

  /** Inflates the entries whose names pass `wanted`, in archive order. */
  readAll(wanted: (name: string) => boolean): Map<string, Uint8Array> {
    const files = new Map<string, Uint8Array>();
    for (const e of this.entries) if (wanted(e.name)) files.set(e.name, this.read(e));
    return files;
  }

  /** Inflates one entry, enforcing the size, total and ratio limits while inflating. */
  read(entry: SafeZipEntry): Uint8Array {
    const { raw, cap } = this.before(entry);
    if (entry.method === 0) return this.after(entry, raw, raw);
    return this.after(entry, raw, this.inflateWhole(entry, raw) ?? this.inflate(entry, raw, cap));
  }

  /**
   * Inflates an entry with zlib in one call when no limit can be passed on the way: its declared
   * size passed them all (before), zlib is allowed no byte more than that size, and even the
   * first slice's ratio could not take the archive past its ratio. That is every entry of a real
   * archive after its first large one (the sources of a .qdpx, inflated four times faster so).
   * Null when this does not hold or zlib fails: then `inflate` reads it piece by piece and names
   * the fault exactly.
   */
  private inflateWhole(entry: SafeZipEntry, raw: Uint8Array): Uint8Array | null {
    const { maxRatio, ratioFloorBytes } = this.limits;
    const expanded = this.inflatedTotal + this.streamedTotal + entry.size;
    const firstSlice = Math.min(raw.length, INFLATE_SLICE);
    if (expanded > ratioFloorBytes && expanded > (this.consumedTotal + firstSlice) * maxRatio)
      return null;
    try {
      // zlib refuses a limit of 0; an empty entry that yields a byte is left to `inflate`.
      const out = inflateRawSync(raw, { maxOutputLength: Math.max(entry.size, 1) });
      if (out.length > entry.size) return null;
      return new Uint8Array(out.buffer, out.byteOffset, out.length);
    } catch {
      return null;
    }
  }

  /**
   * `read` with Node's zlib, off this thread, for a large entry (a project's XML): several times
   * faster than the JavaScript inflater, with the same limits checked on every piece that comes
   * out. Damaged data is handed to `read`'s inflater, so a fault is named as `read` names it.
   */
  async readAsync(entry: SafeZipEntry): Promise<Uint8Array> {
    const { raw, cap } = this.before(entry);
    if (entry.method === 0) return this.after(entry, raw, raw);
    let out: Uint8Array;
    try {
      out = await this.inflateNative(entry, raw, cap);
    } catch (e) {
      if (e instanceof SafeZipError) throw e;
      out = this.inflate(entry, raw, cap);
    }
    return this.after(entry, raw, out);
  }

  /**
   * Inflates an entry piece by piece, handing each piece to `take` (and waiting for it) before the
   * next slice is inflated, so the entry never exists whole: for an XML document far larger than
   * what may be held (`entryLimit` applies to it instead of `maxEntryBytes`). Every piece is
   * checked against the entry limit, the declared size and both ratios before it is handed out;
   * the size and checksum of the whole are checked at the end, so a caller must keep nothing of an
   * entry until this resolves. Streamed bytes count for the archive's ratio, not for
   * `maxTotalBytes`, which bounds what is held in memory. An error thrown by `take` stops the
   * inflating and is passed on.
   */
  async stream(
    entry: SafeZipEntry,
    entryLimit: number,
    take: (piece: Uint8Array) => void | Promise<void>,
  ): Promise<void> {
    if (entry.size > entryLimit) {
      fail({ kind: 'entry-too-large', entry: entry.name, limit: entryLimit, declared: entry.size });
    }
    const raw = this.raw(entry);
    let produced = 0;
    let crc = 0;
    const check = (piece: Uint8Array, consumed: number) => {
      produced += piece.length;
      this.checkProduced(entry, produced, consumed, Number.POSITIVE_INFINITY, entryLimit);
      crc = crc32(piece, crc);
    };
    if (entry.method === 0) {
      for (let o = 0; o < raw.length; o += NATIVE_CHUNK) {
        const piece = raw.subarray(o, Math.min(raw.length, o + NATIVE_CHUNK));
        check(piece, o + piece.length);
        await take(piece);
      }
    } else {
      await this.inflateStreaming(entry, raw, check, take);
    }
    if (produced !== entry.size || crc >>> 0 !== entry.crc) {
      fail({ kind: 'checksum', entry: entry.name });
    }
    this.streamedTotal += produced;
    this.consumedTotal += raw.length;
  }

  /**
   * zlib in the thread pool, one slice of input at a time: what a slice yields is checked and
   * taken before the next slice is written, so at most one slice's output waits in memory.
   */
  private async inflateStreaming(
    entry: SafeZipEntry,
    raw: Uint8Array,
    check: (piece: Uint8Array, consumed: number) => void,
    take: (piece: Uint8Array) => void | Promise<void>,
  ): Promise<void> {
    const z = createInflateRaw({ chunkSize: NATIVE_CHUNK });
    const out: Uint8Array[] = [];
    let error: Error | null = null;
    let wake: (() => void) | null = null;
    const settle = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    z.on('data', (chunk: Buffer) => {
      out.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    });
    z.on('error', (e: Error) => {
      error ??= e;
      settle();
    });
    let ended = false;
    z.on('end', () => {
      ended = true;
      settle();
    });
    const drain = async (consumed: number) => {
      for (let piece = out.shift(); piece; piece = out.shift()) {
        check(piece, consumed);
        await take(piece);
      }
    };
    try {
      for (let o = 0; o < raw.length && !error && !ended; o += INFLATE_SLICE) {
        const end = Math.min(raw.length, o + INFLATE_SLICE);
        await new Promise<void>((resolve) => {
          wake = resolve;
          z.write(raw.subarray(o, end), settle);
        });
        await drain(end);
      }
      if (!error && !ended) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          z.end();
        });
      }
      await drain(raw.length);
      // Cut short or damaged: named as read's inflater names both.
      if (error) fail({ kind: 'inflate-failed', entry: entry.name });
    } finally {
      z.destroy();
    }
  }

  /** The checks before an entry is inflated; its compressed bytes and what it may expand to. */
  private before(entry: SafeZipEntry): { raw: Uint8Array; cap: number } {
    const { limits } = this;
    const name = entry.name;
    if (entry.size > limits.maxEntryBytes) {
      fail({
        kind: 'entry-too-large',
        entry: name,
        limit: limits.maxEntryBytes,
        declared: entry.size,
      });
    }
    const cap = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - this.inflatedTotal);
    if (entry.size > cap) {
      fail({ kind: 'total-too-large', entry: name, limit: limits.maxTotalBytes });
    }
    return { raw: this.raw(entry), cap };
  }

  /** The checks every entry passes before it is inflated (whole or streamed); its compressed bytes. */
  private raw(entry: SafeZipEntry): Uint8Array {
    const name = entry.name;
    this.checkEntryRatio(entry, entry.size);
    if (entry.method !== 0 && entry.method !== 8) {
      fail({ kind: 'method', entry: name, method: entry.method });
    }
    const raw = this.bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    if (entry.method === 0) this.checkArchiveRatio(raw.length, raw.length);
    return raw;
  }

  /** The checks on what came out, and the archive's totals. */
  private after(entry: SafeZipEntry, raw: Uint8Array, out: Uint8Array): Uint8Array {
    if (out.length !== entry.size || crc32(out) >>> 0 !== entry.crc) {
      fail({ kind: 'checksum', entry: entry.name });
    }
    this.inflatedTotal += out.length;
    this.consumedTotal += raw.length;
    return out;
  }

  /** What the inflater produced so far, checked against every limit (see inflate). */
  private checkProduced(
    entry: SafeZipEntry,
    produced: number,
    consumed: number,
    cap: number,
    entryLimit = this.limits.maxEntryBytes,
  ) {
    const { limits } = this;
    // The header sizes may lie; these checks use what actually came out.
    if (produced > entryLimit) {
      fail({ kind: 'entry-too-large', entry: entry.name, limit: entryLimit });
    }
    if (produced > entry.size) fail({ kind: 'size-lie', entry: entry.name });
    if (produced > cap) {
      fail({ kind: 'total-too-large', entry: entry.name, limit: limits.maxTotalBytes });
    }
    this.checkEntryRatio(entry, produced);
    this.checkArchiveRatio(produced, consumed);
  }

  /**
   * Inflates with zlib in the thread pool, fed the same slices as `inflate`, each written after
   * the one before is done, so `consumed` is known for every piece that comes out. Rejects with a
   * SafeZipError when a limit is passed (the inflater is stopped), with zlib's error otherwise.
   */
  private inflateNative(entry: SafeZipEntry, raw: Uint8Array, cap: number): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const z = createInflateRaw({ chunkSize: NATIVE_CHUNK });
      const chunks: Uint8Array[] = [];
      let produced = 0;
      let consumed = 0;
      let failed = false;
      const stop = (e: unknown) => {
        if (failed) return;
        failed = true;
        z.destroy();
        reject(e);
      };
      z.on('data', (chunk: Buffer) => {
        if (failed) return;
        produced += chunk.length;
        try {
          this.checkProduced(entry, produced, consumed, cap);
        } catch (e) {
          stop(e);
          return;
        }
        // A plain view, as `read` returns: a Buffer's slice() would share memory.
        chunks.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      });
      z.on('error', stop);
      z.on('end', () => {
        if (!failed) resolve(concat(chunks, produced));
      });
      const feed = (o: number) => {
        if (failed) return;
        if (o >= raw.length) {
          z.end();
          return;
        }
        const end = Math.min(raw.length, o + INFLATE_SLICE);
        consumed = end;
        z.write(raw.subarray(o, end), (err) => {
          if (!err) feed(end);
        });
      };
      feed(0);
    });
  }

  private inflate(entry: SafeZipEntry, raw: Uint8Array, cap: number): Uint8Array {
    const chunks: Uint8Array[] = [];
    let produced = 0;
    let consumed = 0;
    let done = false;
    const inflater = new Inflate((chunk, final) => {
      produced += chunk.length;
      this.checkProduced(entry, produced, consumed, cap);
      chunks.push(chunk);
      if (final) done = true;
    });
    try {
      for (let o = 0; o < raw.length; o += INFLATE_SLICE) {
        const end = Math.min(raw.length, o + INFLATE_SLICE);
        consumed = end;
        inflater.push(raw.subarray(o, end), end === raw.length);
      }
      if (raw.length === 0) inflater.push(new Uint8Array(0), true);
    } catch (e) {
      if (e instanceof SafeZipError) throw e;
      fail({ kind: 'inflate-failed', entry: entry.name });
    }
    if (!done && (raw.length > 0 || produced !== entry.size)) {
      fail({ kind: 'ends-early', entry: entry.name });
    }
    return concat(chunks, produced);
  }

  /** An entry that expands (or says it will) to `size` from its compressed size. */
  private checkEntryRatio(entry: SafeZipEntry, size: number): void {
    const { maxRatio, ratioFloorBytes } = this.limits;
    if (size > ratioFloorBytes && size > Math.max(entry.compressedSize, 1) * maxRatio) {
      fail({ kind: 'ratio', entry: entry.name, limit: maxRatio });
    }
  }

  /**
   * The archive so far: everything inflated, with `produced` bytes of the current entry out of
   * `consumed` compressed ones. Measured against the input consumed so far, so a bomb stops early.
   */
  private checkArchiveRatio(produced: number, consumed: number): void {
    const { maxRatio, ratioFloorBytes } = this.limits;
    const expanded = this.inflatedTotal + this.streamedTotal + produced;
    if (
      expanded > ratioFloorBytes &&
      expanded > Math.max(this.consumedTotal + consumed, 1) * maxRatio
    ) {
      fail({ kind: 'ratio', limit: maxRatio });
    }
  }
}

function readRecord(bytes: Uint8Array, p: number, rawName: string): CentralRecord {
  const madeBy = u16(bytes, p + 4);
  const flags = u16(bytes, p + 8);
  const method = u16(bytes, p + 10);
  const crc = u32(bytes, p + 16);
  const compressedSize = u32(bytes, p + 20);
  const size = u32(bytes, p + 24);
  const external = u32(bytes, p + 38);
  const localOffset = u32(bytes, p + 42);
  // Windows tools sometimes store backslashes; treat them as separators for the checks.
  const name = rawName.replace(/\\/g, '/');
  const why = unsafeEntryName(name);
  if (why) fail({ kind: 'unsafe-name', entry: rawName, why });
  const host = madeBy >>> 8;
  const mode = (external >>> 16) & S_IFMT;
  // Unix (3) and macOS (19) keep st_mode in the high 16 bits; a symlink could point anywhere.
  if ((host === 3 || host === 19) && mode === S_IFLNK) fail({ kind: 'symlink', entry: rawName });
  if (!name.endsWith('/') && flags & 1) fail({ kind: 'encrypted', entry: rawName });
  if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
    fail({ kind: 'zip64' });
  }
  if (localOffset + 30 > bytes.length || u32(bytes, localOffset) !== SIG_LOCAL) {
    fail({ kind: 'no-local-header', entry: rawName });
  }
  const dataStart = localOffset + 30 + u16(bytes, localOffset + 26) + u16(bytes, localOffset + 28);
  if (dataStart + compressedSize > bytes.length) fail({ kind: 'entry-truncated', entry: rawName });
  return { name, rawName, method, compressedSize, size, crc, dataStart, localOffset };
}

/** Entries whose data overlap let a small archive expand many times over: refused. */
function refuseOverlaps(records: CentralRecord[]): void {
  const byOffset = [...records].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1]!;
    if (byOffset[i]!.localOffset < prev.dataStart + prev.compressedSize) {
      fail({ kind: 'overlap', entry: byOffset[i]!.rawName });
    }
  }
}

function findEocd(b: Uint8Array): number {
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  const min = Math.max(0, b.length - 22 - 0xffff);
  for (let i = b.length - 22; i >= min; i--) {
    if (u32(b, i) === SIG_EOCD) return i;
  }
  return -1;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
